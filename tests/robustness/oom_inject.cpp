// Allocation-failure injection over the public API.
//
// The library sources are compiled into this program and linked with
// -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free; the global
// operator new/delete are replaced here.  For every scenario (one public
// function in a prepared state), the call is repeated with allocation number
// k = 1, 2, 3, ... failing, until it completes without reaching k.  After
// each failed call:
//   - the status is STATUS_NO_MEMORY and the out-pointers are cleared;
//   - the engine state, seen through every session involved (contexts with
//     their SAs and keys, filters, statistics, enumerator positions), is
//     exactly what it was before the call;
//   - no block leaked (LeakSanitizer when built with -fsanitize=address, and
//     the count of live blocks, which may only grow by retained capacity);
//   - the engine stays usable: the call then succeeds once nothing fails.
//
// Then every call that removes state (Expire, every Delete, every Destroy,
// Abort, Close, FwpmFreeMemory0) runs once with *every* allocation failing,
// in plain, transactional and dynamic sessions: it must succeed and have its
// full effect (docs/design.md, "Teardown needs no memory").
//
//   oom_inject [--quick] [--verbose] [scenario-substring]
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <vector>
#include "sa_fixture.h"
#if defined(__SANITIZE_ADDRESS__)
#define FWPK_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FWPK_HAVE_LSAN 1
#endif
#endif
#ifdef FWPK_HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#endif

// ---- allocation hooks ----------------------------------------------------------

extern "C" {
void* __real_malloc(size_t);
void* __real_calloc(size_t, size_t);
void* __real_realloc(void*, size_t);
void __real_free(void*);
}

namespace oom {
bool failAll = false;  // every allocation fails (teardown scenarios)
long failAt = 0;     // 0: never fail; else fail the failAt-th allocation after arming
long counted = 0;    // allocations since arming
bool triggered = false;
long live = 0;       // blocks allocated and not yet freed (all of them, armed or not)

inline bool shouldFail() {
    if (failAll) {
        ++counted;
        return true;
    }
    if (!failAt) return false;
    if (++counted == failAt) {
        triggered = true;
        return true;
    }
    return false;
}
void arm(long k) {
    failAt = k;
    counted = 0;
    triggered = false;
}
void disarm() {
    failAt = 0;
    failAll = false;
}
void armAll() {
    failAll = true;
    counted = 0;
}
}  // namespace oom

extern "C" {
void* __wrap_malloc(size_t n) {
    if (oom::shouldFail()) return nullptr;
    void* p = __real_malloc(n);
    if (p) ++oom::live;
    return p;
}
void* __wrap_calloc(size_t a, size_t b) {
    if (oom::shouldFail()) return nullptr;
    void* p = __real_calloc(a, b);
    if (p) ++oom::live;
    return p;
}
void* __wrap_realloc(void* q, size_t n) {
    if (oom::shouldFail()) return nullptr;
    void* p = __real_realloc(q, n);
    if (p && !q) ++oom::live;
    return p;
}
void __wrap_free(void* p) {
    if (p) --oom::live;
    __real_free(p);
}
}

void* operator new(size_t n) {
    void* p = __wrap_malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    return p;
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return __wrap_malloc(n ? n : 1); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return __wrap_malloc(n ? n : 1); }
void operator delete(void* p) noexcept { __wrap_free(p); }
void operator delete[](void* p) noexcept { __wrap_free(p); }
void operator delete(void* p, size_t) noexcept { __wrap_free(p); }
void operator delete[](void* p, size_t) noexcept { __wrap_free(p); }

// ---- reporting ------------------------------------------------------------------

static int failures = 0;
static bool verbose = false;
static void problem(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::fprintf(stdout, "  PROBLEM: ");
    std::vfprintf(stdout, fmt, ap);
    std::fprintf(stdout, "\n");
    va_end(ap);
    ++failures;
}

// True if LeakSanitizer found unreachable blocks (always false without ASan).
static bool leaked() {
#ifdef FWPK_HAVE_LSAN
    return __lsan_do_recoverable_leak_check() != 0;
#else
    return false;
#endif
}

// ---- state snapshots ----------------------------------------------------------------

static std::string hex(const void* p, size_t n) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) {
        s += d[static_cast<const uint8_t*>(p)[i] >> 4];
        s += d[static_cast<const uint8_t*>(p)[i] & 15];
    }
    return s;
}

static std::string dumpDetails(const IPSEC_SA_DETAILS1* d) {
    if (!d) return "-";
    std::string s = "dir" + std::to_string(d->saDirection) + " t=" + hex(&d->traffic, sizeof d->traffic);
    const IPSEC_SA_BUNDLE1& b = d->saBundle;
    s += " f=" + std::to_string(b.flags) + " qm=" + std::to_string(b.qmSaId) + " mm=" + std::to_string(b.mmSaId) +
         " nap=" + std::to_string(b.napContext) + " peer=" + std::to_string(b.peerV4PrivateAddress) + " n=" +
         std::to_string(b.numSAs);
    for (UINT32 i = 0; i < b.numSAs; ++i) {
        const IPSEC_SA0& sa = b.saList[i];
        s += " spi=" + std::to_string(sa.spi) + "/" + std::to_string(sa.saTransformType);
        if (sa.saTransformType == IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER) {
            const auto& ac = *sa.espAuthAndCipherInformation;
            s += " ck=" + hex(ac.saCipherInformation.cipherKey.data, ac.saCipherInformation.cipherKey.size);
            s += " ak=" + hex(ac.saAuthInformation.authKey.data, ac.saAuthInformation.authKey.size);
        }
    }
    if (b.keyModuleState) s += " kms=" + hex(b.keyModuleState->stateBlob.data, b.keyModuleState->stateBlob.size);
    if (d->udpEncapsulation) s += " udp=" + hex(d->udpEncapsulation, sizeof *d->udpEncapsulation);
    if (d->transportFilter) s += " filter=" + std::to_string(d->transportFilter->filterId);
    return s;
}

// Every provider, sublayer and callout a session sees, built-in ones included.
static std::string observeObjects(HANDLE h) {
    std::string s;
    HANDLE e = nullptr;
    FX_OK(FwpmProviderCreateEnumHandle0(h, nullptr, &e));
    FWPM_PROVIDER0** p = nullptr;
    UINT32 n = 0;
    FX_OK(FwpmProviderEnum0(h, e, 100000, &p, &n));
    for (UINT32 i = 0; i < n; ++i) s += "provider " + hex(&p[i]->providerKey, 16) + "\n";
    FwpmFreeMemory0(reinterpret_cast<void**>(&p));
    FX_OK(FwpmProviderDestroyEnumHandle0(h, e));
    FX_OK(FwpmSubLayerCreateEnumHandle0(h, nullptr, &e));
    FWPM_SUBLAYER0** sl = nullptr;
    FX_OK(FwpmSubLayerEnum0(h, e, 100000, &sl, &n));
    for (UINT32 i = 0; i < n; ++i) s += "sublayer " + hex(&sl[i]->subLayerKey, 16) + "\n";
    FwpmFreeMemory0(reinterpret_cast<void**>(&sl));
    FX_OK(FwpmSubLayerDestroyEnumHandle0(h, e));
    FX_OK(FwpmCalloutCreateEnumHandle0(h, nullptr, &e));
    FWPM_CALLOUT0** c = nullptr;
    FX_OK(FwpmCalloutEnum0(h, e, 100000, &c, &n));
    for (UINT32 i = 0; i < n; ++i) s += "callout " + std::to_string(c[i]->calloutId) + " " + hex(&c[i]->calloutKey, 16) + "\n";
    FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    FX_OK(FwpmCalloutDestroyEnumHandle0(h, e));
    return s;
}

// Everything a session can observe (its staged changes included).
static std::string observe(HANDLE h, bool stats) {
    std::string s;
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    for (;;) {
        IPSEC_SA_CONTEXT1** x = nullptr;
        UINT32 got = 0;
        FX_OK(IPsecSaContextEnum1(h, e, 16, &x, &got));
        for (UINT32 i = 0; i < got; ++i)
            s += "ctx " + std::to_string(x[i]->saContextId) + " in{" + dumpDetails(x[i]->inboundSa) + "} out{" +
                 dumpDetails(x[i]->outboundSa) + "}\n";
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (got < 16) break;
    }
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    FX_OK(FwpmFilterCreateEnumHandle0(h, nullptr, &e));
    for (;;) {
        FWPM_FILTER0** x = nullptr;
        UINT32 got = 0;
        FX_OK(FwpmFilterEnum0(h, e, 16, &x, &got));
        for (UINT32 i = 0; i < got; ++i) s += "filter " + std::to_string(x[i]->filterId) + " " + hex(&x[i]->filterKey, 16) + "\n";
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (got < 16) break;
    }
    FX_OK(FwpmFilterDestroyEnumHandle0(h, e));
    s += observeObjects(h);
    FX_OK(FwpmProviderContextCreateEnumHandle0(h, nullptr, &e));
    for (;;) {
        FWPM_PROVIDER_CONTEXT3** x = nullptr;
        UINT32 got = 0;
        FX_OK(FwpmProviderContextEnum3(h, e, 16, &x, &got));
        for (UINT32 i = 0; i < got; ++i)
            s += "pctx " + std::to_string(x[i]->providerContextId) + " " + hex(&x[i]->providerContextKey, 16) + " " +
                 std::to_string(unsigned(x[i]->type)) + "\n";
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (got < 16) break;
    }
    FX_OK(FwpmProviderContextDestroyEnumHandle0(h, e));
    if (stats) {
        IPSEC_STATISTICS1 st;
        FX_OK(IPsecGetStatistics1(h, &st));
        s += "stats " + hex(&st, sizeof st) + "\n";
        FX_OK(FwpmSessionCreateEnumHandle0(h, nullptr, &e));
        FWPM_SESSION0** x = nullptr;
        UINT32 got = 0;
        FX_OK(FwpmSessionEnum0(h, e, 1000, &x, &got));
        for (UINT32 i = 0; i < got; ++i) s += "session " + hex(&x[i]->sessionKey, 16) + "\n";
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        FX_OK(FwpmSessionDestroyEnumHandle0(h, e));
    }
    return s;
}

static HANDLE observer;  // never in a transaction

// ---- scenarios ------------------------------------------------------------------------

struct World {
    HANDLE s = nullptr;      // the session under test (static)
    HANDLE other = nullptr;  // a second static session
    std::vector<HANDLE> txnSessions;  // sessions whose staged view must be observed
    std::vector<UINT64> ids;
    UINT64 fo = 0, fi = 0;   // transport filters (outbound, inbound)
    HANDLE en = nullptr;     // an enumerator of s, when the scenario needs one
    std::vector<std::function<void()>> teardown;
};

struct Scenario {
    const char* name;
    std::function<void(World&)> setup;
    // The call; returns its status.  Out-pointers are checked by `cleared`.
    std::function<NTSTATUS(World&)> call;
    // After a failed call: are the out-pointers cleared?
    std::function<bool(World&)> cleared;
    // After the successful call: check/release its result.
    std::function<void(World&)> after;
};

// Scratch out-parameters shared by scenarios.
static HANDLE outHandle;
static UINT64 outId, outId2;
static IPSEC_SA_SPI outSpi;
static void* outPtr;
static UINT32 outCount;
static GUID gKey;

// Adds an outbound transport filter in session h and remembers its key in gKey.
static UINT64 keyedFilter(HANDLE h) {
    UINT64 id = fx::transportFilter(h, true);
    FWPM_FILTER0* f;
    FX_OK(FwpmFilterGetById0(h, id, &f));
    gKey = f->filterKey;
    FwpmFreeMemory0(reinterpret_cast<void**>(&f));
    return id;
}
static IPSEC_SA_SPI gSpi;
static GUID gKey2;
static UINT32 gCalloutId;

