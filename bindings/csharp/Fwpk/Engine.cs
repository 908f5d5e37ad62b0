// Engine.cs — an fwpkclnt engine session (FwpmEngineOpen0 .. FwpmEngineClose0)
// and every fwpmk.h operation on it.
using System;
using System.Collections.Generic;
using Fwpk.Native;

namespace Fwpk;

/// <summary>
/// An open WFP engine session.  Dispose (or <c>using</c>) closes it, which also
/// releases its enumerators, aborts its transaction and, for a dynamic session,
/// deletes the filters it added.  Closing twice is harmless; any call after
/// Close fails with <see cref="FwpException"/> STATUS_INVALID_HANDLE.  Safe to
/// use from several threads at once.
/// </summary>
public sealed class Engine : IDisposable
{
    private readonly EngineSafeHandle _handle;

    private Engine(IntPtr raw) => _handle = new EngineSafeHandle(raw);

    /// <summary>FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, session, &amp;handle).</summary>
    public static Engine Open(Session? session = null) => Open(RpcAuthnService.WinNT, session);

    /// <summary>FwpmEngineOpen0 with an explicit authentication service.</summary>
    public static Engine Open(RpcAuthnService authnService, Session? session)
    {
        using var a = new Arena();
        var s = session is null ? null : NativeConvert.WriteSession(a, session);
        var raw = new IntPtr[1];
        fwpk.FwpmEngineOpen0(null, (uint)authnService, s, raw);
        return new Engine(raw[0]);
    }

    /// <summary>
    /// FwpmEngineOpen0 with a server name (the library accepts only null; a
    /// name gives FWP_E_INVALID_PARAMETER).  For conformance tests.
    /// </summary>
    public static Engine Open(string? serverName, RpcAuthnService authnService, Session? session)
    {
        using var a = new Arena();
        var s = session is null ? null : NativeConvert.WriteSession(a, session);
        var raw = new IntPtr[1];
        fwpk.FwpmEngineOpen0(serverName, (uint)authnService, s, raw);
        return new Engine(raw[0]);
    }

    /// <summary>The library version string (FwpkLibVersion).</summary>
    public static string LibraryVersion => fwpk.FwpkLibVersion();

    /// <summary>The library version number (FwpkLibVersionNumber), major*1000000 + minor*1000 + patch.</summary>
    public static int LibraryVersionNumber => fwpk.FwpkLibVersionNumber();

    /// <summary>The symbolic name of a status code (FwpkStatusName), or null.</summary>
    public static string? StatusName(int status) => fwpk.FwpkStatusName(status);

    /// <summary>True after Close/Dispose.</summary>
    public bool IsClosed => _handle.IsClosed;

    /// <summary>FwpmEngineClose0.  Harmless when already closed.</summary>
    public void Close() => _handle.Dispose();

    public void Dispose() => Close();

    /// <summary>
    /// FwpmEngineClose0 now, reporting failure: a second call throws
    /// FwpException STATUS_INVALID_HANDLE (Close/Dispose stay silent).
    /// </summary>
    public void CloseOrThrow() => _handle.ReleaseOrThrow("FwpmEngineClose0");

    /// <summary>The raw engine handle value (for the low-level layer Fwpk.Native).</summary>
    public IntPtr DangerousGetHandle() => _handle.Raw;

    internal T Use<T>(Func<IntPtr, T> f) => _handle.Use(f);
    internal EngineSafeHandle Handle => _handle;
    internal void Use(Action<IntPtr> f) => _handle.Use(f);

    // ---- transactions ------------------------------------------------------------

    /// <summary>FwpmTransactionBegin0.  Dispose the result without Commit to abort.</summary>
    public Transaction BeginTransaction(TransactionFlags flags = TransactionFlags.ReadWrite)
    {
        TransactionBegin((uint)flags);
        return new Transaction(this);
    }

    /// <summary>FwpmTransactionBegin0 with raw flags (prefer <see cref="BeginTransaction"/>).</summary>
    public void TransactionBegin(uint flags) => Use(h => fwpk.FwpmTransactionBegin0(h, flags));

