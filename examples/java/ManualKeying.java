// SPDX-License-Identifier: MIT
// manual_keying for Java: the same program as examples/c/manual_keying.c, through the idiomatic
// org.fwpkclnt API.  Usage: ManualKeying [page-size]   |   ManualKeying bench
package org.fwpkclnt.examples;

import java.util.List;
import org.fwpkclnt.*;

public final class ManualKeying {
    private static final int LOCAL_V4 = Ip.v4("10.0.0.1");

    private static String v4(int a) {
        return Ip.v4String(a);
    }

    static Filter transportFilter(boolean outbound, int remote, int protocol) {
        return Filter.builder()
            .displayData(DisplayData.of(outbound ? "manual_keying outbound" : "manual_keying inbound",
                                        "IPsec transport policy installed by the manual_keying example"))
            .layerKey(outbound ? Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V4 : Guids.FWPM_LAYER_INBOUND_TRANSPORT_V4)
            .subLayerKey(Guids.FWPM_SUBLAYER_UNIVERSAL)
            .filterCondition(
                FilterCondition.of(Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS, Fwp.FWP_MATCH_EQUAL, ConditionValue.ofUint32(remote)),
                FilterCondition.of(Guids.FWPM_CONDITION_IP_PROTOCOL, Fwp.FWP_MATCH_EQUAL, ConditionValue.ofUint8(protocol)))
            .action(Action.ofCalloutKey(Fwp.FWP_ACTION_CALLOUT_TERMINATING,
                                        outbound ? Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4
                                                 : Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4))
            .build();
    }

    static byte[] key(int size, int seed) {
        byte[] k = new byte[size];
        for (int i = 0; i < size; i++) k[i] = (byte) (seed * 31 + i * 7);
        return k;
    }

    static SaCipherInformation cipher(int type, int config, byte[] key) {
        return SaCipherInformation.of(CipherTransform.of(CipherTransformId.of(type, config), null), key);
    }

    static SaAuthInformation auth(int type, int config, byte[] key) {
        return SaAuthInformation.of(AuthTransform.of(AuthTransformId.of(type, config), null), key);
    }

    /** profile 0: ESP AES-128 + SHA-1, 1: ESP AES-256 + SHA-256, 2: ESP AES-256 + AH SHA-256. */
    static Sa[] saList(int profile, int spi, int seed) {
        if (profile == 0)
            return new Sa[] {Sa.ofEspAuthAndCipherInformation(spi, SaAuthAndCipherInformation.of(
                cipher(Fwp.IPSEC_CIPHER_TYPE_AES_128, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128, key(16, seed)),
                auth(Fwp.IPSEC_AUTH_SHA_1, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, key(20, seed + 1))))};
        SaCipherInformation aes256 = cipher(Fwp.IPSEC_CIPHER_TYPE_AES_256, Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_256, key(32, seed));
        SaAuthInformation sha256 = auth(Fwp.IPSEC_AUTH_SHA_256, Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_256_128, key(32, seed + 1));
        if (profile == 1) return new Sa[] {Sa.ofEspAuthAndCipherInformation(spi, SaAuthAndCipherInformation.of(aes256, sha256))};
        return new Sa[] {Sa.ofEspCipherInformation(spi, aes256), Sa.ofAhInformation(spi, sha256)};
    }

    static SaBundle0 bundle(int qmSaId, Sa[] sas) {
        return SaBundle0.builder().ipVersion(Fwp.FWP_IP_VERSION_V4).saList(sas).qmSaId(qmSaId)
            .lifetime(SaLifetime.of(3600, 1000000, 0x7FFFFFFF)).idleTimeoutSeconds(300).pfsGroup(Fwp.IPSEC_PFS_NONE).build();
    }

    static Traffic0 traffic(int remote, long filterId) {
        return Traffic0.builder().ipVersion(Fwp.FWP_IP_VERSION_V4).localV4Address(LOCAL_V4).remoteV4Address(remote)
            .trafficType(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT).ipsecFilterId(filterId).build();
    }

