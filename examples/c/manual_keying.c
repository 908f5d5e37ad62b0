/*
 * manual_keying.c — what a keying module does with the fwpmk.h SA-context API.
 *
 * For each peer it
 *   1. adds an outbound and an inbound transport filter (FWPM_LAYER_OUTBOUND_/
 *      INBOUND_TRANSPORT_V4, conditions on the remote address and the IP
 *      protocol) whose action hands the traffic to the IPsec callout
 *      FWPM_CALLOUT_IPSEC_OUTBOUND_/INBOUND_TRANSPORT_V4;
 *   2. creates an SA context for the outbound traffic (IPsecSaContextCreate0);
 *   3. obtains the inbound SPI (IPsecSaContextGetSpi0);
 *   4. adds the inbound and then the outbound SA bundle with the keys the two
 *      peers agreed on (IPsecSaContextAddInbound0 / AddOutbound0).
 * Three contexts are created: ESP AES-128-CBC + HMAC-SHA-1-96, ESP
 * AES-256-CBC + HMAC-SHA-256-128, and an AH + ESP bundle (ESP AES-256-CBC
 * protected by AH HMAC-SHA-256-128).  Keys have their real sizes.  The engine
 * lives in this process, so the contexts exist only until it exits: the
 * program ends by listing them with the dump routine of ipsecdump.c.
 *
 * Usage: manual_keying [page-size]      (page size of the listing, default 2)
 */
#include "examples.h"

#include <stdlib.h>
#include <string.h>

#define LOCAL_V4 0x0A000001u /* 10.0.0.1 — addresses are host byte order */
#define IPPROTO_TCP_VALUE 6
#define IPPROTO_UDP_VALUE 17

const char *ExampleStatusText(NTSTATUS status)
{
    static char text[96];
    const char *name = FwpkStatusName(status);
    snprintf(text, sizeof(text), "%s (0x%08X)", name ? name : "unknown status", (unsigned)status);
    return text;
}

static void FormatV4(UINT32 address, char *buffer, size_t size)
{
    snprintf(buffer, size, "%u.%u.%u.%u", (unsigned)(address >> 24) & 0xFF,
             (unsigned)(address >> 16) & 0xFF, (unsigned)(address >> 8) & 0xFF,
             (unsigned)address & 0xFF);
}

/* One filter at a transport layer, sending matching traffic to the IPsec callout. */
static NTSTATUS AddIpsecTransportFilter(HANDLE engineHandle, BOOL outbound, UINT32 remoteAddress,
                                        UINT8 protocol, UINT64 *filterId)
{
    FWPM_FILTER_CONDITION0 conditions[2];
    FWPM_FILTER0 filter;

    memset(conditions, 0, sizeof(conditions));
    conditions[0].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    conditions[0].matchType = FWP_MATCH_EQUAL;
    conditions[0].conditionValue.type = FWP_UINT32;
    conditions[0].conditionValue.uint32 = remoteAddress;
    conditions[1].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    conditions[1].matchType = FWP_MATCH_EQUAL;
    conditions[1].conditionValue.type = FWP_UINT8;
    conditions[1].conditionValue.uint8 = protocol;

    memset(&filter, 0, sizeof(filter));
    filter.displayData.name = outbound ? (wchar_t *)L"manual_keying outbound" : (wchar_t *)L"manual_keying inbound";
    filter.displayData.description = (wchar_t *)L"IPsec transport policy installed by the manual_keying example";
    filter.layerKey = outbound ? FWPM_LAYER_OUTBOUND_TRANSPORT_V4 : FWPM_LAYER_INBOUND_TRANSPORT_V4;
    filter.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    filter.weight.type = FWP_EMPTY;            /* the engine picks the weight */
    filter.numFilterConditions = 2;
    filter.filterCondition = conditions;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = outbound ? FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4
                                        : FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4;
    return FwpmFilterAdd0(engineHandle, &filter, NULL, filterId);
}

/* Deterministic stand-in for keys that IKE (or an out-of-band exchange) would
 * have produced: the pattern is printed nowhere, only key lengths are. */
static void FillKey(UINT8 *key, size_t size, UINT8 seed)
{
    size_t i;
    for (i = 0; i < size; i++) {
        key[i] = (UINT8)(seed * 31u + i * 7u);
    }
}

enum PeerProfile { ESP_AES128_SHA1, ESP_AES256_SHA256, AH_SHA256_PLUS_ESP_AES256 };

struct Peer {
    UINT32 remoteAddress;
    UINT8 protocol;
    enum PeerProfile profile;
    IPSEC_SA_SPI outboundSpi; /* the SPI the peer allocated for us */
    const char *description;
};

/* Keys for one direction; kept alive while the bundle is added (the engine copies them). */
struct DirectionKeys {
    UINT8 cipherKey[32];
    UINT8 authKey[32];
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 espAuthAndCipher;
    IPSEC_SA_CIPHER_INFORMATION0 espCipher;
    IPSEC_SA_AUTH_INFORMATION0 ah;
    IPSEC_SA0 sas[2];
};

