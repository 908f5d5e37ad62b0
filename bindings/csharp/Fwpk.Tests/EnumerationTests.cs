using System;
using System.Collections.Generic;
using System.Linq;
using Fwpk;
using Xunit;

namespace Fwpk.Tests;

public class EnumerationTests
{
    private static (Engine e, uint subnet, List<ulong> ids) Setup(int count)
    {
        var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint subnet = TestUtil.NewSubnet();
        var ids = new List<ulong>();
        for (int i = 0; i < count; i++) ids.Add(TestUtil.CompleteContext(e, f, subnet | (uint)(i + 1)).id);
        return (e, subnet, ids);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    public void PagesOfEverySize(int pageSize)
    {
        var (e, subnet, ids) = Setup(5);
        using (e)
        {
            var got = e.EnumerateSaContexts(TestUtil.RemoteTemplate(subnet), pageSize).Select(c => c.SaContextId).ToList();
            Assert.Equal(ids, got); // ordered by id, each once
            using var en = e.CreateSaContextEnumerator(TestUtil.RemoteTemplate(subnet));
            int total = 0;
            while (true)
            {
                var page = en.Next((uint)pageSize);
                Assert.True(page.Count <= pageSize);
                total += page.Count;
                if (page.Count < pageSize) break;
            }
            Assert.Equal(5, total);
            Assert.True(en.IsExhausted);
            Assert.Empty(en.Next((uint)pageSize)); // exhausted: further pages are empty
            Assert.Empty(en.Next(0));
        }
    }

    [Fact]
    public void TemplatesSelectBySubnet()
    {
        var (e, subnet, ids) = Setup(3);
        using (e)
        {
            var one = new SaContextEnumTemplate { RemoteSubNet = ConditionValue.FromUInt32(subnet | 2) };
            Assert.Equal(new[] { ids[1] }, e.EnumerateSaContexts(one).Select(c => c.SaContextId));
            var v6 = new SaContextEnumTemplate { RemoteSubNet = ConditionValue.FromV6AddrMask(new byte[16], 0) };
            Assert.DoesNotContain(e.EnumerateSaContexts(v6), c => ids.Contains(c.SaContextId));
            var bad = new SaContextEnumTemplate { RemoteSubNet = ConditionValue.FromUInt8(1) };
            TestUtil.Fails(ErrorCode.TypeMismatch, () => e.CreateSaContextEnumerator(bad));
            var badMask = new SaContextEnumTemplate { LocalSubNet = ConditionValue.FromV4AddrMask(0, 0x00FF00FF) };
            TestUtil.Fails(ErrorCode.InvalidNetMask, () => e.CreateSaContextEnumerator(badMask));
        }
    }

    [Fact]
    public void SnapshotIgnoresLaterChanges()
    {
        var (e, subnet, ids) = Setup(2);
        using (e)
        {
            using var en = e.CreateSaContextEnumerator(TestUtil.RemoteTemplate(subnet), pageSize: 1);
            e.DeleteSaContext(ids[0]);
            Assert.Equal(ids, en.Select(c => c.SaContextId).ToList());
        }
    }

    [Fact]
    public void SaEnumerationByDirection()
    {
        var (e, subnet, ids) = Setup(2);
        using (e)
        {
            var inbound = e.EnumerateSas(new SaEnumTemplate { SaDirection = Direction.Inbound }, 1)
                .Where(d => (d.Traffic.RemoteV4Address & 0xFFFFFF00) == subnet).ToList();
            Assert.Equal(2, inbound.Count);
            Assert.All(inbound, d => Assert.Equal(Direction.Inbound, d.SaDirection));
            var both = e.EnumerateSas().Where(d => (d.Traffic.RemoteV4Address & 0xFFFFFF00) == subnet).ToList();
            Assert.Equal(4, both.Count);
            using var en = e.CreateSaEnumerator();
            Assert.NotNull(en.Next0(1));
            TestUtil.Fails(ErrorCode.InvalidEnumerator, () => e.CreateSaEnumerator(new SaEnumTemplate { SaDirection = (Direction)2 }));
        }
    }

    [Fact]
    public void SessionAndFilterEnumerators()
    {
        using var e = Engine.Open(new Session { DisplayData = new DisplayData { Name = "enum-me" } });
        Assert.Contains(e.EnumerateSessions(pageSize: 1), s => s.DisplayData.Name == "enum-me");
        TestUtil.Fails(ErrorCode.Reserved, () => e.CreateSessionEnumerator(new SessionEnumTemplate { Reserved = 1 }));
        using var fe = e.CreateFilterEnumerator(new FilterEnumTemplate { ActionMask = 0xFFFFFFFF }, pageSize: 2);
        Assert.NotNull(fe.ToList());
        TestUtil.Fails(ErrorCode.NeverMatch, () => e.CreateFilterEnumerator(new FilterEnumTemplate { ActionMask = 0 }));
    }

    [Fact]
    public void V0SequencesAndBreakDestroysTheHandle()
    {
        var (e, subnet, ids) = Setup(3);
        using (e)
        {
            Assert.Equal(ids, e.EnumerateSaContexts0(TestUtil.RemoteTemplate(subnet), 2).Select(c => c.SaContextId));
            Assert.Equal(6, e.EnumerateSas0(pageSize: 1).Count(d => (d.Traffic.RemoteV4Address & 0xFFFFFF00) == subnet));
            foreach (var c in e.EnumerateSaContexts(TestUtil.RemoteTemplate(subnet), 1)) break; // disposes the enumerator
            int sessions = e.EnumerateSessions().Count();
            Assert.True(sessions >= 1);
        }
    }

    [Fact]
    public void EnumeratedEntriesAreViewsThatDecodeOnDemand()
    {
        var (e, subnet, ids) = Setup(2);
        using (e)
        {
            var page = e.CreateSaContextEnumerator(TestUtil.RemoteTemplate(subnet)).Next(10);
            Assert.Equal(ids, page.Select(c => c.SaContextId));            // fixed offset: no decoding
            Assert.Equal(page[0], e.GetSaContext(ids[0]));                   // full decode, value equality
            Assert.Equal(subnet | 1, page[0].OutboundSa!.Traffic.RemoteV4Address);
            Assert.NotEqual(page[0], page[1]);
        }
    }

    [Fact]
    public void PageLargerThanItsCopyChunksDecodesEveryRecord()
    {
        // ~740 bytes per context: 120 contexts are a page of ~89 KB, copied out in
        // several arrays of whole records (Wire.Page): every record must land whole.
        var (e, subnet, ids) = Setup(120);
        using (e)
        {
            var page = e.CreateSaContextEnumerator(TestUtil.RemoteTemplate(subnet)).Next(1000);
            Assert.Equal(ids, page.Select(c => c.SaContextId));
            for (int i = 0; i < page.Count; i++)
            {
                Assert.Equal(e.GetSaContext(ids[i]), page[i]);
                Assert.Equal(subnet | (uint)(i + 1), page[i].OutboundSa!.Traffic.RemoteV4Address);
            }
        }
    }

    [Fact]
    public void EnumeratorDisposalAndUseAfterClose()
    {
        using var e = Engine.Open();
        var en = e.CreateSaContextEnumerator();
        en.Dispose();
        en.Dispose(); // harmless
        Assert.True(en.IsClosed);
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => en.Next(1));
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => en.DestroyOrThrow());

        var en2 = e.CreateSaContextEnumerator();
        en2.DestroyOrThrow();
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => en2.DestroyOrThrow());

        var en3 = e.CreateSaContextEnumerator();
        e.Close(); // closing the session releases its enumerators
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => en3.Next(1));
        en3.Dispose();
    }

    [Fact]
    public void EnumeratorOfAnotherSessionIsInvalidHandle()
    {
        using var a = Engine.Open();
        using var b = Engine.Open();
        using var en = a.CreateSaContextEnumerator();
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => b.EnumSaContext(en.DangerousGetHandle(), 1));
        Assert.NotNull(en.Next(1)); // still intact for its owner
    }
}
