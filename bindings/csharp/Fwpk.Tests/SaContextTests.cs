using System;
using System.Net;
using System.Linq;
using System.Threading;
using Fwpk;
using Xunit;

namespace Fwpk.Tests;

public class SaContextTests
{
    [Fact]
    public void FullLifecycleV1()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint remote = TestUtil.NewSubnet() | 5;
        ulong id = e.CreateSaContext(Traffic.TransportV4(0x0A000001, remote, f.outbound), null, out ulong inboundFilterId);
        Assert.Equal(0ul, inboundFilterId);
        var ctx = e.GetSaContext(id);
        Assert.Equal(id, ctx.SaContextId);
        Assert.Null(ctx.InboundSa);
        Assert.Null(ctx.OutboundSa);

        var gs = new GetSpi { InboundIpsecTraffic = Traffic.TransportV4(0x0A000001, remote, f.inbound), IpVersion = IpVersion.V4 };
        uint spi = e.GetSpi(id, gs);
        Assert.True(spi >= 256);
        Assert.Equal(spi, e.GetSpi(id, gs)); // same traffic: same SPI
        TestUtil.Fails(ErrorCode.IncompatibleSaState, () => e.SetSpi(id, gs, 5000));

        e.AddInbound(id, TestUtil.EspBundle(spi, qm: 7));
        e.AddOutbound(id, TestUtil.EspBundle(0x1234, qm: 7));
        ctx = e.GetSaContext(id);
        var inSa = ctx.InboundSa!;
        Assert.Equal(Direction.Inbound, inSa.SaDirection);
        Assert.Equal(remote, inSa.Traffic.RemoteV4Address);
        Assert.Equal(f.inbound, inSa.Traffic.IpsecFilterId);
        Assert.Equal(f.inbound, inSa.TransportFilter!.FilterId);
        Assert.Equal(7u, inSa.SaBundle.QmSaId);
        var sa = Assert.Single(inSa.SaBundle.SaList);
        Assert.Equal(spi, sa.Spi);
        Assert.Equal(TransformType.EspAuthAndCipher, sa.SaTransformType);
        Assert.Equal(CipherTransformId.Aes128, sa.EspAuthAndCipherInformation!.SaCipherInformation.CipherTransform.CipherTransformId);
        Assert.Equal(TestUtil.Bytes(16, 1), sa.EspAuthAndCipherInformation.SaCipherInformation.CipherKey);
        Assert.Equal(TestUtil.Bytes(20, 2), sa.EspAuthAndCipherInformation.SaAuthInformation.AuthKey);
        Assert.Equal(AuthTransformId.HmacSha196, sa.EspAuthAndCipherInformation.SaAuthInformation.AuthTransform.AuthTransformId);
        Assert.Equal(0x1234u, ctx.OutboundSa!.SaBundle.SaList![0].Spi);
        Assert.Equal(System.Net.IPAddress.Parse("10.0.0.1"), ctx.OutboundSa.Traffic.LocalAddress);

        var v0 = e.GetSaContext0(id);
        Assert.Equal(spi, v0.InboundSa!.SaBundle.SaList![0].Spi);

        e.UpdateSaContext(SaBundleUpdate.MmSaId, new SaContext
        {
            SaContextId = id,
            OutboundSa = new SaDetails { SaBundle = new SaBundle { MmSaId = 99 } },
        });
        Assert.Equal(99ul, e.GetSaContext(id).OutboundSa!.SaBundle.MmSaId);

