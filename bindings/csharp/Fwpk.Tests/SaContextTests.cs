using System;
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
        ulong id = e.CreateSaContext(IpsecTraffic.TransportV4(0x0A000001, remote, f.outbound), null, out ulong inboundFilterId);
        Assert.Equal(0ul, inboundFilterId);
        var ctx = e.GetSaContext(id);
        Assert.Equal(id, ctx.SaContextId);
        Assert.Null(ctx.InboundSa);
        Assert.Null(ctx.OutboundSa);

        var gs = new GetSpiInfo { InboundIpsecTraffic = IpsecTraffic.TransportV4(0x0A000001, remote, f.inbound), IpVersion = FwpIpVersion.V4 };
        uint spi = e.GetSpi(id, gs);
        Assert.True(spi >= 256);
        Assert.Equal(spi, e.GetSpi(id, gs)); // same traffic: same SPI
        TestUtil.Fails(ErrorCode.IncompatibleSaState, () => e.SetSpi(id, gs, 5000));

        e.AddInbound(id, TestUtil.EspBundle(spi, qm: 7));
        e.AddOutbound(id, TestUtil.EspBundle(0x1234, qm: 7));
        ctx = e.GetSaContext(id);
        var inSa = ctx.InboundSa!;
        Assert.Equal(FwpDirection.Inbound, inSa.SaDirection);
        Assert.Equal(remote, inSa.Traffic.RemoteV4Address);
        Assert.Equal(f.inbound, inSa.Traffic.IpsecFilterId);
        Assert.Equal(f.inbound, inSa.TransportFilter!.FilterId);
        Assert.Equal(7u, inSa.SaBundle.QmSaId);
        var sa = Assert.Single(inSa.SaBundle.SaList);
        Assert.Equal(spi, sa.Spi);
        Assert.Equal(IpsecTransformType.EspAuthAndCipher, sa.SaTransformType);
        Assert.Equal(CipherTransformId.Aes128, sa.EspAuthAndCipherInformation!.SaCipherInformation.CipherTransformId);
        Assert.Equal(TestUtil.Bytes(16, 1), sa.EspAuthAndCipherInformation.SaCipherInformation.CipherKey);
        Assert.Equal(TestUtil.Bytes(20, 2), sa.EspAuthAndCipherInformation.SaAuthInformation.AuthKey);
        Assert.Equal(AuthTransformId.HmacSha196, sa.EspAuthAndCipherInformation.SaAuthInformation.AuthTransformId);
        Assert.Equal(0x1234u, ctx.OutboundSa!.SaBundle.SaList[0].Spi);
        Assert.Equal(System.Net.IPAddress.Parse("10.0.0.1"), ctx.OutboundSa.Traffic.LocalAddress);

        var v0 = e.GetSaContext0(id);
        Assert.Equal(spi, v0.InboundSa!.SaBundle.SaList[0].Spi);

        e.UpdateSaContext(IpsecSaContextUpdateFlags.MmSaId, new SaContext
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
        ulong id = e.CreateSaContext0(IpsecTraffic.TransportV4(0x0A000001, remote, f.outbound));
        uint spi = e.GetSpi0(id, new GetSpiInfo { InboundIpsecTraffic = IpsecTraffic.TransportV4(0x0A000001, remote, f.inbound), IpVersion = FwpIpVersion.V4 });
        var bundle = new SaBundle
        {
            IpVersion = FwpIpVersion.V4,
            QmSaId = 3,
            SaList =
            {
                Sa.EspCipher(spi, new SaCipherInformation(CipherTransformId.Aes256, TestUtil.Bytes(32, 3))),
                Sa.Ah(spi, new SaAuthInformation(AuthTransformId.HmacSha256128, TestUtil.Bytes(32, 4))),
            },
        };
        e.AddInbound0(id, bundle);
        var outBundle = new SaBundle { IpVersion = FwpIpVersion.V4, QmSaId = 3, SaList = { Sa.EspAuth(0x3000, new SaAuthInformation(AuthTransformId.HmacSha196, TestUtil.Bytes(20, 5))) } };
        e.AddOutbound0(id, outBundle);
        var ctx = e.GetSaContext0(id);
        Assert.Equal(IpsecTransformType.Ah, ctx.InboundSa!.SaBundle.SaList[1].SaTransformType);
        Assert.Equal(32, ctx.InboundSa.SaBundle.SaList[1].AhInformation!.AuthKey!.Length);
        Assert.Equal(IpsecTransformType.EspAuth, ctx.OutboundSa!.SaBundle.SaList[0].SaTransformType);
        e.DeleteSaContext(id);
    }

    [Fact]
    public void SetSpiAndStateErrors()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint remote = TestUtil.NewSubnet() | 1;
        ulong id = e.CreateSaContext(IpsecTraffic.TransportV4(0x0A000001, remote, f.outbound));
        TestUtil.Fails(ErrorCode.IncompatibleSaState, () => e.AddInbound(id, TestUtil.EspBundle(1000)));
        var gs = new GetSpiInfo { InboundIpsecTraffic = IpsecTraffic.TransportV4(0x0A000001, remote, f.inbound), IpVersion = FwpIpVersion.V4 };
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.SetSpi(id, gs, 255));
        uint spi = 0x10000 + (TestUtil.NewSubnet() >> 8 & 0xFFFF);
        e.SetSpi(id, gs, spi);
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.AddInbound(id, TestUtil.EspBundle(spi + 1)));
        TestUtil.Fails(ErrorCode.ZeroLengthArray, () => e.AddInbound(id, new SaBundle { IpVersion = FwpIpVersion.V4 }));
        var badKey = TestUtil.EspBundle(spi);
        badKey.SaList[0].EspAuthAndCipherInformation!.SaAuthInformation.AuthKey = null;
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.AddInbound(id, badKey));
        var badCfg = TestUtil.EspBundle(spi);
        badCfg.SaList[0].EspAuthAndCipherInformation!.SaAuthInformation.AuthTransformId = new AuthTransformId(IpsecAuthType.Sha1, IpsecAuthConfig.HmacMd596);
        TestUtil.Fails(ErrorCode.InvalidAuthTransform, () => e.AddInbound(id, badCfg));
        var nullInfo = new SaBundle { IpVersion = FwpIpVersion.V4, SaList = { new Sa { Spi = spi, SaTransformType = IpsecTransformType.Ah } } };
        TestUtil.Fails(ErrorCode.NullPointer, () => e.AddInbound(id, nullInfo));
        e.AddInbound(id, TestUtil.EspBundle(spi));
        e.DeleteSaContext(id);
    }

    [Fact]
    public void TrafficValidation()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        TestUtil.Fails(ErrorCode.FilterNotFound, () => e.CreateSaContext(IpsecTraffic.TransportV4(1, 2, 0)));
        TestUtil.Fails(ErrorCode.IncompatibleLayer, () => e.CreateSaContext(IpsecTraffic.TransportV4(1, 2, f.inbound)));
        var t = IpsecTraffic.TransportV4(1, 2, f.outbound);
        t.IpVersion = FwpIpVersion.None;
        TestUtil.Fails(ErrorCode.InvalidParameter, () => e.CreateSaContext(t));
        t.IpVersion = (FwpIpVersion)7;
        TestUtil.Fails(ErrorCode.InvalidEnumerator, () => e.CreateSaContext0(t));
        using var dyn = Engine.Open(new Session { Flags = SessionFlags.Dynamic });
        TestUtil.Fails(ErrorCode.DynamicSessionInProgress, () => dyn.CreateSaContext(IpsecTraffic.TransportV4(1, 2, f.outbound)));
        using (e.BeginTransaction())
            TestUtil.Fails(ErrorCode.TxnInProgress, () => e.CreateSaContext(IpsecTraffic.TransportV4(1, 2, f.outbound)));
    }

    [Fact]
    public void TunnelAndV6TrafficRoundTrip()
    {
        using var e = Engine.Open();
        var v6 = new IpsecTraffic
        {
            IpVersion = FwpIpVersion.V6,
            LocalV6Address = TestUtil.Bytes(16, 0x20),
            RemoteV6Address = TestUtil.Bytes(16, 0x40),
            TrafficType = IpsecTrafficType.Tunnel,
            TunnelPolicyId = 77,
            RemotePort = 500,
            LocalPort = 4500,
            IpProtocol = 17,
        };
        ulong id = e.CreateSaContext(v6, new VirtualIfTunnelInfo { VirtualIfTunnelId = 1, TrafficSelectorId = 2 });
        var gs = new GetSpiInfo { InboundIpsecTraffic = v6, IpVersion = FwpIpVersion.V6 };
        uint spi = e.GetSpi(id, gs);
        var b = TestUtil.EspBundle(spi);
        b.IpVersion = FwpIpVersion.V6;
        e.AddInbound(id, b);
        var d = e.GetSaContext(id).InboundSa!;
        Assert.Equal(FwpIpVersion.V6, d.Traffic.IpVersion);
        Assert.Equal(TestUtil.Bytes(16, 0x40), d.Traffic.RemoteV6Address);
        Assert.Equal(77ul, d.Traffic.TunnelPolicyId);
        Assert.Equal(0ul, d.TransportFilter!.FilterId);   // tunnel mode: a stand-in no filter object backs
        Assert.Equal((ushort)4500, d.Traffic.LocalPort);
        e.DeleteSaContext(id);
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
