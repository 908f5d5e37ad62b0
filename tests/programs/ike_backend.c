/*
 * ike_backend.c — an IKE daemon's Windows kernel backend, written the way
 * such a backend drives the WFP management API, run against libfwpkclnt.
 *
 * The call pattern is that of an open-source IKE daemon's WFP backend (the
 * "kernel-wfp" plugin of strongSwan): this file is our own code, written from
 * the sequence of calls and the values it passes, phase by phase (README.md
 * beside this file maps each phase to what it mirrors):
 *
 *   1. start-up     engine session, the daemon's provider (start-up aborts if
 *                   that fails; an existing provider is accepted);
 *   2. IKE bypass   PERMIT filters for UDP 500/4500, IPv4 and IPv6, inbound
 *                   and outbound, in the IPsec tunnel sublayer;
 *   3. trap policy  BLOCK filters at the outbound transport and forward layers
 *                   for a routed (on-demand) tunnel policy;
 *   4. transport    IPv4 and IPv6: callout filters at the transport layers,
 *                   SA context, inbound SPI, inbound/outbound bundles, NAT-T
 *                   via Update0 (IPv4), a QM transport provider context (IPv6);
 *   5. tunnel       quick-mode tunnel provider context, callout filters at the
 *                   transport, IPFORWARD and ALE_AUTH_* layers, an SA context
 *                   whose tunnelPolicyId is that provider context;
 *   6. listing      SA contexts, the provider's filters and provider contexts;
 *   7. roaming      the transport SA's addresses change (Update0 TRAFFIC);
 *   8. rekey        a new transport SA, the old one expired and deleted;
 *   9. hard expiry  the tunnel SA and its policy objects are deleted;
 *  10. one call     a tunnel installed with FwpmIPsecTunnelAdd0 instead (the
 *                   way Windows' own keying modules do it), then removed with
 *                   FwpmIPsecTunnelDeleteByKey0;
 *  11. shutdown     every remaining object is deleted, the provider removed;
 *  12. verify       a fresh session sees nothing left.
 *
 * Every call's status is checked; anything but success (or the one status a
 * step expects) fails the run.  The program exits 0 only if every call did
 * what it should.  Windows-style source: <fwpmk.h>, Windows types and names,
 * L"" strings, designated initialisers.  Under _WIN32 (x86_64-w64-mingw32-gcc
 * -fsyntax-only, a test) the block below maps it onto the user-mode
 * <fwpmu.h>, whose functions return DWORD and which mingw-w64 ships with some
 * declarations missing.
 */
#ifdef _WIN32
/* ---- test-only shim for the Windows user-mode header -------------------- */
#define _WIN32_WINNT 0x0A00
#include <windows.h>
#include <fwpmu.h>
#ifndef NT_SUCCESS
typedef LONG NTSTATUS;
#endif
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0)
#endif
/* Windows SDK declarations mingw-w64 lacks (the SDK's values). */
#define FwpmIPsecTunnelAdd0 FwpmIpsecTunnelAdd0 /* mingw-w64 spells it so; the SDK as here */
#define FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT 0x00000004
#define IPSEC_SA_BUNDLE_FLAG_ASSUME_UDP_CONTEXT_OUTBOUND 0x00000800
#define IPSEC_SA_DETAILS_UPDATE_TRAFFIC 0x01
#define IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION 0x02
#define IPSEC_AUTH_CONFIG_HMAC_SHA_1_96 1
#define IPSEC_CIPHER_CONFIG_CBC_AES_128 3
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96 = { IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_AES_128 = { IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128 };
DEFINE_GUID(FWPM_LAYER_INBOUND_TRANSPORT_V4, 0x5926dfc8, 0xe3cf, 0x4426, 0xa2, 0x83, 0xdc, 0x39, 0x3f, 0x5d, 0x0f, 0x9d);
DEFINE_GUID(FWPM_LAYER_INBOUND_TRANSPORT_V6, 0x634a869f, 0xfc23, 0x4b90, 0xb0, 0xc1, 0xbf, 0x62, 0x0a, 0x36, 0xae, 0x6f);
DEFINE_GUID(FWPM_LAYER_OUTBOUND_TRANSPORT_V4, 0x09e61aea, 0xd214, 0x46e2, 0x9b, 0x21, 0xb2, 0x6b, 0x0b, 0x2f, 0x28, 0xc8);
DEFINE_GUID(FWPM_LAYER_OUTBOUND_TRANSPORT_V6, 0xe1735bde, 0x013f, 0x4655, 0xb3, 0x51, 0xa4, 0x9e, 0x15, 0x76, 0x2d, 0xf0);
DEFINE_GUID(FWPM_LAYER_IPFORWARD_V4, 0xa82acc24, 0x4ee1, 0x4ee1, 0xb4, 0x65, 0xfd, 0x1d, 0x25, 0xcb, 0x10, 0xa4);
DEFINE_GUID(FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, 0xe1cd9fe7, 0xf4b5, 0x4273, 0x96, 0xc0, 0x59, 0x2e, 0x48, 0x7b, 0x86, 0x50);
DEFINE_GUID(FWPM_LAYER_ALE_AUTH_CONNECT_V4, 0xc38d57d1, 0x05a7, 0x4c33, 0x90, 0x4f, 0x7f, 0xbc, 0xee, 0xe6, 0x0e, 0x82);
DEFINE_GUID(FWPM_SUBLAYER_IPSEC_TUNNEL, 0x83f299ed, 0x9ff4, 0x4967, 0xaf, 0xf4, 0xc3, 0x09, 0xf4, 0xda, 0xb8, 0x27);
DEFINE_GUID(FWPM_SUBLAYER_IPSEC_FORWARD_OUTBOUND_TUNNEL, 0xa5082e73, 0x8f71, 0x4559, 0x8a, 0x9a, 0x10, 0x1c, 0xea, 0x04, 0xef, 0x87);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, 0x5132900d, 0x5e84, 0x4b5f, 0x80, 0xe4, 0x01, 0x74, 0x1e, 0x81, 0xff, 0x10);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4, 0x4b46bf0a, 0x4523, 0x4e57, 0xaa, 0x38, 0xa8, 0x79, 0x87, 0xc9, 0x10, 0xd9);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6, 0x49d3ac92, 0x2a6c, 0x4dcf, 0x95, 0x5f, 0x1c, 0x3b, 0xe0, 0x09, 0xdd, 0x99);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6, 0x38d87722, 0xad83, 0x4f11, 0xa9, 0x1f, 0xdf, 0x0f, 0xb0, 0x77, 0x22, 0x5b);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4, 0x191a8a46, 0x0bf8, 0x46cf, 0xb0, 0x45, 0x4b, 0x45, 0xdf, 0xa6, 0xa3, 0x24);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4, 0x70a4196c, 0x835b, 0x4fb0, 0x98, 0xe8, 0x07, 0x5f, 0x4d, 0x97, 0x7d, 0x46);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_FORWARD_INBOUND_TUNNEL_V4, 0x28829633, 0xc4f0, 0x4e66, 0x87, 0x3f, 0x84, 0x4d, 0xb2, 0xa8, 0x99, 0xc7);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_FORWARD_OUTBOUND_TUNNEL_V4, 0xfb532136, 0x15cb, 0x440b, 0x93, 0x7c, 0x17, 0x17, 0xca, 0x32, 0x0c, 0x40);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_ALE_ACCEPT_V4, 0x3df6e7de, 0xfd20, 0x48f2, 0x9f, 0x26, 0xf8, 0x54, 0x44, 0x4c, 0xba, 0x79);
DEFINE_GUID(FWPM_CALLOUT_IPSEC_ALE_CONNECT_V4, 0x6ac141fc, 0xf75d, 0x4203, 0xb9, 0xc8, 0x48, 0xe6, 0x14, 0x9c, 0x27, 0x12);
DEFINE_GUID(FWPM_CONDITION_IP_LOCAL_ADDRESS, 0xd9ee00de, 0xc1ef, 0x4617, 0xbf, 0xe3, 0xff, 0xd8, 0xf5, 0xa0, 0x89, 0x57);
DEFINE_GUID(FWPM_CONDITION_IP_REMOTE_ADDRESS, 0xb235ae9a, 0x1d64, 0x49b8, 0xa4, 0x4c, 0x5f, 0xf3, 0xd9, 0x09, 0x50, 0x45);
DEFINE_GUID(FWPM_CONDITION_IP_SOURCE_ADDRESS, 0xae96897e, 0x2e94, 0x4bc9, 0xb3, 0x13, 0xb2, 0x7e, 0xe8, 0x0e, 0x57, 0x4d);
DEFINE_GUID(FWPM_CONDITION_IP_DESTINATION_ADDRESS, 0x2d79133b, 0xb390, 0x45c6, 0x86, 0x99, 0xac, 0xac, 0xea, 0xaf, 0xed, 0x33);
DEFINE_GUID(FWPM_CONDITION_IP_LOCAL_PORT, 0x0c1ba1af, 0x5765, 0x453f, 0xaf, 0x22, 0xa8, 0xf7, 0x91, 0xac, 0x77, 0x5b);
DEFINE_GUID(FWPM_CONDITION_IP_REMOTE_PORT, 0xc35a604d, 0xd22b, 0x4e1a, 0x91, 0xb4, 0x68, 0xf6, 0x74, 0xee, 0x67, 0x4b);
DEFINE_GUID(FWPM_CONDITION_IP_PROTOCOL, 0x3971ef2b, 0x623e, 0x4f9a, 0x8c, 0xb1, 0x6e, 0x79, 0xb8, 0x06, 0xb9, 0xa7);
#else
#include <fwpmk.h>
#endif
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* ---- addresses (host byte order, as WFP takes them) --------------------- */
#define IP4(a, b, c, d) (((UINT32)(a) << 24) | ((UINT32)(b) << 16) | ((UINT32)(c) << 8) | (UINT32)(d))
#define HOST_LOCAL      IP4(192, 0, 2, 1)      /* this gateway */
#define HOST_PEER       IP4(192, 0, 2, 20)     /* transport-mode peer */
#define HOST_PEER_MOVED IP4(192, 0, 2, 21)     /* ... after it roamed */
#define GW_REMOTE       IP4(203, 0, 113, 7)    /* tunnel-mode peer gateway */
#define NET_LOCAL       IP4(10, 1, 0, 0)       /* protected subnets, /16 */
#define NET_REMOTE      IP4(10, 2, 0, 0)
/* IPv6 (documentation prefix 2001:db8::/32, network byte order) */
#define HOST6_LOCAL { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }
#define HOST6_PEER  { 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20 }
#define NET6_PEER   { 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