// A key never used before in this process.
static GUID newGuid() {
    static uint32_t n = 0;
    GUID g{};
    g.Data1 = 0x00A0A000u + ++n;
    g.Data2 = 0x0ff0;
    return g;
}

// Adds a provider, a sublayer (of `provider`, may be null) or a callout at
// IPSEC_V4 in session h; returns its key.
static GUID addProvider(HANDLE h) {
    FWPM_PROVIDER0 p{};
    p.providerKey = newGuid();
    p.displayData.name = const_cast<wchar_t*>(L"oom provider");
    p.serviceName = const_cast<wchar_t*>(L"oomsvc");
    FX_OK(FwpmProviderAdd0(h, &p, nullptr));
    return p.providerKey;
}
static GUID addSublayer(HANDLE h, const GUID* provider) {
    FWPM_SUBLAYER0 sl{};
    GUID prov = provider ? *provider : GUID{};
    sl.subLayerKey = newGuid();
    sl.displayData.name = const_cast<wchar_t*>(L"oom sublayer");
    sl.providerKey = provider ? &prov : nullptr;
    FX_OK(FwpmSubLayerAdd0(h, &sl, nullptr));
    return sl.subLayerKey;
}
static GUID addCallout(HANDLE h, UINT32* id = nullptr) {
    FWPM_CALLOUT0 c{};
    c.calloutKey = newGuid();
    c.displayData.name = const_cast<wchar_t*>(L"oom callout");
    c.applicableLayer = FWPM_LAYER_IPSEC_V4;
    FX_OK(FwpmCalloutAdd0(h, &c, nullptr, id));
    return c.calloutKey;
}
static bool providerExists(HANDLE h, const GUID& k) {
    FWPM_PROVIDER0* p = nullptr;
    NTSTATUS st = FwpmProviderGetByKey0(h, &k, &p);
    FwpmFreeMemory0(reinterpret_cast<void**>(&p));
    return st == STATUS_SUCCESS;
}
static bool sublayerExists(HANDLE h, const GUID& k) {
    FWPM_SUBLAYER0* p = nullptr;
    NTSTATUS st = FwpmSubLayerGetByKey0(h, &k, &p);
    FwpmFreeMemory0(reinterpret_cast<void**>(&p));
    return st == STATUS_SUCCESS;
}
static bool calloutExists(HANDLE h, const GUID& k) {
    FWPM_CALLOUT0* p = nullptr;
    NTSTATUS st = FwpmCalloutGetByKey0(h, &k, &p);
    FwpmFreeMemory0(reinterpret_cast<void**>(&p));
    return st == STATUS_SUCCESS;
}

static void clearOuts() {
    outHandle = reinterpret_cast<HANDLE>(uintptr_t(0xBAD));
    outId = outId2 = 0xBAD;
    outSpi = 0xBAD;
    outPtr = reinterpret_cast<void*>(uintptr_t(0xBAD));
    outCount = 0xBAD;
}

static UINT64 created(World& w) {
    IPSEC_TRAFFIC1 t = fx::tunnelTraffic(uint32_t(w.ids.size() + 1));
    UINT64 id;
    FX_OK(IPsecSaContextCreate1(w.s, &t, nullptr, nullptr, &id));
    w.ids.push_back(id);
    return id;
}
static IPSEC_SA_SPI withSpi(World& w, UINT64 id, HANDLE h = nullptr) {
    IPSEC_GETSPI1 g{};
    g.inboundIpsecTraffic = fx::inboundOf(fx::tunnelTraffic(uint32_t(id)));
    g.ipVersion = FWP_IP_VERSION_V4;
    IPSEC_SA_SPI spi;
    FX_OK(IPsecSaContextGetSpi1(h ? h : w.s, id, &g, &spi));
    return spi;
}
static UINT64 inboundCtx(World& w) {
    UINT64 id = created(w);
    IPSEC_SA_SPI spi = withSpi(w, id);
    fx::Bundle b(spi, 1, 3);
    FX_OK(IPsecSaContextAddInbound1(w.s, id, &b.b));
    return id;
}
static UINT64 completeCtx(World& w) {
    UINT64 id = fx::fullContext(w.s, uint32_t(1000 + w.ids.size()));
    w.ids.push_back(id);
    return id;
}

// A provider context that reaches deep: a tunnel policy with two proposals,
// multi-address endpoints and an extended-mode policy with certificate
// criteria (EKUs, a name) and a preshared key.  Static storage: the call
// deep-copies it.
static FWPM_PROVIDER_CONTEXT3* richContext() {
    static IPSEC_AUTH_TRANSFORM0 ah{{IPSEC_AUTH_SHA_256, IPSEC_AUTH_CONFIG_HMAC_SHA_256_128}, nullptr};
    static IPSEC_CIPHER_TRANSFORM0 cipher{{IPSEC_CIPHER_TYPE_AES_256, IPSEC_CIPHER_CONFIG_GCM_AES_256}, nullptr};
    static IPSEC_AUTH_AND_CIPHER_TRANSFORM0 both{ah, cipher};
    static IPSEC_SA_TRANSFORM0 tr[2];
    tr[0].ipsecTransformType = IPSEC_TRANSFORM_AH;
    tr[0].ahTransform = &ah;
    tr[1].ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
    tr[1].espAuthAndCipherTransform = &both;
    static IPSEC_PROPOSAL0 props[2] = {{{3600, 0, 0}, 2, tr, IPSEC_PFS_2048}, {{600, 1000, 0}, 1, tr + 1, IPSEC_PFS_NONE}};
    static IPSEC_TUNNEL_ENDPOINT0 remotes[2];
    remotes[0].ipVersion = FWP_IP_VERSION_V4;
    remotes[0].v4Address = 0x0a000001;
    remotes[1].ipVersion = FWP_IP_VERSION_V6;
    std::memset(remotes[1].v6Address, 0x20, 16);
    static char eku0[] = "1.3.6.1.5.5.7.3.1";
    static char* ekus[1] = {eku0};
    static IKEEXT_CERT_EKUS0 ekuList{1, ekus};
    static IKEEXT_CERT_NAME0 name{IKEEXT_CERT_CRITERIA_CN, const_cast<wchar_t*>(L"gateway")};
    static UINT8 hash[4] = {9, 8, 7, 6};
    static IKEEXT_CERTIFICATE_CRITERIA0 crit{{0, nullptr}, {4, hash}, &ekuList, &name, 0};
    static IKEEXT_AUTHENTICATION_METHOD2 am[2];
    am[0].authenticationMethodType = IKEEXT_CERTIFICATE;
    am[0].certificateAuthentication.inboundConfigType = IKEEXT_CERT_CONFIG_EXPLICIT_TRUST_LIST;
    am[0].certificateAuthentication.inboundRootArraySize = 1;
    am[0].certificateAuthentication.inboundRootCriteria = &crit;
    am[0].certificateAuthentication.outboundConfigType = IKEEXT_CERT_CONFIG_ENTERPRISE_STORE;
    am[0].certificateAuthentication.outboundEnterpriseStoreArraySize = 1;
    am[0].certificateAuthentication.outboundEnterpriseStoreCriteria = &crit;
    static UINT8 psk[6] = {'s', 'e', 'c', 'r', 'e', 't'};
    am[1].authenticationMethodType = IKEEXT_PRESHARED_KEY;
    am[1].presharedKeyAuthentication.presharedKey = {6, psk};
    static IKEEXT_EM_POLICY2 em{2, am, IKEEXT_IMPERSONATION_NONE};
    static IPSEC_TUNNEL_POLICY2 tp{};
    tp.numIpsecProposals = 2;
    tp.ipsecProposals = props;
    tp.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
    tp.tunnelEndpoints.remoteFqdn = const_cast<wchar_t*>(L"vpn.example");
    tp.tunnelEndpoints.numAddresses = 2;
    tp.tunnelEndpoints.remoteAddresses = remotes;
    tp.emPolicy = &em;
    static FWPM_PROVIDER_CONTEXT3 c{};
    c.displayData.name = const_cast<wchar_t*>(L"oom provider context");
    c.displayData.description = const_cast<wchar_t*>(L"a tunnel policy");
    c.type = FWPM_IPSEC_IKEV2_QM_TUNNEL_CONTEXT;
    c.ikeV2QmTunnelPolicy = &tp;
    std::memset(&c.providerContextKey, 0, sizeof(GUID));
    return &c;
}
// Adds richContext() in session h; its key in gKey.
static UINT64 addedContext(HANDLE h) {
    UINT64 id;
    FX_OK(FwpmProviderContextAdd3(h, richContext(), nullptr, &id));
    FWPM_PROVIDER_CONTEXT3* c;
    FX_OK(FwpmProviderContextGetById3(h, id, &c));
    gKey = c->providerContextKey;
    FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    return id;
}

