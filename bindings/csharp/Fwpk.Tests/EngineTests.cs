using System;
using System.Linq;
using Fwpk;
using Xunit;

namespace Fwpk.Tests;

public class EngineTests
{
    [Fact]
    public void OpenAndClose()
    {
        using var e = Engine.Open();
        Assert.False(e.IsClosed);
        e.Close();
        Assert.True(e.IsClosed);
    }

    [Fact]
    public void VersionAndStatusNames()
    {
        // The loaded library agrees with the header the SDK was generated from.
        Assert.Equal(Fwp.FwpkclntVersionNumber, Engine.LibraryVersionNumber);
        Assert.Equal($"{Fwp.FwpkclntVersionNumber / 1000000}.{Fwp.FwpkclntVersionNumber / 1000 % 1000}.{Fwp.FwpkclntVersionNumber % 1000}", Engine.LibraryVersion);
        Assert.Equal("FWP_E_NOT_FOUND", Engine.StatusName(unchecked((int)0x80320008)));
        Assert.Equal("STATUS_INVALID_HANDLE", FwpException.StatusName((int)ErrorCode.StatusInvalidHandle));
        Assert.Equal("STATUS_SUCCESS", Engine.StatusName(0));
        Assert.Null(Engine.StatusName(0x12345));
        Assert.Equal("0x00012345", FwpException.StatusName(0x12345));
        Assert.Equal(0x80320008u, ErrorCode.NotFound.Value);
        Assert.True(new FwpException(unchecked((int)0x80320008)).ErrorCode == 0x80320008);
    }

    [Fact]
    public void SessionOptionsAreApplied()
    {
        var key = Guid.NewGuid();
        using var e = Engine.Open(new Session { SessionKey = key, DisplayData = new DisplayData { Name = "opts", Description = "desc" }, Flags = SessionFlags.Dynamic, TxnWaitTimeoutInMSec = 1234 });
        var s = e.EnumerateSessions().Single(x => x.SessionKey == key);
        Assert.Equal("opts", s.DisplayData.Name);
        Assert.Equal("desc", s.DisplayData.Description);
        Assert.Equal((uint)SessionFlags.Dynamic, s.Flags);
        Assert.Equal(1234u, s.TxnWaitTimeoutInMSec);
        Assert.Equal((uint)Environment.ProcessId, s.ProcessId);
        Assert.True(s.KernelMode);
        Assert.Null(s.Sid);
        Assert.Null(s.Username);
    }

    [Fact]
    public void OpenErrorsCarryExactCodes()
    {
        TestUtil.Fails(ErrorCode.InvalidParameter, () => Engine.Open("server", RpcCAuthn.Winnt, null));
        TestUtil.Fails(ErrorCode.InvalidParameter, () => Engine.Open(RpcCAuthn.None, null));
        TestUtil.Fails(ErrorCode.InvalidFlags, () => Engine.Open(new Session { Flags = SessionFlags.Reserved }));
        var key = Guid.NewGuid();
        using var first = Engine.Open(new Session { SessionKey = key });
        var ex = TestUtil.Fails(ErrorCode.AlreadyExists, () => Engine.Open(new Session { SessionKey = key }));
        Assert.Equal("FWP_E_ALREADY_EXISTS", ex.Name);
        Assert.Equal("FwpmEngineOpen0", ex.Function);
        Assert.Contains("FWP_E_ALREADY_EXISTS", ex.Message);
    }

