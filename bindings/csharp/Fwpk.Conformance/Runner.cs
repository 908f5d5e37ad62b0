// Runner.cs — the C# conformance runner (tests/conformance/FORMAT.md):
//
//   dotnet Fwpk.Conformance.dll <scenario-dir> <trace-out-dir>
//
// Scenarios pass NULL pointers, forged handles, lying counts and invalid enum
// values, which the idiomatic Fwpk API forbids by construction, so the runner
// drives the library through the binding's low-level layer Fwpk.Native (the
// SWIG-generated classes and typemaps: one-element arrays for out-scalars,
// EntryVisitor for returned blocks, FwpException for failures).  Input
// structures are built in native memory with the SWIG proxies, exactly as
// the C runner builds them; results are read through the proxies.
// FwpmFreeMemory0 is not part of any C# API: its steps print "-" without a call
// (the binding frees every block inside the wrapper).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Fwpk;
using Fwpk.Native;

namespace Fwpk.Conformance;

internal sealed class RunnerError : Exception
{
    public RunnerError(string m) : base(m) { }
}

internal static unsafe class Runner
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv(string name);

    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Fwpk.Conformance <scenario-dir> <trace-out-dir>");
            return 2;
        }
        if (getenv("FWPKCLNT_EXPIRE_DELAY_MS") == IntPtr.Zero) setenv("FWPKCLNT_EXPIRE_DELAY_MS", "500", 1);
        string[] files;
        try
        {
            files = Directory.GetFiles(args[0], "*.scn").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
            Directory.CreateDirectory(args[1]);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"runner: {e.Message}");
            return 1;
        }
        foreach (var f in files)
        {
            var name = Path.GetFileNameWithoutExtension(f);
            var trace = new Scenario().Run(f);
            File.WriteAllText(Path.Combine(args[1], name + ".trace"), trace, new UTF8Encoding(false));
        }
        Scenario.CloseAll();
        return 0;
    }
}

internal sealed unsafe class Scenario
{
    private enum VK { Handle = 1, Filter, Ctx, Spi }

    private static readonly List<IntPtr> OpenHandles = new();
    private static uint _baseAdded, _baseDeleted;
    private static readonly IntPtr Forged = unchecked((IntPtr)0x4242424242424242);
    private static readonly nuint SizeOfSa = (nuint)fwpk.FwpkCsSizeOfSa0();
    private static readonly nuint SizeOfCond = (nuint)fwpk.FwpkCsSizeOfFilterCondition0();

    private readonly Arena _a = new();
    private readonly List<(string name, VK kind, ulong val)> _vars = new();
    private readonly Dictionary<string, (string kind, object p)> _decls = new();
    private readonly List<Guid> _lits = new();

    // ---------------------------------------------------------------- names

    private static readonly (string, ulong)[] TIpv = { ("V4", 0), ("V6", 1), ("NONE", 2) };
    private static readonly (string, ulong)[] TDir = { ("OUT", 0), ("IN", 1) };
    private static readonly (string, ulong)[] TTtype = { ("TRANSPORT", 0), ("TUNNEL", 1) };
    private static readonly (string, ulong)[] TXform = { ("AH", 1), ("ESP_AUTH", 2), ("ESP_CIPHER", 3), ("ESP_AUTH_AND_CIPHER", 4), ("ESP_AUTH_FW", 5) };
    private static readonly (string, ulong)[] TAuth = { ("MD5", 0), ("SHA_1", 1), ("SHA_256", 2), ("AES_128", 3), ("AES_192", 4), ("AES_256", 5) };
    private static readonly (string, ulong)[] TAuthCfg = { ("HMAC_MD5_96", 0), ("HMAC_SHA_1_96", 1), ("HMAC_SHA_256_128", 2), ("GCM_AES_128", 3), ("GCM_AES_192", 4), ("GCM_AES_256", 5) };
    private static readonly (string, ulong)[] TCipher = { ("DES", 1), ("3DES", 2), ("AES_128", 3), ("AES_192", 4), ("AES_256", 5) };
    private static readonly (string, ulong)[] TCipherCfg = { ("CBC_DES", 1), ("CBC_3DES", 2), ("CBC_AES_128", 3), ("CBC_AES_192", 4), ("CBC_AES_256", 5), ("GCM_AES_128", 6), ("GCM_AES_192", 7), ("GCM_AES_256", 8) };
    private static readonly (string, ulong)[] TMatch = { ("EQUAL", 0), ("GREATER", 1), ("LESS", 2), ("GREATER_OR_EQUAL", 3), ("LESS_OR_EQUAL", 4), ("RANGE", 5), ("FLAGS_ALL_SET", 6), ("FLAGS_ANY_SET", 7), ("FLAGS_NONE_SET", 8), ("EQUAL_CASE_INSENSITIVE", 9), ("NOT_EQUAL", 10), ("PREFIX", 11), ("NOT_PREFIX", 12) };
    private static readonly (string, ulong)[] TAction =
    {
        ("BLOCK", (ulong)FwpActionType.Block), ("PERMIT", (ulong)FwpActionType.Permit), ("CALLOUT_TERMINATING", (ulong)FwpActionType.CalloutTerminating),
        ("CALLOUT_INSPECTION", (ulong)FwpActionType.CalloutInspection), ("CALLOUT_UNKNOWN", (ulong)FwpActionType.CalloutUnknown),
    };
    private static readonly (string, ulong)[] TEnumType = { ("FULLY_CONTAINED", 0), ("OVERLAPPING", 1) };

    private static readonly (string, Guid)[] TLayer =
    {
        ("INBOUND_TRANSPORT_V4", FwpmGuids.LayerInboundTransportV4), ("INBOUND_TRANSPORT_V6", FwpmGuids.LayerInboundTransportV6),
        ("OUTBOUND_TRANSPORT_V4", FwpmGuids.LayerOutboundTransportV4), ("OUTBOUND_TRANSPORT_V6", FwpmGuids.LayerOutboundTransportV6),
        ("IPSEC_V4", FwpmGuids.LayerIpsecV4), ("IPSEC_V6", FwpmGuids.LayerIpsecV6), ("IKEEXT_V4", FwpmGuids.LayerIkeextV4), ("IKEEXT_V6", FwpmGuids.LayerIkeextV6),
    };
    private static readonly (string, Guid)[] TCallout =
    {
        ("IPSEC_INBOUND_TRANSPORT_V4", FwpmGuids.CalloutIpsecInboundTransportV4), ("IPSEC_INBOUND_TRANSPORT_V6", FwpmGuids.CalloutIpsecInboundTransportV6),
        ("IPSEC_OUTBOUND_TRANSPORT_V4", FwpmGuids.CalloutIpsecOutboundTransportV4), ("IPSEC_OUTBOUND_TRANSPORT_V6", FwpmGuids.CalloutIpsecOutboundTransportV6),
        ("IPSEC_INBOUND_TUNNEL_V4", FwpmGuids.CalloutIpsecInboundTunnelV4), ("IPSEC_INBOUND_TUNNEL_V6", FwpmGuids.CalloutIpsecInboundTunnelV6),
        ("IPSEC_OUTBOUND_TUNNEL_V4", FwpmGuids.CalloutIpsecOutboundTunnelV4), ("IPSEC_OUTBOUND_TUNNEL_V6", FwpmGuids.CalloutIpsecOutboundTunnelV6),
    };
    private static readonly (string, Guid)[] TField =
    {
        ("local_addr", FwpmGuids.ConditionIpLocalAddress), ("remote_addr", FwpmGuids.ConditionIpRemoteAddress),
        ("local_port", FwpmGuids.ConditionIpLocalPort), ("remote_port", FwpmGuids.ConditionIpRemotePort), ("protocol", FwpmGuids.ConditionIpProtocol),
    };

    private static RunnerError Err(string m) => new(m);

