/* fixtures.c — shared helpers for the cmocka tests (see fixtures.h). */
#include "fixtures.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

/* ---- Assertions --------------------------------------------------------- */

#define FX_NAME(c) { c, #c }
const fx_status_name fx_library_status_codes[] = {
    FX_NAME(STATUS_SUCCESS),
    FX_NAME(STATUS_INVALID_HANDLE),
    FX_NAME(STATUS_NO_MEMORY),
    FX_NAME(STATUS_INTERNAL_ERROR),
    FX_NAME(FWP_E_CALLOUT_NOT_FOUND),
    FX_NAME(FWP_E_CONDITION_NOT_FOUND),
    FX_NAME(FWP_E_FILTER_NOT_FOUND),
    FX_NAME(FWP_E_LAYER_NOT_FOUND),
    FX_NAME(FWP_E_PROVIDER_NOT_FOUND),
    FX_NAME(FWP_E_PROVIDER_CONTEXT_NOT_FOUND),
    FX_NAME(FWP_E_SUBLAYER_NOT_FOUND),
    FX_NAME(FWP_E_NOT_FOUND),
    FX_NAME(FWP_E_ALREADY_EXISTS),
    FX_NAME(FWP_E_IN_USE),
    FX_NAME(FWP_E_LIFETIME_MISMATCH),
    FX_NAME(FWP_E_BUILTIN_OBJECT),
    FX_NAME(FWP_E_DYNAMIC_SESSION_IN_PROGRESS),
    FX_NAME(FWP_E_WRONG_SESSION),
    FX_NAME(FWP_E_NO_TXN_IN_PROGRESS),
    FX_NAME(FWP_E_TXN_IN_PROGRESS),
    FX_NAME(FWP_E_INCOMPATIBLE_TXN),
    FX_NAME(FWP_E_TIMEOUT),
    FX_NAME(FWP_E_INCOMPATIBLE_LAYER),
    FX_NAME(FWP_E_TRAFFIC_MISMATCH),
    FX_NAME(FWP_E_INCOMPATIBLE_SA_STATE),
    FX_NAME(FWP_E_NULL_POINTER),
    FX_NAME(FWP_E_INVALID_ENUMERATOR),
    FX_NAME(FWP_E_INVALID_FLAGS),
    FX_NAME(FWP_E_INVALID_NET_MASK),
    FX_NAME(FWP_E_INVALID_RANGE),
    FX_NAME(FWP_E_ZERO_LENGTH_ARRAY),
    FX_NAME(FWP_E_NULL_DISPLAY_NAME),
    FX_NAME(FWP_E_INVALID_ACTION_TYPE),
    FX_NAME(FWP_E_INVALID_WEIGHT),
    FX_NAME(FWP_E_MATCH_TYPE_MISMATCH),
    FX_NAME(FWP_E_TYPE_MISMATCH),
    FX_NAME(FWP_E_RESERVED),
    FX_NAME(FWP_E_NEVER_MATCH),
    FX_NAME(FWP_E_DUPLICATE_CONDITION),
    FX_NAME(FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER),
    FX_NAME(FWP_E_INVALID_PARAMETER),
    FX_NAME(FWP_E_INVALID_AUTH_TRANSFORM),
    FX_NAME(FWP_E_INVALID_CIPHER_TRANSFORM),
    FX_NAME(FWP_E_STILL_ON),
    { 0, NULL }
};

const char *fx_status_str(NTSTATUS s)
{
    for (const fx_status_name *n = fx_library_status_codes; n->name; ++n)
        if (n->code == s)
            return n->name;
    return "(unlisted code)";
}

void fx_assert_status_impl(NTSTATUS got, NTSTATUS want, const char *expr,
                           const char *file, int line)
{
    if (got == want)
        return;
    print_error("%s\n    returned 0x%08X %s, expected 0x%08X %s\n", expr,
                (unsigned)got, fx_status_str(got), (unsigned)want, fx_status_str(want));
    _fail(file, line);
}

/* ---- GUIDs, time -------------------------------------------------------- */

const GUID FX_ZERO_GUID = { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 0 } };

static pthread_mutex_t fx_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t fx_rng_state;

static uint64_t fx_rand64(void)
{
    pthread_mutex_lock(&fx_lock);
    if (fx_rng_state == 0)
        fx_rng_state = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid() ^ 0x1234567ull;
    /* xorshift64* */
    fx_rng_state ^= fx_rng_state >> 12;
    fx_rng_state ^= fx_rng_state << 25;
    fx_rng_state ^= fx_rng_state >> 27;
    uint64_t r = fx_rng_state * 0x2545F4914F6CDD1Dull;
    pthread_mutex_unlock(&fx_lock);
    return r;
}

