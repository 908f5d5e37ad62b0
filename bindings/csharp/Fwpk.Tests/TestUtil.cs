using System;
using System.Collections.Generic;
using System.Threading;
using Fwpk;
using Xunit;

// The engine is process-wide: tests run one at a time so that counts are exact.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Fwpk.Tests;

internal static class TestUtil
{
    private static int _subnet;

    /// <summary>A fresh 11.N.M.0/24 subnet per call, so that templates isolate a test's contexts.</summary>
    public static uint NewSubnet()
    {
        int n = Interlocked.Increment(ref _subnet);
        return 0x0B000000u | (uint)(n & 0xFFFF) << 8;
    }

    public static Filter TransportFilter(bool outbound) => new()
    {
        DisplayData = new DisplayData(outbound ? "test outbound" : "test inbound"),
        LayerKey = outbound ? FwpmGuids.LayerOutboundTransportV4 : FwpmGuids.LayerInboundTransportV4,
        SubLayerKey = FwpmGuids.SublayerUniversal,
        Action = new FilterAction
        {
            Type = FwpActionType.CalloutTerminating,
            CalloutKey = outbound ? FwpmGuids.CalloutIpsecOutboundTransportV4 : FwpmGuids.CalloutIpsecInboundTransportV4,
        },
    };

    public static (ulong outbound, ulong inbound) AddFilters(Engine e) =>
        (e.AddFilter(TransportFilter(true)), e.AddFilter(TransportFilter(false)));

    public static SaBundle EspBundle(uint spi, uint qm = 1) => new()
    {
        Lifetime = new SaLifetime { LifetimeSeconds = 3600, LifetimeKilobytes = 1000, LifetimePackets = 100 },
        QmSaId = qm,
        IpVersion = FwpIpVersion.V4,
        SaList =
        {
            Sa.EspAuthAndCipher(spi,
                new SaCipherInformation(CipherTransformId.Aes128, Bytes(16, 1)),
                new SaAuthInformation(AuthTransformId.HmacSha196, Bytes(20, 2))),
        },
    };

    public static byte[] Bytes(int n, byte seed)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)(seed + i);
        return b;
    }

    /// <summary>Creates a complete context (GetSpi, inbound, outbound) towards remote.</summary>
    public static (ulong id, uint spi) CompleteContext(Engine e, (ulong o, ulong i) f, uint remote)
    {
        ulong id = e.CreateSaContext(IpsecTraffic.TransportV4(0x0A000001, remote, f.o));
        uint spi = e.GetSpi(id, new GetSpiInfo { InboundIpsecTraffic = IpsecTraffic.TransportV4(0x0A000001, remote, f.i), IpVersion = FwpIpVersion.V4 });
        e.AddInbound(id, EspBundle(spi));
        e.AddOutbound(id, EspBundle(0x2000));
        return (id, spi);
    }

    public static SaContextEnumTemplate RemoteTemplate(uint subnet) => new()
    {
        RemoteSubNet = FwpValue.FromV4AddrMask(subnet, 0xFFFFFF00),
    };

    public static FwpException Fails(ErrorCode code, Action a)
    {
        var ex = Assert.Throws<FwpException>(a);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal((int)code, ex.Code);
        return ex;
    }
}
