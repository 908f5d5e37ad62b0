/*
 * ipsecdump.c — lists the IPsec SA contexts of the engine, in the spirit of
 * Windows' `netsh ipsec dynamic show` / ipsecdump tools.
 *
 * The contexts are enumerated page by page (IPsecSaContextCreateEnumHandle0,
 * then IPsecSaContextEnum0 with numEntriesRequested = page size until fewer
 * entries come back), each page's array is freed with one FwpmFreeMemory0, and
 * the enumerator is destroyed at the end.  For every context it prints the id,
 * direction, addresses, SPIs, transforms and key lengths — never key bytes.
 *
 * The engine lives inside the calling process: a fresh process has no SA
 * contexts.  `ipsecdump --demo` therefore first creates a few with the
 * keying routine of manual_keying.c.
 *
 * Usage: ipsecdump [--demo] [page-size]      (page size default 2)
 */
#include "examples.h"

#include <stdlib.h>
#include <string.h>

static const char *AuthName(const IPSEC_AUTH_TRANSFORM_ID0 *id)
{
    switch (id->authConfig) {
    case IPSEC_AUTH_CONFIG_HMAC_MD5_96:      return "HMAC-MD5-96";
    case IPSEC_AUTH_CONFIG_HMAC_SHA_1_96:    return "HMAC-SHA-1-96";
    case IPSEC_AUTH_CONFIG_HMAC_SHA_256_128: return "HMAC-SHA-256-128";
    case IPSEC_AUTH_CONFIG_GCM_AES_128:      return "GMAC-AES-128";
    case IPSEC_AUTH_CONFIG_GCM_AES_192:      return "GMAC-AES-192";
    case IPSEC_AUTH_CONFIG_GCM_AES_256:      return "GMAC-AES-256";
    default:                                 return "unknown-auth";
    }
}

static const char *CipherName(const IPSEC_CIPHER_TRANSFORM_ID0 *id)
{
    switch (id->cipherConfig) {
    case IPSEC_CIPHER_CONFIG_CBC_DES:     return "DES-CBC";
    case IPSEC_CIPHER_CONFIG_CBC_3DES:    return "3DES-CBC";
    case IPSEC_CIPHER_CONFIG_CBC_AES_128: return "AES-128-CBC";
    case IPSEC_CIPHER_CONFIG_CBC_AES_192: return "AES-192-CBC";
    case IPSEC_CIPHER_CONFIG_CBC_AES_256: return "AES-256-CBC";
    case IPSEC_CIPHER_CONFIG_GCM_AES_128: return "AES-128-GCM";
    case IPSEC_CIPHER_CONFIG_GCM_AES_192: return "AES-192-GCM";
    case IPSEC_CIPHER_CONFIG_GCM_AES_256: return "AES-256-GCM";
    default:                              return "unknown-cipher";
    }
}

static void PrintAddress(FILE *out, FWP_IP_VERSION version, UINT32 v4, const UINT8 *v6)
{
    if (version == FWP_IP_VERSION_V4) {
        fprintf(out, "%u.%u.%u.%u", (unsigned)(v4 >> 24) & 0xFF, (unsigned)(v4 >> 16) & 0xFF,
                (unsigned)(v4 >> 8) & 0xFF, (unsigned)v4 & 0xFF);
    } else {
        int i;
        for (i = 0; i < 16; i += 2) {
            fprintf(out, "%s%x", i ? ":" : "", (unsigned)(v6[i] << 8 | v6[i + 1]));
        }
    }
}

static void PrintSa(FILE *out, const char *direction, UINT32 index, const IPSEC_SA0 *sa)
{
    fprintf(out, "    %-8s SA[%u] spi 0x%08X ", direction, (unsigned)index, (unsigned)sa->spi);
    switch (sa->saTransformType) {
    case IPSEC_TRANSFORM_AH:
        fprintf(out, "AH %s, auth key %u bytes\n",
                AuthName(&sa->ahInformation->authTransform.authTransformId),
                (unsigned)sa->ahInformation->authKey.size);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH:
    case IPSEC_TRANSFORM_ESP_AUTH_FW:
        fprintf(out, "ESP%s %s, auth key %u bytes\n",
                sa->saTransformType == IPSEC_TRANSFORM_ESP_AUTH_FW ? " (auth, firewall)" : " (auth only)",
                AuthName(&sa->espAuthInformation->authTransform.authTransformId),
                (unsigned)sa->espAuthInformation->authKey.size);
        break;
    case IPSEC_TRANSFORM_ESP_CIPHER:
        fprintf(out, "ESP %s, cipher key %u bytes\n",
                CipherName(&sa->espCipherInformation->cipherTransform.cipherTransformId),
                (unsigned)sa->espCipherInformation->cipherKey.size);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER: {
        const IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 *i = sa->espAuthAndCipherInformation;
        fprintf(out, "ESP %s + %s, cipher key %u bytes, auth key %u bytes\n",
                CipherName(&i->saCipherInformation.cipherTransform.cipherTransformId),
                AuthName(&i->saAuthInformation.authTransform.authTransformId),
                (unsigned)i->saCipherInformation.cipherKey.size,
                (unsigned)i->saAuthInformation.authKey.size);
        break;
    }
    default:
        fprintf(out, "transform %d\n", (int)sa->saTransformType);
        break;
    }
}