#define PROTO_IPIP 4
#define PROTO_TCP  6
#define PROTO_UDP  17

#define IKE_PORT      500
#define IKE_NATT_PORT 4500

/* ---- call bookkeeping ---------------------------------------------------- */
static unsigned calls, failures;

/* Records one API call: it must return `expected` (STATUS_SUCCESS for every
 * call of the daemon's own flow). */
static BOOL check_call(NTSTATUS status, NTSTATUS expected, const char *what, int line)
{
    calls++;
    if (status == expected) {
        printf("  %-58s -> 0x%08lX\n", what, (unsigned long)(UINT32)status);
        return TRUE;
    }
    printf("  %-58s -> 0x%08lX  FAILED (line %d, expected 0x%08lX)\n", what,
           (unsigned long)(UINT32)status, line, (unsigned long)(UINT32)expected);
    failures++;
    return FALSE;
}
#define OK(call)              check_call((NTSTATUS)(call), STATUS_SUCCESS, #call, __LINE__)
#define EXPECT(call, status)  check_call((NTSTATUS)(call), (NTSTATUS)(status), #call, __LINE__)

/* A condition of the program's own logic (not an API status). */
static BOOL check_true(BOOL cond, const char *what, int line)
{
    if (!cond) {
        printf("  CHECK FAILED (line %d): %s\n", line, what);
        failures++;
    }
    return cond;
}
#define CHECK(cond) check_true((cond) ? TRUE : FALSE, #cond, __LINE__)

static void phase(const char *name) { printf("%s\n", name); }

/* ---- the daemon's state -------------------------------------------------- */
/* One traffic selector: an IPv4 or IPv6 prefix, a protocol (0 = any) and a
 * port range. */
typedef struct {
    BOOL v6;
    UINT32 address;                  /* IPv4 */
    UINT8 address6[16];              /* IPv6, network byte order */
    UINT8 prefix;
    UINT8 protocol;
    UINT16 fromPort, toPort;
} SELECTOR;

/* A CHILD_SA: one SA pair with the policy objects installed for it. */
typedef struct {
    UINT32 reqid;
    BOOL tunnel;
    BOOL natT;
    BOOL v6;                         /* transport mode only here */
    BOOL transportPolicy;            /* transport filters name a QM transport context */
    BOOL oneCall;                    /* tunnel installed by FwpmIPsecTunnelAdd0 */
    UINT32 localHost, remoteHost;    /* outer addresses */
    UINT8 localHost6[16], remoteHost6[16];
    SELECTOR localTs, remoteTs;      /* the outbound policy's selectors */
    IPSEC_SA_SPI inboundSpi, outboundSpi;
    GUID providerContextKey;         /* tunnel mode, or transportPolicy */
    UINT64 providerContextId;
    UINT64 policyIn, policyOut, policyFwdIn, policyFwdOut, ipipIn, ipipOut;
    UINT64 saId;
} CHILD_SA;

typedef struct {
    HANDLE engine;
    FWPM_PROVIDER0 provider;
    UINT64 bypass[8];
    UINT32 numBypass;
    UINT64 trapOut, trapFwd;
} BACKEND;

/* The provider key this daemon registers under (fixed: the daemon finds its
 * own objects again after a restart by it). */
static const GUID DAEMON_PROVIDER_KEY =
    { 0x6b3f1c2a, 0x51d4, 0x4c8e, { 0x9a, 0x07, 0x3e, 0x42, 0xd1, 0x5b, 0x88, 0x61 } };