GUID fx_random_guid(void)
{
    GUID g;
    uint64_t a = fx_rand64(), b = fx_rand64();
    g.Data1 = (uint32_t)a;
    g.Data2 = (uint16_t)(a >> 32);
    g.Data3 = (uint16_t)(((a >> 48) & 0x0FFF) | 0x4000);
    for (int i = 0; i < 8; ++i)
        g.Data4[i] = (uint8_t)(b >> (8 * i));
    g.Data4[0] = (uint8_t)((g.Data4[0] & 0x3F) | 0x80);
    return g;
}

bool fx_guid_eq(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}

bool fx_guid_is_zero(const GUID *g)
{
    return fx_guid_eq(g, &FX_ZERO_GUID);
}

double fx_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void fx_sleep_ms(unsigned ms)
{
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0) {
    }
}

void fx_set_expire_delay_ms(unsigned ms)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%u", ms);
    assert_int_equal(setenv("FWPKCLNT_EXPIRE_DELAY_MS", buf, 1), 0);
}

/* ---- Sessions ----------------------------------------------------------- */

HANDLE fx_open_session(UINT32 flags, UINT32 txnWaitTimeoutInMSec)
{
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.displayData.name = L"fwpkclnt cmocka";
    s.flags = flags;
    s.txnWaitTimeoutInMSec = txnWaitTimeoutInMSec;
    HANDLE h = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h));
    assert_non_null(h);
    return h;
}

HANDLE fx_open(void) { return fx_open_session(0, 0); }
HANDLE fx_open_dynamic(void) { return fx_open_session(FWPM_SESSION_FLAG_DYNAMIC, 0); }
HANDLE fx_open_timeout(UINT32 ms) { return fx_open_session(0, ms); }

HANDLE fx_session;

int fx_session_open(void **state)
{
    (void)state;
    fx_session = fx_open();
    return 0;
}

int fx_session_close(void **state)
{
    (void)state;
    return FwpmEngineClose0(fx_session) == STATUS_SUCCESS ? 0 : -1;
}

void fx_close(HANDLE h)
{
    assert_ok(FwpmEngineClose0(h));
}

/* ---- Filters ------------------------------------------------------------- */

const GUID *fx_transport_callout_for(const GUID *layer)
{
    if (fx_guid_eq(layer, &FWPM_LAYER_INBOUND_TRANSPORT_V4))  return &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4;
    if (fx_guid_eq(layer, &FWPM_LAYER_INBOUND_TRANSPORT_V6))  return &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6;
    if (fx_guid_eq(layer, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4)) return &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4;
    if (fx_guid_eq(layer, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6)) return &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6;
    return NULL;
}

const GUID *fx_transport_layer(FWP_DIRECTION dir, FWP_IP_VERSION v)
{
    if (dir == FWP_DIRECTION_INBOUND)
        return v == FWP_IP_VERSION_V4 ? &FWPM_LAYER_INBOUND_TRANSPORT_V4 : &FWPM_LAYER_INBOUND_TRANSPORT_V6;
    return v == FWP_IP_VERSION_V4 ? &FWPM_LAYER_OUTBOUND_TRANSPORT_V4 : &FWPM_LAYER_OUTBOUND_TRANSPORT_V6;
}

void fx_filter_init(FWPM_FILTER0 *f, const GUID *layer)
{
    memset(f, 0, sizeof *f);
    f->displayData.name = L"fwpkclnt test filter";
    f->displayData.description = L"added by tests/c";
    f->layerKey = *layer;
    f->weight.type = FWP_EMPTY;
    const GUID *callout = fx_transport_callout_for(layer);
    if (callout) {
        f->action.type = FWP_ACTION_CALLOUT_TERMINATING;
        f->action.calloutKey = *callout;
    } else {
        f->action.type = FWP_ACTION_PERMIT;
    }
}

UINT64 fx_add_filter(HANDLE h, const GUID *layer)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, layer);
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(h, &f, NULL, &id));
    assert_true(id != 0);
    return id;
}

bool fx_filter_exists(HANDLE h, UINT64 id)
{
    FWPM_FILTER0 *f = NULL;
    NTSTATUS s = FwpmFilterGetById0(h, id, &f);
    if (s == STATUS_SUCCESS) {
        assert_non_null(f);
        assert_true(f->filterId == id);
        FwpmFreeMemory0((void **)&f);
        return true;
    }
    assert_status(s, FWP_E_FILTER_NOT_FOUND);
    assert_null(f);
    return false;
}

