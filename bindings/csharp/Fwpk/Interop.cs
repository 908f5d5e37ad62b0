// Interop.cs — what the SWIG-generated layer (namespace Fwpk.Native) needs
// from hand-written C#: the visitor delegate of the T** / T*** typemaps, the
// interfaces fwpk_csharp.i attaches to the v0/v1 twins of a structure, and the
// native-memory arena that input structures are built in.
using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Fwpk.Native
{
    /// <summary>
    /// Called by the wrapper once per returned entry while the native block is
    /// alive; the block is freed (FwpmFreeMemory0) when the call returns.
    /// </summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void EntryVisitor(IntPtr entry);

    /// <summary>The fields IPSEC_TRAFFIC0 and IPSEC_TRAFFIC1 share.</summary>
    public interface IIpsecTraffic
    {
        FWP_IP_VERSION ipVersion { get; set; }
        uint localV4Address { get; set; }
        byte[] localV6Address { get; set; }
        uint remoteV4Address { get; set; }
        byte[] remoteV6Address { get; set; }
        IPSEC_TRAFFIC_TYPE trafficType { get; set; }
        ulong ipsecFilterId { get; set; }
        ushort remotePort { get; set; }
    }

    /// <summary>The fields IPSEC_SA_BUNDLE0 and IPSEC_SA_BUNDLE1 share.</summary>
    public interface IIpsecSaBundle
    {
        uint flags { get; set; }
        IPSEC_SA_LIFETIME0 lifetime { get; set; }
        uint idleTimeoutSeconds { get; set; }
        uint ndAllowClearTimeoutSeconds { get; set; }
        IPSEC_ID0 ipsecId { get; set; }
        uint napContext { get; set; }
        uint qmSaId { get; set; }
        uint numSAs { get; set; }
        IPSEC_SA0 saList { get; set; }
        IPSEC_KEYMODULE_STATE0 keyModuleState { get; set; }
        FWP_IP_VERSION ipVersion { get; set; }
        uint peerV4PrivateAddress { get; set; }
        ulong mmSaId { get; set; }
        IPSEC_PFS_GROUP pfsGroup { get; set; }
    }

    /// <summary>The fields FWP_VALUE0 and FWP_CONDITION_VALUE0 share.</summary>
    public interface IFwpValue
    {
        FWP_DATA_TYPE type { get; set; }
        byte uint8 { get; set; }
        ushort uint16 { get; set; }
        uint uint32 { get; set; }
        SWIGTYPE_p_unsigned_long_long uint64 { get; set; }
        sbyte int8 { get; set; }
        short int16 { get; set; }
        int int32 { get; set; }
        SWIGTYPE_p_long_long int64 { get; set; }
        float float32 { get; set; }
        SWIGTYPE_p_double double64 { get; set; }
        FWP_BYTE_ARRAY16 byteArray16 { get; set; }
        FWP_BYTE_BLOB byteBlob { get; set; }
        SID sid { get; set; }
        FWP_BYTE_BLOB sd { get; set; }
        FWP_TOKEN_INFORMATION tokenInformation { get; set; }
        FWP_BYTE_BLOB tokenAccessInformation { get; set; }
        SWIGTYPE_p_wchar_t unicodeString { get; set; }
        FWP_BYTE_ARRAY6 byteArray6 { get; set; }
        FWP_BITMAP_ARRAY64 bitmapArray64 { get; set; }
    }

    /// <summary>
    /// Native memory for one call's input structures: every block and every
    /// SWIG-allocated proxy is released when the arena is disposed.
    /// </summary>
    internal sealed unsafe class Arena : IDisposable
    {
        private readonly List<IntPtr> _blocks = new();
        private readonly List<IDisposable> _owned = new();

        public IntPtr Alloc(nuint size)
        {
            var p = (IntPtr)NativeMemory.AllocZeroed(size == 0 ? 1 : size);
            _blocks.Add(p);
            return p;
        }

        /// <summary>Registers a proxy created with `new` (SWIG calloc) for release.</summary>
        public T Own<T>(T proxy) where T : IDisposable
        {
            _owned.Add(proxy);
            return proxy;
        }

        public SWIGTYPE_p_unsigned_char? Bytes(byte[]? data)
        {
            if (data is null) return null;
            var p = Alloc((nuint)data.Length);
            Marshal.Copy(data, 0, p, data.Length);
            return new SWIGTYPE_p_unsigned_char(p, false);
        }

        /// <summary>A NUL-terminated wchar_t (UTF-32 on Linux) copy of s, or null.</summary>
        public SWIGTYPE_p_wchar_t? WString(string? s)
        {
            if (s is null) return null;
            var bytes = Encoding.UTF32.GetBytes(s);
            var p = Alloc((nuint)bytes.Length + 4);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            return new SWIGTYPE_p_wchar_t(p, false);
        }

        public GUID? Guid(Guid? g)
        {
            if (g is null) return null;
            var p = Alloc(16);
            *(Guid*)p = g.Value;
            return new GUID(p, false);
        }

        public void Dispose()
        {
            foreach (var o in _owned) o.Dispose();
            _owned.Clear();
            foreach (var p in _blocks) NativeMemory.Free((void*)p);
            _blocks.Clear();
        }
    }

    /// <summary>Reading native memory the proxies point at.</summary>
    public static unsafe class Mem
    {
        /// <summary>s as NUL-terminated UTF-32 bytes (a Linux wchar_t string), or null.</summary>
        public static byte[]? Utf32z(string? s) => s is null ? null : Encoding.UTF32.GetBytes(s + "\0");

        internal static Guid Guid(GUID g) => *(Guid*)g.Address;
        internal static Guid? GuidOpt(GUID? g) => g is null ? null : *(Guid*)g.Address;
        internal static void SetGuid(GUID field, Guid value) => *(Guid*)field.Address = value;

        internal static string? WString(SWIGTYPE_p_wchar_t? s)
        {
            if (s is null) return null;
            var p = (int*)SWIGTYPE_p_wchar_t.getCPtr(s).Handle;
            if (p == null) return null;
            int n = 0;
            while (p[n] != 0) n++;
            return Encoding.UTF32.GetString((byte*)p, n * 4);
        }

        internal static byte[]? Blob(FWP_BYTE_BLOB? b)
        {
            if (b is null) return null;
            uint size = b.size;
            var data = b.data;
            var p = SWIGTYPE_p_unsigned_char.getCPtr(data).Handle;
            if (p == IntPtr.Zero) return size == 0 ? null : Array.Empty<byte>();
            var r = new byte[size];
            Marshal.Copy(p, r, 0, (int)size);
            return r;
        }

        internal static IntPtr Ptr(SWIGTYPE_p_unsigned_long_long? p) => SWIGTYPE_p_unsigned_long_long.getCPtr(p).Handle;
        internal static IntPtr Ptr(SWIGTYPE_p_long_long? p) => SWIGTYPE_p_long_long.getCPtr(p).Handle;
        internal static IntPtr Ptr(SWIGTYPE_p_double? p) => SWIGTYPE_p_double.getCPtr(p).Handle;

        /// <summary>Calls `call` with a visitor that copies each entry with `read`; rethrows what `read` threw.</summary>
        internal static List<T> Collect<T>(Action<EntryVisitor> call, Func<IntPtr, T> read)
        {
            var list = new List<T>();
            Exception? error = null;
            EntryVisitor visitor = p =>
            {
                if (error is not null) return;
                try { list.Add(read(p)); } catch (Exception e) { error = e; }
            };
            call(visitor);
            GC.KeepAlive(visitor);
            if (error is not null) ExceptionDispatchInfo.Throw(error);
            return list;
        }
    }
}