    static void keyPeer(Engine engine, int remote, int protocol, int profile, int outboundSpi, String description, int qmSaId) {
        long out = engine.addFilter(transportFilter(true, remote, protocol));
        long in = engine.addFilter(transportFilter(false, remote, protocol));
        System.out.printf("filter %d: FWPM_LAYER_OUTBOUND_TRANSPORT_V4, remote %s, protocol %d -> FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4%n", out, v4(remote), protocol);
        System.out.printf("filter %d: FWPM_LAYER_INBOUND_TRANSPORT_V4, remote %s, protocol %d -> FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4%n", in, v4(remote), protocol);
        long id = engine.createSaContext0(traffic(remote, out));
        int spi = engine.getSpi0(id, GetSpi0.of(traffic(remote, in), Fwp.FWP_IP_VERSION_V4, null));
        engine.addInbound0(id, bundle(qmSaId, saList(profile, spi, qmSaId * 2)));
        engine.addOutbound0(id, bundle(qmSaId, saList(profile, outboundSpi, qmSaId * 2 + 1)));
        System.out.printf("SA context %d: %s <-> %s protocol %d, %s, inbound SPI 0x%08X, outbound SPI 0x%08X%n",
                          id, v4(LOCAL_V4), v4(remote), protocol, description, spi, outboundSpi);
    }

    static String authName(AuthTransformId id) {
        switch (id.authConfig()) {
        case Fwp.IPSEC_AUTH_CONFIG_HMAC_MD5_96: return "HMAC-MD5-96";
        case Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96: return "HMAC-SHA-1-96";
        case Fwp.IPSEC_AUTH_CONFIG_HMAC_SHA_256_128: return "HMAC-SHA-256-128";
        case Fwp.IPSEC_AUTH_CONFIG_GCM_AES_128: return "GMAC-AES-128";
        case Fwp.IPSEC_AUTH_CONFIG_GCM_AES_192: return "GMAC-AES-192";
        case Fwp.IPSEC_AUTH_CONFIG_GCM_AES_256: return "GMAC-AES-256";
        default: return "unknown-auth";
        }
    }

    static String cipherName(CipherTransformId id) {
        switch (id.cipherConfig()) {
        case Fwp.IPSEC_CIPHER_CONFIG_CBC_DES: return "DES-CBC";
        case Fwp.IPSEC_CIPHER_CONFIG_CBC_3DES: return "3DES-CBC";
        case Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_128: return "AES-128-CBC";
        case Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_192: return "AES-192-CBC";
        case Fwp.IPSEC_CIPHER_CONFIG_CBC_AES_256: return "AES-256-CBC";
        case Fwp.IPSEC_CIPHER_CONFIG_GCM_AES_128: return "AES-128-GCM";
        case Fwp.IPSEC_CIPHER_CONFIG_GCM_AES_192: return "AES-192-GCM";
        case Fwp.IPSEC_CIPHER_CONFIG_GCM_AES_256: return "AES-256-GCM";
        default: return "unknown-cipher";
        }
    }

    static String address(Traffic0 t, boolean local) {
        if (t.ipVersion() == Fwp.FWP_IP_VERSION_V4) return v4(local ? t.localV4Address() : t.remoteV4Address());
        byte[] a = local ? t.localV6Address() : t.remoteV6Address();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) sb.append(i > 0 ? ":" : "").append(Integer.toHexString(((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF)));
        return sb.toString();
    }

