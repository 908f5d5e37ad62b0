// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** Builders shared by the tests: transport filters, traffic and keyed bundles. */
final class Fixtures {
    private Fixtures() {}

    static final int LOCAL = Ip.v4("10.0.0.1");

    static Filter filter(boolean outbound, int remote) {
        Filter f = new Filter();
        f.displayData = new DisplayData();
        f.displayData.name = outbound ? "test outbound" : "test inbound";
        f.layerKey = outbound ? Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V4 : Guids.FWPM_LAYER_INBOUND_TRANSPORT_V4;
        FilterCondition c = new FilterCondition();
        c.fieldKey = Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS;
        c.matchType = Fwp.FWP_MATCH_EQUAL;
        c.conditionValue = FwpValue.uint32(remote);
        f.filterCondition = new FilterCondition[] {c};
        f.action = new Action();
        f.action.type = Fwp.FWP_ACTION_CALLOUT_TERMINATING;
        f.action.calloutKey = outbound ? Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4
                                       : Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4;
        return f;
    }

    static Traffic traffic(int remote, long filterId) {
        Traffic t = new Traffic();
        t.ipVersion = Fwp.FWP_IP_VERSION_V4;
        t.localV4Address = LOCAL;
        t.remoteV4Address = remote;
        t.trafficType = Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT;
        t.ipsecFilterId = filterId;
        return t;
    }

    static byte[] key(int n, int seed) {
        byte[] k = new byte[n];
        for (int i = 0; i < n; i++) k[i] = (byte) (seed + i);
        return k;
    }

    static Sa espSa(int spi, int seed) {
        Sa sa = new Sa();
        sa.spi = spi;
        sa.saTransformType = Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
        SaAuthAndCipherInformation i = new SaAuthAndCipherInformation();
        i.saCipherInformation = new SaCipherInformation();
        i.saCipherInformation.cipherTransform = new CipherTransform();
        i.saCipherInformation.cipherTransform.cipherTransformId = new CipherTransformId();
        i.saCipherInformation.cipherTransform.cipherTransformId.cipherType = Fwp.IPSEC_CIPHER_TYPE_AES_128;
        i.saCipherInformation.cipherTransform.cipherTransformId.cipherConfig = Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128;
        i.saCipherInformation.cipherKey = ByteBlob.of(key(16, seed));
        i.saAuthInformation = new SaAuthInformation();
        i.saAuthInformation.authTransform = new AuthTransform();
        i.saAuthInformation.authTransform.authTransformId = new AuthTransformId();
        i.saAuthInformation.authTransform.authTransformId.authType = Fwp.IPSEC_AUTH_SHA_1;
        i.saAuthInformation.authTransform.authTransformId.authConfig = Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96;
        i.saAuthInformation.authKey = ByteBlob.of(key(20, seed + 100));
        sa.espAuthAndCipherInformation = i;
        return sa;
    }

    static SaBundle bundle(int qmSaId, Sa... sas) {
        SaBundle b = new SaBundle();
        b.lifetime = new SaLifetime();
        b.lifetime.lifetimeSeconds = 3600;
        b.qmSaId = qmSaId;
        b.ipVersion = Fwp.FWP_IP_VERSION_V4;
        b.saList = sas;
        return b;
    }

    /** A fully keyed context (filters, create, GetSpi, inbound + outbound ESP); returns its id. */
    static long keyedContext(Engine e, int remote, int outboundSpi) {
        long out = e.addFilter(filter(true, remote));
        long in = e.addFilter(filter(false, remote));
        long id = e.createSaContext(traffic(remote, out));
        GetSpi g = new GetSpi();
        g.inboundIpsecTraffic = traffic(remote, in);
        g.ipVersion = Fwp.FWP_IP_VERSION_V4;
        int spi = e.getSpi(id, g);
        e.addInbound(id, bundle(7, espSa(spi, 1)));
        e.addOutbound(id, bundle(7, espSa(outboundSpi, 2)));
        return id;
    }

    /** Deletes every SA context and filter (the engine is process-wide). */
    static void reset() {
        try (Engine e = Engine.open()) {
            for (SaContext c : e.saContexts(null, 1000)) e.deleteSaContext(c.saContextId);
            for (Filter f : e.filters()) e.deleteFilter(f.filterId);
        }
    }
}
