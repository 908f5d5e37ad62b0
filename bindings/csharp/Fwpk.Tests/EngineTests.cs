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
        // The loaded library agrees with the header the wrapper was compiled against.
        Assert.Equal(Fwpk.Native.fwpk.FWPKCLNT_VERSION, Engine.LibraryVersion);
        Assert.Equal(Fwpk.Native.fwpk.FWPKCLNT_VERSION_NUMBER, Engine.LibraryVersionNumber);
        Assert.Equal("FWP_E_NOT_FOUND", Engine.StatusName(unchecked((int)0x80320008)));
        Assert.Equal("STATUS_INVALID_HANDLE", FwpException.StatusName((int)ErrorCode.StatusInvalidHandle));
        Assert.Equal("STATUS_SUCCESS", Engine.StatusName(0));
        Assert.Null(Engine.StatusName(0x12345));
        Assert.Equal("0x00012345", FwpException.StatusName(0x12345));
        Assert.Equal((int)ErrorCode.NotFound, Fwpk.Native.fwpk.FWP_E_NOT_FOUND);
    }

    [Fact]
    public void SessionOptionsAreApplied()
    {
        var key = Guid.NewGuid();
        using var e = Engine.Open(new Session { SessionKey = key, DisplayData = new DisplayData("opts", "desc"), Flags = SessionFlags.Dynamic, TxnWaitTimeoutInMSec = 1234 });
        var s = e.EnumerateSessions().Single(x => x.SessionKey == key);
        Assert.Equal("opts", s.DisplayData.Name);
        Assert.Equal("desc", s.DisplayData.Description);
        Assert.Equal(SessionFlags.Dynamic, s.Flags);
        Assert.Equal(1234u, s.TxnWaitTimeoutInMSec);
        Assert.Equal((uint)Environment.ProcessId, s.ProcessId);
        Assert.True(s.KernelMode);
        Assert.Null(s.Sid);
        Assert.Null(s.Username);
    }

    [Fact]
    public void OpenErrorsCarryExactCodes()
    {
        TestUtil.Fails(ErrorCode.InvalidParameter, () => Engine.Open("server", RpcAuthnService.WinNT, null));
        TestUtil.Fails(ErrorCode.InvalidParameter, () => Engine.Open(RpcAuthnService.None, null));
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

        using (var ro = e.BeginTransaction(TransactionFlags.ReadOnly))
        {
            TestUtil.Fails(ErrorCode.IncompatibleTxn, () => e.AddFilter(TestUtil.TransportFilter(true)));
            ro.Abort();
            ro.Dispose();
        }
        TestUtil.Fails(ErrorCode.InvalidFlags, () => e.BeginTransaction((TransactionFlags)4));
    }

    [Fact]
    public void FiltersAddGetDeleteEnumerate()
    {
        using var e = Engine.Open();
        var key = Guid.NewGuid();
        var f = TestUtil.TransportFilter(true);
        f.FilterKey = key;
        f.Weight = FwpValue.FromUInt8(3);
        f.FilterCondition.Add(new FilterCondition(FwpmGuids.ConditionIpRemoteAddress, FwpMatchType.Equal, FwpValue.FromV4AddrMask(0x0A000000, 0xFF000000)));
        f.FilterCondition.Add(new FilterCondition(FwpmGuids.ConditionIpRemotePort, FwpMatchType.Range, FwpValue.FromRange(FwpValue.FromUInt16(1), FwpValue.FromUInt16(9))));
        f.FilterCondition.Add(new FilterCondition(FwpmGuids.ConditionIpLocalAddress, FwpMatchType.Equal, FwpValue.FromByteArray16(TestUtil.Bytes(16, 7))));
        ulong id = e.AddFilter(f);
        Assert.NotEqual(0ul, id);

        var got = e.GetFilter(id);
        Assert.Equal(key, got.FilterKey);
        Assert.Equal("test outbound", got.DisplayData.Name);
        Assert.Equal(FwpmGuids.LayerOutboundTransportV4, got.LayerKey);
        Assert.Equal(FwpActionType.CalloutTerminating, got.Action.Type);
        Assert.Equal(FwpmGuids.CalloutIpsecOutboundTransportV4, got.Action.CalloutKey);
        Assert.Equal(FwpDataType.UInt64, got.EffectiveWeight.Type);
        Assert.Equal(3ul << 60, got.EffectiveWeight.UInt64);
        Assert.Equal(3, got.FilterCondition.Count);
        Assert.Equal(0xFF000000u, got.FilterCondition[0].ConditionValue.V4AddrMask!.Mask);
        Assert.Equal((ushort)9, got.FilterCondition[1].ConditionValue.RangeValue!.ValueHigh.UInt16);
        Assert.Equal(TestUtil.Bytes(16, 7), got.FilterCondition[2].ConditionValue.Bytes);
        Assert.Equal(id, e.GetFilter(key).FilterId);

        var tmpl = new FilterEnumTemplate { LayerKey = FwpmGuids.LayerOutboundTransportV4, CalloutKey = FwpmGuids.CalloutIpsecOutboundTransportV4 };
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
        var noName = TestUtil.TransportFilter(true);
        noName.DisplayData = new DisplayData(null);
        TestUtil.Fails(ErrorCode.NullDisplayName, () => e.AddFilter(noName));
        var badLayer = TestUtil.TransportFilter(true);
        badLayer.LayerKey = Guid.NewGuid();
        TestUtil.Fails(ErrorCode.LayerNotFound, () => e.AddFilter(badLayer));
        var wrongCallout = TestUtil.TransportFilter(true);
        wrongCallout.Action.CalloutKey = FwpmGuids.CalloutIpsecInboundTransportV4;
        TestUtil.Fails(ErrorCode.IncompatibleLayer, () => e.AddFilter(wrongCallout));
        var badWeight = TestUtil.TransportFilter(true);
        badWeight.Weight = FwpValue.FromUInt8(16);
        TestUtil.Fails(ErrorCode.InvalidWeight, () => e.AddFilter(badWeight));
        var nullValue = TestUtil.TransportFilter(true);
        nullValue.FilterCondition.Add(new FilterCondition(FwpmGuids.ConditionIpRemoteAddress, FwpMatchType.Equal, new FwpValue { Type = FwpDataType.V4AddrMask }));
        TestUtil.Fails(ErrorCode.NullPointer, () => e.AddFilter(nullValue));
        var badMatch = TestUtil.TransportFilter(true);
        badMatch.FilterCondition.Add(new FilterCondition(FwpmGuids.ConditionIpProtocol, (FwpMatchType)99, FwpValue.FromUInt8(6)));
        TestUtil.Fails(ErrorCode.InvalidEnumerator, () => e.AddFilter(badMatch));
    }

    [Fact]
    public void StatisticsV0AndV1()
    {
        using var e = Engine.Open();
        var s1 = e.GetStatistics();
        var s0 = e.GetStatistics0();
        Assert.Equal(s1.AggregateSaStatistics.TotalSasAdded, s0.AggregateSaStatistics.TotalSasAdded);
        Assert.Equal(0ul, s1.InboundTrafficStatistics.TotalSuccessfulPackets);
        using (e.BeginTransaction())
            TestUtil.Fails(ErrorCode.TxnInProgress, () => e.GetStatistics());
    }
}