UINT32 fx_filter_enum_ids(HANDLE h, const FWPM_FILTER_ENUM_TEMPLATE0 *tmpl, UINT32 page,
                          UINT64 *ids, UINT32 max)
{
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(h, tmpl, &e));
    assert_non_null(e);
    UINT32 total = 0;
    UINT64 last = 0;
    for (;;) {
        FWPM_FILTER0 **entries = NULL;
        UINT32 n = 12345;
        assert_ok(FwpmFilterEnum0(h, e, page, &entries, &n));
        assert_true(n <= page);
        if (n == 0)
            assert_null(entries);
        for (UINT32 i = 0; i < n; ++i) {
            assert_non_null(entries[i]);
            assert_true(entries[i]->filterId > last);  /* ordered by id, no duplicates */
            last = entries[i]->filterId;
            if (total < max && ids)
                ids[total] = entries[i]->filterId;
            ++total;
        }
        FwpmFreeMemory0((void **)&entries);
        assert_null(entries);
        if (n < page)
            break;
    }
    assert_ok(FwpmFilterDestroyEnumHandle0(h, e));
    return total;
}

bool fx_ids_contain(const UINT64 *ids, UINT32 n, UINT64 id)
{
    for (UINT32 i = 0; i < n; ++i)
        if (ids[i] == id)
            return true;
    return false;
}

/* ---- Addresses and traffic ------------------------------------------------ */

static unsigned fx_net_counter;

UINT32 fx_unique_v4_net(void)
{
    pthread_mutex_lock(&fx_lock);
    unsigned n = ++fx_net_counter;
    pthread_mutex_unlock(&fx_lock);
    return FX_V4(10, (n >> 8) & 0xFF, n & 0xFF, 0);
}

void fx_unique_v6_net(UINT8 net[16])
{
    pthread_mutex_lock(&fx_lock);
    unsigned n = ++fx_net_counter;
    pthread_mutex_unlock(&fx_lock);
    memset(net, 0, 16);
    net[0] = 0xfd;
    net[1] = 0x00;
    net[2] = 0x00;
    net[3] = 0xfb;
    net[4] = (UINT8)(n >> 24);
    net[5] = (UINT8)(n >> 16);
    net[6] = (UINT8)(n >> 8);
    net[7] = (UINT8)n;
}

void fx_v6_host(UINT8 out[16], const UINT8 net[16], UINT8 host)
{
    memcpy(out, net, 16);
    out[15] = host;
}

IPSEC_TRAFFIC1 fx_traffic1_v4(UINT32 local, UINT32 remote, UINT64 filterId)
{
    IPSEC_TRAFFIC1 t;
    memset(&t, 0, sizeof t);
    t.ipVersion = FWP_IP_VERSION_V4;
    t.localV4Address = local;
    t.remoteV4Address = remote;
    t.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
    t.ipsecFilterId = filterId;
    return t;
}

IPSEC_TRAFFIC1 fx_traffic1_v6(const UINT8 local[16], const UINT8 remote[16], UINT64 filterId)
{
    IPSEC_TRAFFIC1 t;
    memset(&t, 0, sizeof t);
    t.ipVersion = FWP_IP_VERSION_V6;
    memcpy(t.localV6Address, local, 16);
    memcpy(t.remoteV6Address, remote, 16);
    t.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
    t.ipsecFilterId = filterId;
    return t;
}

IPSEC_TRAFFIC0 fx_traffic0_from1(const IPSEC_TRAFFIC1 *t)
{
    IPSEC_TRAFFIC0 r;
    memset(&r, 0, sizeof r);
    r.ipVersion = t->ipVersion;
    memcpy(r.localV6Address, t->localV6Address, 16);
    memcpy(r.remoteV6Address, t->remoteV6Address, 16);
    r.trafficType = t->trafficType;
    r.ipsecFilterId = t->ipsecFilterId;
    r.remotePort = t->remotePort;
    return r;
}

static void fx_assert_addr_eq(FWP_IP_VERSION v, const UINT8 *got, const UINT8 *want)
{
    if (v == FWP_IP_VERSION_V4) {
        UINT32 g, w;
        memcpy(&g, got, 4);
        memcpy(&w, want, 4);
        assert_int_equal(g, w);
    } else {
        assert_memory_equal(got, want, 16);
    }
}

