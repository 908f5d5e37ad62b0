// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** Builders shared by the tests: transport filters, traffic and keyed bundles. */
final class Fixtures {
    private Fixtures() {}

    static final int LOCAL = Ip.v4("10.0.0.1");

    static Filter filter(boolean outbound, int remote) {
        return Filter.builder()
                .displayData(DisplayData.of(outbound ? "test outbound" : "test inbound", null))
                .layerKey(outbound ? Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V4 : Guids.FWPM_LAYER_INBOUND_TRANSPORT_V4)
                .filterCondition(FilterCondition.of(Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS, Fwp.FWP_MATCH_EQUAL,
                                                    ConditionValue.ofUint32(remote)))
                .action(Action.ofCalloutKey(Fwp.FWP_ACTION_CALLOUT_TERMINATING,
                        outbound ? Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4 : Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4))
                .build();
    }

    static Traffic traffic(int remote, long filterId) {
        return Traffic.builder().ipVersion(Fwp.FWP_IP_VERSION_V4).localV4Address(LOCAL).remoteV4Address(remote)
                .trafficType(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT).ipsecFilterId(filterId).build();
    }

    static Traffic0 traffic0(int remote, long filterId) {
        return Traffic0.builder().ipVersion(Fwp.FWP_IP_VERSION_V4).localV4Address(LOCAL).remoteV4Address(remote)
                .trafficType(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT).ipsecFilterId(filterId).build();
    }

    static byte[] key(int n, int seed) {
        byte[] k = new byte[n];
        for (int i = 0; i < n; i++) k[i] = (byte) (seed + i);
        return k;
    }

    static SaCipherInformation aes128(byte[] key) {
        return SaCipherInformation.of(CipherTransform.of(
                CipherTransformId.of(Fwp.IPSEC_CIPHER_TYPE_AES_128, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128), null), key);
    }

    static SaAuthInformation sha1(byte[] key) {
        return SaAuthInformation.of(AuthTransform.of(
                AuthTransformId.of(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96), null), key);
    }

    static Sa espSa(int spi, int seed) {
        return Sa.ofEspAuthAndCipherInformation(spi,
                SaAuthAndCipherInformation.of(aes128(key(16, seed)), sha1(key(20, seed + 100))));
    }

    static SaBundle bundle(int qmSaId, Sa... sas) {
        return SaBundle.builder().lifetime(SaLifetime.of(3600, 0, 0)).qmSaId(qmSaId)
                .ipVersion(Fwp.FWP_IP_VERSION_V4).saList(sas).build();
    }

    static SaBundle0 bundle0(int qmSaId, Sa... sas) {
        return SaBundle0.builder().lifetime(SaLifetime.of(3600, 0, 0)).qmSaId(qmSaId)
                .ipVersion(Fwp.FWP_IP_VERSION_V4).saList(sas).build();
    }

    /** A fully keyed context (filters, create, GetSpi, inbound + outbound ESP); returns its id. */
    static long keyedContext(Engine e, int remote, int outboundSpi) {
        long out = e.addFilter(filter(true, remote));
        long in = e.addFilter(filter(false, remote));
        long id = e.createSaContext(traffic(remote, out));
        int spi = e.getSpi(id, GetSpi.of(traffic(remote, in), Fwp.FWP_IP_VERSION_V4, null));
        e.addInbound(id, bundle(7, espSa(spi, 1)));
        e.addOutbound(id, bundle(7, espSa(outboundSpi, 2)));
        return id;
    }

    /** Deletes every SA context and filter (the engine is process-wide). */
    static void reset() {
        try (Engine e = Engine.open()) {
            for (SaContext c : e.saContexts(null, 1000)) e.deleteSaContext(c.saContextId());
            for (Filter f : e.filters()) e.deleteFilter(f.filterId());
        }
    }
}
