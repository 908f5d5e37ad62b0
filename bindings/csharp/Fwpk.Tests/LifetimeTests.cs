using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Fwpk;
using Xunit;

namespace Fwpk.Tests;

public class LifetimeTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SaContextEnumerator EnumeratorWithoutSessionReference(uint subnet, out WeakReference<Engine> weak)
    {
        var e = Engine.Open();
        weak = new WeakReference<Engine>(e);
        return e.CreateSaContextEnumerator(TestUtil.RemoteTemplate(subnet), pageSize: 1);
    }

    [Fact]
    public void EnumeratorKeepsItsSessionAliveThroughGc()
    {
        uint subnet = TestUtil.NewSubnet();
        using (var setup = Engine.Open())
        {
            var f = TestUtil.AddFilters(setup);
            for (uint i = 1; i <= 3; i++) TestUtil.CompleteContext(setup, f, subnet | i);
        }
        var en = EnumeratorWithoutSessionReference(subnet, out var weak);
        var seen = new List<ulong>();
        foreach (var c in en)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            seen.Add(c.SaContextId);
        }
        Assert.Equal(3, seen.Count);
        Assert.True(weak.TryGetTarget(out var engine)); // still referenced by the enumerator
        Assert.False(engine!.IsClosed);
        en.Dispose();
        engine.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndDrop(int n)
    {
        for (int i = 0; i < n; i++)
        {
            var e = Engine.Open();
            e.CreateSaContextEnumerator(); // neither is disposed
        }
    }

    [Fact]
    public void FinalizersReleaseForgottenSessions()
    {
        int Count() { using var e = Engine.Open(); return e.EnumerateSessions().Count() - 1; }
        int before = Count();
        OpenAndDrop(50);
        for (int i = 0; i < 3; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        Assert.True(Count() <= before, "the safety-net finalizers closed the forgotten sessions");
    }

    [Fact]
    public void ConcurrentUseFromManyThreads()
    {
        using var e = Engine.Open();
        var f = TestUtil.AddFilters(e);
        uint subnet = TestUtil.NewSubnet();
        const int threads = 8, perThread = 25;
        var ids = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int i = 0; i < perThread; i++)
            {
                ids.Add(TestUtil.CompleteContext(e, f, subnet | (uint)(t * perThread + i)).id);
                foreach (var c in e.EnumerateSaContexts(TestUtil.RemoteTemplate(subnet), pageSize: 7)) Assert.NotEqual(0ul, c.SaContextId);
                e.GetStatistics();
            }
        });
        Assert.Equal(threads * perThread, ids.Distinct().Count());
        var listed = e.EnumerateSaContexts(TestUtil.RemoteTemplate(subnet), pageSize: 13).Select(c => c.SaContextId).ToList();
        Assert.Equal(ids.OrderBy(x => x), listed);
    }

    [Fact]
    public void CloseWhileOtherThreadsUseTheSession()
    {
        var e = Engine.Open();
        int failures = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                try { using var en = e.CreateSaContextEnumerator(); en.Next(10); }
                catch (FwpException ex) when (ex.ErrorCode == ErrorCode.StatusInvalidHandle) { Interlocked.Increment(ref failures); }
            }
        })).ToArray();
        Thread.Sleep(5);
        e.Dispose();
        Task.WaitAll(workers);
        TestUtil.Fails(ErrorCode.StatusInvalidHandle, () => e.GetStatistics());
    }

    [Fact]
    public void NullOutPointersReachTheLibrary()
    {
        using var e = Engine.Open();
        using var en = e.CreateSaContextEnumerator();
        unsafe
        {
            // The raw shims pass NULL where the caller does: FWP_E_NULL_POINTER, no crash.
            Assert.Equal((int)ErrorCode.NullPointer, Fwpk.Native.Shim.IPsecSaContextEnum1(e.DangerousGetHandle(), en.DangerousGetHandle(), 10, null, null));
            Assert.Equal((int)ErrorCode.NullPointer, Fwpk.Native.Shim.IPsecGetStatistics1(e.DangerousGetHandle(), null));
            Assert.Equal((int)ErrorCode.NullPointer, Fwpk.Native.Shim.IPsecSaContextCreate1(e.DangerousGetHandle(), null, 0, null, 0, null, null));
            // Malformed input bytes: STATUS_INVALID_PARAMETER without calling the function.
            byte junk = 1;
            Assert.Equal((int)ErrorCode.StatusInvalidParameter, Fwpk.Native.Shim.IPsecSaContextCreate1(e.DangerousGetHandle(), &junk, 1, null, 0, null, null));
        }
    }
}