static UINT32 BuildSaList(struct DirectionKeys *k, enum PeerProfile profile, IPSEC_SA_SPI spi, UINT8 seed)
{
    const IPSEC_CIPHER_TRANSFORM_ID0 aes128 = IPSEC_CIPHER_TRANSFORM_ID_AES_128;
    const IPSEC_CIPHER_TRANSFORM_ID0 aes256 = IPSEC_CIPHER_TRANSFORM_ID_AES_256;
    const IPSEC_AUTH_TRANSFORM_ID0 sha1 = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96;
    const IPSEC_AUTH_TRANSFORM_ID0 sha256 = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128;

    memset(k, 0, sizeof(*k));
    switch (profile) {
    case ESP_AES128_SHA1:
    case ESP_AES256_SHA256: {
        const int strong = (profile == ESP_AES256_SHA256);
        const UINT32 cipherBytes = strong ? 32 : 16; /* AES-256 / AES-128 */
        const UINT32 authBytes = strong ? 32 : 20;   /* HMAC-SHA-256 / HMAC-SHA-1 */
        FillKey(k->cipherKey, cipherBytes, seed);
        FillKey(k->authKey, authBytes, (UINT8)(seed + 1));
        /* cipher first, authentication second — the Windows order */
        k->espAuthAndCipher.saCipherInformation.cipherTransform.cipherTransformId = strong ? aes256 : aes128;
        k->espAuthAndCipher.saCipherInformation.cipherKey.size = cipherBytes;
        k->espAuthAndCipher.saCipherInformation.cipherKey.data = k->cipherKey;
        k->espAuthAndCipher.saAuthInformation.authTransform.authTransformId = strong ? sha256 : sha1;
        k->espAuthAndCipher.saAuthInformation.authKey.size = authBytes;
        k->espAuthAndCipher.saAuthInformation.authKey.data = k->authKey;
        k->sas[0].spi = spi;
        k->sas[0].saTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
        k->sas[0].espAuthAndCipherInformation = &k->espAuthAndCipher;
        return 1;
    }
    case AH_SHA256_PLUS_ESP_AES256:
    default:
        FillKey(k->cipherKey, 32, seed);
        FillKey(k->authKey, 32, (UINT8)(seed + 1));
        k->espCipher.cipherTransform.cipherTransformId = aes256;
        k->espCipher.cipherKey.size = 32;
        k->espCipher.cipherKey.data = k->cipherKey;
        k->ah.authTransform.authTransformId = sha256;
        k->ah.authKey.size = 32;
        k->ah.authKey.data = k->authKey;
        /* two SAs: ESP at index 0, AH at index 1, one SPI for the bundle */
        k->sas[0].spi = spi;
        k->sas[0].saTransformType = IPSEC_TRANSFORM_ESP_CIPHER;
        k->sas[0].espCipherInformation = &k->espCipher;
        k->sas[1].spi = spi;
        k->sas[1].saTransformType = IPSEC_TRANSFORM_AH;
        k->sas[1].ahInformation = &k->ah;
        return 2;
    }
}