        e.ExpireSaContext(id);
        Assert.Null(e.GetSaContext(id).OutboundSa);
        e.DeleteSaContext(id);
        TestUtil.Fails(ErrorCode.NotFound, () => e.GetSaContext(id));
        TestUtil.Fails(ErrorCode.NotFound, () => e.DeleteSaContext(id));
    }

    [Fact]
    public void V0FunctionsAndAhEspBundle()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint remote = TestUtil.NewSubnet() | 9;
        ulong id = e.CreateSaContext0(Traffic0.TransportV4(0x0A000001, remote, f.outbound));
        uint spi = e.GetSpi0(id, new GetSpi0 { InboundIpsecTraffic = Traffic0.TransportV4(0x0A000001, remote, f.inbound), IpVersion = IpVersion.V4 });
        var bundle = new SaBundle0
        {
            IpVersion = IpVersion.V4,
            QmSaId = 3,
            SaList =
            [
                Sa.EspCipher(spi, SaCipherInformation.Of(CipherTransformId.Aes256, TestUtil.Bytes(32, 3))),
                Sa.Ah(spi, SaAuthInformation.Of(AuthTransformId.HmacSha256128, TestUtil.Bytes(32, 4))),
            ],
        };
        e.AddInbound0(id, bundle);
        var outBundle = new SaBundle0 { IpVersion = IpVersion.V4, QmSaId = 3, SaList = [Sa.EspAuth(0x3000, SaAuthInformation.Of(AuthTransformId.HmacSha196, TestUtil.Bytes(20, 5)))] };
        e.AddOutbound0(id, outBundle);
        var ctx = e.GetSaContext0(id);
        Assert.Equal(TransformType.Ah, ctx.InboundSa!.SaBundle.SaList![1].SaTransformType);
        Assert.Equal(32, ctx.InboundSa.SaBundle.SaList[1].AhInformation!.AuthKey!.Length);
        Assert.Equal(TransformType.EspAuth, ctx.OutboundSa!.SaBundle.SaList![0].SaTransformType);
        e.DeleteSaContext(id);
    }

    [Fact]
    public void SetSpiAndStateErrors()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint remote = TestUtil.NewSubnet() | 1;
        ulong id = e.CreateSaContext(Traffic.TransportV4(0x0A000001, remote, f.outbound));
        TestUtil.Fails(ErrorCode.IncompatibleSaState, () => e.AddInbound(id, TestUtil.EspBundle(1000)));
        var gs = new GetSpi { InboundIpsecTraffic = Traffic.TransportV4(0x0A000001, remote, f.inbound), IpVersion = IpVersion.V4 };
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.SetSpi(id, gs, 255));
        uint spi = 0x10000 + (TestUtil.NewSubnet() >> 8 & 0xFFFF);
        e.SetSpi(id, gs, spi);
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.AddInbound(id, TestUtil.EspBundle(spi + 1)));
        TestUtil.Fails(ErrorCode.ZeroLengthArray, () => e.AddInbound(id, new SaBundle { IpVersion = IpVersion.V4 }));
        var badKey = TestUtil.EspBundle(spi, auth: SaAuthInformation.Of(AuthTransformId.HmacSha196, null));
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.AddInbound(id, badKey));
        var badCfg = TestUtil.EspBundle(spi, auth: SaAuthInformation.Of(new AuthTransformId { AuthType = AuthType.Sha1, AuthConfig = AuthConfig.HmacMd596 }, TestUtil.Bytes(20, 2)));
        TestUtil.Fails(ErrorCode.InvalidAuthTransform, () => e.AddInbound(id, badCfg));
        var nullInfo = new SaBundle { IpVersion = IpVersion.V4, SaList = [new Sa { Spi = spi, SaTransformType = TransformType.Ah }] };
        TestUtil.Fails(ErrorCode.NullPointer, () => e.AddInbound(id, nullInfo));
        e.AddInbound(id, TestUtil.EspBundle(spi));
        e.DeleteSaContext(id);
    }

    [Fact]
    public void TrafficValidation()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        TestUtil.Fails(ErrorCode.FilterNotFound, () => e.CreateSaContext(Traffic.TransportV4(1, 2, 0)));
        TestUtil.Fails(ErrorCode.IncompatibleLayer, () => e.CreateSaContext(Traffic.TransportV4(1, 2, f.inbound)));
        var t = new Traffic { IpVersion = IpVersion.None, LocalV4Address = 1, RemoteV4Address = 2, IpsecFilterId = f.outbound };
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.CreateSaContext(t));
        var t0 = new Traffic0 { IpVersion = (IpVersion)7, LocalV4Address = 1, RemoteV4Address = 2, IpsecFilterId = f.outbound };
        TestUtil.Fails(ErrorCode.InvalidEnumerator, () => e.CreateSaContext0(t0));
        TestUtil.Fails(ErrorCode.NullPointer, () => e.CreateSaContext(null));
        using var dyn = Engine.Open(new Session { Flags = SessionFlags.Dynamic });
        TestUtil.Fails(ErrorCode.DynamicSessionInProgress, () => dyn.CreateSaContext(Traffic.TransportV4(1, 2, f.outbound)));
        using (e.BeginTransaction())
            TestUtil.Fails(ErrorCode.TxnInProgress, () => e.CreateSaContext(Traffic.TransportV4(1, 2, f.outbound)));
    }

    [Fact]
    public void TunnelAndV6TrafficRoundTrip()
    {
        using var e = Engine.Open();
        // tunnel traffic names a quick-mode tunnel policy; its inbound transport-layer filter is the SA's
        var key = Guid.NewGuid();
        ulong policy = e.AddProviderContext(new ProviderContext
        {
            ProviderContextKey = key,
            DisplayData = new DisplayData { Name = "sdk tunnel policy" },
            Type = ProviderContextType.IpsecIkeQmTunnelContext,
            IkeQmTunnelPolicy = new TunnelPolicy
            {
                TunnelEndpoints = new TunnelEndpoints { IpVersion = IpVersion.V6 },
            },
        });
        Filter TunnelFilter(bool outbound) => new()
        {
            DisplayData = new DisplayData { Name = outbound ? "tunnel outbound" : "tunnel inbound" },
            Flags = FilterFlags.HasProviderContext,
            ProviderContextKey = key,
            LayerKey = outbound ? FwpmGuids.LayerOutboundTransportV6 : FwpmGuids.LayerInboundTransportV6,
            SubLayerKey = FwpmGuids.SublayerUniversal,
            Weight = Value.Empty(),
            Action = new FwpmAction
            {
                Type = ActionType.CalloutTerminating,
                CalloutKey = outbound ? FwpmGuids.CalloutIpsecOutboundTunnelV6 : FwpmGuids.CalloutIpsecInboundTunnelV6,
            },
        };
        ulong outFilter = e.AddFilter(TunnelFilter(true)), inFilter = e.AddFilter(TunnelFilter(false));
        var v6 = new Traffic
        {
            IpVersion = IpVersion.V6,
            LocalV6Address = TestUtil.Bytes(16, 0x20),
            RemoteV6Address = TestUtil.Bytes(16, 0x40),
            TrafficType = TrafficType.Tunnel,
            TunnelPolicyId = policy,
            RemotePort = 500,
            LocalPort = 4500,
            IpProtocol = 17,
        };
        ulong id = e.CreateSaContext(v6, new VirtualIfTunnelInfo { VirtualIfTunnelId = 1, TrafficSelectorId = 2 });
        var gs = new GetSpi { InboundIpsecTraffic = v6, IpVersion = IpVersion.V6 };
        uint spi = e.GetSpi(id, gs);
        e.AddInbound(id, TestUtil.EspBundle(spi, ipVersion: IpVersion.V6));
        var d = e.GetSaContext(id).InboundSa!;
        Assert.Equal(IpVersion.V6, d.Traffic.IpVersion);
        Assert.Equal(TestUtil.Bytes(16, 0x40), d.Traffic.RemoteV6Address);
        Assert.Equal(policy, d.Traffic.TunnelPolicyId);
        Assert.Equal(inFilter, d.TransportFilter!.FilterId);
        Assert.Equal((ushort)4500, d.Traffic.LocalPort);
        e.DeleteSaContext(id);
        e.DeleteFilter(outFilter);
        e.DeleteFilter(inFilter);
        e.DeleteProviderContext(policy);
        // a policy id that names no provider context is refused
        TestUtil.Fails(ErrorCode.ProviderContextNotFound, () => e.CreateSaContext(v6));
    }

    [Fact]
    public void ExpireRemovesTheContextAfterTheDelay()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        var (id, _) = TestUtil.CompleteContext(e, f, TestUtil.NewSubnet() | 3);
        e.ExpireSaContext(id);
        TestUtil.Fails(ErrorCode.IncompatibleSaState, () => e.ExpireSaContext(id));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try { e.GetSaContext(id); Thread.Sleep(50); }
            catch (FwpException ex) when (ex.ErrorCode == ErrorCode.NotFound) { return; }
        }
        Assert.Fail("the expired context was not removed (FWPKCLNT_EXPIRE_DELAY_MS)");
    }
}