static void PrintDetails(FILE *out, const char *direction, const IPSEC_SA_DETAILS0 *d)
{
    UINT32 i;
    if (d == NULL) {
        fprintf(out, "    %-8s (none yet)\n", direction);
        return;
    }
    fprintf(out, "    %-8s %s ", direction,
            d->traffic.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL ? "tunnel" : "transport");
    PrintAddress(out, d->traffic.ipVersion, d->traffic.localV4Address, d->traffic.localV6Address);
    fprintf(out, " %s ", d->saDirection == FWP_DIRECTION_INBOUND ? "<-" : "->");
    PrintAddress(out, d->traffic.ipVersion, d->traffic.remoteV4Address, d->traffic.remoteV6Address);
    if (d->traffic.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL) {
        fprintf(out, ", tunnel policy %llu", (unsigned long long)d->traffic.tunnelPolicyId);
    } else {
        fprintf(out, ", filter %llu", (unsigned long long)d->traffic.ipsecFilterId);
    }
    fprintf(out, ", qmSaId %u, lifetime %u s / %u KB, %u SA(s)\n", (unsigned)d->saBundle.qmSaId,
            (unsigned)d->saBundle.lifetime.lifetimeSeconds,
            (unsigned)d->saBundle.lifetime.lifetimeKilobytes, (unsigned)d->saBundle.numSAs);
    for (i = 0; i < d->saBundle.numSAs && d->saBundle.saList != NULL; i++) {
        PrintSa(out, direction, i, &d->saBundle.saList[i]);
    }
}

NTSTATUS IpsecDumpSaContexts(HANDLE engineHandle, UINT32 pageSize, FILE *out, UINT32 *numContexts)
{
    HANDLE enumHandle = NULL;
    UINT32 total = 0, page = 0;
    NTSTATUS status, destroyStatus;

    status = IPsecSaContextCreateEnumHandle0(engineHandle, NULL, &enumHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    fprintf(out, "ipsecdump: SA contexts, %u per page\n", (unsigned)pageSize);
    for (;;) {
        IPSEC_SA_CONTEXT0 **entries = NULL;
        UINT32 returned = 0, i;

        status = IPsecSaContextEnum0(engineHandle, enumHandle, pageSize, &entries, &returned);
        if (!NT_SUCCESS(status)) {
            break;
        }
        page++;
        fprintf(out, "page %u: %u context(s)\n", (unsigned)page, (unsigned)returned);
        for (i = 0; i < returned; i++) {
            const IPSEC_SA_CONTEXT0 *ctx = entries[i];
            fprintf(out, "  SA context %llu\n", (unsigned long long)ctx->saContextId);
            PrintDetails(out, "inbound", ctx->inboundSa);
            PrintDetails(out, "outbound", ctx->outboundSa);
        }
        total += returned;
        FwpmFreeMemory0((void **)&entries);   /* the array only, once per page */
        if (returned < pageSize) {
            break;                            /* fewer than requested: exhausted */
        }
    }
    destroyStatus = IPsecSaContextDestroyEnumHandle0(engineHandle, enumHandle);
    if (NT_SUCCESS(status)) {
        status = destroyStatus;
    }
    fprintf(out, "ipsecdump: %u SA context(s) in %u page(s); enumerator destroyed: %s\n",
            (unsigned)total, (unsigned)page, ExampleStatusText(destroyStatus));
    if (numContexts != NULL) {
        *numContexts = total;
    }
    return status;
}

#ifndef IPSECDUMP_NO_MAIN
int main(int argc, char **argv)
{
    HANDLE engineHandle = NULL;
    UINT32 pageSize = 2, numContexts = 0;
    int demo = 0, i;
    NTSTATUS status;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--demo") == 0) {
            demo = 1;
        } else if (atoi(argv[i]) > 0) {
            pageSize = (UINT32)atoi(argv[i]);
        } else {
            fprintf(stderr, "usage: %s [--demo] [page-size]\n", argv[0]);
            return 2;
        }
    }

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_DEFAULT, NULL, NULL, &engineHandle);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "FwpmEngineOpen0: %s\n", ExampleStatusText(status));
        return 1;
    }
    if (demo) {
        status = ManualKeyingCreateContexts(engineHandle, NULL);
        if (!NT_SUCCESS(status)) {
            fprintf(stderr, "creating demo SA contexts failed: %s\n", ExampleStatusText(status));
            FwpmEngineClose0(engineHandle);
            return 1;
        }
        printf("ipsecdump: created 3 demo SA contexts in this process\n");
    }
    status = IpsecDumpSaContexts(engineHandle, pageSize, stdout, &numContexts);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "enumeration failed: %s\n", ExampleStatusText(status));
    }
    if (!demo && numContexts == 0) {
        printf("ipsecdump: no SA contexts: the engine lives in the calling process; "
               "run `ipsecdump --demo` or `manual_keying`\n");
    }
    FwpmEngineClose0(engineHandle);
    return NT_SUCCESS(status) ? 0 : 1;
}
#endif
