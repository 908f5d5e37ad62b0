// Handles.cs — the SafeHandle of engine sessions, the handle of enumerators.
using System;
using System.Runtime.InteropServices;
using System.Threading;

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

/// <summary>
/// An enumeration handle; Dispose destroys it in the owning session (once).
/// Not a SafeHandle: a finalizable object per enumerator made a create +
/// dispose pair cost about three times C's.  The safety net for an enumerator
/// that is never disposed is its session's: FwpmEngineClose0 destroys the
/// session's enumeration handles, and the engine's SafeHandle calls it when
/// the Engine is disposed or finalized (the enumerator keeps its Engine alive).
/// No reference counting either: the library validates handles through a
/// table and never reuses a value, so a call racing with Dispose gets
/// STATUS_INVALID_HANDLE at worst.
/// </summary>
internal sealed class EnumHandle
{
    private readonly ulong _engine;
    private int _closed;
    internal readonly ulong Raw;

    internal EnumHandle(ulong engine, ulong raw, string destroyFunction)
    {
        _engine = engine;
        Raw = raw;
        DestroyFunction = destroyFunction;
    }

    internal string DestroyFunction { get; }

    internal bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Destroys the handle once; later calls do nothing.  After the
    /// session closed the call returns STATUS_INVALID_HANDLE, which is ignored.</summary>
    internal void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) Native.Shim.DestroyEnumHandle(DestroyFunction, _engine, Raw);
    }

    /// <summary>Destroys now and reports the native status: a second call (or
    /// a call after Dispose or after the session closed) gives STATUS_INVALID_HANDLE.</summary>
    internal void ReleaseOrThrow(string function)
    {
        Volatile.Write(ref _closed, 1);
        int status = Native.Shim.DestroyEnumHandle(DestroyFunction, _engine, Raw);
        if (status != 0) throw new FwpException(status, function);
    }
}