static NTSTATUS KeyPeer(HANDLE engineHandle, const struct Peer *peer, UINT32 qmSaId, FILE *log)
{
    UINT64 outboundFilterId = 0, inboundFilterId = 0, saContextId = 0, cachedInboundFilterId = 0;
    IPSEC_SA_SPI inboundSpi = 0;
    IPSEC_TRAFFIC0 outboundTraffic;
    IPSEC_GETSPI0 getSpi;
    IPSEC_SA_BUNDLE0 bundle;
    struct DirectionKeys inboundKeys, outboundKeys;
    char remote[16], local[16];
    NTSTATUS status;

    FormatV4(peer->remoteAddress, remote, sizeof(remote));
    FormatV4(LOCAL_V4, local, sizeof(local));

    status = AddIpsecTransportFilter(engineHandle, 1, peer->remoteAddress, peer->protocol, &outboundFilterId);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = AddIpsecTransportFilter(engineHandle, 0, peer->remoteAddress, peer->protocol, &inboundFilterId);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (log) {
        fprintf(log, "filter %llu: FWPM_LAYER_OUTBOUND_TRANSPORT_V4, remote %s, protocol %u -> FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4\n",
                (unsigned long long)outboundFilterId, remote, (unsigned)peer->protocol);
        fprintf(log, "filter %llu: FWPM_LAYER_INBOUND_TRANSPORT_V4, remote %s, protocol %u -> FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4\n",
                (unsigned long long)inboundFilterId, remote, (unsigned)peer->protocol);
    }

    memset(&outboundTraffic, 0, sizeof(outboundTraffic));
    outboundTraffic.ipVersion = FWP_IP_VERSION_V4;
    outboundTraffic.localV4Address = LOCAL_V4;
    outboundTraffic.remoteV4Address = peer->remoteAddress;
    outboundTraffic.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
    outboundTraffic.ipsecFilterId = outboundFilterId;
    status = IPsecSaContextCreate0(engineHandle, &outboundTraffic, &cachedInboundFilterId, &saContextId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    memset(&getSpi, 0, sizeof(getSpi));
    getSpi.inboundIpsecTraffic = outboundTraffic;
    getSpi.inboundIpsecTraffic.ipsecFilterId = inboundFilterId;
    getSpi.ipVersion = FWP_IP_VERSION_V4;
    status = IPsecSaContextGetSpi0(engineHandle, saContextId, &getSpi, &inboundSpi);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    memset(&bundle, 0, sizeof(bundle));
    bundle.lifetime.lifetimeSeconds = 3600;
    bundle.lifetime.lifetimeKilobytes = 1000000;
    bundle.lifetime.lifetimePackets = 0x7FFFFFFF;
    bundle.idleTimeoutSeconds = 300;
    bundle.qmSaId = qmSaId;                    /* same for both directions of the pair */
    bundle.ipVersion = FWP_IP_VERSION_V4;
    bundle.pfsGroup = IPSEC_PFS_NONE;

    bundle.numSAs = BuildSaList(&inboundKeys, peer->profile, inboundSpi, (UINT8)(qmSaId * 2));
    bundle.saList = inboundKeys.sas;
    status = IPsecSaContextAddInbound0(engineHandle, saContextId, &bundle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    bundle.numSAs = BuildSaList(&outboundKeys, peer->profile, peer->outboundSpi, (UINT8)(qmSaId * 2 + 1));
    bundle.saList = outboundKeys.sas;
    status = IPsecSaContextAddOutbound0(engineHandle, saContextId, &bundle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    memset(&inboundKeys, 0, sizeof(inboundKeys));   /* the engine holds its own copy */
    memset(&outboundKeys, 0, sizeof(outboundKeys));

    if (log) {
        fprintf(log, "SA context %llu: %s <-> %s protocol %u, %s, inbound SPI 0x%08X, outbound SPI 0x%08X\n",
                (unsigned long long)saContextId, local, remote, (unsigned)peer->protocol,
                peer->description, (unsigned)inboundSpi, (unsigned)peer->outboundSpi);
    }
    return STATUS_SUCCESS;
}

NTSTATUS ManualKeyingCreateContexts(HANDLE engineHandle, FILE *log)
{
    static const struct Peer peers[] = {
        { 0x0A000002u, IPPROTO_UDP_VALUE, ESP_AES128_SHA1, 0x00001001u,
          "ESP AES-128-CBC + HMAC-SHA-1-96 (keys 16 + 20 bytes)" },
        { 0x0A000003u, IPPROTO_TCP_VALUE, ESP_AES256_SHA256, 0x00001002u,
          "ESP AES-256-CBC + HMAC-SHA-256-128 (keys 32 + 32 bytes)" },
        { 0x0A000004u, IPPROTO_UDP_VALUE, AH_SHA256_PLUS_ESP_AES256, 0x00001003u,
          "AH HMAC-SHA-256-128 + ESP AES-256-CBC (keys 32 + 32 bytes)" },
    };
    size_t i;

    for (i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
        NTSTATUS status = KeyPeer(engineHandle, &peers[i], (UINT32)(i + 1), log);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

#ifndef MANUAL_KEYING_NO_MAIN
int main(int argc, char **argv)
{
    HANDLE engineHandle = NULL;
    FWPM_SESSION0 session;
    UINT32 pageSize = 2, numContexts = 0;
    NTSTATUS status;

    if (argc > 2 || (argc == 2 && (atoi(argv[1]) <= 0))) {
        fprintf(stderr, "usage: %s [page-size]\n", argv[0]);
        return 2;
    }
    if (argc == 2) {
        pageSize = (UINT32)atoi(argv[1]);
    }

    printf("manual_keying: libfwpkclnt %s\n", FwpkLibVersion());

    memset(&session, 0, sizeof(session));
    session.displayData.name = (wchar_t *)L"manual_keying";
    /* Not FWPM_SESSION_FLAG_DYNAMIC: SA contexts cannot be created in a dynamic session. */
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engineHandle);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "FwpmEngineOpen0: %s\n", ExampleStatusText(status));
        return 1;
    }
    printf("session opened\n");

    status = ManualKeyingCreateContexts(engineHandle, stdout);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "keying failed: %s\n", ExampleStatusText(status));
        FwpmEngineClose0(engineHandle);
        return 1;
    }

    printf("\nSA contexts now in the engine (they live as long as this process):\n");
    status = IpsecDumpSaContexts(engineHandle, pageSize, stdout, &numContexts);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "dump failed: %s\n", ExampleStatusText(status));
        FwpmEngineClose0(engineHandle);
        return 1;
    }

    status = FwpmEngineClose0(engineHandle);
    printf("session closed: %s\n", ExampleStatusText(status));
    return NT_SUCCESS(status) && numContexts == 3 ? 0 : 1;
}
#endif
