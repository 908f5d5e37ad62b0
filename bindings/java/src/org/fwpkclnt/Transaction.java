// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/**
 * An open transaction of an {@link Engine} (FwpmTransactionBegin0). {@link #commit()} or
 * {@link #abort()} ends it; {@link #close()} aborts it unless it already ended, so
 *
 * <pre>{@code
 * try (Transaction txn = engine.beginTransaction()) {
 *     engine.addFilter(f1);
 *     engine.addFilter(f2);
 *     txn.commit();
 * } // an exception before commit() aborts both
 * }</pre>
 *
 * Closing twice is harmless. A transaction keeps its engine reachable (closing the engine aborts it).
 */
public final class Transaction implements AutoCloseable {
    private final Engine engine;
    private boolean ended;

    Transaction(Engine engine) {
        this.engine = engine;
    }

    public Engine engine() {
        return engine;
    }

    /** FwpmTransactionCommit0. */
    public synchronized void commit() {
        engine.commitTransaction();
        ended = true;
    }

    /** FwpmTransactionAbort0. */
    public synchronized void abort() {
        engine.abortTransaction();
        ended = true;
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    /** Aborts the transaction if neither commit() nor abort() succeeded; never throws. */
    @Override
    public synchronized void close() {
        if (ended) return;
        ended = true;
        try {
            engine.abortTransaction();
        } catch (FwpException e) {
            // the session was closed (which aborted the transaction) or it ended natively
        }
    }
}
