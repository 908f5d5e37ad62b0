/*
 * source_compat.c — a manual-keying flow written the way Windows code is
 * written against the WFP headers: Windows type and constant names, L""
 * strings, designated initialisers, the FWPM_LAYER_* / FWPM_CALLOUT_* GUID
 * constants, the IPSEC_*_TRANSFORM_ID_* constants and NT_SUCCESS checks.
 *
 * It must compile without a warning (-Wall -Wextra -Werror) as C11 and as
 * C++17 against include/fwpmk.h, and with -fsyntax-only against the mingw-w64
 * <fwpmu.h> (x86_64-w64-mingw32-gcc -D_WIN32 is implied there).  The block
 * under _WIN32 is the only difference and exists only in this test.
 * Against libfwpkclnt it runs the flow and checks what the engine returns.
 */
#ifdef _WIN32
/* ---- test-only shim for the Windows user-mode header ---------------------
 * fwpmu.h functions return DWORD (fwpmk.h: NTSTATUS), and mingw-w64 lacks
 * declarations that the Windows SDK has; nothing else differs. */
#define _WIN32_WINNT 0x0A00
#include <windows.h>
#include <fwpmu.h>
#include <string.h>
#include <stdio.h>
#ifndef NT_SUCCESS
typedef LONG NTSTATUS;
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#endif
/* SDK declarations missing from mingw-w64 (values as in the Windows SDK). */
#define FWPM_SESSION_FLAG_DYNAMIC 0x00000001
#define IPSEC_AUTH_CONFIG_HMAC_SHA_1_96 1
#define IPSEC_AUTH_CONFIG_HMAC_SHA_256_128 2
#define IPSEC_CIPHER_CONFIG_CBC_AES_128 3
#define IPSEC_CIPHER_CONFIG_CBC_AES_256 5
/* the SDK declares the transform IDs as static const objects */
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96 = { IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96 };
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128 = { IPSEC_AUTH_SHA_256, IPSEC_AUTH_CONFIG_HMAC_SHA_256_128 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_AES_128 = { IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_AES_256 = { IPSEC_CIPHER_TYPE_AES_256, IPSEC_CIPHER_CONFIG_CBC_AES_256 };
DEFINE_GUID(FWPM_LAYER_INBOUND_TRANSPORT_V4, 0x5926dfc8, 0xe3cf, 0x4426, 0xa2, 0x83, 0xdc, 0x39, 0x3f, 0x5d, 0x0f, 0x9d);
DEFINE_GUID(FWPM_LAYER_OUTBOUND_TRANSPORT_V4, 0x09e61aea, 0xd214, 0x46e2, 0x9b, 0x21, 0xb2, 0x6b, 0x0b, 0x2f, 0x28, 0xc8);
DEFINE_GUID(FWPM_CONDITION_IP_REMOTE_ADDRESS, 0xb235ae9a, 0x1d64, 0x49b8, 0xa4, 0x4c, 0x5f, 0xf3, 0xd9, 0x09, 0x50, 0x45);
DEFINE_GUID(FWPM_CONDITION_IP_PROTOCOL, 0x3971ef2b, 0x623e, 0x4f9a, 0x8c, 0xb1, 0x6e, 0x79, 0xb8, 0x06, 0xb9, 0xa7);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, 0x5132900d, 0x5e84, 0x4b5f, 0x80, 0xe4, 0x01, 0x74, 0x1e, 0x81, 0xff, 0x10);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4, 0x4b46bf0a, 0x4523, 0x4e57, 0xaa, 0x38, 0xa8, 0x79, 0x87, 0xc9, 0x10, 0xd9);
#else
#include <fwpmk.h>
#include <string.h>
#include <stdio.h>
#endif

#define LOCAL_ADDR  0x0A000001u /* 10.0.0.1, host byte order */
#define REMOTE_ADDR 0x0A000002u /* 10.0.0.2 */
#define IPPROTO_UDP_VALUE 17

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("source_compat: CHECK failed at line %d: %s\n", __LINE__, #cond); \
            failures++;                                                      \
        }                                                                    \
    } while (0)

