// Handles.cs — the SafeHandle of engine sessions (enumerators hold their handle
// value directly: Enumerators.cs).
using System;
using System.Runtime.InteropServices;

namespace Fwpk;

/// <summary>
/// A handle value from fwpkclnt with a release function.  The raw value is kept
/// after release: fwpkclnt validates every handle through a table and never
/// reuses a value, so passing a released handle is safe and gives exactly
/// STATUS_INVALID_HANDLE, which is what a use after Dispose reports.
/// </summary>
internal abstract class FwpSafeHandle : SafeHandle
{
    internal readonly ulong Raw;

    protected FwpSafeHandle(ulong raw) : base(IntPtr.Zero, true)
    {
        Raw = raw;
        SetHandle(unchecked((IntPtr)(long)raw));
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Takes a reference (when the handle is still open) so that a concurrent
    /// Dispose (or the finalizer) cannot release it during a call, and returns
    /// the handle value; pair every call with <see cref="Release"/> in a finally block.
    /// </summary>
    internal ulong Acquire(ref bool added)
    {
        try { DangerousAddRef(ref added); } catch (ObjectDisposedException) { }
        return Raw;
    }

    internal void Release(bool added)
    {
        if (added) DangerousRelease();
    }

    /// <summary>The native release function; returns its status.</summary>
    internal abstract int ReleaseNative();

    protected override bool ReleaseHandle()
    {
        ReleaseNative();
        return true;
    }

    /// <summary>
    /// Releases now and reports the native status: a second call (or a call
    /// after Dispose) gives STATUS_INVALID_HANDLE.
    /// </summary>
    internal void ReleaseOrThrow(string function)
    {
        SetHandleAsInvalid();
        int status = ReleaseNative();
        if (status != 0) throw new FwpException(status, function);
    }
}

internal sealed class EngineSafeHandle : FwpSafeHandle
{
    internal EngineSafeHandle(ulong raw) : base(raw) { }

    internal override int ReleaseNative() => Native.Shim.FwpmEngineClose0(Raw);
}
