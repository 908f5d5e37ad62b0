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

    public static Filter TransportFilter(bool outbound, Guid filterKey = default, Value? weight = null,
                                         FilterCondition[]? conditions = null, string? name = "", Guid? layerKey = null, Guid? calloutKey = null) => new()
    {
        FilterKey = filterKey,
        DisplayData = new DisplayData { Name = name == "" ? (outbound ? "test outbound" : "test inbound") : name },
        LayerKey = layerKey ?? (outbound ? FwpmGuids.LayerOutboundTransportV4 : FwpmGuids.LayerInboundTransportV4),
        SubLayerKey = FwpmGuids.SublayerUniversal,
        Weight = weight ?? Value.Empty(),
        FilterCondition = conditions,
        Action = new FwpmAction
        {
            Type = ActionType.CalloutTerminating,
            CalloutKey = calloutKey ?? (outbound ? FwpmGuids.CalloutIpsecOutboundTransportV4 : FwpmGuids.CalloutIpsecInboundTransportV4),
        },
    };

    public static (ulong outbound, ulong inbound) AddFilters(Engine e) =>
        (e.AddFilter(TransportFilter(true)), e.AddFilter(TransportFilter(false)));

    public static SaBundle EspBundle(uint spi, uint qm = 1, IpVersion ipVersion = IpVersion.V4, SaAuthInformation? auth = null) => new()
    {
        Lifetime = new SaLifetime { LifetimeSeconds = 3600, LifetimeKilobytes = 1000, LifetimePackets = 100 },
        QmSaId = qm,
        IpVersion = ipVersion,
        SaList =
        [
            Sa.EspAuthAndCipher(spi,
                SaCipherInformation.Of(CipherTransformId.Aes128, Bytes(16, 1)),
                auth ?? SaAuthInformation.Of(AuthTransformId.HmacSha196, Bytes(20, 2))),
        ],
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
        ulong id = e.CreateSaContext(Traffic.TransportV4(0x0A000001, remote, f.o));
        uint spi = e.GetSpi(id, new GetSpi { InboundIpsecTraffic = Traffic.TransportV4(0x0A000001, remote, f.i), IpVersion = IpVersion.V4 });
        e.AddInbound(id, EspBundle(spi));
        e.AddOutbound(id, EspBundle(0x2000));
        return (id, spi);
    }

    public static SaContextEnumTemplate RemoteTemplate(uint subnet) => new()
    {
        RemoteSubNet = ConditionValue.FromV4AddrMask(subnet, 0xFFFFFF00),
    };

    public static FwpException Fails(ErrorCode code, System.Action a)
    {
        var ex = Assert.Throws<FwpException>(a);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal((int)code, ex.Code);
        return ex;
    }
}