    /// <summary>FwpmTransactionCommit0.</summary>
    public void TransactionCommit() => Use(h => fwpk.FwpmTransactionCommit0(h));

    /// <summary>FwpmTransactionAbort0.</summary>
    public void TransactionAbort() => Use(h => fwpk.FwpmTransactionAbort0(h));

    // ---- sessions ------------------------------------------------------------------

    /// <summary>FwpmSessionCreateEnumHandle0.</summary>
    public SessionEnumerator CreateSessionEnumerator(SessionEnumTemplate? template = null, int pageSize = 100)
    {
        using var a = template is null ? null : new Arena();
        FWPM_SESSION_ENUM_TEMPLATE0? t = null;
        if (template is not null) { t = a!.Own(new FWPM_SESSION_ENUM_TEMPLATE0()); t.reserved = template.Reserved; }
        bool added = false;
        try
        {
            IntPtr h = _handle.Acquire(ref added);
            int st = fwpkPINVOKE.FwpkCsSessionCreateEnumHandle0(h, FWPM_SESSION_ENUM_TEMPLATE0.getCPtr(t), out IntPtr e);
            if (st != 0) throw new FwpException(st, "FwpmSessionCreateEnumHandle0");
            return new SessionEnumerator(this, new EnumSafeHandle(h, e, EnumKind.Session), pageSize);
        }
        finally { _handle.Release(added); }
    }

    /// <summary>Every open session, paged through a session enumerator that is destroyed at the end.</summary>
    public IEnumerable<Session> EnumerateSessions(SessionEnumTemplate? template = null, int pageSize = 100)
    {
        using var e = CreateSessionEnumerator(template, pageSize);
        foreach (var s in e) yield return s;
    }

    // ---- filters -------------------------------------------------------------------

    /// <summary>FwpmFilterAdd0; returns the engine-assigned filter id.</summary>
    public ulong AddFilter(Filter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var a = new Arena();
        var n = NativeConvert.WriteFilter(a, filter);
        return Use(h => { var id = new ulong[1]; fwpk.FwpmFilterAdd0(h, n, id); return id[0]; });
    }

    /// <summary>FwpmFilterDeleteById0.</summary>
    public void DeleteFilter(ulong id) => Use(h => fwpk.FwpmFilterDeleteById0(h, id));

    /// <summary>FwpmFilterDeleteByKey0.</summary>
    public void DeleteFilter(Guid key)
    {
        using var a = new Arena();
        var k = a.Guid(key);
        Use(h => fwpk.FwpmFilterDeleteByKey0(h, k));
    }

    /// <summary>FwpmFilterGetById0.</summary>
    public Filter GetFilter(ulong id)
    {
        bool added = false;
        try { return Pages.FilterGetById(_handle.Acquire(ref added), id); }
        finally { _handle.Release(added); }
    }

    /// <summary>FwpmFilterGetByKey0.</summary>
    public Filter GetFilter(Guid key)
    {
        bool added = false;
        try { return Pages.FilterGetByKey(_handle.Acquire(ref added), key); }
        finally { _handle.Release(added); }
    }

    /// <summary>FwpmFilterCreateEnumHandle0 (template null = every filter).</summary>
    public FilterEnumerator CreateFilterEnumerator(FilterEnumTemplate? template = null, int pageSize = 100)
    {
        using var a = template is null ? null : new Arena();
        var t = template is null ? null : NativeConvert.WriteFilterTemplate(a!, template);
        bool added = false;
        try
        {
            IntPtr h = _handle.Acquire(ref added);
            int st = fwpkPINVOKE.FwpkCsFilterCreateEnumHandle0(h, FWPM_FILTER_ENUM_TEMPLATE0.getCPtr(t), out IntPtr e);
            if (st != 0) throw new FwpException(st, "FwpmFilterCreateEnumHandle0");
            return new FilterEnumerator(this, new EnumSafeHandle(h, e, EnumKind.Filter), pageSize);
        }
        finally { _handle.Release(added); }
    }