/// <summary>The SDK-consistency points of issue 9 a new user hit.</summary>
public class ConsistencyTests
{
    [Fact]
    public void ErrorCodeComparesWithTheHeadersUnsignedLiterals()
    {
        using var e = Engine.Open();
        var ex = Assert.Throws<FwpException>(() => e.GetSaContext(ulong.MaxValue));
        Assert.True(ex.ErrorCode == 0x80320008);             // FWP_E_NOT_FOUND as the headers write it
        Assert.False(ex.ErrorCode != 0x80320008);
        Assert.True(ex.ErrorCode == ErrorCode.NotFound);
        Assert.False(ex.ErrorCode == 0x80320003);
        Assert.Equal(0x80320008u, ex.ErrorCode.Value);
        Assert.Equal(unchecked((int)0x80320008), ex.Code);    // the HResult-style int stays
        Assert.Equal(ex.Code, (int)ex.ErrorCode);
        Assert.Equal(ex.Code, ex.HResult);
        Assert.Equal("FWP_E_NOT_FOUND", ex.ErrorCode.ToString());
        Assert.Equal(ErrorCode.StatusInvalidHandle, (ErrorCode)unchecked((int)0xC0000008));
        Assert.Equal("0x00012345", new ErrorCode(0x12345).ToString()); // any value is representable
    }