#define CHECK_STATUS(expr)                                                   \
    do {                                                                     \
        NTSTATUS status_ = (NTSTATUS)(expr);                                 \
        if (!NT_SUCCESS(status_)) {                                          \
            printf("source_compat: %s failed: 0x%08lX (line %d)\n", #expr,   \
                   (unsigned long)status_, __LINE__);                        \
            return 1;                                                        \
        }                                                                    \
    } while (0)

/* Adds one transport-layer filter that hands matching traffic to the IPsec
 * callout of that layer, the way a keying module sets up its policy. */
static NTSTATUS AddTransportFilter(HANDLE engineHandle, const GUID *layerKey,
                                   const GUID *calloutKey, wchar_t *name,
                                   UINT64 *filterId)
{
    FWPM_FILTER_CONDITION0 conditions[2];
    FWPM_FILTER0 filter;

    memset(conditions, 0, sizeof(conditions));
    conditions[0].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    conditions[0].matchType = FWP_MATCH_EQUAL;
    conditions[0].conditionValue.type = FWP_UINT32;
    conditions[0].conditionValue.uint32 = REMOTE_ADDR;
    conditions[1].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    conditions[1].matchType = FWP_MATCH_EQUAL;
    conditions[1].conditionValue.type = FWP_UINT8;
    conditions[1].conditionValue.uint8 = IPPROTO_UDP_VALUE;

    memset(&filter, 0, sizeof(filter));
    filter.displayData.name = name;
    filter.displayData.description = (wchar_t *)L"fwpkclnt source-compatibility test";
    filter.layerKey = *layerKey;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 2;
    filter.filterCondition = conditions;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = *calloutKey;

    return (NTSTATUS)FwpmFilterAdd0(engineHandle, &filter, NULL, filterId);
}