    [Fact]
    public void DoubleCloseIsHarmlessAndUseAfterCloseIsInvalidHandle()
    {
        var e = Engine.Open();
        e.Dispose();
        e.Dispose();
        e.Close();
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => e.GetStatistics());
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => e.BeginTransaction());
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => e.CreateSaContextEnumerator());
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => e.CloseOrThrow());
    }

    [Fact]
    public void CloseOrThrowReportsSecondClose()
    {
        var e = Engine.Open();
        e.CloseOrThrow();
        Assert.True(e.IsClosed);
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => e.CloseOrThrow());
        e.Dispose();
    }

    [Fact]
    public void TransactionsCommitAbortAndDispose()
    {
        using var e = Engine.Open();
        using (var tx = e.BeginTransaction())
        {
            TestUtil.Fails(ErrorCode.TxnInProgress, () => e.BeginTransaction());
            tx.Commit();
            Assert.True(tx.IsCompleted);
        }
        TestUtil.Fails(ErrorCode.NoTxnInProgress, () => e.TransactionCommit());

        ulong id;
        using (e.BeginTransaction())
        {
            id = e.AddFilter(TestUtil.TransportFilter(true));
            Assert.Equal(id, e.GetFilter(id).FilterId);
        } // disposed without Commit: aborted
        TestUtil.Fails(ErrorCode.FilterNotFound, () => e.GetFilter(id));

        using (var ro = e.BeginTransaction(Fwp.TxnReadOnly))
        {
            TestUtil.Fails(ErrorCode.IncompatibleTxn, () => e.AddFilter(TestUtil.TransportFilter(true)));
            ro.Abort();
            ro.Dispose();
        }
        TestUtil.Fails(ErrorCode.InvalidFlags, () => e.BeginTransaction(4));
    }

    [Fact]
    public void FiltersAddGetDeleteEnumerate()
    {
        using var e = Engine.Open();
        var key = Guid.NewGuid();
        var f = TestUtil.TransportFilter(true, key, Value.FromUInt8(3),
        [
            new FilterCondition { FieldKey = FwpmGuids.ConditionIpRemoteAddress, MatchType = MatchType.Equal, ConditionValue = ConditionValue.FromV4AddrMask(0x0A000000, 0xFF000000) },
            new FilterCondition { FieldKey = FwpmGuids.ConditionIpRemotePort, MatchType = MatchType.Range, ConditionValue = ConditionValue.FromRange(Value.FromUInt16(1), Value.FromUInt16(9)) },
            new FilterCondition { FieldKey = FwpmGuids.ConditionIpLocalAddress, MatchType = MatchType.Equal, ConditionValue = ConditionValue.FromUInt32(0x0A000001) }, // a V4 layer: FWP_UINT32 addresses
        ]);
        ulong id = e.AddFilter(f);
        Assert.NotEqual(0ul, id);

        var got = e.GetFilter(id);
        Assert.Equal(key, got.FilterKey);
        Assert.Equal("test outbound", got.DisplayData.Name);
        Assert.Equal(FwpmGuids.LayerOutboundTransportV4, got.LayerKey);
        Assert.Equal((uint)ActionType.CalloutTerminating, got.Action.Type);
        Assert.Equal(FwpmGuids.CalloutIpsecOutboundTransportV4, got.Action.CalloutKey);
        Assert.Equal(DataType.Uint64, got.EffectiveWeight.Type);
        Assert.Equal(3ul << 60 | 3ul << 52 | 52, got.EffectiveWeight.Uint64); // range 3 over the automatic weight (docs/decisions.md)
        Assert.Equal(3, got.FilterCondition!.Length);
        Assert.Equal(f.FilterCondition, got.FilterCondition); // value equality of the generated types
        Assert.Equal(0xFF000000u, got.FilterCondition[0].ConditionValue.V4AddrMask!.Mask);
        Assert.Equal((ushort)9, got.FilterCondition[1].ConditionValue.RangeValue!.ValueHigh.Uint16);
        Assert.Equal(0x0A000001u, got.FilterCondition[2].ConditionValue.Uint32);
        Assert.Equal(id, e.GetFilter(key).FilterId);

        var tmpl = new FilterEnumTemplate { LayerKey = FwpmGuids.LayerOutboundTransportV4, CalloutKey = FwpmGuids.CalloutIpsecOutboundTransportV4, ActionMask = 0xFFFFFFFF };
        Assert.Contains(e.EnumerateFilters(tmpl, pageSize: 1), x => x.FilterId == id);

        e.DeleteFilter(key);
        TestUtil.Fails(ErrorCode.FilterNotFound, () => e.GetFilter(id));
        TestUtil.Fails(ErrorCode.FilterNotFound, () => e.DeleteFilter(id));
        TestUtil.Fails(ErrorCode.FilterNotFound, () => e.GetFilter(Guid.NewGuid()));
    }

    [Fact]
    public void FilterValidationErrors()
    {
        using var e = Engine.Open();
        TestUtil.Fails(ErrorCode.NullDisplayName, () => e.AddFilter(TestUtil.TransportFilter(true, name: null)));
        TestUtil.Fails(ErrorCode.LayerNotFound, () => e.AddFilter(TestUtil.TransportFilter(true, layerKey: Guid.NewGuid())));
        TestUtil.Fails(ErrorCode.IncompatibleLayer, () => e.AddFilter(TestUtil.TransportFilter(true, calloutKey: FwpmGuids.CalloutIpsecInboundTransportV4)));
        TestUtil.Fails(ErrorCode.InvalidWeight, () => e.AddFilter(TestUtil.TransportFilter(true, weight: Value.FromUInt8(16))));
        var nullValue = new FilterCondition { FieldKey = FwpmGuids.ConditionIpRemoteAddress, MatchType = MatchType.Equal, ConditionValue = new ConditionValue { Type = DataType.V4AddrMask } };
        TestUtil.Fails(ErrorCode.NullPointer, () => e.AddFilter(TestUtil.TransportFilter(true, conditions: [nullValue])));
        var badMatch = new FilterCondition { FieldKey = FwpmGuids.ConditionIpProtocol, MatchType = (MatchType)99, ConditionValue = ConditionValue.FromUInt8(6) };
        TestUtil.Fails(ErrorCode.InvalidEnumerator, () => e.AddFilter(TestUtil.TransportFilter(true, conditions: [badMatch])));
        TestUtil.Fails(ErrorCode.NullPointer, () => e.AddFilter(null));
    }

    [Fact]
    public void StatisticsV0AndV1()
    {
        using var e = Engine.Open();
        var s1 = e.GetStatistics();
        var s0 = e.GetStatistics0();
        Assert.Equal(s1.AggregateSaStatistics.TotalSasAdded, s0.AggregateSaStatistics.TotalSasAdded);
        Assert.Equal(0ul, s1.InboundTrafficStatistics.TotalSuccessfulPackets);
        Assert.Contains("AggregateSaStatistics = AggregateSaStatistics {", s1.ToString());
        using (e.BeginTransaction())
            TestUtil.Fails(ErrorCode.TxnInProgress, () => e.GetStatistics());
    }
}

/// <summary>Functions and structures the headers gained after the SDK was written appear generated.</summary>
public class GeneratedSurfaceTests
{
    [Fact]
    public void ProvidersAndBfeStateNeedNoHandWrittenCode()
    {
        Assert.Equal(ServiceState.Running, Engine.GetBfeState());
        using var e = Engine.Open();
        var key = Guid.NewGuid();
        e.AddProvider(new Provider { ProviderKey = key, DisplayData = new DisplayData { Name = "generated provider" } });
        var got = e.GetProvider(key);
        Assert.Equal("generated provider", got.DisplayData.Name);
        Assert.Contains(e.EnumerateProviders(pageSize: 1), p => p.ProviderKey == key);
        e.DeleteProvider(key);
        TestUtil.Fails(ErrorCode.ProviderNotFound, () => e.GetProvider(key));
    }
}