void fx_assert_traffic0_eq(const IPSEC_TRAFFIC0 *got, const IPSEC_TRAFFIC0 *want)
{
    assert_int_equal(got->ipVersion, want->ipVersion);
    fx_assert_addr_eq(want->ipVersion, got->localV6Address, want->localV6Address);
    fx_assert_addr_eq(want->ipVersion, got->remoteV6Address, want->remoteV6Address);
    assert_int_equal(got->trafficType, want->trafficType);
    assert_int_equal(got->ipsecFilterId, want->ipsecFilterId);
    assert_int_equal(got->remotePort, want->remotePort);
}

void fx_assert_traffic1_eq(const IPSEC_TRAFFIC1 *got, const IPSEC_TRAFFIC1 *want)
{
    assert_int_equal(got->ipVersion, want->ipVersion);
    fx_assert_addr_eq(want->ipVersion, got->localV6Address, want->localV6Address);
    fx_assert_addr_eq(want->ipVersion, got->remoteV6Address, want->remoteV6Address);
    assert_int_equal(got->trafficType, want->trafficType);
    assert_int_equal(got->ipsecFilterId, want->ipsecFilterId);
    assert_int_equal(got->remotePort, want->remotePort);
    assert_int_equal(got->localPort, want->localPort);
    assert_int_equal(got->ipProtocol, want->ipProtocol);
    assert_int_equal(got->localIfLuid, want->localIfLuid);
    assert_int_equal(got->realIfProfileId, want->realIfProfileId);
}

/* ---- SA bundles ------------------------------------------------------------ */

static void fx_fill_key(UINT8 *k, size_t n, UINT32 seed)
{
    for (size_t i = 0; i < n; ++i)
        k[i] = (UINT8)(seed * 31u + (UINT32)i * 7u + 0x5Au);
}

static void fx_auth(IPSEC_SA_AUTH_INFORMATION0 *a, UINT8 *key, IPSEC_AUTH_TYPE t,
                    IPSEC_AUTH_CONFIG c, UINT32 size, UINT32 seed)
{
    memset(a, 0, sizeof *a);
    a->authTransform.authTransformId.authType = t;
    a->authTransform.authTransformId.authConfig = c;
    a->authTransform.cryptoModuleId = NULL;
    fx_fill_key(key, size, seed);
    a->authKey.size = size;
    a->authKey.data = key;
}

static void fx_cipher(IPSEC_SA_CIPHER_INFORMATION0 *ci, UINT8 *key, IPSEC_CIPHER_TYPE t,
                      IPSEC_CIPHER_CONFIG c, UINT32 size, UINT32 seed)
{
    memset(ci, 0, sizeof *ci);
    ci->cipherTransform.cipherTransformId.cipherType = t;
    ci->cipherTransform.cipherTransformId.cipherConfig = c;
    ci->cipherTransform.cryptoModuleId = NULL;
    fx_fill_key(key, size, seed);
    ci->cipherKey.size = size;
    ci->cipherKey.data = key;
}

