// Pages.cs — reads the pages of the shared page codec (bindings/common/fwpk_pages.c;
// byte format: bindings/common/PAGES.md) into the value types of Types.cs.
//
// One P/Invoke per enumeration page or GetBy* call (FwpkCsPage* in
// fwpk_csharp.i): the wrapper calls the fwpmk.h function, flattens the result
// into the calling thread's page buffer, frees the native block and returns the
// page's address and length.  The page is decoded here, on the same thread,
// before the next FwpkCsPage* call can reuse the buffer, into plain managed
// objects (nothing keeps a reference to the page).  The values are exactly what
// NativeConvert.Read* reads through the SWIG proxies.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Fwpk.Native;

namespace Fwpk;

/// <summary>The record kinds of a page (FWPK_PAGES_KIND).</summary>
internal enum PageKind : ushort
{
    SaContext0 = 1,
    SaContext1 = 2,
    SaDetails0 = 3,
    SaDetails1 = 4,
    Filter0 = 5,
    Session0 = 6,
}

/// <summary>A bounds-checked little-endian cursor over one page.</summary>
internal ref struct PageReader
{
    private readonly ReadOnlySpan<byte> _s;
    private int _pos;

    // The last few strings read, by their bytes' position in the page: a
    // repeated name (every SA carries a copy of its transport filter) is
    // decoded once.  Strings are immutable, so sharing them is invisible.
    private int _c0Pos, _c0Len, _c1Pos, _c1Len;
    private string? _c0, _c1;
    private int _cNext;

    public PageReader(ReadOnlySpan<byte> s)
    {
        _s = s;
        _pos = 0;
        _c0Pos = _c1Pos = -1;
        _c0Len = _c1Len = 0;
        _c0 = _c1 = null;
        _cNext = 0;
    }

    public int Position { readonly get => _pos; set => _pos = value; }

    public readonly int Length => _s.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte At(int n)
    {
        int p = _pos;
        if ((uint)n > (uint)(_s.Length - p)) Pages.Truncated();
        _pos = p + n;
        return ref Unsafe.Add(ref MemoryMarshal.GetReference(_s), p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte U8() => At(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort U16()
    {
        ushort v = Unsafe.ReadUnaligned<ushort>(ref At(2));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint U32()
    {
        uint v = Unsafe.ReadUnaligned<uint>(ref At(4));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong U64()
    {
        ulong v = Unsafe.ReadUnaligned<ulong>(ref At(8));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Opt() => At(1) != 0;

    /// <summary>GUID: Data1, Data2, Data3 little-endian, Data4 — System.Guid's own byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Guid Guid()
    {
        ref byte b = ref At(16);
        return BitConverter.IsLittleEndian
            ? Unsafe.ReadUnaligned<Guid>(ref b)
            : new Guid(MemoryMarshal.CreateReadOnlySpan(ref b, 16));
    }

    public Guid? OptGuid() => Opt() ? Guid() : null;

    /// <summary>n bytes into a new array.</summary>
    public byte[] Bytes(int n)
    {
        var r = new byte[n];
        if (n > 0) MemoryMarshal.CreateReadOnlySpan(ref At(n), n).CopyTo(r);
        return r;
    }

    /// <summary>BLOB: as Mem.Blob reads an FWP_BYTE_BLOB (data NULL: null for size 0, else empty).</summary>
    public byte[]? Blob()
    {
        uint size = U32();
        if (U8() == 0) return size == 0 ? null : Array.Empty<byte>();
        if (size > int.MaxValue) Pages.Truncated();
        return Bytes((int)size);
    }

    public byte[]? OptBlob() => Opt() ? Blob() : null;

    /// <summary>SID: OPT, u32 length, the bytes.</summary>
    public byte[]? OptSid()
    {
        if (!Opt()) return null;
        uint n = U32();
        if (n > int.MaxValue) Pages.Truncated();
        return Bytes((int)n);
    }

    /// <summary>WSTR: u32 UTF-8 length (0xFFFFFFFF = NULL), the UTF-8 bytes.</summary>
    public string? Str()
    {
        uint n = U32();
        if (n == 0xFFFFFFFFu) return null;
        if (n > int.MaxValue) Pages.Truncated();
        int len = (int)n, pos = _pos;
        var bytes = MemoryMarshal.CreateReadOnlySpan(ref At(len), len);
        if (_c0 is not null && _c0Len == len && bytes.SequenceEqual(_s.Slice(_c0Pos, len))) return _c0;
        if (_c1 is not null && _c1Len == len && bytes.SequenceEqual(_s.Slice(_c1Pos, len))) return _c1;
        string s = len == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
        if (_cNext == 0) { _c0 = s; _c0Pos = pos; _c0Len = len; _cNext = 1; }
        else { _c1 = s; _c1Pos = pos; _c1Len = len; _cNext = 0; }
        return s;
    }
}

internal static class Pages
{
    private const uint Magic = 0x47505746;   // "FWPG"
    private const ushort Version = 1;
    private const int HeaderSize = 16;

    internal static void Truncated() =>
        throw new FwpException((int)ErrorCode.StatusInternalError, "page decoder: malformed page");

    private delegate T RecordReader<T>(ref PageReader r);

    private static readonly RecordReader<SaContext> SaContext0Reader = static (ref PageReader r) => SaContext(ref r, false);
    private static readonly RecordReader<SaContext> SaContext1Reader = static (ref PageReader r) => SaContext(ref r, true);
    private static readonly RecordReader<SaDetails> SaDetails0Reader = static (ref PageReader r) => Details(ref r, false);
    private static readonly RecordReader<SaDetails> SaDetails1Reader = static (ref PageReader r) => Details(ref r, true);
    private static readonly RecordReader<Filter> FilterReader = static (ref PageReader r) => Filter(ref r);
    private static readonly RecordReader<Session> SessionReader = static (ref PageReader r) => Session(ref r);

    // ---- calls: one P/Invoke each --------------------------------------------------

    internal static List<SaContext> SaContextEnum(IntPtr engine, IntPtr enumHandle, uint count, bool v1)
    {
        int st = v1
            ? fwpkPINVOKE.FwpkCsPageSaContextEnum1(engine, enumHandle, count, out IntPtr p, out nuint n)
            : fwpkPINVOKE.FwpkCsPageSaContextEnum0(engine, enumHandle, count, out p, out n);
        if (st != 0) throw new FwpException(st, v1 ? "IPsecSaContextEnum1" : "IPsecSaContextEnum0");
        return Read(p, n, v1 ? PageKind.SaContext1 : PageKind.SaContext0, v1 ? SaContext1Reader : SaContext0Reader);
    }

    internal static List<SaDetails> SaEnum(IntPtr engine, IntPtr enumHandle, uint count, bool v1)
    {
        int st = v1
            ? fwpkPINVOKE.FwpkCsPageSaEnum1(engine, enumHandle, count, out IntPtr p, out nuint n)
            : fwpkPINVOKE.FwpkCsPageSaEnum0(engine, enumHandle, count, out p, out n);
        if (st != 0) throw new FwpException(st, v1 ? "IPsecSaEnum1" : "IPsecSaEnum0");
        return Read(p, n, v1 ? PageKind.SaDetails1 : PageKind.SaDetails0, v1 ? SaDetails1Reader : SaDetails0Reader);
    }

    internal static List<Filter> FilterEnum(IntPtr engine, IntPtr enumHandle, uint count)
    {
        int st = fwpkPINVOKE.FwpkCsPageFilterEnum0(engine, enumHandle, count, out IntPtr p, out nuint n);
        if (st != 0) throw new FwpException(st, "FwpmFilterEnum0");
        return Read(p, n, PageKind.Filter0, FilterReader);
    }

    internal static List<Session> SessionEnum(IntPtr engine, IntPtr enumHandle, uint count)
    {
        int st = fwpkPINVOKE.FwpkCsPageSessionEnum0(engine, enumHandle, count, out IntPtr p, out nuint n);
        if (st != 0) throw new FwpException(st, "FwpmSessionEnum0");
        return Read(p, n, PageKind.Session0, SessionReader);
    }

    internal static SaContext SaContextGetById(IntPtr engine, ulong id, bool v1)
    {
        int st = v1
            ? fwpkPINVOKE.FwpkCsPageSaContextGetById1(engine, id, out IntPtr p, out nuint n)
            : fwpkPINVOKE.FwpkCsPageSaContextGetById0(engine, id, out p, out n);
        if (st != 0) throw new FwpException(st, v1 ? "IPsecSaContextGetById1" : "IPsecSaContextGetById0");
        return One(Read(p, n, v1 ? PageKind.SaContext1 : PageKind.SaContext0, v1 ? SaContext1Reader : SaContext0Reader));
    }

    internal static Filter FilterGetById(IntPtr engine, ulong id)
    {
        int st = fwpkPINVOKE.FwpkCsPageFilterGetById0(engine, id, out IntPtr p, out nuint n);
        if (st != 0) throw new FwpException(st, "FwpmFilterGetById0");
        return One(Read(p, n, PageKind.Filter0, FilterReader));
    }

    internal static Filter FilterGetByKey(IntPtr engine, Guid key)
    {
        int st = fwpkPINVOKE.FwpkCsPageFilterGetByKey0(engine, ref key, out IntPtr p, out nuint n);
        if (st != 0) throw new FwpException(st, "FwpmFilterGetByKey0");
        return One(Read(p, n, PageKind.Filter0, FilterReader));
    }

    // ---- for the tests: encode a structure built in native memory, decode its page ----

    internal static List<T> EncodeAndRead<T>(PageKind kind, IntPtr entry)
    {
        int st = fwpkPINVOKE.FwpkCsPageEncode((int)kind, entry, out IntPtr p, out nuint n);
        if (st != 0) throw new FwpException(st, "fwpk_pages_encode");
        object reader = kind switch
        {
            PageKind.SaContext0 => SaContext0Reader,
            PageKind.SaContext1 => SaContext1Reader,
            PageKind.SaDetails0 => SaDetails0Reader,
            PageKind.SaDetails1 => SaDetails1Reader,
            PageKind.Filter0 => FilterReader,
            _ => SessionReader,
        };
        return Read(p, n, kind, (RecordReader<T>)reader);
    }

    private static T One<T>(List<T> list)
    {
        if (list.Count != 1) Truncated();
        return list[0];
    }

    // ---- the page -------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe List<T> Read<T>(IntPtr data, nuint length, PageKind kind, RecordReader<T> read)
    {
        if (data == IntPtr.Zero || length < HeaderSize || length > int.MaxValue) Truncated();
        var r = new PageReader(new ReadOnlySpan<byte>((void*)data, (int)length));
        if (r.U32() != Magic || r.U16() != Version || r.U16() != (ushort)kind) Truncated();
        uint count = r.U32();
        if (r.U32() != (uint)length || count > (uint)((length - HeaderSize) / 4)) Truncated();
        var list = new List<T>((int)count);
        for (uint i = 0; i < count; i++)
        {
            uint size = r.U32();
            int start = r.Position;
            if (size > (uint)(r.Length - start)) Truncated();
            if (size == 0) { Truncated(); }
            list.Add(read(ref r));
            // A newer codec may append members to a record: skip what this version does not know.
            if (r.Position - start > (int)size) Truncated();
            r.Position = start + (int)size;
        }
        return list;
    }

    // ---- records ---------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FwpValue Value(ref PageReader r, bool condition)
    {
        var v = new FwpValue { Type = (FwpDataType)(int)r.U32() };
        switch (v.Type)
        {
            case FwpDataType.UInt8: v.UInt8 = r.U8(); break;
            case FwpDataType.UInt16: v.UInt16 = r.U16(); break;
            case FwpDataType.UInt32: v.UInt32 = r.U32(); break;
            case FwpDataType.UInt64: if (r.Opt()) v.UInt64 = r.U64(); break;
            case FwpDataType.Int8: v.Int8 = (sbyte)r.U8(); break;
            case FwpDataType.Int16: v.Int16 = (short)r.U16(); break;
            case FwpDataType.Int32: v.Int32 = (int)r.U32(); break;
            case FwpDataType.Int64: if (r.Opt()) v.Int64 = (long)r.U64(); break;
            case FwpDataType.Float: v.Float32 = BitConverter.Int32BitsToSingle((int)r.U32()); break;
            case FwpDataType.Double: if (r.Opt()) v.Double64 = BitConverter.Int64BitsToDouble((long)r.U64()); break;
            case FwpDataType.ByteArray16: if (r.Opt()) v.Bytes = r.Bytes(16); break;
            case FwpDataType.ByteArray6: if (r.Opt()) v.Bytes = r.Bytes(6); break;
            case FwpDataType.BitmapArray64: if (r.Opt()) v.Bytes = r.Bytes(8); break;
            case FwpDataType.ByteBlob:
            case FwpDataType.SecurityDescriptor:
            case FwpDataType.TokenAccessInformation: v.Bytes = r.OptBlob(); break;
            case FwpDataType.Sid: v.Bytes = r.OptSid(); break;
            case FwpDataType.UnicodeString: v.UnicodeString = r.Str(); break;
            case FwpDataType.BitmapIndex: v.UInt8 = r.U8(); break;
            case FwpDataType.V4AddrMask when condition:
                if (r.Opt()) { uint addr = r.U32(); v.V4AddrMask = new(addr, r.U32()); }
                break;
            case FwpDataType.V6AddrMask when condition:
                if (r.Opt()) { var addr = r.Bytes(16); v.V6AddrMask = new(addr, r.U8()); }
                break;
            case FwpDataType.Range when condition:
                if (r.Opt()) { var low = Value(ref r, false); v.RangeValue = new(low, Value(ref r, false)); }
                break;
        }
        return v;
    }

    /// <summary>A VALUE, or null for FWP_EMPTY (a default FwpValue: the member's lazy default).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FwpValue? ValueOrDefault(ref PageReader r)
    {
        int at = r.Position;
        if (r.U32() == (uint)FwpDataType.Empty) return null;
        r.Position = at;
        return Value(ref r, false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DisplayData Display(ref PageReader r)
    {
        var name = r.Str();
        return new DisplayData(name, r.Str());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Filter Filter(ref PageReader r)
    {
        var f = new Filter(default(Uninit));
        f.FilterKey = r.Guid();
        f.DisplayData = Display(ref r);
        var flags = (FilterFlags)r.U32();
        f.Flags = flags;
        f.ProviderKey = r.OptGuid();
        f.ProviderData = r.Blob();
        f.LayerKey = r.Guid();
        f.SubLayerKey = r.Guid();
        var weight = ValueOrDefault(ref r);
        if (weight is not null) f.Weight = weight;
        uint nc = r.U32();
        if (nc > (uint)r.Length) Truncated();
        if (nc > 0)
        {
            var conditions = new List<FilterCondition>((int)nc);
            for (uint i = 0; i < nc; i++)
            {
                var key = r.Guid();
                var match = (FwpMatchType)(int)r.U32();
                conditions.Add(new FilterCondition(key, match, Value(ref r, true)));
            }
            f.FilterCondition = conditions;
        }
        var actionType = (FwpActionType)r.U32();
        f.Action = new FilterAction { Type = actionType, CalloutKey = r.Guid() };
        if ((flags & FilterFlags.HasProviderContext) != 0) f.ProviderContextKey = r.Guid();
        else f.RawContext = r.U64();
        f.Reserved = r.OptGuid();
        f.FilterId = r.U64();
        var effectiveWeight = ValueOrDefault(ref r);
        if (effectiveWeight is not null) f.EffectiveWeight = effectiveWeight;
        return f;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Session Session(ref PageReader r)
    {
        var s = new Session(default(Uninit));
        s.SessionKey = r.Guid();
        s.DisplayData = Display(ref r);
        s.Flags = (SessionFlags)r.U32();
        s.TxnWaitTimeoutInMSec = r.U32();
        s.ProcessId = r.U32();
        s.Sid = r.OptSid();
        s.Username = r.Str();
        s.KernelMode = r.U32() != 0;
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IpsecTraffic Traffic(ref PageReader r, bool v1)
    {
        var t = new IpsecTraffic();
        var ipVersion = (FwpIpVersion)(int)r.U32();
        t.IpVersion = ipVersion;
        if (ipVersion == FwpIpVersion.V6)
        {
            t.LocalV6Address = r.Bytes(16);
            t.RemoteV6Address = r.Bytes(16);
        }
        else
        {
            t.LocalV4Address = r.U32();
            t.RemoteV4Address = r.U32();   // the IPv6 addresses keep their lazy zero default
        }
        t.TrafficType = (IpsecTrafficType)(int)r.U32();
        t.IpsecFilterId = r.U64();
        t.RemotePort = r.U16();
        if (v1)
        {
            t.LocalPort = r.U16();
            t.IpProtocol = r.U8();
            t.LocalIfLuid = r.U64();
            t.RealIfProfileId = r.U32();
        }
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SaAuthInformation Auth(ref PageReader r)
    {
        var type = (IpsecAuthType)(int)r.U32();
        var config = (IpsecAuthConfig)r.U8();
        var a = new SaAuthInformation { AuthTransformId = new AuthTransformId(type, config) };
        a.CryptoModuleId = r.OptGuid();
        a.AuthKey = r.Blob();
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SaCipherInformation Cipher(ref PageReader r)
    {
        var type = (IpsecCipherType)(int)r.U32();
        var config = (IpsecCipherConfig)r.U8();
        var c = new SaCipherInformation { CipherTransformId = new CipherTransformId(type, config) };
        c.CryptoModuleId = r.OptGuid();
        c.CipherKey = r.Blob();
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Sa Sa(ref PageReader r)
    {
        var sa = new Sa { Spi = r.U32(), SaTransformType = (IpsecTransformType)(int)r.U32() };
        switch (sa.SaTransformType)
        {
            case IpsecTransformType.Ah: if (r.Opt()) sa.AhInformation = Auth(ref r); break;
            case IpsecTransformType.EspAuth: if (r.Opt()) sa.EspAuthInformation = Auth(ref r); break;
            case IpsecTransformType.EspAuthFw: if (r.Opt()) sa.EspAuthFwInformation = Auth(ref r); break;
            case IpsecTransformType.EspCipher: if (r.Opt()) sa.EspCipherInformation = Cipher(ref r); break;
            case IpsecTransformType.EspAuthAndCipher:
                if (r.Opt())
                {
                    var cipher = Cipher(ref r);
                    sa.EspAuthAndCipherInformation = new SaAuthAndCipherInformation(cipher, Auth(ref r));
                }
                break;
        }
        return sa;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IpsecId IpsecId(ref PageReader r)
    {
        var mm = r.Str();
        var em = r.Str();
        uint n = r.U32();
        if (n > (uint)r.Length) Truncated();
        var tokens = new List<IpsecToken>((int)n);
        for (uint i = 0; i < n; i++)
        {
            tokens.Add(new IpsecToken
            {
                Type = (IpsecTokenType)(int)r.U32(),
                Principal = (IpsecTokenPrincipal)(int)r.U32(),
                Mode = (IpsecTokenMode)(int)r.U32(),
                Token = r.U64(),
            });
        }
        return new IpsecId(tokens)
        {
            MmTargetName = mm,
            EmTargetName = em,
            ExplicitCredentials = r.U64(),
            LogonId = r.U64(),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SaBundle Bundle(ref PageReader r, bool v1)
    {
        var b = new SaBundle(default(Uninit));
        b.Flags = (IpsecSaBundleFlags)r.U32();
        b.Lifetime = new SaLifetime { LifetimeSeconds = r.U32(), LifetimeKilobytes = r.U32(), LifetimePackets = r.U32() };
        b.IdleTimeoutSeconds = r.U32();
        b.NdAllowClearTimeoutSeconds = r.U32();
        if (r.Opt()) b.IpsecId = IpsecId(ref r);
        b.NapContext = r.U32();
        b.QmSaId = r.U32();
        uint n = r.U32();
        if (n > (uint)r.Length) Truncated();
        var list = new List<Sa>((int)n);
        for (uint i = 0; i < n; i++) list.Add(Sa(ref r));
        b.SaList = list;
        if (r.Opt())
        {
            var key = r.Guid();
            b.KeyModuleState = new KeyModuleState { KeyModuleKey = key, StateBlob = r.Blob() };
        }
        b.IpVersion = (FwpIpVersion)(int)r.U32();
        b.PeerV4PrivateAddress = r.U32();
        b.MmSaId = r.U64();
        b.PfsGroup = (IpsecPfsGroup)(int)r.U32();
        if (v1)
        {
            b.SaLookupContext = r.Guid();
            b.QmFilterId = r.U64();
        }
        return b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static SaDetails Details(ref PageReader r, bool v1)
    {
        var d = new SaDetails(default(Uninit));
        d.IpVersion = (FwpIpVersion)(int)r.U32();
        d.SaDirection = (FwpDirection)(int)r.U32();
        d.Traffic = Traffic(ref r, v1);
        d.SaBundle = Bundle(ref r, v1);
        if (r.Opt())
        {
            ushort local = r.U16();
            d.UdpEncapsulation = new UdpEncapsulation { LocalUdpEncapPort = local, RemoteUdpEncapPort = r.U16() };
        }
        if (r.Opt()) d.TransportFilter = Filter(ref r);
        if (v1)
        {
            ulong tunnel = r.U64(), selector = r.U64();
            if ((tunnel | selector) != 0)
                d.VirtualIfTunnelInfo = new VirtualIfTunnelInfo { VirtualIfTunnelId = tunnel, TrafficSelectorId = selector };
        }
        return d;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static SaContext SaContext(ref PageReader r, bool v1)
    {
        var c = new SaContext { SaContextId = r.U64() };
        if (r.Opt()) c.InboundSa = Details(ref r, v1);
        if (r.Opt()) c.OutboundSa = Details(ref r, v1);
        return c;
    }
}
