// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;
import java.util.ArrayList;
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
        assertEquals(Fwp.FWPKCLNT_VERSION, Fwpk.libVersion());
        assertEquals(Fwp.FWPKCLNT_VERSION_NUMBER, Fwpk.libVersionNumber());
        for (ErrorCode c : ErrorCode.values()) assertEquals(c.name(), Fwpk.statusName(c.code()), c.name());
        assertNull(Fwpk.statusName(0x12345678));
        assertEquals(ErrorCode.FWP_E_NOT_FOUND, ErrorCode.fromCode(0x80320008));
    }

    @Test
    void constantsMatchTheHeadersThroughSwig() throws Exception {
        int checked = 0;
        List<Class<?>> sources = new ArrayList<>();
        sources.add(org.fwpkclnt.nativ.fwpkConstants.class);
        for (String n : new String[] {"FWP_IP_VERSION", "FWP_DATA_TYPE", "FWP_MATCH_TYPE", "IPSEC_TRANSFORM_TYPE",
                                      "IPSEC_AUTH_TYPE", "IPSEC_CIPHER_TYPE", "IPSEC_PFS_GROUP", "FWP_DIRECTION",
                                      "IPSEC_TRAFFIC_TYPE", "FWP_FILTER_ENUM_TYPE", "IPSEC_TOKEN_TYPE"}) {
            sources.add(Class.forName("org.fwpkclnt.nativ." + n));
        }
        for (Class<?> src : sources) {
            for (Field f : src.getFields()) {
                Field mine;
                try {
                    mine = Fwp.class.getField(f.getName());
                } catch (NoSuchFieldException e) {
                    continue;
                }
                Object a = f.get(null), b = mine.get(null);
                if (a instanceof String) {
                    assertEquals(a, b, f.getName());
                } else {
                    long x = a instanceof java.math.BigInteger ? ((java.math.BigInteger) a).longValue() : ((Number) a).longValue();
                    long y = ((Number) b).longValue();
                    if (b instanceof Integer) {
                        x &= 0xFFFFFFFFL;
                        y &= 0xFFFFFFFFL;
                    }
                    assertEquals(x, y, f.getName());
                }
                checked++;
            }
        }
        assertTrue(checked > 150, "only " + checked + " constants compared");
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
            assertEquals(id, c.saContextId);
            assertEquals(Fwp.FWP_DIRECTION_INBOUND, c.inboundSa.saDirection);
            assertEquals(Fwp.FWP_DIRECTION_OUTBOUND, c.outboundSa.saDirection);
            assertEquals(remote, c.outboundSa.traffic.remoteV4Address);
            assertEquals(Fixtures.LOCAL, c.outboundSa.traffic.localV4Address);
            assertEquals(0x4242, c.outboundSa.saBundle.saList[0].spi);
            assertEquals(1, c.outboundSa.saBundle.numSAs);
            SaAuthAndCipherInformation i = c.outboundSa.saBundle.saList[0].espAuthAndCipherInformation;
            assertArrayEquals(Fixtures.key(16, 2), i.saCipherInformation.cipherKey.data);
            assertArrayEquals(Fixtures.key(20, 102), i.saAuthInformation.authKey.data);
            assertEquals(Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, i.saAuthInformation.authTransform.authTransformId.authConfig);
            assertNotNull(c.outboundSa.transportFilter);
            assertEquals(c.outboundSa.traffic.ipsecFilterId, c.outboundSa.transportFilter.filterId);
            assertEquals("test outbound", c.outboundSa.transportFilter.displayData.name);
            assertTrue(Integer.toUnsignedLong(c.inboundSa.saBundle.saList[0].spi) >= 256);

            SaContext c0 = e.getSaContext0(id);
            assertEquals(c.outboundSa.saBundle.saList[0], c0.outboundSa.saBundle.saList[0]);
            assertNull(c0.outboundSa.virtualIfTunnelInfo);
            assertEquals(0, c0.outboundSa.traffic.localPort);

            Statistics s = e.getStatistics();
            assertTrue(s.aggregateSaStatistics.activeSas >= 2);
            assertEquals(0L, s.inboundTrafficStatistics.encryptedByteCount);
            assertNotNull(e.getStatistics0().aggregateSaStatistics);
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

            Filter noName = Fixtures.filter(true, 1);
            noName.displayData = null;
            expect(Fwp.FWP_E_NULL_DISPLAY_NAME, () -> e.addFilter(noName));

            Traffic bad = Fixtures.traffic(1, 1);
            bad.ipVersion = 7;
            expect(Fwp.FWP_E_INVALID_ENUMERATOR, () -> e.createSaContext(bad));
            Traffic none = Fixtures.traffic(1, 1);
            none.ipVersion = Fwp.FWP_IP_VERSION_NONE;
            expect(Fwp.FWP_E_INVALID_PARAMETER, () -> e.createSaContext(none));
            expect(Fwp.FWP_E_FILTER_NOT_FOUND, () -> e.createSaContext(Fixtures.traffic(1, 123456)));
            expect(Fwp.FWP_E_FILTER_NOT_FOUND, () -> e.deleteFilter(987654));
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
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.IPsecSaContextCreate0(e.handle(), Fixtures.traffic(5, out), null, null));
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.IPsecSaContextCreate0(e.handle(), null, null, new long[1]));
            EnumPage p = new EnumPage();
            p.nullCount = true;
            long[] eh = new long[1];
            assertEquals(0, fwpk.IPsecSaContextCreateEnumHandle0(e.handle(), null, eh));
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.IPsecSaContextEnum1(e.handle(), eh[0], 10, p));
            assertNull(p.entries);
            assertEquals(Fwp.FWP_E_NULL_POINTER, fwpk.IPsecSaContextEnum1(e.handle(), eh[0], 10, null));
            assertEquals(0, fwpk.IPsecSaContextDestroyEnumHandle0(e.handle(), eh[0]));
            assertEquals(Fwp.STATUS_INVALID_HANDLE, fwpk.IPsecSaContextDestroyEnumHandle0(e.handle(), eh[0]));
            assertEquals(Fwp.STATUS_INVALID_HANDLE, fwpk.FwpmEngineClose0(0x4242424242424242L));
            fwpk.FwpmFreeMemory0(false);
            fwpk.FwpmFreeMemory0(true);
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
        Session s = new Session();
        s.displayData = new DisplayData();
        s.displayData.name = "java filters";
        try (Engine e = Engine.open(s)) {
            Filter f = Fixtures.filter(false, Ip.v4("192.168.1.1"));
            f.filterKey = UUID.randomUUID();
            long id = e.addFilter(f);
            Filter got = e.getFilter(id);
            assertEquals(f.filterKey, got.filterKey);
            assertEquals(got, e.getFilter(f.filterKey));
            assertEquals(Fwp.FWP_UINT32, got.filterCondition[0].conditionValue.type);
            assertEquals(Ip.v4("192.168.1.1"), (int) got.filterCondition[0].conditionValue.integer);
            assertEquals(Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, got.action.calloutKey);
            assertEquals(Fwp.FWP_UINT64, got.effectiveWeight.type);
            e.deleteFilter(f.filterKey);
            expect(Fwp.FWP_E_FILTER_NOT_FOUND, () -> e.getFilter(id));

            List<Session> mine = e.sessions().stream()
                    .filter(x -> x.displayData != null && "java filters".equals(x.displayData.name))
                    .collect(Collectors.toList());
            assertEquals(1, mine.size());
            assertEquals((int) ProcessHandle.current().pid(), mine.get(0).processId);
            assertTrue(mine.get(0).kernelMode);
        }
    }

    @Test
    void expire() throws Exception {
        assertEquals("500", System.getenv("FWPKCLNT_EXPIRE_DELAY_MS"), "meson sets the expiry delay (fwpk_test_env)");
        try (Engine e = Engine.open()) {
            long id = Fixtures.keyedContext(e, Ip.v4("10.2.0.2"), 0x777);
            e.expireSaContext(id);
            assertNull(e.getSaContext(id).outboundSa);
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
            long id = e.createSaContext0(Fixtures.traffic(remote, out));
            GetSpi g = new GetSpi();
            g.inboundIpsecTraffic = Fixtures.traffic(remote, in);
            g.ipVersion = Fwp.FWP_IP_VERSION_V4;
            expect(Fwp.FWP_E_INVALID_PARAMETER, () -> e.setSpi(id, g, 12));
            e.setSpi(id, g, 0x5000);
            e.addInbound0(id, Fixtures.bundle(3, Fixtures.espSa(0x5000, 1)));
            SaContext v = new SaContext();
            v.saContextId = id;
            v.inboundSa = e.getSaContext(id).inboundSa;
            v.inboundSa.saBundle.flags = Fwp.IPSEC_SA_BUNDLE_FLAG_ND_SECURE;
            e.updateSaContext(Fwp.IPSEC_SA_BUNDLE_UPDATE_FLAGS, v);
            assertEquals(Fwp.IPSEC_SA_BUNDLE_FLAG_ND_SECURE, e.getSaContext(id).inboundSa.saBundle.flags);
            expect(Fwp.FWP_E_INVALID_FLAGS, () -> e.updateSaContext(0, v));
        }
    }

    private static Filter v6Filter(boolean outbound) {
        Filter f = new Filter();
        f.displayData = new DisplayData();
        f.displayData.name = "v6";
        f.layerKey = outbound ? Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V6 : Guids.FWPM_LAYER_INBOUND_TRANSPORT_V6;
        f.action = new Action();
        f.action.type = Fwp.FWP_ACTION_CALLOUT_TERMINATING;
        f.action.calloutKey = outbound ? Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6
                                       : Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6;
        return f;
    }

    // IPv6 keying code written for Windows sets IPSEC_GETSPI1.ipVersion = V6 and leaves
    // inboundIpsecTraffic.ipVersion 0; the engine reads the GETSPI's, so must the binding.
    @Test
    void getSpiIPv6AddressesSurviveTrafficVersionLeftZero() {
        try (Engine e = Engine.open()) {
            long fo = e.addFilter(v6Filter(true)), fi = e.addFilter(v6Filter(false));
            Traffic out = Traffic.transport("2001:db8::1", "2001:db8::2", fo);
            long id = e.createSaContext(out);
            Traffic in = out.withIpsecFilterId(fi);
            in.ipVersion = 0; // as strongSwan's WFP backend leaves it
            int spi = e.getSpi(id, GetSpi.of(in, Fwp.FWP_IP_VERSION_V6));
            e.addInbound(id, SaBundle.esp(Fwp.FWP_IP_VERSION_V6, spi,
                    SaCipherInformation.of(Fwp.IPSEC_CIPHER_TYPE_AES_128, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128, Fixtures.key(16, 1)),
                    SaAuthInformation.of(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, Fixtures.key(20, 2))));
            Traffic got = e.getSaContext(id).inboundSa.traffic;
            assertEquals(Fwp.FWP_IP_VERSION_V6, got.ipVersion);
            assertArrayEquals(Ip.v6("2001:db8::1"), got.localV6Address);
            assertArrayEquals(Ip.v6("2001:db8::2"), got.remoteV6Address);

            // SetSpi0 (through IPSEC_GETSPI0) takes the same shape.
            long id0 = e.createSaContext0(out);
            e.setSpi(id0, GetSpi.of(in, Fwp.FWP_IP_VERSION_V6), 0x5000);
            e.addInbound0(id0, SaBundle.of(Fwp.FWP_IP_VERSION_V6, Sa.espAuth(0x5000,
                    SaAuthInformation.of(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, Fixtures.key(20, 3)))));
            assertArrayEquals(Ip.v6("2001:db8::2"), e.getSaContext0(id0).inboundSa.traffic.remoteV6Address);
        }
    }

    @Test
    void factoriesBuildWhatTheFieldAssignmentsBuild() {
        Traffic t = Traffic.transport("10.0.0.1", "10.0.0.2", 7);
        assertEquals(Fixtures.traffic(Ip.v4("10.0.0.2"), 7), t);
        Traffic tun = Traffic.tunnel("2001:db8::1", "2001:db8::2", 42);
        assertEquals(Fwp.FWP_IP_VERSION_V6, tun.ipVersion);
        assertEquals(Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL, tun.trafficType);
        assertEquals(42, tun.tunnelPolicyId);
        assertThrows(IllegalArgumentException.class, () -> Traffic.transport("10.0.0.1", "2001:db8::2", 1));
        assertEquals(9, t.withIpsecFilterId(9).ipsecFilterId);
        assertEquals(7, t.ipsecFilterId, "withIpsecFilterId copies");

        SaBundle b = SaBundle.esp(Fwp.FWP_IP_VERSION_V4, 0x1234,
                SaCipherInformation.of(Fwp.IPSEC_CIPHER_TYPE_AES_128, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128, Fixtures.key(16, 1)),
                SaAuthInformation.of(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, Fixtures.key(20, 101)))
                .withQmSaId(7).withLifetime(3600, 0, 0);
        assertEquals(Fixtures.bundle(7, Fixtures.espSa(0x1234, 1)), b);

        GetSpi g = GetSpi.of(t);
        assertSame(t, g.inboundIpsecTraffic);
        assertEquals(Fwp.FWP_IP_VERSION_V4, g.ipVersion);
        assertEquals(Fwp.IPSEC_TRANSFORM_AH, SaBundle.ah(Fwp.FWP_IP_VERSION_V4, 1,
                SaAuthInformation.of(Fwp.IPSEC_AUTH_SHA_256, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_256_128, new byte[32])).saList[0].saTransformType);
    }
}
