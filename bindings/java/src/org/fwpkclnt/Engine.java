// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
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
 * <p>The per-function methods (createSaContext, getSpi, addInbound, enumerateSaContexts, ...) are
 * generated from the headers into {@link EngineMethods}, named as docs/sdk-naming.md says: the
 * unsuffixed methods call the newest version (…1), the ones ending in 0 version 0, with the
 * value classes of that version (Traffic / Traffic0, SaBundle / SaBundle0, ...).
 */
public final class Engine extends EngineMethods implements AutoCloseable {
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
            if (markClosed()) fwpk.fwpkx_FwpmEngineClose0(handle);
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
        FwpException.check("FwpmEngineOpen0",
            fwpk.fwpkx_FwpmEngineOpen0(null, authnService, session == null ? null : session.encode(), h));
        return new Engine(h[0]);
    }

    /** Opens a dynamic session (FWPM_SESSION_FLAG_DYNAMIC): its filters go away when it closes. */
    public static Engine openDynamic() {
        return open(Session.builder().flags(Fwp.FWPM_SESSION_FLAG_DYNAMIC).build());
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
    @Override
    long h() {
        return state.handle;
    }

    @Override
    void check(String fn, int status) {
        Reference.reachabilityFence(this);
        FwpException.check(fn, status);
    }

    // ---- transactions ----------------------------------------------------------------------

    /** FwpmTransactionBegin0(flags): 0 or FWPM_TXN_READ_ONLY. Close the result to abort. */
    public Transaction beginTransaction(int flags) {
        check("FwpmTransactionBegin0", fwpk.fwpkx_FwpmTransactionBegin0(h(), flags));
        return new Transaction(this);
    }

    public Transaction beginTransaction() {
        return beginTransaction(0);
    }

    public Transaction beginReadOnlyTransaction() {
        return beginTransaction(Fwp.FWPM_TXN_READ_ONLY);
    }

    void commitTransaction() {
        check("FwpmTransactionCommit0", fwpk.fwpkx_FwpmTransactionCommit0(h()));
    }

    void abortTransaction() {
        check("FwpmTransactionAbort0", fwpk.fwpkx_FwpmTransactionAbort0(h()));
    }

    @Override
    public String toString() {
        return "Engine{handle=0x" + Long.toHexString(state.handle) + (isClosed() ? ", closed" : "") + "}";
    }
}
