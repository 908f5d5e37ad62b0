// Handles.cs — SafeHandles for engine sessions and enumerators.
using System;
using System.Runtime.InteropServices;
using Fwpk.Native;

namespace Fwpk;

/// <summary>
/// A handle value from fwpkclnt with a release function.  The raw value is kept
/// after release: fwpkclnt validates every handle through a table and never
/// reuses a value, so passing a released handle is safe and gives exactly
/// STATUS_INVALID_HANDLE, which is what a use after Dispose reports.
/// </summary>
internal abstract class FwpSafeHandle : SafeHandle
{
    internal readonly IntPtr Raw;

    protected FwpSafeHandle(IntPtr raw) : base(IntPtr.Zero, true)
    {
        Raw = raw;
        SetHandle(raw);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Runs f with the handle value, holding a reference so that a
    /// concurrent Dispose (or the finalizer) cannot release it during the call.</summary>
    internal T Use<T>(Func<IntPtr, T> f)
    {
        bool added = false;
        try
        {
            try { DangerousAddRef(ref added); } catch (ObjectDisposedException) { }
            return f(Raw);
        }
        finally
        {
            if (added) DangerousRelease();
        }
    }

    internal void Use(Action<IntPtr> f) => Use<bool>(h => { f(h); return true; });

    /// <summary>
    /// The allocation-free form of <see cref="Use{T}"/>: takes a reference (when
    /// the handle is still open) and returns the handle value; pair every call
    /// with <see cref="Release"/> in a finally block.
    /// </summary>
    internal IntPtr Acquire(ref bool added)
    {
        try { DangerousAddRef(ref added); } catch (ObjectDisposedException) { }
        return Raw;
    }

    internal void Release(bool added)
    {
        if (added) DangerousRelease();
    }

    /// <summary>The native release function; returns its status.</summary>
    internal abstract int ReleaseNative(IntPtr h);

    protected override bool ReleaseHandle()
    {
        ReleaseNative(handle);
        return true;
    }

    /// <summary>
    /// Releases now and reports the native status: a second call (or a call
    /// after Dispose) gives STATUS_INVALID_HANDLE.
    /// </summary>
    internal void ReleaseOrThrow(string function)
    {
        SetHandleAsInvalid();
        int status = ReleaseNative(Raw);
        if (status != 0) throw new FwpException(status, function);
    }
}

internal sealed class EngineSafeHandle : FwpSafeHandle
{
    internal EngineSafeHandle(IntPtr raw) : base(raw) { }

    internal override int ReleaseNative(IntPtr h) => fwpkPINVOKE.FwpmEngineClose0(h);
}

internal enum EnumKind { Session, Filter, SaContext, Sa }

/// <summary>An enumeration handle; its release destroys it in the owning session.</summary>
internal sealed class EnumSafeHandle : FwpSafeHandle
{
    private readonly IntPtr _engine;
    private readonly EnumKind _kind;

    internal EnumSafeHandle(IntPtr engine, IntPtr raw, EnumKind kind) : base(raw)
    {
        _engine = engine;
        _kind = kind;
    }

    internal string DestroyFunction => _kind switch
    {
        EnumKind.Session => "FwpmSessionDestroyEnumHandle0",
        EnumKind.Filter => "FwpmFilterDestroyEnumHandle0",
        EnumKind.SaContext => "IPsecSaContextDestroyEnumHandle0",
        _ => "IPsecSaDestroyEnumHandle0",
    };

    // After the session closed, the enumerator is already gone: the call then
    // returns STATUS_INVALID_HANDLE, which Dispose ignores.
    internal override int ReleaseNative(IntPtr h) => _kind switch
    {
        EnumKind.Session => fwpkPINVOKE.FwpmSessionDestroyEnumHandle0(_engine, h),
        EnumKind.Filter => fwpkPINVOKE.FwpmFilterDestroyEnumHandle0(_engine, h),
        EnumKind.SaContext => fwpkPINVOKE.IPsecSaContextDestroyEnumHandle0(_engine, h),
        _ => fwpkPINVOKE.IPsecSaDestroyEnumHandle0(_engine, h),
    };
}