/* Key material: any bytes of the transforms' sizes. */
static UINT8 encKeyIn[16]  = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x10 };
static UINT8 encKeyOut[16] = { 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x20 };
static UINT8 intKeyIn[20]  = { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x30, 0x31, 0x32, 0x33, 0x34 };
static UINT8 intKeyOut[20] = { 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x40, 0x41, 0x42, 0x43, 0x44 };

/* ---- filter conditions -------------------------------------------------- */
/* Conditions of one filter and the values they point to. */
typedef struct {
    FWPM_FILTER_CONDITION0 cond[8];
    FWP_V4_ADDR_AND_MASK masks[2];
    FWP_V6_ADDR_AND_MASK masks6[2];
    FWP_BYTE_ARRAY16 hosts6[2];
    FWP_RANGE0 ranges[4];
    UINT32 num, numMasks, numMasks6, numHosts6, numRanges;
} CONDITIONS;

static FWPM_FILTER_CONDITION0 *next_condition(CONDITIONS *c, const GUID *field)
{
    FWPM_FILTER_CONDITION0 *cond = &c->cond[c->num++];
    memset(cond, 0, sizeof(*cond));
    cond->fieldKey = *field;
    cond->matchType = FWP_MATCH_EQUAL;
    return cond;
}

static UINT32 prefix_mask(UINT8 prefix)
{
    return prefix == 0 ? 0 : (UINT32)(0xFFFFFFFFu << (32 - prefix));
}

/* A single port is an equality, a proper sub-range a range match. */
static void port_condition(CONDITIONS *c, const GUID *field, UINT16 from, UINT16 to)
{
    FWPM_FILTER_CONDITION0 *cond = next_condition(c, field);
    if (from == to) {
        cond->conditionValue.type = FWP_UINT16;
        cond->conditionValue.uint16 = from;
        return;
    }
    FWP_RANGE0 *range = &c->ranges[c->numRanges++];
    memset(range, 0, sizeof(*range));
    range->valueLow.type = FWP_UINT16;
    range->valueLow.uint16 = from;
    range->valueHigh.type = FWP_UINT16;
    range->valueHigh.uint16 = to;
    cond->matchType = FWP_MATCH_RANGE;
    cond->conditionValue.type = FWP_RANGE_TYPE;
    cond->conditionValue.rangeValue = range;
}

/* The conditions of one selector on an address field: a host is a UINT32
 * equality, a subnet an address-and-mask.  On the local side (transport and
 * ALE layers) the protocol and local ports follow; on the remote side the
 * remote ports.  Forward layers match addresses only. */
typedef enum { SIDE_LOCAL, SIDE_REMOTE, SIDE_FORWARD_SOURCE, SIDE_FORWARD_DESTINATION } SIDE;

static void selector_conditions(CONDITIONS *c, const SELECTOR *ts, SIDE side)
{
    static const GUID *const addressFields[] = {
        [SIDE_LOCAL] = &FWPM_CONDITION_IP_LOCAL_ADDRESS,
        [SIDE_REMOTE] = &FWPM_CONDITION_IP_REMOTE_ADDRESS,
        [SIDE_FORWARD_SOURCE] = &FWPM_CONDITION_IP_SOURCE_ADDRESS,
        [SIDE_FORWARD_DESTINATION] = &FWPM_CONDITION_IP_DESTINATION_ADDRESS,
    };
    const GUID *addressField = addressFields[side];
    FWPM_FILTER_CONDITION0 *cond = next_condition(c, addressField);
    if (ts->v6 && ts->prefix == 128) {
        FWP_BYTE_ARRAY16 *host = &c->hosts6[c->numHosts6++];
        memcpy(host->byteArray16, ts->address6, 16);
        cond->conditionValue.type = FWP_BYTE_ARRAY16_TYPE;
        cond->conditionValue.byteArray16 = host;
    } else if (ts->v6) {
        FWP_V6_ADDR_AND_MASK *m = &c->masks6[c->numMasks6++];
        memcpy(m->addr, ts->address6, 16);
        m->prefixLength = ts->prefix;
        cond->conditionValue.type = FWP_V6_ADDR_MASK;
        cond->conditionValue.v6AddrMask = m;
    } else if (ts->prefix == 32) {
        cond->conditionValue.type = FWP_UINT32;
        cond->conditionValue.uint32 = ts->address;
    } else {
        FWP_V4_ADDR_AND_MASK *m = &c->masks[c->numMasks++];
        m->addr = ts->address;
        m->mask = prefix_mask(ts->prefix);
        cond->conditionValue.type = FWP_V4_ADDR_MASK;
        cond->conditionValue.v4AddrMask = m;
    }

    BOOL local = side == SIDE_LOCAL, remote = side == SIDE_REMOTE;
    if (local && ts->protocol) {
        cond = next_condition(c, &FWPM_CONDITION_IP_PROTOCOL);
        cond->conditionValue.type = FWP_UINT8;
        cond->conditionValue.uint8 = ts->protocol;
    }
    if ((local || remote) && (ts->fromPort != 0 || ts->toPort != 0xFFFF))
        port_condition(c, local ? &FWPM_CONDITION_IP_LOCAL_PORT : &FWPM_CONDITION_IP_REMOTE_PORT,
                       ts->fromPort, ts->toPort);
}

static BOOL add_filter(BACKEND *b, FWPM_FILTER0 *filter, CONDITIONS *c, UINT64 *id, const char *what)
{
    filter->numFilterConditions = c->num;
    filter->filterCondition = c->num ? c->cond : NULL;
    *id = 0;
    if (!check_call(FwpmFilterAdd0(b->engine, filter, NULL, id), STATUS_SUCCESS, what, __LINE__))
        return FALSE;
    return CHECK(*id != 0);
}

static void delete_filter(BACKEND *b, UINT64 *id, const char *what)
{
    if (*id == 0)
        return;
    check_call(FwpmFilterDeleteById0(b->engine, *id), STATUS_SUCCESS, what, __LINE__);
    *id = 0;
}

/* ---- phase 1: start-up --------------------------------------------------- */
/* Returns the provider registration's status; on failure the session is
 * closed again and the daemon gives up. */
static NTSTATUS backend_start(BACKEND *b, wchar_t *providerName)
{
    FWPM_SESSION0 session = {
        .displayData = { .name = L"ike-backend", .description = L"IKE daemon kernel backend" },
    };
    memset(b, 0, sizeof(*b));
    b->provider.providerKey = DAEMON_PROVIDER_KEY;
    b->provider.displayData.name = providerName;
    b->provider.displayData.description = L"IKE daemon kernel backend";

    NTSTATUS status = (NTSTATUS)FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &b->engine);
    if (!check_call(status, STATUS_SUCCESS, "FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engine)", __LINE__))
        return status;
    /* A provider left by an earlier run is the daemon's own: accepted. */
    status = (NTSTATUS)FwpmProviderAdd0(b->engine, &b->provider, NULL);
    calls++; /* judged by the caller: main() knows which status it expects */
    printf("  %-58s -> 0x%08lX\n", "FwpmProviderAdd0(engine, &provider, NULL)", (unsigned long)(UINT32)status);
    if (status == (NTSTATUS)FWP_E_ALREADY_EXISTS)
        status = STATUS_SUCCESS;
    if (status != STATUS_SUCCESS) {
        OK(FwpmEngineClose0(b->engine));
        b->engine = NULL;
    }
    return status;
}

