// Shared helpers for bench/ and tests/robustness/: realistic SA contexts
// (tunnel traffic, ESP AES-128-CBC 16-byte key + HMAC-SHA1 20-byte key) built
// through the public API only.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fwpmk.h>

namespace fx {

inline void check(NTSTATUS s, const char* what, const char* file, int line) {
    if (s != STATUS_SUCCESS) {
        std::fprintf(stderr, "%s:%d: %s failed: 0x%08x (%s)\n", file, line, what, unsigned(s), FwpkStatusName(s));
        std::abort();
    }
}
#define FX_OK(expr) ::fx::check((expr), #expr, __FILE__, __LINE__)

inline HANDLE open(UINT32 flags = 0, UINT32 txnWaitMs = 0) {
    FWPM_SESSION0 s{};
    s.flags = flags;
    s.txnWaitTimeoutInMSec = txnWaitMs;
    HANDLE h = nullptr;
    FX_OK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &s, &h));
    return h;
}

// A transport-layer filter an SA context can name (outbound or inbound, IPv4).
inline UINT64 transportFilter(HANDLE h, bool outbound) {
    FWPM_FILTER0 f{};
    f.displayData.name = const_cast<wchar_t*>(L"fx transport filter");
    f.layerKey = outbound ? FWPM_LAYER_OUTBOUND_TRANSPORT_V4 : FWPM_LAYER_INBOUND_TRANSPORT_V4;
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = outbound ? FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4 : FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4;
    UINT64 id = 0;
    FX_OK(FwpmFilterAdd0(h, &f, nullptr, &id));
    return id;
}

// The quick-mode tunnel policy tunnelTraffic names (tunnel-mode SA contexts
// must name one).  ensureTunnelPolicy adds it, a point-to-point IPv4 tunnel,
// through h when the one cached is gone; call it before measured code.
inline UINT64& tunnelPolicyId() {
    static UINT64 id = 0;
    return id;
}
inline UINT64 ensureTunnelPolicy(HANDLE h) {
    FWPM_PROVIDER_CONTEXT0* got = nullptr;
    if (tunnelPolicyId() && FwpmProviderContextGetById0(h, tunnelPolicyId(), &got) == STATUS_SUCCESS) {
        FwpmFreeMemory0(reinterpret_cast<void**>(&got));
        return tunnelPolicyId();
    }
    IPSEC_AUTH_AND_CIPHER_TRANSFORM0 tr{};
    tr.authTransform.authTransformId = {IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96};
    tr.cipherTransform.cipherTransformId = {IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128};
    IPSEC_SA_TRANSFORM0 st{};
    st.ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
    st.espAuthAndCipherTransform = &tr;
    IPSEC_PROPOSAL0 prop{};
    prop.lifetime.lifetimeSeconds = 3600;
    prop.numSaTransforms = 1;
    prop.saTransforms = &st;
    IPSEC_TUNNEL_POLICY0 pol{};
    pol.numIpsecProposals = 1;
    pol.ipsecProposals = &prop;
    pol.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
    pol.tunnelEndpoints.localV4Address = 0x0A000001u;
    pol.tunnelEndpoints.remoteV4Address = 0xAC100001u;
    FWPM_PROVIDER_CONTEXT0 qm{};
    qm.displayData.name = const_cast<wchar_t*>(L"fx tunnel policy");
    qm.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    qm.ikeQmTunnelPolicy = &pol;
    static uint32_t serial = 0;
    GUID key{0x7e11e1a0u, 0xf1c5, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 0}};
    key.Data1 += ++serial;  // a new key each time (the last tunnel was deleted with the store)
    qm.providerContextKey = key;
    FX_OK(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, nullptr, &qm, 0, nullptr, nullptr));
    FWPM_PROVIDER_CONTEXT0* c = nullptr;
    FX_OK(FwpmProviderContextGetByKey0(h, &key, &c));
    tunnelPolicyId() = c->providerContextId;
    FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    return tunnelPolicyId();
}

// Tunnel traffic between 10.x and 172.x addresses derived from n.
inline IPSEC_TRAFFIC1 tunnelTraffic(uint32_t n) {
    IPSEC_TRAFFIC1 t{};
    t.ipVersion = FWP_IP_VERSION_V4;
    t.localV4Address = 0x0A000000u | (n & 0xFFFFFFu);
    t.remoteV4Address = 0xAC100000u | (n & 0xFFFFFu);
    t.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
    t.tunnelPolicyId = tunnelPolicyId();
    return t;
}