    private static ulong Num(string s)
    {
        ulong v;
        bool ok = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v)
            : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        if (!ok) throw Err($"bad number '{s}'");
        return v;
    }

    private static ulong Named((string, ulong)[] t, string s)
    {
        foreach (var (n, v) in t) if (n == s) return v;
        return Num(s);
    }

    private static string PrintNamed((string, ulong)[] t, ulong v)
    {
        foreach (var (n, x) in t) if (x == v) return n;
        return v.ToString(CultureInfo.InvariantCulture);
    }

    private static Guid ParseGuidBody(string s)
    {
        if (s.Length != 36 || !Guid.TryParseExact(s, "D", out var g)) throw Err($"bad guid '{s}'");
        return g;
    }

    private static Guid ParseGuid(string s)
    {
        if (s == "zero") return Guid.Empty;
        if (!s.StartsWith("guid:", StringComparison.Ordinal)) throw Err($"bad guid '{s}'");
        return ParseGuidBody(s.Substring(5));
    }

    private static Guid GuidNamed((string, Guid)[] t, string s)
    {
        foreach (var (n, g) in t) if (n == s) return g;
        return ParseGuid(s);
    }

    private static uint ParseV4(string s)
    {
        if (!IPAddress.TryParse(s, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || s.Count(c => c == '.') != 3)
            throw Err($"bad v4 '{s}'");
        var b = ip.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static byte[] ParseV6(string s)
    {
        if (!IPAddress.TryParse(s, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) throw Err($"bad v6 '{s}'");
        return ip.GetAddressBytes();
    }

    private static uint PrefixMask(uint p) => p == 0 ? 0 : 0xFFFFFFFFu << (int)(32 - p);

    private void ParseBlob(string s, FWP_BYTE_BLOB b)
    {
        b.size = 0;
        b.data = null;
        if (s == "empty") return;
        if (s.StartsWith("null:", StringComparison.Ordinal)) { b.size = (uint)Num(s.Substring(5)); return; }
        if (s.Length % 2 != 0) throw Err($"odd hex '{s}'");
        byte[] data;
        try { data = Convert.FromHexString(s); } catch (FormatException) { throw Err($"bad hex '{s}'"); }
        b.size = (uint)data.Length;
        var p = _a.Alloc((nuint)data.Length + 1);
        Marshal.Copy(data, 0, p, data.Length);
        b.data = new SWIGTYPE_p_unsigned_char(p, false);
    }

    // ---------------------------------------------------------------- variables

    private void Bind(string name, VK kind, ulong v)
    {
        int i = _vars.FindIndex(x => x.name == name);
        if (i < 0) _vars.Add((name, kind, v));
        else _vars[i] = (name, kind, v);
    }

    private ulong VarVal(string s)
    {
        int i = _vars.FindIndex(x => x.name == s);
        if (i < 0) throw Err($"unbound {s}");
        return _vars[i].val;
    }

    private ulong IdVal(string s) => s.StartsWith('$') ? VarVal(s) : Num(s);

    private IntPtr HVal(string s)
    {
        if (s == "null") return IntPtr.Zero;
        if (s == "forged") return Forged;
        if (!s.StartsWith('$')) throw Err($"bad handle '{s}'");
        return (IntPtr)(long)VarVal(s);
    }

    private string PrintId(VK kind, ulong v)
    {
        if (v == 0) return "0";
        foreach (var x in _vars) if (x.kind == kind && x.val == v) return x.name;
        return kind == VK.Spi ? v.ToString(CultureInfo.InvariantCulture) : "?";
    }

    private string PrintKey(Guid g)
    {
        if (g == Guid.Empty) return "zero";
        return _lits.Contains(g) ? "guid:" + g.ToString("D") : "gen";
    }

    private string PrintGuidNamed((string, Guid)[] t, Guid g)
    {
        foreach (var (n, x) in t) if (x == g) return n;
        return PrintKey(g);
    }

    private static Guid G(GUID g) => *(Guid*)g.Address;
    private static void SetG(GUID field, Guid v) => *(Guid*)field.Address = v;

    private GUID NewGuid(Guid v)
    {
        var p = _a.Alloc(16);
        *(Guid*)p = v;
        return new GUID(p, false);
    }

    // ---------------------------------------------------------------- args

    private sealed class Args
    {
        public readonly List<(string k, string v)> Items = new();
        private readonly HashSet<int> _used = new();

        public string? Get(string k)
        {
            for (int i = 0; i < Items.Count; i++)
                if (Items[i].k == k) { _used.Add(i); return Items[i].v; }
            return null;
        }

        public string Req(string k) => Get(k) ?? throw Err($"missing {k}=");
        public bool Is(string k, string v) => Get(k) == v;

        public void CheckUsed()
        {
            for (int i = 0; i < Items.Count; i++)
                if (!_used.Contains(i)) throw Err($"unknown key {Items[i].k}");
        }
    }

    private T DeclGet<T>(string name, string kind) where T : class
    {
        if (!_decls.TryGetValue(name, out var d)) throw Err($"unknown declaration {name}");
        if (d.kind != kind) throw Err($"declaration {name} has wrong kind");
        return (T)d.p;
    }

    private T? DeclOpt<T>(string? v, string kind) where T : class =>
        v is null || v == "null" ? null : DeclGet<T>(v, kind);

    private T New<T>(T proxy) where T : IDisposable => _a.Own(proxy);

    // ---------------------------------------------------------------- values

    private void ParseCValue(string s, FWP_CONDITION_VALUE0 cv)
    {
        cv.type = FWP_DATA_TYPE.FWP_EMPTY;
        cv.uint64 = null; // clears the union's pointer slot
        if (s == "empty") return;
        int colon = s.IndexOf(':');
        if (colon < 0) throw Err($"bad value '{s}'");
        string kind = s.Substring(0, colon), v = s.Substring(colon + 1);
        switch (kind)
        {
            case "u8": cv.type = FWP_DATA_TYPE.FWP_UINT8; cv.uint8 = (byte)Num(v); break;
            case "u16": cv.type = FWP_DATA_TYPE.FWP_UINT16; cv.uint16 = (ushort)Num(v); break;
            case "u32": cv.type = FWP_DATA_TYPE.FWP_UINT32; cv.uint32 = (uint)Num(v); break;
            case "u64":
                {
                    cv.type = FWP_DATA_TYPE.FWP_UINT64;
                    var p = _a.Alloc(8);
                    *(ulong*)p = Num(v);
                    cv.uint64 = new SWIGTYPE_p_unsigned_long_long(p, false);
                    break;
                }
            case "v4": cv.type = FWP_DATA_TYPE.FWP_UINT32; cv.uint32 = ParseV4(v); break;
            case "v6":
                {
                    cv.type = FWP_DATA_TYPE.FWP_BYTE_ARRAY16_TYPE;
                    var b = New(new FWP_BYTE_ARRAY16());
                    b.byteArray16 = ParseV6(v);
                    cv.byteArray16 = b;
                    break;
                }
            case "v4mask":
            case "v6mask":
                {
                    int sl = v.LastIndexOf('/');
                    if (sl < 0) throw Err($"bad mask '{s}'");
                    string addr = v.Substring(0, sl), m = v.Substring(sl + 1);
                    if (kind == "v4mask")
                    {
                        cv.type = FWP_DATA_TYPE.FWP_V4_ADDR_MASK;
                        var am = New(new FWP_V4_ADDR_AND_MASK());
                        am.addr = ParseV4(addr);
                        if (m.Contains('.')) am.mask = ParseV4(m);
                        else
                        {
                            ulong p = Num(m);
                            if (p > 32) throw Err($"bad prefix '{s}'");
                            am.mask = PrefixMask((uint)p);
                        }
                        cv.v4AddrMask = am;
                    }
                    else
                    {
                        cv.type = FWP_DATA_TYPE.FWP_V6_ADDR_MASK;
                        var am = New(new FWP_V6_ADDR_AND_MASK());
                        am.addr = ParseV6(addr);
                        am.prefixLength = (byte)Num(m);
                        cv.v6AddrMask = am;
                    }
                    break;
                }
            case "range":
                {
                    int dd = v.IndexOf("..", StringComparison.Ordinal);
                    if (dd < 0) throw Err($"bad range '{s}'");
                    cv.type = FWP_DATA_TYPE.FWP_RANGE_TYPE;
                    var r = New(new FWP_RANGE0());
                    ParseValue0(v.Substring(0, dd), r.valueLow);
                    ParseValue0(v.Substring(dd + 2), r.valueHigh);
                    cv.rangeValue = r;
                    break;
                }
            case "null":
                cv.type = v switch
                {
                    "u64" => FWP_DATA_TYPE.FWP_UINT64,
                    "v6" => FWP_DATA_TYPE.FWP_BYTE_ARRAY16_TYPE,
                    "v4mask" => FWP_DATA_TYPE.FWP_V4_ADDR_MASK,
                    "v6mask" => FWP_DATA_TYPE.FWP_V6_ADDR_MASK,
                    "range" => FWP_DATA_TYPE.FWP_RANGE_TYPE,
                    _ => throw Err($"bad null kind '{s}'"),
                };
                break;
            case "type": cv.type = (FWP_DATA_TYPE)(int)(uint)Num(v); break;
            default: throw Err($"bad value kind '{s}'");
        }
    }

    /// <summary>FWP_VALUE0 from the condition-value form: the type and the union's 8 bytes.</summary>
    private void ParseValue0(string s, FWP_VALUE0 v)
    {
        var cv = New(new FWP_CONDITION_VALUE0());
        ParseCValue(s, cv);
        v.type = cv.type;
        v.uint64 = cv.uint64; // copies the whole 8-byte union slot
    }

    private static string V4(uint a) => $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
    private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
    private static string Hex(IntPtr p, int n)
    {
        var b = new byte[n];
        Marshal.Copy(p, b, 0, n);
        return Hex(b);
    }

    private static string PrintBlob(FWP_BYTE_BLOB bl)
    {
        uint size = bl.size;
        if (size == 0) return "empty";
        var p = SWIGTYPE_p_unsigned_char.getCPtr(bl.data).Handle;
        if (p == IntPtr.Zero) return $"null:{size}";
        return Hex(p, (int)size);
    }

    private static string PrintCValue(IFwpValue v, FWP_CONDITION_VALUE0? cv, bool isAddr)
    {
        uint type = (uint)(int)v.type;
        switch (type)
        {
            case 0: return "empty";
            case 1: return $"u8:{v.uint8}";
            case 2: return $"u16:{v.uint16}";
            case 3: return isAddr ? "v4:" + V4(v.uint32) : $"u32:{v.uint32}";
            case 4:
                {
                    var p = SWIGTYPE_p_unsigned_long_long.getCPtr(v.uint64).Handle;
                    return p == IntPtr.Zero ? "null:u64" : $"u64:{*(ulong*)p}";
                }
            case 11:
                {
                    var b = v.byteArray16;
                    return b is null ? "null:v6" : "v6:" + Hex(b.byteArray16);
                }
        }
        if (cv is null) return $"type:{type}";
        switch (type)
        {
            case 0x100:
                {
                    var m = cv.v4AddrMask;
                    return m is null ? "null:v4mask" : $"v4mask:{V4(m.addr)}/{V4(m.mask)}";
                }
            case 0x101:
                {
                    var m = cv.v6AddrMask;
                    return m is null ? "null:v6mask" : $"v6mask:{Hex(m.addr)}/{m.prefixLength}";
                }
            case 0x102:
                {
                    var r = cv.rangeValue;
                    return r is null ? "null:range" : $"range:{PrintValue0(r.valueLow, isAddr)}..{PrintValue0(r.valueHigh, isAddr)}";
                }
            default: return $"type:{type}";
        }
    }

    private static string PrintValue0(FWP_VALUE0 v, bool isAddr)
    {
        uint type = (uint)(int)v.type;
        if (type > 0xff) return $"type:{type}";
        return PrintCValue(v, null, isAddr);
    }

    // ---------------------------------------------------------------- declarations

    private FWPM_FILTER_CONDITION0? BuildConds(Args a, out uint count)
    {
        string? c = a.Get("conds"), nc = a.Get("ncond");
        FWPM_FILTER_CONDITION0? arr = null;
        uint n = 0;
        if (c is not null && c != "null" && c != "none")
        {
            var list = c.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => DeclGet<FWPM_FILTER_CONDITION0>(t, "cond")).ToList();
            n = (uint)list.Count;
            var p = _a.Alloc(SizeOfCond * (nuint)Math.Max(1, list.Count));
            for (int i = 0; i < list.Count; i++)
                Buffer.MemoryCopy((void*)list[i].Address, (void*)(p + (nint)((nuint)i * SizeOfCond)), SizeOfCond, SizeOfCond);
            arr = new FWPM_FILTER_CONDITION0(p, false);
        }
        if (nc is not null) n = (uint)Num(nc);
        count = n;
        return arr;
    }

    private void DeclCond(string name, Args a)
    {
        var c = New(new FWPM_FILTER_CONDITION0());
        SetG(c.fieldKey, GuidNamed(TField, a.Req("field")));
        c.matchType = (FWP_MATCH_TYPE)(int)(uint)Named(TMatch, a.Req("match"));
        ParseCValue(a.Req("value"), c.conditionValue);
        _decls[name] = ("cond", c);
    }

    private SWIGTYPE_p_wchar_t WStr(string s)
    {
        var bytes = Mem.Utf32z(s)!;
        var p = _a.Alloc((nuint)bytes.Length);
        Marshal.Copy(bytes, 0, p, bytes.Length);
        return new SWIGTYPE_p_wchar_t(p, false);
    }

    private void DeclFilter(string name, Args a)
    {
        var f = New(new FWPM_FILTER0());
        string? v;
        SetG(f.layerKey, GuidNamed(TLayer, a.Req("layer")));
        var act = f.action;
        act.type = (uint)Named(TAction, a.Req("action"));
        if ((v = a.Get("callout")) is not null) SetG(act.calloutKey, GuidNamed(TCallout, v));
        f.filterCondition = BuildConds(a, out uint n);
        f.numFilterConditions = n;
        v = a.Get("name");
        f.displayData.name = v is null ? WStr(name) : v != "null" ? WStr(v) : null;
        if ((v = a.Get("flags")) is not null) f.flags = (uint)Num(v);
        f.weight.type = FWP_DATA_TYPE.FWP_EMPTY;
        if ((v = a.Get("weight")) is not null) ParseValue0(v, f.weight);
        if ((v = a.Get("key")) is not null) SetG(f.filterKey, ParseGuid(v));
        if ((v = a.Get("sublayer")) is not null) SetG(f.subLayerKey, v == "UNIVERSAL" ? FwpmGuids.SublayerUniversal : ParseGuid(v));
        if ((v = a.Get("provider")) is not null) f.providerKey = NewGuid(ParseGuid(v));
        if ((v = a.Get("pdata")) is not null) ParseBlob(v, f.providerData);
        if ((v = a.Get("reserved")) is not null) { if (v != "set") throw Err("reserved=set"); f.reserved = NewGuid(Guid.Empty); }
        _decls[name] = ("filter", f);
    }

    private void DeclFtmpl(string name, Args a)
    {
        var t = New(new FWPM_FILTER_ENUM_TEMPLATE0());
        string? v;
        if ((v = a.Get("layer")) is not null) SetG(t.layerKey, GuidNamed(TLayer, v));
        t.enumType = FWP_FILTER_ENUM_TYPE.FWP_FILTER_ENUM_FULLY_CONTAINED;
        if ((v = a.Get("enumtype")) is not null) t.enumType = (FWP_FILTER_ENUM_TYPE)(int)(uint)Named(TEnumType, v);
        if ((v = a.Get("flags")) is not null) t.flags = (uint)Num(v);
        t.filterCondition = BuildConds(a, out uint n);
        t.numFilterConditions = n;
        t.actionMask = 0xFFFFFFFF;
        if ((v = a.Get("actionmask")) is not null) t.actionMask = (uint)Num(v);
        if ((v = a.Get("callout")) is not null) t.calloutKey = NewGuid(GuidNamed(TCallout, v));
        if ((v = a.Get("provider")) is not null) t.providerKey = NewGuid(ParseGuid(v));
        if ((v = a.Get("pctx")) is not null)
        {
            if (v != "set") throw Err("pctx=set");
            t.providerContextTemplate = New(new FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0());
        }
        _decls[name] = ("ftmpl", t);
    }

    private void DeclTraffic(string name, Args a)
    {
        var t = New(new IPSEC_TRAFFIC1());
        string? v;
        t.ipVersion = (FWP_IP_VERSION)(int)(uint)Named(TIpv, a.Req("v"));
        if ((v = a.Get("type")) is not null) t.trafficType = (IPSEC_TRAFFIC_TYPE)(int)(uint)Named(TTtype, v);
        bool v6 = t.ipVersion == FWP_IP_VERSION.FWP_IP_VERSION_V6;
        if ((v = a.Get("local")) is not null) { if (v6) t.localV6Address = ParseV6(v); else t.localV4Address = ParseV4(v); }
        if ((v = a.Get("remote")) is not null) { if (v6) t.remoteV6Address = ParseV6(v); else t.remoteV4Address = ParseV4(v); }
        if ((v = a.Get("filter")) is not null) t.ipsecFilterId = IdVal(v);
        if ((v = a.Get("policy")) is not null) t.tunnelPolicyId = IdVal(v);
        if ((v = a.Get("rport")) is not null) t.remotePort = (ushort)Num(v);
        if ((v = a.Get("lport")) is not null) t.localPort = (ushort)Num(v);
        if ((v = a.Get("proto")) is not null) t.ipProtocol = (byte)Num(v);
        if ((v = a.Get("luid")) is not null) t.localIfLuid = Num(v);
        if ((v = a.Get("profile")) is not null) t.realIfProfileId = (uint)Num(v);
        _decls[name] = ("traffic", t);
    }

    private static void Traffic1To0(IPSEC_TRAFFIC1 t1, IPSEC_TRAFFIC0 t0)
    {
        t0.ipVersion = t1.ipVersion;
        t0.localV6Address = t1.localV6Address;
        t0.remoteV6Address = t1.remoteV6Address;
        t0.trafficType = t1.trafficType;
        t0.ipsecFilterId = t1.ipsecFilterId;
        t0.remotePort = t1.remotePort;
    }

    private IPSEC_V4_UDP_ENCAPSULATION0? ParseUdp(string? v)
    {
        if (v is null || v == "null") return null;
        var parts = v.Split(':');
        if (parts.Length != 2 || !uint.TryParse(parts[0], out uint l) || !uint.TryParse(parts[1], out uint r)) throw Err($"bad udp '{v}'");
        var u = New(new IPSEC_V4_UDP_ENCAPSULATION0());
        u.localUdpEncapPort = (ushort)l;
        u.remoteUdpEncapPort = (ushort)r;
        return u;
    }

    private void DeclGetSpi(string name, Args a)
    {
        var g = New(new IPSEC_GETSPI1());
        string? v;
        var t = DeclGet<IPSEC_TRAFFIC1>(a.Req("traffic"), "traffic");
        g.inboundIpsecTraffic = t; // struct copy
        g.ipVersion = t.ipVersion;
        if ((v = a.Get("v")) is not null) g.ipVersion = (FWP_IP_VERSION)(int)(uint)Named(TIpv, v);
        g.inboundUdpEncapsulation = ParseUdp(a.Get("udp"));
        if ((v = a.Get("rng")) is not null) { if (v != "set") throw Err("rng=set"); g.rngCryptoModuleID = NewGuid(Guid.Empty); }
        _decls[name] = ("getspi", g);
    }

    private void DeclSa(string name, Args a)
    {
        var s = New(new IPSEC_SA0());
        string? v;
        s.saTransformType = (IPSEC_TRANSFORM_TYPE)(int)(uint)Named(TXform, a.Req("type"));
        s.spi = (uint)IdVal(a.Req("spi"));
        var ai = New(new IPSEC_SA_AUTH_INFORMATION0());
        var aid = ai.authTransform.authTransformId;
        aid.authType = (IPSEC_AUTH_TYPE)(int)(uint)Named(TAuth, a.Get("auth") ?? "SHA_1");
        aid.authConfig = (byte)(int)aid.authType;
        if ((v = a.Get("authcfg")) is not null) aid.authConfig = (byte)Named(TAuthCfg, v);
        ParseBlob(a.Get("akey") ?? "00112233445566778899aabbccddeeff", ai.authKey);
        if ((v = a.Get("amodule")) is not null) { if (v != "set") throw Err("amodule=set"); ai.authTransform.cryptoModuleId = NewGuid(Guid.Empty); }
        var ci = New(new IPSEC_SA_CIPHER_INFORMATION0());
        var cid = ci.cipherTransform.cipherTransformId;
        cid.cipherType = (IPSEC_CIPHER_TYPE)(int)(uint)Named(TCipher, a.Get("cipher") ?? "AES_128");
        cid.cipherConfig = (byte)(int)cid.cipherType;
        if ((v = a.Get("ciphercfg")) is not null) cid.cipherConfig = (byte)Named(TCipherCfg, v);
        ParseBlob(a.Get("ckey") ?? "ffeeddccbbaa99887766554433221100", ci.cipherKey);
        if ((v = a.Get("cmodule")) is not null) { if (v != "set") throw Err("cmodule=set"); ci.cipherTransform.cryptoModuleId = NewGuid(Guid.Empty); }
        switch ((int)s.saTransformType)
        {
            case 1: s.ahInformation = ai; break;
            case 2: s.espAuthInformation = ai; break;
            case 5: s.espAuthFwInformation = ai; break;
            case 3: s.espCipherInformation = ci; break;
            case 4:
                {
                    var ac = New(new IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0());
                    ac.saCipherInformation = ci;
                    ac.saAuthInformation = ai;
                    s.espAuthAndCipherInformation = ac;
                    break;
                }
            default: s.espAuthAndCipherInformation = New(new IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0()); break;
        }
        if ((v = a.Get("info")) is not null) { if (v != "null") throw Err("info=null"); s.ahInformation = null; }
        _decls[name] = ("sa", s);
    }

    private void DeclBundle(string name, Args a)
    {
        var b = New(new IPSEC_SA_BUNDLE1());
        string v = a.Req("sas");
        uint n = 0;
        if (v != "null")
        {
            var list = v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => DeclGet<IPSEC_SA0>(t, "sa")).ToList();
            n = (uint)list.Count;
            var p = _a.Alloc(SizeOfSa * (nuint)Math.Max(1, list.Count));
            for (int i = 0; i < list.Count; i++)
                Buffer.MemoryCopy((void*)list[i].Address, (void*)(p + (nint)((nuint)i * SizeOfSa)), SizeOfSa, SizeOfSa);
            b.saList = new IPSEC_SA0(p, false);
        }
        b.numSAs = n;
        string? x;
        if ((x = a.Get("numsas")) is not null) b.numSAs = (uint)Num(x);
        if ((x = a.Get("flags")) is not null) b.flags = (uint)Num(x);
        if ((x = a.Get("life")) is not null)
        {
            var p = x.Split(':');
            if (p.Length != 3 || !uint.TryParse(p[0], out uint s1) || !uint.TryParse(p[1], out uint s2) || !uint.TryParse(p[2], out uint s3)) throw Err("bad life");
            var lt = b.lifetime;
            lt.lifetimeSeconds = s1; lt.lifetimeKilobytes = s2; lt.lifetimePackets = s3;
        }
        if ((x = a.Get("idle")) is not null) b.idleTimeoutSeconds = (uint)Num(x);
        if ((x = a.Get("nd")) is not null) b.ndAllowClearTimeoutSeconds = (uint)Num(x);
        if ((x = a.Get("nap")) is not null) b.napContext = (uint)Num(x);
        b.qmSaId = 1;
        if ((x = a.Get("qm")) is not null) b.qmSaId = (uint)Num(x);
        b.ipVersion = FWP_IP_VERSION.FWP_IP_VERSION_V4;
        if ((x = a.Get("v")) is not null) b.ipVersion = (FWP_IP_VERSION)(int)(uint)Named(TIpv, x);
        if ((x = a.Get("peer4")) is not null) b.peerV4PrivateAddress = ParseV4(x);
        if ((x = a.Get("mmsa")) is not null) b.mmSaId = Num(x);
        if ((x = a.Get("pfs")) is not null) b.pfsGroup = (IPSEC_PFS_GROUP)(int)(uint)Num(x);
        string? ip = a.Get("ipsecid"), lg = a.Get("logon"), tk = a.Get("tokens");
        if (ip is not null || lg is not null || tk is not null)
        {
            var id = New(new IPSEC_ID0());
            if (lg is not null) id.logonId = Num(lg);
            if (tk is not null)
            {
                if (tk.StartsWith("null:", StringComparison.Ordinal)) id.numTokens = (uint)Num(tk.Substring(5));
                else
                {
                    var p = tk.Split(':');
                    if (p.Length != 3 || !uint.TryParse(p[0], out uint t1) || !uint.TryParse(p[1], out uint t2) || !uint.TryParse(p[2], out uint t3)) throw Err("bad tokens");
                    id.numTokens = 1;
                    var tok = New(new IPSEC_TOKEN0());
                    tok.type = (IPSEC_TOKEN_TYPE)(int)t1;
                    tok.principal = (IPSEC_TOKEN_PRINCIPAL)(int)t2;
                    tok.mode = (IPSEC_TOKEN_MODE)(int)t3;
                    id.tokens = tok;
                }
            }
            b.ipsecId = id;
        }
        if ((x = a.Get("keymod")) is not null)
        {
            var km = New(new IPSEC_KEYMODULE_STATE0());
            ParseBlob(x, km.stateBlob);
            b.keyModuleState = km;
        }
        _decls[name] = ("bundle", b);
    }

    private IPSEC_SA_BUNDLE0 Bundle1To0(IPSEC_SA_BUNDLE1 b1)
    {
        var b0 = New(new IPSEC_SA_BUNDLE0());
        b0.flags = b1.flags;
        b0.lifetime = b1.lifetime;
        b0.idleTimeoutSeconds = b1.idleTimeoutSeconds;
        b0.ndAllowClearTimeoutSeconds = b1.ndAllowClearTimeoutSeconds;
        b0.ipsecId = b1.ipsecId;
        b0.napContext = b1.napContext;
        b0.qmSaId = b1.qmSaId;
        b0.numSAs = b1.numSAs;
        b0.saList = b1.saList;
        b0.keyModuleState = b1.keyModuleState;
        b0.ipVersion = b1.ipVersion;
        b0.peerV4PrivateAddress = b1.peerV4PrivateAddress;
        b0.mmSaId = b1.mmSaId;
        b0.pfsGroup = b1.pfsGroup;
        return b0;
    }

    private void DeclDetails(string name, Args a)
    {
        var d = New(new IPSEC_SA_DETAILS1());
        string? v;
        var t = DeclGet<IPSEC_TRAFFIC1>(a.Req("traffic"), "traffic");
        d.traffic = t;
        d.saBundle = DeclGet<IPSEC_SA_BUNDLE1>(a.Req("bundle"), "bundle");
        d.ipVersion = t.ipVersion;
        if ((v = a.Get("v")) is not null) d.ipVersion = (FWP_IP_VERSION)(int)(uint)Named(TIpv, v);
        d.saDirection = FWP_DIRECTION.FWP_DIRECTION_OUTBOUND;
        if ((v = a.Get("dir")) is not null) d.saDirection = (FWP_DIRECTION)(int)(uint)Named(TDir, v);
        d.udpEncapsulation = ParseUdp(a.Get("udp"));
        _decls[name] = ("details", d);
    }

    private void DeclCtxval(string name, Args a)
    {
        var c = New(new IPSEC_SA_CONTEXT1());
        c.saContextId = IdVal(a.Req("id"));
        c.inboundSa = DeclOpt<IPSEC_SA_DETAILS1>(a.Get("in"), "details");
        c.outboundSa = DeclOpt<IPSEC_SA_DETAILS1>(a.Get("out"), "details");
        _decls[name] = ("ctxval", c);
    }

    private void DeclCtmpl(string name, Args a)
    {
        var t = New(new IPSEC_SA_CONTEXT_ENUM_TEMPLATE0());
        string? v;
        t.localSubNet.type = FWP_DATA_TYPE.FWP_EMPTY;
        t.remoteSubNet.type = FWP_DATA_TYPE.FWP_EMPTY;
        if ((v = a.Get("local")) is not null) ParseCValue(v, t.localSubNet);
        if ((v = a.Get("remote")) is not null) ParseCValue(v, t.remoteSubNet);
        _decls[name] = ("ctmpl", t);
    }

    // ---------------------------------------------------------------- printing results

    private string PrintFilter(FWPM_FILTER0 f)
    {
        var b = new StringBuilder();
        b.Append(" id=").Append(PrintId(VK.Filter, f.filterId));
        b.Append(" key=").Append(PrintKey(G(f.filterKey)));
        var name = f.displayData.name;
        b.Append(" name=").Append(name is null ? "null" : new string(Mem0.WChars(name)));
        b.Append($" flags={f.flags} layer=").Append(PrintGuidNamed(TLayer, G(f.layerKey)));
        var act = f.action;
        b.Append(" action=").Append(PrintNamed(TAction, act.type));
        if ((act.type & (uint)FwpActionType.FlagCallout) != 0) b.Append(" callout=").Append(PrintGuidNamed(TCallout, G(act.calloutKey)));
        b.Append(" eweight=");
        var ew = f.effectiveWeight;
        var ewp = SWIGTYPE_p_unsigned_long_long.getCPtr(ew.uint64).Handle;
        if (ew.type == FWP_DATA_TYPE.FWP_UINT64 && ewp != IntPtr.Zero) b.Append($"u64:{*(ulong*)ewp}");
        else if (ew.type == FWP_DATA_TYPE.FWP_EMPTY) b.Append("empty");
        else b.Append($"type:{(uint)(int)ew.type}");
        b.Append(" conds=[");
        var first = f.filterCondition;
        uint n = f.numFilterConditions;
        for (uint i = 0; i < n && first is not null; i++)
        {
            var c = new FWPM_FILTER_CONDITION0(first.Address + (nint)(i * SizeOfCond), false);
            if (i > 0) b.Append(',');
            var fk = G(c.fieldKey);
            b.Append(PrintGuidNamed(TField, fk)).Append('/').Append(PrintNamed(TMatch, (uint)(int)c.matchType)).Append('/');
            bool isAddr = fk == FwpmGuids.ConditionIpLocalAddress || fk == FwpmGuids.ConditionIpRemoteAddress;
            var cv = c.conditionValue;
            b.Append(PrintCValue(cv, cv, isAddr));
        }
        b.Append(']');
        return b.ToString();
    }

    private string PrintAddr(FWP_IP_VERSION v, byte[] v6, uint v4) => v == FWP_IP_VERSION.FWP_IP_VERSION_V6 ? Hex(v6) : V4(v4);

    private string PrintTraffic(IIpsecTraffic t, IPSEC_TRAFFIC1? t1)
    {
        var b = new StringBuilder();
        b.Append(PrintNamed(TIpv, (uint)(int)t.ipVersion)).Append('/').Append(PrintNamed(TTtype, (uint)(int)t.trafficType)).Append('/');
        b.Append(PrintAddr(t.ipVersion, t.localV6Address, t.localV4Address)).Append('>').Append(PrintAddr(t.ipVersion, t.remoteV6Address, t.remoteV4Address));
        if (t.trafficType == IPSEC_TRAFFIC_TYPE.IPSEC_TRAFFIC_TYPE_TUNNEL) b.Append($"/policy={t.ipsecFilterId}");
        else b.Append("/f=").Append(PrintId(VK.Filter, t.ipsecFilterId));
        b.Append($"/rport={t.remotePort}");
        if (t1 is not null) b.Append($"/lport={t1.localPort}/proto={t1.ipProtocol}/luid={t1.localIfLuid}/profile={t1.realIfProfileId}");
        return b.ToString();
    }

    private static string PrintAuth(IPSEC_SA_AUTH_INFORMATION0? ai)
    {
        if (ai is null) return ":auth=null";
        var id = ai.authTransform.authTransformId;
        return $":auth={PrintNamed(TAuth, (uint)(int)id.authType)}/{PrintNamed(TAuthCfg, id.authConfig)}:akey={PrintBlob(ai.authKey)}";
    }

    private static string PrintCipher(IPSEC_SA_CIPHER_INFORMATION0? ci)
    {
        if (ci is null) return ":cipher=null";
        var id = ci.cipherTransform.cipherTransformId;
        return $":cipher={PrintNamed(TCipher, (uint)(int)id.cipherType)}/{PrintNamed(TCipherCfg, id.cipherConfig)}:ckey={PrintBlob(ci.cipherKey)}";
    }

    private string PrintSa(IPSEC_SA0 s)
    {
        var b = new StringBuilder();
        b.Append(PrintNamed(TXform, (uint)(int)s.saTransformType)).Append(":spi=").Append(PrintId(VK.Spi, s.spi));
        switch ((int)s.saTransformType)
        {
            case 1: b.Append(PrintAuth(s.ahInformation)); break;
            case 2: b.Append(PrintAuth(s.espAuthInformation)); break;
            case 5: b.Append(PrintAuth(s.espAuthFwInformation)); break;
            case 3: b.Append(PrintCipher(s.espCipherInformation)); break;
            case 4:
                var ac = s.espAuthAndCipherInformation;
                if (ac is null) { b.Append(":auth=null:cipher=null"); break; }
                b.Append(PrintAuth(ac.saAuthInformation)).Append(PrintCipher(ac.saCipherInformation));
                break;
        }
        return b.ToString();
    }

    private string PrintBundle(IIpsecSaBundle s)
    {
        var b = new StringBuilder();
        var lt = s.lifetime;
        b.Append($"(flags={s.flags},life={lt.lifetimeSeconds}:{lt.lifetimeKilobytes}:{lt.lifetimePackets},idle={s.idleTimeoutSeconds},nd={s.ndAllowClearTimeoutSeconds},id={(s.ipsecId is null ? "none" : "set")},nap={s.napContext},qm={s.qmSaId},km=");
        var km = s.keyModuleState;
        b.Append(km is null ? "none" : PrintBlob(km.stateBlob));
        b.Append(",v=").Append(PrintNamed(TIpv, (uint)(int)s.ipVersion)).Append(",peer4=").Append(V4(s.peerV4PrivateAddress));
        b.Append($",mmsa={s.mmSaId},pfs={(uint)(int)s.pfsGroup},sas=[");
        var first = s.saList;
        uint n = s.numSAs;
        for (uint i = 0; i < n && first is not null; i++)
        {
            if (i > 0) b.Append('+');
            b.Append(PrintSa(new IPSEC_SA0(first.Address + (nint)(i * SizeOfSa), false)));
        }
        b.Append("])");
        return b.ToString();
    }

    private string PrintDetails1(IPSEC_SA_DETAILS1? d)
    {
        if (d is null) return "null";
        var t = d.traffic;
        var udp = d.udpEncapsulation;
        var tf = d.transportFilter;
        var vif = d.virtualIfTunnelInfo;
        return $"{{v={PrintNamed(TIpv, (uint)(int)d.ipVersion)},dir={PrintNamed(TDir, (uint)(int)d.saDirection)},traffic={PrintTraffic(t, t)}," +
               $"udp={(udp is null ? "null" : $"{udp.localUdpEncapPort}:{udp.remoteUdpEncapPort}")},filter={(tf is null ? "null" : PrintId(VK.Filter, tf.filterId))}," +
               $"bundle={PrintBundle(d.saBundle)},vif={vif.virtualIfTunnelId}:{vif.trafficSelectorId}}}";
    }

    private string PrintDetails0(IPSEC_SA_DETAILS0? d)
    {
        if (d is null) return "null";
        var udp = d.udpEncapsulation;
        var tf = d.transportFilter;
        return $"{{v={PrintNamed(TIpv, (uint)(int)d.ipVersion)},dir={PrintNamed(TDir, (uint)(int)d.saDirection)},traffic={PrintTraffic(d.traffic, null)}," +
               $"udp={(udp is null ? "null" : $"{udp.localUdpEncapPort}:{udp.remoteUdpEncapPort}")},filter={(tf is null ? "null" : PrintId(VK.Filter, tf.filterId))}," +
               $"bundle={PrintBundle(d.saBundle)}}}";
    }

    private string PrintSaEnumEntry(FWP_DIRECTION dir, IIpsecSaBundle bundle)
    {
        var b = new StringBuilder();
        b.Append(dir == FWP_DIRECTION.FWP_DIRECTION_INBOUND ? "in:" : dir == FWP_DIRECTION.FWP_DIRECTION_OUTBOUND ? "out:" : $"{(uint)(int)dir}:");
        var first = bundle.saList;
        uint n = bundle.numSAs;
        for (uint i = 0; i < n && first is not null; i++)
        {
            if (i > 0) b.Append('+');
            b.Append(PrintId(VK.Spi, new IPSEC_SA0(first.Address + (nint)(i * SizeOfSa), false).spi));
        }
        return b.ToString();
    }

    // ---------------------------------------------------------------- execution

    public static void CloseAll()
    {
        foreach (var h in OpenHandles)
        {
            try { fwpk.FwpmEngineClose0(h); } catch (FwpException) { }
        }
        OpenHandles.Clear();
    }

    private static void Reset()
    {
        CloseAll();
        // the untraced reset goes through the idiomatic API
        using var e = Engine.Open();
        using (var en = e.CreateSaContextEnumerator())
            foreach (var c in en.Next(0xFFFFFFFF)) { try { e.DeleteSaContext(c.SaContextId); } catch (FwpException) { } }
        using (var en = e.CreateFilterEnumerator())
            foreach (var f in en.Next(0xFFFFFFFF)) { try { e.DeleteFilter(f.FilterId); } catch (FwpException) { } }
        var st = e.GetStatistics().AggregateSaStatistics;
        _baseAdded = st.TotalSasAdded;
        _baseDeleted = st.TotalSasDeleted;
    }

    /// <summary>Runs a raw binding call; returns the status (0 or the FwpException code).</summary>
    private static int Call(Action a)
    {
        try { a(); return 0; }
        catch (FwpException e) { return e.Code; }
    }

    private static string StatusStr(int st) => Engine.StatusName(st) ?? $"0x{(uint)st:X8}";

    private string ExecCall(string fname, string? bindvar, Args a)
    {
        int st = 0;
        var vals = new StringBuilder();
        VK bindKind = 0;
        ulong bindV = 0;
        bool noStatus = false;
        string? v;
        IntPtr H() => HVal(a.Req("h"));
        IntPtr E() => HVal(a.Req("e"));

        switch (fname)
        {
            case "FwpmEngineOpen0":
                {
                    var s = New(new FWPM_SESSION0());
                    v = a.Get("name");
                    if (v is null) s.displayData.name = WStr(bindvar is not null ? bindvar.Substring(1) : "session");
                    else if (v != "null") s.displayData.name = WStr(v);
                    if (a.Is("dynamic", "1")) s.flags = (uint)SessionFlags.Dynamic;
                    if ((v = a.Get("flags")) is not null) s.flags = (uint)Num(v);
                    if ((v = a.Get("timeout")) is not null) s.txnWaitTimeoutInMSec = (uint)Num(v);
                    if ((v = a.Get("key")) is not null) SetG(s.sessionKey, ParseGuid(v));
                    a.Get("dynamic");
                    string? server = null;
                    if ((v = a.Get("server")) is not null && v != "null") server = v;
                    uint authn = 10;
                    if ((v = a.Get("authn")) is not null) authn = (uint)Num(v);
                    bool nosess = a.Is("session", "null"), noout = a.Is("out", "null");
                    a.CheckUsed();
                    var h = noout ? null : new IntPtr[1];
                    st = Call(() => fwpk.FwpmEngineOpen0(server, authn, nosess ? null : s, h));
                    if (st == 0 && h is not null && h[0] != IntPtr.Zero) OpenHandles.Add(h[0]);
                    bindKind = VK.Handle;
                    bindV = st == 0 && h is not null ? (ulong)(long)h[0] : 0;
                    break;
                }
            case "FwpmEngineClose0":
                { var h = H(); a.CheckUsed(); st = Call(() => fwpk.FwpmEngineClose0(h)); break; }
            case "FwpmTransactionBegin0":
                {
                    var h = H();
                    uint fl = (v = a.Get("flags")) is not null ? (uint)Num(v) : 0;
                    a.CheckUsed();
                    st = Call(() => fwpk.FwpmTransactionBegin0(h, fl));
                    break;
                }
            case "FwpmTransactionCommit0":
                { var h = H(); a.CheckUsed(); st = Call(() => fwpk.FwpmTransactionCommit0(h)); break; }
            case "FwpmTransactionAbort0":
                { var h = H(); a.CheckUsed(); st = Call(() => fwpk.FwpmTransactionAbort0(h)); break; }
            case "FwpmSessionCreateEnumHandle0":
            case "FwpmFilterCreateEnumHandle0":
            case "IPsecSaContextCreateEnumHandle0":
            case "IPsecSaCreateEnumHandle0":
                {
                    var h = H();
                    bool noout = a.Is("out", "null");
                    var e = noout ? null : new IntPtr[1];
                    if (fname == "FwpmSessionCreateEnumHandle0")
                    {
                        FWPM_SESSION_ENUM_TEMPLATE0? t = null;
                        if ((v = a.Get("reserved")) is not null) { t = New(new FWPM_SESSION_ENUM_TEMPLATE0()); t.reserved = Num(v); }
                        a.CheckUsed();
                        st = Call(() => fwpk.FwpmSessionCreateEnumHandle0(h, t, e));
                    }
                    else if (fname == "FwpmFilterCreateEnumHandle0")
                    {
                        var t = DeclOpt<FWPM_FILTER_ENUM_TEMPLATE0>(a.Get("tmpl"), "ftmpl");
                        a.CheckUsed();
                        st = Call(() => fwpk.FwpmFilterCreateEnumHandle0(h, t, e));
                    }
                    else if (fname == "IPsecSaContextCreateEnumHandle0")
                    {
                        var t = DeclOpt<IPSEC_SA_CONTEXT_ENUM_TEMPLATE0>(a.Get("tmpl"), "ctmpl");
                        a.CheckUsed();
                        st = Call(() => fwpk.IPsecSaContextCreateEnumHandle0(h, t, e));
                    }
                    else
                    {
                        IPSEC_SA_ENUM_TEMPLATE0? t = null;
                        if ((v = a.Get("dir")) is not null) { t = New(new IPSEC_SA_ENUM_TEMPLATE0()); t.saDirection = (FWP_DIRECTION)(int)(uint)Named(TDir, v); }
                        a.CheckUsed();
                        st = Call(() => fwpk.IPsecSaCreateEnumHandle0(h, t, e));
                    }
                    bindKind = VK.Handle;
                    bindV = st == 0 && e is not null ? (ulong)(long)e[0] : 0;
                    break;
                }
            case "FwpmSessionEnum0":
            case "FwpmFilterEnum0":
            case "IPsecSaContextEnum0":
            case "IPsecSaContextEnum1":
            case "IPsecSaEnum0":
            case "IPsecSaEnum1":
                {
                    var h = H();
                    var e = E();
                    uint n = (uint)Num(a.Req("n"));
                    bool noent = a.Is("entries", "null"), nocnt = a.Is("count", "null");
                    a.CheckUsed();
                    var items = new List<string>();
                    EntryVisitor? visit = noent || nocnt ? null : p => items.Add(PrintEntry(fname, p));
                    string lname = fname switch { "FwpmSessionEnum0" => "sessions", "FwpmFilterEnum0" => "ids", "IPsecSaContextEnum0" or "IPsecSaContextEnum1" => "ctxs", _ => "sas" };
                    st = Call(() =>
                    {
                        switch (fname)
                        {
                            case "FwpmSessionEnum0": fwpk.FwpmSessionEnum0(h, e, n, visit); break;
                            case "FwpmFilterEnum0": fwpk.FwpmFilterEnum0(h, e, n, visit); break;
                            case "IPsecSaContextEnum0": fwpk.IPsecSaContextEnum0(h, e, n, visit); break;
                            case "IPsecSaContextEnum1": fwpk.IPsecSaContextEnum1(h, e, n, visit); break;
                            case "IPsecSaEnum0": fwpk.IPsecSaEnum0(h, e, n, visit); break;
                            default: fwpk.IPsecSaEnum1(h, e, n, visit); break;
                        }
                    });
                    GC.KeepAlive(visit);
                    if (st == 0 && visit is not null) vals.Append($" count={items.Count} {lname}=[").Append(string.Join(",", items)).Append(']');
                    break;
                }
            case "FwpmSessionDestroyEnumHandle0":
                { var h = H(); var e = E(); a.CheckUsed(); st = Call(() => fwpk.FwpmSessionDestroyEnumHandle0(h, e)); break; }
            case "FwpmFilterDestroyEnumHandle0":
                { var h = H(); var e = E(); a.CheckUsed(); st = Call(() => fwpk.FwpmFilterDestroyEnumHandle0(h, e)); break; }
            case "IPsecSaContextDestroyEnumHandle0":
                { var h = H(); var e = E(); a.CheckUsed(); st = Call(() => fwpk.IPsecSaContextDestroyEnumHandle0(h, e)); break; }
            case "IPsecSaDestroyEnumHandle0":
                { var h = H(); var e = E(); a.CheckUsed(); st = Call(() => fwpk.IPsecSaDestroyEnumHandle0(h, e)); break; }
            case "FwpmFilterAdd0":
                {
                    var h = H();
                    var f = DeclOpt<FWPM_FILTER0>(a.Req("filter"), "filter");
                    bool noid = a.Is("idout", "null");
                    a.CheckUsed();
                    var id = noid ? null : new ulong[1];
                    st = Call(() => fwpk.FwpmFilterAdd0(h, f, id));
                    bindKind = VK.Filter;
                    bindV = st == 0 && id is not null ? id[0] : 0;
                    if (st == 0 && id is not null)
                    {
                        if (bindvar is not null) { Bind(bindvar, bindKind, bindV); bindvar = null; }
                        vals.Append(" id=").Append(PrintId(VK.Filter, id[0]));
                    }
                    break;
                }
            case "FwpmFilterDeleteById0":
                { var h = H(); ulong id = IdVal(a.Req("id")); a.CheckUsed(); st = Call(() => fwpk.FwpmFilterDeleteById0(h, id)); break; }
            case "FwpmFilterDeleteByKey0":
                {
                    var h = H();
                    v = a.Req("key");
                    GUID? k = v == "null" ? null : NewGuid(ParseGuid(v));
                    a.CheckUsed();
                    st = Call(() => fwpk.FwpmFilterDeleteByKey0(h, k));
                    break;
                }
            case "FwpmFilterGetById0":
            case "FwpmFilterGetByKey0":
                {
                    var h = H();
                    bool byKey = fname == "FwpmFilterGetByKey0";
                    ulong id = 0;
                    GUID? k = null;
                    if (byKey) { v = a.Req("key"); if (v != "null") k = NewGuid(ParseGuid(v)); }
                    else id = IdVal(a.Req("id"));
                    bool noout = a.Is("out", "null");
                    a.CheckUsed();
                    string? printed = null;
                    EntryVisitor? visit = noout ? null : p => printed = PrintFilter(new FWPM_FILTER0(p, false));
                    st = Call(() => { if (byKey) fwpk.FwpmFilterGetByKey0(h, k, visit); else fwpk.FwpmFilterGetById0(h, id, visit); });
                    GC.KeepAlive(visit);
                    if (st == 0 && !noout) vals.Append(printed ?? " VIOLATION=null-result");
                    break;
                }
            case "IPsecSaContextCreate0":
            case "IPsecSaContextCreate1":
                {
                    var h = H();
                    bool v1 = fname.EndsWith('1');
                    var t = DeclOpt<IPSEC_TRAFFIC1>(a.Req("traffic"), "traffic");
                    bool noin = a.Is("inbound", "null"), noid = a.Is("idout", "null");
                    IPSEC_VIRTUAL_IF_TUNNEL_INFO0? vif = null;
                    if (v1 && (v = a.Get("vif")) is not null && v != "null")
                    {
                        var p = v.Split(':');
                        if (p.Length != 2 || !ulong.TryParse(p[0], out ulong x) || !ulong.TryParse(p[1], out ulong y)) throw Err("bad vif");
                        vif = New(new IPSEC_VIRTUAL_IF_TUNNEL_INFO0());
                        vif.virtualIfTunnelId = x;
                        vif.trafficSelectorId = y;
                    }
                    a.CheckUsed();
                    var inb = noin ? null : new ulong[] { 0xDEAD };
                    var id = noid ? null : new ulong[1];
                    if (v1) st = Call(() => fwpk.IPsecSaContextCreate1(h, t, vif, inb, id));
                    else
                    {
                        IPSEC_TRAFFIC0? t0 = null;
                        if (t is not null) { t0 = New(new IPSEC_TRAFFIC0()); Traffic1To0(t, t0); }
                        st = Call(() => fwpk.IPsecSaContextCreate0(h, t0, inb, id));
                    }
                    bindKind = VK.Ctx;
                    bindV = st == 0 && id is not null ? id[0] : 0;
                    if (st == 0)
                    {
                        if (bindvar is not null) { Bind(bindvar, bindKind, bindV); bindvar = null; }
                        vals.Append(" id=").Append(PrintId(VK.Ctx, id is null ? 0 : id[0]));
                        if (inb is not null) vals.Append($" inbound={inb[0]}");
                    }
                    break;
                }
            case "IPsecSaContextGetSpi0":
            case "IPsecSaContextGetSpi1":
                {
                    var h = H();
                    bool v1 = fname.EndsWith('1');
                    ulong id = IdVal(a.Req("id"));
                    var g = DeclOpt<IPSEC_GETSPI1>(a.Req("getspi"), "getspi");
                    bool noout = a.Is("out", "null");
                    a.CheckUsed();
                    var spi = noout ? null : new uint[1];
                    if (v1) st = Call(() => fwpk.IPsecSaContextGetSpi1(h, id, g, spi));
                    else
                    {
                        IPSEC_GETSPI0? g0 = null;
                        if (g is not null)
                        {
                            g0 = New(new IPSEC_GETSPI0());
                            Traffic1To0(g.inboundIpsecTraffic, g0.inboundIpsecTraffic);
                            g0.ipVersion = g.ipVersion;
                            g0.inboundUdpEncapsulation = g.inboundUdpEncapsulation;
                            g0.rngCryptoModuleID = g.rngCryptoModuleID;
                        }
                        st = Call(() => fwpk.IPsecSaContextGetSpi0(h, id, g0, spi));
                    }
                    bindKind = VK.Spi;
                    bindV = st == 0 && spi is not null ? spi[0] : 0;
                    if (st == 0 && spi is not null)
                    {
                        if (bindvar is not null) { Bind(bindvar, bindKind, bindV); bindvar = null; }
                        vals.Append(" spi=").Append(PrintId(VK.Spi, spi[0])).Append(spi[0] >= 256 ? " range=ok" : " range=bad");
                    }
                    break;
                }
            case "IPsecSaContextSetSpi0":
                {
                    var h = H();
                    ulong id = IdVal(a.Req("id"));
                    var g = DeclOpt<IPSEC_GETSPI1>(a.Req("getspi"), "getspi");
                    uint spi = (uint)IdVal(a.Req("spi"));
                    a.CheckUsed();
                    st = Call(() => fwpk.IPsecSaContextSetSpi0(h, id, g, spi));
                    break;
                }
            case "IPsecSaContextAddInbound0":
            case "IPsecSaContextAddInbound1":
            case "IPsecSaContextAddOutbound0":
            case "IPsecSaContextAddOutbound1":
                {
                    var h = H();
                    bool inbound = fname.Contains("Inbound"), v1 = fname.EndsWith('1');
                    ulong id = IdVal(a.Req("id"));
                    var b1 = DeclOpt<IPSEC_SA_BUNDLE1>(a.Req("bundle"), "bundle");
                    a.CheckUsed();
                    if (v1) st = Call(() => { if (inbound) fwpk.IPsecSaContextAddInbound1(h, id, b1); else fwpk.IPsecSaContextAddOutbound1(h, id, b1); });
                    else
                    {
                        var b0 = b1 is null ? null : Bundle1To0(b1);
                        st = Call(() => { if (inbound) fwpk.IPsecSaContextAddInbound0(h, id, b0); else fwpk.IPsecSaContextAddOutbound0(h, id, b0); });
                    }
                    break;
                }
            case "IPsecSaContextUpdate0":
                {
                    var h = H();
                    ulong fl = Num(a.Req("flags"));
                    var c = DeclOpt<IPSEC_SA_CONTEXT1>(a.Req("values"), "ctxval");
                    a.CheckUsed();
                    st = Call(() => fwpk.IPsecSaContextUpdate0(h, fl, c));
                    break;
                }
            case "IPsecSaContextGetById0":
            case "IPsecSaContextGetById1":
                {
                    var h = H();
                    bool v1 = fname.EndsWith('1');
                    ulong id = IdVal(a.Req("id"));
                    bool noout = a.Is("out", "null");
                    a.CheckUsed();
                    string? printed = null;
                    EntryVisitor? visit = noout ? null : p =>
                    {
                        if (v1)
                        {
                            var c = new IPSEC_SA_CONTEXT1(p, false);
                            printed = $" id={PrintId(VK.Ctx, c.saContextId)} in={PrintDetails1(c.inboundSa)} out={PrintDetails1(c.outboundSa)}";
                        }
                        else
                        {
                            var c = new IPSEC_SA_CONTEXT0(p, false);
                            printed = $" id={PrintId(VK.Ctx, c.saContextId)} in={PrintDetails0(c.inboundSa)} out={PrintDetails0(c.outboundSa)}";
                        }
                    };
                    st = Call(() => { if (v1) fwpk.IPsecSaContextGetById1(h, id, visit); else fwpk.IPsecSaContextGetById0(h, id, visit); });
                    GC.KeepAlive(visit);
                    if (st == 0 && !noout) vals.Append(printed ?? " VIOLATION=null-result");
                    break;
                }
            case "IPsecSaContextDeleteById0":
                { var h = H(); ulong id = IdVal(a.Req("id")); a.CheckUsed(); st = Call(() => fwpk.IPsecSaContextDeleteById0(h, id)); break; }
            case "IPsecSaContextExpire0":
                { var h = H(); ulong id = IdVal(a.Req("id")); a.CheckUsed(); st = Call(() => fwpk.IPsecSaContextExpire0(h, id)); break; }
            case "IPsecGetStatistics0":
            case "IPsecGetStatistics1":
                {
                    var h = H();
                    bool v1 = fname.EndsWith('1');
                    bool noout = a.Is("out", "null");
                    a.CheckUsed();
                    IPSEC_AGGREGATE_SA_STATISTICS0 ag;
                    bool zero;
                    if (v1)
                    {
                        var s = New(new IPSEC_STATISTICS1());
                        st = Call(() => fwpk.IPsecGetStatistics1(h, noout ? null : s));
                        ag = s.aggregateSaStatistics;
                        var x = NativeConvert.ReadStatistics(s);
                        zero = CountersZero(x);
                    }
                    else
                    {
                        var s = New(new IPSEC_STATISTICS0());
                        st = Call(() => fwpk.IPsecGetStatistics0(h, noout ? null : s));
                        ag = s.aggregateSaStatistics;
                        var x = NativeConvert.ReadStatistics(s);
                        zero = CountersZero(x);
                    }
                    if (st == 0 && !noout)
                        vals.Append($" active={ag.activeSas} pending={ag.pendingSaNegotiations} added={unchecked(ag.totalSasAdded - _baseAdded)} deleted={unchecked(ag.totalSasDeleted - _baseDeleted)} rekeys={ag.successfulRekeys} tunnels={ag.activeTunnels} offloaded={ag.offloadedSas} counters={(zero ? "zero" : "nonzero")}");
                    break;
                }
            case "FwpkStatusName":
                {
                    ulong code = Num(a.Req("code"));
                    a.CheckUsed();
                    noStatus = true;
                    vals.Append(" name=").Append(fwpk.FwpkStatusName(unchecked((int)(uint)code)) ?? "null");
                    break;
                }
            case "FwpkLibVersion":
                a.CheckUsed();
                noStatus = true;
                vals.Append(" version=").Append(fwpk.FwpkLibVersion() ?? "null");
                break;
            case "FwpkLibVersionNumber":
                a.CheckUsed();
                noStatus = true;
                vals.Append(" number=").Append(fwpk.FwpkLibVersionNumber().ToString(CultureInfo.InvariantCulture));
                break;
            case "FwpmFreeMemory0":
                v = a.Req("p");
                a.CheckUsed();
                noStatus = true;
                if (v != "null" && v != "nullptr") throw Err("bad p=");
                // Not expressible in C#: FwpmFreeMemory0 is not exposed (the
                // binding frees every block itself); NULL / &NULL are no-ops.
                break;
            default:
                throw Err($"unknown call {fname}");
        }

        if (bindvar is not null)
        {
            if (bindKind == 0) throw Err($"{fname} binds nothing");
            Bind(bindvar, bindKind, bindV);
        }
        var line = noStatus ? "-" : StatusStr(st);
        if (st == 0 || noStatus) line += vals.ToString();
        return line;
    }

    private static bool CountersZero(IpsecStatistics s)
    {
        var e = s.EspDropPacketStatistics; var h = s.AhDropPacketStatistics; var d = s.AggregateDropPacketStatistics;
        var i = s.InboundTrafficStatistics; var o = s.OutboundTrafficStatistics;
        ulong sum = (ulong)e.InvalidSpisOnInbound + e.DecryptionFailuresOnInbound + e.AuthenticationFailuresOnInbound + e.ReplayCheckFailuresOnInbound + e.SaNotInitializedOnInbound
            + h.InvalidSpisOnInbound + h.AuthenticationFailuresOnInbound + h.ReplayCheckFailuresOnInbound + h.SaNotInitializedOnInbound
            + d.InvalidSpisOnInbound + d.DecryptionFailuresOnInbound + d.AuthenticationFailuresOnInbound + d.UdpEspValidationFailuresOnInbound + d.ReplayCheckFailuresOnInbound
            + d.InvalidClearTextInbound + d.SaNotInitializedOnInbound + d.ReceiveOverIncorrectSaInbound + d.SecureReceivesNotMatchingFilters + d.TotalDropPacketsInbound;
        bool zero = sum == 0;
        foreach (var t in new[] { i, o })
            zero &= t.EncryptedByteCount == 0 && t.AuthenticatedAHByteCount == 0 && t.AuthenticatedESPByteCount == 0 && t.TransportByteCount == 0
                    && t.TunnelByteCount == 0 && t.OffloadByteCount == 0 && t.TotalSuccessfulPackets == 0;
        return zero;
    }

    private string PrintEntry(string fname, IntPtr p)
    {
        switch (fname)
        {
            case "FwpmSessionEnum0":
                {
                    var s = new FWPM_SESSION0(p, false);
                    var name = s.displayData.name;
                    var pid = s.processId;
                    return $"{{name={(name is null ? "null" : new string(Mem0.WChars(name)))},flags={s.flags},timeout={s.txnWaitTimeoutInMSec},key={PrintKey(G(s.sessionKey))}" +
                           $"{(pid == (uint)Environment.ProcessId ? ",pid=self" : $",pid={pid}")},kernel={s.kernelMode}}}";
                }
            case "FwpmFilterEnum0":
                return PrintId(VK.Filter, new FWPM_FILTER0(p, false).filterId);
            case "IPsecSaContextEnum0":
                {
                    var c = new IPSEC_SA_CONTEXT0(p, false);
                    return $"{PrintId(VK.Ctx, c.saContextId)}:{(c.inboundSa is null ? '-' : 'i')}{(c.outboundSa is null ? '-' : 'o')}";
                }
            case "IPsecSaContextEnum1":
                {
                    var c = new IPSEC_SA_CONTEXT1(p, false);
                    return $"{PrintId(VK.Ctx, c.saContextId)}:{(c.inboundSa is null ? '-' : 'i')}{(c.outboundSa is null ? '-' : 'o')}";
                }
            case "IPsecSaEnum0":
                { var d = new IPSEC_SA_DETAILS0(p, false); return PrintSaEnumEntry(d.saDirection, d.saBundle); }
            default:
                { var d = new IPSEC_SA_DETAILS1(p, false); return PrintSaEnumEntry(d.saDirection, d.saBundle); }
        }
    }

    private static readonly HashSet<string> DeclVerbs = new() { "cond", "filter", "ftmpl", "traffic", "getspi", "sa", "bundle", "details", "ctxval", "ctmpl" };

    public string Run(string path)
    {
        var trace = new StringBuilder();
        string src;
        try { src = File.ReadAllText(path); }
        catch (IOException) { return "0 - RUNNER_ERROR\n"; }
        Reset();
        try
        {
            for (int i = src.IndexOf("guid:", StringComparison.Ordinal); i >= 0; i = src.IndexOf("guid:", i + 5, StringComparison.Ordinal))
                if (i + 41 <= src.Length && Guid.TryParseExact(src.Substring(i + 5, 36), "D", out var g)) _lits.Add(g);

            int step = 0;
            foreach (var raw in src.Split('\n'))
            {
                var ln = raw.EndsWith('\r') ? raw[..^1] : raw;
                var tok = new List<string>();
                foreach (var t in ln.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (t.StartsWith('#') || t == "->") break;
                    tok.Add(t);
                }
                if (tok.Count == 0) continue;
                int k = 0;
                string? bindvar = null;
                if (tok[0].StartsWith('$') && tok.Count >= 2 && tok[1] == "=") { bindvar = tok[0]; k = 2; }
                if (k >= tok.Count) { trace.Append($"{step + 1} {tok[0]} RUNNER_ERROR\n"); break; }
                string verb = tok[k++];
                bool isDecl = DeclVerbs.Contains(verb), isSleep = verb == "sleep", isCall = !isDecl && !isSleep;
                if (isCall) step++;
                try
                {
                    if (isSleep)
                    {
                        if (bindvar is not null || tok.Count - k != 1) throw Err("sleep MS");
                        Thread.Sleep((int)Num(tok[k]));
                        continue;
                    }
                    string? dname = null;
                    if (isDecl)
                    {
                        if (bindvar is not null || k >= tok.Count || tok[k].Contains('=')) throw Err($"declaration syntax: {verb} NAME key=value...");
                        dname = tok[k++];
                    }
                    var a = new Args();
                    for (; k < tok.Count; k++)
                    {
                        int eq = tok[k].IndexOf('=');
                        if (eq < 0) throw Err($"bad argument '{tok[k]}'");
                        a.Items.Add((tok[k].Substring(0, eq), tok[k].Substring(eq + 1)));
                    }
                    if (isDecl)
                    {
                        switch (verb)
                        {
                            case "cond": DeclCond(dname!, a); break;
                            case "filter": DeclFilter(dname!, a); break;
                            case "ftmpl": DeclFtmpl(dname!, a); break;
                            case "traffic": DeclTraffic(dname!, a); break;
                            case "getspi": DeclGetSpi(dname!, a); break;
                            case "sa": DeclSa(dname!, a); break;
                            case "bundle": DeclBundle(dname!, a); break;
                            case "details": DeclDetails(dname!, a); break;
                            case "ctxval": DeclCtxval(dname!, a); break;
                            default: DeclCtmpl(dname!, a); break;
                        }
                        a.CheckUsed();
                        continue;
                    }
                    trace.Append($"{step} {verb} ").Append(ExecCall(verb, bindvar, a)).Append('\n');
                }
                catch (RunnerError e)
                {
                    Console.Error.WriteLine($"{path}: step {step} ({verb}): {e.Message}");
                    trace.Append($"{(isCall ? step : step + 1)} {verb} RUNNER_ERROR\n");
                    break;
                }
            }
        }
        finally
        {
            _a.Dispose();
        }
        return trace.ToString();
    }
}

/// <summary>wchar_t strings as the C runner prints them: each character's low byte.</summary>
internal static unsafe class Mem0
{
    public static char[] WChars(SWIGTYPE_p_wchar_t s)
    {
        var p = (int*)SWIGTYPE_p_wchar_t.getCPtr(s).Handle;
        var r = new List<char>();
        for (; *p != 0; p++) r.Add((char)(byte)*p);
        return r.ToArray();
    }
}