/* ---- phase 2: IKE bypass ------------------------------------------------- */
static BOOL bypass_port(BACKEND *b, BOOL v6, UINT16 port, BOOL inbound)
{
    UINT64 weight = 0xFF00000000000000ull; /* above every IPsec policy */
    FWPM_FILTER0 filter = {
        .displayData = { .name = L"IKE bypass" },
        .layerKey = v6 ? (inbound ? FWPM_LAYER_INBOUND_TRANSPORT_V6 : FWPM_LAYER_OUTBOUND_TRANSPORT_V6)
                       : (inbound ? FWPM_LAYER_INBOUND_TRANSPORT_V4 : FWPM_LAYER_OUTBOUND_TRANSPORT_V4),
        .subLayerKey = FWPM_SUBLAYER_IPSEC_TUNNEL,
        .weight = { .type = FWP_UINT64, .uint64 = &weight },
        .action = { .type = FWP_ACTION_PERMIT },
    };
    CONDITIONS c = { .num = 0 };
    FWPM_FILTER_CONDITION0 *cond = next_condition(&c, &FWPM_CONDITION_IP_PROTOCOL);
    cond->conditionValue.type = FWP_UINT8;
    cond->conditionValue.uint8 = PROTO_UDP;
    port_condition(&c, &FWPM_CONDITION_IP_LOCAL_PORT, port, port);
    return add_filter(b, &filter, &c, &b->bypass[b->numBypass++], "FwpmFilterAdd0(IKE bypass)");
}

static BOOL bypass_ike(BACKEND *b)
{
    static const UINT16 ports[] = { IKE_PORT, IKE_NATT_PORT };
    BOOL ok = TRUE;
    for (int v6 = 0; v6 <= 1; v6++)
        for (unsigned p = 0; p < 2; p++)
            ok = bypass_port(b, v6, ports[p], TRUE) && bypass_port(b, v6, ports[p], FALSE) && ok;
    return ok;
}

/* ---- phase 3: trap policy ------------------------------------------------ */
/* A routed policy: traffic that would need an SA that does not exist yet is
 * blocked (and, on Windows, reported as a net event the daemon acquires on). */
static BOOL install_trap(BACKEND *b, const SELECTOR *src, const SELECTOR *dst, BOOL forward, UINT64 *id)
{
    UINT64 weight = 0x000000000000FF00ull;
    FWPM_FILTER0 filter = {
        .displayData = { .name = L"IKE trap" },
        .layerKey = forward ? FWPM_LAYER_IPFORWARD_V4 : FWPM_LAYER_OUTBOUND_TRANSPORT_V4,
        .weight = { .type = FWP_UINT64, .uint64 = &weight },
        .action = { .type = FWP_ACTION_BLOCK },
    };
    CONDITIONS c = { .num = 0 };
    selector_conditions(&c, src, forward ? SIDE_FORWARD_SOURCE : SIDE_LOCAL);
    selector_conditions(&c, dst, forward ? SIDE_FORWARD_DESTINATION : SIDE_REMOTE);
    return add_filter(b, &filter, &c, id, forward ? "FwpmFilterAdd0(trap, IPFORWARD_V4)"
                                                  : "FwpmFilterAdd0(trap, OUTBOUND_TRANSPORT_V4)");
}

/* ---- policy filters (phases 4, 5) --------------------------------------- */
typedef enum { POLICY_IN, POLICY_OUT, POLICY_FWD_IN, POLICY_FWD_OUT } POLICY_KIND;

/* One IPsec policy filter: a terminating call of the built-in IPsec callout of
 * its layer.  Tunnel-mode filters carry the tunnel's provider context and sit
 * in the IPsec tunnel sublayers; transport-mode filters in the default one. */
static BOOL install_policy(BACKEND *b, CHILD_SA *sa, POLICY_KIND kind, UINT64 *id)
{
    static const struct {
        const GUID *layer, *tunnelSublayer, *transportCallout, *tunnelCallout;
        const char *what;
        const GUID *layer6, *transportCallout6;
    } kinds[] = {
        [POLICY_IN] = { &FWPM_LAYER_INBOUND_TRANSPORT_V4, &FWPM_SUBLAYER_IPSEC_TUNNEL,
                        &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4,
                        "FwpmFilterAdd0(policy, INBOUND_TRANSPORT_V4)",
                        &FWPM_LAYER_INBOUND_TRANSPORT_V6, &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6 },
        [POLICY_OUT] = { &FWPM_LAYER_OUTBOUND_TRANSPORT_V4, &FWPM_SUBLAYER_IPSEC_TUNNEL,
                         &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4, &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4,
                         "FwpmFilterAdd0(policy, OUTBOUND_TRANSPORT_V4)",
                         &FWPM_LAYER_OUTBOUND_TRANSPORT_V6, &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6 },
        [POLICY_FWD_IN] = { &FWPM_LAYER_IPFORWARD_V4, &FWPM_SUBLAYER_IPSEC_TUNNEL,
                            NULL, &FWPM_CALLOUT_IPSEC_FORWARD_INBOUND_TUNNEL_V4,
                            "FwpmFilterAdd0(policy, IPFORWARD_V4 inbound)", NULL, NULL },
        [POLICY_FWD_OUT] = { &FWPM_LAYER_IPFORWARD_V4, &FWPM_SUBLAYER_IPSEC_FORWARD_OUTBOUND_TUNNEL,
                             NULL, &FWPM_CALLOUT_IPSEC_FORWARD_OUTBOUND_TUNNEL_V4,
                             "FwpmFilterAdd0(policy, IPFORWARD_V4 outbound)", NULL, NULL },
    };
    FWPM_FILTER0 filter = {
        .displayData = { .name = L"IKE IPsec policy" },
        .layerKey = *kinds[kind].layer,
        .action = { .type = FWP_ACTION_CALLOUT_TERMINATING,
                    .calloutKey = sa->tunnel ? *kinds[kind].tunnelCallout : *kinds[kind].transportCallout },
    };
    if (sa->providerContextId) {
        filter.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
        filter.providerKey = &b->provider.providerKey;
        filter.providerContextKey = sa->providerContextKey;
    }
    if (sa->tunnel) {
        filter.subLayerKey = *kinds[kind].tunnelSublayer;
    } else if (sa->v6) {
        filter.layerKey = *kinds[kind].layer6;
        filter.action.calloutKey = *kinds[kind].transportCallout6;
    }
    CONDITIONS c = { .num = 0 };
    if (kind == POLICY_FWD_IN) {            /* decapsulated: from the remote net */
        selector_conditions(&c, &sa->remoteTs, SIDE_FORWARD_SOURCE);
        selector_conditions(&c, &sa->localTs, SIDE_FORWARD_DESTINATION);
    } else if (kind == POLICY_FWD_OUT) {    /* to encapsulate: to the remote net */
        selector_conditions(&c, &sa->localTs, SIDE_FORWARD_SOURCE);
        selector_conditions(&c, &sa->remoteTs, SIDE_FORWARD_DESTINATION);
    } else {
        selector_conditions(&c, &sa->localTs, SIDE_LOCAL);
        selector_conditions(&c, &sa->remoteTs, SIDE_REMOTE);
    }
    return add_filter(b, &filter, &c, id, sa->v6 ? (kind == POLICY_IN ? "FwpmFilterAdd0(policy, INBOUND_TRANSPORT_V6)"
                                                                      : "FwpmFilterAdd0(policy, OUTBOUND_TRANSPORT_V6)")
                                                 : kinds[kind].what);
}