void fx_bundle_init(fx_bundle *b, fx_kind kind, IPSEC_SA_SPI spi, UINT32 qmSaId, FWP_IP_VERSION v)
{
    memset(b, 0, sizeof *b);
    IPSEC_SA0 *sa = &b->sa[0];
    UINT32 numSAs = 1;
    switch (kind) {
    case FX_AH:
        fx_auth(&b->auth[0], b->authKey[0], IPSEC_AUTH_SHA_256, IPSEC_AUTH_CONFIG_HMAC_SHA_256_128, 32, spi);
        sa->saTransformType = IPSEC_TRANSFORM_AH;
        sa->ahInformation = &b->auth[0];
        break;
    case FX_ESP_AUTH:
        fx_auth(&b->auth[0], b->authKey[0], IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, 20, spi);
        sa->saTransformType = IPSEC_TRANSFORM_ESP_AUTH;
        sa->espAuthInformation = &b->auth[0];
        break;
    case FX_ESP_AUTH_FW:
        fx_auth(&b->auth[0], b->authKey[0], IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, 20, spi);
        sa->saTransformType = IPSEC_TRANSFORM_ESP_AUTH_FW;
        sa->espAuthFwInformation = &b->auth[0];
        break;
    case FX_ESP_CIPHER:
        fx_cipher(&b->cipher, b->cipherKey, IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128, 16, spi);
        sa->saTransformType = IPSEC_TRANSFORM_ESP_CIPHER;
        sa->espCipherInformation = &b->cipher;
        break;
    case FX_ESP_AUTH_AND_CIPHER:
    case FX_ESP_AND_AH:
        fx_cipher(&b->authCipher.saCipherInformation, b->cipherKey, IPSEC_CIPHER_TYPE_AES_256,
                  IPSEC_CIPHER_CONFIG_CBC_AES_256, 32, spi);
        fx_auth(&b->authCipher.saAuthInformation, b->authKey[0], IPSEC_AUTH_SHA_256,
                IPSEC_AUTH_CONFIG_HMAC_SHA_256_128, 32, spi + 1);
        sa->saTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
        sa->espAuthAndCipherInformation = &b->authCipher;
        if (kind == FX_ESP_AND_AH) {
            fx_auth(&b->auth[1], b->authKey[1], IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96, 20, spi + 2);
            b->sa[1].spi = spi;
            b->sa[1].saTransformType = IPSEC_TRANSFORM_AH;
            b->sa[1].ahInformation = &b->auth[1];
            numSAs = 2;
        }
        break;
    }
    sa->spi = spi;

    IPSEC_SA_BUNDLE0 *b0 = &b->b0;
    b0->flags = IPSEC_SA_BUNDLE_FLAG_ND_SECURE;
    b0->lifetime.lifetimeSeconds = 3600;
    b0->lifetime.lifetimeKilobytes = 100000;
    b0->lifetime.lifetimePackets = 0x7FFFFFFF;
    b0->idleTimeoutSeconds = 300;
    b0->ndAllowClearTimeoutSeconds = 10;
    b0->ipsecId = NULL;
    b0->napContext = 0;
    b0->qmSaId = qmSaId;
    b0->numSAs = numSAs;
    b0->saList = b->sa;
    b0->keyModuleState = NULL;
    b0->ipVersion = v;
    b0->peerV4PrivateAddress = 0;
    b0->mmSaId = 0x1000 + qmSaId;
    b0->pfsGroup = IPSEC_PFS_2048;
    fx_bundle_sync1(b);
}

void fx_bundle_sync1(fx_bundle *b)
{
    GUID lookup = b->b1.saLookupContext;
    UINT64 qmFilterId = b->b1.qmFilterId;
    memset(&b->b1, 0, sizeof b->b1);
    b->b1.flags = b->b0.flags;
    b->b1.lifetime = b->b0.lifetime;
    b->b1.idleTimeoutSeconds = b->b0.idleTimeoutSeconds;
    b->b1.ndAllowClearTimeoutSeconds = b->b0.ndAllowClearTimeoutSeconds;
    b->b1.ipsecId = b->b0.ipsecId;
    b->b1.napContext = b->b0.napContext;
    b->b1.qmSaId = b->b0.qmSaId;
    b->b1.numSAs = b->b0.numSAs;
    b->b1.saList = b->b0.saList;
    b->b1.keyModuleState = b->b0.keyModuleState;
    b->b1.ipVersion = b->b0.ipVersion;
    b->b1.peerV4PrivateAddress = b->b0.peerV4PrivateAddress;
    b->b1.mmSaId = b->b0.mmSaId;
    b->b1.pfsGroup = b->b0.pfsGroup;
    b->b1.saLookupContext = lookup;
    b->b1.qmFilterId = qmFilterId;
}

static void fx_assert_blob_eq(const FWP_BYTE_BLOB *got, const FWP_BYTE_BLOB *want)
{
    assert_int_equal(got->size, want->size);
    if (want->size) {
        assert_non_null(got->data);
        assert_ptr_not_equal(got->data, want->data);   /* a copy, not the caller's buffer */
        assert_memory_equal(got->data, want->data, want->size);
    }
}

static void fx_assert_auth_eq(const IPSEC_SA_AUTH_INFORMATION0 *got, const IPSEC_SA_AUTH_INFORMATION0 *want)
{
    assert_non_null(got);
    assert_int_equal(got->authTransform.authTransformId.authType, want->authTransform.authTransformId.authType);
    assert_int_equal(got->authTransform.authTransformId.authConfig, want->authTransform.authTransformId.authConfig);
    assert_null(got->authTransform.cryptoModuleId);
    fx_assert_blob_eq(&got->authKey, &want->authKey);
}

static void fx_assert_cipher_eq(const IPSEC_SA_CIPHER_INFORMATION0 *got, const IPSEC_SA_CIPHER_INFORMATION0 *want)
{
    assert_non_null(got);
    assert_int_equal(got->cipherTransform.cipherTransformId.cipherType, want->cipherTransform.cipherTransformId.cipherType);
    assert_int_equal(got->cipherTransform.cipherTransformId.cipherConfig, want->cipherTransform.cipherTransformId.cipherConfig);
    assert_null(got->cipherTransform.cryptoModuleId);
    fx_assert_blob_eq(&got->cipherKey, &want->cipherKey);
}

