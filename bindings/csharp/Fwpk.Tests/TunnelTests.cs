using System;
using Fwpk;
using Xunit;

namespace Fwpk.Tests;

public class TunnelTests
{
    [Fact]
    public void AddTunnelWithTwoConditionsReadsItsQuickModeContextBackAndDeletesItByKey()
    {
        using var e = Engine.Open();
        uint net = TestUtil.NewSubnet(), local = net | 1, remote = net | 2;
        var key = Guid.NewGuid();
        var qm = new ProviderContext
        {
            ProviderContextKey = key,
            DisplayData = new DisplayData { Name = "sdk tunnel" },
            Type = ProviderContextType.IpsecIkeQmTunnelContext,
            IkeQmTunnelPolicy = new TunnelPolicy
            {
                TunnelEndpoints = new TunnelEndpoints { IpVersion = IpVersion.V4, LocalV4Address = local, RemoteV4Address = remote },
            },
        };
        FilterCondition Cond(Guid field, uint addr) => new()
        {
            FieldKey = field,
            MatchType = MatchType.Equal,
            ConditionValue = new ConditionValue { Type = DataType.Uint32, Uint32 = addr },
        };
        // the count parameter is the list's length: no count in the signature
        e.AddIPsecTunnel((uint)TunnelFlags.PointToPoint, null, qm,
            new[] { Cond(FwpmGuids.ConditionIpLocalAddress, local), Cond(FwpmGuids.ConditionIpRemoteAddress, remote) }, Guid.Empty);

        var back = e.GetProviderContext(key);
        Assert.Equal(ProviderContextType.IpsecIkeQmTunnelContext, back.Type);
        Assert.Equal(remote, back.IkeQmTunnelPolicy!.TunnelEndpoints.RemoteV4Address);

        e.DeleteIPsecTunnel(key);
        TestUtil.Fails(ErrorCode.ProviderContextNotFound, () => e.GetProviderContext(key));
    }
}
