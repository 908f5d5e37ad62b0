// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.fwpkclnt.nativ.fwpk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    @BeforeEach
    void clean() {
        Fixtures.reset();
    }

    static FwpException expect(int code, Runnable r) {
        FwpException e = assertThrows(FwpException.class, r::run);
        assertEquals(code, e.code(), () -> "got " + e.name());
        assertEquals(Fwpk.statusName(code), e.name());
        return e;
    }

    @Test
    void versionAndStatusNames() {
        assertTrue(Fwpk.libVersion().matches("\\d+\\.\\d+\\.\\d+.*"), Fwpk.libVersion());
        assertEquals(Fwp.FWPKCLNT_VERSION_NUMBER, Fwpk.libVersionNumber());
        for (ErrorCode c : ErrorCode.values()) assertEquals(c.name(), Fwpk.statusName(c.code()), c.name());
        assertNull(Fwpk.statusName(0x12345678));
        assertEquals(ErrorCode.FWP_E_NOT_FOUND, ErrorCode.fromCode(0x80320008));
    }

    @Test
    void generatedStatusTableNamesWhatTheLibraryNames() {
        assertTrue(ErrorCode.values().length > 60);
        for (ErrorCode c : ErrorCode.values()) assertEquals(Fwpk.statusName(c.code()), ErrorCode.nameOf(c.code()), c.name());
        assertNull(ErrorCode.nameOf(0x12345678));
        assertEquals("0x12345678", new FwpException("F", 0x12345678).name());
    }

    @Test
    void guidsComeFromTheHeader() {
        assertEquals(UUID.fromString("5926dfc8-e3cf-4426-a283-dc393f5d0f9d"), Guids.FWPM_LAYER_INBOUND_TRANSPORT_V4);
        assertEquals(UUID.fromString("eebecc03-ced4-4380-819a-2734397b2b74"), Guids.FWPM_SUBLAYER_UNIVERSAL);
    }

    @Test
    void saContextRoundTrip() {
        int remote = Ip.v4("10.1.0.2");
        try (Engine e = Engine.open()) {
            long id = Fixtures.keyedContext(e, remote, 0x4242);
            SaContext c = e.getSaContext(id);
            assertEquals(id, c.saContextId());
            assertEquals(Fwp.FWP_DIRECTION_INBOUND, c.inboundSa().saDirection());
            assertEquals(Fwp.FWP_DIRECTION_OUTBOUND, c.outboundSa().saDirection());
            assertEquals(remote, c.outboundSa().traffic().remoteV4Address());
            assertEquals(Fixtures.LOCAL, c.outboundSa().traffic().localV4Address());
            assertEquals(0x4242, c.outboundSa().saBundle().saList()[0].spi());
            assertEquals(1, c.outboundSa().saBundle().saList().length);
            SaAuthAndCipherInformation i = c.outboundSa().saBundle().saList()[0].espAuthAndCipherInformation();
            assertArrayEquals(Fixtures.key(16, 2), i.saCipherInformation().cipherKey());
            assertArrayEquals(Fixtures.key(20, 102), i.saAuthInformation().authKey());
            assertEquals(Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, i.saAuthInformation().authTransform().authTransformId().authConfig());
            assertNotNull(c.outboundSa().transportFilter());
            assertEquals(c.outboundSa().traffic().ipsecFilterId(), c.outboundSa().transportFilter().filterId());
            assertEquals("test outbound", c.outboundSa().transportFilter().displayData().name());
            assertTrue(Integer.toUnsignedLong(c.inboundSa().saBundle().saList()[0].spi()) >= 256);
            assertEquals(c, SaContext.decode(c.encode()), "a result is a value: it encodes and compares");
            assertTrue(c.toString().startsWith("SaContext{saContextId=" + id + ", inboundSa=SaDetails{"), c.toString());

            SaContext0 c0 = e.getSaContext0(id);
            assertEquals(c.outboundSa().saBundle().saList()[0], c0.outboundSa().saBundle().saList()[0]);
            assertEquals(c.outboundSa().traffic().remoteV4Address(), c0.outboundSa().traffic().remoteV4Address());

            Statistics s = e.getStatistics();
            assertTrue(s.aggregateSaStatistics().activeSas() >= 2);
            assertEquals(0L, s.inboundTrafficStatistics().encryptedByteCount());
            assertNotNull(e.getStatistics0().aggregateSaStatistics());
            e.deleteSaContext(id);
            expect(Fwp.FWP_E_NOT_FOUND, () -> e.getSaContext(id));
        }
    }

    @Test
    void errorsCarryExactCodes() {
        try (Engine e = Engine.open()) {
            FwpException x = expect(Fwp.FWP_E_NOT_FOUND, () -> e.getSaContext(999_999));
            assertEquals("IPsecSaContextGetById1", x.function());
            assertEquals(ErrorCode.FWP_E_NOT_FOUND, x.errorCode());
            assertTrue(x.is(ErrorCode.FWP_E_NOT_FOUND));
            assertTrue(x instanceof RuntimeException);

            Filter noName = Fixtures.filter(true, 1).toBuilder().displayData(null).build();
            expect(Fwp.FWP_E_NULL_DISPLAY_NAME, () -> e.addFilter(noName));

            Traffic bad = Fixtures.traffic(1, 1).toBuilder().ipVersion(7).build();
            expect(Fwp.FWP_E_INVALID_ENUMERATOR, () -> e.createSaContext(bad));
            Traffic none = Fixtures.traffic(1, 1).toBuilder().ipVersion(Fwp.FWP_IP_VERSION_NONE).build();
            expect(Fwp.FWP_E_INVALID_PARAMETER, () -> e.createSaContext(none));
            expect(Fwp.FWP_E_FILTER_NOT_FOUND, () -> e.createSaContext(Fixtures.traffic(1, 123456)));
            expect(Fwp.FWP_E_FILTER_NOT_FOUND, () -> e.deleteFilter(987654));
            expect(Fwp.FWP_E_NULL_POINTER, () -> e.createSaContext(null));
            expect(Fwp.FWP_E_NULL_POINTER, () -> e.getFilter((java.util.UUID) null));
            Transaction t = e.beginTransaction();
            t.commit();
            expect(Fwp.FWP_E_NO_TXN_IN_PROGRESS, t::commit);
        } catch (FwpException ignored) {
            fail("unexpected " + ignored);
        }
    }

    @Test
    void rawLayerExpressesNullPointers() {
        try (Engine e = Engine.open()) {
            long out = e.addFilter(Fixtures.filter(true, 5));
            byte[] traffic = Fixtures.traffic0(5, out).encode();
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.fwpkx_IPsecSaContextCreate0(e.handle(), traffic, null, null));
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.fwpkx_IPsecSaContextCreate0(e.handle(), null, null, new long[1]));
            assertEquals(Fwp.STATUS_INVALID_PARAMETER, fwpk.fwpkx_IPsecSaContextCreate0(e.handle(), new byte[] {1, 2, 3}, null, new long[1]),
                         "malformed input bytes are refused before the function runs");
            long[] eh = new long[1];
            assertEquals(0, fwpk.fwpkx_IPsecSaContextCreateEnumHandle0(e.handle(), null, eh));
            byte[][] page = new byte[1][];
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.fwpkx_IPsecSaContextEnum1(e.handle(), eh[0], 10, page, null));
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.fwpkx_IPsecSaContextEnum1(e.handle(), eh[0], 10, null, new int[1]));
            int[] n = new int[1];
            assertEquals(0, fwpk.fwpkx_IPsecSaContextEnum1(e.handle(), eh[0], 10, page, n));
            assertEquals(n[0], SaContext.decodePage(page[0]).length);
            assertEquals(0, fwpk.fwpkx_IPsecSaContextDestroyEnumHandle0(e.handle(), eh[0]));
            assertEquals(Fwp.STATUS_INVALID_HANDLE, fwpk.fwpkx_IPsecSaContextDestroyEnumHandle0(e.handle(), eh[0]));
            assertEquals(Fwp.STATUS_INVALID_HANDLE, fwpk.fwpkx_FwpmEngineClose0(0x4242424242424242L));
            assertThrows(IndexOutOfBoundsException.class, () -> fwpk.fwpkx_IPsecSaContextCreate0(e.handle(), traffic, null, new long[0]));
        }
    }
    @Test
    void disposal() {
        Engine e = Engine.open();
        Enumerator<SaContext> en = e.enumerateSaContexts(null, 2);
        Transaction t = e.beginTransaction();
        e.close();
        e.close(); // harmless
        assertTrue(e.isClosed());
        expect(Fwp.STATUS_INVALID_HANDLE, () -> e.getSaContext(1));
        expect(Fwp.STATUS_INVALID_HANDLE, e::getStatistics);
        expect(Fwp.STATUS_INVALID_HANDLE, en::hasNext); // the session released it
        en.close();
        en.close();
        t.close();
        t.close();

        try (Engine e2 = Engine.open()) {
            Enumerator<SaContext> en2 = e2.enumerateSaContexts(null, 2);
            en2.close();
            en2.close();
            expect(Fwp.STATUS_INVALID_HANDLE, en2::nextPage);
            try (Transaction t2 = e2.beginTransaction()) {
                t2.commit();
            }
        }
    }

    @Test
    void transactions() {
        try (Engine e = Engine.open()) {
            try (Transaction t = e.beginTransaction()) {
                e.addFilter(Fixtures.filter(true, 9));
                expect(Fwp.FWP_E_TXN_IN_PROGRESS, () -> e.beginTransaction());
            } // aborted
            assertEquals(0, e.filters().size());
            try (Transaction t = e.beginTransaction()) {
                e.addFilter(Fixtures.filter(true, 9));
                t.commit();
            }
            assertEquals(1, e.filters().size());
            try (Transaction t = e.beginReadOnlyTransaction()) {
                expect(Fwp.FWP_E_INCOMPATIBLE_TXN, () -> e.addFilter(Fixtures.filter(true, 10)));
            }
        }
    }

    @Test
    void filtersAndSessions() {
        try (Engine e = Engine.open(Session.builder().displayData(DisplayData.of("java filters", null)).build())) {
            Filter f = Fixtures.filter(false, Ip.v4("192.168.1.1")).toBuilder().filterKey(UUID.randomUUID()).build();
            long id = e.addFilter(f);
            Filter got = e.getFilter(id);
            assertEquals(f.filterKey(), got.filterKey());
            assertEquals(got, e.getFilter(f.filterKey()));
            assertEquals(Fwp.FWP_UINT32, got.filterCondition()[0].conditionValue().type());
            assertEquals(Ip.v4("192.168.1.1"), got.filterCondition()[0].conditionValue().uint32());
            assertEquals(Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, got.action().calloutKey());
            assertEquals(Fwp.FWP_UINT64, got.effectiveWeight().type());
            e.deleteFilter(f.filterKey());
            expect(Fwp.FWP_E_FILTER_NOT_FOUND, () -> e.getFilter(id));

            List<Session> mine = e.sessions().stream()
                    .filter(x -> "java filters".equals(x.displayData().name()))
                    .collect(Collectors.toList());
            assertEquals(1, mine.size());
            assertEquals((int) ProcessHandle.current().pid(), mine.get(0).processId());
            assertEquals(1, mine.get(0).kernelMode());
        }
    }

    @Test
    void expire() throws Exception {
        assertEquals("500", System.getenv("FWPKCLNT_EXPIRE_DELAY_MS"), "meson sets the expiry delay (fwpk_test_env)");
        try (Engine e = Engine.open()) {
            long id = Fixtures.keyedContext(e, Ip.v4("10.2.0.2"), 0x777);
            e.expireSaContext(id);
            assertNull(e.getSaContext(id).outboundSa());
            expect(Fwp.FWP_E_INCOMPATIBLE_SA_STATE, () -> e.expireSaContext(id));
            Thread.sleep(1000);
            expect(Fwp.FWP_E_NOT_FOUND, () -> e.getSaContext(id));
        }
    }

    @Test
    void updateAndSetSpi() {
        try (Engine e = Engine.open()) {
            int remote = Ip.v4("10.3.0.2");
            long out = e.addFilter(Fixtures.filter(true, remote));
            long in = e.addFilter(Fixtures.filter(false, remote));
            long id = e.createSaContext0(Fixtures.traffic0(remote, out));
            GetSpi g = GetSpi.of(Fixtures.traffic(remote, in), Fwp.FWP_IP_VERSION_V4, null);
            expect(Fwp.FWP_E_INVALID_PARAMETER, () -> e.setSpi(id, g, 12));
            e.setSpi(id, g, 0x5000);
            e.addInbound0(id, Fixtures.bundle0(3, Fixtures.espSa(0x5000, 1)));
            SaDetails inbound = e.getSaContext(id).inboundSa();
            SaContext v = SaContext.builder().saContextId(id)
                    .inboundSa(inbound.toBuilder()
                            .saBundle(inbound.saBundle().toBuilder().flags(Fwp.IPSEC_SA_BUNDLE_FLAG_ND_SECURE).build())
                            .build())
                    .build();
            e.updateSaContext(Fwp.IPSEC_SA_BUNDLE_UPDATE_FLAGS, v);
            assertEquals(Fwp.IPSEC_SA_BUNDLE_FLAG_ND_SECURE, e.getSaContext(id).inboundSa().saBundle().flags());
            expect(Fwp.FWP_E_INVALID_FLAGS, () -> e.updateSaContext(0, v));
        }
    }

    private static Filter v6Filter(boolean outbound) {
        return Filter.builder().displayData(DisplayData.of("v6", null))
                .layerKey(outbound ? Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V6 : Guids.FWPM_LAYER_INBOUND_TRANSPORT_V6)
                .action(Action.ofCalloutKey(Fwp.FWP_ACTION_CALLOUT_TERMINATING,
                        outbound ? Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6 : Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6))
                .build();
    }

    @Test
    void ipv6TrafficRoundTripsThroughGetSpiAndSetSpi() {
        try (Engine e = Engine.open()) {
            long fo = e.addFilter(v6Filter(true)), fi = e.addFilter(v6Filter(false));
            Traffic out = Ip.transport("2001:db8::1", "2001:db8::2", fo);
            long id = e.createSaContext(out);
            Traffic in = out.toBuilder().ipsecFilterId(fi).build();
            int spi = e.getSpi(id, GetSpi.of(in, Fwp.FWP_IP_VERSION_V6, null));
            e.addInbound(id, SaBundle.builder().ipVersion(Fwp.FWP_IP_VERSION_V6)
                    .saList(Sa.ofEspAuthAndCipherInformation(spi, SaAuthAndCipherInformation.of(
                            Fixtures.aes128(Fixtures.key(16, 1)), Fixtures.sha1(Fixtures.key(20, 2)))))
                    .build());
            Traffic got = e.getSaContext(id).inboundSa().traffic();
            assertEquals(Fwp.FWP_IP_VERSION_V6, got.ipVersion());
            assertArrayEquals(Ip.v6("2001:db8::1"), got.localV6Address());
            assertArrayEquals(Ip.v6("2001:db8::2"), got.remoteV6Address());

            long id0 = e.createSaContext(out);
            e.setSpi(id0, GetSpi.of(in, Fwp.FWP_IP_VERSION_V6, null), 0x5000);
            e.addInbound0(id0, SaBundle0.builder().ipVersion(Fwp.FWP_IP_VERSION_V6)
                    .saList(Sa.ofEspAuthInformation(0x5000, Fixtures.sha1(Fixtures.key(20, 3)))).build());
            assertArrayEquals(Ip.v6("2001:db8::2"), e.getSaContext0(id0).inboundSa().traffic().remoteV6Address());
        }
    }

    /** As C keying code does, only the GETSPI says IPv6 (the traffic's own ipVersion is left 0 = V4):
     *  the GETSPI's selects the traffic's address arms (annotations.toml [select]). */
    @Test
    void getSpiWithIpv6OnlyOnTheGetSpiSendsTheV6Addresses() {
        try (Engine e = Engine.open()) {
            long fo = e.addFilter(v6Filter(true)), fi = e.addFilter(v6Filter(false));
            long id = e.createSaContext(Ip.transport("2001:db8::1", "2001:db8::2", fo));
            Traffic in = Traffic.builder().localV6Address(Ip.v6("2001:db8::1")).remoteV6Address(Ip.v6("2001:db8::2"))
                    .trafficType(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT).ipsecFilterId(fi).build();
            assertEquals(Fwp.FWP_IP_VERSION_V4, in.ipVersion());
            int spi = e.getSpi(id, GetSpi.of(in, Fwp.FWP_IP_VERSION_V6, null));
            e.addInbound(id, SaBundle.builder().ipVersion(Fwp.FWP_IP_VERSION_V6)
                    .saList(Sa.ofEspAuthInformation(spi, Fixtures.sha1(Fixtures.key(20, 4)))).build());
            Traffic got = e.getSaContext(id).inboundSa().traffic();
            assertEquals(Fwp.FWP_IP_VERSION_V6, got.ipVersion(), "the engine stores the GETSPI's version");
            assertArrayEquals(Ip.v6("2001:db8::1"), got.localV6Address());
            assertArrayEquals(Ip.v6("2001:db8::2"), got.remoteV6Address());

            long id0 = e.createSaContext0(Traffic0.builder().ipVersion(Fwp.FWP_IP_VERSION_V6)
                    .localV6Address(Ip.v6("2001:db8::1")).remoteV6Address(Ip.v6("2001:db8::2"))
                    .trafficType(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT).ipsecFilterId(fo).build());
            Traffic0 in0 = Traffic0.builder().localV6Address(Ip.v6("2001:db8::1")).remoteV6Address(Ip.v6("2001:db8::2"))
                    .trafficType(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT).ipsecFilterId(fi).build();
            int spi0 = e.getSpi0(id0, GetSpi0.of(in0, Fwp.FWP_IP_VERSION_V6, null));
            e.addInbound0(id0, SaBundle0.builder().ipVersion(Fwp.FWP_IP_VERSION_V6)
                    .saList(Sa.ofEspAuthInformation(spi0, Fixtures.sha1(Fixtures.key(20, 5)))).build());
            assertArrayEquals(Ip.v6("2001:db8::2"), e.getSaContext0(id0).inboundSa().traffic().remoteV6Address());
        }
    }

    @Test
    void buildersFactoriesAndValueEquality() {
        Traffic t = Ip.transport("10.0.0.1", "10.0.0.2", 7);
        assertEquals(Fixtures.traffic(Ip.v4("10.0.0.2"), 7), t);
        assertEquals(Fixtures.traffic(Ip.v4("10.0.0.2"), 7).hashCode(), t.hashCode());
        Traffic tun = Ip.tunnel("2001:db8::1", "2001:db8::2", 42);
        assertEquals(Fwp.FWP_IP_VERSION_V6, tun.ipVersion());
        assertEquals(Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL, tun.trafficType());
        assertEquals(42, tun.tunnelPolicyId(), "tunnelPolicyId and ipsecFilterId share a union");
        assertEquals(42, tun.ipsecFilterId());
        assertThrows(IllegalArgumentException.class, () -> Ip.transport("10.0.0.1", "2001:db8::2", 1));
        assertEquals(9, t.toBuilder().ipsecFilterId(9).build().ipsecFilterId());
        assertEquals(7, t.ipsecFilterId(), "toBuilder copies");
        assertNotEquals(t, t.toBuilder().remotePort(1).build());

        Sa esp = Fixtures.espSa(0x1234, 1);
        assertEquals(Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER, esp.saTransformType());
        assertEquals(Fwp.FWP_UINT32, ConditionValue.ofUint32(5).type());
        assertEquals(Fwp.FWP_V4_ADDR_MASK, ConditionValue.ofV4AddrMask(V4AddrAndMask.of(1, 2)).type());
        assertEquals(Long.valueOf(5), Value.ofUint64(5L).uint64());
        // Only the selected union member is encoded (and printed).
        Sa ah = esp.toBuilder().saTransformType(Fwp.IPSEC_TRANSFORM_AH).build();
        assertNull(Sa.decode(ah.encode()).espAuthAndCipherInformation());
        assertEquals("Sa{spi=4660, saTransformType=1, ahInformation=null}", ah.toString());
        // Keys print as hex, strings quoted; a member-wise equal value is equal.
        assertEquals("DisplayData{name=\"a\", description=null}", DisplayData.of("a", null).toString());
        assertEquals(esp, Sa.decode(esp.encode()));
    }

    // Functions added to the headers reach the SDK without a hand-written line (generated methods).
    @Test
    void engineOptionsAndBfeStateThroughGeneratedMethods() {
        assertEquals(Fwp.FWPM_SERVICE_RUNNING, Engine.getBfeState());
        try (Engine a = Engine.open(); Engine b = Engine.open()) {
            assertEquals(Value.ofUint32(1), a.getOptionEngine(Fwp.FWPM_ENGINE_COLLECT_NET_EVENTS));
            a.setOptionEngine(Fwp.FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS, Value.ofUint32(Fwp.FWPM_NET_EVENT_KEYWORD_INBOUND_MCAST));
            assertEquals(Fwp.FWPM_NET_EVENT_KEYWORD_INBOUND_MCAST,
                         b.getOptionEngine(Fwp.FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS).uint32(), "engine-wide");
            a.setOptionEngine(Fwp.FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS, Value.ofUint32(0));
            expect(Fwp.FWP_E_NULL_POINTER, () -> a.setOptionEngine(Fwp.FWPM_ENGINE_NAME_CACHE, null));
        }
    }
}