static void fx_assert_sa_eq(const IPSEC_SA0 *got, const IPSEC_SA0 *want)
{
    assert_int_equal(got->spi, want->spi);
    assert_int_equal(got->saTransformType, want->saTransformType);
    switch (want->saTransformType) {
    case IPSEC_TRANSFORM_AH:
        fx_assert_auth_eq(got->ahInformation, want->ahInformation);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH:
        fx_assert_auth_eq(got->espAuthInformation, want->espAuthInformation);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_FW:
        fx_assert_auth_eq(got->espAuthFwInformation, want->espAuthFwInformation);
        break;
    case IPSEC_TRANSFORM_ESP_CIPHER:
        fx_assert_cipher_eq(got->espCipherInformation, want->espCipherInformation);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
        assert_non_null(got->espAuthAndCipherInformation);
        fx_assert_cipher_eq(&got->espAuthAndCipherInformation->saCipherInformation,
                            &want->espAuthAndCipherInformation->saCipherInformation);
        fx_assert_auth_eq(&got->espAuthAndCipherInformation->saAuthInformation,
                          &want->espAuthAndCipherInformation->saAuthInformation);
        break;
    default:
        fail_msg("unexpected transform type %d", (int)want->saTransformType);
    }
}

#define FX_BUNDLE_COMMON_EQ(got, want)                                                   \
    do {                                                                                 \
        assert_int_equal((got)->flags, (want)->flags);                                   \
        assert_int_equal((got)->lifetime.lifetimeSeconds, (want)->lifetime.lifetimeSeconds); \
        assert_int_equal((got)->lifetime.lifetimeKilobytes, (want)->lifetime.lifetimeKilobytes); \
        assert_int_equal((got)->lifetime.lifetimePackets, (want)->lifetime.lifetimePackets); \
        assert_int_equal((got)->idleTimeoutSeconds, (want)->idleTimeoutSeconds);         \
        assert_int_equal((got)->ndAllowClearTimeoutSeconds, (want)->ndAllowClearTimeoutSeconds); \
        assert_int_equal((got)->napContext, (want)->napContext);                         \
        assert_int_equal((got)->qmSaId, (want)->qmSaId);                                 \
        assert_int_equal((got)->numSAs, (want)->numSAs);                                 \
        assert_non_null((got)->saList);                                                  \
        assert_ptr_not_equal((got)->saList, (want)->saList);                             \
        for (UINT32 i_ = 0; i_ < (want)->numSAs; ++i_)                                   \
            fx_assert_sa_eq(&(got)->saList[i_], &(want)->saList[i_]);                    \
        if ((want)->keyModuleState) {                                                    \
            assert_non_null((got)->keyModuleState);                                      \
            assert_true(fx_guid_eq(&(got)->keyModuleState->keyModuleKey,                 \
                                   &(want)->keyModuleState->keyModuleKey));              \
            fx_assert_blob_eq(&(got)->keyModuleState->stateBlob,                         \
                              &(want)->keyModuleState->stateBlob);                       \
        } else {                                                                         \
            assert_null((got)->keyModuleState);                                          \
        }                                                                                \
        if ((want)->ipsecId) {                                                           \
            assert_non_null((got)->ipsecId);                                             \
            assert_int_equal((got)->ipsecId->numTokens, (want)->ipsecId->numTokens);     \
        } else {                                                                         \
            assert_null((got)->ipsecId);                                                 \
        }                                                                                \
        assert_int_equal((got)->ipVersion, (want)->ipVersion);                           \
        assert_int_equal((got)->peerV4PrivateAddress, (want)->peerV4PrivateAddress);     \
        assert_int_equal((got)->mmSaId, (want)->mmSaId);                                 \
        assert_int_equal((got)->pfsGroup, (want)->pfsGroup);                             \
    } while (0)

void fx_assert_bundle0_eq(const IPSEC_SA_BUNDLE0 *got, const IPSEC_SA_BUNDLE0 *want)
{
    FX_BUNDLE_COMMON_EQ(got, want);
}

void fx_assert_bundle1_eq(const IPSEC_SA_BUNDLE1 *got, const IPSEC_SA_BUNDLE1 *want)
{
    FX_BUNDLE_COMMON_EQ(got, want);
    assert_true(fx_guid_eq(&got->saLookupContext, &want->saLookupContext));
    assert_int_equal(got->qmFilterId, want->qmFilterId);
}

/* ---- SA contexts ---------------------------------------------------------- */

