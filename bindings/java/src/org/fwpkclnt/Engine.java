// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.fwpkclnt.nativ.fwpk;

/**
 * A WFP engine session (FwpmEngineOpen0 ... FwpmEngineClose0) and every fwpmk.h operation on it.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open()) {
 *     long id = engine.createSaContext(outboundTraffic);
 *     ...
 * }
 * }</pre>
 *
 * <p>Failures throw {@link FwpException} with the library's exact status code. {@link #close()}
 * is idempotent; any call after it fails with STATUS_INVALID_HANDLE. An engine that becomes
 * unreachable without being closed is closed by a {@link Cleaner} (a safety net, not a substitute
 * for close()). Enumerators and transactions keep their engine reachable. All methods may be
 * called from any number of threads.
 *
 * <p>Versioned functions: the unsuffixed methods call the newest version (…1), the ones ending in
 * 0 call version 0 (v1-only fields of the value objects are ignored / left zero).
 */
public final class Engine implements AutoCloseable {
    static final Cleaner CLEANER = Cleaner.create();

    /** The native handle and its closed flag; the Cleaner action (must not reference the Engine). */
    private static final class State implements Runnable {
        final long handle;
        private boolean closed;

        State(long handle) {
            this.handle = handle;
        }

        synchronized boolean markClosed() {
            if (closed) return false;
            closed = true;
            return true;
        }

        synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void run() {
            if (markClosed()) fwpk.FwpmEngineClose0(handle);
        }
    }

    private final State state;
    private final Cleaner.Cleanable cleanable;

    private Engine(long handle) {
        this.state = new State(handle);
        this.cleanable = CLEANER.register(this, state);
    }

    /** Opens a static session with default options (RPC_C_AUTHN_WINNT, no FWPM_SESSION0). */
    public static Engine open() {
        return open(null);
    }

    /** Opens a session with the given FWPM_SESSION0 options (null: defaults). */
    public static Engine open(Session session) {
        return open(Fwp.RPC_C_AUTHN_WINNT, session);
    }

    /** FwpmEngineOpen0(NULL, authnService, NULL, session, &handle). */
    public static Engine open(int authnService, Session session) {
        long[] h = new long[1];
        FwpException.check("FwpmEngineOpen0", fwpk.FwpmEngineOpen0(null, authnService, session, h));
        return new Engine(h[0]);
    }

    /** Opens a dynamic session (FWPM_SESSION_FLAG_DYNAMIC): its filters go away when it closes. */
    public static Engine openDynamic() {
        Session s = new Session();
        s.flags = Fwp.FWPM_SESSION_FLAG_DYNAMIC;
        return open(s);
    }

    /** The raw engine handle, for the org.fwpkclnt.nativ layer. Valid until close(). */
    public long handle() {
        return state.handle;
    }

    public boolean isClosed() {
        return state.isClosed();
    }

    /** FwpmEngineClose0: releases the session's enumerators, aborts its transaction. Idempotent. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /* Every native call goes through here so that `this` (and so the session) stays reachable
     * until the call has returned. */
    private long h() {
        return state.handle;
    }

    private void check(String fn, int status) {
        Reference.reachabilityFence(this);
        FwpException.check(fn, status);
    }

    // ---- transactions ----------------------------------------------------------------------

    /** FwpmTransactionBegin0(flags): 0 or FWPM_TXN_READ_ONLY. Close the result to abort. */
    public Transaction beginTransaction(int flags) {
        check("FwpmTransactionBegin0", fwpk.FwpmTransactionBegin0(h(), flags));
        return new Transaction(this);
    }

    public Transaction beginTransaction() {
        return beginTransaction(0);
    }

    public Transaction beginReadOnlyTransaction() {
        return beginTransaction(Fwp.FWPM_TXN_READ_ONLY);
    }

    void commitTransaction() {
        check("FwpmTransactionCommit0", fwpk.FwpmTransactionCommit0(h()));
    }

    void abortTransaction() {
        check("FwpmTransactionAbort0", fwpk.FwpmTransactionAbort0(h()));
    }

    // ---- sessions ----------------------------------------------------------------------------

    /** FwpmSessionCreateEnumHandle0 + FwpmSessionEnum0 pages of pageSize. */
    public Enumerator<Session> enumerateSessions(SessionEnumTemplate template, int pageSize) {
        long[] e = new long[1];
        check("FwpmSessionCreateEnumHandle0", fwpk.FwpmSessionCreateEnumHandle0(h(), template, e));
        return new Enumerator<>(this, e[0], Enumerator.Kind.SESSION, pageSize);
    }