int main(void)
{
    HANDLE engineHandle = NULL;
    UINT64 outboundFilterId = 0, inboundFilterId = 0, cachedInboundFilterId = 0;
    UINT64 saContextId = 0;
    IPSEC_SA_SPI inboundSpi = 0;
    IPSEC_SA_CONTEXT0 *saContext = NULL;
    IPSEC_SA_CONTEXT0 **entries = NULL;
    HANDLE enumHandle = NULL;
    UINT32 numEntries = 0, i;
    int found = 0;
    NTSTATUS status;

    /* Keys of real size: AES-128 (16 bytes), HMAC-SHA-1 (20 bytes). */
    UINT8 inCipherKey[16], outCipherKey[16], inAuthKey[20], outAuthKey[20];
    for (i = 0; i < 16; i++) {
        inCipherKey[i] = (UINT8)(0x10 + i);
        outCipherKey[i] = (UINT8)(0x80 + i);
    }
    for (i = 0; i < 20; i++) {
        inAuthKey[i] = (UINT8)(0x30 + i);
        outAuthKey[i] = (UINT8)(0xA0 + i);
    }

    FWPM_SESSION0 session = {
        .sessionKey = { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 0 } },
        .displayData = { .name = (wchar_t *)L"source_compat", .description = NULL },
        .flags = 0,
        .txnWaitTimeoutInMSec = 0,
        .processId = 0,
        .sid = NULL,
        .username = NULL,
        .kernelMode = 0,
    };

    CHECK_STATUS(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engineHandle));

    CHECK_STATUS(AddTransportFilter(engineHandle, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4,
                                    &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4,
                                    (wchar_t *)L"IPsec outbound transport", &outboundFilterId));
    CHECK_STATUS(AddTransportFilter(engineHandle, &FWPM_LAYER_INBOUND_TRANSPORT_V4,
                                    &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4,
                                    (wchar_t *)L"IPsec inbound transport", &inboundFilterId));
    CHECK(outboundFilterId != 0 && inboundFilterId != 0 && outboundFilterId != inboundFilterId);

    IPSEC_TRAFFIC0 outboundTraffic = {
        .ipVersion = FWP_IP_VERSION_V4,
        .localV4Address = LOCAL_ADDR,
        .remoteV4Address = REMOTE_ADDR,
        .trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT,
        .ipsecFilterId = outboundFilterId,
        .remotePort = 0,
    };
    CHECK_STATUS(IPsecSaContextCreate0(engineHandle, &outboundTraffic, &cachedInboundFilterId,
                                       &saContextId));
    CHECK(saContextId != 0);

    IPSEC_GETSPI0 getSpi = {
        .inboundIpsecTraffic = {
            .ipVersion = FWP_IP_VERSION_V4,
            .localV4Address = LOCAL_ADDR,
            .remoteV4Address = REMOTE_ADDR,
            .trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT,
            .ipsecFilterId = inboundFilterId,
            .remotePort = 0,
        },
        .ipVersion = FWP_IP_VERSION_V4,
        .inboundUdpEncapsulation = NULL,
        .rngCryptoModuleID = NULL,
    };
    CHECK_STATUS(IPsecSaContextGetSpi0(engineHandle, saContextId, &getSpi, &inboundSpi));
    CHECK(inboundSpi >= 256);

    /* ESP with AES-128-CBC and HMAC-SHA-1-96: cipher first, then auth. */
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 inboundEsp = {
        .saCipherInformation = {
            .cipherTransform = { .cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128, .cryptoModuleId = NULL },
            .cipherKey = { .size = sizeof(inCipherKey), .data = inCipherKey },
        },
        .saAuthInformation = {
            .authTransform = { .authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96, .cryptoModuleId = NULL },
            .authKey = { .size = sizeof(inAuthKey), .data = inAuthKey },
        },
    };
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 outboundEsp = {
        .saCipherInformation = {
            .cipherTransform = { .cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128, .cryptoModuleId = NULL },
            .cipherKey = { .size = sizeof(outCipherKey), .data = outCipherKey },
        },
        .saAuthInformation = {
            .authTransform = { .authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96, .cryptoModuleId = NULL },
            .authKey = { .size = sizeof(outAuthKey), .data = outAuthKey },
        },
    };
    IPSEC_SA0 inboundSa = {
        .spi = inboundSpi,
        .saTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER,
        .espAuthAndCipherInformation = &inboundEsp,
    };
    IPSEC_SA0 outboundSa = {
        .spi = 0x12345678,   /* the peer's inbound SPI */
        .saTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER,
        .espAuthAndCipherInformation = &outboundEsp,
    };
    IPSEC_SA_BUNDLE0 inboundBundle = {
        .flags = 0,
        .lifetime = { .lifetimeSeconds = 3600, .lifetimeKilobytes = 100000, .lifetimePackets = 0x7FFFFFFF },
        .idleTimeoutSeconds = 300,
        .ndAllowClearTimeoutSeconds = 0,
        .ipsecId = NULL,
        .napContext = 0,
        .qmSaId = 1,
        .numSAs = 1,
        .saList = &inboundSa,
        .keyModuleState = NULL,
        .ipVersion = FWP_IP_VERSION_V4,
        .peerV4PrivateAddress = 0,
        .mmSaId = 0,
        .pfsGroup = IPSEC_PFS_NONE,
    };
    IPSEC_SA_BUNDLE0 outboundBundle = inboundBundle;
    outboundBundle.saList = &outboundSa;

    CHECK_STATUS(IPsecSaContextAddInbound0(engineHandle, saContextId, &inboundBundle));
    CHECK_STATUS(IPsecSaContextAddOutbound0(engineHandle, saContextId, &outboundBundle));

    /* Read it back. */
    CHECK_STATUS(IPsecSaContextGetById0(engineHandle, saContextId, &saContext));
    CHECK(saContext != NULL);
    if (saContext != NULL) {
        CHECK(saContext->saContextId == saContextId);
        CHECK(saContext->inboundSa != NULL && saContext->outboundSa != NULL);
        if (saContext->inboundSa != NULL && saContext->outboundSa != NULL) {
            const IPSEC_SA_DETAILS0 *in = saContext->inboundSa;
            const IPSEC_SA_DETAILS0 *out = saContext->outboundSa;
            CHECK(in->saDirection == FWP_DIRECTION_INBOUND);
            CHECK(out->saDirection == FWP_DIRECTION_OUTBOUND);
            CHECK(out->traffic.remoteV4Address == REMOTE_ADDR);
            CHECK(out->traffic.localV4Address == LOCAL_ADDR);
            CHECK(out->traffic.ipsecFilterId == outboundFilterId);
            CHECK(in->traffic.ipsecFilterId == inboundFilterId);
            CHECK(in->saBundle.numSAs == 1 && in->saBundle.saList != NULL);
            if (in->saBundle.saList != NULL) {
                const IPSEC_SA0 *sa = &in->saBundle.saList[0];
                CHECK(sa->spi == inboundSpi);
                CHECK(sa->saTransformType == IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER);
                CHECK(sa->espAuthAndCipherInformation->saCipherInformation.cipherKey.size == 16);
                CHECK(memcmp(sa->espAuthAndCipherInformation->saCipherInformation.cipherKey.data,
                             inCipherKey, 16) == 0);
                CHECK(sa->espAuthAndCipherInformation->saAuthInformation.authTransform
                          .authTransformId.authType == IPSEC_AUTH_SHA_1);
                CHECK(sa->espAuthAndCipherInformation->saAuthInformation.authKey.size == 20);
            }
            CHECK(out->saBundle.saList != NULL && out->saBundle.saList[0].spi == 0x12345678);
            CHECK(out->transportFilter != NULL);
            if (out->transportFilter != NULL) {
                CHECK(out->transportFilter->filterId == outboundFilterId);
                CHECK(memcmp(&out->transportFilter->layerKey, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4,
                             sizeof(GUID)) == 0);
            }
        }
        FwpmFreeMemory0((void **)&saContext);
        CHECK(saContext == NULL);
    }

    /* Enumerate all SA contexts, two per call. */
    CHECK_STATUS(IPsecSaContextCreateEnumHandle0(engineHandle, NULL, &enumHandle));
    for (;;) {
        CHECK_STATUS(IPsecSaContextEnum0(engineHandle, enumHandle, 2, &entries, &numEntries));
        for (i = 0; i < numEntries; i++) {
            if (entries[i]->saContextId == saContextId) {
                found++;
            }
        }
        FwpmFreeMemory0((void **)&entries);
        if (numEntries < 2) {
            break;
        }
    }
    CHECK_STATUS(IPsecSaContextDestroyEnumHandle0(engineHandle, enumHandle));
    CHECK(found == 1);

    /* Documented errors. */
    status = (NTSTATUS)IPsecSaContextGetById0(engineHandle, saContextId + 1000, &saContext);
    CHECK(status == (NTSTATUS)FWP_E_NOT_FOUND);
    status = (NTSTATUS)IPsecSaContextAddInbound0(engineHandle, saContextId, &inboundBundle);
    CHECK(status == (NTSTATUS)FWP_E_INCOMPATIBLE_SA_STATE);

    CHECK_STATUS(IPsecSaContextDeleteById0(engineHandle, saContextId));
    CHECK_STATUS(FwpmFilterDeleteById0(engineHandle, outboundFilterId));
    CHECK_STATUS(FwpmFilterDeleteById0(engineHandle, inboundFilterId));
    CHECK_STATUS(FwpmEngineClose0(engineHandle));

    if (failures != 0) {
        printf("source_compat: %d check(s) failed\n", failures);
        return 1;
    }
    printf("source_compat: OK (SA context %llu, inbound SPI 0x%08lX)\n",
           (unsigned long long)saContextId, (unsigned long)inboundSpi);
    (void)cachedInboundFilterId;
    return 0;
}
