using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Text;
using Fwpk;
using Fwpk.Native;
using Xunit;

namespace Fwpk.Tests;

/// <summary>
/// The page codec (bindings/common/fwpk_pages.c + Pages.cs) must read exactly
/// what the SWIG proxy readers (NativeConvert.Read*) read, member by member.
/// </summary>
public class PagesTests
{
    /// <summary>Every public property, recursively, as text (IPAddress helpers skipped).</summary>
    private static string Dump(object? o)
    {
        var sb = new StringBuilder();
        Dump(o, sb, 0);
        return sb.ToString();
    }

    private static void Dump(object? o, StringBuilder sb, int depth)
    {
        if (depth > 20) throw new InvalidOperationException("too deep");
        switch (o)
        {
            case null: sb.Append("null"); return;
            case byte[] b: sb.Append('[').Append(Convert.ToHexString(b)).Append(']'); return;
            case string s: sb.Append('"').Append(s).Append('"'); return;
            case Guid or Enum or IFormattable or bool: sb.Append(o); return;
            case IEnumerable e:
                sb.Append('{');
                foreach (var x in e) { Dump(x, sb, depth + 1); sb.Append(','); }
                sb.Append('}');
                return;
        }
        var t = o.GetType();
        if (t.IsValueType && t.Namespace == "Fwpk") { sb.Append(o); return; } // record structs
        sb.Append(t.Name).Append('(');
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name))
        {
            if (p.PropertyType == typeof(IPAddress) || p.GetIndexParameters().Length > 0) continue;
            sb.Append(p.Name).Append('=');
            Dump(p.GetValue(o), sb, depth + 1);
            sb.Append(';');
        }
        sb.Append(')');
    }

    private static FwpValue V(FwpDataType t, Action<FwpValue>? set = null)
    {
        var v = new FwpValue { Type = t };
        set?.Invoke(v);
        return v;
    }

    /// <summary>One condition per value type, with NULL pointers and non-ASCII text among them.</summary>
    private static List<FilterCondition> AllConditions()
    {
        var k = FwpmGuids.ConditionIpRemoteAddress;
        var list = new List<FilterCondition>();
        void Add(FwpValue v) => list.Add(new FilterCondition(k, (FwpMatchType)(list.Count % 13), v));
        Add(V(FwpDataType.Empty));
        Add(FwpValue.FromUInt8(200));
        Add(FwpValue.FromUInt16(65000));
        Add(FwpValue.FromUInt32(0xDEADBEEF));
        Add(FwpValue.FromUInt64(0x0123456789ABCDEF));
        Add(V(FwpDataType.UInt64)); // NULL pointer
        Add(V(FwpDataType.Int8, v => v.Int8 = -5));
        Add(V(FwpDataType.Int16, v => v.Int16 = -30000));
        Add(V(FwpDataType.Int32, v => v.Int32 = int.MinValue));
        Add(V(FwpDataType.Int64, v => v.Int64 = -1234567890123));
        Add(V(FwpDataType.Int64));
        Add(V(FwpDataType.Float, v => v.Float32 = -1.5f));
        Add(V(FwpDataType.Double, v => v.Double64 = Math.PI));
        Add(V(FwpDataType.Double));
        Add(FwpValue.FromByteArray16(TestUtil.Bytes(16, 9)));
        Add(V(FwpDataType.ByteArray16));
        Add(V(FwpDataType.ByteArray6, v => v.Bytes = TestUtil.Bytes(6, 3)));
        Add(V(FwpDataType.BitmapArray64, v => v.Bytes = TestUtil.Bytes(8, 4)));
        Add(V(FwpDataType.ByteBlob, v => v.Bytes = TestUtil.Bytes(33, 5)));
        Add(V(FwpDataType.ByteBlob, v => v.Bytes = Array.Empty<byte>()));
        Add(V(FwpDataType.ByteBlob));
        Add(V(FwpDataType.SecurityDescriptor, v => v.Bytes = TestUtil.Bytes(20, 6)));
        Add(V(FwpDataType.TokenAccessInformation, v => v.Bytes = TestUtil.Bytes(7, 7)));
        Add(V(FwpDataType.Sid, v => v.Bytes = new byte[] { 1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0 }));
        Add(V(FwpDataType.Sid));
        Add(V(FwpDataType.UnicodeString, v => v.UnicodeString = "h\u00e9llo \u4e16\u754c \U0001F600"));
        Add(V(FwpDataType.UnicodeString, v => v.UnicodeString = ""));
        Add(V(FwpDataType.UnicodeString));
        Add(V(FwpDataType.TokenInformation));
        Add(V(FwpDataType.BitmapIndex, v => v.UInt8 = 63));
        Add(FwpValue.FromV4AddrMask(0x0A000000, 0xFF000000));
        Add(V(FwpDataType.V4AddrMask));
        Add(FwpValue.FromV6AddrMask(TestUtil.Bytes(16, 11), 64));
        Add(FwpValue.FromRange(FwpValue.FromUInt16(10), FwpValue.FromUInt16(20)));
        Add(FwpValue.FromRange(FwpValue.FromUInt64(1), V(FwpDataType.UnicodeString, v => v.UnicodeString = "z")));
        Add(V(FwpDataType.Range));
        Add(V((FwpDataType)77)); // unknown type: no payload
        return list;
    }

    private static Filter RichFilter(bool providerContext) => new()
    {
        FilterKey = Guid.NewGuid(),
        DisplayData = new DisplayData("r\u00e9seau", providerContext ? null : "desc"),
        Flags = providerContext ? FilterFlags.HasProviderContext : 0,
        ProviderKey = providerContext ? Guid.NewGuid() : null,
        ProviderData = providerContext ? TestUtil.Bytes(5, 1) : null,
        LayerKey = FwpmGuids.LayerOutboundTransportV4,
        SubLayerKey = FwpmGuids.SublayerUniversal,
        Weight = FwpValue.FromUInt64(77),
        FilterCondition = AllConditions(),
        Action = new FilterAction { Type = FwpActionType.CalloutTerminating, CalloutKey = Guid.NewGuid() },
        RawContext = providerContext ? 0 : 0xFEEDFACE,
        ProviderContextKey = providerContext ? Guid.NewGuid() : null,
        Reserved = providerContext ? Guid.NewGuid() : null,
        FilterId = 4242,
        EffectiveWeight = V(FwpDataType.UInt8, v => v.UInt8 = 3),
    };

    private static SaDetails RichDetails(bool v6, FwpDirection dir) => new()
    {
        IpVersion = v6 ? FwpIpVersion.V6 : FwpIpVersion.V4,
        SaDirection = dir,
        Traffic = new IpsecTraffic
        {
            IpVersion = v6 ? FwpIpVersion.V6 : FwpIpVersion.V4,
            LocalV4Address = v6 ? 0u : 0x0A000001u,
            RemoteV4Address = v6 ? 0u : 0x0A000002u,
            LocalV6Address = v6 ? TestUtil.Bytes(16, 1) : new byte[16],
            RemoteV6Address = v6 ? TestUtil.Bytes(16, 2) : new byte[16],
            TrafficType = IpsecTrafficType.Tunnel,
            TunnelPolicyId = 99,
            RemotePort = 500, LocalPort = 4500, IpProtocol = 17, LocalIfLuid = 0x1122334455667788, RealIfProfileId = 3,
        },
        SaBundle = new SaBundle
        {
            Flags = (IpsecSaBundleFlags)0x41,
            Lifetime = new SaLifetime { LifetimeSeconds = 1, LifetimeKilobytes = 2, LifetimePackets = 3 },
            IdleTimeoutSeconds = 4, NdAllowClearTimeoutSeconds = 5,
            IpsecId = new IpsecId
            {
                MmTargetName = "mm", EmTargetName = null, ExplicitCredentials = 6, LogonId = 7,
                Tokens = { new IpsecToken { Type = (IpsecTokenType)1, Principal = (IpsecTokenPrincipal)1, Mode = (IpsecTokenMode)1, Token = 8 } },
            },
            NapContext = 9, QmSaId = 10,
            SaList =
            {
                Sa.Ah(0x100, new SaAuthInformation(AuthTransformId.HmacSha256128, TestUtil.Bytes(32, 1)) { CryptoModuleId = Guid.NewGuid() }),
                Sa.EspAuth(0x101, new SaAuthInformation(AuthTransformId.HmacSha196, TestUtil.Bytes(20, 2))),
                Sa.EspCipher(0x102, new SaCipherInformation(CipherTransformId.Aes256, TestUtil.Bytes(32, 3)) { CryptoModuleId = Guid.NewGuid() }),
                Sa.EspAuthAndCipher(0x103, new SaCipherInformation(CipherTransformId.Aes128, TestUtil.Bytes(16, 4)),
                                    new SaAuthInformation(AuthTransformId.HmacSha196, null!)),
                new Sa { Spi = 0x104, SaTransformType = IpsecTransformType.EspAuthFw, EspAuthFwInformation = new SaAuthInformation(AuthTransformId.HmacMd596, TestUtil.Bytes(16, 5)) },
                new Sa { Spi = 0x105, SaTransformType = IpsecTransformType.Ah },
            },
            KeyModuleState = new KeyModuleState { KeyModuleKey = Guid.NewGuid(), StateBlob = TestUtil.Bytes(9, 9) },
            IpVersion = v6 ? FwpIpVersion.V6 : FwpIpVersion.V4,
            PeerV4PrivateAddress = 0x0C000001, MmSaId = 11, PfsGroup = (IpsecPfsGroup)2,
            SaLookupContext = Guid.NewGuid(), QmFilterId = 12,
        },
        UdpEncapsulation = v6 ? null : new UdpEncapsulation { LocalUdpEncapPort = 4500, RemoteUdpEncapPort = 4501 },
        TransportFilter = RichFilter(!v6),
        VirtualIfTunnelInfo = new VirtualIfTunnelInfo { VirtualIfTunnelId = v6 ? 0ul : 13, TrafficSelectorId = 14 },
    };

    [Fact]
    public void EncodedStructuresReadAsTheProxiesReadThem()
    {
        using var a = new Arena();
        foreach (bool pc in new[] { false, true })
        {
            var n = NativeConvert.WriteFilter(a, RichFilter(pc));
            var fromPage = Assert.Single(Pages.EncodeAndRead<Filter>(PageKind.Filter0, n.Address));
            Assert.Equal(Dump(NativeConvert.ReadFilter(n)), Dump(fromPage));
        }

        var session = new Session
        {
            SessionKey = Guid.NewGuid(), DisplayData = new DisplayData("s\u00e9ssion", "d"), Flags = SessionFlags.Dynamic,
            TxnWaitTimeoutInMSec = 5, ProcessId = 6, Sid = new byte[] { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 }, Username = "root", KernelMode = true,
        };
        var ns = NativeConvert.WriteSession(a, session);
        var s2 = Assert.Single(Pages.EncodeAndRead<Session>(PageKind.Session0, ns.Address));
        Assert.Equal(Dump(NativeConvert.ReadSession(ns)), Dump(s2));

        foreach (bool v6 in new[] { false, true })
        {
            var ctx = new SaContext { SaContextId = 77, InboundSa = RichDetails(v6, FwpDirection.Inbound), OutboundSa = v6 ? null : RichDetails(v6, FwpDirection.Outbound) };
            var nc = NativeConvert.WriteSaContext1(a, ctx);
            var viaProxies = Dump(NativeConvert.ReadSaContext1(nc.Address));
            Assert.Equal(viaProxies, Dump(Assert.Single(Pages.EncodeAndRead<SaContext>(PageKind.SaContext1, nc.Address))));
            Assert.Contains("h\u00e9llo \u4e16\u754c \U0001F600", viaProxies);
            var d1 = nc.inboundSa;
            Assert.Equal(Dump(NativeConvert.ReadDetails1(d1)), Dump(Assert.Single(Pages.EncodeAndRead<SaDetails>(PageKind.SaDetails1, d1.Address))));
        }
    }

    [Fact]
    public void EngineResultsReadAsTheProxiesReadThem()
    {
        using var e = Engine.Open(new Session { DisplayData = new DisplayData("pages-test") });
        var f = TestUtil.AddFilters(e);
        uint subnet = TestUtil.NewSubnet();
        var ids = Enumerable.Range(1, 5).Select(i => TestUtil.CompleteContext(e, f, subnet | (uint)i).id).ToList();
        ids.Add(e.CreateSaContext(IpsecTraffic.TransportV4(0x0A000001, subnet | 9, f.outbound))); // no SA yet
        IntPtr h = e.DangerousGetHandle();

        foreach (var id in ids)
        {
            Assert.Equal(Dump(Mem.Collect(v => fwpk.IPsecSaContextGetById1(h, id, v), NativeConvert.ReadSaContext1)[0]), Dump(e.GetSaContext(id)));
            Assert.Equal(Dump(Mem.Collect(v => fwpk.IPsecSaContextGetById0(h, id, v), NativeConvert.ReadSaContext0)[0]), Dump(e.GetSaContext0(id)));
        }
        Assert.Equal(Dump(Mem.Collect(v => fwpk.FwpmFilterGetById0(h, f.outbound, v), p => NativeConvert.ReadFilter(new FWPM_FILTER0(p, false)))[0]),
                     Dump(e.GetFilter(f.outbound)));
        var key = e.GetFilter(f.inbound).FilterKey;
        Assert.Equal(Dump(e.GetFilter(f.inbound)), Dump(e.GetFilter(key)));

        var t = TestUtil.RemoteTemplate(subnet);
        using (var a = e.CreateSaContextEnumerator(t))
        using (var b = e.CreateSaContextEnumerator(t))
        {
            var viaProxies = Mem.Collect(v => fwpk.IPsecSaContextEnum1(h, a.DangerousGetHandle(), 100, v), NativeConvert.ReadSaContext1);
            Assert.Equal(6, viaProxies.Count);
            Assert.Equal(Dump(viaProxies), Dump(b.Next(100)));
        }
        using (var a = e.CreateSaContextEnumerator(t))
        using (var b = e.CreateSaContextEnumerator(t))
            Assert.Equal(Dump(Mem.Collect(v => fwpk.IPsecSaContextEnum0(h, a.DangerousGetHandle(), 100, v), NativeConvert.ReadSaContext0)), Dump(b.Next0(100)));
        using (var a = e.CreateSaEnumerator())
        using (var b = e.CreateSaEnumerator())
            Assert.Equal(Dump(Mem.Collect(v => fwpk.IPsecSaEnum1(h, a.DangerousGetHandle(), 10000, v), p => NativeConvert.ReadDetails1(new IPSEC_SA_DETAILS1(p, false))!)),
                         Dump(b.Next(10000)));
        using (var a = e.CreateSaEnumerator())
        using (var b = e.CreateSaEnumerator())
            Assert.Equal(Dump(Mem.Collect(v => fwpk.IPsecSaEnum0(h, a.DangerousGetHandle(), 10000, v), p => NativeConvert.ReadDetails0(new IPSEC_SA_DETAILS0(p, false))!)),
                         Dump(b.Next0(10000)));
        using (var a = e.CreateFilterEnumerator())
        using (var b = e.CreateFilterEnumerator())
            Assert.Equal(Dump(Mem.Collect(v => fwpk.FwpmFilterEnum0(h, a.DangerousGetHandle(), 10000, v), p => NativeConvert.ReadFilter(new FWPM_FILTER0(p, false)))),
                         Dump(b.Next(10000)));
        using (var a = e.CreateSessionEnumerator())
        using (var b = e.CreateSessionEnumerator())
            Assert.Equal(Dump(Mem.Collect(v => fwpk.FwpmSessionEnum0(h, a.DangerousGetHandle(), 10000, v), p => NativeConvert.ReadSession(new FWPM_SESSION0(p, false)))),
                         Dump(b.Next(10000)));

        // Failures carry the fwpmk.h function and its exact code.
        var ex = TestUtil.Fails(ErrorCode.NotFound, () => e.GetSaContext(ulong.MaxValue));
        Assert.Equal("IPsecSaContextGetById1", ex.Function);
        Assert.Equal("FwpmFilterGetByKey0", TestUtil.Fails(ErrorCode.FilterNotFound, () => e.GetFilter(Guid.NewGuid())).Function);
    }

    [Fact]
    public void LazyDefaultsBehaveLikeInitializers()
    {
        var t = new IpsecTraffic();
        Assert.Same(t.LocalV6Address, t.LocalV6Address);
        Assert.Equal(new byte[16], t.RemoteV6Address);
        t.LocalV6Address = null!;
        Assert.Null(t.LocalV6Address);
        var f = new Filter();
        Assert.Same(f.Weight, f.Weight);
        Assert.Equal(FwpDataType.Empty, f.EffectiveWeight.Type);
        Assert.Empty(f.FilterCondition);
        f.FilterCondition.Add(new FilterCondition());
        Assert.Single(f.FilterCondition);
        var d = new SaDetails();
        Assert.Same(d.VirtualIfTunnelInfo, d.VirtualIfTunnelInfo);
    }
}