    static void printSa(String dir, int index, Sa sa) {
        String head = String.format("    %-8s SA[%d] spi 0x%08X ", dir, index, sa.spi());
        switch (sa.saTransformType()) {
        case Fwp.IPSEC_TRANSFORM_AH:
            System.out.println(head + "AH " + authName(sa.ahInformation().authTransform().authTransformId()) + ", auth key " + sa.ahInformation().authKey().length + " bytes");
            break;
        case Fwp.IPSEC_TRANSFORM_ESP_AUTH:
        case Fwp.IPSEC_TRANSFORM_ESP_AUTH_FW: {
            SaAuthInformation a = sa.saTransformType() == Fwp.IPSEC_TRANSFORM_ESP_AUTH ? sa.espAuthInformation() : sa.espAuthFwInformation();
            System.out.println(head + "ESP" + (sa.saTransformType() == Fwp.IPSEC_TRANSFORM_ESP_AUTH_FW ? " (auth, firewall)" : " (auth only)")
                               + " " + authName(a.authTransform().authTransformId()) + ", auth key " + a.authKey().length + " bytes");
            break;
        }
        case Fwp.IPSEC_TRANSFORM_ESP_CIPHER:
            System.out.println(head + "ESP " + cipherName(sa.espCipherInformation().cipherTransform().cipherTransformId()) + ", cipher key " + sa.espCipherInformation().cipherKey().length + " bytes");
            break;
        case Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER: {
            SaAuthAndCipherInformation i = sa.espAuthAndCipherInformation();
            System.out.println(head + "ESP " + cipherName(i.saCipherInformation().cipherTransform().cipherTransformId()) + " + "
                               + authName(i.saAuthInformation().authTransform().authTransformId()) + ", cipher key "
                               + i.saCipherInformation().cipherKey().length + " bytes, auth key " + i.saAuthInformation().authKey().length + " bytes");
            break;
        }
        default:
            System.out.println(head + "transform " + sa.saTransformType());
        }
    }

    static void printDetails(String dir, SaDetails0 d) {
        if (d == null) {
            System.out.printf("    %-8s (none yet)%n", dir);
            return;
        }
        Traffic0 t = d.traffic();
        boolean tunnel = t.trafficType() == Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL;
        SaBundle0 b = d.saBundle();
        System.out.printf("    %-8s %s %s %s %s, %s, qmSaId %d, lifetime %d s / %d KB, %d SA(s)%n", dir,
                          tunnel ? "tunnel" : "transport", address(t, true),
                          d.saDirection() == Fwp.FWP_DIRECTION_INBOUND ? "<-" : "->", address(t, false),
                          tunnel ? "tunnel policy " + t.tunnelPolicyId() : "filter " + t.ipsecFilterId(),
                          b.qmSaId(), b.lifetime().lifetimeSeconds(), b.lifetime().lifetimeKilobytes(),
                          b.saList().length);
        for (int i = 0; i < b.saList().length; i++) printSa(dir, i, b.saList()[i]);
    }

    static int dump(Engine engine, int pageSize) {
        int total = 0, page = 0;
        System.out.printf("ipsecdump: SA contexts, %d per page%n", pageSize);
        try (Enumerator<SaContext0> e = engine.enumerateSaContexts0(null, pageSize)) {
            while (true) {
                List<SaContext0> entries = e.nextPage();
                page++;
                System.out.printf("page %d: %d context(s)%n", page, entries.size());
                for (SaContext0 ctx : entries) {
                    System.out.printf("  SA context %d%n", ctx.saContextId());
                    printDetails("inbound", ctx.inboundSa());
                    printDetails("outbound", ctx.outboundSa());
                }
                total += entries.size();
                if (entries.size() < pageSize) break;
            }
        }
        System.out.printf("ipsecdump: %d SA context(s) in %d page(s); enumerator destroyed: %s%n", total, page, statusText(Fwp.STATUS_SUCCESS));
        return total;
    }

    static String statusText(int status) {
        String n = Fwpk.statusName(status);
        return String.format("%s (0x%08X)", n != null ? n : "unknown status", status);
    }