    private static Filter V6Filter(bool outbound) => TestUtil.TransportFilter(outbound, name: "v6",
        layerKey: outbound ? FwpmGuids.LayerOutboundTransportV6 : FwpmGuids.LayerInboundTransportV6,
        calloutKey: outbound ? FwpmGuids.CalloutIpsecOutboundTransportV6 : FwpmGuids.CalloutIpsecInboundTransportV6);

    // IPv6 traffic that says V6 itself, and a GETSPI that says V6 too.
    [Fact]
    public void GetSpiIPv6Addresses()
    {
        using var e = Engine.Open();
        ulong fo = e.AddFilter(V6Filter(true)), fi = e.AddFilter(V6Filter(false));
        var local = IPAddress.Parse("2001:db8::1").GetAddressBytes();
        var remote = IPAddress.Parse("2001:db8::2").GetAddressBytes();
        ulong id = e.CreateSaContext(new Traffic
        {
            IpVersion = IpVersion.V6, LocalV6Address = local, RemoteV6Address = remote,
            TrafficType = TrafficType.Transport, IpsecFilterId = fo,
        });
        try
        {
            var inbound = new Traffic
            {
                IpVersion = IpVersion.V6, LocalV6Address = local, RemoteV6Address = remote,
                TrafficType = TrafficType.Transport, IpsecFilterId = fi,
            };
            uint spi = e.GetSpi(id, new GetSpi { InboundIpsecTraffic = inbound, IpVersion = IpVersion.V6 });
            e.AddInbound(id, TestUtil.EspBundle(spi, ipVersion: IpVersion.V6));
            var t = e.GetSaContext(id).InboundSa!.Traffic;
            Assert.Equal(IpVersion.V6, t.IpVersion);
            Assert.Equal(local, t.LocalV6Address);
            Assert.Equal(remote, t.RemoteV6Address);
            Assert.Equal(IPAddress.Parse("2001:db8::2"), t.RemoteAddress);

            var inbound0 = new Traffic0
            {
                IpVersion = IpVersion.V6, LocalV6Address = local, RemoteV6Address = remote,
                TrafficType = TrafficType.Transport, IpsecFilterId = fi,
            };
            ulong id0 = e.CreateSaContext0(new Traffic0
            {
                IpVersion = IpVersion.V6, LocalV6Address = local, RemoteV6Address = remote,
                TrafficType = TrafficType.Transport, IpsecFilterId = fo,
            });
            try
            {
                uint spi0 = e.GetSpi0(id0, new GetSpi0 { InboundIpsecTraffic = inbound0, IpVersion = IpVersion.V6 });
                var b0 = new SaBundle0 { IpVersion = IpVersion.V6, QmSaId = 1, SaList = TestUtil.EspBundle(spi0).SaList };
                e.AddInbound0(id0, b0);
                Assert.Equal(remote, e.GetSaContext0(id0).InboundSa!.Traffic.RemoteV6Address);
            }
            finally { e.DeleteSaContext(id0); }
        }
        finally
        {
            e.DeleteSaContext(id);
            e.DeleteFilter(fo);
            e.DeleteFilter(fi);
        }
    }

