// Native.cs — what the generated P/Invokes (Fwpk.Native.Shim, one per
// fwpkx_* shim of bindings/gen/WIRE.md) need by hand: the library name, the
// output buffer fwpk_buf, and the version functions the shims do not wrap.
using System;
using System.Runtime.InteropServices;

namespace Fwpk.Native;

public static unsafe partial class Shim
{
    /// <summary>libfwpkclnt_cs.so: the generated shims and codec, linked to libfwpkclnt.so.</summary>
    internal const string Lib = "fwpkclnt_cs";

    [DllImport(Lib, EntryPoint = "fwpk_buf_free")]
    internal static extern void BufFree(FwpkBuf* buf);
}

/// <summary>
/// fwpk_buf (fwpk_shims.h): a result page written by a shim.  NULL grow: the
/// shim reallocs the data, released with fwpk_buf_free.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FwpkBuf
{
    public byte* Data;
    public nuint Len;
    public nuint Cap;
    public IntPtr Grow;
    public IntPtr Ctx;

    /// <summary>A managed copy of the page (the views of its records keep it).</summary>
    public readonly byte[] ToArray()
    {
        var a = GC.AllocateUninitializedArray<byte>(checked((int)Len));
        new ReadOnlySpan<byte>(Data, a.Length).CopyTo(a);
        return a;
    }

    public void Free()
    {
        if (Data == null) return;
        fixed (FwpkBuf* p = &this) Shim.BufFree(p);
    }

    private const int Keep = 4 << 20;

    [ThreadStatic] private static FwpkBuf* _thread;

    /// <summary>
    /// The calling thread's result buffer: every shim resets its length, so one
    /// realloc-grown buffer serves all the thread's calls (the data is copied
    /// out before the next call).  It lives as long as the thread.
    /// </summary>
    internal static FwpkBuf* ForThread()
    {
        var b = _thread;
        if (b == null) _thread = b = (FwpkBuf*)NativeMemory.AllocZeroed((nuint)sizeof(FwpkBuf));
        return b;
    }

    /// <summary>After a call: forget the page, and drop a buffer grown over 4 MiB.</summary>
    internal void Trim()
    {
        Len = 0;
        if (Cap > Keep) Free();
    }
}

/// <summary>The functions of libfwpkclnt.so that are not shims (bound by hand).</summary>
public static class Lib
{
    [DllImport("fwpkclnt", EntryPoint = "FwpkLibVersion")]
    private static extern IntPtr FwpkLibVersion();

    [DllImport("fwpkclnt", EntryPoint = "FwpkLibVersionNumber")]
    public static extern int FwpkLibVersionNumber();

    /// <summary>FwpkLibVersion() as a string.</summary>
    public static string Version() => Marshal.PtrToStringUTF8(FwpkLibVersion()) ?? "";
}