    public static void main(String[] args) {
        if (args.length >= 1 && args[0].equals("bench")) {
            Bench.run(args.length == 2 && args[1].equals("--profile"));
            return;
        }
        int pageSize = 2;
        if (args.length > 1 || (args.length == 1 && parsePositive(args[0]) <= 0)) {
            System.err.println("usage: ManualKeying [page-size] | ManualKeying bench [--profile]");
            System.exit(2);
        }
        if (args.length == 1) pageSize = parsePositive(args[0]);
        System.out.println("manual_keying: libfwpkclnt " + Fwpk.libVersion());
        Session s = Session.builder().displayData(DisplayData.of("manual_keying", null)).build();
        int n;
        try (Engine engine = Engine.open(s)) {
            System.out.println("session opened");
            keyPeer(engine, Ip.v4("10.0.0.2"), 17, 0, 0x1001, "ESP AES-128-CBC + HMAC-SHA-1-96 (keys 16 + 20 bytes)", 1);
            keyPeer(engine, Ip.v4("10.0.0.3"), 6, 1, 0x1002, "ESP AES-256-CBC + HMAC-SHA-256-128 (keys 32 + 32 bytes)", 2);
            keyPeer(engine, Ip.v4("10.0.0.4"), 17, 2, 0x1003, "AH HMAC-SHA-256-128 + ESP AES-256-CBC (keys 32 + 32 bytes)", 3);
            System.out.println();
            System.out.println("SA contexts now in the engine (they live as long as this process):");
            n = dump(engine, pageSize);
        } catch (FwpException e) {
            System.err.println(e.function() + ": " + statusText(e.code()));
            System.exit(1);
            return;
        }
        System.out.println("session closed: " + statusText(Fwp.STATUS_SUCCESS));
        System.exit(n == 3 ? 0 : 1);
    }