/* Tunnel mode: the firewall sees decrypted, not yet unwrapped packets as
 * IP-in-IP between the gateways; these ALE filters let them through. The
 * inbound one carries the tunnel's provider context, the outbound one not. */
static BOOL install_ipip_ale(BACKEND *b, CHILD_SA *sa, BOOL inbound, UINT64 *id)
{
    FWPM_FILTER0 filter = {
        .displayData = { .name = L"IKE IPsec IP-in-IP ALE policy" },
        .layerKey = inbound ? FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4 : FWPM_LAYER_ALE_AUTH_CONNECT_V4,
        .action = { .type = FWP_ACTION_CALLOUT_TERMINATING,
                    .calloutKey = inbound ? FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_ALE_ACCEPT_V4
                                          : FWPM_CALLOUT_IPSEC_ALE_CONNECT_V4 },
    };
    if (inbound) {
        filter.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
        filter.providerKey = &b->provider.providerKey;
        filter.providerContextKey = sa->providerContextKey;
    }
    SELECTOR local = { .address = sa->localHost, .prefix = 32, .protocol = PROTO_IPIP, .toPort = 0xFFFF };
    SELECTOR remote = { .address = sa->remoteHost, .prefix = 32, .protocol = PROTO_IPIP, .toPort = 0xFFFF };
    CONDITIONS c = { .num = 0 };
    selector_conditions(&c, &local, SIDE_LOCAL);
    selector_conditions(&c, &remote, SIDE_REMOTE);
    return add_filter(b, &filter, &c, id, inbound ? "FwpmFilterAdd0(IP-in-IP, ALE_AUTH_RECV_ACCEPT_V4)"
                                                  : "FwpmFilterAdd0(IP-in-IP, ALE_AUTH_CONNECT_V4)");
}

/* The quick-mode policy the CHILD_SA's filters name: a tunnel policy (the
 * tunnel filters need one), or a transport policy.  The daemon negotiates SAs
 * itself, so the proposal only has to be valid; the tunnel endpoints are real. */
static BOOL add_policy_context(BACKEND *b, CHILD_SA *sa)
{
    IPSEC_AUTH_TRANSFORM0 auth = { .authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96 };
    IPSEC_SA_TRANSFORM0 transform = { .ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH, .espAuthTransform = &auth };
    IPSEC_PROPOSAL0 proposal = {
        .lifetime = { .lifetimeSeconds = 0xFFFF, .lifetimeKilobytes = 0xFFFFFFFF, .lifetimePackets = 0xFFFFFFFF },
        .numSaTransforms = 1,
        .saTransforms = &transform,
    };
    IPSEC_TUNNEL_POLICY0 policy = {
        .numIpsecProposals = 1,
        .ipsecProposals = &proposal,
        .tunnelEndpoints = { .ipVersion = FWP_IP_VERSION_V4,
                             .localV4Address = sa->localHost, .remoteV4Address = sa->remoteHost },
        .saIdleTimeout = { .idleTimeoutSeconds = 0xFFFF, .idleTimeoutSecondsFailOver = 0xFFFF },
    };
    /* A key of the daemon's choosing, one per CHILD_SA. */
    GUID key = { 0x7c2e0000u | sa->reqid, 0x2b1d, 0x4f60, { 0x8e, 0x33, 0x5a, 0x90, 0x0c, 0x71, 0xd2, 0x4b } };
    IPSEC_TRANSPORT_POLICY0 transportPolicy = {
        .numIpsecProposals = 1,
        .ipsecProposals = &proposal,
        .saIdleTimeout = policy.saIdleTimeout,
    };
    FWPM_PROVIDER_CONTEXT0 context = {
        .providerContextKey = key,
        .displayData = { .name = L"IKE tunnel policy" },
        .providerKey = &b->provider.providerKey,
        .type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT,
        .ikeQmTunnelPolicy = &policy,
    };
    if (!sa->tunnel) {
        context.displayData.name = L"IKE transport policy";
        context.type = FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT;
        context.ikeQmTransportPolicy = &transportPolicy;
    }
    sa->providerContextKey = key;
    if (!OK(FwpmProviderContextAdd0(b->engine, &context, NULL, &sa->providerContextId)))
        return FALSE;
    return CHECK(sa->providerContextId != 0);
}

/* ---- SAs (phases 4, 5) --------------------------------------------------- */
static void fill_traffic(IPSEC_TRAFFIC1 *traffic, const CHILD_SA *sa, UINT64 filterOrPolicy)
{
    memset(traffic, 0, sizeof(*traffic));
    if (sa->v6) {
        traffic->ipVersion = FWP_IP_VERSION_V6;
        memcpy(traffic->localV6Address, sa->localHost6, 16);
        memcpy(traffic->remoteV6Address, sa->remoteHost6, 16);
    } else {
        traffic->ipVersion = FWP_IP_VERSION_V4;
        traffic->localV4Address = sa->localHost;
        traffic->remoteV4Address = sa->remoteHost;
    }
    if (sa->tunnel) {
        traffic->trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
        traffic->tunnelPolicyId = filterOrPolicy;
    } else {
        traffic->trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
        traffic->ipsecFilterId = filterOrPolicy;
    }
}

/* ESP with AES-128-CBC and HMAC-SHA1-96 in one direction. */
static BOOL add_bundle(BACKEND *b, CHILD_SA *sa, BOOL inbound)
{
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 info = {
        .saCipherInformation = {
            .cipherTransform = { .cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128 },
            .cipherKey = { .size = sizeof(encKeyIn), .data = inbound ? encKeyIn : encKeyOut },
        },
        .saAuthInformation = {
            .authTransform = { .authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96 },
            .authKey = { .size = sizeof(intKeyIn), .data = inbound ? intKeyIn : intKeyOut },
        },
    };
    IPSEC_SA0 esp = {
        .spi = inbound ? sa->inboundSpi : sa->outboundSpi,
        .saTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER,
        .espAuthAndCipherInformation = &info,
    };
    IPSEC_SA_BUNDLE0 bundle = {
        .lifetime = { .lifetimeSeconds = 3600 },
        .numSAs = 1,
        .saList = &esp,
        .ipVersion = sa->v6 ? FWP_IP_VERSION_V6 : FWP_IP_VERSION_V4,
    };
    if (inbound)
        return OK(IPsecSaContextAddInbound0(b->engine, sa->saId, &bundle));
    bundle.flags |= IPSEC_SA_BUNDLE_FLAG_ASSUME_UDP_CONTEXT_OUTBOUND;
    return OK(IPsecSaContextAddOutbound0(b->engine, sa->saId, &bundle));
}