static std::vector<Scenario> scenarios() {
    std::vector<Scenario> v;
    auto none = [](World&) {};
    auto noCheck = [](World&) { return true; };
    auto handleCleared = [](World&) { return outHandle == nullptr; };
    auto ptrCleared = [](World&) { return outPtr == nullptr; };
    auto enumCleared = [](World&) { return outPtr == nullptr && outCount == 0; };
    auto freeOut = [](World&) { FwpmFreeMemory0(&outPtr); };

    v.push_back({"FwpmEngineOpen0", none,
                 [](World&) {
                     FWPM_SESSION0 o{};
                     o.displayData.name = const_cast<wchar_t*>(L"oom session");
                     return FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &outHandle);
                 },
                 handleCleared, [](World&) { FX_OK(FwpmEngineClose0(outHandle)); }});
    v.push_back({"FwpmEngineOpen0 (dynamic)", none,
                 [](World&) {
                     FWPM_SESSION0 o{};
                     o.flags = FWPM_SESSION_FLAG_DYNAMIC;
                     return FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &outHandle);
                 },
                 handleCleared, [](World&) { FX_OK(FwpmEngineClose0(outHandle)); }});
    v.push_back({"FwpmEngineClose0 (session with txn, enumerators, dynamic filter)",
                 [](World& w) {
                     FWPM_SESSION0 o{};
                     o.flags = FWPM_SESSION_FLAG_DYNAMIC;
                     FX_OK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &w.other));
                     fx::transportFilter(w.other, true);
                     HANDLE e;
                     FX_OK(IPsecSaContextCreateEnumHandle0(w.other, nullptr, &e));
                     FX_OK(FwpmFilterCreateEnumHandle0(w.other, nullptr, &e));
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                     fx::transportFilter(w.other, false);
                 },
                 [](World& w) { return FwpmEngineClose0(w.other); }, noCheck, [](World& w) { w.other = nullptr; }});
    v.push_back({"FwpmTransactionBegin0 (read/write)", none, [](World& w) { return FwpmTransactionBegin0(w.s, 0); },
                 noCheck, [](World& w) { FX_OK(FwpmTransactionAbort0(w.s)); }});
    v.push_back({"FwpmTransactionBegin0 (read-only)", none,
                 [](World& w) { return FwpmTransactionBegin0(w.s, FWPM_TXN_READ_ONLY); }, noCheck,
                 [](World& w) { FX_OK(FwpmTransactionAbort0(w.s)); }});
    v.push_back({"FwpmTransactionCommit0 (staged filters and SA changes)",
                 [](World& w) {
                     UINT64 a = created(w), b = inboundCtx(w), c = completeCtx(w);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                     withSpi(w, a);
                     fx::Bundle ob(0x5000, 1, 9);
                     FX_OK(IPsecSaContextAddOutbound1(w.s, b, &ob.b));
                     ::setenv("FWPKCLNT_EXPIRE_DELAY_MS", "3600000", 1);
                     FX_OK(IPsecSaContextExpire0(w.s, c));
                     fx::transportFilter(w.s, true);
                 },
                 [](World& w) { return FwpmTransactionCommit0(w.s); }, noCheck,
                 [](World& w) { w.txnSessions.clear(); }});
    v.push_back({"FwpmTransactionAbort0",
                 [](World& w) {
                     UINT64 a = created(w);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                     withSpi(w, a);
                     fx::transportFilter(w.s, true);
                 },
                 [](World& w) { return FwpmTransactionAbort0(w.s); }, noCheck, [](World& w) { w.txnSessions.clear(); }});
    v.push_back({"FwpmSessionCreateEnumHandle0", none,
                 [](World& w) { return FwpmSessionCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(FwpmSessionDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmSessionEnum0", [](World& w) { FX_OK(FwpmSessionCreateEnumHandle0(w.s, nullptr, &w.en)); },
                 [](World& w) {
                     return FwpmSessionEnum0(w.s, w.en, 100, reinterpret_cast<FWPM_SESSION0***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     if (outCount < 2) problem("FwpmSessionEnum0 returned %u sessions after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmSessionDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmSessionDestroyEnumHandle0", [](World& w) { FX_OK(FwpmSessionCreateEnumHandle0(w.s, nullptr, &w.en)); },
                 [](World& w) { return FwpmSessionDestroyEnumHandle0(w.s, w.en); }, noCheck, none});
    v.push_back({"FwpmFilterAdd0", none,
                 [](World& w) {
                     FWPM_FILTER0 f{};
                     f.displayData.name = const_cast<wchar_t*>(L"oom filter");
                     f.displayData.description = const_cast<wchar_t*>(L"with a condition");
                     f.layerKey = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
                     f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
                     f.action.calloutKey = FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4;
                     FWPM_FILTER_CONDITION0 c{};
                     c.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
                     c.matchType = FWP_MATCH_EQUAL;
                     c.conditionValue.type = FWP_UINT16;
                     c.conditionValue.uint16 = 500;
                     f.numFilterConditions = 1;
                     f.filterCondition = &c;
                     return FwpmFilterAdd0(w.s, &f, nullptr, &outId);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmFilterDeleteById0(w.s, outId)); }});
    v.push_back({"FwpmFilterAdd0 (dynamic session)",
                 [](World& w) {
                     FWPM_SESSION0 o{};
                     o.flags = FWPM_SESSION_FLAG_DYNAMIC;
                     FX_OK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &w.other));
                 },
                 [](World& w) {
                     FWPM_FILTER0 f{};
                     f.displayData.name = const_cast<wchar_t*>(L"oom dyn filter");
                     f.layerKey = FWPM_LAYER_INBOUND_TRANSPORT_V4;
                     f.action.type = FWP_ACTION_PERMIT;
                     return FwpmFilterAdd0(w.other, &f, nullptr, &outId);
                 },
                 noCheck, none});
    v.push_back({"FwpmFilterAdd0 (inside a transaction)",
                 [](World& w) {
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                 },
                 [](World& w) {
                     FWPM_FILTER0 f{};
                     f.displayData.name = const_cast<wchar_t*>(L"oom txn filter");
                     f.layerKey = FWPM_LAYER_INBOUND_TRANSPORT_V4;
                     f.action.type = FWP_ACTION_PERMIT;
                     return FwpmFilterAdd0(w.s, &f, nullptr, &outId);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmTransactionCommit0(w.s)); w.txnSessions.clear(); }});
    v.push_back({"FwpmFilterDeleteById0", [](World& w) { w.fo = fx::transportFilter(w.s, true); },
                 [](World& w) { return FwpmFilterDeleteById0(w.s, w.fo); }, noCheck, none});
    v.push_back({"FwpmFilterDeleteByKey0",
                 [](World& w) {
                     w.fo = keyedFilter(w.s);
                 },
                 [](World& w) { return FwpmFilterDeleteByKey0(w.s, &gKey); }, noCheck, none});
    v.push_back({"FwpmFilterGetById0", [](World& w) { w.fo = fx::transportFilter(w.s, true); },
                 [](World& w) { return FwpmFilterGetById0(w.s, w.fo, reinterpret_cast<FWPM_FILTER0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"FwpmFilterGetByKey0",
                 [](World& w) {
                     w.fo = keyedFilter(w.s);
                 },
                 [](World& w) { return FwpmFilterGetByKey0(w.s, &gKey, reinterpret_cast<FWPM_FILTER0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"FwpmFilterCreateEnumHandle0", [](World& w) { fx::transportFilter(w.s, true); },
                 [](World& w) { return FwpmFilterCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(FwpmFilterDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmFilterEnum0",
                 [](World& w) {
                     fx::transportFilter(w.s, true);
                     fx::transportFilter(w.s, false);
                     FX_OK(FwpmFilterCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) { return FwpmFilterEnum0(w.s, w.en, 100, reinterpret_cast<FWPM_FILTER0***>(&outPtr), &outCount); },
                 enumCleared,
                 [](World& w) {
                     // 2 + the 4 filters of the fixture's tunnel policy (fx::ensureTunnelPolicy)
                     if (outCount != 6) problem("FwpmFilterEnum0 returned %u of 6 filters after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmFilterDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmFilterDestroyEnumHandle0", [](World& w) { FX_OK(FwpmFilterCreateEnumHandle0(w.s, nullptr, &w.en)); },
                 [](World& w) { return FwpmFilterDestroyEnumHandle0(w.s, w.en); }, noCheck, none});
    v.push_back({"FwpmProviderContextAdd3 (tunnel policy, certificate criteria)", none,
                 [](World& w) { return FwpmProviderContextAdd3(w.s, richContext(), nullptr, &outId); }, noCheck,
                 [](World& w) { FX_OK(FwpmProviderContextDeleteById0(w.s, outId)); }});
    v.push_back({"FwpmProviderContextAdd0 (keying policy)", none,
                 [](World& w) {
                     static GUID mods[2] = {FWPM_LAYER_IPSEC_V4, FWPM_LAYER_IPSEC_V6};
                     IPSEC_KEYING_POLICY0 kp{2, mods};
                     FWPM_PROVIDER_CONTEXT0 c{};
                     c.displayData.name = const_cast<wchar_t*>(L"oom keying");
                     c.type = FWPM_IPSEC_KEYING_CONTEXT;
                     c.keyingPolicy = &kp;
                     return FwpmProviderContextAdd0(w.s, &c, nullptr, &outId);
                 },
                 noCheck, none});
    v.push_back({"FwpmProviderContextAdd3 (inside a transaction)",
                 [](World& w) {
                     addedContext(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                 },
                 [](World& w) { return FwpmProviderContextAdd3(w.s, richContext(), nullptr, &outId); }, noCheck,
                 [](World& w) { FX_OK(FwpmTransactionCommit0(w.s)); w.txnSessions.clear(); }});
    v.push_back({"FwpmProviderContextAdd3 (dynamic session)",
                 [](World& w) {
                     FWPM_SESSION0 o{};
                     o.flags = FWPM_SESSION_FLAG_DYNAMIC;
                     FX_OK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &w.other));
                 },
                 [](World& w) { return FwpmProviderContextAdd3(w.other, richContext(), nullptr, &outId); }, noCheck,
                 none});
    v.push_back({"FwpmTransactionCommit0 (staged provider-context add and delete)",
                 [](World& w) {
                     UINT64 old = addedContext(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                     addedContext(w.s);
                     FX_OK(FwpmProviderContextDeleteById0(w.s, old));
                 },
                 [](World& w) { return FwpmTransactionCommit0(w.s); }, noCheck,
                 [](World& w) { w.txnSessions.clear(); }});
    v.push_back({"FwpmProviderContextDeleteById0", [](World& w) { w.fo = addedContext(w.s); },
                 [](World& w) { return FwpmProviderContextDeleteById0(w.s, w.fo); }, noCheck, none});
    v.push_back({"FwpmProviderContextDeleteByKey0", [](World& w) { addedContext(w.s); },
                 [](World& w) { return FwpmProviderContextDeleteByKey0(w.s, &gKey); }, noCheck, none});
    v.push_back({"FwpmProviderContextGetById1 (a version-3 context read as version 1)",
                 [](World& w) { w.fo = addedContext(w.s); },
                 [](World& w) {
                     return FwpmProviderContextGetById1(w.s, w.fo, reinterpret_cast<FWPM_PROVIDER_CONTEXT1**>(&outPtr));
                 },
                 ptrCleared, freeOut});
    v.push_back({"FwpmProviderContextGetByKey3", [](World& w) { addedContext(w.s); },
                 [](World& w) {
                     return FwpmProviderContextGetByKey3(w.s, &gKey, reinterpret_cast<FWPM_PROVIDER_CONTEXT3**>(&outPtr));
                 },
                 ptrCleared, freeOut});
    v.push_back({"FwpmProviderContextCreateEnumHandle0", [](World& w) { addedContext(w.s); },
                 [](World& w) { return FwpmProviderContextCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(FwpmProviderContextDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmProviderContextEnum2",
                 [](World& w) {
                     addedContext(w.s);
                     addedContext(w.s);
                     FX_OK(FwpmProviderContextCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) {
                     return FwpmProviderContextEnum2(w.s, w.en, 100, reinterpret_cast<FWPM_PROVIDER_CONTEXT2***>(&outPtr),
                                                     &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     // 2 + the fixture's tunnel policy (fx::ensureTunnelPolicy)
                     if (outCount != 3) problem("FwpmProviderContextEnum2 returned %u of 3 contexts after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmProviderContextDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmProviderContextDestroyEnumHandle0",
                 [](World& w) { FX_OK(FwpmProviderContextCreateEnumHandle0(w.s, nullptr, &w.en)); },
                 [](World& w) { return FwpmProviderContextDestroyEnumHandle0(w.s, w.en); }, noCheck, none});
    // A tunnel is several objects added at once: a failure anywhere must leave
    // none of them (the observed state is compared), in an implicit
    // transaction and inside the caller's.
    static const GUID kTunnelKey = {0x5eed7111u, 0x0001, 0x4000, {0x80, 1, 2, 3, 4, 5, 6, 7}};
    static auto addTunnel = [](World& w) {
        static IPSEC_AUTH_AND_CIPHER_TRANSFORM0 tr{};
        tr.authTransform.authTransformId = {IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96};
        tr.cipherTransform.cipherTransformId = {IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128};
        IPSEC_SA_TRANSFORM0 st{};
        st.ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
        st.espAuthAndCipherTransform = &tr;
        IPSEC_PROPOSAL0 prop{};
        prop.numSaTransforms = 1;
        prop.saTransforms = &st;
        IPSEC_TUNNEL_POLICY0 pol{};
        pol.numIpsecProposals = 1;
        pol.ipsecProposals = &prop;
        pol.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
        pol.tunnelEndpoints.localV4Address = 0xC0A80001u;
        pol.tunnelEndpoints.remoteV4Address = 0xC0A80002u;
        FWPM_PROVIDER_CONTEXT0 qm{};
        qm.providerContextKey = kTunnelKey;
        qm.displayData.name = const_cast<wchar_t*>(L"oom tunnel");
        qm.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
        qm.ikeQmTunnelPolicy = &pol;
        IKEEXT_POLICY0 mmPol{};
        FWPM_PROVIDER_CONTEXT0 mm{};
        mm.displayData.name = const_cast<wchar_t*>(L"oom tunnel mm");
        mm.type = FWPM_IPSEC_IKE_MM_CONTEXT;
        mm.ikeMmPolicy = &mmPol;
        FWP_V4_ADDR_AND_MASK subnets[2] = {{0x0A010000u, 0xFFFF0000u}, {0x0A020000u, 0xFFFF0000u}};
        FWPM_FILTER_CONDITION0 c[2]{};
        c[0].fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
        c[0].matchType = FWP_MATCH_EQUAL;
        c[0].conditionValue.type = FWP_V4_ADDR_MASK;
        c[0].conditionValue.v4AddrMask = &subnets[0];
        c[1] = c[0];
        c[1].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
        c[1].conditionValue.v4AddrMask = &subnets[1];
        return FwpmIPsecTunnelAdd0(w.s, 0, &mm, &qm, 2, c, nullptr);  // site to site: the most filters
    };
    v.push_back({"FwpmIPsecTunnelAdd0", none, [](World& w) { return addTunnel(w); }, noCheck, none});
    v.push_back({"FwpmIPsecTunnelAdd0 (inside a transaction)",
                 [](World& w) {
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                 },
                 [](World& w) { return addTunnel(w); }, noCheck,
                 [](World& w) { FX_OK(FwpmTransactionCommit0(w.s)); w.txnSessions.clear(); }});
    v.push_back({"FwpmIPsecTunnelDeleteByKey0", [](World& w) { FX_OK(addTunnel(w)); },
                 [](World& w) { return FwpmIPsecTunnelDeleteByKey0(w.s, &kTunnelKey); }, noCheck, none});
    v.push_back({"IPsecSaContextCreate0 (tunnel)", none,
                 [](World& w) {
                     IPSEC_TRAFFIC0 t{};
                     t.ipVersion = FWP_IP_VERSION_V4;
                     t.localV4Address = 1;
                     t.remoteV4Address = 2;
                     t.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
                     t.tunnelPolicyId = fx::tunnelPolicyId();
                     return IPsecSaContextCreate0(w.s, &t, &outId2, &outId);
                 },
                 noCheck, [](World& w) { w.ids.push_back(outId); }});
    // 1536 = 3/4 of 2048 slots: the engine's id index (lib/engine/id_index.h)
    // is full, so this create must grow it before publishing.  No earlier
    // scenario stores that many contexts (the index never shrinks); the
    // allocs column then shows one more allocation than the plain create.
    v.push_back({"IPsecSaContextCreate0 (1536 stored: the id index grows)",
                 [](World& w) {
                     for (uint32_t i = 0; i < 1536; ++i) {
                         IPSEC_TRAFFIC1 t = fx::tunnelTraffic(50000 + i);
                         UINT64 id;
                         FX_OK(IPsecSaContextCreate1(w.s, &t, nullptr, nullptr, &id));
                         w.ids.push_back(id);
                     }
                 },
                 [](World& w) {
                     IPSEC_TRAFFIC0 t{};
                     t.ipVersion = FWP_IP_VERSION_V4;
                     t.localV4Address = 1;
                     t.remoteV4Address = 2;
                     t.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
                     t.tunnelPolicyId = fx::tunnelPolicyId();
                     return IPsecSaContextCreate0(w.s, &t, nullptr, &outId);
                 },
                 noCheck,
                 [](World& w) {
                     IPSEC_SA_CONTEXT0* c = nullptr;
                     FX_OK(IPsecSaContextGetById0(w.s, outId, &c));
                     if (c->saContextId != outId) problem("GetById0 after the index grew returned context %llu",
                                                          (unsigned long long)c->saContextId);
                     FwpmFreeMemory0(reinterpret_cast<void**>(&c));
                     for (UINT64 id : w.ids) {
                         FX_OK(IPsecSaContextGetById0(w.s, id, &c));
                         FwpmFreeMemory0(reinterpret_cast<void**>(&c));
                     }
                     w.ids.push_back(outId);
                 }});
    v.push_back({"IPsecSaContextCreate1 (transport, names a filter)",
                 [](World& w) { w.fo = fx::transportFilter(w.s, true); },
                 [](World& w) {
                     IPSEC_TRAFFIC1 t = fx::tunnelTraffic(5);
                     t.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
                     t.ipsecFilterId = w.fo;
                     IPSEC_VIRTUAL_IF_TUNNEL_INFO0 vif{1, 2};
                     return IPsecSaContextCreate1(w.s, &t, &vif, nullptr, &outId);
                 },
                 noCheck, [](World& w) { w.ids.push_back(outId); }});
    v.push_back({"IPsecSaContextGetSpi1", [](World& w) { created(w); },
                 [](World& w) {
                     IPSEC_GETSPI1 g{};
                     g.inboundIpsecTraffic = fx::inboundOf(fx::tunnelTraffic(1));
                     g.ipVersion = FWP_IP_VERSION_V4;
                     IPSEC_V4_UDP_ENCAPSULATION0 u{4500, 4500};
                     g.inboundUdpEncapsulation = &u;
                     return IPsecSaContextGetSpi1(w.s, w.ids[0], &g, &outSpi);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextGetSpi0 (inside a transaction)",
                 [](World& w) {
                     created(w);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                 },
                 [](World& w) {
                     IPSEC_GETSPI0 g{};
                     g.inboundIpsecTraffic.ipVersion = FWP_IP_VERSION_V4;
                     g.inboundIpsecTraffic.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
                     g.inboundIpsecTraffic.tunnelPolicyId = fx::tunnelPolicyId();
                     g.ipVersion = FWP_IP_VERSION_V4;
                     return IPsecSaContextGetSpi0(w.s, w.ids[0], &g, &outSpi);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmTransactionCommit0(w.s)); w.txnSessions.clear(); }});
    v.push_back({"IPsecSaContextSetSpi0", [](World& w) { created(w); },
                 [](World& w) {
                     IPSEC_GETSPI1 g{};
                     g.inboundIpsecTraffic = fx::inboundOf(fx::tunnelTraffic(1));
                     g.ipVersion = FWP_IP_VERSION_V4;
                     return IPsecSaContextSetSpi0(w.s, w.ids[0], &g, 0x7777777);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextAddInbound1", [](World& w) { gSpi = withSpi(w, created(w)); },
                 [](World& w) {
                     fx::Bundle b(gSpi, 1, 3);
                     IPSEC_ID0 id{};
                     id.mmTargetName = const_cast<wchar_t*>(L"peer.example");
                     b.b.ipsecId = &id;
                     UINT8 blob[12] = {1, 2, 3};
                     IPSEC_KEYMODULE_STATE0 k{};
                     k.stateBlob = {12, blob};
                     b.b.keyModuleState = &k;
                     return IPsecSaContextAddInbound1(w.s, w.ids[0], &b.b);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextAddInbound0", [](World& w) { gSpi = withSpi(w, created(w)); },
                 [](World& w) {
                     fx::Bundle b(gSpi, 1, 3);
                     IPSEC_SA_BUNDLE0 b0;
                     std::memcpy(&b0, &b.b, sizeof b0);
                     return IPsecSaContextAddInbound0(w.s, w.ids[0], &b0);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextAddOutbound1", [](World& w) { inboundCtx(w); },
                 [](World& w) {
                     fx::Bundle b(0x4444, 1, 4);
                     return IPsecSaContextAddOutbound1(w.s, w.ids[0], &b.b);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextAddOutbound0 (inside a transaction)",
                 [](World& w) {
                     inboundCtx(w);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                 },
                 [](World& w) {
                     fx::Bundle b(0x4444, 1, 4);
                     IPSEC_SA_BUNDLE0 b0;
                     std::memcpy(&b0, &b.b, sizeof b0);
                     return IPsecSaContextAddOutbound0(w.s, w.ids[0], &b0);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmTransactionCommit0(w.s)); w.txnSessions.clear(); }});
    v.push_back({"IPsecSaContextUpdate0 (traffic + bundle fields, both sides)", [](World& w) { completeCtx(w); },
                 [](World& w) {
                     IPSEC_SA_DETAILS1 din{}, dout{};
                     din.traffic = fx::inboundOf(fx::tunnelTraffic(9));
                     dout.traffic = fx::tunnelTraffic(9);
                     UINT8 blob[8] = {9};
                     IPSEC_KEYMODULE_STATE0 k{};
                     k.stateBlob = {8, blob};
                     din.saBundle.keyModuleState = &k;
                     din.saBundle.mmSaId = 77;
                     dout.saBundle = din.saBundle;
                     IPSEC_V4_UDP_ENCAPSULATION0 u{1, 2};
                     din.udpEncapsulation = &u;
                     IPSEC_SA_CONTEXT1 v{w.ids[0], &din, &dout};
                     return IPsecSaContextUpdate0(w.s, 0x7F, &v);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextGetById1", [](World& w) { completeCtx(w); },
                 [](World& w) { return IPsecSaContextGetById1(w.s, w.ids[0], reinterpret_cast<IPSEC_SA_CONTEXT1**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"IPsecSaContextGetById0", [](World& w) { completeCtx(w); },
                 [](World& w) { return IPsecSaContextGetById0(w.s, w.ids[0], reinterpret_cast<IPSEC_SA_CONTEXT0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"IPsecSaContextDeleteById0", [](World& w) { completeCtx(w); },
                 [](World& w) { return IPsecSaContextDeleteById0(w.s, w.ids[0]); }, noCheck,
                 [](World& w) { w.ids.clear(); }});
    v.push_back({"IPsecSaContextExpire0", [](World& w) { completeCtx(w); },
                 [](World& w) {
                     ::setenv("FWPKCLNT_EXPIRE_DELAY_MS", "3600000", 1);
                     return IPsecSaContextExpire0(w.s, w.ids[0]);
                 },
                 noCheck, none});
    v.push_back({"IPsecSaContextCreateEnumHandle0 (NULL template)",
                 [](World& w) {
                     completeCtx(w);
                     completeCtx(w);
                 },
                 [](World& w) { return IPsecSaContextCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(IPsecSaContextDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"IPsecSaContextCreateEnumHandle0 (subnet template)", [](World& w) { completeCtx(w); },
                 [](World& w) {
                     IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t{};
                     FWP_V4_ADDR_AND_MASK m{0x0A000000u, 0xFF000000u};
                     t.localSubNet.type = FWP_V4_ADDR_MASK;
                     t.localSubNet.v4AddrMask = &m;
                     return IPsecSaContextCreateEnumHandle0(w.s, &t, &outHandle);
                 },
                 handleCleared, [](World& w) { FX_OK(IPsecSaContextDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"IPsecSaContextEnum1",
                 [](World& w) {
                     for (int i = 0; i < 3; ++i) completeCtx(w);
                     FX_OK(IPsecSaContextCreateEnumHandle0(w.s, nullptr, &w.en));
                     IPSEC_SA_CONTEXT1** x;
                     UINT32 n;
                     FX_OK(IPsecSaContextEnum1(w.s, w.en, 1, &x, &n));  // position 1
                     FwpmFreeMemory0(reinterpret_cast<void**>(&x));
                 },
                 [](World& w) {
                     return IPsecSaContextEnum1(w.s, w.en, 100, reinterpret_cast<IPSEC_SA_CONTEXT1***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     auto** x = static_cast<IPSEC_SA_CONTEXT1**>(outPtr);
                     if (outCount != 2 || x[0]->saContextId != w.ids[1] || x[1]->saContextId != w.ids[2])
                         problem("IPsecSaContextEnum1 lost its position after failures (%u entries)", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(IPsecSaContextDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"IPsecSaContextEnum0",
                 [](World& w) {
                     for (int i = 0; i < 2; ++i) completeCtx(w);
                     FX_OK(IPsecSaContextCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) {
                     return IPsecSaContextEnum0(w.s, w.en, 100, reinterpret_cast<IPSEC_SA_CONTEXT0***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     auto** x = static_cast<IPSEC_SA_CONTEXT0**>(outPtr);
                     if (outCount != 2 || x[0]->saContextId != w.ids[0])
                         problem("IPsecSaContextEnum0 lost its position after failures (%u entries)", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(IPsecSaContextDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"IPsecSaContextDestroyEnumHandle0",
                 [](World& w) {
                     completeCtx(w);
                     FX_OK(IPsecSaContextCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) { return IPsecSaContextDestroyEnumHandle0(w.s, w.en); }, noCheck, none});
    v.push_back({"IPsecSaCreateEnumHandle0", [](World& w) { completeCtx(w); },
                 [](World& w) { return IPsecSaCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(IPsecSaDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"IPsecSaEnum1",
                 [](World& w) {
                     completeCtx(w);
                     inboundCtx(w);
                     FX_OK(IPsecSaCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) { return IPsecSaEnum1(w.s, w.en, 100, reinterpret_cast<IPSEC_SA_DETAILS1***>(&outPtr), &outCount); },
                 enumCleared,
                 [](World& w) {
                     if (outCount != 3) problem("IPsecSaEnum1 returned %u of 3 SAs after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(IPsecSaDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"IPsecSaEnum0",
                 [](World& w) {
                     completeCtx(w);
                     FX_OK(IPsecSaCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) { return IPsecSaEnum0(w.s, w.en, 100, reinterpret_cast<IPSEC_SA_DETAILS0***>(&outPtr), &outCount); },
                 enumCleared,
                 [](World& w) {
                     if (outCount != 2) problem("IPsecSaEnum0 returned %u of 2 SAs after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(IPsecSaDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"IPsecSaDestroyEnumHandle0",
                 [](World& w) {
                     completeCtx(w);
                     FX_OK(IPsecSaCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) { return IPsecSaDestroyEnumHandle0(w.s, w.en); }, noCheck, none});
    v.push_back({"IPsecGetStatistics1", [](World& w) { completeCtx(w); },
                 [](World& w) {
                     static IPSEC_STATISTICS1 s;
                     return IPsecGetStatistics1(w.s, &s);
                 },
                 noCheck, none});
    v.push_back({"IPsecGetStatistics0", none,
                 [](World& w) {
                     static IPSEC_STATISTICS0 s;
                     return IPsecGetStatistics0(w.s, &s);
                 },
                 noCheck, none});
    // Providers, sublayers, layers, callouts.
    v.push_back({"FwpmProviderAdd0", none,
                 [](World& w) {
                     FWPM_PROVIDER0 p{};
                     gKey = newGuid();
                     p.providerKey = gKey;
                     p.displayData.name = const_cast<wchar_t*>(L"oom provider");
                     p.serviceName = const_cast<wchar_t*>(L"svc");
                     return FwpmProviderAdd0(w.s, &p, nullptr);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmProviderDeleteByKey0(w.s, &gKey)); }});
    v.push_back({"FwpmProviderAdd0 (dynamic session, inside a transaction)",
                 [](World& w) {
                     w.other = fx::open(FWPM_SESSION_FLAG_DYNAMIC);
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                     w.txnSessions.push_back(w.other);
                 },
                 [](World& w) {
                     FWPM_PROVIDER0 p{};
                     p.displayData.name = const_cast<wchar_t*>(L"oom dyn provider");
                     return FwpmProviderAdd0(w.other, &p, nullptr);
                 },
                 noCheck, [](World& w) { w.txnSessions.clear(); }});
    v.push_back({"FwpmProviderGetByKey0", [](World& w) { gKey = addProvider(w.s); },
                 [](World& w) { return FwpmProviderGetByKey0(w.s, &gKey, reinterpret_cast<FWPM_PROVIDER0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"FwpmProviderCreateEnumHandle0", [](World& w) { addProvider(w.s); },
                 [](World& w) { return FwpmProviderCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(FwpmProviderDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmProviderEnum0",
                 [](World& w) {
                     addProvider(w.s);
                     FX_OK(FwpmProviderCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) {
                     return FwpmProviderEnum0(w.s, w.en, 1000, reinterpret_cast<FWPM_PROVIDER0***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmProviderDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmSubLayerAdd0 (with a provider)", [](World& w) { gKey2 = addProvider(w.s); },
                 [](World& w) {
                     FWPM_SUBLAYER0 sl{};
                     gKey = newGuid();
                     sl.subLayerKey = gKey;
                     sl.displayData.name = const_cast<wchar_t*>(L"oom sublayer");
                     sl.providerKey = &gKey2;
                     UINT8 data[4] = {1, 2, 3, 4};
                     sl.providerData.size = 4;
                     sl.providerData.data = data;
                     return FwpmSubLayerAdd0(w.s, &sl, nullptr);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmSubLayerDeleteByKey0(w.s, &gKey)); }});
    v.push_back({"FwpmSubLayerGetByKey0", [](World& w) { gKey = addSublayer(w.s, nullptr); },
                 [](World& w) { return FwpmSubLayerGetByKey0(w.s, &gKey, reinterpret_cast<FWPM_SUBLAYER0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"FwpmSubLayerCreateEnumHandle0 (provider template)",
                 [](World& w) {
                     gKey2 = addProvider(w.s);
                     addSublayer(w.s, &gKey2);
                 },
                 [](World& w) {
                     FWPM_SUBLAYER_ENUM_TEMPLATE0 t{&gKey2};
                     return FwpmSubLayerCreateEnumHandle0(w.s, &t, &outHandle);
                 },
                 handleCleared, [](World& w) { FX_OK(FwpmSubLayerDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmSubLayerEnum0",
                 [](World& w) {
                     addSublayer(w.s, nullptr);
                     FX_OK(FwpmSubLayerCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) {
                     return FwpmSubLayerEnum0(w.s, w.en, 1000, reinterpret_cast<FWPM_SUBLAYER0***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmSubLayerDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmCalloutAdd0", none,
                 [](World& w) {
                     FWPM_CALLOUT0 c{};
                     c.displayData.name = const_cast<wchar_t*>(L"oom callout");
                     c.applicableLayer = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
                     return FwpmCalloutAdd0(w.s, &c, nullptr, &gCalloutId);
                 },
                 noCheck, [](World& w) { FX_OK(FwpmCalloutDeleteById0(w.s, gCalloutId)); }});
    v.push_back({"FwpmCalloutGetById0", [](World& w) { addCallout(w.s, &gCalloutId); },
                 [](World& w) { return FwpmCalloutGetById0(w.s, gCalloutId, reinterpret_cast<FWPM_CALLOUT0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"FwpmCalloutGetByKey0", [](World& w) { gKey = addCallout(w.s); },
                 [](World& w) { return FwpmCalloutGetByKey0(w.s, &gKey, reinterpret_cast<FWPM_CALLOUT0**>(&outPtr)); },
                 ptrCleared, freeOut});
    v.push_back({"FwpmCalloutCreateEnumHandle0 (layer template)", [](World& w) { addCallout(w.s); },
                 [](World& w) {
                     FWPM_CALLOUT_ENUM_TEMPLATE0 t{};
                     t.layerKey = FWPM_LAYER_IPSEC_V4;
                     return FwpmCalloutCreateEnumHandle0(w.s, &t, &outHandle);
                 },
                 handleCleared, [](World& w) { FX_OK(FwpmCalloutDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmCalloutEnum0",
                 [](World& w) {
                     addCallout(w.s);
                     FX_OK(FwpmCalloutCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) {
                     return FwpmCalloutEnum0(w.s, w.en, 1000, reinterpret_cast<FWPM_CALLOUT0***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmCalloutDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmLayerGetById0", none,
                 [](World& w) { return FwpmLayerGetById0(w.s, 12, reinterpret_cast<FWPM_LAYER0**>(&outPtr)); }, ptrCleared,
                 freeOut});
    v.push_back({"FwpmLayerGetByKey0", none,
                 [](World& w) {
                     return FwpmLayerGetByKey0(w.s, &FWPM_LAYER_IPSEC_V6, reinterpret_cast<FWPM_LAYER0**>(&outPtr));
                 },
                 ptrCleared, freeOut});
    v.push_back({"FwpmLayerCreateEnumHandle0", none,
                 [](World& w) { return FwpmLayerCreateEnumHandle0(w.s, nullptr, &outHandle); }, handleCleared,
                 [](World& w) { FX_OK(FwpmLayerDestroyEnumHandle0(w.s, outHandle)); }});
    v.push_back({"FwpmLayerEnum0", [](World& w) { FX_OK(FwpmLayerCreateEnumHandle0(w.s, nullptr, &w.en)); },
                 [](World& w) {
                     return FwpmLayerEnum0(w.s, w.en, 1000, reinterpret_cast<FWPM_LAYER0***>(&outPtr), &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     if (outCount != 97) problem("FwpmLayerEnum0 returned %u of 97 layers after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmLayerDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmTransactionCommit0 (staged providers, sublayers, callouts, filter)",
                 [](World& w) {
                     GUID doomed = addProvider(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.txnSessions.push_back(w.s);
                     GUID p = addProvider(w.s);
                     GUID sl = addSublayer(w.s, &p);
                     addCallout(w.s);
                     FX_OK(FwpmProviderDeleteByKey0(w.s, &doomed));
                     FWPM_FILTER0 f{};
                     f.displayData.name = const_cast<wchar_t*>(L"oom filter in new sublayer");
                     f.layerKey = FWPM_LAYER_IPSEC_V4;
                     f.subLayerKey = sl;
                     f.action.type = FWP_ACTION_PERMIT;
                     FX_OK(FwpmFilterAdd0(w.s, &f, nullptr, nullptr));
                 },
                 [](World& w) { return FwpmTransactionCommit0(w.s); }, noCheck,
                 [](World& w) { w.txnSessions.clear(); }});
    // Provider contexts through the other versions, engine options, BFE state.
    v.push_back({"FwpmProviderContextAdd1 (IKEv2 main mode)", none,
                 [](World& w) {
                     static UINT8 psk[4] = {1, 2, 3, 4};
                     static IKEEXT_AUTHENTICATION_METHOD1 am{};
                     am.authenticationMethodType = IKEEXT_PRESHARED_KEY;
                     am.presharedKeyAuthentication.presharedKey = {4, psk};
                     static IKEEXT_PROPOSAL0 prop{{IKEEXT_CIPHER_AES_128, 0, 0}, {IKEEXT_INTEGRITY_SHA_256}, 28800,
                                                  IKEEXT_DH_GROUP_2, 0};
                     static IKEEXT_POLICY1 pol{};
                     pol.numAuthenticationMethods = 1;
                     pol.authenticationMethods = &am;
                     pol.numIkeProposals = 1;
                     pol.ikeProposals = &prop;
                     FWPM_PROVIDER_CONTEXT1 c{};
                     c.displayData.name = const_cast<wchar_t*>(L"oom ikev2 mm");
                     c.type = FWPM_IPSEC_IKEV2_MM_CONTEXT;
                     c.ikeV2MmPolicy = &pol;
                     return FwpmProviderContextAdd1(w.s, &c, nullptr, &outId);
                 },
                 noCheck, none});
    v.push_back({"FwpmProviderContextAdd2 (IKEv2 quick-mode transport)", none,
                 [](World& w) {
                     static IPSEC_AUTH_TRANSFORM0 ah{{IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96}, nullptr};
                     static IPSEC_SA_TRANSFORM0 tr{};
                     tr.ipsecTransformType = IPSEC_TRANSFORM_AH;
                     tr.ahTransform = &ah;
                     static IPSEC_PROPOSAL0 prop{{3600, 0, 0}, 1, &tr, IPSEC_PFS_NONE};
                     static IPSEC_TRANSPORT_POLICY2 tp{};
                     tp.numIpsecProposals = 1;
                     tp.ipsecProposals = &prop;
                     FWPM_PROVIDER_CONTEXT2 c{};
                     c.displayData.name = const_cast<wchar_t*>(L"oom ikev2 qm");
                     c.type = FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT;
                     c.ikeV2QmTransportPolicy = &tp;
                     return FwpmProviderContextAdd2(w.s, &c, nullptr, &outId);
                 },
                 noCheck, none});
    v.push_back({"FwpmProviderContextGetById0 (a version-0 general context)",
                 [](World& w) {
                     static UINT8 bytes[3] = {7, 8, 9};
                     static FWP_BYTE_BLOB data{3, bytes};
                     FWPM_PROVIDER_CONTEXT0 c{};
                     c.displayData.name = const_cast<wchar_t*>(L"oom general");
                     c.type = FWPM_GENERAL_CONTEXT;
                     c.dataBuffer = &data;
                     FX_OK(FwpmProviderContextAdd0(w.s, &c, nullptr, &w.fo));
                 },
                 [](World& w) {
                     return FwpmProviderContextGetById0(w.s, w.fo, reinterpret_cast<FWPM_PROVIDER_CONTEXT0**>(&outPtr));
                 },
                 ptrCleared, freeOut});
    v.push_back({"FwpmProviderContextGetByKey2", [](World& w) { addedContext(w.s); },
                 [](World& w) {
                     return FwpmProviderContextGetByKey2(w.s, &gKey, reinterpret_cast<FWPM_PROVIDER_CONTEXT2**>(&outPtr));
                 },
                 ptrCleared, freeOut});
    v.push_back({"FwpmProviderContextEnum3",
                 [](World& w) {
                     addedContext(w.s);
                     FX_OK(FwpmProviderContextCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) {
                     return FwpmProviderContextEnum3(w.s, w.en, 100, reinterpret_cast<FWPM_PROVIDER_CONTEXT3***>(&outPtr),
                                                     &outCount);
                 },
                 enumCleared,
                 [](World& w) {
                     // 1 + the fixture's tunnel policy (fx::ensureTunnelPolicy)
                     if (outCount != 2) problem("FwpmProviderContextEnum3 returned %u of 2 contexts after failures", outCount);
                     FwpmFreeMemory0(&outPtr);
                     FX_OK(FwpmProviderContextDestroyEnumHandle0(w.s, w.en));
                 }});
    v.push_back({"FwpmEngineGetOption0", none,
                 [](World& w) {
                     return FwpmEngineGetOption0(w.s, FWPM_ENGINE_COLLECT_NET_EVENTS,
                                                 reinterpret_cast<FWP_VALUE0**>(&outPtr));
                 },
                 ptrCleared,
                 [](World&) {
                     auto* v = static_cast<FWP_VALUE0*>(outPtr);
                     if (v->type != FWP_UINT32 || v->uint32 != 1) problem("COLLECT_NET_EVENTS reads %u", v->uint32);
                     FwpmFreeMemory0(&outPtr);
                 }});
    v.push_back({"FwpmEngineSetOption0", none,
                 [](World& w) {
                     FWP_VALUE0 v{};
                     v.type = FWP_UINT32;
                     v.uint32 = 0;  // the default: the option is process-wide
                     return FwpmEngineSetOption0(w.s, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC, &v);
                 },
                 noCheck, none});
    v.push_back({"FwpmBfeStateSubscribeChanges0", none,
                 [](World&) {
                     return FwpmBfeStateSubscribeChanges0(
                         nullptr, [](void*, FWPM_SERVICE_STATE) {}, nullptr, &outHandle);
                 },
                 handleCleared,
                 [](World&) {
                     if (FwpmBfeStateGet0() != FWPM_SERVICE_RUNNING) problem("BFE not running");
                     FX_OK(FwpmBfeStateUnsubscribeChanges0(outHandle));
                 }});
    v.push_back({"FwpkStatusName / FwpkLibVersion / FwpmFreeMemory0", none,
                 [](World&) {
                     void* p = nullptr;
                     FwpmFreeMemory0(&p);
                     FwpmFreeMemory0(nullptr);
                     return (FwpkStatusName(STATUS_NO_MEMORY) && FwpkLibVersion() && FwpkLibVersionNumber() > 0)
                                ? STATUS_SUCCESS
                                : STATUS_INTERNAL_ERROR;
                 },
                 noCheck, none});
    return v;
}

// ---- teardown with every allocation failing ------------------------------------------

static void resetStore();

struct Teardown {
    const char* name;
    std::function<void(World&)> setup;
    std::function<NTSTATUS(World&)> call;  // runs with every allocation failing
    std::function<bool(World&)> done;      // its effect, checked afterwards
};

// What GetById1 shows of a context through h: "gone", or "in,out" presence.
static std::string sides(HANDLE h, UINT64 id) {
    IPSEC_SA_CONTEXT1* c = nullptr;
    NTSTATUS st = IPsecSaContextGetById1(h, id, &c);
    if (st == FWP_E_NOT_FOUND) return "gone";
    FX_OK(st);
    std::string r = std::string(c->inboundSa ? "in" : "-") + "," + (c->outboundSa ? "out" : "-");
    FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    return r;
}
static bool filterExists(HANDLE h, UINT64 id) {
    FWPM_FILTER0* f = nullptr;
    NTSTATUS st = FwpmFilterGetById0(h, id, &f);
    FwpmFreeMemory0(reinterpret_cast<void**>(&f));
    return st == STATUS_SUCCESS;
}
static HANDLE openDynamic() { return fx::open(FWPM_SESSION_FLAG_DYNAMIC); }
static bool contextExists(HANDLE h, UINT64 id) {
    FWPM_PROVIDER_CONTEXT3* c = nullptr;
    NTSTATUS st = FwpmProviderContextGetById3(h, id, &c);
    FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    return st == STATUS_SUCCESS;
}
static HANDLE makeEnum(HANDLE h, int kind) {
    HANDLE e = nullptr;
    switch (kind) {
    case 0: FX_OK(FwpmSessionCreateEnumHandle0(h, nullptr, &e)); break;
    case 1: FX_OK(FwpmFilterCreateEnumHandle0(h, nullptr, &e)); break;
    case 2: FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e)); break;
    case 3: FX_OK(IPsecSaCreateEnumHandle0(h, nullptr, &e)); break;
    case 4: FX_OK(FwpmProviderCreateEnumHandle0(h, nullptr, &e)); break;
    case 5: FX_OK(FwpmSubLayerCreateEnumHandle0(h, nullptr, &e)); break;
    case 6: FX_OK(FwpmLayerCreateEnumHandle0(h, nullptr, &e)); break;
    default: FX_OK(FwpmCalloutCreateEnumHandle0(h, nullptr, &e)); break;
    }
    return e;
}
static NTSTATUS destroyEnum(HANDLE h, HANDLE e, int kind) {
    switch (kind) {
    case 0: return FwpmSessionDestroyEnumHandle0(h, e);
    case 1: return FwpmFilterDestroyEnumHandle0(h, e);
    case 2: return IPsecSaContextDestroyEnumHandle0(h, e);
    case 3: return IPsecSaDestroyEnumHandle0(h, e);
    case 4: return FwpmProviderDestroyEnumHandle0(h, e);
    case 5: return FwpmSubLayerDestroyEnumHandle0(h, e);
    case 6: return FwpmLayerDestroyEnumHandle0(h, e);
    default: return FwpmCalloutDestroyEnumHandle0(h, e);
    }
}
static void longDelay() { ::setenv("FWPKCLNT_EXPIRE_DELAY_MS", "3600000", 1); }

static std::vector<Teardown> teardowns() {
    std::vector<Teardown> v;
    // Expire: plain, in a transaction, in a dynamic session, both; after an
    // aborted Expire (with and without a snapshot still holding its version).
    v.push_back({"IPsecSaContextExpire0",
                 [](World& w) { completeCtx(w); longDelay(); },
                 [](World& w) { return IPsecSaContextExpire0(w.s, w.ids[0]); },
                 [](World& w) { return sides(observer, w.ids[0]) == "in,-"; }});
    v.push_back({"IPsecSaContextExpire0 (INBOUND state)",
                 [](World& w) { inboundCtx(w); longDelay(); },
                 [](World& w) { return IPsecSaContextExpire0(w.s, w.ids[0]); },
                 [](World& w) { return sides(observer, w.ids[0]) == "in,-"; }});
    v.push_back({"IPsecSaContextExpire0 (inside a transaction)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return IPsecSaContextExpire0(w.s, w.ids[0]); },
                 [](World& w) {
                     bool staged = sides(w.s, w.ids[0]) == "in,-" && sides(observer, w.ids[0]) == "in,out";
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return staged && sides(observer, w.ids[0]) == "in,-";
                 }});
    v.push_back({"IPsecSaContextExpire0 (transaction, after an aborted Expire)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     FX_OK(IPsecSaContextExpire0(w.s, w.ids[0]));
                     w.en = makeEnum(w.s, 2);  // the snapshot keeps the expired version
                     FX_OK(FwpmTransactionAbort0(w.s));
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return IPsecSaContextExpire0(w.s, w.ids[0]); },
                 [](World& w) {
                     bool staged = sides(w.s, w.ids[0]) == "in,-";
                     FX_OK(FwpmTransactionAbort0(w.s));
                     FX_OK(IPsecSaContextDestroyEnumHandle0(w.s, w.en));
                     return staged && sides(observer, w.ids[0]) == "in,out";
                 }});
    v.push_back({"IPsecSaContextExpire0 (dynamic session)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     w.other = openDynamic();
                 },
                 [](World& w) { return IPsecSaContextExpire0(w.other, w.ids[0]); },
                 [](World& w) { return sides(observer, w.ids[0]) == "in,-"; }});
    v.push_back({"IPsecSaContextExpire0 (dynamic session, inside a transaction)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     w.other = openDynamic();
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                 },
                 [](World& w) { return IPsecSaContextExpire0(w.other, w.ids[0]); },
                 [](World& w) {
                     bool staged = sides(w.other, w.ids[0]) == "in,-";
                     FX_OK(FwpmTransactionCommit0(w.other));
                     return staged && sides(observer, w.ids[0]) == "in,-";
                 }});
    v.push_back({"IPsecSaContextExpire0 (deadline passed: removal at the next call)",
                 [](World& w) {
                     completeCtx(w);
                     ::setenv("FWPKCLNT_EXPIRE_DELAY_MS", "0", 1);
                 },
                 [](World& w) {
                     NTSTATUS st = IPsecSaContextExpire0(w.s, w.ids[0]);
                     if (st != STATUS_SUCCESS) return st;
                     return IPsecSaContextExpire0(w.s, w.ids[0]) == FWP_E_NOT_FOUND ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
                 },
                 [](World& w) {
                     longDelay();
                     return sides(observer, w.ids[0]) == "gone";
                 }});
    // Deletes.
    v.push_back({"IPsecSaContextDeleteById0", [](World& w) { completeCtx(w); },
                 [](World& w) { return IPsecSaContextDeleteById0(w.s, w.ids[0]); },
                 [](World& w) { return sides(observer, w.ids[0]) == "gone"; }});
    v.push_back({"IPsecSaContextDeleteById0 (expiring context)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     FX_OK(IPsecSaContextExpire0(w.s, w.ids[0]));
                 },
                 [](World& w) { return IPsecSaContextDeleteById0(w.s, w.ids[0]); },
                 [](World& w) { return sides(observer, w.ids[0]) == "gone"; }});
    v.push_back({"FwpmFilterDeleteById0", [](World& w) { w.fo = fx::transportFilter(w.s, true); },
                 [](World& w) { return FwpmFilterDeleteById0(w.s, w.fo); },
                 [](World& w) { return !filterExists(observer, w.fo); }});
    v.push_back({"FwpmProviderContextDeleteById0", [](World& w) { w.fo = addedContext(w.s); },
                 [](World& w) { return FwpmProviderContextDeleteById0(w.s, w.fo); },
                 [](World& w) { return !contextExists(observer, w.fo); }});
    v.push_back({"FwpmProviderContextDeleteByKey0 (inside a transaction)",
                 [](World& w) {
                     w.fo = addedContext(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmProviderContextDeleteByKey0(w.s, &gKey); },
                 [](World& w) {
                     bool staged = !contextExists(w.s, w.fo) && contextExists(observer, w.fo);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return staged && !contextExists(observer, w.fo);
                 }});
    v.push_back({"FwpmProviderContextDeleteById0 (transaction, after an aborted delete)",
                 [](World& w) {
                     w.fo = addedContext(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     FX_OK(FwpmProviderContextDeleteById0(w.s, w.fo));
                     FX_OK(FwpmTransactionAbort0(w.s));
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmProviderContextDeleteById0(w.s, w.fo); },
                 [](World& w) {
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return !contextExists(observer, w.fo);
                 }});
    v.push_back({"FwpmProviderContextDeleteById0 (added in the same transaction)",
                 [](World& w) {
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.fo = addedContext(w.s);
                 },
                 [](World& w) { return FwpmProviderContextDeleteById0(w.s, w.fo); },
                 [](World& w) {
                     bool gone = !contextExists(w.s, w.fo);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return gone && !contextExists(observer, w.fo);
                 }});
    v.push_back({"FwpmProviderContextDeleteById0 (dynamic session, own context)",
                 [](World& w) {
                     w.other = openDynamic();
                     w.fo = addedContext(w.other);
                 },
                 [](World& w) { return FwpmProviderContextDeleteById0(w.other, w.fo); },
                 [](World& w) { return !contextExists(observer, w.fo); }});
    v.push_back({"FwpmEngineClose0 (dynamic session with provider contexts, one staged)",
                 [](World& w) {
                     w.other = openDynamic();
                     w.fo = addedContext(w.other);
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                     w.fi = addedContext(w.other);
                 },
                 [](World& w) {
                     NTSTATUS st = FwpmEngineClose0(w.other);
                     if (st == STATUS_SUCCESS) w.other = nullptr;
                     return st;
                 },
                 [](World& w) { return !contextExists(observer, w.fo) && !contextExists(observer, w.fi); }});
    v.push_back({"FwpmTransactionAbort0 (staged provider-context add and delete)",
                 [](World& w) {
                     w.fo = addedContext(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.fi = addedContext(w.s);
                     FX_OK(FwpmProviderContextDeleteById0(w.s, w.fo));
                 },
                 [](World& w) { return FwpmTransactionAbort0(w.s); },
                 [](World& w) { return contextExists(observer, w.fo) && !contextExists(w.s, w.fi); }});
    v.push_back({"FwpmBfeStateUnsubscribeChanges0",
                 [](World&) {
                     FX_OK(FwpmBfeStateSubscribeChanges0(
                         nullptr, [](void*, FWPM_SERVICE_STATE) {}, nullptr, &outHandle));
                 },
                 [](World&) { return FwpmBfeStateUnsubscribeChanges0(outHandle); },
                 [](World&) { return FwpmBfeStateUnsubscribeChanges0(outHandle) == STATUS_INVALID_HANDLE; }});
    v.push_back({"FwpmProviderContextDestroyEnumHandle0",
                 [](World& w) {
                     addedContext(w.s);
                     FX_OK(FwpmProviderContextCreateEnumHandle0(w.s, nullptr, &w.en));
                 },
                 [](World& w) { return FwpmProviderContextDestroyEnumHandle0(w.s, w.en); },
                 [](World& w) {
                     return FwpmProviderContextDestroyEnumHandle0(w.s, w.en) == STATUS_INVALID_HANDLE;
                 }});
    v.push_back({"FwpmFilterDeleteById0 (inside a transaction)",
                 [](World& w) {
                     w.fo = fx::transportFilter(w.s, true);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmFilterDeleteById0(w.s, w.fo); },
                 [](World& w) {
                     bool staged = !filterExists(w.s, w.fo) && filterExists(observer, w.fo);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return staged && !filterExists(observer, w.fo);
                 }});
    v.push_back({"FwpmFilterDeleteById0 (transaction, after an aborted delete)",
                 [](World& w) {
                     w.fo = fx::transportFilter(w.s, true);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     FX_OK(FwpmFilterDeleteById0(w.s, w.fo));
                     FX_OK(FwpmTransactionAbort0(w.s));
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmFilterDeleteById0(w.s, w.fo); },
                 [](World& w) {
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return !filterExists(observer, w.fo);
                 }});
    v.push_back({"FwpmFilterDeleteById0 (added in the same transaction)",
                 [](World& w) {
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     w.fo = fx::transportFilter(w.s, true);
                 },
                 [](World& w) { return FwpmFilterDeleteById0(w.s, w.fo); },
                 [](World& w) {
                     bool gone = !filterExists(w.s, w.fo);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return gone && !filterExists(observer, w.fo);
                 }});
    v.push_back({"FwpmFilterDeleteByKey0 (inside a transaction)",
                 [](World& w) {
                     w.fo = keyedFilter(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmFilterDeleteByKey0(w.s, &gKey); },
                 [](World& w) {
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return !filterExists(observer, w.fo);
                 }});
    v.push_back({"FwpmFilterDeleteByKey0 (dynamic session, own filter)",
                 [](World& w) {
                     w.other = openDynamic();
                     w.fo = keyedFilter(w.other);
                 },
                 [](World& w) { return FwpmFilterDeleteByKey0(w.other, &gKey); },
                 [](World& w) { return !filterExists(observer, w.fo); }});
    v.push_back({"FwpmFilterDeleteById0 (dynamic session, inside a transaction)",
                 [](World& w) {
                     w.other = openDynamic();
                     w.fo = fx::transportFilter(w.other, true);
                     w.fi = fx::transportFilter(w.other, false);  // another of its own
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                 },
                 [](World& w) {
                     NTSTATUS st = FwpmFilterDeleteById0(w.other, w.fo);
                     return st ? st : FwpmFilterDeleteById0(w.other, w.fi);
                 },
                 [](World& w) {
                     FX_OK(FwpmTransactionCommit0(w.other));
                     return !filterExists(observer, w.fo) && !filterExists(observer, w.fi);
                 }});
    // Providers, sublayers, callouts: deletes, plain, in a transaction
    // (also after an aborted delete), in a dynamic session.
    v.push_back({"FwpmProviderDeleteByKey0", [](World& w) { gKey = addProvider(w.s); },
                 [](World& w) { return FwpmProviderDeleteByKey0(w.s, &gKey); },
                 [](World&) { return !providerExists(observer, gKey); }});
    v.push_back({"FwpmProviderDeleteByKey0 (transaction, after an aborted delete)",
                 [](World& w) {
                     gKey = addProvider(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     FX_OK(FwpmProviderDeleteByKey0(w.s, &gKey));
                     FX_OK(FwpmTransactionAbort0(w.s));
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmProviderDeleteByKey0(w.s, &gKey); },
                 [](World& w) {
                     bool staged = !providerExists(w.s, gKey) && providerExists(observer, gKey);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return staged && !providerExists(observer, gKey);
                 }});
    v.push_back({"FwpmSubLayerDeleteByKey0 (dynamic session, own sublayer)",
                 [](World& w) {
                     w.other = openDynamic();
                     gKey2 = addProvider(w.other);
                     gKey = addSublayer(w.other, &gKey2);
                 },
                 [](World& w) { return FwpmSubLayerDeleteByKey0(w.other, &gKey); },
                 [](World&) { return !sublayerExists(observer, gKey) && providerExists(observer, gKey2); }});
    v.push_back({"FwpmSubLayerDeleteByKey0 (added in the same transaction)",
                 [](World& w) {
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     gKey = addSublayer(w.s, nullptr);
                 },
                 [](World& w) { return FwpmSubLayerDeleteByKey0(w.s, &gKey); },
                 [](World& w) {
                     bool gone = !sublayerExists(w.s, gKey);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return gone && !sublayerExists(observer, gKey);
                 }});
    v.push_back({"FwpmCalloutDeleteById0", [](World& w) { gKey = addCallout(w.s, &gCalloutId); },
                 [](World& w) { return FwpmCalloutDeleteById0(w.s, gCalloutId); },
                 [](World&) { return !calloutExists(observer, gKey); }});
    v.push_back({"FwpmCalloutDeleteByKey0 (inside a transaction)",
                 [](World& w) {
                     gKey = addCallout(w.s);
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                 },
                 [](World& w) { return FwpmCalloutDeleteByKey0(w.s, &gKey); },
                 [](World& w) {
                     bool staged = !calloutExists(w.s, gKey) && calloutExists(observer, gKey);
                     FX_OK(FwpmTransactionCommit0(w.s));
                     return staged && !calloutExists(observer, gKey);
                 }});
    v.push_back({"FwpmEngineClose0 (dynamic session with providers, sublayers, callouts, filter, txn)",
                 [](World& w) {
                     w.other = openDynamic();
                     gKey2 = addProvider(w.other);
                     gKey = addSublayer(w.other, &gKey2);
                     FWPM_FILTER0 f{};
                     f.displayData.name = const_cast<wchar_t*>(L"dyn filter in dyn sublayer");
                     f.layerKey = FWPM_LAYER_IPSEC_V4;
                     f.subLayerKey = gKey;
                     f.providerKey = &gKey2;
                     f.action.type = FWP_ACTION_PERMIT;
                     FX_OK(FwpmFilterAdd0(w.other, &f, nullptr, &w.fo));
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                     addCallout(w.other, &gCalloutId);
                 },
                 [](World& w) { return FwpmEngineClose0(w.other); },
                 [](World& w) {
                     w.other = nullptr;
                     FWPM_CALLOUT0* c = nullptr;
                     NTSTATUS st = FwpmCalloutGetById0(observer, gCalloutId, &c);
                     return st == FWP_E_CALLOUT_NOT_FOUND && !providerExists(observer, gKey2) &&
                            !sublayerExists(observer, gKey) && !filterExists(observer, w.fo);
                 }});
    // Destroys.
    static const char* kinds[] = {"FwpmSessionDestroyEnumHandle0", "FwpmFilterDestroyEnumHandle0",
                                  "IPsecSaContextDestroyEnumHandle0", "IPsecSaDestroyEnumHandle0",
                                  "FwpmProviderDestroyEnumHandle0", "FwpmSubLayerDestroyEnumHandle0",
                                  "FwpmLayerDestroyEnumHandle0", "FwpmCalloutDestroyEnumHandle0"};
    for (int k = 0; k < 8; ++k) {
        v.push_back({kinds[k],
                     [k](World& w) {
                         completeCtx(w);
                         fx::transportFilter(w.s, true);
                         w.en = makeEnum(w.s, k);
                         makeEnum(w.s, k);  // older and newer neighbours in the session's list
                         HANDLE older = w.en;
                         w.en = makeEnum(w.s, k);
                         makeEnum(w.s, k);
                         (void)older;
                     },
                     [k](World& w) { return destroyEnum(w.s, w.en, k); },
                     [k](World& w) { return destroyEnum(w.s, w.en, k) == STATUS_INVALID_HANDLE; }});
    }
    // Abort and Close.
    v.push_back({"FwpmTransactionAbort0 (staged adds, deletes, SA changes, expire, SPI)",
                 [](World& w) {
                     UINT64 a = created(w), b = inboundCtx(w), c = completeCtx(w);
                     w.fo = fx::transportFilter(w.s, true);
                     longDelay();
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     withSpi(w, a);
                     fx::Bundle ob(0x5000, 1, 9);
                     FX_OK(IPsecSaContextAddOutbound1(w.s, b, &ob.b));
                     FX_OK(IPsecSaContextExpire0(w.s, c));
                     FX_OK(FwpmFilterDeleteById0(w.s, w.fo));
                     w.fi = fx::transportFilter(w.s, false);
                     w.en = makeEnum(w.s, 2);
                 },
                 [](World& w) { return FwpmTransactionAbort0(w.s); },
                 [](World& w) {
                     bool ok = sides(w.s, w.ids[1]) == "in,-" && sides(w.s, w.ids[2]) == "in,out" &&
                               filterExists(w.s, w.fo) && !filterExists(w.s, w.fi);
                     FX_OK(IPsecSaContextDestroyEnumHandle0(w.s, w.en));
                     // The reserve came back: the same teardown works again.
                     FX_OK(FwpmTransactionBegin0(w.s, 0));
                     oom::armAll();
                     NTSTATUS e = IPsecSaContextExpire0(w.s, w.ids[2]);
                     NTSTATUS d = FwpmFilterDeleteById0(w.s, w.fo);
                     NTSTATUS a = FwpmTransactionAbort0(w.s);
                     oom::disarm();
                     return ok && e == STATUS_SUCCESS && d == STATUS_SUCCESS && a == STATUS_SUCCESS;
                 }});
    v.push_back({"FwpmEngineClose0 (static session with txn and enumerators)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     w.other = fx::open();
                     w.fo = fx::transportFilter(w.other, true);
                     for (int k = 0; k < 8; ++k) makeEnum(w.other, k);
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                     FX_OK(IPsecSaContextExpire0(w.other, w.ids[0]));
                     FX_OK(FwpmFilterDeleteById0(w.other, w.fo));
                     w.en = makeEnum(w.other, 1);
                 },
                 [](World& w) { return FwpmEngineClose0(w.other); },
                 [](World& w) {
                     bool ok = destroyEnum(w.other, w.en, 1) == STATUS_INVALID_HANDLE &&
                               sides(observer, w.ids[0]) == "in,out" && filterExists(observer, w.fo);
                     w.other = nullptr;
                     // A write by another session no longer waits for the closed one.
                     FX_OK(IPsecSaContextExpire0(w.s, w.ids[0]));
                     return ok;
                 }});
    v.push_back({"FwpmEngineClose0 (dynamic session with txn, enumerators, filters)",
                 [](World& w) {
                     completeCtx(w);
                     longDelay();
                     w.other = openDynamic();
                     w.fo = fx::transportFilter(w.other, true);
                     w.fi = fx::transportFilter(w.other, false);
                     for (int k = 0; k < 8; ++k) makeEnum(w.other, k);
                     FX_OK(FwpmTransactionBegin0(w.other, 0));
                     fx::transportFilter(w.other, true);
                     FX_OK(FwpmFilterDeleteById0(w.other, w.fi));
                     FX_OK(IPsecSaContextExpire0(w.other, w.ids[0]));
                 },
                 [](World& w) { return FwpmEngineClose0(w.other); },
                 [](World& w) {
                     w.other = nullptr;
                     return !filterExists(observer, w.fo) && !filterExists(observer, w.fi) &&
                            sides(observer, w.ids[0]) == "in,out";
                 }});
    v.push_back({"FwpmFreeMemory0",
                 [](World& w) {
                     completeCtx(w);
                     FX_OK(IPsecSaContextGetById1(w.s, w.ids[0], reinterpret_cast<IPSEC_SA_CONTEXT1**>(&outPtr)));
                 },
                 [](World&) {
                     FwpmFreeMemory0(&outPtr);
                     return STATUS_SUCCESS;
                 },
                 [](World&) { return outPtr == nullptr; }});
    return v;
}

static void runTeardowns(const char* only) {
    std::printf("%-66s %8s %10s  %s\n", "teardown, every allocation failing", "allocs", "", "result");
    for (auto& td : teardowns()) {
        if (only && !std::strstr(td.name, only)) continue;
        int before = failures;
        World w;
        resetStore();
        fx::ensureTunnelPolicy(observer);  // before the measured calls: it allocates
        w.s = fx::open();
        td.setup(w);
        oom::armAll();
        NTSTATUS st = td.call(w);
        long attempted = oom::counted;
        oom::disarm();
        if (st != STATUS_SUCCESS)
            problem("%s: with every allocation failing -> 0x%08x (%s), want STATUS_SUCCESS", td.name, unsigned(st),
                    FwpkStatusName(st));
        else if (!td.done(w))
            problem("%s: succeeded with every allocation failing but did not take full effect", td.name);
        if (leaked()) problem("%s: LeakSanitizer found leaked blocks", td.name);
        for (HANDLE h : {w.s, w.other})
            if (h) FX_OK(FwpmEngineClose0(h));
        ::setenv("FWPKCLNT_EXPIRE_DELAY_MS", "3600000", 1);
        std::printf("%-66s %8ld %10s  %s\n", td.name, attempted, "", failures == before ? "ok" : "PROBLEM");
    }
}

// Removes every context and filter so that each scenario starts from an
// empty store (only the observer session stays open).
static void resetStore() {
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(observer, nullptr, &e));
    std::vector<UINT64> ids;
    for (;;) {
        IPSEC_SA_CONTEXT0** x;
        UINT32 n;
        FX_OK(IPsecSaContextEnum0(observer, e, 64, &x, &n));
        for (UINT32 i = 0; i < n; ++i) ids.push_back(x[i]->saContextId);
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (n < 64) break;
    }
    FX_OK(IPsecSaContextDestroyEnumHandle0(observer, e));
    for (UINT64 id : ids) FX_OK(IPsecSaContextDeleteById0(observer, id));
    FX_OK(FwpmFilterCreateEnumHandle0(observer, nullptr, &e));
    ids.clear();
    for (;;) {
        FWPM_FILTER0** x;
        UINT32 n;
        FX_OK(FwpmFilterEnum0(observer, e, 64, &x, &n));
        for (UINT32 i = 0; i < n; ++i) ids.push_back(x[i]->filterId);
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (n < 64) break;
    }
    FX_OK(FwpmFilterDestroyEnumHandle0(observer, e));
    for (UINT64 id : ids) FX_OK(FwpmFilterDeleteById0(observer, id));
    FX_OK(FwpmProviderContextCreateEnumHandle0(observer, nullptr, &e));
    ids.clear();
    for (;;) {
        FWPM_PROVIDER_CONTEXT3** x;
        UINT32 n;
        FX_OK(FwpmProviderContextEnum3(observer, e, 64, &x, &n));
        for (UINT32 i = 0; i < n; ++i) ids.push_back(x[i]->providerContextId);
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (n < 64) break;
    }
    FX_OK(FwpmProviderContextDestroyEnumHandle0(observer, e));
    for (UINT64 id : ids) FX_OK(FwpmProviderContextDeleteById0(observer, id));
    // Then what filters referred to, referrers first; built-in objects stay.
    auto drop = [](NTSTATUS st) {
        if (st != FWP_E_BUILTIN_OBJECT) FX_OK(st);
    };
    std::vector<GUID> keys;
    FX_OK(FwpmCalloutCreateEnumHandle0(observer, nullptr, &e));
    FWPM_CALLOUT0** c = nullptr;
    UINT32 n = 0;
    FX_OK(FwpmCalloutEnum0(observer, e, 100000, &c, &n));
    for (UINT32 i = 0; i < n; ++i) keys.push_back(c[i]->calloutKey);
    FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    FX_OK(FwpmCalloutDestroyEnumHandle0(observer, e));
    for (const GUID& k : keys) drop(FwpmCalloutDeleteByKey0(observer, &k));
    keys.clear();
    FX_OK(FwpmSubLayerCreateEnumHandle0(observer, nullptr, &e));
    FWPM_SUBLAYER0** sl = nullptr;
    FX_OK(FwpmSubLayerEnum0(observer, e, 100000, &sl, &n));
    for (UINT32 i = 0; i < n; ++i) keys.push_back(sl[i]->subLayerKey);
    FwpmFreeMemory0(reinterpret_cast<void**>(&sl));
    FX_OK(FwpmSubLayerDestroyEnumHandle0(observer, e));
    for (const GUID& k : keys) drop(FwpmSubLayerDeleteByKey0(observer, &k));
    keys.clear();
    FX_OK(FwpmProviderCreateEnumHandle0(observer, nullptr, &e));
    FWPM_PROVIDER0** p = nullptr;
    FX_OK(FwpmProviderEnum0(observer, e, 100000, &p, &n));
    for (UINT32 i = 0; i < n; ++i) keys.push_back(p[i]->providerKey);
    FwpmFreeMemory0(reinterpret_cast<void**>(&p));
    FX_OK(FwpmProviderDestroyEnumHandle0(observer, e));
    for (const GUID& k : keys) drop(FwpmProviderDeleteByKey0(observer, &k));
}

static std::string observeAll(World& w) {
    std::string s = observe(observer, true);
    for (HANDLE h : w.txnSessions) s += "-- staged view --\n" + observe(h, false);
    return s;
}

int main(int argc, char** argv) {
    bool quick = false;
    const char* only = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick")) quick = true;
        else if (!std::strcmp(argv[i], "--verbose")) verbose = true;
        else only = argv[i];
    }
    (void)quick;
    observer = fx::open();
    auto all = scenarios();
    int ran = 0;
    std::printf("%-66s %8s %10s  %s\n", "scenario", "allocs", "live+", "result");
    for (auto& sc : all) {
        if (only && !std::strstr(sc.name, only)) continue;
        ++ran;
        int before = failures;
        World w;
        resetStore();
        fx::ensureTunnelPolicy(observer);  // before the measured calls: it allocates
        w.s = fx::open();
        sc.setup(w);
        std::string expect = observeAll(w);
        long k = 1, growth = 0;
        NTSTATUS st;
        for (;; ++k) {
            clearOuts();
            long live0 = oom::live;
            oom::arm(k);
            st = sc.call(w);
            oom::disarm();
            bool hit = oom::triggered;
            if (!hit) break;  // completed without reaching allocation k
            if (st != STATUS_NO_MEMORY) {
                if (st == STATUS_SUCCESS) {
                    // A failure absorbed inside the call: acceptable only if the
                    // result is complete, which `after` checks.
                    if (verbose) std::printf("  note: allocation %ld failed, call still succeeded\n", k);
                    break;
                }
                problem("%s: allocation %ld failed -> status 0x%08x (%s), want STATUS_NO_MEMORY", sc.name, k, unsigned(st),
                        FwpkStatusName(st));
            }
            if (!sc.cleared(w)) problem("%s: allocation %ld failed and the out-pointers were not cleared", sc.name, k);
            long delta = oom::live - live0;
            if (delta > growth) growth = delta;
            std::string now = observeAll(w);
            if (now != expect) {
                problem("%s: allocation %ld failed and the state changed", sc.name, k);
                if (verbose) std::printf("--- before\n%s--- after\n%s", expect.c_str(), now.c_str());
                expect = now;  // report once per change
            }
            if (leaked())
                problem("%s: allocation %ld failed and LeakSanitizer found leaked blocks", sc.name, k);
        }
        if (st != STATUS_SUCCESS) problem("%s: the call failed with 0x%08x with no allocation failing", sc.name, unsigned(st));
        else sc.after(w);
        for (HANDLE h : {w.s, w.other})
            if (h) FX_OK(FwpmEngineClose0(h));
        if (leaked()) problem("%s: LeakSanitizer found leaked blocks", sc.name);
        std::printf("%-66s %8ld %10ld  %s\n", sc.name, k - 1, growth, failures == before ? "ok" : "PROBLEM");
    }
    runTeardowns(only);
    resetStore();
    FX_OK(FwpmEngineClose0(observer));
    std::printf("oom_inject: %d scenarios + teardowns, %d problem(s)\n", ran, failures);
    return failures ? 1 : 0;
}