    private static int parsePositive(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * BENCH lines for scripts/bench.sh: enum_handle_pair_ns (1e6 pairs after a warm-up) and
     * enumerate_1e5_ns_per_context (the first enumeration of 1e5 contexts in this process, JIT
     * warm-up included), then enumerate_1e5_steady_ns_per_context (the best of 3 further ones;
     * only saContextId is read: the records stay lazy views), then
     * enumerate_1e5_all_fields_ns_per_context (the best of 3 passes that decode every member).
     * Each pass streams one Enumerator of pages of 1000, as the C reference frees each page: a
     * list of all 1e5 records would keep them live through every young GC.
     * --profile adds, per pass, the heap bytes allocated per context and the GC count/time.
     */
    static final class Bench {
        private static long allocated() {
            java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
            return t instanceof com.sun.management.ThreadMXBean
                ? ((com.sun.management.ThreadMXBean) t).getThreadAllocatedBytes(Thread.currentThread().getId()) : -1;
        }

        /** CPU time of this thread: on a shared machine, wall time mostly measures the wait for a core. */
        private static long cpu() {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        /** CPU time of the process (GC and JIT threads included). */
        private static long pcpu() {
            java.lang.management.OperatingSystemMXBean o = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return o instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) o).getProcessCpuTime() : -1;
        }

        private static long[] gc() {
            long n = 0, ms = 0;
            for (java.lang.management.GarbageCollectorMXBean g : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                n += g.getCollectionCount();
                ms += g.getCollectionTime();
            }
            return new long[] {n, ms};
        }

        static void run(boolean profile) {
            try (Engine engine = Engine.open()) {
                // warm-up, then 1e6 create+destroy pairs through the raw layer the Enumerator uses
                int iterations = 1_000_000;
                for (int i = 0; i < 20_000; i++) engine.enumerateSaContexts(null, 1).close();
                long p0 = pcpu(), c0 = cpu(), t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) engine.enumerateSaContexts(null, 1).close();
                long t1 = System.nanoTime(), c1 = cpu(), p1 = pcpu();
                double pairCpu = (p1 - p0) / (double) iterations;
                System.out.printf("BENCH java enum_handle_pair_ns %.1f%n", (t1 - t0) / (double) iterations);
                if (profile) System.out.printf("PROFILE java enum_handle_pair thread CPU %.1f ns%n", (c1 - c0) / (double) iterations);

                int contexts = 100_000;
                long out = engine.addFilter(transportFilter(true, Ip.v4("10.9.0.2"), 17));
                long in = engine.addFilter(transportFilter(false, Ip.v4("10.9.0.2"), 17));
                for (int i = 0; i < contexts; i++) {
                    long id = engine.createSaContext0(traffic(Ip.v4("10.9.0.2"), out));
                    int spi = engine.getSpi0(id, GetSpi0.of(traffic(Ip.v4("10.9.0.2"), in), Fwp.FWP_IP_VERSION_V4, null));
                    engine.addInbound0(id, bundle(1, saList(0, spi, 1)));
                    engine.addOutbound0(id, bundle(1, saList(0, 0x1000 + i, 2)));
                }
                double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
                for (int pass = 0; pass < 4; pass++) {
                    long seen = 0;
                    long a0 = allocated();
                    long[] g0 = gc();
                    long p2 = pcpu(), c2 = cpu(), t2 = System.nanoTime();
                    try (Enumerator<SaContext> e = engine.enumerateSaContexts(null, 1000)) {
                        for (SaContext c : e) seen += c.saContextId() != 0 ? 1 : 0;
                    }
                    long t3 = System.nanoTime(), c3 = cpu(), p3 = pcpu();
                    if (pass > 0) bestCpu = Math.min(bestCpu, (p3 - p2) / (double) contexts);
                    long[] g1 = gc();
                    long a1 = allocated();
                    if (seen < contexts) throw new IllegalStateException("enumerated " + seen + " of " + contexts);
                    double ns = (t3 - t2) / (double) seen;
                    if (pass == 0) System.out.printf("BENCH java enumerate_1e5_ns_per_context %.1f%n", ns);
                    else best = Math.min(best, ns);
                    if (profile)
                        System.out.printf("PROFILE java enumerate pass %d: %.1f ns/context (thread CPU %.1f), %.0f bytes allocated/context, %d GC(s), %d ms in GC%n",
                                          pass, ns, (c3 - c2) / (double) seen, (a1 - a0) / (double) seen, g1[0] - g0[0], g1[1] - g0[1]);
                }
                System.out.printf("BENCH java enumerate_1e5_steady_ns_per_context %.1f%n", best);
                // Every member read: hashCode() decodes the whole record (the lazy view's other half).
                double bestAll = Double.MAX_VALUE, bestAllCpu = Double.MAX_VALUE;
                for (int pass = 0; pass < 3; pass++) {
                    long sum = 0, a0 = allocated();
                    long p2 = pcpu(), c2 = cpu(), t2 = System.nanoTime();
                    try (Enumerator<SaContext> e = engine.enumerateSaContexts(null, 1000)) {
                        for (SaContext c : e) sum += c.hashCode();
                    }
                    long t3 = System.nanoTime(), c3 = cpu(), p3 = pcpu();
                    bestAll = Math.min(bestAll, (t3 - t2) / (double) contexts);
                    bestAllCpu = Math.min(bestAllCpu, (p3 - p2) / (double) contexts);
                    if (profile)
                        System.out.printf("PROFILE java all-fields pass %d: %.1f ns/context (thread CPU %.1f), %.0f bytes allocated/context (%d)%n",
                                          pass, (t3 - t2) / (double) contexts, (c3 - c2) / (double) contexts, (allocated() - a0) / (double) contexts, sum & 1);
                }
                System.out.printf("BENCH java enumerate_1e5_all_fields_ns_per_context %.1f%n", bestAll);
                // process CPU time (GC and JIT threads included): the figures to compare on a loaded machine
                System.out.printf("BENCH java enum_handle_pair_cpu_ns %.1f%n", pairCpu);
                System.out.printf("BENCH java enumerate_1e5_steady_cpu_ns_per_context %.1f%n", bestCpu);
                System.out.printf("BENCH java enumerate_1e5_all_fields_cpu_ns_per_context %.1f%n", bestAllCpu);
            }
        }
    }
}