/* SA context, inbound SPI, both bundles.  Transport mode asks the engine for
 * the inbound SPI (GetSpi1); tunnel mode sets the one the daemon allocated
 * and announced in its IKE exchange (SetSpi0). */
static BOOL install_sas(BACKEND *b, CHILD_SA *sa)
{
    IPSEC_TRAFFIC1 traffic;
    fill_traffic(&traffic, sa, sa->tunnel ? sa->providerContextId : sa->policyOut);
    IPSEC_GETSPI1 getSpi = { .ipVersion = sa->v6 ? FWP_IP_VERSION_V6 : FWP_IP_VERSION_V4 };
    fill_traffic(&getSpi.inboundIpsecTraffic, sa, sa->tunnel ? sa->providerContextId : sa->policyIn);

    if (!OK(IPsecSaContextCreate1(b->engine, &traffic, NULL, NULL, &sa->saId)))
        return FALSE;
    if (sa->tunnel) {
        if (!OK(IPsecSaContextSetSpi0(b->engine, sa->saId, &getSpi, sa->inboundSpi)))
            return FALSE;
    } else {
        if (!OK(IPsecSaContextGetSpi1(b->engine, sa->saId, &getSpi, &sa->inboundSpi)))
            return FALSE;
        CHECK(sa->inboundSpi >= 256);
    }
    if (!add_bundle(b, sa, TRUE) || !add_bundle(b, sa, FALSE))
        return FALSE;

    if (sa->natT) {
        /* NAT detected during IKE: switch both SAs to UDP encapsulation. */
        IPSEC_V4_UDP_ENCAPSULATION0 ports = { .localUdpEncapPort = IKE_NATT_PORT, .remoteUdpEncapPort = IKE_NATT_PORT };
        IPSEC_SA_CONTEXT1 *ctx = NULL;
        if (!OK(IPsecSaContextGetById1(b->engine, sa->saId, &ctx)))
            return FALSE;
        BOOL ok = CHECK(ctx->inboundSa != NULL && ctx->outboundSa != NULL);
        if (ok) {
            ctx->inboundSa->udpEncapsulation = &ports;
            ctx->outboundSa->udpEncapsulation = &ports;
            ok = OK(IPsecSaContextUpdate0(b->engine, IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION, ctx));
        }
        FwpmFreeMemory0((void **)&ctx);
        CHECK(ctx == NULL);
        return ok;
    }
    return TRUE;
}

static BOOL install_transport(BACKEND *b, CHILD_SA *sa)
{
    return (!sa->transportPolicy || add_policy_context(b, sa)) &&
           install_policy(b, sa, POLICY_IN, &sa->policyIn) &&
           install_policy(b, sa, POLICY_OUT, &sa->policyOut) &&
           install_sas(b, sa);
}

static BOOL install_tunnel(BACKEND *b, CHILD_SA *sa)
{
    /* The selectors are subnets behind the gateways, so packets are also
     * forwarded: the IPFORWARD filters are needed besides the local ones. */
    return add_policy_context(b, sa) &&
           install_policy(b, sa, POLICY_IN, &sa->policyIn) &&
           install_policy(b, sa, POLICY_OUT, &sa->policyOut) &&
           install_policy(b, sa, POLICY_FWD_IN, &sa->policyFwdIn) &&
           install_policy(b, sa, POLICY_FWD_OUT, &sa->policyFwdOut) &&
           install_ipip_ale(b, sa, TRUE, &sa->ipipIn) &&
           install_ipip_ale(b, sa, FALSE, &sa->ipipOut) &&
           install_sas(b, sa);
}

/* ---- phase 10: a tunnel in one call ------------------------------------- */
/* The other way a Windows keying module installs a tunnel: FwpmIPsecTunnelAdd0
 * adds the quick-mode tunnel context and the tunnel filters in one step (no
 * main-mode policy: the daemon does its own IKE), the SA context names that
 * context, and FwpmIPsecTunnelDeleteByKey0 removes what the add created. */
static BOOL install_tunnel_in_one_call(BACKEND *b, CHILD_SA *sa)
{
    IPSEC_AUTH_AND_CIPHER_TRANSFORM0 espTransform = {
        .authTransform = { .authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96 },
        .cipherTransform = { .cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128 },
    };
    IPSEC_SA_TRANSFORM0 transform = {
        .ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER,
        .espAuthAndCipherTransform = &espTransform,
    };
    IPSEC_PROPOSAL0 proposal = {
        .lifetime = { .lifetimeSeconds = 3600, .lifetimeKilobytes = 100000, .lifetimePackets = 0x7FFFFFFF },
        .numSaTransforms = 1,
        .saTransforms = &transform,
    };
    IPSEC_TUNNEL_POLICY0 policy = {
        .numIpsecProposals = 1,
        .ipsecProposals = &proposal,
        .tunnelEndpoints = { .ipVersion = FWP_IP_VERSION_V4,
                             .localV4Address = sa->localHost, .remoteV4Address = sa->remoteHost },
        .saIdleTimeout = { .idleTimeoutSeconds = 300, .idleTimeoutSecondsFailOver = 60 },
    };
    GUID key = { 0x7c2e0000u | sa->reqid, 0x2b1d, 0x4f60, { 0x8e, 0x33, 0x5a, 0x90, 0x0c, 0x71, 0xd2, 0x4b } };
    FWPM_PROVIDER_CONTEXT0 qm = {
        .providerContextKey = key,
        .displayData = { .name = L"IKE tunnel policy (one call)" },
        .providerKey = &b->provider.providerKey,
        .type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT,
        .ikeQmTunnelPolicy = &policy,
    };
    /* Without FWPM_TUNNEL_FLAG_POINT_TO_POINT only addresses may be given. */
    CONDITIONS c = { .num = 0 };
    selector_conditions(&c, &sa->localTs, SIDE_LOCAL);
    selector_conditions(&c, &sa->remoteTs, SIDE_REMOTE);
    if (!OK(FwpmIPsecTunnelAdd0(b->engine, 0, NULL, &qm, c.num, c.cond, NULL)))
        return FALSE;
    sa->oneCall = TRUE;
    sa->providerContextKey = key;

    /* The SA context names the context the add created: its id, by key. */
    FWPM_PROVIDER_CONTEXT0 *stored = NULL;
    if (!OK(FwpmProviderContextGetByKey0(b->engine, &key, &stored)))
        return FALSE;
    BOOL ok = CHECK(stored->type == FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT);
    sa->providerContextId = stored->providerContextId;
    FwpmFreeMemory0((void **)&stored);
    return ok && install_sas(b, sa);
}

/* Removes a CHILD_SA: the objects that name others go first (filters name the
 * provider context), so every delete succeeds. */