static unsigned fx_qm_counter;

static void fx_ctx_filters(HANDLE h, FWP_IP_VERSION v, fx_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->h = h;
    c->ver = v;
    c->outFilter = fx_add_filter(h, fx_transport_layer(FWP_DIRECTION_OUTBOUND, v));
    c->inFilter = fx_add_filter(h, fx_transport_layer(FWP_DIRECTION_INBOUND, v));
    pthread_mutex_lock(&fx_lock);
    unsigned q = ++fx_qm_counter;
    pthread_mutex_unlock(&fx_lock);
    c->qmSaId = 0x100000u + q;
    c->outSpi = 0x20000000u + q;
}

static void fx_ctx_do_create(fx_ctx *c)
{
    IPSEC_TRAFFIC0 t = fx_traffic0_from1(&c->out);
    UINT64 inboundFilterId = 0xFFFF;
    assert_ok(IPsecSaContextCreate0(c->h, &t, &inboundFilterId, &c->id));
    assert_true(c->id != 0);
    assert_int_equal(inboundFilterId, 0);
}

void fx_ctx_create_v4_addr(HANDLE h, UINT32 local, UINT32 remote, fx_ctx *c)
{
    fx_ctx_filters(h, FWP_IP_VERSION_V4, c);
    c->out = fx_traffic1_v4(local, remote, c->outFilter);
    c->in = fx_traffic1_v4(local, remote, c->inFilter);
    fx_ctx_do_create(c);
}

void fx_ctx_create_v6_addr(HANDLE h, const UINT8 local[16], const UINT8 remote[16], fx_ctx *c)
{
    fx_ctx_filters(h, FWP_IP_VERSION_V6, c);
    c->out = fx_traffic1_v6(local, remote, c->outFilter);
    c->in = fx_traffic1_v6(local, remote, c->inFilter);
    fx_ctx_do_create(c);
}

void fx_ctx_prepare(HANDLE h, FWP_IP_VERSION v, fx_ctx *c)
{
    fx_ctx_filters(h, v, c);
    if (v == FWP_IP_VERSION_V4) {
        UINT32 net = fx_unique_v4_net();
        c->out = fx_traffic1_v4(net | 1, net | 2, c->outFilter);
        c->in = fx_traffic1_v4(net | 1, net | 2, c->inFilter);
    } else {
        UINT8 net[16], l[16], r[16];
        fx_unique_v6_net(net);
        fx_v6_host(l, net, 1);
        fx_v6_host(r, net, 2);
        c->out = fx_traffic1_v6(l, r, c->outFilter);
        c->in = fx_traffic1_v6(l, r, c->inFilter);
    }
}

void fx_ctx_create(HANDLE h, FWP_IP_VERSION v, fx_ctx *c)
{
    fx_ctx_prepare(h, v, c);
    fx_ctx_do_create(c);
}

IPSEC_GETSPI0 fx_getspi0(const fx_ctx *c)
{
    IPSEC_GETSPI0 g;
    memset(&g, 0, sizeof g);
    g.inboundIpsecTraffic = fx_traffic0_from1(&c->in);
    g.ipVersion = c->ver;
    g.inboundUdpEncapsulation = NULL;
    g.rngCryptoModuleID = NULL;
    return g;
}

IPSEC_GETSPI1 fx_getspi1(const fx_ctx *c)
{
    IPSEC_GETSPI1 g;
    memset(&g, 0, sizeof g);
    g.inboundIpsecTraffic = c->in;
    g.ipVersion = c->ver;
    g.inboundUdpEncapsulation = NULL;
    g.rngCryptoModuleID = NULL;
    return g;
}

void fx_ctx_getspi(fx_ctx *c)
{
    IPSEC_GETSPI0 g = fx_getspi0(c);
    c->spi = 0;
    assert_ok(IPsecSaContextGetSpi0(c->h, c->id, &g, &c->spi));
    assert_true(c->spi >= 256);
}

void fx_ctx_add_inbound(fx_ctx *c, fx_kind kind)
{
    fx_bundle b;
    fx_bundle_init(&b, kind, c->spi, c->qmSaId, c->ver);
    assert_ok(IPsecSaContextAddInbound0(c->h, c->id, &b.b0));
}

void fx_ctx_add_outbound(fx_ctx *c, fx_kind kind)
{
    fx_bundle b;
    fx_bundle_init(&b, kind, c->outSpi, c->qmSaId, c->ver);
    assert_ok(IPsecSaContextAddOutbound0(c->h, c->id, &b.b0));
}