inline IPSEC_TRAFFIC1 inboundOf(const IPSEC_TRAFFIC1& out) {
    IPSEC_TRAFFIC1 t = out;
    t.localV4Address = out.remoteV4Address;
    t.remoteV4Address = out.localV4Address;
    return t;
}

// One ESP auth+cipher SA bundle; every pointer points into this object.
struct Bundle {
    UINT8 encKey[16];
    UINT8 authKey[20];
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 ac{};
    IPSEC_SA0 sa{};
    IPSEC_SA_BUNDLE1 b{};

    Bundle(IPSEC_SA_SPI spi, UINT32 qmSaId, uint32_t seed) {
        for (int i = 0; i < 16; ++i) encKey[i] = UINT8(seed * 31 + i);
        for (int i = 0; i < 20; ++i) authKey[i] = UINT8(seed * 17 + i * 3);
        ac.saCipherInformation.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128;
        ac.saCipherInformation.cipherKey.size = 16;
        ac.saCipherInformation.cipherKey.data = encKey;
        ac.saAuthInformation.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96;
        ac.saAuthInformation.authKey.size = 20;
        ac.saAuthInformation.authKey.data = authKey;
        sa.spi = spi;
        sa.saTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
        sa.espAuthAndCipherInformation = &ac;
        b.lifetime = {3600, 100000, 0x7FFFFFFF};
        b.idleTimeoutSeconds = 300;
        b.qmSaId = qmSaId;
        b.numSAs = 1;
        b.saList = &sa;
        b.ipVersion = FWP_IP_VERSION_V4;
        b.mmSaId = 7;
        b.pfsGroup = IPSEC_PFS_NONE;
    }
    Bundle(const Bundle&) = delete;
};

// Create + GetSpi + AddInbound + AddOutbound: a COMPLETE context.  Returns its id.
// Tunnel mode, or transport mode when filter ids are given.
inline UINT64 fullContext(HANDLE h, uint32_t n, UINT64 outFilter = 0, UINT64 inFilter = 0) {
    IPSEC_TRAFFIC1 out = tunnelTraffic(n);
    if (outFilter) {
        out.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
        out.ipsecFilterId = outFilter;
    }
    UINT64 id = 0;
    FX_OK(IPsecSaContextCreate1(h, &out, nullptr, nullptr, &id));
    IPSEC_GETSPI1 g{};
    g.inboundIpsecTraffic = inboundOf(out);
    if (inFilter) g.inboundIpsecTraffic.ipsecFilterId = inFilter;
    g.ipVersion = FWP_IP_VERSION_V4;
    IPSEC_SA_SPI spi = 0;
    FX_OK(IPsecSaContextGetSpi1(h, id, &g, &spi));
    Bundle in(spi, n, n);
    FX_OK(IPsecSaContextAddInbound1(h, id, &in.b));
    Bundle outb(0x10000u + (n & 0xFFFFFFu), n, n + 1);
    FX_OK(IPsecSaContextAddOutbound1(h, id, &outb.b));
    return id;
}

// Exact size of the single block GetById1 returns for a context built by
// fullContext (8-byte rounding, as marshal/builder.h lays it out).
inline size_t r8(size_t n) { return (n + 7) & ~size_t(7); }
inline size_t deepSize(const IPSEC_SA_DETAILS1* d) {
    if (!d) return 0;
    size_t n = r8(sizeof(IPSEC_SA_DETAILS1));
    const IPSEC_SA_BUNDLE1& b = d->saBundle;
    n += r8(sizeof(IPSEC_SA0) * b.numSAs);
    for (UINT32 i = 0; i < b.numSAs; ++i) {
        const IPSEC_SA0& s = b.saList[i];
        if (s.saTransformType == IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER) {
            n += r8(sizeof(IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0));
            n += r8(s.espAuthAndCipherInformation->saCipherInformation.cipherKey.size);
            n += r8(s.espAuthAndCipherInformation->saAuthInformation.authKey.size);
        }
    }
    return n;
}
inline size_t deepSize(const IPSEC_SA_CONTEXT1* c) {
    return r8(sizeof(IPSEC_SA_CONTEXT1)) + deepSize(c->inboundSa) + deepSize(c->outboundSa);
}

}  // namespace fx