static void destroy_child(BACKEND *b, CHILD_SA *sa)
{
    if (sa->oneCall) {
        if (sa->saId)
            OK(IPsecSaContextDeleteById0(b->engine, sa->saId));
        OK(FwpmIPsecTunnelDeleteByKey0(b->engine, &sa->providerContextKey));
        sa->saId = sa->providerContextId = 0;
        sa->oneCall = FALSE;
        return;
    }
    delete_filter(b, &sa->ipipIn, "FwpmFilterDeleteById0(IP-in-IP inbound)");
    delete_filter(b, &sa->ipipOut, "FwpmFilterDeleteById0(IP-in-IP outbound)");
    delete_filter(b, &sa->policyIn, "FwpmFilterDeleteById0(policy inbound)");
    delete_filter(b, &sa->policyOut, "FwpmFilterDeleteById0(policy outbound)");
    delete_filter(b, &sa->policyFwdIn, "FwpmFilterDeleteById0(policy forward inbound)");
    delete_filter(b, &sa->policyFwdOut, "FwpmFilterDeleteById0(policy forward outbound)");
    if (sa->saId) {
        OK(IPsecSaContextDeleteById0(b->engine, sa->saId));
        sa->saId = 0;
    }
    if (sa->providerContextId) {
        OK(FwpmProviderContextDeleteById0(b->engine, sa->providerContextId));
        sa->providerContextId = 0;
    }
}

/* ---- listing (phase 6, 11) ----------------------------------------------- */
static UINT32 count_filters(HANDLE engine, const GUID *providerKey)
{
    FWPM_FILTER_ENUM_TEMPLATE0 tmpl = {
        .providerKey = (GUID *)providerKey,
        .enumType = FWP_FILTER_ENUM_OVERLAPPING,
        .actionMask = 0xFFFFFFFF,
    };
    HANDLE e = NULL;
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0, total = 0;
    if (!OK(FwpmFilterCreateEnumHandle0(engine, &tmpl, &e)))
        return 0xFFFFFFFF;
    do {
        if (!OK(FwpmFilterEnum0(engine, e, 16, &entries, &n)))
            break;
        total += n;
        FwpmFreeMemory0((void **)&entries);
    } while (n == 16);
    OK(FwpmFilterDestroyEnumHandle0(engine, e));
    return total;
}

static UINT32 count_provider_contexts(HANDLE engine)
{
    HANDLE e = NULL;
    FWPM_PROVIDER_CONTEXT0 **entries = NULL;
    UINT32 n = 0, total = 0;
    if (!OK(FwpmProviderContextCreateEnumHandle0(engine, NULL, &e)))
        return 0xFFFFFFFF;
    do {
        if (!OK(FwpmProviderContextEnum0(engine, e, 16, &entries, &n)))
            break;
        total += n;
        FwpmFreeMemory0((void **)&entries);
    } while (n == 16);
    OK(FwpmProviderContextDestroyEnumHandle0(engine, e));
    return total;
}

/* Counts the SA contexts; with `tunnelPolicyId` non-zero, also checks that the
 * one tunnel-mode context names it. */
static UINT32 count_sa_contexts(HANDLE engine, UINT64 tunnelPolicyId)
{
    HANDLE e = NULL;
    IPSEC_SA_CONTEXT1 **entries = NULL;
    UINT32 n = 0, total = 0, tunnels = 0;
    if (!OK(IPsecSaContextCreateEnumHandle0(engine, NULL, &e)))
        return 0xFFFFFFFF;
    do {
        if (!OK(IPsecSaContextEnum1(engine, e, 16, &entries, &n)))
            break;
        for (UINT32 i = 0; i < n; i++) {
            const IPSEC_SA_CONTEXT1 *c = entries[i];
            if (c->outboundSa && c->outboundSa->traffic.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL) {
                tunnels++;
                CHECK(c->outboundSa->traffic.tunnelPolicyId == tunnelPolicyId);
            }
        }
        total += n;
        FwpmFreeMemory0((void **)&entries);
    } while (n == 16);
    OK(IPsecSaContextDestroyEnumHandle0(engine, e));
    if (tunnelPolicyId)
        CHECK(tunnels == 1);
    return total;
}

/* ---- phase 7: roaming ---------------------------------------------------- */
/* The peer moved (MOBIKE): both sides of the SA get the new addresses. */
static BOOL update_addresses(BACKEND *b, CHILD_SA *sa, UINT32 newRemote)
{
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    if (!OK(IPsecSaContextGetById1(b->engine, sa->saId, &ctx)))
        return FALSE;
    BOOL ok = CHECK(ctx->inboundSa != NULL && ctx->outboundSa != NULL);
    if (ok) {
        /* inbound traffic is seen from this host too: local = us */
        ctx->inboundSa->traffic.localV4Address = sa->localHost;
        ctx->inboundSa->traffic.remoteV4Address = newRemote;
        ctx->outboundSa->traffic.localV4Address = sa->localHost;
        ctx->outboundSa->traffic.remoteV4Address = newRemote;
        ok = OK(IPsecSaContextUpdate0(b->engine, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, ctx));
    }
    FwpmFreeMemory0((void **)&ctx);
    if (!ok)
        return FALSE;
    sa->remoteHost = newRemote;

    /* What the engine now reports. */
    if (!OK(IPsecSaContextGetById1(b->engine, sa->saId, &ctx)))
        return FALSE;
    ok = CHECK(ctx->outboundSa && ctx->outboundSa->traffic.remoteV4Address == newRemote) &&
         CHECK(ctx->inboundSa && ctx->inboundSa->traffic.remoteV4Address == newRemote);
    FwpmFreeMemory0((void **)&ctx);
    return ok;
}

/* ---- phase 11: shutdown -------------------------------------------------- */
static void backend_stop(BACKEND *b)
{
    delete_filter(b, &b->trapOut, "FwpmFilterDeleteById0(trap, OUTBOUND_TRANSPORT_V4)");
    delete_filter(b, &b->trapFwd, "FwpmFilterDeleteById0(trap, IPFORWARD_V4)");
    while (b->numBypass > 0)
        delete_filter(b, &b->bypass[--b->numBypass], "FwpmFilterDeleteById0(IKE bypass)");
    OK(FwpmProviderDeleteByKey0(b->engine, &b->provider.providerKey));
    OK(FwpmEngineClose0(b->engine));
    b->engine = NULL;
}

/* ---- phase 12: verify ---------------------------------------------------- */
static void verify_nothing_left(void)
{
    HANDLE engine = NULL;
    if (!OK(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engine)))
        return;
    FWPM_PROVIDER0 *p = NULL;
    EXPECT(FwpmProviderGetByKey0(engine, &DAEMON_PROVIDER_KEY, &p), FWP_E_PROVIDER_NOT_FOUND);
    CHECK(p == NULL);
    CHECK(count_filters(engine, NULL) == 0);
    CHECK(count_provider_contexts(engine) == 0);
    CHECK(count_sa_contexts(engine, 0) == 0);
    OK(FwpmEngineClose0(engine));
}

