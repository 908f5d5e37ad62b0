// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.fwpkclnt.nativ.fwpk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page codec (bindings/common/fwpk_pages.c + Pages.java) must produce exactly the objects the
 * raw layer's field-by-field readers (fwpkj_out_* in jni/fwpkj.c) produce, member by member — for
 * structures built here (every value type, NULL pointers, IPv6, tokens, key-module state, every
 * SA transform) and for what the engine returns (every enumerator kind, both GetById versions,
 * GetByKey, errors).
 */
class PagesTest {
    @BeforeEach
    void clean() {
        Fixtures.reset();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed * 37 + i * 11);
        return b;
    }

    private static FwpValue v(int type) {
        FwpValue x = new FwpValue();
        x.type = type;
        return x;
    }

    private static FwpValue nul(int type) {
        FwpValue x = v(type);
        x.nullPointer = true;
        return x;
    }

    /** One condition per value type, NULL pointers and non-ASCII text among them. FWP_TOKEN_INFORMATION_TYPE
     * is left out: the input converter cannot build a non-NULL one and the library rejects a NULL one, so the
     * engine never returns it with a NULL pointer (the page path reads it as non-NULL). */
    static FilterCondition[] allConditions() {
        List<FwpValue> vs = new ArrayList<>();
        vs.add(FwpValue.empty());
        vs.add(FwpValue.uint8(200));
        vs.add(FwpValue.uint16(65000));
        vs.add(FwpValue.uint32(0xDEADBEEF));
        vs.add(FwpValue.uint64(0x0123456789ABCDEFL));
        vs.add(FwpValue.uint64(-1L));
        vs.add(nul(Fwp.FWP_UINT64));
        vs.add(FwpValue.int8(-5));
        vs.add(FwpValue.int16(-30000));
        vs.add(FwpValue.int32(Integer.MIN_VALUE));
        vs.add(FwpValue.int64(-1234567890123L));
        vs.add(nul(Fwp.FWP_INT64));
        vs.add(FwpValue.float32(-1.5f));
        vs.add(FwpValue.float32(Float.NaN));
        vs.add(FwpValue.double64(Math.PI));
        vs.add(nul(Fwp.FWP_DOUBLE));
        vs.add(FwpValue.byteArray16(bytes(16, 9)));
        vs.add(nul(Fwp.FWP_BYTE_ARRAY16_TYPE));
        vs.add(FwpValue.byteArray6(bytes(6, 3)));
        vs.add(nul(Fwp.FWP_BYTE_ARRAY6_TYPE));
        FwpValue bm = v(Fwp.FWP_BITMAP_ARRAY64_TYPE);
        bm.bytes = bytes(8, 4);
        vs.add(bm);
        vs.add(FwpValue.byteBlob(bytes(33, 5)));
        vs.add(FwpValue.byteBlob(new byte[0]));
        vs.add(nul(Fwp.FWP_BYTE_BLOB_TYPE));
        FwpValue sd = v(Fwp.FWP_SECURITY_DESCRIPTOR_TYPE);
        sd.bytes = bytes(20, 6);
        vs.add(sd);
        FwpValue tai = v(Fwp.FWP_TOKEN_ACCESS_INFORMATION_TYPE);
        tai.bytes = bytes(7, 7);
        vs.add(tai);
        FwpValue sid = v(Fwp.FWP_SID);
        sid.bytes = new byte[] {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0};
        vs.add(sid);
        vs.add(nul(Fwp.FWP_SID));
        vs.add(FwpValue.unicodeString("h\u00e9llo \u4e16\u754c \uD83D\uDE00"));
        vs.add(FwpValue.unicodeString(""));
        vs.add(nul(Fwp.FWP_UNICODE_STRING_TYPE));
        FwpValue bi = v(Fwp.FWP_BITMAP_INDEX_TYPE);
        bi.integer = 63;
        vs.add(bi);
        FwpValue v4 = v(Fwp.FWP_V4_ADDR_MASK);
        v4.v4AddrMask = new V4AddrAndMask();
        v4.v4AddrMask.addr = 0x0A000000;
        v4.v4AddrMask.mask = 0xFF000000;
        vs.add(v4);
        vs.add(nul(Fwp.FWP_V4_ADDR_MASK));
        FwpValue v6 = v(Fwp.FWP_V6_ADDR_MASK);
        v6.v6AddrMask = new V6AddrAndMask();
        v6.v6AddrMask.addr = bytes(16, 11);
        v6.v6AddrMask.prefixLength = 64;
        vs.add(v6);
        vs.add(nul(Fwp.FWP_V6_ADDR_MASK));
        FwpValue r1 = v(Fwp.FWP_RANGE_TYPE);
        r1.rangeValue = new Range();
        r1.rangeValue.valueLow = FwpValue.uint16(10);
        r1.rangeValue.valueHigh = FwpValue.uint16(20);
        vs.add(r1);
        FwpValue r2 = v(Fwp.FWP_RANGE_TYPE);
        r2.rangeValue = new Range();
        r2.rangeValue.valueLow = FwpValue.uint64(1);
        r2.rangeValue.valueHigh = FwpValue.unicodeString("z");
        vs.add(r2);
        FwpValue r3 = v(Fwp.FWP_RANGE_TYPE); // a range of masks: an FWP_VALUE0 has no mask member
        r3.rangeValue = new Range();
        r3.rangeValue.valueLow = v4;
        r3.rangeValue.valueHigh = FwpValue.byteBlob(bytes(3, 1));
        vs.add(r3);
        vs.add(nul(Fwp.FWP_RANGE_TYPE));
        vs.add(v(77)); // unknown type: no payload
        FilterCondition[] out = new FilterCondition[vs.size()];
        for (int i = 0; i < out.length; i++) {
            FilterCondition c = new FilterCondition();
            c.fieldKey = i % 2 == 0 ? Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS : UUID.randomUUID();
            c.matchType = i % 13;
            c.conditionValue = vs.get(i);
            out[i] = c;
        }
        return out;
    }

    static Filter richFilter(boolean providerContext) {
        Filter f = new Filter();
        f.filterKey = UUID.randomUUID();
        f.displayData = new DisplayData();
        f.displayData.name = "r\u00e9seau \uD83D\uDE00";
        f.displayData.description = providerContext ? null : "desc";
        f.flags = providerContext ? Fwp.FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT : 0;
        f.providerKey = providerContext ? UUID.randomUUID() : null;
        f.providerData = providerContext ? ByteBlob.of(bytes(5, 1)) : new ByteBlob(3, null);
        f.layerKey = Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
        f.subLayerKey = Guids.FWPM_SUBLAYER_UNIVERSAL;
        f.weight = providerContext ? FwpValue.uint64(77) : v(Fwp.FWP_V4_ADDR_MASK); // a mask in an FWP_VALUE0
        f.filterCondition = allConditions();
        f.action = new Action();
        if (providerContext) {
            f.action.type = Fwp.FWP_ACTION_CALLOUT_TERMINATING;
            f.action.calloutKey = UUID.randomUUID();
        } else {
            f.action.type = Fwp.FWP_ACTION_BLOCK;
            f.action.filterType = UUID.randomUUID();
        }
        f.rawContext = providerContext ? 0 : 0xFEEDFACECAFEL;
        f.providerContextKey = providerContext ? UUID.randomUUID() : null;
        f.reserved = providerContext ? UUID.randomUUID() : null;
        f.filterId = 4242;
        f.effectiveWeight = FwpValue.uint8(3);
        return f;
    }

    static SaAuthInformation auth(int type, int config, byte[] key, UUID module) {
        SaAuthInformation a = new SaAuthInformation();
        a.authTransform = new AuthTransform();
        a.authTransform.authTransformId = new AuthTransformId();
        a.authTransform.authTransformId.authType = type;
        a.authTransform.authTransformId.authConfig = config;
        a.authTransform.cryptoModuleId = module;
        a.authKey = key == null ? null : ByteBlob.of(key);
        return a;
    }

    static SaCipherInformation cipher(int type, int config, byte[] key, UUID module) {
        SaCipherInformation c = new SaCipherInformation();
        c.cipherTransform = new CipherTransform();
        c.cipherTransform.cipherTransformId = new CipherTransformId();
        c.cipherTransform.cipherTransformId.cipherType = type;
        c.cipherTransform.cipherTransformId.cipherConfig = config;
        c.cipherTransform.cryptoModuleId = module;
        c.cipherKey = key == null ? null : ByteBlob.of(key);
        return c;
    }

    static Sa sa(int spi, int type) {
        Sa s = new Sa();
        s.spi = spi;
        s.saTransformType = type;
        return s;
    }

    /** Every SA transform, with and without crypto module ids, NULL keys and NULL information. */
    static Sa[] allTransforms() {
        Sa ah = sa(0x100, Fwp.IPSEC_TRANSFORM_AH);
        ah.ahInformation = auth(Fwp.IPSEC_AUTH_SHA_256, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_256_128, bytes(32, 1), UUID.randomUUID());
        Sa espAuth = sa(0x101, Fwp.IPSEC_TRANSFORM_ESP_AUTH);
        espAuth.espAuthInformation = auth(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, bytes(20, 2), null);
        Sa espCipher = sa(0x102, Fwp.IPSEC_TRANSFORM_ESP_CIPHER);
        espCipher.espCipherInformation = cipher(Fwp.IPSEC_CIPHER_TYPE_AES_256, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_256, bytes(32, 3), UUID.randomUUID());
        Sa both = sa(0xFFFFFFF0, Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER);
        both.espAuthAndCipherInformation = new SaAuthAndCipherInformation();
        both.espAuthAndCipherInformation.saCipherInformation = cipher(Fwp.IPSEC_CIPHER_TYPE_AES_128, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128, bytes(16, 4), null);
        both.espAuthAndCipherInformation.saAuthInformation = auth(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, null, null);
        Sa fw = sa(0x104, Fwp.IPSEC_TRANSFORM_ESP_AUTH_FW);
        fw.espAuthFwInformation = auth(Fwp.IPSEC_AUTH_MD5, Fwp.IPSEC_AUTH_CONFIG_HMAC_MD5_96, bytes(16, 5), null);
        return new Sa[] {ah, espAuth, espCipher, both, fw, sa(0x105, Fwp.IPSEC_TRANSFORM_AH), sa(0x106, Fwp.IPSEC_TRANSFORM_ESP_CIPHER),
                         sa(0x107, Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER), sa(0x108, 9)};
    }

    static SaDetails richDetails(boolean v6, int dir) {
        SaDetails d = new SaDetails();
        d.ipVersion = v6 ? Fwp.FWP_IP_VERSION_V6 : Fwp.FWP_IP_VERSION_V4;
        d.saDirection = dir;
        Traffic t = new Traffic();
        t.ipVersion = d.ipVersion;
        if (v6) {
            t.localV6Address = bytes(16, 1);
            t.remoteV6Address = bytes(16, 2);
        } else {
            t.localV4Address = 0x0A000001;
            t.remoteV4Address = 0xC0A80102;
        }
        t.trafficType = v6 ? Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL : Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT;
        t.tunnelPolicyId = 99;
        t.ipsecFilterId = 98;
        t.remotePort = 65500;
        t.localPort = 4500;
        t.ipProtocol = 253;
        t.localIfLuid = 0x1122334455667788L;
        t.realIfProfileId = -3;
        d.traffic = t;
        SaBundle b = new SaBundle();
        b.flags = 0x41;
        b.lifetime = new SaLifetime();
        b.lifetime.lifetimeSeconds = 1;
        b.lifetime.lifetimeKilobytes = 2;
        b.lifetime.lifetimePackets = -3;
        b.idleTimeoutSeconds = 4;
        b.ndAllowClearTimeoutSeconds = 5;
        b.ipsecId = new IpsecId();
        b.ipsecId.mmTargetName = "mm \u00fc";
        b.ipsecId.emTargetName = v6 ? "" : null;
        Token tok1 = new Token();
        tok1.type = 1;
        tok1.principal = 1;
        tok1.mode = 1;
        tok1.token = 8;
        Token tok2 = new Token();
        tok2.type = 0;
        tok2.principal = 2;
        tok2.mode = 0;
        tok2.token = -1;
        b.ipsecId.tokens = v6 ? new Token[0] : new Token[] {tok1, tok2};
        b.ipsecId.explicitCredentials = 6;
        b.ipsecId.logonId = 7;
        b.napContext = 9;
        b.qmSaId = 10;
        b.saList = allTransforms();
        b.keyModuleState = new KeyModuleState();
        b.keyModuleState.keyModuleKey = UUID.randomUUID();
        b.keyModuleState.stateBlob = v6 ? new ByteBlob(0, null) : ByteBlob.of(bytes(9, 9));
        b.ipVersion = d.ipVersion;
        b.peerV4PrivateAddress = 0x0C000001;
        b.mmSaId = 11;
        b.pfsGroup = 2;
        b.saLookupContext = UUID.randomUUID();
        b.qmFilterId = 12;
        d.saBundle = b;
        if (!v6) {
            d.udpEncapsulation = new V4UdpEncapsulation();
            d.udpEncapsulation.localUdpEncapPort = 4500;
            d.udpEncapsulation.remoteUdpEncapPort = 65535;
        }
        d.transportFilter = richFilter(!v6);
        d.virtualIfTunnelInfo = new VirtualIfTunnelInfo();
        d.virtualIfTunnelInfo.virtualIfTunnelId = v6 ? 0 : 13;
        d.virtualIfTunnelInfo.trafficSelectorId = 14;
        return d;
    }

    private static void same(Object viaRawReaders, Object viaPages) {
        assertNotNull(viaRawReaders);
        assertEquals(String.valueOf(viaRawReaders), String.valueOf(viaPages));
        assertEquals(viaRawReaders, viaPages);
    }

    private static void roundTrip(int kind, Object o) {
        same(Pages.readForTest(kind, o), Pages.encodeAndDecode(kind, o));
    }

    @Test
    void encodedStructuresReadAsTheRawReadersReadThem() {
        for (boolean pc : new boolean[] {false, true}) roundTrip(Pages.KIND_FILTER0, richFilter(pc));
        Filter bare = new Filter(); // every pointer NULL
        bare.displayData = new DisplayData();
        roundTrip(Pages.KIND_FILTER0, bare);

        Session s = new Session();
        s.sessionKey = UUID.randomUUID();
        s.displayData = new DisplayData();
        s.displayData.name = "s\u00e9ssion";
        s.displayData.description = "d";
        s.flags = Fwp.FWPM_SESSION_FLAG_DYNAMIC;
        s.txnWaitTimeoutInMSec = 5;
        s.processId = 6;
        s.sid = new byte[] {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
        s.username = "root";
        s.kernelMode = true;
        roundTrip(Pages.KIND_SESSION0, s);
        roundTrip(Pages.KIND_SESSION0, new Session());

        for (boolean v6 : new boolean[] {false, true}) {
            SaContext c = new SaContext();
            c.saContextId = v6 ? -2 : 77;
            c.inboundSa = richDetails(v6, Fwp.FWP_DIRECTION_INBOUND);
            c.outboundSa = v6 ? null : richDetails(v6, Fwp.FWP_DIRECTION_OUTBOUND);
            for (int kind : new int[] {Pages.KIND_SA_CONTEXT1, Pages.KIND_SA_CONTEXT0, Pages.KIND_SA_DETAILS1, Pages.KIND_SA_DETAILS0})
                roundTrip(kind, c);
            String text = Pages.readForTest(Pages.KIND_SA_CONTEXT1, c).toString();
            assertTrue(text.contains("h\u00e9llo \u4e16\u754c \uD83D\uDE00"), text);
        }
        SaContext empty = new SaContext();
        empty.saContextId = 5;
        roundTrip(Pages.KIND_SA_CONTEXT1, empty);
        roundTrip(Pages.KIND_SA_CONTEXT0, empty);
    }

    @Test
    void malformedPagesFailWithInternalError() {
        SaContext c = new SaContext();
        c.saContextId = 1;
        c.inboundSa = richDetails(false, Fwp.FWP_DIRECTION_INBOUND);
        byte[] page = Pages.encodeForTestBytes(Pages.KIND_SA_CONTEXT1, c);
        assertEquals(1, Pages.decodeForTest(page, Pages.KIND_SA_CONTEXT1).length);
        for (int cut : new int[] {0, 15, 16, 40, page.length - 1}) {
            byte[] t = Arrays.copyOf(page, cut);
            if (cut >= 16) ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(12, cut); // a consistent header length
            FwpException e = assertThrows(FwpException.class, () -> Pages.decodeForTest(t, Pages.KIND_SA_CONTEXT1));
            assertEquals(Fwp.STATUS_INTERNAL_ERROR, e.code());
        }
        byte[] magic = page.clone();
        magic[0] ^= 1;
        assertEquals(Fwp.STATUS_INTERNAL_ERROR, assertThrows(FwpException.class, () -> Pages.decodeForTest(magic, Pages.KIND_SA_CONTEXT1)).code());
        assertEquals(Fwp.STATUS_INTERNAL_ERROR, assertThrows(FwpException.class, () -> Pages.decodeForTest(page, Pages.KIND_SA_CONTEXT0)).code());

        // A newer codec may append members to a record: they are skipped.
        byte[] longer = Arrays.copyOf(page, page.length + 7);
        ByteBuffer bb = ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(12, longer.length);
        bb.putInt(16, bb.getInt(16) + 7);
        assertEquals(Pages.decodeForTest(page, Pages.KIND_SA_CONTEXT1)[0], Pages.decodeForTest(longer, Pages.KIND_SA_CONTEXT1)[0]);
    }

    /** The raw layer's page (the field-by-field readers) for a new enumeration handle. */
    interface RawEnum {
        int call(long engine, long handle, int n, EnumPage page);
    }

    interface RawCreate {
        int call(long engine, long[] handle);
    }

    private static List<Object> raw(Engine e, RawCreate create, RawEnum en, RawCreate destroy, int n) {
        long[] h = new long[1];
        assertEquals(0, create.call(e.handle(), h));
        EnumPage p = new EnumPage();
        assertEquals(0, en.call(e.handle(), h[0], n, p));
        assertEquals(0, destroy.call(e.handle(), h));
        return Arrays.asList(p.entries);
    }

    private static <T> void sameList(List<Object> viaRaw, List<T> viaPages) {
        assertFalse(viaRaw.isEmpty());
        assertEquals(viaRaw.size(), viaPages.size());
        for (int i = 0; i < viaRaw.size(); i++) same(viaRaw.get(i), viaPages.get(i));
    }

    @Test
    void engineResultsReadAsTheRawReadersReadThem() {
        try (Engine e = Engine.open()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) ids.add(Fixtures.keyedContext(e, Ip.v4("10.6.0." + (i + 2)), 0xA000 + i));
            long f = e.addFilter(Fixtures.filter(true, Ip.v4("10.6.1.1")));
            ids.add(e.createSaContext(Fixtures.traffic(Ip.v4("10.6.1.1"), f))); // no SA yet
            long h = e.handle();
            for (long id : ids) {
                SaContext[] o = new SaContext[1];
                assertEquals(0, fwpk.IPsecSaContextGetById1(h, id, o));
                same(o[0], e.getSaContext(id));
                assertEquals(0, fwpk.IPsecSaContextGetById0(h, id, o));
                same(o[0], e.getSaContext0(id));
            }
            Filter[] fo = new Filter[1];
            assertEquals(0, fwpk.FwpmFilterGetById0(h, f, fo));
            same(fo[0], e.getFilter(f));
            assertEquals(0, fwpk.FwpmFilterGetByKey0(h, fo[0].filterKey, fo));
            same(fo[0], e.getFilter(fo[0].filterKey));

            RawCreate destroyCtx = (x, hh) -> fwpk.IPsecSaContextDestroyEnumHandle0(x, hh[0]);
            RawCreate createCtx = (x, hh) -> fwpk.IPsecSaContextCreateEnumHandle0(x, null, hh);
            try (Enumerator<SaContext> en = e.enumerateSaContexts(null, 100)) {
                sameList(raw(e, createCtx, fwpk::IPsecSaContextEnum1, destroyCtx, 100), en.nextPage());
            }
            try (Enumerator<SaContext> en = e.enumerateSaContexts0(null, 100)) {
                sameList(raw(e, createCtx, fwpk::IPsecSaContextEnum0, destroyCtx, 100), en.nextPage());
            }
            RawCreate createSa = (x, hh) -> fwpk.IPsecSaCreateEnumHandle0(x, null, hh);
            RawCreate destroySa = (x, hh) -> fwpk.IPsecSaDestroyEnumHandle0(x, hh[0]);
            try (Enumerator<SaDetails> en = e.enumerateSas(null, 100)) {
                sameList(raw(e, createSa, fwpk::IPsecSaEnum1, destroySa, 100), en.nextPage());
            }
            try (Enumerator<SaDetails> en = e.enumerateSas0(null, 100)) {
                sameList(raw(e, createSa, fwpk::IPsecSaEnum0, destroySa, 100), en.nextPage());
            }
            try (Enumerator<Filter> en = e.enumerateFilters(null, 1000)) {
                sameList(raw(e, (x, hh) -> fwpk.FwpmFilterCreateEnumHandle0(x, null, hh), fwpk::FwpmFilterEnum0,
                             (x, hh) -> fwpk.FwpmFilterDestroyEnumHandle0(x, hh[0]), 1000), en.nextPage());
            }
            try (Engine named = Engine.open(sessionNamed("pages-test \u00e9"));
                 Enumerator<Session> en = e.enumerateSessions(null, 1000)) {
                sameList(raw(e, (x, hh) -> fwpk.FwpmSessionCreateEnumHandle0(x, null, hh), fwpk::FwpmSessionEnum0,
                             (x, hh) -> fwpk.FwpmSessionDestroyEnumHandle0(x, hh[0]), 1000), en.nextPage());
            }

            // Page by page (short pages end the enumeration) and through the iterator.
            List<SaContext> all = new ArrayList<>();
            for (SaContext c : e.saContexts(null, 4)) all.add(c);
            sameList(raw(e, createCtx, fwpk::IPsecSaContextEnum1, destroyCtx, 100), all);
        }
    }

    private static Session sessionNamed(String name) {
        Session s = new Session();
        s.displayData = new DisplayData();
        s.displayData.name = name;
        return s;
    }

    @Test
    void pagesLargerThanTheThreadBufferAreFetched() throws Exception {
        try (Engine e = Engine.open()) {
            for (int i = 0; i < 150; i++) Fixtures.keyedContext(e, Ip.v4("10.7." + (i / 200) + "." + (i % 200 + 2)), 0xB000 + i);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> { // a fresh thread: its first page cannot fit the initial buffer
                try (Enumerator<SaContext> en = e.enumerateSaContexts(null, 1000)) {
                    List<SaContext> first = en.nextPage();
                    List<SaContext> again = e.enumerateSaContexts(null, 1000).nextPage(); // now it fits
                    result.set(List.of(first, again));
                } catch (Throwable x) {
                    result.set(x);
                }
            });
            t.start();
            t.join();
            if (result.get() instanceof Throwable) throw new AssertionError((Throwable) result.get());
            @SuppressWarnings("unchecked")
            List<List<SaContext>> r = (List<List<SaContext>>) result.get();
            List<Object> viaRaw = raw(e, (x, hh) -> fwpk.IPsecSaContextCreateEnumHandle0(x, null, hh), fwpk::IPsecSaContextEnum1,
                                      (x, hh) -> fwpk.IPsecSaContextDestroyEnumHandle0(x, hh[0]), 1000);
            assertEquals(150, viaRaw.size());
            sameList(viaRaw, r.get(0));
            sameList(viaRaw, r.get(1));
        }
    }

    @Test
    void failuresCarryTheFunctionAndTheExactCode() {
        try (Engine e = Engine.open()) {
            long h = e.handle();
            SaContext[] o = new SaContext[1];
            int code = fwpk.IPsecSaContextGetById1(h, Long.MAX_VALUE, o);
            assertEquals(Fwp.FWP_E_NOT_FOUND, code);
            FwpException x = assertThrows(FwpException.class, () -> e.getSaContext(Long.MAX_VALUE));
            assertEquals(code, x.code());
            assertEquals("FWP_E_NOT_FOUND", x.name());
            assertEquals("IPsecSaContextGetById1", x.function());
            x = assertThrows(FwpException.class, () -> e.getSaContext0(Long.MAX_VALUE));
            assertEquals(fwpk.IPsecSaContextGetById0(h, Long.MAX_VALUE, o), x.code());
            assertEquals("IPsecSaContextGetById0", x.function());
            Filter[] fo = new Filter[1];
            x = assertThrows(FwpException.class, () -> e.getFilter(Long.MAX_VALUE));
            assertEquals(fwpk.FwpmFilterGetById0(h, Long.MAX_VALUE, fo), x.code());
            assertEquals("FwpmFilterGetById0", x.function());
            UUID k = UUID.randomUUID();
            x = assertThrows(FwpException.class, () -> e.getFilter(k));
            assertEquals(fwpk.FwpmFilterGetByKey0(h, k, fo), x.code());
            assertEquals(Fwp.FWP_E_FILTER_NOT_FOUND, x.code());
            assertEquals("FwpmFilterGetByKey0", x.function());
            x = assertThrows(FwpException.class, () -> e.getFilter((UUID) null));
            assertEquals(fwpk.FwpmFilterGetByKey0(h, null, fo), x.code());

            // A stale enumeration handle: the library's code, the page function's name.
            Enumerator<SaContext> en = e.enumerateSaContexts(null, 10);
            long stale = en.handle();
            en.close();
            x = assertThrows(FwpException.class, en::nextPage);
            assertEquals(fwpk.IPsecSaContextEnum1(h, stale, 10, new EnumPage()), x.code());
            assertEquals("IPsecSaContextEnum1", x.function());
            Enumerator<Filter> ef = e.enumerateFilters(null, 10);
            long staleF = ef.handle();
            ef.close();
            x = assertThrows(FwpException.class, ef::nextPage);
            assertEquals(fwpk.FwpmFilterEnum0(h, staleF, 10, new EnumPage()), x.code());
            assertEquals("FwpmFilterEnum0", x.function());

            // A closed engine.
            e.close();
            x = assertThrows(FwpException.class, () -> e.getSaContext(1));
            assertEquals(Fwp.STATUS_INVALID_HANDLE, x.code());
            assertEquals("IPsecSaContextGetById1", x.function());
        }
    }
}