    /** Every open session. */
    public List<Session> sessions() {
        try (Enumerator<Session> e = enumerateSessions(null, Enumerator.DEFAULT_PAGE_SIZE)) {
            return e.toList();
        }
    }

    // ---- filters -----------------------------------------------------------------------------

    /** FwpmFilterAdd0: returns the engine-assigned filter id. */
    public long addFilter(Filter filter) {
        long[] id = new long[1];
        check("FwpmFilterAdd0", fwpk.FwpmFilterAdd0(h(), filter, id));
        return id[0];
    }

    public void deleteFilter(long id) {
        check("FwpmFilterDeleteById0", fwpk.FwpmFilterDeleteById0(h(), id));
    }

    public void deleteFilter(UUID key) {
        check("FwpmFilterDeleteByKey0", fwpk.FwpmFilterDeleteByKey0(h(), key));
    }

    public Filter getFilter(long id) {
        try {
            return Pages.filterGetById(h(), id);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public Filter getFilter(UUID key) {
        if (key == null) {
            Filter[] out = new Filter[1]; // NULL key: the library's own answer, through the raw layer
            check("FwpmFilterGetByKey0", fwpk.FwpmFilterGetByKey0(h(), null, out));
            return out[0];
        }
        try {
            return Pages.filterGetByKey(h(), key);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** FwpmFilterCreateEnumHandle0 (template null: every filter) + FwpmFilterEnum0 pages. */
    public Enumerator<Filter> enumerateFilters(FilterEnumTemplate template, int pageSize) {
        long[] e = new long[1];
        check("FwpmFilterCreateEnumHandle0", fwpk.FwpmFilterCreateEnumHandle0(h(), template, e));
        return new Enumerator<>(this, e[0], Enumerator.Kind.FILTER, pageSize);
    }

    public List<Filter> filters() {
        try (Enumerator<Filter> e = enumerateFilters(null, Enumerator.DEFAULT_PAGE_SIZE)) {
            return e.toList();
        }
    }

    // ---- SA contexts ------------------------------------------------------------------------

    /** IPsecSaContextCreate1: returns the new SA context id. */
    public long createSaContext(Traffic outboundTraffic) {
        return createSaContext(outboundTraffic, null);
    }

    /** IPsecSaContextCreate1 with a virtual-interface tunnel (may be null). */
    public long createSaContext(Traffic outboundTraffic, VirtualIfTunnelInfo virtualIfTunnelInfo) {
        long[] id = new long[1];
        long[] inboundFilterId = new long[1];
        check("IPsecSaContextCreate1",
              fwpk.IPsecSaContextCreate1(h(), outboundTraffic, virtualIfTunnelInfo, inboundFilterId, id));
        return id[0];
    }

    /** IPsecSaContextCreate0 (the v1-only traffic fields are ignored). */
    public long createSaContext0(Traffic outboundTraffic) {
        long[] id = new long[1];
        long[] inboundFilterId = new long[1];
        check("IPsecSaContextCreate0", fwpk.IPsecSaContextCreate0(h(), outboundTraffic, inboundFilterId, id));
        return id[0];
    }

    /** IPsecSaContextGetSpi1: the inbound SPI (an unsigned 32-bit value in an int). */
    public int getSpi(long saContextId, GetSpi getSpi) {
        int[] spi = new int[1];
        check("IPsecSaContextGetSpi1", fwpk.IPsecSaContextGetSpi1(h(), saContextId, getSpi, spi));
        return spi[0];
    }

    public int getSpi0(long saContextId, GetSpi getSpi) {
        int[] spi = new int[1];
        check("IPsecSaContextGetSpi0", fwpk.IPsecSaContextGetSpi0(h(), saContextId, getSpi, spi));
        return spi[0];
    }

    /** IPsecSaContextSetSpi0: a caller-chosen inbound SPI instead of getSpi. */
    public void setSpi(long saContextId, GetSpi getSpi, int inboundSpi) {
        check("IPsecSaContextSetSpi0", fwpk.IPsecSaContextSetSpi0(h(), saContextId, getSpi, inboundSpi));
    }

    public void addInbound(long saContextId, SaBundle bundle) {
        check("IPsecSaContextAddInbound1", fwpk.IPsecSaContextAddInbound1(h(), saContextId, bundle));
    }

    public void addInbound0(long saContextId, SaBundle bundle) {
        check("IPsecSaContextAddInbound0", fwpk.IPsecSaContextAddInbound0(h(), saContextId, bundle));
    }

    public void addOutbound(long saContextId, SaBundle bundle) {
        check("IPsecSaContextAddOutbound1", fwpk.IPsecSaContextAddOutbound1(h(), saContextId, bundle));
    }

    public void addOutbound0(long saContextId, SaBundle bundle) {
        check("IPsecSaContextAddOutbound0", fwpk.IPsecSaContextAddOutbound0(h(), saContextId, bundle));
    }

    /** IPsecSaContextUpdate0(flags, newValues): flags are IPSEC_SA_DETAILS_UPDATE_* / IPSEC_SA_BUNDLE_UPDATE_*. */
    public void updateSaContext(long flags, SaContext newValues) {
        check("IPsecSaContextUpdate0", fwpk.IPsecSaContextUpdate0(h(), flags, newValues));
    }

    /** IPsecSaContextGetById1. */
    public SaContext getSaContext(long saContextId) {
        try {
            return Pages.saContextGetById(h(), saContextId, true);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public SaContext getSaContext0(long saContextId) {
        try {
            return Pages.saContextGetById(h(), saContextId, false);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public void deleteSaContext(long saContextId) {
        check("IPsecSaContextDeleteById0", fwpk.IPsecSaContextDeleteById0(h(), saContextId));
    }

    public void expireSaContext(long saContextId) {
        check("IPsecSaContextExpire0", fwpk.IPsecSaContextExpire0(h(), saContextId));
    }

    /** IPsecSaContextCreateEnumHandle0 (template null: every context) + IPsecSaContextEnum1 pages. */
    public Enumerator<SaContext> enumerateSaContexts(SaContextEnumTemplate template, int pageSize) {
        return enumerateSaContexts(template, pageSize, Enumerator.Kind.SA_CONTEXT);
    }

    /** As enumerateSaContexts, with IPsecSaContextEnum0 pages. */
    public Enumerator<SaContext> enumerateSaContexts0(SaContextEnumTemplate template, int pageSize) {
        return enumerateSaContexts(template, pageSize, Enumerator.Kind.SA_CONTEXT0);
    }

    private Enumerator<SaContext> enumerateSaContexts(SaContextEnumTemplate template, int pageSize, Enumerator.Kind kind) {
        Enumerator.checkPageSize(pageSize);
        long[] e = new long[1];
        check("IPsecSaContextCreateEnumHandle0", fwpk.IPsecSaContextCreateEnumHandle0(h(), template, e));
        return new Enumerator<>(this, e[0], kind, pageSize);
    }

    /**
     * Every SA context matching template, read in pages of pageSize. The enumeration handle is
     * destroyed before this returns, so a for-each over the list left with {@code break} holds
     * nothing native (an Iterable over the live handle would keep it until garbage collection).
     */
    public List<SaContext> saContexts(SaContextEnumTemplate template, int pageSize) {
        try (Enumerator<SaContext> e = enumerateSaContexts(template, pageSize)) {
            return e.toList();
        }
    }

    public List<SaContext> saContexts() {
        return saContexts(null, Enumerator.DEFAULT_PAGE_SIZE);
    }

    /** The SA contexts as a Stream; close it (try-with-resources) to release the enumerator early. */
    public Stream<SaContext> streamSaContexts(SaContextEnumTemplate template, int pageSize) {
        return enumerateSaContexts(template, pageSize).stream();
    }

    // ---- SAs and statistics ------------------------------------------------------------------

    /** IPsecSaCreateEnumHandle0 (template null: both directions) + IPsecSaEnum1 pages. */
    public Enumerator<SaDetails> enumerateSas(SaEnumTemplate template, int pageSize) {
        return enumerateSas(template, pageSize, Enumerator.Kind.SA);
    }

    public Enumerator<SaDetails> enumerateSas0(SaEnumTemplate template, int pageSize) {
        return enumerateSas(template, pageSize, Enumerator.Kind.SA0);
    }

    private Enumerator<SaDetails> enumerateSas(SaEnumTemplate template, int pageSize, Enumerator.Kind kind) {
        Enumerator.checkPageSize(pageSize);
        long[] e = new long[1];
        check("IPsecSaCreateEnumHandle0", fwpk.IPsecSaCreateEnumHandle0(h(), template, e));
        return new Enumerator<>(this, e[0], kind, pageSize);
    }

    /** IPsecGetStatistics1. */
    public Statistics getStatistics() {
        Statistics s = new Statistics();
        check("IPsecGetStatistics1", fwpk.IPsecGetStatistics1(h(), s));
        return s;
    }

    /** IPsecGetStatistics0 (the v1-only counters stay 0). */
    public Statistics getStatistics0() {
        Statistics s = new Statistics();
        check("IPsecGetStatistics0", fwpk.IPsecGetStatistics0(h(), s));
        return s;
    }

    @Override
    public String toString() {
        return "Engine{handle=0x" + Long.toHexString(state.handle) + (isClosed() ? ", closed" : "") + "}";
    }
}