    /// <summary>The filters matching template, paged; the enumerator is destroyed at the end.</summary>
    public IEnumerable<Filter> EnumerateFilters(FilterEnumTemplate? template = null, int pageSize = 100)
    {
        using var e = CreateFilterEnumerator(template, pageSize);
        foreach (var f in e) yield return f;
    }

    // ---- SA contexts ---------------------------------------------------------------

    /// <summary>IPsecSaContextCreate1; returns the new SA context id.</summary>
    public ulong CreateSaContext(IpsecTraffic outboundTraffic, VirtualIfTunnelInfo? virtualIfTunnelInfo = null) =>
        CreateSaContext(outboundTraffic, virtualIfTunnelInfo, out _);

    /// <summary>IPsecSaContextCreate1, also returning *inboundFilterId.</summary>
    public ulong CreateSaContext(IpsecTraffic outboundTraffic, VirtualIfTunnelInfo? virtualIfTunnelInfo, out ulong inboundFilterId)
    {
        ArgumentNullException.ThrowIfNull(outboundTraffic);
        using var a = new Arena();
        var t = NativeConvert.WriteTraffic1(a, outboundTraffic);
        var vif = NativeConvert.WriteVif(a, virtualIfTunnelInfo);
        var inbound = new ulong[1];
        var id = new ulong[1];
        Use(h => fwpk.IPsecSaContextCreate1(h, t, vif, inbound, id));
        inboundFilterId = inbound[0];
        return id[0];
    }

    /// <summary>IPsecSaContextCreate0 (v1-only traffic fields are ignored).</summary>
    public ulong CreateSaContext0(IpsecTraffic outboundTraffic) => CreateSaContext0(outboundTraffic, out _);

    /// <summary>IPsecSaContextCreate0, also returning *inboundFilterId.</summary>
    public ulong CreateSaContext0(IpsecTraffic outboundTraffic, out ulong inboundFilterId)
    {
        ArgumentNullException.ThrowIfNull(outboundTraffic);
        using var a = new Arena();
        var t = NativeConvert.WriteTraffic0(a, outboundTraffic);
        var inbound = new ulong[1];
        var id = new ulong[1];
        Use(h => fwpk.IPsecSaContextCreate0(h, t, inbound, id));
        inboundFilterId = inbound[0];
        return id[0];
    }

    /// <summary>IPsecSaContextGetSpi1; returns the inbound SPI.</summary>
    public uint GetSpi(ulong id, GetSpiInfo getSpi)
    {
        ArgumentNullException.ThrowIfNull(getSpi);
        using var a = new Arena();
        var g = NativeConvert.WriteGetSpi1(a, getSpi);
        return Use(h => { var spi = new uint[1]; fwpk.IPsecSaContextGetSpi1(h, id, g, spi); return spi[0]; });
    }

    /// <summary>IPsecSaContextGetSpi0.</summary>
    public uint GetSpi0(ulong id, GetSpiInfo getSpi)
    {
        ArgumentNullException.ThrowIfNull(getSpi);
        using var a = new Arena();
        var g = NativeConvert.WriteGetSpi0(a, getSpi);
        return Use(h => { var spi = new uint[1]; fwpk.IPsecSaContextGetSpi0(h, id, g, spi); return spi[0]; });
    }

    /// <summary>IPsecSaContextSetSpi0.</summary>
    public void SetSpi(ulong id, GetSpiInfo getSpi, uint inboundSpi)
    {
        ArgumentNullException.ThrowIfNull(getSpi);
        using var a = new Arena();
        var g = NativeConvert.WriteGetSpi1(a, getSpi);
        Use(h => fwpk.IPsecSaContextSetSpi0(h, id, g, inboundSpi));
    }

    /// <summary>IPsecSaContextAddInbound1.</summary>
    public void AddInbound(ulong id, SaBundle inboundBundle)
    {
        ArgumentNullException.ThrowIfNull(inboundBundle);
        using var a = new Arena();
        var b = NativeConvert.WriteBundle1(a, inboundBundle);
        Use(h => fwpk.IPsecSaContextAddInbound1(h, id, b));
    }

