// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An enumeration handle of an {@link Engine} (sessions, filters, SA contexts or SAs), read page by
 * page ({@code pageSize} entries per native *Enum call) and consumed as an {@link Iterator}, in a
 * for-each loop (it is its own, single-use {@link Iterable}), as a {@link Stream} or with
 * {@link #nextPage()}.
 *
 * <p>Open it in try-with-resources: a loop left early ({@code break}, {@code return}, an
 * exception) then destroys the native snapshot at the end of the {@code try} block:
 * <pre>{@code
 * try (Enumerator<SaContext> en = engine.enumerateSaContexts(null, 100)) {
 *     for (SaContext c : en) {
 *         if (c.saContextId() == wanted) break;   // the handle is destroyed when the try block ends
 *     }
 * }
 * }</pre>
 *
 * <p>The enumeration handle is destroyed when the last page has been read, on {@link #close()}
 * (idempotent), or — as a safety net for an enumerator that is never closed — with its session:
 * the library destroys a session's enumeration handles in FwpmEngineClose0, which
 * {@link Engine#close()} or the engine's Cleaner calls. (One Cleaner per session, none per
 * enumerator: registering one would double the cost of a create + close pair.) The enumerator
 * holds its engine, so dropping every other reference to the engine does not close the session
 * under it. Methods are synchronized: an enumerator may be shared between threads.
 *
 * <p>The entries are lazy views over the page the native call returned: reading a member at a
 * fixed offset (saContextId, filterKey, ...) decodes nothing else.
 */
public final class Enumerator<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
    public static final int DEFAULT_PAGE_SIZE = 100;

    /** One page of at most n entries of an enumeration handle (the generated *Enum wrapper). */
    @FunctionalInterface
    interface Pager<T> {
        T[] page(long engine, long handle, int n);
    }

    /** The *DestroyEnumHandle0 shim of the handle's kind; returns the status. */
    @FunctionalInterface
    interface Destroyer {
        int destroy(long engine, long handle);
    }

    private final EngineMethods engine; // keeps the session open while this enumerator is reachable
    private final Pager<T> pager;
    private final Destroyer destroyer;
    private final long handle;
    private volatile boolean destroyed;
    private final int pageSize;
    // The unread rest of the last page: pending[pos..] (null when none).
    private T[] pending;
    private int pos;
    private boolean exhausted;

    Enumerator(EngineMethods engine, long handle, int pageSize, Pager<T> pager, Destroyer destroyer) {
        checkPageSize(pageSize);
        this.engine = engine;
        this.pager = pager;
        this.destroyer = destroyer;
        this.handle = handle;
        this.pageSize = pageSize;
    }

    static void checkPageSize(int pageSize) {
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
    }

    public Engine engine() {
        return (Engine) engine;
    }

    public int pageSize() {
        return pageSize;
    }

    /** The raw enumeration handle, for the org.fwpkclnt.nativ layer. */
    public long handle() {
        return handle;
    }

    /**
     * The next page (one native *Enum call of pageSize entries); empty when the enumeration is
     * exhausted. A short page means the end: the handle is destroyed right away.
     */
    public synchronized List<T> nextPage() {
        if (pending != null) {
            List<T> out = new ArrayList<>(pos == 0 ? pending.length : pending.length - pos);
            for (int i = pos; i < pending.length; i++) out.add(pending[i]);
            pending = null;
            return out;
        }
        T[] page = fetch();
        return page == null ? List.of() : Arrays.asList(page);
    }

    private T[] fetch() {
        if (exhausted) return null;
        T[] entries;
        try {
            entries = pager.page(engine.h(), handle, pageSize);
        } finally {
            Reference.reachabilityFence(engine);
        }
        if (entries.length < pageSize) {
            exhausted = true; // a short page is the end: release the handle now
            destroy();
        }
        return entries;
    }

    @Override
    public synchronized boolean hasNext() {
        if (pending == null && !exhausted) {
            T[] page = fetch();
            if (page != null && page.length > 0) {
                pending = page;
                pos = 0;
            }
        }
        return pending != null;
    }

    @Override
    public synchronized T next() {
        if (!hasNext()) throw new NoSuchElementException();
        T t = pending[pos];
        pending[pos++] = null; // the page no longer holds what was handed out
        if (pos == pending.length) pending = null;
        return t;
    }

    /** This enumerator itself (single use: a second for-each continues where the first stopped). */
    @Override
    public Iterator<T> iterator() {
        return this;
    }

    /** Everything not read yet. */
    public List<T> toList() {
        List<T> out = new ArrayList<>();
        forEachRemaining(out::add);
        return out;
    }

    /** The remaining entries as a sequential Stream; closing the stream closes this enumerator. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    public boolean isClosed() {
        return destroyed;
    }

    /** Destroys the handle once (callers hold this enumerator's lock). */
    private void destroy() {
        if (destroyed) return;
        destroyed = true;
        // STATUS_INVALID_HANDLE when the session was closed first: nothing to do
        destroyer.destroy(engine.h(), handle);
        Reference.reachabilityFence(engine);
    }

    /**
     * Destroys the enumeration handle (*DestroyEnumHandle0). Idempotent; never throws. Reading
     * after close() fails with STATUS_INVALID_HANDLE (the library's answer for the stale handle).
     */
    @Override
    public synchronized void close() {
        pending = null;
        destroy();
    }
}