    // As C keying code does, only the GETSPI says IPv6: the inbound traffic's own
    // IpVersion is left 0 (V4).  The GETSPI's selects the traffic's address arms
    // (annotations.toml [select]), so the IPv6 addresses reach the engine.
    [Fact]
    public void GetSpiIPv6SetOnlyOnTheGetSpiSendsTheV6Addresses()
    {
        using var e = Engine.Open();
        ulong fo = e.AddFilter(V6Filter(true)), fi = e.AddFilter(V6Filter(false));
        var local = IPAddress.Parse("2001:db8::1").GetAddressBytes();
        var remote = IPAddress.Parse("2001:db8::2").GetAddressBytes();
        ulong id = e.CreateSaContext(new Traffic
        {
            IpVersion = IpVersion.V6, LocalV6Address = local, RemoteV6Address = remote,
            TrafficType = TrafficType.Transport, IpsecFilterId = fo,
        });
        ulong id0 = e.CreateSaContext0(new Traffic0
        {
            IpVersion = IpVersion.V6, LocalV6Address = local, RemoteV6Address = remote,
            TrafficType = TrafficType.Transport, IpsecFilterId = fo,
        });
        try
        {
            var inbound = new Traffic
            {
                LocalV6Address = local, RemoteV6Address = remote, TrafficType = TrafficType.Transport, IpsecFilterId = fi,
            };
            Assert.Equal(IpVersion.V4, inbound.IpVersion);
            uint spi = e.GetSpi(id, new GetSpi { InboundIpsecTraffic = inbound, IpVersion = IpVersion.V6 });
            e.AddInbound(id, TestUtil.EspBundle(spi, ipVersion: IpVersion.V6));
            var t = e.GetSaContext(id).InboundSa!.Traffic;
            Assert.Equal(IpVersion.V6, t.IpVersion);   // the engine stores the GETSPI's version
            Assert.Equal(local, t.LocalV6Address);
            Assert.Equal(remote, t.RemoteV6Address);

            var inbound0 = new Traffic0
            {
                LocalV6Address = local, RemoteV6Address = remote, TrafficType = TrafficType.Transport, IpsecFilterId = fi,
            };
            uint spi0 = e.GetSpi0(id0, new GetSpi0 { InboundIpsecTraffic = inbound0, IpVersion = IpVersion.V6 });
            e.AddInbound0(id0, new SaBundle0 { IpVersion = IpVersion.V6, QmSaId = 1, SaList = TestUtil.EspBundle(spi0).SaList });
            Assert.Equal(remote, e.GetSaContext0(id0).InboundSa!.Traffic.RemoteV6Address);
        }
        finally
        {
            e.DeleteSaContext(id);
            e.DeleteSaContext(id0);
            e.DeleteFilter(fo);
            e.DeleteFilter(fi);
        }
    }

    [Fact]
    public void VersionZeroEnumerationsMatchTheNewest()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint subnet = TestUtil.NewSubnet();
        var ids = new System.Collections.Generic.List<ulong>();
        try
        {
            for (uint i = 1; i <= 3; i++) ids.Add(TestUtil.CompleteContext(e, f, subnet | i).id);
            var t = TestUtil.RemoteTemplate(subnet);
            Assert.Equal(ids, e.EnumerateSaContexts(t, 2).Select(c => c.SaContextId));
            Assert.Equal(ids, e.EnumerateSaContexts0(t, 2).Select(c => c.SaContextId)); // pages of 2: 2 + 1
            Assert.Equal(e.EnumerateSas(null, 2).Count(), e.EnumerateSas0(null, 2).Count());
            Assert.Throws<ArgumentOutOfRangeException>(() => e.EnumerateSaContexts0(t, 0).ToList());
        }
        finally
        {
            foreach (var id in ids) e.DeleteSaContext(id);
            e.DeleteFilter(f.outbound);
            e.DeleteFilter(f.inbound);
        }
    }
}