    /// <summary>IPsecSaContextAddInbound0.</summary>
    public void AddInbound0(ulong id, SaBundle inboundBundle)
    {
        ArgumentNullException.ThrowIfNull(inboundBundle);
        using var a = new Arena();
        var b = NativeConvert.WriteBundle0(a, inboundBundle);
        Use(h => fwpk.IPsecSaContextAddInbound0(h, id, b));
    }

    /// <summary>IPsecSaContextAddOutbound1.</summary>
    public void AddOutbound(ulong id, SaBundle outboundBundle)
    {
        ArgumentNullException.ThrowIfNull(outboundBundle);
        using var a = new Arena();
        var b = NativeConvert.WriteBundle1(a, outboundBundle);
        Use(h => fwpk.IPsecSaContextAddOutbound1(h, id, b));
    }

    /// <summary>IPsecSaContextAddOutbound0.</summary>
    public void AddOutbound0(ulong id, SaBundle outboundBundle)
    {
        ArgumentNullException.ThrowIfNull(outboundBundle);
        using var a = new Arena();
        var b = NativeConvert.WriteBundle0(a, outboundBundle);
        Use(h => fwpk.IPsecSaContextAddOutbound0(h, id, b));
    }

    /// <summary>IPsecSaContextUpdate0: updates context newValues.SaContextId.</summary>
    public void UpdateSaContext(IpsecSaContextUpdateFlags flags, SaContext newValues)
    {
        ArgumentNullException.ThrowIfNull(newValues);
        using var a = new Arena();
        var n = NativeConvert.WriteSaContext1(a, newValues);
        Use(h => fwpk.IPsecSaContextUpdate0(h, (ulong)flags, n));
    }

    /// <summary>IPsecSaContextGetById1.</summary>
    public SaContext GetSaContext(ulong id)
    {
        bool added = false;
        try { return Pages.SaContextGetById(_handle.Acquire(ref added), id, true); }
        finally { _handle.Release(added); }
    }

    /// <summary>IPsecSaContextGetById0.</summary>
    public SaContext GetSaContext0(ulong id)
    {
        bool added = false;
        try { return Pages.SaContextGetById(_handle.Acquire(ref added), id, false); }
        finally { _handle.Release(added); }
    }

    /// <summary>IPsecSaContextDeleteById0.</summary>
    public void DeleteSaContext(ulong id) => Use(h => fwpk.IPsecSaContextDeleteById0(h, id));

    /// <summary>IPsecSaContextExpire0.</summary>
    public void ExpireSaContext(ulong id) => Use(h => fwpk.IPsecSaContextExpire0(h, id));

    /// <summary>IPsecSaContextCreateEnumHandle0 (template null = every SA context).</summary>
    public SaContextEnumerator CreateSaContextEnumerator(SaContextEnumTemplate? template = null, int pageSize = 100)
    {
        using var a = template is null ? null : new Arena();
        var t = template is null ? null : NativeConvert.WriteSaContextTemplate(a!, template);
        bool added = false;
        try
        {
            IntPtr h = _handle.Acquire(ref added);
            int st = fwpkPINVOKE.FwpkCsSaContextCreateEnumHandle0(h, IPSEC_SA_CONTEXT_ENUM_TEMPLATE0.getCPtr(t), out IntPtr e);
            if (st != 0) throw new FwpException(st, "IPsecSaContextCreateEnumHandle0");
            return new SaContextEnumerator(this, new EnumSafeHandle(h, e, EnumKind.SaContext), pageSize);
        }
        finally { _handle.Release(added); }
    }

    /// <summary>The SA contexts matching template, paged (IPsecSaContextEnum1); the enumerator is destroyed at the end.</summary>
    public IEnumerable<SaContext> EnumerateSaContexts(SaContextEnumTemplate? template = null, int pageSize = 100)
    {
        using var e = CreateSaContextEnumerator(template, pageSize);
        foreach (var c in e) yield return c;
    }

