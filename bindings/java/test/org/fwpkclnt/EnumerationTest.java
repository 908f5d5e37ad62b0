// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fwpkclnt.nativ.fwpk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnumerationTest {
    static final int N = 5;
    List<Long> ids;

    @BeforeEach
    void setUp() {
        Fixtures.reset();
        ids = new ArrayList<>();
        try (Engine e = Engine.open()) {
            for (int i = 0; i < N; i++) ids.add(Fixtures.keyedContext(e, Ip.v4("10.5.0." + (i + 2)), 0x9000 + i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void pagesOfEverySize(int pageSize) {
        try (Engine e = Engine.open(); Enumerator<SaContext> en = e.enumerateSaContexts(null, pageSize)) {
            List<Long> seen = new ArrayList<>();
            int pages = 0;
            while (true) {
                List<SaContext> page = en.nextPage();
                pages++;
                assertTrue(page.size() <= pageSize);
                page.forEach(c -> seen.add(c.saContextId()));
                if (page.size() < pageSize) break;
            }
            assertEquals(ids, seen);
            assertEquals(N / pageSize + 1, pages);
            assertTrue(en.isClosed(), "a short page releases the handle");
            assertTrue(en.nextPage().isEmpty());
            assertFalse(en.hasNext());
        }
    }

    @Test
    void iterableAndStream() {
        try (Engine e = Engine.open()) {
            List<Long> seen = new ArrayList<>();
            for (SaContext c : e.saContexts(null, 2)) seen.add(c.saContextId());
            assertEquals(ids, seen);
            try (Stream<SaContext> s = e.enumerateSaContexts(null, 3).stream()) {
                assertEquals(ids, s.map(c -> c.saContextId()).collect(Collectors.toList()));
            }
            assertEquals(N, e.enumerateSaContexts0(null, 4).toList().size());
            List<SaDetails> sas = e.enumerateSas(null, 3).toList();
            assertEquals(2 * N, sas.size());
            SaEnumTemplate out = SaEnumTemplate.of(Fwp.FWP_DIRECTION_OUTBOUND);
            assertEquals(N, e.enumerateSas0(out, 1).toList().size());
            assertThrows(IllegalArgumentException.class, () -> e.enumerateSaContexts(null, 0));
        }
    }

    @Test
    void templates() {
        try (Engine e = Engine.open()) {
            SaContextEnumTemplate t = SaContextEnumTemplate.of(null, ConditionValue.ofUint32(Ip.v4("10.5.0.3")));
            List<SaContext> one = e.enumerateSaContexts(t, 10).toList();
            assertEquals(1, one.size());
            assertEquals(ids.get(1).longValue(), one.get(0).saContextId());
            SaContextEnumTemplate subnet = t.toBuilder()
                    .remoteSubNet(ConditionValue.ofV4AddrMask(V4AddrAndMask.of(Ip.v4("10.5.0.0"), 0xFFFFFF00))).build();
            assertEquals(N, e.enumerateSaContexts(subnet, 10).toList().size());
            SaContextEnumTemplate badMask = t.toBuilder()
                    .remoteSubNet(ConditionValue.ofV4AddrMask(V4AddrAndMask.of(Ip.v4("10.5.0.0"), 0xFF00FF00))).build();
            FwpException x = assertThrows(FwpException.class, () -> e.enumerateSaContexts(badMask, 10));
            assertEquals(Fwp.FWP_E_INVALID_NET_MASK, x.code());
            SaContextEnumTemplate badType = t.toBuilder().remoteSubNet(ConditionValue.ofUint8(1)).build();
            assertEquals(Fwp.FWP_E_TYPE_MISMATCH, assertThrows(FwpException.class, () -> e.enumerateSaContexts(badType, 10)).code());

            FilterEnumTemplate ft = FilterEnumTemplate.builder().layerKey(Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V4).actionMask(-1).build();
            assertEquals(N, e.enumerateFilters(ft, 2).toList().size());
        }
    }

    @Test
    void enumeratorKeepsItsSessionAliveAcrossGc() throws Exception {
        Engine e = Engine.open();
        Enumerator<SaContext> en = e.enumerateSaContexts(null, 1);
        e = null; // only the enumerator refers to the engine now
        List<Long> seen = new ArrayList<>();
        while (en.hasNext()) {
            System.gc();
            Thread.sleep(5);
            seen.add(en.next().saContextId());
        }
        assertEquals(ids, seen);
        en.close();
    }

    @Test
    void unreachableEngineIsClosedByTheCleaner() throws Exception {
        int before;
        try (Engine probe = Engine.open()) {
            before = probe.sessions().size();
        }
        openAndDrop();
        int after = -1;
        for (int i = 0; i < 100; i++) {
            System.gc();
            Thread.sleep(20);
            try (Engine probe = Engine.open()) {
                after = probe.sessions().size();
            }
            if (after == before) break;
        }
        assertEquals(before, after, "the dropped session was not closed by the Cleaner");
    }

    private static void openAndDrop() {
        for (int i = 0; i < 3; i++) Engine.open().enumerateSaContexts(null, 1);
    }

    @Test
    void concurrentUse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Engine shared = Engine.open()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    int count = 0;
                    try (Engine own = Engine.open()) {
                        for (int i = 0; i < 20; i++) {
                            Engine e = (i % 2 == 0) ? shared : own;
                            Fixtures.keyedContext(e, Ip.v4("10.6." + thread + "." + (i + 2)), 0x10000 + thread * 100 + i);
                            for (SaContext c : e.saContexts(null, 7)) count += c.saContextId() > 0 ? 1 : 0;
                        }
                    }
                    return count;
                }));
            }
            for (Future<Integer> f : results) assertTrue(f.get() > 0);
            List<SaContext> all = Collections.synchronizedList(new ArrayList<>());
            shared.saContexts(null, 50).forEach(all::add);
            assertEquals(N + 8 * 20, all.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void breakInsideTryWithResourcesDestroysTheNativeHandle() {
        try (Engine e = Engine.open()) {
            long handle;
            try (Enumerator<SaContext> en = e.enumerateSaContexts(null, 1)) {
                handle = en.handle();
                for (SaContext c : en) {
                    if (c.saContextId() == ids.get(0)) break; // pages remain: the snapshot is still open here
                }
                assertFalse(en.isClosed());
            }
            // The library no longer knows the handle: destroying it again is STATUS_INVALID_HANDLE.
            assertEquals(Fwp.STATUS_INVALID_HANDLE, fwpk.fwpkx_IPsecSaContextDestroyEnumHandle0(e.handle(), handle));

            // Control: the same early exit without try-with-resources leaves the handle open.
            Enumerator<SaContext> leaked = e.enumerateSaContexts(null, 1);
            assertEquals((long) ids.get(0), leaked.next().saContextId());
            assertEquals(Fwp.STATUS_SUCCESS, fwpk.fwpkx_IPsecSaContextDestroyEnumHandle0(e.handle(), leaked.handle()));
            leaked.close(); // its own destroy now finds nothing: harmless
        }
    }

    @Test
    void recordsOfOnePageNamingOneFilterShareOneDecodedFilter() {
        Fixtures.reset();
        try (Engine e = Engine.open()) {
            long out = e.addFilter(Fixtures.filter(true, Ip.v4("10.6.0.0")));
            long in = e.addFilter(Fixtures.filter(false, Ip.v4("10.6.0.0")));
            for (int i = 0; i < 3; i++) {
                int remote = Ip.v4("10.6.0." + (i + 2));
                long id = e.createSaContext(Fixtures.traffic(remote, out));
                int spi = e.getSpi(id, GetSpi.of(Fixtures.traffic(remote, in), Fwp.FWP_IP_VERSION_V4, null));
                e.addInbound(id, Fixtures.bundle(7, Fixtures.espSa(spi, i)));
                e.addOutbound(id, Fixtures.bundle(7, Fixtures.espSa(0x7000 + i, i)));
            }
            List<SaContext> page, other;
            try (Enumerator<SaContext> en = e.enumerateSaContexts(null, 10)) {
                page = en.nextPage();
            }
            try (Enumerator<SaContext> en = e.enumerateSaContexts(null, 10)) {
                other = en.nextPage();
            }
            assertEquals(3, page.size());
            Filter outbound = page.get(0).outboundSa().transportFilter(), inbound = page.get(0).inboundSa().transportFilter();
            assertEquals(out, outbound.filterId());
            assertEquals(in, inbound.filterId());
            for (SaContext c : page) {
                assertSame(outbound, c.outboundSa().transportFilter());
                assertSame(inbound, c.inboundSa().transportFilter());
                assertEquals(SaContext.decode(c.encode()), c, "a page record reads as its full decode");
            }
            // Another page decodes its own copy, equal to the first.
            Filter again = other.get(2).outboundSa().transportFilter();
            assertNotSame(outbound, again);
            assertEquals(outbound, again);
        }
    }
}