void fx_ctx_inbound(HANDLE h, FWP_IP_VERSION v, fx_ctx *c)
{
    fx_ctx_create(h, v, c);
    fx_ctx_getspi(c);
    fx_ctx_add_inbound(c, FX_ESP_AUTH_AND_CIPHER);
}

void fx_ctx_complete(HANDLE h, FWP_IP_VERSION v, fx_ctx *c)
{
    fx_ctx_inbound(h, v, c);
    fx_ctx_add_outbound(c, FX_ESP_AUTH_AND_CIPHER);
}

bool fx_ctx_exists(HANDLE h, UINT64 id)
{
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    NTSTATUS s = IPsecSaContextGetById1(h, id, &ctx);
    if (s == STATUS_SUCCESS) {
        assert_non_null(ctx);
        assert_int_equal(ctx->saContextId, id);
        FwpmFreeMemory0((void **)&ctx);
        return true;
    }
    assert_status(s, FWP_E_NOT_FOUND);
    assert_null(ctx);
    return false;
}

bool fx_wait_ctx_gone(HANDLE h, UINT64 id, unsigned timeout_ms)
{
    double end = fx_now_ms() + timeout_ms;
    while (fx_now_ms() < end) {
        if (!fx_ctx_exists(h, id))
            return true;
        fx_sleep_ms(5);
    }
    return !fx_ctx_exists(h, id);
}

UINT32 fx_ctx_enum_ids(HANDLE h, const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *tmpl, UINT32 page,
                       UINT64 *ids, UINT32 max)
{
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(h, tmpl, &e));
    assert_non_null(e);
    UINT32 total = 0;
    UINT64 last = 0;
    for (;;) {
        IPSEC_SA_CONTEXT1 **entries = NULL;
        UINT32 n = 12345;
        assert_ok(IPsecSaContextEnum1(h, e, page, &entries, &n));
        assert_true(n <= page);
        if (n == 0)
            assert_null(entries);
        for (UINT32 i = 0; i < n; ++i) {
            assert_non_null(entries[i]);
            assert_true(entries[i]->saContextId > last);
            last = entries[i]->saContextId;
            if (total < max && ids)
                ids[total] = entries[i]->saContextId;
            ++total;
        }
        FwpmFreeMemory0((void **)&entries);
        if (n < page)
            break;
    }
    assert_ok(IPsecSaContextDestroyEnumHandle0(h, e));
    return total;
}

/* ---- Tunnel policies ---------------------------------------------------------- */

UINT64 fx_tunnel_policy(HANDLE h, FWP_IP_VERSION v)
{
    static IPSEC_AUTH_AND_CIPHER_TRANSFORM0 tr = {
        {{IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96}, NULL},
        {{IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128}, NULL}};
    IPSEC_SA_TRANSFORM0 st;
    memset(&st, 0, sizeof st);
    st.ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
    st.espAuthAndCipherTransform = &tr;
    IPSEC_PROPOSAL0 prop;
    memset(&prop, 0, sizeof prop);
    prop.lifetime.lifetimeSeconds = 3600;
    prop.numSaTransforms = 1;
    prop.saTransforms = &st;
    IPSEC_TUNNEL_POLICY0 pol;
    memset(&pol, 0, sizeof pol);
    pol.numIpsecProposals = 1;
    pol.ipsecProposals = &prop;
    pol.tunnelEndpoints.ipVersion = v;
    if (v == FWP_IP_VERSION_V4) {
        UINT32 net = fx_unique_v4_net();
        pol.tunnelEndpoints.localV4Address = net | 1;
        pol.tunnelEndpoints.remoteV4Address = net | 2;
    } else {
        UINT8 net[16];
        fx_unique_v6_net(net);
        fx_v6_host(pol.tunnelEndpoints.localV6Address, net, 1);
        fx_v6_host(pol.tunnelEndpoints.remoteV6Address, net, 2);
    }
    FWPM_PROVIDER_CONTEXT0 qm;
    memset(&qm, 0, sizeof qm);
    qm.providerContextKey = fx_random_guid();
    qm.displayData.name = (wchar_t *)L"fixture tunnel";
    qm.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    qm.ikeQmTunnelPolicy = &pol;
    assert_ok(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, NULL, &qm, 0, NULL, NULL));
    FWPM_PROVIDER_CONTEXT0 *got = NULL;
    assert_ok(FwpmProviderContextGetByKey0(h, &qm.providerContextKey, &got));
    UINT64 id = got->providerContextId;
    FwpmFreeMemory0((void **)&got);
    return id;
}