int main(int argc, char **argv)
{
    BACKEND b;
    /* --unnamed-provider: the registration is refused (a provider needs a
     * display name); start-up must give up and leave nothing behind. */
    BOOL unnamed = argc > 1 && strcmp(argv[1], "--unnamed-provider") == 0;

    phase("1. start-up: session and provider");
    NTSTATUS status = backend_start(&b, unnamed ? NULL : L"ike-backend");
    if (unnamed) {
        CHECK(status == (NTSTATUS)FWP_E_NULL_DISPLAY_NAME);
        phase("verify: a new session finds nothing left");
        verify_nothing_left();
        printf("ike_backend: start-up aborted; %u calls, %u failed\n", calls, failures);
        return failures == 0 ? 0 : 1;
    }
    if (status != STATUS_SUCCESS) {
        printf("ike_backend: start-up failed, aborting (as the daemon does)\n");
        return 1;
    }
    {
        FWPM_PROVIDER0 *p = NULL;
        if (OK(FwpmProviderGetByKey0(b.engine, &DAEMON_PROVIDER_KEY, &p))) {
            CHECK(wcscmp(p->displayData.name, L"ike-backend") == 0);
            FwpmFreeMemory0((void **)&p);
        }
        /* A second instance finds the provider there: the status start-up accepts. */
        HANDLE second = NULL;
        if (OK(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &second))) {
            EXPECT(FwpmProviderAdd0(second, &b.provider, NULL), FWP_E_ALREADY_EXISTS);
            OK(FwpmEngineClose0(second));
        }
    }

    phase("2. IKE bypass: UDP 500 and 4500, IPv4 and IPv6, in the IPsec tunnel sublayer");
    bypass_ike(&b);
    CHECK(b.numBypass == 8);

    CHILD_SA transport = {
        .reqid = 1, .natT = TRUE,
        .localHost = HOST_LOCAL, .remoteHost = HOST_PEER,
        .localTs = { .address = HOST_LOCAL, .prefix = 32, .protocol = PROTO_TCP, .fromPort = 1024, .toPort = 0xFFFF },
        .remoteTs = { .address = HOST_PEER, .prefix = 32, .protocol = PROTO_TCP, .fromPort = 443, .toPort = 443 },
        .outboundSpi = 0xC1000001,
    };
    CHILD_SA transport6 = {
        .reqid = 4, .v6 = TRUE, .transportPolicy = TRUE,
        .localHost6 = HOST6_LOCAL, .remoteHost6 = HOST6_PEER,
        .localTs = { .v6 = TRUE, .address6 = HOST6_LOCAL, .prefix = 128, .toPort = 0xFFFF },
        .remoteTs = { .v6 = TRUE, .address6 = NET6_PEER, .prefix = 64, .protocol = PROTO_UDP, .fromPort = 53, .toPort = 53 },
        .outboundSpi = 0xC4000004,
    };
    CHILD_SA tunnel = {
        .reqid = 2, .tunnel = TRUE,
        .localHost = HOST_LOCAL, .remoteHost = GW_REMOTE,
        .localTs = { .address = NET_LOCAL, .prefix = 16, .toPort = 0xFFFF },
        .remoteTs = { .address = NET_REMOTE, .prefix = 16, .toPort = 0xFFFF },
        .inboundSpi = 0xC0000102, .outboundSpi = 0xC2000002,
    };

    phase("3. trap policy for the tunnel (routed, on demand)");
    install_trap(&b, &tunnel.localTs, &tunnel.remoteTs, FALSE, &b.trapOut);
    install_trap(&b, &tunnel.localTs, &tunnel.remoteTs, TRUE, &b.trapFwd);

    phase("4. transport-mode CHILD_SAs: IPv4 (with NAT traversal), IPv6");
    install_transport(&b, &transport);
    install_transport(&b, &transport6);

    phase("5. tunnel-mode CHILD_SA through a quick-mode tunnel provider context");
    install_tunnel(&b, &tunnel);

    phase("6. listing");
    CHECK(count_sa_contexts(b.engine, tunnel.providerContextId) == 3);
    /* filters with a provider context carry the provider: the tunnel's in,
     * out, forward in/out, IP-in-IP in; the IPv6 transport SA's in, out */
    CHECK(count_filters(b.engine, &DAEMON_PROVIDER_KEY) == 5 + 2);
    CHECK(count_filters(b.engine, NULL) == 8 + 2 + 2 + 2 + 6);
    CHECK(count_provider_contexts(b.engine) == 2);
    {
        /* The IPv6 SA reports its addresses in that version, both sides. */
        IPSEC_SA_CONTEXT1 *ctx = NULL;
        if (OK(IPsecSaContextGetById1(b.engine, transport6.saId, &ctx))) {
            CHECK(ctx->outboundSa != NULL && ctx->outboundSa->traffic.ipVersion == FWP_IP_VERSION_V6 &&
                  memcmp(ctx->outboundSa->traffic.remoteV6Address, transport6.remoteHost6, 16) == 0);
            CHECK(ctx->inboundSa != NULL && ctx->inboundSa->traffic.ipVersion == FWP_IP_VERSION_V6 &&
                  ctx->inboundSa->saBundle.saList[0].spi == transport6.inboundSpi);
            FwpmFreeMemory0((void **)&ctx);
        }
    }

    phase("7. roaming: the transport peer's address changes");
    update_addresses(&b, &transport, HOST_PEER_MOVED);

    phase("8. rekey: a new transport CHILD_SA replaces the old one");
    CHILD_SA rekeyed = transport;
    rekeyed.reqid = 3;
    rekeyed.policyIn = rekeyed.policyOut = rekeyed.saId = 0;
    rekeyed.inboundSpi = 0;
    rekeyed.outboundSpi = 0xC1000003;
    rekeyed.localTs.address = HOST_LOCAL;
    rekeyed.remoteTs.address = HOST_PEER_MOVED;
    install_transport(&b, &rekeyed);
    CHECK(rekeyed.inboundSpi != transport.inboundSpi);
    /* The old SA stops sending at once; inbound lingers for late packets. */
    OK(IPsecSaContextExpire0(b.engine, transport.saId));
    destroy_child(&b, &transport);

    phase("9. hard expiry of the tunnel CHILD_SA");
    /* Deleting the tunnel policy while its filters still name it is refused. */
    EXPECT(FwpmProviderContextDeleteById0(b.engine, tunnel.providerContextId), FWP_E_IN_USE);
    destroy_child(&b, &tunnel);
    CHECK(count_sa_contexts(b.engine, 0) == 2);

    phase("10. a tunnel CHILD_SA installed in one call (FwpmIPsecTunnelAdd0)");
    {
        CHILD_SA oneCall = tunnel;
        oneCall.reqid = 5;
        oneCall.saId = oneCall.providerContextId = 0;
        oneCall.policyIn = oneCall.policyOut = oneCall.policyFwdIn = oneCall.policyFwdOut = 0;
        oneCall.ipipIn = oneCall.ipipOut = 0;
        oneCall.inboundSpi = 0xC0000105;
        oneCall.outboundSpi = 0xC2000005;
        if (install_tunnel_in_one_call(&b, &oneCall)) {
            CHECK(count_sa_contexts(b.engine, oneCall.providerContextId) == 3);
            CHECK(count_provider_contexts(b.engine) == 2);
        }
        destroy_child(&b, &oneCall);
        CHECK(count_provider_contexts(b.engine) == 1);
    }

    phase("11. shutdown: the remaining CHILD_SA, traps, bypass filters, provider");
    destroy_child(&b, &rekeyed);
    destroy_child(&b, &transport6);
    backend_stop(&b);

    phase("12. verify: a new session finds nothing left");
    verify_nothing_left();

    printf("ike_backend: %u calls, %u failed\n", calls, failures);
    return failures == 0 ? 0 : 1;
}