    /// <summary>As <see cref="EnumerateSaContexts"/>, with IPsecSaContextEnum0 pages (v1-only fields stay default).</summary>
    public IEnumerable<SaContext> EnumerateSaContexts0(SaContextEnumTemplate? template = null, int pageSize = 100)
    {
        if (pageSize <= 0) throw new ArgumentOutOfRangeException(nameof(pageSize), "the page size must be positive");
        using var e = CreateSaContextEnumerator(template, pageSize);
        while (true)
        {
            var page = e.Next0((uint)pageSize);
            foreach (var c in page) yield return c;
            if (page.Count < pageSize) yield break;
        }
    }

    // ---- SAs and statistics -----------------------------------------------------

    /// <summary>IPsecSaCreateEnumHandle0 (template null = both directions).</summary>
    public SaEnumerator CreateSaEnumerator(SaEnumTemplate? template = null, int pageSize = 100)
    {
        using var a = template is null ? null : new Arena();
        IPSEC_SA_ENUM_TEMPLATE0? t = null;
        if (template is not null) { t = a!.Own(new IPSEC_SA_ENUM_TEMPLATE0()); t.saDirection = (FWP_DIRECTION)(int)template.SaDirection; }
        bool added = false;
        try
        {
            IntPtr h = _handle.Acquire(ref added);
            int st = fwpkPINVOKE.FwpkCsSaCreateEnumHandle0(h, IPSEC_SA_ENUM_TEMPLATE0.getCPtr(t), out IntPtr e);
            if (st != 0) throw new FwpException(st, "IPsecSaCreateEnumHandle0");
            return new SaEnumerator(this, new EnumSafeHandle(h, e, EnumKind.Sa), pageSize);
        }
        finally { _handle.Release(added); }
    }

    /// <summary>The SAs matching template, paged (IPsecSaEnum1).</summary>
    public IEnumerable<SaDetails> EnumerateSas(SaEnumTemplate? template = null, int pageSize = 100)
    {
        using var e = CreateSaEnumerator(template, pageSize);
        foreach (var s in e) yield return s;
    }

    /// <summary>As <see cref="EnumerateSas"/>, with IPsecSaEnum0 pages.</summary>
    public IEnumerable<SaDetails> EnumerateSas0(SaEnumTemplate? template = null, int pageSize = 100)
    {
        if (pageSize <= 0) throw new ArgumentOutOfRangeException(nameof(pageSize), "the page size must be positive");
        using var e = CreateSaEnumerator(template, pageSize);
        while (true)
        {
            var page = e.Next0((uint)pageSize);
            foreach (var d in page) yield return d;
            if (page.Count < pageSize) yield break;
        }
    }

    /// <summary>IPsecGetStatistics1.</summary>
    public IpsecStatistics GetStatistics()
    {
        using var n = new IPSEC_STATISTICS1();
        Use(h => fwpk.IPsecGetStatistics1(h, n));
        return NativeConvert.ReadStatistics(n);
    }

    /// <summary>IPsecGetStatistics0.</summary>
    public IpsecStatistics GetStatistics0()
    {
        using var n = new IPSEC_STATISTICS0();
        Use(h => fwpk.IPsecGetStatistics0(h, n));
        return NativeConvert.ReadStatistics(n);
    }
}

/// <summary>
/// An open transaction (FwpmTransactionBegin0).  <see cref="Commit"/> commits;
/// Dispose without Commit aborts.  Disposing twice is harmless.
/// </summary>
public sealed class Transaction : IDisposable
{
    private readonly Engine _engine;
    private int _done;

    internal Transaction(Engine engine) => _engine = engine;

    /// <summary>True after Commit, Abort or Dispose.</summary>
    public bool IsCompleted => _done != 0;

    /// <summary>FwpmTransactionCommit0.</summary>
    public void Commit()
    {
        _engine.TransactionCommit();
        _done = 1;
    }

    /// <summary>FwpmTransactionAbort0.</summary>
    public void Abort()
    {
        _engine.TransactionAbort();
        _done = 1;
    }

    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _done, 1) != 0) return;
        try { _engine.TransactionAbort(); }
        catch (FwpException) { /* session closed or no transaction any more */ }
    }
}
