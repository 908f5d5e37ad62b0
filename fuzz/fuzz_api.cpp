// libFuzzer harness: decodes its input into a sequence of API calls on four
// sessions (valid, stale, forged and cross-session handles; malformed
// structures: bad counts, bad enum values, NULLs, oversize keys) and checks,
// after every step, the engine against a model:
//   - no crash, no sanitizer report, no leak (LeakSanitizer, and the store is
//     empty again after the per-input cleanup);
//   - a success is legal in the model (state machine, transactions, dynamic
//     sessions, the engine-wide writer), a failure is a documented code and
//     clears the out-pointers;
//   - a full enumeration (committed view) returns every live context exactly
//     once, in id order, with the SAs its state implies;
//   - statistics agree with that enumeration;
//   - enumerators return exactly their creation-time snapshot, page by page.
// Build: see scripts/robustness.sh (clang -fsanitize=fuzzer,address,undefined)
// or fuzz/replay_main.cpp (a driver without libFuzzer, used by the meson test).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <map>
#include <set>
#include <type_traits>
#include <vector>
#include <fwpmk.h>

namespace {

#define FCHECK(cond, ...)                                                                   \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            std::fprintf(stderr, "fuzz_api: invariant failed at line %d: %s: ", __LINE__, #cond); \
            std::fprintf(stderr, __VA_ARGS__);                                              \
            std::fprintf(stderr, "\n");                                                     \
            std::abort();                                                                   \
        }                                                                                   \
    } while (0)

// ---- input reader ------------------------------------------------------------

struct Input {
    const uint8_t* p;
    size_t n;
    bool empty() const { return n == 0; }
    uint8_t u8() {
        if (!n) return 0;
        --n;
        return *p++;
    }
    uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
    uint32_t u32() { return uint32_t(u16()) | (uint32_t(u16()) << 16); }
    uint64_t u64() { return uint64_t(u32()) | (uint64_t(u32()) << 32); }
    bool bit() { return u8() & 1; }
};

// ---- model -------------------------------------------------------------------

enum class St { Created, Spi, Inbound, Complete, Expiring };

struct Ctx {
    St st = St::Created;
    bool tunnel = false;
    int ver = 0;  // outbound traffic's IP version
    IPSEC_SA_SPI spi = 0;
    bool due = false;  // expiring with delay 0: the next reap removes it
    bool hasIn() const { return st == St::Inbound || st == St::Complete || st == St::Expiring; }
    bool hasOut() const { return st == St::Complete; }
};

enum EnumKind { EK_CTX, EK_SA, EK_FILTER, EK_SESSION };

struct EnumRec {
    HANDLE h;
    EnumKind kind;
    bool exact;                                // the expected list is known exactly
    std::vector<std::pair<uint64_t, int>> exp;  // ctx: (id, in|out<<1); sa: (id, direction)
    size_t pos = 0;
};

struct Sess {
    HANDLE h = nullptr;
    bool dynamic = false;
    bool longWait = false;  // opened without options: blocked writes wait 5 s
    int txn = 0;  // 0 none, 1 read/write, 2 read-only
    std::map<uint64_t, Ctx> staged;
    std::set<uint64_t> stagedDeleted;  // never used by the SA API (Delete refuses txns); kept for clarity
    std::vector<EnumRec> enums;
};

const int kSessions = 4;
Sess S[kSessions];
std::map<uint64_t, Ctx> committed;
std::vector<uint64_t> deadIds;   // deleted or reaped ids
std::vector<HANDLE> staleHandles;  // closed sessions, destroyed enumerators
std::vector<UINT64> filterIds;   // ids of filters added (may be gone)
HANDLE checker = nullptr;        // never in a transaction; used for invariant checks

// Successful calls per kind (printed at exit when FUZZ_API_STATS is set), to
// show how deep the inputs drive the state machine.
enum { C_OPEN, C_TXN, C_COMMIT, C_FILTER, C_CREATE, C_SPI, C_ADDIN, C_ADDOUT, C_UPDATE, C_EXPIRE, C_DELETE, C_GET,
       C_ENUM, C_NEXT, C_DESTROY, C_STATS, C_REAPED, C_OBJECT, C_N };
const char* const kCountNames[C_N] = {"open", "txn-begin", "commit", "filter-add", "create", "get/set-spi", "add-inbound",
                                      "add-outbound", "update", "expire", "delete", "get", "enum-create", "enum-next",
                                      "enum-destroy", "statistics", "reaped", "object"};
unsigned long counts[C_N];
void printCounts() {
    std::fprintf(stderr, "fuzz_api successful calls:");
    for (int i = 0; i < C_N; ++i) std::fprintf(stderr, " %s=%lu", kCountNames[i], counts[i]);
    std::fprintf(stderr, "\n");
}

int writer() {
    for (int i = 0; i < kSessions; ++i)
        if (S[i].h && S[i].txn == 1) return i;
    return -1;
}

bool viewHas(int s, uint64_t id, Ctx* out) {
    auto it = S[s].staged.find(id);
    if (it != S[s].staged.end()) {
        if (out) *out = it->second;
        return true;
    }
    auto c = committed.find(id);
    if (c == committed.end()) return false;
    if (out) *out = c->second;
    return true;
}

void putView(int s, uint64_t id, const Ctx& c) {
    if (S[s].txn == 1) S[s].staged[id] = c;
    else committed[id] = c;
}

bool isLive(HANDLE h) {
    if (!h) return false;
    if (h == checker) return true;
    for (auto& s : S) {
        if (s.h == h) return true;
        for (auto& e : s.enums)
            if (e.h == h) return true;
    }
    return false;
}

// A documented failure code (never an internal error; no allocation fails here).
void checkFailure(NTSTATUS st, const char* what) {
    FCHECK(st != STATUS_INTERNAL_ERROR && st != STATUS_NO_MEMORY, "%s returned 0x%08x", what, unsigned(st));
    const char* name = FwpkStatusName(st);
    FCHECK(name && *name && std::strncmp(name, "0x", 2) != 0, "%s returned an unnamed code 0x%08x", what, unsigned(st));
}

// ---- handle pickers ------------------------------------------------------------

HANDLE forged(Input& in) {
    for (int i = 0; i < 4; ++i) {
        HANDLE h = reinterpret_cast<HANDLE>(uintptr_t(in.u64()));
        if (!isLive(h)) return h;
    }
    return reinterpret_cast<HANDLE>(uintptr_t(~uint64_t(0)));  // INVALID_HANDLE_VALUE is never issued
}

// The engine handle to call with; *slot is the session index, or -1 when the
// handle is not an open session.
HANDLE pickEngine(Input& in, int* slot) {
    uint8_t b = in.u8();
    int s = b % kSessions;
    *slot = -1;
    switch ((b >> 2) & 7) {
        case 6:
            if (!staleHandles.empty()) return staleHandles[in.u8() % staleHandles.size()];
            return nullptr;
        case 7: return (b & 0x80) ? forged(in) : nullptr;
        default:
            if (S[s].h) *slot = s;
            return S[s].h;  // may be nullptr (closed slot)
    }
}

uint64_t pickId(Input& in, int slot) {
    uint8_t b = in.u8();
    switch (b & 3) {
        case 0: {
            std::vector<uint64_t> v;
            for (auto& kv : committed) v.push_back(kv.first);
            if (slot >= 0)
                for (auto& kv : S[slot].staged) v.push_back(kv.first);
            if (!v.empty()) return v[(b >> 2) % v.size()];
            return 0;
        }
        case 1: return deadIds.empty() ? 0 : deadIds[(b >> 2) % deadIds.size()];
        case 2: return in.u64();
        default: {
            if (committed.empty()) return b >> 2;
            auto it = committed.begin();
            std::advance(it, (b >> 2) % committed.size());
            return it->first;
        }
    }
}

// ---- structure builders ------------------------------------------------------------

// Stores any 32-bit value in an enum field, as a C caller can (a C++ cast to
// an out-of-range enum value would itself be undefined).
template <class E>
void setRaw(E& e, uint32_t v) {
    if constexpr (sizeof(E) == 4) std::memcpy(&e, &v, 4);
    else e = E(v);  // plain integer fields (IPSEC_AUTH_CONFIG, IPSEC_CIPHER_CONFIG)
}

// Reads an enum field's bits without loading it as the enum type.
template <class E>
uint32_t raw(const E& e) {
    static_assert(sizeof(E) == 4, "a 32-bit enum");
    uint32_t v;
    std::memcpy(&v, &e, 4);
    return v;
}

// Copies an enum field without loading it as the enum type (it may hold
// any value): what a C caller's struct copy does.
template <class E>
void copyRaw(E& dst, const E& src) {
    std::memcpy(&dst, &src, sizeof dst);
}

IPSEC_TRAFFIC0 toTraffic0(const IPSEC_TRAFFIC1& t) {
    IPSEC_TRAFFIC0 r{};
    copyRaw(r.ipVersion, t.ipVersion);
    std::memcpy(r.localV6Address, t.localV6Address, 16);
    std::memcpy(r.remoteV6Address, t.remoteV6Address, 16);
    copyRaw(r.trafficType, t.trafficType);
    r.ipsecFilterId = t.ipsecFilterId;
    r.remotePort = t.remotePort;
    return r;
}

// Tunnels added (their quick-mode keys, may be gone) and their quick-mode
// context ids, which tunnel-mode traffic names as tunnelPolicyId.
std::vector<GUID> tunnelKeys;
std::vector<UINT64> tunnelPolicyIds;

// Most structures are valid (so inputs reach deep states); a selector byte
// >= kBad picks one malformation.
const uint8_t kBad = 208;

// ver: the IP version to use (0 = V4, 1 = V6), or -1 to pick one.
IPSEC_TRAFFIC1 makeTraffic(Input& in, int ver = -1) {
    IPSEC_TRAFFIC1 t{};
    uint8_t b = in.u8(), bad = in.u8();
    t.ipVersion = FWP_IP_VERSION(ver >= 0 ? ver : (b & 1));
    t.trafficType = (b & 2) ? IPSEC_TRAFFIC_TYPE_TRANSPORT : IPSEC_TRAFFIC_TYPE_TUNNEL;
    if (t.ipVersion == FWP_IP_VERSION_V6) {
        for (int i = 0; i < 16; ++i) t.localV6Address[i] = uint8_t(i + (b >> 4));
        for (int i = 0; i < 16; ++i) t.remoteV6Address[i] = uint8_t(i * 3);
    } else {
        t.localV4Address = 0x0A000000u | (b >> 2);
        t.remoteV4Address = 0xC0A80000u | in.u8();
    }
    if (t.trafficType == IPSEC_TRAFFIC_TYPE_TRANSPORT)
        t.ipsecFilterId = filterIds.empty() ? 1 : filterIds[in.u8() % filterIds.size()];
    else if ((b & 0x80) && !tunnelPolicyIds.empty())
        t.tunnelPolicyId = tunnelPolicyIds[in.u8() % tunnelPolicyIds.size()];
    else
        t.tunnelPolicyId = in.u8();  // may name a tunnel's context, a main-mode one, or none
    t.remotePort = uint16_t(b << 3);
    if (bad >= kBad) {
        switch (bad % 6) {
            case 0: setRaw(t.ipVersion, FWP_IP_VERSION_NONE); break;
            case 1: setRaw(t.ipVersion, FWP_IP_VERSION_MAX + (in.u8() & 0x7F)); break;
            case 2: setRaw(t.trafficType, IPSEC_TRAFFIC_TYPE_MAX + (in.u8() & 3)); break;
            case 3: t.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT; t.ipsecFilterId = in.u64(); break;
            case 4: t.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT; t.ipsecFilterId = 0; break;
            default: setRaw(t.ipVersion, in.u32()); break;
        }
    }
    return t;
}

struct BundleBuf {
    UINT8 keys[6][80];
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 ac[3];
    IPSEC_SA_AUTH_INFORMATION0 au[3];
    IPSEC_SA_CIPHER_INFORMATION0 ci[3];
    IPSEC_SA0 sa[4];
    GUID module{};
    IPSEC_TOKEN0 tokens[3];
    wchar_t name[8];
    IPSEC_ID0 id{};
    UINT8 blob[16];
    IPSEC_KEYMODULE_STATE0 kms{};
    IPSEC_SA_BUNDLE1 b{};
};

const int kAuthPairs[][2] = {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}};
const int kCipherPairs[][2] = {{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {3, 6}, {4, 7}, {5, 8}};

void fillKey(FWP_BYTE_BLOB& k, UINT8* buf, UINT32 size) {
    k.size = size;
    for (UINT32 i = 0; i < size && i < 80; ++i) buf[i] = UINT8(i * 7 + size);
    k.data = buf;
}

void fillAuth(Input& in, IPSEC_SA_AUTH_INFORMATION0& a, UINT8* buf) {
    uint8_t c = in.u8();
    const int* p = kAuthPairs[c % 6];
    setRaw(a.authTransform.authTransformId.authType, uint32_t(p[0]));
    setRaw(a.authTransform.authTransformId.authConfig, uint32_t(p[1]));
    fillKey(a.authKey, buf, (c & 0x80) ? 32 : 20);
}

void fillCipher(Input& in, IPSEC_SA_CIPHER_INFORMATION0& a, UINT8* buf) {
    uint8_t c = in.u8();
    const int* p = kCipherPairs[c % 8];
    setRaw(a.cipherTransform.cipherTransformId.cipherType, uint32_t(p[0]));
    setRaw(a.cipherTransform.cipherTransformId.cipherConfig, uint32_t(p[1]));
    fillKey(a.cipherKey, buf, (c & 0x80) ? 32 : 16);
}

void makeBundle(Input& in, BundleBuf& x, IPSEC_SA_SPI spi, int ver) {
    x = BundleBuf{};
    uint8_t b = in.u8(), bad = in.u8();
    IPSEC_SA_BUNDLE1& B = x.b;
    B.flags = (b & 1) ? IPSEC_SA_BUNDLE_FLAG_ND_SECURE : 0;
    B.lifetime = {3600, 1000, 100};
    B.qmSaId = 1;
    B.ipVersion = FWP_IP_VERSION(ver < 0 ? 0 : ver);
    B.pfsGroup = IPSEC_PFS_GROUP((b >> 1) & 3);
    B.mmSaId = b;
    bool twoSas = (b & 0x18) == 0x18;
    B.numSAs = twoSas ? 2 : 1;
    B.saList = x.sa;
    // saList[0]: ESP of some kind (or AH alone); saList[1]: AH.
    for (UINT32 i = 0; i < B.numSAs; ++i) {
        IPSEC_SA0& s = x.sa[i];
        s.spi = spi;
        uint8_t t = in.u8();
        int tt = i == 1 ? IPSEC_TRANSFORM_AH : (twoSas ? 2 + t % 3 : 1 + t % 5);
        if (tt == IPSEC_TRANSFORM_AH && twoSas && i == 0) tt = IPSEC_TRANSFORM_ESP_AUTH;
        setRaw(s.saTransformType, uint32_t(tt));
        switch (tt) {
            case IPSEC_TRANSFORM_AH:
            case IPSEC_TRANSFORM_ESP_AUTH:
            case IPSEC_TRANSFORM_ESP_AUTH_FW:
                fillAuth(in, x.au[i], x.keys[2 * i]);
                s.ahInformation = &x.au[i];
                break;
            case IPSEC_TRANSFORM_ESP_CIPHER:
                fillCipher(in, x.ci[i], x.keys[2 * i]);
                s.espCipherInformation = &x.ci[i];
                break;
            default:
                fillCipher(in, x.ac[i].saCipherInformation, x.keys[2 * i]);
                fillAuth(in, x.ac[i].saAuthInformation, x.keys[2 * i + 1]);
                s.espAuthAndCipherInformation = &x.ac[i];
                break;
        }
    }
    uint8_t o = in.u8();
    if (o & 1) {
        x.id.numTokens = (o >> 1) & 3;
        x.id.tokens = x.tokens;
        for (int i = 0; i < 3; ++i) {
            x.tokens[i].type = IPSEC_TOKEN_TYPE(i & 1);
            x.tokens[i].principal = IPSEC_TOKEN_PRINCIPAL(i & 1);
            x.tokens[i].mode = IPSEC_TOKEN_MODE(0);
            x.tokens[i].token = 0x1234 + i;
        }
        std::wcscpy(x.name, L"peer");
        x.id.mmTargetName = (o & 0x20) ? x.name : nullptr;
        x.id.emTargetName = (o & 0x40) ? x.name : nullptr;
        B.ipsecId = &x.id;
    }
    if (o & 0x80) {
        x.kms.stateBlob.size = in.u8() % 17;
        x.kms.stateBlob.data = x.blob;
        B.keyModuleState = &x.kms;
    }
    if (bad < kBad) return;
    // One malformation.
    IPSEC_SA0& s0 = x.sa[0];
    FWP_BYTE_BLOB* key = s0.saTransformType == IPSEC_TRANSFORM_ESP_CIPHER ? &x.ci[0].cipherKey
                         : s0.saTransformType == IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER ? &x.ac[0].saAuthInformation.authKey
                                                                                    : &x.au[0].authKey;
    switch (bad % 24) {
        case 0: B.flags = in.u32(); break;
        case 1: B.numSAs = 0; break;
        case 2: B.numSAs = 3 + (in.u8() & 0x7F); break;  // saList holds 4: only the count is checked first
        case 3: B.saList = nullptr; break;
        case 4: setRaw(s0.saTransformType, (in.u8() & 1) ? 0 : IPSEC_TRANSFORM_TYPE_MAX + (in.u8() & 7)); break;
        case 5: s0.ahInformation = nullptr; break;
        case 6: setRaw(x.au[0].authTransform.authTransformId.authType, IPSEC_AUTH_MAX + in.u8());
                setRaw(x.ac[0].saAuthInformation.authTransform.authTransformId.authType, IPSEC_AUTH_MAX + in.u8()); break;
        case 7: setRaw(x.au[0].authTransform.authTransformId.authConfig, in.u8() % 9);
                setRaw(x.ac[0].saAuthInformation.authTransform.authTransformId.authConfig, in.u8() % 9); break;
        case 8: setRaw(x.ci[0].cipherTransform.cipherTransformId.cipherType, (in.u8() & 1) ? 0 : 6 + in.u8());
                setRaw(x.ac[0].saCipherInformation.cipherTransform.cipherTransformId.cipherType, 0); break;
        case 9: setRaw(x.ci[0].cipherTransform.cipherTransformId.cipherConfig, in.u8() % 12);
                setRaw(x.ac[0].saCipherInformation.cipherTransform.cipherTransformId.cipherConfig, in.u8() % 12); break;
        case 10: x.au[0].authTransform.cryptoModuleId = &x.module;
                 x.ac[0].saCipherInformation.cipherTransform.cryptoModuleId = &x.module;
                 x.ci[0].cipherTransform.cryptoModuleId = &x.module; break;
        case 11: key->size = 0; break;
        case 12: key->size = 65 + (in.u8() % 15); break;
        case 13: key->data = nullptr; break;
        case 14: key->size = in.u32(); key->data = nullptr; break;
        case 15: B.numSAs = 2; setRaw(x.sa[1].saTransformType, IPSEC_TRANSFORM_ESP_AUTH);
                 x.au[1] = x.au[0]; x.sa[1].espAuthInformation = &x.au[1]; x.sa[1].spi = spi;
                 x.au[1].authKey.data = x.keys[3]; break;  // second SA not AH
        case 16: x.id.numTokens = 2; x.id.tokens = nullptr; B.ipsecId = &x.id; break;
        case 17: x.id.numTokens = 1; x.id.tokens = x.tokens; setRaw(x.tokens[0].type, 2 + in.u8());
                 B.ipsecId = &x.id; break;
        case 18: x.id.logonId = 1 + in.u8(); B.ipsecId = &x.id; break;
        case 19: x.kms.stateBlob.size = 1 + in.u8() % 16; x.kms.stateBlob.data = nullptr; B.keyModuleState = &x.kms; break;
        case 20: setRaw(B.ipVersion, FWP_IP_VERSION_MAX + in.u8()); break;
        case 21: setRaw(B.pfsGroup, IPSEC_PFS_MAX + in.u8()); break;
        case 22: s0.spi = in.u32(); break;
        default: s0.spi = in.u8(); B.qmSaId = in.u32(); break;
    }
}

// ---- invariant checks ------------------------------------------------------------

// Applies the reap the engine performs at its next entry: expiring contexts
// with delay 0 disappear unless the writer's transaction has staged them.
void modelReap() {
    int w = writer();
    for (auto it = committed.begin(); it != committed.end();) {
        if (it->second.due && !(w >= 0 && S[w].staged.count(it->first))) {
            deadIds.push_back(it->first);
            it = committed.erase(it);
            ++counts[C_REAPED];
        } else {
            ++it;
        }
    }
}

void checkStore(Input& in) {
    modelReap();
    HANDLE e = nullptr;
    NTSTATUS st = IPsecSaContextCreateEnumHandle0(checker, nullptr, &e);
    FCHECK(st == STATUS_SUCCESS, "checker CreateEnumHandle 0x%08x", unsigned(st));
    UINT32 page = 1 + in.u8() % 7;
    std::vector<uint64_t> seen;
    uint64_t sas = 0, pending = 0, tunnels = 0;
    for (;;) {
        IPSEC_SA_CONTEXT1** ent = nullptr;
        UINT32 got = 0;
        st = IPsecSaContextEnum1(checker, e, page, &ent, &got);
        FCHECK(st == STATUS_SUCCESS, "checker Enum1 0x%08x", unsigned(st));
        FCHECK(got <= page, "got %u > page %u", got, page);
        FCHECK((got == 0) == (ent == nullptr), "entries/count mismatch");
        for (UINT32 i = 0; i < got; ++i) {
            const IPSEC_SA_CONTEXT1* c = ent[i];
            FCHECK(seen.empty() || c->saContextId > seen.back(), "enumeration order/duplicate at id %llu",
                   (unsigned long long)c->saContextId);
            seen.push_back(c->saContextId);
            auto m = committed.find(c->saContextId);
            FCHECK(m != committed.end(), "enumeration returned unknown id %llu", (unsigned long long)c->saContextId);
            FCHECK((c->inboundSa != nullptr) == m->second.hasIn(), "id %llu inbound presence", (unsigned long long)c->saContextId);
            FCHECK((c->outboundSa != nullptr) == m->second.hasOut(), "id %llu outbound presence",
                   (unsigned long long)c->saContextId);
            if (c->inboundSa) {
                FCHECK(c->inboundSa->saBundle.numSAs >= 1 && c->inboundSa->saBundle.numSAs <= 2, "numSAs");
                FCHECK(c->inboundSa->saBundle.saList[0].spi == m->second.spi, "inbound spi");
            }
            int n = (c->inboundSa ? 1 : 0) + (c->outboundSa ? 1 : 0);
            sas += uint64_t(n);
            if (!c->outboundSa && m->second.st != St::Expiring) ++pending;
            if (n && m->second.tunnel) ++tunnels;
        }
        FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
        FCHECK(ent == nullptr, "FwpmFreeMemory0 did not clear");
        if (got < page) break;
    }
    st = IPsecSaContextDestroyEnumHandle0(checker, e);
    FCHECK(st == STATUS_SUCCESS, "checker destroy 0x%08x", unsigned(st));
    FCHECK(seen.size() == committed.size(), "enumeration saw %zu contexts, model has %zu", seen.size(), committed.size());

    IPSEC_STATISTICS1 s1;
    st = IPsecGetStatistics1(checker, &s1);
    FCHECK(st == STATUS_SUCCESS, "statistics 0x%08x", unsigned(st));
    const auto& a = s1.aggregateSaStatistics;
    FCHECK(a.activeSas == sas, "activeSas %u, enumeration %llu", a.activeSas, (unsigned long long)sas);
    FCHECK(a.pendingSaNegotiations == pending, "pending %u, enumeration %llu", a.pendingSaNegotiations,
           (unsigned long long)pending);
    FCHECK(a.activeTunnels == tunnels, "activeTunnels %u, enumeration %llu", a.activeTunnels, (unsigned long long)tunnels);
    FCHECK(a.totalSasAdded - a.totalSasDeleted == a.activeSas, "added %u - deleted %u != active %u", a.totalSasAdded,
           a.totalSasDeleted, a.activeSas);
}

// ---- operations ----------------------------------------------------------------

bool writeBlocked(int slot) {
    int w = writer();
    return w >= 0 && w != slot;
}

// Gate for writes another session's transaction would block (each costs the
// 1 ms wait): run only 1 in 16 of them.
bool skipBlockedWrite(Input& in, int slot) {
    return slot >= 0 && writeBlocked(slot) && (S[slot].longWait || (in.u8() & 15) != 0);
}

void legalWrite(int slot, const char* what) {
    FCHECK(slot >= 0, "%s succeeded without an open session", what);
    FCHECK(!writeBlocked(slot), "%s succeeded while another session holds a write transaction", what);
    FCHECK(S[slot].txn != 2, "%s succeeded in a read-only transaction", what);
}

void closeSlot(int i) {
    Sess& s = S[i];
    for (auto& e : s.enums) staleHandles.push_back(e.h);
    s.enums.clear();
    s.staged.clear();
    s.txn = 0;
    staleHandles.push_back(s.h);
    s.h = nullptr;
}

void opOpen(Input& in) {
    int i = in.u8() % kSessions;
    uint8_t b = in.u8();
    if (S[i].h) {
        NTSTATUS st = FwpmEngineClose0(S[i].h);
        FCHECK(st == STATUS_SUCCESS, "close 0x%08x", unsigned(st));
        closeSlot(i);
        return;
    }
    FWPM_SESSION0 o{};
    o.flags = (b & 1) ? FWPM_SESSION_FLAG_DYNAMIC : 0;
    if ((b & 0x06) == 0x06) o.flags |= (b & 8) ? FWPM_SESSION_FLAG_RESERVED : 0x4;
    o.txnWaitTimeoutInMSec = 1;
    o.displayData.name = (b & 0x10) ? const_cast<wchar_t*>(L"fuzz session") : nullptr;
    const wchar_t* server = (b & 0xE0) == 0xE0 ? L"remote" : nullptr;
    UINT32 authn = (b & 0xE0) == 0xC0 ? 99 : ((b & 0x20) ? RPC_C_AUTHN_DEFAULT : RPC_C_AUTHN_WINNT);
    HANDLE h = reinterpret_cast<HANDLE>(1);
    NTSTATUS st = FwpmEngineOpen0(server, authn, nullptr, (b & 0x06) == 0x02 ? nullptr : &o, &h);
    if (st == STATUS_SUCCESS) {
        FCHECK(h != nullptr && !server && (authn != 99), "bad open succeeded");
        ++counts[C_OPEN];
        S[i] = Sess{};
        S[i].h = h;
        S[i].dynamic = (b & 0x06) != 0x02 && (o.flags & FWPM_SESSION_FLAG_DYNAMIC);
        S[i].longWait = (b & 0x06) == 0x02;
    } else {
        checkFailure(st, "FwpmEngineOpen0");
        FCHECK(h == nullptr, "open failure left a handle");
    }
}

void opCloseBad(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    if (slot >= 0) return;  // real closes go through opOpen
    NTSTATUS st = FwpmEngineClose0(h);
    FCHECK(st == STATUS_INVALID_HANDLE, "close of a non-session 0x%08x", unsigned(st));
}

void opTxn(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    int what = b % 3;
    if (what == 0) {
        UINT32 flags = (b & 0x10) ? FWPM_TXN_READ_ONLY : 0;
        if (b & 0x20 && b & 0x40) flags |= 0x100;
        if (!flags && skipBlockedWrite(in, slot)) return;
        NTSTATUS st = FwpmTransactionBegin0(h, flags);
        if (st == STATUS_SUCCESS) {
            FCHECK(slot >= 0 && S[slot].txn == 0 && (flags & ~FWPM_TXN_READ_ONLY) == 0, "bad begin succeeded");
            if (!flags) FCHECK(!writeBlocked(slot), "second writer");
            S[slot].txn = flags ? 2 : 1;
        ++counts[C_TXN];
        } else {
            checkFailure(st, "Begin");
        }
    } else {
        NTSTATUS st = what == 1 ? FwpmTransactionCommit0(h) : FwpmTransactionAbort0(h);
        if (st == STATUS_SUCCESS) {
            FCHECK(slot >= 0 && S[slot].txn != 0, "commit/abort without txn succeeded");
            if (what == 1) ++counts[C_COMMIT];
            if (what == 1)
                for (auto& kv : S[slot].staged) committed[kv.first] = kv.second;
            S[slot].staged.clear();
            S[slot].txn = 0;
        } else {
            checkFailure(st, "Commit/Abort");
            FCHECK(!(slot >= 0 && S[slot].txn != 0), "commit/abort of an open txn failed 0x%08x", unsigned(st));
        }
    }
}

const GUID* kLayers[] = {&FWPM_LAYER_OUTBOUND_TRANSPORT_V4, &FWPM_LAYER_INBOUND_TRANSPORT_V4,
                         &FWPM_LAYER_OUTBOUND_TRANSPORT_V6, &FWPM_LAYER_INBOUND_TRANSPORT_V6};
const GUID* kCallouts[] = {&FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4, &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4,
                           &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6, &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6};

void opFilter(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    if (b & 0x80) {  // delete
        UINT64 id = filterIds.empty() ? in.u8() : filterIds[in.u8() % filterIds.size()];
        NTSTATUS st = FwpmFilterDeleteById0(h, id);
        if (st == STATUS_SUCCESS) legalWrite(slot, "FilterDelete");
        else checkFailure(st, "FilterDelete");
        return;
    }
    FWPM_FILTER0 f{};
    f.displayData.name = (b & 0x40) && (b & 0x20) ? nullptr : const_cast<wchar_t*>(L"fuzz filter");
    int l = b & 3;
    f.layerKey = *kLayers[l];
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = *kCallouts[(b & 0x10) ? (l ^ 1) : l];
    if (b & 0x08) f.flags = in.u32() & 0x3F;
    UINT64 id = 0;
    NTSTATUS st = FwpmFilterAdd0(h, &f, nullptr, &id);
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "FilterAdd");
        ++counts[C_FILTER];
        FCHECK(id != 0, "filter id 0");
        if (filterIds.size() < 64) filterIds.push_back(id);
    } else {
        checkFailure(st, "FilterAdd");
    }
}

// Providers, sublayers, callouts (added, referenced by filters, deleted,
// read) and layers (read).  No model: a success must be a legal write, a
// failure a documented code with its out-pointer cleared.
std::vector<GUID> objectKeys[3];  // providers, sublayers, callouts added (may be gone)

GUID fuzzKey(Input& in, int kind) {
    uint8_t b = in.u8();
    if ((b & 3) == 0 || objectKeys[kind].empty()) {
        GUID g{};
        g.Data1 = in.u32();
        g.Data2 = uint16_t(0xf0f0 | kind);
        return g;
    }
    if ((b & 3) == 1) return kind == 1 ? FWPM_SUBLAYER_UNIVERSAL : *kCallouts[b >> 6];  // built-in
    return objectKeys[kind][in.u8() % objectKeys[kind].size()];
}

// FwpmIPsecTunnelAdd0-3 (valid or malformed policies, flags, conditions,
// keys from a small pool) and FwpmIPsecTunnelDeleteByKey0.
void opTunnel(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8(), bad = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    GUID key{};
    if ((b & 3) == 0 || tunnelKeys.empty()) {
        key.Data1 = 0x7a000000u | in.u8();
        key.Data4[0] = 0x80;
    } else {
        key = tunnelKeys[in.u8() % tunnelKeys.size()];
    }
    if (b & 4) {
        NTSTATUS st = FwpmIPsecTunnelDeleteByKey0(h, (bad >= kBad && (bad & 1)) ? nullptr : &key);
        if (st == STATUS_SUCCESS) legalWrite(slot, "TunnelDeleteByKey");
        else checkFailure(st, "TunnelDeleteByKey");
        return;
    }
    IPSEC_AUTH_AND_CIPHER_TRANSFORM0 tr{};
    tr.authTransform.authTransformId = {IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96};
    tr.cipherTransform.cipherTransformId = {IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128};
    IPSEC_SA_TRANSFORM0 st0{};
    st0.ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
    st0.espAuthAndCipherTransform = &tr;
    IPSEC_PROPOSAL0 prop{};
    prop.numSaTransforms = 1;
    prop.saTransforms = &st0;
    IPSEC_TUNNEL_POLICY2 pol{};  // versions 0-2 share its leading members; Add2/3 read it whole
    pol.numIpsecProposals = 1;
    pol.ipsecProposals = &prop;
    pol.tunnelEndpoints.ipVersion = FWP_IP_VERSION((b >> 3) & 1);
    pol.tunnelEndpoints.localV4Address = 0x0A000001u;
    pol.tunnelEndpoints.remoteV4Address = 0x0A000002u | (uint32_t(in.u8()) << 8);
    IKEEXT_POLICY2 mmPol{};
    FWP_V4_ADDR_AND_MASK subnet{0x0A010000u, 0xFFFF0000u};
    FWPM_FILTER_CONDITION0 c[2]{};
    c[0].fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    c[0].matchType = FWP_MATCH_EQUAL;
    c[0].conditionValue.type = FWP_V4_ADDR_MASK;
    c[0].conditionValue.v4AddrMask = &subnet;
    c[1].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    c[1].matchType = FWP_MATCH_EQUAL;
    c[1].conditionValue.type = FWP_UINT8;
    c[1].conditionValue.uint8 = 17;
    UINT32 numConds = in.u8() % 3;
    UINT32 flags = (b & 0x10) ? FWPM_TUNNEL_FLAG_POINT_TO_POINT : 0;
    FWPM_PROVIDER_CONTEXT3 qm{}, mm{};
    qm.providerContextKey = key;
    qm.displayData.name = const_cast<wchar_t*>(L"fuzz tunnel");
    qm.type = (b & 0x20) ? FWPM_IPSEC_IKEV2_QM_TUNNEL_CONTEXT : FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    qm.ikeQmTunnelPolicy = &pol;
    mm.displayData.name = const_cast<wchar_t*>(L"fuzz tunnel mm");
    mm.type = FWPM_IPSEC_IKE_MM_CONTEXT;
    mm.ikeMmPolicy = &mmPol;
    const FWPM_FILTER_CONDITION0* conds = c;
    if (bad >= kBad) {
        switch (bad % 8) {
            case 0: flags = in.u32(); break;
            case 1: conds = nullptr; numConds = 1 + in.u8() % 2; break;
            case 2: qm.type = FWPM_IPSEC_IKE_MM_CONTEXT; qm.ikeMmPolicy = &mmPol; break;
            case 3: mm.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT; mm.ikeQmTunnelPolicy = &pol; break;
            case 4: setRaw(pol.tunnelEndpoints.ipVersion, in.u8() % 4 == 0 ? 2 : 5 + in.u8()); break;
            case 5: qm.displayData.name = nullptr; break;
            case 6: qm.flags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT; break;
            default: c[0].fieldKey.Data1 ^= 1; break;
        }
    }
    const FWPM_PROVIDER_CONTEXT3* mmp = (b & 0x40) ? &mm : nullptr;
    NTSTATUS st;
    switch (b >> 6 == 3 ? 3 : (b >> 6) ^ (bad & 1)) {
        case 0: {
            FWPM_PROVIDER_CONTEXT0 q0{}, m0{};
            std::memcpy(&q0, &qm, sizeof q0);  // same layout up to the id (the arms are pointers)
            std::memcpy(&m0, &mm, sizeof m0);
            q0.providerContextId = 0;
            m0.providerContextId = 0;
            st = FwpmIPsecTunnelAdd0(h, flags, mmp ? &m0 : nullptr, &q0, numConds, conds, nullptr);
            break;
        }
        case 1:
        case 2: {
            FWPM_PROVIDER_CONTEXT2 q2{}, m2{};
            std::memcpy(&q2, &qm, sizeof q2);
            std::memcpy(&m2, &mm, sizeof m2);
            q2.providerContextId = 0;
            m2.providerContextId = 0;
            st = FwpmIPsecTunnelAdd2(h, flags, mmp ? &m2 : nullptr, &q2, numConds, conds, nullptr, nullptr);
            break;
        }
        default: st = FwpmIPsecTunnelAdd3(h, flags, mmp, &qm, numConds, conds, &key, nullptr); break;
    }
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "TunnelAdd");
        if (tunnelKeys.size() < 16) tunnelKeys.push_back(key);
        FWPM_PROVIDER_CONTEXT3* got = nullptr;
        NTSTATUS g = FwpmProviderContextGetByKey3(h, &key, &got);
        FCHECK(g == STATUS_SUCCESS && got->type == qm.type, "tunnel's quick-mode context 0x%08x", unsigned(g));
        if (tunnelPolicyIds.size() < 16) tunnelPolicyIds.push_back(got->providerContextId);
        FwpmFreeMemory0(reinterpret_cast<void**>(&got));
    } else {
        checkFailure(st, "TunnelAdd");
    }
}

void opObjects(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    int kind = b % 3;
    int what = (b >> 2) % 6;  // add, add referencing, delete, get, filter using it, layer get
    if (what <= 2 || what == 4) {
        if (skipBlockedWrite(in, slot)) return;
    }
    GUID key = fuzzKey(in, kind), ref = fuzzKey(in, 0);
    NTSTATUS st;
    const char* name;
    if (what <= 1) {
        FWPM_DISPLAY_DATA0 dd{};
        dd.name = (b & 0x80) && (b & 0x40) ? nullptr : const_cast<wchar_t*>(L"fuzz object");
        UINT32 flags = (b & 0x80) ? in.u32() & 0x70011 : 0;
        GUID* prov = what == 1 ? &ref : nullptr;
        if (kind == 0) {
            FWPM_PROVIDER0 p{};
            p.providerKey = key;
            p.displayData = dd;
            p.flags = flags;
            st = FwpmProviderAdd0(h, &p, nullptr);
            name = "ProviderAdd";
        } else if (kind == 1) {
            FWPM_SUBLAYER0 sl{};
            sl.subLayerKey = key;
            sl.displayData = dd;
            sl.flags = flags;
            sl.providerKey = prov;
            st = FwpmSubLayerAdd0(h, &sl, nullptr);
            name = "SubLayerAdd";
        } else {
            FWPM_CALLOUT0 c{};
            c.calloutKey = key;
            c.displayData = dd;
            c.flags = flags;
            c.providerKey = prov;
            c.applicableLayer = *kLayers[in.u8() % 4];
            UINT32 id = 0;
            st = FwpmCalloutAdd0(h, &c, nullptr, &id);
            if (st == STATUS_SUCCESS) FCHECK(id != 0, "callout id 0");
            name = "CalloutAdd";
        }
        if (st == STATUS_SUCCESS && objectKeys[kind].size() < 32) objectKeys[kind].push_back(key);
    } else if (what == 2) {
        st = kind == 0 ? FwpmProviderDeleteByKey0(h, &key)
                       : kind == 1 ? FwpmSubLayerDeleteByKey0(h, &key) : FwpmCalloutDeleteByKey0(h, &key);
        name = "ObjectDelete";
    } else if (what == 3) {
        void* out = reinterpret_cast<void*>(uintptr_t(1));
        st = kind == 0 ? FwpmProviderGetByKey0(h, &key, reinterpret_cast<FWPM_PROVIDER0**>(&out))
             : kind == 1 ? FwpmSubLayerGetByKey0(h, &key, reinterpret_cast<FWPM_SUBLAYER0**>(&out))
                         : FwpmCalloutGetByKey0(h, &key, reinterpret_cast<FWPM_CALLOUT0**>(&out));
        if (st == STATUS_SUCCESS) {
            FCHECK(out != nullptr && std::memcmp(out, &key, sizeof key) == 0, "object get returned another key");
            FwpmFreeMemory0(&out);
        } else {
            FCHECK(out == nullptr, "failed object get left its out-pointer");
        }
        name = "ObjectGet";
    } else if (what == 4) {  // a filter naming the object
        FWPM_FILTER0 f{};
        f.displayData.name = const_cast<wchar_t*>(L"fuzz filter");
        int l = in.u8() % 4;
        f.layerKey = *kLayers[l];
        f.action.type = FWP_ACTION_PERMIT;
        if (kind == 0) f.providerKey = &key;
        if (kind == 1) f.subLayerKey = key;
        if (kind == 2) {
            f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
            f.action.calloutKey = key;
        }
        if (b & 0x80) f.flags = FWPM_FILTER_FLAG_PERSISTENT;
        UINT64 id = 0;
        st = FwpmFilterAdd0(h, &f, nullptr, &id);
        if (st == STATUS_SUCCESS && filterIds.size() < 64) filterIds.push_back(id);
        name = "FilterAdd (object reference)";
    } else {
        FWPM_LAYER0* l = reinterpret_cast<FWPM_LAYER0*>(uintptr_t(1));
        UINT16 id = uint16_t(in.u8());
        st = (b & 0x80) ? FwpmLayerGetByKey0(h, kLayers[in.u8() % 4], &l) : FwpmLayerGetById0(h, id, &l);
        if (st == STATUS_SUCCESS) {
            FCHECK(l != nullptr && (l->numFields == 0 || l->field != nullptr), "layer get");
            FwpmFreeMemory0(reinterpret_cast<void**>(&l));
        } else {
            FCHECK(l == nullptr, "failed layer get left its out-pointer");
        }
        name = "LayerGet";
    }
    if (st == STATUS_SUCCESS) {
        if (what <= 2 || what == 4) legalWrite(slot, name);
        ++counts[C_OBJECT];
    } else {
        checkFailure(st, name);
    }
}

// Provider contexts (every version of Add/Get/Enum, several types, with
// malformations), enumerations of every 1.2 object family, engine options (with
// a model: options are process-wide) and the BFE state notifier.  Like
// opObjects: a success must be a legal write, a failure a documented code with
// its out-pointers cleared.
std::vector<GUID> pcKeys;     // provider-context keys added (may be gone)
std::vector<UINT64> pcIds;    // and their ids

// One version's provider context and the policy structures it points at.
template <class C>
struct PcBuf {
    using Mm = std::remove_pointer_t<decltype(C::ikeMmPolicy)>;
    using Method = std::remove_pointer_t<decltype(Mm::authenticationMethods)>;
    using MmProp = std::remove_pointer_t<decltype(Mm::ikeProposals)>;
    using Tp = std::remove_pointer_t<decltype(C::ikeQmTransportPolicy)>;
    using Tun = std::remove_pointer_t<decltype(C::ikeQmTunnelPolicy)>;
    using QmProp = std::remove_pointer_t<decltype(Tp::ipsecProposals)>;
    using Key = std::remove_pointer_t<decltype(C::keyingPolicy)>;
    C c{};
    Mm mm{};
    Method am[2]{};
    MmProp mp[2]{};
    Tp tp{};
    Tun tun{};
    QmProp qp[2]{};
    IPSEC_SA_TRANSFORM0 xf[2]{};
    IPSEC_AUTH_TRANSFORM0 ah{};
    IPSEC_AUTH_AND_CIPHER_TRANSFORM0 aac{};
    Key kp{};
    GUID mods[2]{};
    FWP_BYTE_BLOB data{};
    UINT8 bytes[8]{};
    GUID prov{};
    GUID key{};
};

const UINT32 kPcTypes[] = {FWPM_GENERAL_CONTEXT, FWPM_IPSEC_IKE_MM_CONTEXT, FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT,
                           FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT, FWPM_IPSEC_KEYING_CONTEXT, FWPM_IPSEC_IKEV2_MM_CONTEXT,
                           FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT, FWPM_IPSEC_AUTHIP_MM_CONTEXT};

GUID pcKey(Input& in) {
    uint8_t b = in.u8();
    if ((b & 3) == 0 || pcKeys.empty()) {
        GUID g{};
        if (b & 4) return g;  // zero: the engine generates one
        g.Data1 = in.u32();
        g.Data2 = 0x0f0f;
        return g;
    }
    return pcKeys[in.u8() % pcKeys.size()];
}

// Fills x for one Add call; returns the type written (raw).
template <class C>
UINT32 makePc(Input& in, PcBuf<C>& x) {
    uint8_t b = in.u8(), bad = in.u8();
    C& c = x.c;
    c.providerContextKey = x.key = pcKey(in);
    c.displayData.name = const_cast<wchar_t*>(L"fuzz context");
    c.providerContextId = in.u8();  // ignored on input
    UINT32 type = kPcTypes[b % 8];
    setRaw(c.type, type);
    // every arm is a pointer at the same offset: an arm that the type names
    // has the policy type of its ikeMmPolicy / ikeQmTransportPolicy / ... sibling
    for (auto& p : x.mp) {
        p.cipherAlgorithm.algoIdentifier = IKEEXT_CIPHER_AES_128;
        p.integrityAlgorithm.algoIdentifier = IKEEXT_INTEGRITY_SHA_256;
        p.maxLifetimeSeconds = 28800;
        p.dhGroup = IKEEXT_DH_GROUP_2;
    }
    for (auto& m : x.am) {
        m.authenticationMethodType = IKEEXT_PRESHARED_KEY;
        m.presharedKeyAuthentication.presharedKey.size = 4;
        m.presharedKeyAuthentication.presharedKey.data = x.bytes;
    }
    x.mm.numAuthenticationMethods = 1 + (b >> 7);
    x.mm.authenticationMethods = x.am;
    x.mm.numIkeProposals = 1 + ((b >> 6) & 1);
    x.mm.ikeProposals = x.mp;
    x.ah.authTransformId = {IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96};
    x.aac.authTransform = x.ah;
    x.aac.cipherTransform.cipherTransformId = {IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128};
    x.xf[0].ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
    x.xf[0].espAuthAndCipherTransform = &x.aac;
    x.xf[1].ipsecTransformType = IPSEC_TRANSFORM_AH;
    x.xf[1].ahTransform = &x.ah;
    for (auto& p : x.qp) {
        p.lifetime = {3600, 100000, 0x7FFFFFFF};
        p.numSaTransforms = 1 + ((b >> 5) & 1);
        p.saTransforms = x.xf;
    }
    x.tp.numIpsecProposals = 1 + ((b >> 4) & 1);
    x.tp.ipsecProposals = x.qp;
    x.tun.numIpsecProposals = 1;
    x.tun.ipsecProposals = x.qp;
    x.tun.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
    x.tun.tunnelEndpoints.localV4Address = 0x0A000001;
    x.tun.tunnelEndpoints.remoteV4Address = 0x0A000002;
    x.kp.numKeyMods = 1;
    x.kp.keyModKeys = x.mods;
    x.data.size = 1 + in.u8() % 8;
    x.data.data = x.bytes;
    switch (type) {
        case FWPM_GENERAL_CONTEXT: c.dataBuffer = &x.data; break;
        case FWPM_IPSEC_IKE_MM_CONTEXT:
        case FWPM_IPSEC_AUTHIP_MM_CONTEXT:
        case FWPM_IPSEC_IKEV2_MM_CONTEXT: c.ikeMmPolicy = &x.mm; break;
        case FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT:
        case FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT: c.ikeQmTransportPolicy = &x.tp; break;
        case FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT: c.ikeQmTunnelPolicy = &x.tun; break;
        default: c.keyingPolicy = &x.kp; break;
    }
    if (b & 8) {  // a provider: added, built-in or unknown
        x.prov = fuzzKey(in, 0);
        c.providerKey = &x.prov;
    }
    if (bad < kBad) return type;
    switch (bad % 14) {
        case 0: c.displayData.name = nullptr; break;
        case 1: c.flags = in.u32(); break;
        case 2: c.flags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT; break;
        case 3: type = FWPM_PROVIDER_CONTEXT_TYPE_MAX + in.u8() % 4; setRaw(c.type, type); break;
        case 4: c.dataBuffer = nullptr; break;  // the type's policy pointer, whatever it is
        case 5: x.mm.authenticationMethods = nullptr; break;
        case 6: x.mm.ikeProposals = nullptr; break;
        case 7: x.tp.ipsecProposals = nullptr; x.tun.ipsecProposals = nullptr; break;
        case 8: x.qp[0].saTransforms = nullptr; break;
        case 9: x.kp.keyModKeys = nullptr; break;
        case 10: x.data.data = nullptr; break;
        case 11: c.providerData.size = 1 + in.u8(); break;  // data NULL
        case 12: x.am[0].presharedKeyAuthentication.presharedKey.data = nullptr; break;
        default: setRaw(c.type, in.u32()); type = 0xFFFFFFFFu; break;
    }
    return type;
}

// The highest provider-context type a version's union has an arm for (+1).
UINT32 pcTypeLimit(int ver) {
    switch (ver) {
        case 0: return FWPM_GENERAL_CONTEXT + 1;
        case 1: return FWPM_IPSEC_DOSP_CONTEXT + 1;
        default: return FWPM_PROVIDER_CONTEXT_TYPE_MAX;
    }
}

template <class C>
NTSTATUS pcAdd(Input& in, HANDLE h, int ver, UINT32* type, UINT64* id, GUID* key) {
    static PcBuf<C> x;
    x = PcBuf<C>{};
    *type = makePc(in, x);
    *key = x.key;
    bool nullIn = (in.u8() & 0x1F) == 0x1F;
    const C* p = nullIn ? nullptr : &x.c;
    UINT64* idp = (in.u8() & 7) == 7 ? nullptr : id;
    NTSTATUS st;
    if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT0>::value) st = FwpmProviderContextAdd0(h, p, nullptr, idp);
    else if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT1>::value) st = FwpmProviderContextAdd1(h, p, nullptr, idp);
    else if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT2>::value) st = FwpmProviderContextAdd2(h, p, nullptr, idp);
    else st = FwpmProviderContextAdd3(h, p, nullptr, idp);
    if (st == STATUS_SUCCESS) {
        FCHECK(!nullIn, "ProviderContextAdd%d of NULL succeeded", ver);
        FCHECK(*type < pcTypeLimit(ver), "ProviderContextAdd%d of type %u succeeded", ver, *type);
        if (!idp) *id = 0;
    }
    return st;
}

template <class C>
void pcCheckGot(const C* c, bool byId, UINT64 id, const GUID& key, int ver) {
    FCHECK(c != nullptr, "provider-context get returned NULL");
    if (byId) FCHECK(c->providerContextId == id, "get by id returned another id");
    else FCHECK(std::memcmp(&c->providerContextKey, &key, sizeof key) == 0, "get by key returned another key");
    FCHECK(raw(c->type) < pcTypeLimit(ver), "version %d returned type %u", ver, raw(c->type));
    FCHECK(c->displayData.name != nullptr, "context without a name");
}

template <class C>
NTSTATUS pcGet(HANDLE h, int ver, bool byId, UINT64 id, const GUID* key, bool nullOut) {
    C* out = reinterpret_cast<C*>(uintptr_t(1));
    C** op = nullOut ? nullptr : &out;
    NTSTATUS st;
    if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT0>::value)
        st = byId ? FwpmProviderContextGetById0(h, id, op) : FwpmProviderContextGetByKey0(h, key, op);
    else if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT1>::value)
        st = byId ? FwpmProviderContextGetById1(h, id, op) : FwpmProviderContextGetByKey1(h, key, op);
    else if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT2>::value)
        st = byId ? FwpmProviderContextGetById2(h, id, op) : FwpmProviderContextGetByKey2(h, key, op);
    else
        st = byId ? FwpmProviderContextGetById3(h, id, op) : FwpmProviderContextGetByKey3(h, key, op);
    if (st == STATUS_SUCCESS) {
        FCHECK(!nullOut && (byId || key), "provider-context get with a NULL pointer succeeded");
        pcCheckGot(out, byId, id, byId ? GUID{} : *key, ver);
        FwpmFreeMemory0(reinterpret_cast<void**>(&out));
    } else if (!nullOut) {
        FCHECK(out == nullptr, "failed provider-context get left its out-pointer");
    }
    return st;
}

template <class C>
NTSTATUS pcEnum(HANDLE h, HANDLE e, UINT32 n, bool nullOut, UINT32* got, int ver) {
    C** ent = nullptr;
    NTSTATUS st;
    if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT0>::value) st = FwpmProviderContextEnum0(h, e, n, nullOut ? nullptr : &ent, got);
    else if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT1>::value) st = FwpmProviderContextEnum1(h, e, n, nullOut ? nullptr : &ent, got);
    else if constexpr (std::is_same<C, FWPM_PROVIDER_CONTEXT2>::value) st = FwpmProviderContextEnum2(h, e, n, nullOut ? nullptr : &ent, got);
    else st = FwpmProviderContextEnum3(h, e, n, nullOut ? nullptr : &ent, got);
    if (st == STATUS_SUCCESS) {
        FCHECK(*got <= n && (*got == 0) == (ent == nullptr), "provider-context enum count");
        UINT64 last = 0;
        for (UINT32 i = 0; i < *got; ++i) {
            FCHECK(ent[i]->providerContextId > last, "provider-context enum order");
            last = ent[i]->providerContextId;
            FCHECK(raw(ent[i]->type) < pcTypeLimit(ver), "enum version %d returned type %u", ver, raw(ent[i]->type));
        }
        FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
    } else if (!nullOut) {
        FCHECK(ent == nullptr && *got == 0, "failed provider-context enum left output");
    }
    return st;
}

void opProviderContexts(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    int ver = (b >> 3) & 3;
    int what = b % 5;  // add, get, delete, filter naming one, enumerate
    if ((what == 0 || what == 2 || what == 3) && skipBlockedWrite(in, slot)) return;
    NTSTATUS st;
    const char* name;
    if (what == 0) {
        UINT32 type = 0;
        UINT64 id = 0;
        GUID key{};
        switch (ver) {
            case 0: st = pcAdd<FWPM_PROVIDER_CONTEXT0>(in, h, 0, &type, &id, &key); break;
            case 1: st = pcAdd<FWPM_PROVIDER_CONTEXT1>(in, h, 1, &type, &id, &key); break;
            case 2: st = pcAdd<FWPM_PROVIDER_CONTEXT2>(in, h, 2, &type, &id, &key); break;
            default: st = pcAdd<FWPM_PROVIDER_CONTEXT3>(in, h, 3, &type, &id, &key); break;
        }
        if (st == STATUS_SUCCESS && id) {
            if (pcIds.size() < 32) pcIds.push_back(id);
            GUID zero{};
            if (std::memcmp(&key, &zero, sizeof key) != 0 && pcKeys.size() < 32) pcKeys.push_back(key);
        }
        name = "ProviderContextAdd";
    } else if (what == 1) {
        bool byId = b & 0x20;
        UINT64 id = pcIds.empty() || (b & 0x40) ? in.u64() : pcIds[in.u8() % pcIds.size()];
        GUID key = pcKey(in);
        const GUID* kp = (in.u8() & 0x0F) == 0x0F ? nullptr : &key;
        bool nullOut = (b & 0xC0) == 0xC0;
        switch (ver) {
            case 0: st = pcGet<FWPM_PROVIDER_CONTEXT0>(h, 0, byId, id, kp, nullOut); break;
            case 1: st = pcGet<FWPM_PROVIDER_CONTEXT1>(h, 1, byId, id, kp, nullOut); break;
            case 2: st = pcGet<FWPM_PROVIDER_CONTEXT2>(h, 2, byId, id, kp, nullOut); break;
            default: st = pcGet<FWPM_PROVIDER_CONTEXT3>(h, 3, byId, id, kp, nullOut); break;
        }
        name = "ProviderContextGet";
    } else if (what == 2) {
        if (b & 0x20) {
            UINT64 id = pcIds.empty() || (b & 0x40) ? in.u64() : pcIds[in.u8() % pcIds.size()];
            st = FwpmProviderContextDeleteById0(h, id);
        } else {
            GUID key = pcKey(in);
            st = FwpmProviderContextDeleteByKey0(h, (b & 0x40) && (b & 0x80) ? nullptr : &key);
        }
        name = "ProviderContextDelete";
    } else if (what == 3) {  // a filter naming a context (the IN_USE and lifetime rules)
        FWPM_FILTER0 f{};
        f.displayData.name = const_cast<wchar_t*>(L"fuzz filter");
        f.layerKey = *kLayers[in.u8() % 4];
        f.action.type = FWP_ACTION_PERMIT;
        f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT | ((b & 0x80) ? FWPM_FILTER_FLAG_PERSISTENT : 0);
        f.providerContextKey = pcKey(in);
        UINT64 id = 0;
        st = FwpmFilterAdd0(h, &f, nullptr, &id);
        if (st == STATUS_SUCCESS && filterIds.size() < 64) filterIds.push_back(id);
        name = "FilterAdd (provider context)";
    } else {  // create, one or two pages, destroy
        FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 t{};
        GUID prov = fuzzKey(in, 0);
        t.providerKey = (b & 0x20) ? &prov : nullptr;
        setRaw(t.providerContextType, (b & 0x80) ? uint32_t(in.u8() % 16) : uint32_t(FWPM_GENERAL_CONTEXT));
        HANDLE e = reinterpret_cast<HANDLE>(uintptr_t(1));
        st = FwpmProviderContextCreateEnumHandle0(h, (b & 0x40) ? &t : nullptr, &e);
        name = "ProviderContextCreateEnumHandle";
        if (st == STATUS_SUCCESS) {
            FCHECK(slot >= 0, "enum handle on a bad session");
            for (int page = 0; page < 2; ++page) {
                UINT32 got = 0;
                UINT32 n = in.u8() % 9;
                bool nullOut = (in.u8() & 0x1F) == 0x1F;
                NTSTATUS s2;
                switch (ver) {
                    case 0: s2 = pcEnum<FWPM_PROVIDER_CONTEXT0>(h, e, n, nullOut, &got, 0); break;
                    case 1: s2 = pcEnum<FWPM_PROVIDER_CONTEXT1>(h, e, n, nullOut, &got, 1); break;
                    case 2: s2 = pcEnum<FWPM_PROVIDER_CONTEXT2>(h, e, n, nullOut, &got, 2); break;
                    default: s2 = pcEnum<FWPM_PROVIDER_CONTEXT3>(h, e, n, nullOut, &got, 3); break;
                }
                if (s2 != STATUS_SUCCESS) {
                    FCHECK(nullOut, "provider-context enum on its own handle failed 0x%08x", unsigned(s2));
                    checkFailure(s2, "ProviderContextEnum");
                }
            }
            FCHECK(FwpmProviderContextDestroyEnumHandle0(h, e) == STATUS_SUCCESS, "provider-context enum destroy");
            FCHECK(FwpmProviderContextDestroyEnumHandle0(h, e) == STATUS_INVALID_HANDLE, "destroyed twice");
        } else {
            FCHECK(e == nullptr, "failed CreateEnumHandle left a handle");
        }
    }
    if (st == STATUS_SUCCESS) {
        if (what == 0 || what == 2 || what == 3) legalWrite(slot, name);
        ++counts[C_OBJECT];
    } else {
        checkFailure(st, name);
    }
}

// Enumerations of providers, sublayers, callouts and layers (create with a
// template, possibly malformed; one or two pages; destroy, also through
// another family's destroy function).
template <class T>
void checkObjPage(T** ent, UINT32 got, UINT32 n) {
    FCHECK(got <= n && (got == 0) == (ent == nullptr), "object enum count");
    for (UINT32 i = 0; i < got; ++i) FCHECK(ent[i] != nullptr && ent[i]->displayData.name != nullptr, "object enum entry");
}

void opObjectEnums(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    int kind = b % 4;  // provider, sublayer, callout, layer
    bool withTmpl = b & 4;
    FWPM_PROVIDER_ENUM_TEMPLATE0 pt{};
    FWPM_SUBLAYER_ENUM_TEMPLATE0 st0{};
    FWPM_CALLOUT_ENUM_TEMPLATE0 ct{};
    FWPM_LAYER_ENUM_TEMPLATE0 lt{};
    GUID prov = fuzzKey(in, 0);
    pt.reserved = lt.reserved = (b & 8) ? in.u64() : 0;
    st0.providerKey = ct.providerKey = (b & 0x10) ? &prov : nullptr;
    ct.layerKey = (b & 0x20) ? *kLayers[in.u8() % 4] : GUID{};
    if ((b & 0x28) == 0x28) ct.layerKey = prov;  // not a layer
    HANDLE e = reinterpret_cast<HANDLE>(uintptr_t(1));
    NTSTATUS st = kind == 0 ? FwpmProviderCreateEnumHandle0(h, withTmpl ? &pt : nullptr, &e)
                  : kind == 1 ? FwpmSubLayerCreateEnumHandle0(h, withTmpl ? &st0 : nullptr, &e)
                  : kind == 2 ? FwpmCalloutCreateEnumHandle0(h, withTmpl ? &ct : nullptr, &e)
                              : FwpmLayerCreateEnumHandle0(h, withTmpl ? &lt : nullptr, &e);
    if (st != STATUS_SUCCESS) {
        checkFailure(st, "object CreateEnumHandle");
        FCHECK(e == nullptr, "failed CreateEnumHandle left a handle");
        return;
    }
    FCHECK(slot >= 0, "object enum on a bad session");
    ++counts[C_OBJECT];
    for (int page = 0; page < 1 + (b >> 7); ++page) {
        UINT32 n = (in.u8() & 0x80) ? in.u32() : in.u8() % 64, got = 7;
        bool nullOut = (in.u8() & 0x1F) == 0x1F;
        void* ent = nullptr;
        void** ep = nullOut ? nullptr : &ent;
        if (kind == 0) {
            st = FwpmProviderEnum0(h, e, n, reinterpret_cast<FWPM_PROVIDER0***>(ep), &got);
            if (st == STATUS_SUCCESS) checkObjPage(static_cast<FWPM_PROVIDER0**>(ent), got, n);
        } else if (kind == 1) {
            st = FwpmSubLayerEnum0(h, e, n, reinterpret_cast<FWPM_SUBLAYER0***>(ep), &got);
            if (st == STATUS_SUCCESS) checkObjPage(static_cast<FWPM_SUBLAYER0**>(ent), got, n);
        } else if (kind == 2) {
            st = FwpmCalloutEnum0(h, e, n, reinterpret_cast<FWPM_CALLOUT0***>(ep), &got);
            if (st == STATUS_SUCCESS) checkObjPage(static_cast<FWPM_CALLOUT0**>(ent), got, n);
        } else {
            st = FwpmLayerEnum0(h, e, n, reinterpret_cast<FWPM_LAYER0***>(ep), &got);
            if (st == STATUS_SUCCESS) checkObjPage(static_cast<FWPM_LAYER0**>(ent), got, n);
        }
        if (st == STATUS_SUCCESS) {
            FCHECK(!nullOut, "object enum with NULL entries succeeded");
            FwpmFreeMemory0(&ent);
        } else {
            FCHECK(nullOut, "object enum on its own handle failed 0x%08x", unsigned(st));
            checkFailure(st, "object Enum");
        }
    }
    // another family's destroy refuses the handle
    int other = (kind + 1 + in.u8() % 3) % 4;
    auto destroy = [&](int k) {
        return k == 0 ? FwpmProviderDestroyEnumHandle0(h, e) : k == 1 ? FwpmSubLayerDestroyEnumHandle0(h, e)
               : k == 2 ? FwpmCalloutDestroyEnumHandle0(h, e) : FwpmLayerDestroyEnumHandle0(h, e);
    };
    FCHECK(destroy(other) == STATUS_INVALID_HANDLE, "another family's destroy accepted the handle");
    FCHECK(destroy(kind) == STATUS_SUCCESS, "object enum destroy");
    staleHandles.push_back(e);
}

// Engine options, with a model (they are process-wide and outlive inputs).
bool optModelSet = false;
UINT32 optModel[FWPM_ENGINE_OPTION_MAX];

bool optLegal(UINT32 option, UINT32 v) {
    switch (option) {
        case FWPM_ENGINE_COLLECT_NET_EVENTS: return v <= 1;
        case FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS:
            return (v & ~UINT32(FWPM_NET_EVENT_KEYWORD_INBOUND_MCAST | FWPM_NET_EVENT_KEYWORD_INBOUND_BCAST)) == 0;
        case FWPM_ENGINE_NAME_CACHE: return false;
        case FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS: return v <= 1 && !(v == 0 && optModel[option] == 1);
        case FWPM_ENGINE_PACKET_QUEUING:
            return (v & ~UINT32(FWPM_ENGINE_OPTION_PACKET_QUEUE_INBOUND | FWPM_ENGINE_OPTION_PACKET_QUEUE_OUTBOUND)) == 0;
        default: return true;  // TXN_WATCHDOG_TIMEOUT_IN_MSEC: any value
    }
}

void opOptions(Input& in) {
    if (!optModelSet) {
        for (UINT32 o = 0; o < FWPM_ENGINE_OPTION_MAX; ++o) {
            FWP_VALUE0* v = nullptr;
            FCHECK(FwpmEngineGetOption0(checker, FWPM_ENGINE_OPTION(o), &v) == STATUS_SUCCESS, "option get");
            optModel[o] = v->uint32;
            FwpmFreeMemory0(reinterpret_cast<void**>(&v));
        }
        optModelSet = true;
    }
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    UINT32 option = b % 8;
    // 0..7: the values a C++ FWPM_ENGINE_OPTION can hold (MAX and 7 are
    // invalid enumerators; a larger one would make the call itself undefined
    // here; the conformance scenario passes 0xFFFFFFFF through the C ABI)
    auto eo = FWPM_ENGINE_OPTION(option);
    if (b & 0x40) {  // set
        FWP_VALUE0 v{};
        uint8_t t = in.u8();
        setRaw(v.type, (t & 0xF0) == 0xF0 ? uint32_t(t & 0x0F) : uint32_t(FWP_UINT32));
        v.uint32 = (t & 1) ? in.u32() : in.u8() % 4;
        bool nullIn = (t & 0x0E) == 0x0E;
        NTSTATUS st = FwpmEngineSetOption0(h, eo, nullIn ? nullptr : &v);
        bool legal = slot >= 0 && S[slot].txn == 0 && !S[slot].dynamic && !nullIn && option < FWPM_ENGINE_OPTION_MAX &&
                     raw(v.type) == FWP_UINT32 && optLegal(option, v.uint32);
        if (st == STATUS_SUCCESS) {
            FCHECK(legal, "SetOption(%u, %u) succeeded", option, v.uint32);
            optModel[option] = v.uint32;
            ++counts[C_OBJECT];
        } else {
            checkFailure(st, "SetOption");
            FCHECK(!legal, "legal SetOption(%u, %u) failed 0x%08x", option, v.uint32, unsigned(st));
        }
        return;
    }
    FWP_VALUE0* v = reinterpret_cast<FWP_VALUE0*>(uintptr_t(1));
    bool nullOut = (b & 0x30) == 0x30;
    NTSTATUS st = FwpmEngineGetOption0(h, eo, nullOut ? nullptr : &v);
    if (st == STATUS_SUCCESS) {
        FCHECK(slot >= 0 && !nullOut && option < FWPM_ENGINE_OPTION_MAX, "GetOption succeeded");
        FCHECK(v && v->type == FWP_UINT32 && v->uint32 == optModel[option], "option %u reads %u, model %u", option,
               v ? v->uint32 : 0, optModel[option]);
        FwpmFreeMemory0(reinterpret_cast<void**>(&v));
        ++counts[C_OBJECT];
    } else {
        checkFailure(st, "GetOption");
        FCHECK(slot < 0 || nullOut || option >= FWPM_ENGINE_OPTION_MAX, "GetOption failed 0x%08x", unsigned(st));
        if (!nullOut) FCHECK(v == nullptr, "failed GetOption left its out-pointer");
    }
}

// BFE state: always running; subscriptions registered and released.
std::vector<HANDLE> bfeSubs;
int bfeCalls;
void NTAPI bfeCallback(void* ctx, FWPM_SERVICE_STATE) { ++*static_cast<int*>(ctx); }

void opBfe(Input& in) {
    uint8_t b = in.u8();
    FCHECK(FwpmBfeStateGet0() == FWPM_SERVICE_RUNNING, "BFE not running");
    if (b & 1) {  // subscribe
        HANDLE ch = reinterpret_cast<HANDLE>(uintptr_t(1));
        bool nullCb = (b & 6) == 6, nullOut = (b & 0x18) == 0x18;
        NTSTATUS st = FwpmBfeStateSubscribeChanges0((b & 0x20) ? &bfeCalls : nullptr, nullCb ? nullptr : bfeCallback,
                                                    &bfeCalls, nullOut ? nullptr : &ch);
        if (st == STATUS_SUCCESS) {
            FCHECK(!nullCb && !nullOut && ch != nullptr, "bad subscribe succeeded");
            if (bfeSubs.size() < 16) bfeSubs.push_back(ch);
            else FCHECK(FwpmBfeStateUnsubscribeChanges0(ch) == STATUS_SUCCESS, "unsubscribe");
            ++counts[C_OBJECT];
        } else {
            FCHECK(st == FWP_E_NULL_POINTER && (nullCb || nullOut), "subscribe failed 0x%08x", unsigned(st));
            if (!nullOut) FCHECK(ch == nullptr, "failed subscribe left a handle");
        }
        return;
    }
    if (!bfeSubs.empty() && (b & 2)) {
        size_t i = in.u8() % bfeSubs.size();
        HANDLE ch = bfeSubs[i];
        FCHECK(FwpmBfeStateUnsubscribeChanges0(ch) == STATUS_SUCCESS, "unsubscribe");
        bfeSubs.erase(bfeSubs.begin() + long(i));
        staleHandles.push_back(ch);
        FCHECK(FwpmBfeStateUnsubscribeChanges0(ch) == STATUS_INVALID_HANDLE, "unsubscribed twice");
        return;
    }
    // a session, enumerator, stale or forged handle is not a subscription
    int slot;
    HANDLE h = pickEngine(in, &slot);
    NTSTATUS st = FwpmBfeStateUnsubscribeChanges0(h);
    FCHECK(st == STATUS_INVALID_HANDLE, "unsubscribe of a non-subscription gave 0x%08x", unsigned(st));
    FCHECK(bfeCalls == 0, "a BFE callback ran although the state never changes");
}

void opCreate(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    IPSEC_TRAFFIC1 t = makeTraffic(in);
    IPSEC_VIRTUAL_IF_TUNNEL_INFO0 vif{in.u64(), 7};
    UINT64 id = 0, ifid = 99;
    NTSTATUS st;
    if (b & 1) {
        IPSEC_TRAFFIC0 t0 = toTraffic0(t);
        st = IPsecSaContextCreate0(h, (b & 0x1E) == 0x1E ? nullptr : &t0, (b & 0x20) ? &ifid : nullptr,
                                   (b & 0x1E) == 0x1C ? nullptr : &id);
    } else {
        st = IPsecSaContextCreate1(h, (b & 0x1E) == 0x1E ? nullptr : &t, (b & 0x40) ? &vif : nullptr, (b & 0x20) ? &ifid : nullptr,
                                   (b & 0x1E) == 0x1C ? nullptr : &id);
    }
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "Create");
        ++counts[C_CREATE];
        FCHECK(!S[slot].dynamic && S[slot].txn == 0, "Create succeeded in a dynamic session or txn");
        FCHECK(id != 0 && !committed.count(id), "Create returned id %llu", (unsigned long long)id);
        if (b & 0x20) FCHECK(ifid == 0, "inboundFilterId not 0");
        Ctx c;
        c.tunnel = t.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL;
        c.ver = int(t.ipVersion);
        if (committed.size() < 48) committed[id] = c;
        else {  // keep the model small: delete it again at once
            NTSTATUS d = IPsecSaContextDeleteById0(h, id);
            FCHECK(d == STATUS_SUCCESS, "delete after create 0x%08x", unsigned(d));
            deadIds.push_back(id);
        }
    } else {
        checkFailure(st, "Create");
    }
}

void opSpi(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint64_t id = pickId(in, slot);
    uint8_t b = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    IPSEC_GETSPI1 g{};
    Ctx c;
    bool exists = slot >= 0 && viewHas(slot, id, &c);
    g.inboundIpsecTraffic = makeTraffic(in, exists ? c.ver : -1);
    g.ipVersion = FWP_IP_VERSION(exists ? c.ver : 0);
    if ((b & 0x3C) == 0x3C) setRaw(g.ipVersion, in.u8() % 5);
    IPSEC_V4_UDP_ENCAPSULATION0 udp{4500, 4500};
    g.inboundUdpEncapsulation = (b & 0x40) ? &udp : nullptr;
    IPSEC_SA_SPI spi = 0;
    NTSTATUS st;
    int kind = b % 3;
    IPSEC_SA_SPI chosen = (b & 0xC0) == 0xC0 ? in.u32() : 256 + in.u16() * 65536u + in.u16();
    if (kind == 0) {
        st = IPsecSaContextGetSpi1(h, id, (b & 0x3C) == 0x38 ? nullptr : &g, (b & 0x3C) == 0x34 ? nullptr : &spi);
    } else if (kind == 1) {
        IPSEC_GETSPI0 g0{};
        g0.inboundIpsecTraffic = toTraffic0(g.inboundIpsecTraffic);
        copyRaw(g0.ipVersion, g.ipVersion);
        g0.inboundUdpEncapsulation = g.inboundUdpEncapsulation;
        st = IPsecSaContextGetSpi0(h, id, (b & 0x3C) == 0x38 ? nullptr : &g0, (b & 0x3C) == 0x34 ? nullptr : &spi);
    } else {
        st = IPsecSaContextSetSpi0(h, id, (b & 0x3C) == 0x38 ? nullptr : &g, chosen);
        spi = chosen;
    }
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "GetSpi/SetSpi");
        ++counts[C_SPI];
        FCHECK(exists, "GetSpi/SetSpi on unknown id %llu succeeded", (unsigned long long)id);
        FCHECK(spi >= 256, "spi %u", spi);
        if (c.st == St::Spi) {
            FCHECK(kind != 2 && spi == c.spi, "repeat GetSpi returned another SPI or SetSpi succeeded");
        } else {
            FCHECK(c.st == St::Created, "GetSpi/SetSpi in state %d", int(c.st));
            c.st = St::Spi;
            c.spi = spi;
            putView(slot, id, c);
        }
    } else {
        checkFailure(st, "GetSpi/SetSpi");
    }
}

void opAdd(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint64_t id = pickId(in, slot);
    uint8_t b = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    bool inbound = b & 1;
    Ctx c;
    bool exists = slot >= 0 && viewHas(slot, id, &c);
    static BundleBuf x;
    makeBundle(in, x, exists && inbound ? c.spi : 0x2000 + in.u8(), exists ? c.ver : 0);
    NTSTATUS st;
    const IPSEC_SA_BUNDLE1* bp = (b & 0x1E) == 0x1E ? nullptr : &x.b;
    if (b & 0x20) {
        IPSEC_SA_BUNDLE0 b0;
        std::memcpy(&b0, &x.b, sizeof b0);  // BUNDLE0 is a layout prefix of BUNDLE1
        st = inbound ? IPsecSaContextAddInbound0(h, id, bp ? &b0 : nullptr) : IPsecSaContextAddOutbound0(h, id, bp ? &b0 : nullptr);
    } else {
        st = inbound ? IPsecSaContextAddInbound1(h, id, bp) : IPsecSaContextAddOutbound1(h, id, bp);
    }
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "Add");
        ++counts[inbound ? C_ADDIN : C_ADDOUT];
        FCHECK(exists, "Add on unknown id succeeded");
        FCHECK(c.st == (inbound ? St::Spi : St::Inbound), "Add%s in state %d", inbound ? "Inbound" : "Outbound", int(c.st));
        FCHECK(x.b.numSAs >= 1 && x.b.numSAs <= 2, "numSAs %u accepted", x.b.numSAs);
        for (UINT32 i = 0; i < x.b.numSAs; ++i) FCHECK(x.b.saList[i].spi >= 256, "spi < 256 accepted");
        c.st = inbound ? St::Inbound : St::Complete;
        putView(slot, id, c);
    } else {
        checkFailure(st, "Add");
    }
}

void opUpdate(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint64_t id = pickId(in, slot);
    uint8_t b = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    Ctx c;
    bool exists = slot >= 0 && viewHas(slot, id, &c);
    UINT64 flags = (b & 0xE0) == 0xE0 ? in.u64() : (in.u8() & 0x7F);
    static BundleBuf x;
    makeBundle(in, x, c.spi, c.ver);
    IPSEC_SA_DETAILS1 din{}, dout{};
    IPSEC_V4_UDP_ENCAPSULATION0 udp{1, 2};
    din.traffic = makeTraffic(in, c.ver);
    din.saBundle = x.b;
    din.udpEncapsulation = (b & 0x10) ? &udp : nullptr;
    dout = din;
    dout.traffic = makeTraffic(in, c.ver);
    IPSEC_SA_CONTEXT1 v{};
    v.saContextId = id;
    v.inboundSa = (b & 1) ? &din : nullptr;
    v.outboundSa = (b & 2) ? &dout : nullptr;
    NTSTATUS st = IPsecSaContextUpdate0(h, flags, (b & 0x3C) == 0x3C ? nullptr : &v);
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "Update");
        ++counts[C_UPDATE];
        FCHECK(exists, "Update on unknown id succeeded");
        FCHECK((b & 3) != 0, "Update with no side succeeded");
        if (b & 1) FCHECK(c.hasIn(), "Update of a missing inbound SA succeeded");
        if (b & 2) FCHECK(c.hasOut(), "Update of a missing outbound SA succeeded");
        if ((b & 2) && (flags & IPSEC_SA_DETAILS_UPDATE_TRAFFIC)) {
            c.tunnel = dout.traffic.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL;
            c.ver = int(dout.traffic.ipVersion);
        }
        putView(slot, id, c);  // state unchanged; staged inside a transaction
    } else {
        checkFailure(st, "Update");
    }
}

void opExpire(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint64_t id = pickId(in, slot);
    uint8_t b = in.u8();
    if (skipBlockedWrite(in, slot)) return;
    Ctx c;
    bool exists = slot >= 0 && viewHas(slot, id, &c);
    bool now = b & 1;
    setenv("FWPKCLNT_EXPIRE_DELAY_MS", now ? "0" : "3600000", 1);
    NTSTATUS st = IPsecSaContextExpire0(h, id);
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "Expire");
        ++counts[C_EXPIRE];
        FCHECK(exists && (c.st == St::Inbound || c.st == St::Complete), "Expire in state %d", int(c.st));
        c.st = St::Expiring;
        c.due = now;
        putView(slot, id, c);
    } else {
        checkFailure(st, "Expire");
    }
}

void opDelete(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint64_t id = pickId(in, slot);
    if (skipBlockedWrite(in, slot)) return;
    bool exists = slot >= 0 && viewHas(slot, id, nullptr);
    NTSTATUS st = IPsecSaContextDeleteById0(h, id);
    if (st == STATUS_SUCCESS) {
        legalWrite(slot, "Delete");
        ++counts[C_DELETE];
        FCHECK(exists && !S[slot].dynamic && S[slot].txn == 0, "Delete succeeded (exists %d)", int(exists));
        committed.erase(id);
        deadIds.push_back(id);
    } else {
        checkFailure(st, "Delete");
        if (slot >= 0 && exists && !S[slot].dynamic && S[slot].txn == 0 && !writeBlocked(slot))
            FCHECK(false, "Delete of a live context failed 0x%08x", unsigned(st));
    }
}

void opGet(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint64_t id = pickId(in, slot);
    uint8_t b = in.u8();
    Ctx c;
    bool exists = slot >= 0 && viewHas(slot, id, &c);
    NTSTATUS st;
    if (b & 1) {
        IPSEC_SA_CONTEXT0* p = reinterpret_cast<IPSEC_SA_CONTEXT0*>(8);
        st = IPsecSaContextGetById0(h, id, (b & 0x1E) == 0x1E ? nullptr : &p);
        if (st == STATUS_SUCCESS) {
            FCHECK(exists && p && p->saContextId == id, "GetById0");
            FCHECK((p->inboundSa != nullptr) == c.hasIn() && (p->outboundSa != nullptr) == c.hasOut(), "GetById0 SAs");
            FwpmFreeMemory0(reinterpret_cast<void**>(&p));
        } else {
            checkFailure(st, "GetById0");
            if ((b & 0x1E) != 0x1E) FCHECK(p == nullptr, "GetById0 failure left a pointer");
        }
    } else {
        IPSEC_SA_CONTEXT1* p = reinterpret_cast<IPSEC_SA_CONTEXT1*>(8);
        st = IPsecSaContextGetById1(h, id, (b & 0x1E) == 0x1E ? nullptr : &p);
        if (st == STATUS_SUCCESS) {
            FCHECK(exists && p && p->saContextId == id, "GetById1");
            ++counts[C_GET];
            FCHECK((p->inboundSa != nullptr) == c.hasIn() && (p->outboundSa != nullptr) == c.hasOut(), "GetById1 SAs");
            if (p->inboundSa) FCHECK(p->inboundSa->saBundle.saList[0].spi == c.spi, "GetById1 spi");
            FwpmFreeMemory0(reinterpret_cast<void**>(&p));
        } else {
            checkFailure(st, "GetById1");
            if ((b & 0x1E) != 0x1E) FCHECK(p == nullptr, "GetById1 failure left a pointer");
            if (exists && (b & 0x1E) != 0x1E) FCHECK(false, "GetById1 of a live context failed 0x%08x", unsigned(st));
        }
    }
}

void opEnumCreate(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    int kind = b & 3;
    HANDLE e = reinterpret_cast<HANDLE>(8);
    bool nullOut = (b & 0x3C) == 0x3C;
    NTSTATUS st;
    EnumRec r{nullptr, EnumKind(kind), true, {}, 0};
    auto view = [&](auto&& fn) {
        std::map<uint64_t, Ctx> v = committed;
        if (slot >= 0)
            for (auto& kv : S[slot].staged) v[kv.first] = kv.second;
        for (auto& kv : v) fn(kv.first, kv.second);
    };
    if (kind == EK_CTX) {
        IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t{};
        // One buffer read as whatever the type says: FWP_V4_ADDR_AND_MASK at
        // offset 0, a 16-byte address, FWP_V6_ADDR_AND_MASK (prefix at 16).
        alignas(8) static UINT8 value[64];
        UINT32 addr = 0x0A000000u | in.u8(), mask = 0xFFFFFF00u | in.u8();
        std::memcpy(value, &addr, 4);
        std::memcpy(value + 4, &mask, 4);
        value[16] = in.u8() % 160;
        uint32_t type = (b & 0x10) ? in.u8() % 20u : uint32_t(FWP_EMPTY);
        setRaw(t.localSubNet.type, type);
        t.localSubNet.v4AddrMask = (b & 0x20) ? reinterpret_cast<FWP_V4_ADDR_AND_MASK*>(value) : nullptr;
        if (type == FWP_UINT32) t.localSubNet.uint32 = 0x0A000001u;
        bool useT = b & 0x40;
        r.exact = !useT;
        if (slot >= 0) modelReap();
        st = IPsecSaContextCreateEnumHandle0(h, useT ? &t : nullptr, nullOut ? nullptr : &e);
        if (st == STATUS_SUCCESS)
            view([&](uint64_t id, const Ctx& c) { r.exp.emplace_back(id, (c.hasIn() ? 1 : 0) | (c.hasOut() ? 2 : 0)); });
    } else if (kind == EK_SA) {
        IPSEC_SA_ENUM_TEMPLATE0 t{};
        setRaw(t.saDirection, (b & 0x10) ? in.u8() % 5u : uint32_t((b >> 5) & 1));
        bool useT = b & 0x40;
        if (slot >= 0) modelReap();
        st = IPsecSaCreateEnumHandle0(h, useT ? &t : nullptr, nullOut ? nullptr : &e);
        if (st == STATUS_SUCCESS)
            view([&](uint64_t id, const Ctx& c) {
                if (c.hasIn() && (!useT || t.saDirection == FWP_DIRECTION_INBOUND)) r.exp.emplace_back(id, FWP_DIRECTION_INBOUND);
                if (c.hasOut() && (!useT || t.saDirection == FWP_DIRECTION_OUTBOUND)) r.exp.emplace_back(id, FWP_DIRECTION_OUTBOUND);
            });
    } else if (kind == EK_FILTER) {
        r.exact = false;
        st = FwpmFilterCreateEnumHandle0(h, nullptr, nullOut ? nullptr : &e);
    } else {
        r.exact = false;
        st = FwpmSessionCreateEnumHandle0(h, nullptr, nullOut ? nullptr : &e);
    }
    if (st == STATUS_SUCCESS) {
        FCHECK(slot >= 0 && !nullOut && e != nullptr, "enum create");
        ++counts[C_ENUM];
        r.h = e;
        if (S[slot].enums.size() < 16) S[slot].enums.push_back(r);
        else {
            NTSTATUS d = kind == EK_CTX ? IPsecSaContextDestroyEnumHandle0(h, e)
                         : kind == EK_SA ? IPsecSaDestroyEnumHandle0(h, e)
                         : kind == EK_FILTER ? FwpmFilterDestroyEnumHandle0(h, e)
                                             : FwpmSessionDestroyEnumHandle0(h, e);
            FCHECK(d == STATUS_SUCCESS, "destroy");
            staleHandles.push_back(e);
        }
    } else {
        checkFailure(st, "CreateEnumHandle");
        if (!nullOut) FCHECK(e == nullptr, "CreateEnumHandle failure left a handle");
    }
}

// Picks an enumerator handle: own (index into S[slot].enums), another
// session's, stale or forged.
HANDLE pickEnum(Input& in, int slot, int* own, EnumKind* kind) {
    uint8_t b = in.u8();
    *own = -1;
    *kind = EnumKind(b & 3);
    switch ((b >> 2) & 3) {
        case 0:
        case 1:
            if (slot >= 0 && !S[slot].enums.empty()) {
                *own = int(in.u8() % S[slot].enums.size());
                *kind = S[slot].enums[size_t(*own)].kind;
                if (b & 0x40) *kind = EnumKind((*kind + 1) % 4);  // wrong kind
                return S[slot].enums[size_t(*own)].h;
            }
            return nullptr;
        case 2:
            for (int i = 0; i < kSessions; ++i)
                if (i != slot && S[i].h && !S[i].enums.empty()) return S[i].enums[0].h;
            return nullptr;
        default:
            if (!staleHandles.empty() && (b & 0x80)) return staleHandles[in.u8() % staleHandles.size()];
            return forged(in);
    }
}

template <class T>
void checkPage(EnumRec* r, T** ent, UINT32 got) {
    for (UINT32 i = 0; i < got; ++i) {
        FCHECK(r->pos < r->exp.size() || !r->exact, "enumerator returned more than its snapshot");
        if (!r->exact) continue;
        auto want = r->exp[r->pos++];
        const T* c = ent[i];
        if constexpr (std::is_same<T, IPSEC_SA_CONTEXT0>::value || std::is_same<T, IPSEC_SA_CONTEXT1>::value) {
            FCHECK(c->saContextId == want.first, "snapshot id %llu, want %llu", (unsigned long long)c->saContextId,
                   (unsigned long long)want.first);
            FCHECK(((c->inboundSa ? 1 : 0) | (c->outboundSa ? 2 : 0)) == want.second, "snapshot SAs of %llu",
                   (unsigned long long)want.first);
        } else {
            FCHECK(c->saDirection == FWP_DIRECTION(want.second), "SA enum direction");
            FCHECK(c->saBundle.numSAs >= 1, "SA enum bundle");
        }
    }
}

void opEnumNext(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    int own;
    EnumKind kind;
    HANDLE e = pickEnum(in, slot, &own, &kind);
    uint8_t b = in.u8();
    UINT32 n = (b & 0x80) ? in.u32() : b & 7;
    bool nullOut = (in.u8() & 0x0F) == 0x0F;
    EnumRec* r = own >= 0 ? &S[slot].enums[size_t(own)] : nullptr;
    bool valid = r && r->kind == kind;
    UINT32 got = 77;
    NTSTATUS st;
    auto done = [&](auto** ent) {
        if (st == STATUS_SUCCESS) {
            FCHECK(valid && !nullOut, "EnumNext on a bad handle succeeded");
            ++counts[C_NEXT];
            FCHECK(got <= n && (got == 0) == (ent == nullptr), "EnumNext count");
            checkPage(r, ent, got);
            if (r->exact && got < n) FCHECK(r->pos == r->exp.size(), "enumerator stopped early at %zu of %zu", r->pos, r->exp.size());
            FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
        } else {
            checkFailure(st, "EnumNext");
            FCHECK(!valid || nullOut, "EnumNext on a valid handle failed 0x%08x", unsigned(st));
            if (!nullOut) FCHECK(ent == nullptr && got == 0, "EnumNext failure left output");
        }
    };
    switch (kind) {
        case EK_CTX:
            if (b & 0x40) {
                IPSEC_SA_CONTEXT0** ent = nullptr;
                st = IPsecSaContextEnum0(h, e, n, nullOut ? nullptr : &ent, &got);
                done(ent);
            } else {
                IPSEC_SA_CONTEXT1** ent = nullptr;
                st = IPsecSaContextEnum1(h, e, n, nullOut ? nullptr : &ent, &got);
                done(ent);
            }
            break;
        case EK_SA:
            if (b & 0x40) {
                IPSEC_SA_DETAILS0** ent = nullptr;
                st = IPsecSaEnum0(h, e, n, nullOut ? nullptr : &ent, &got);
                done(ent);
            } else {
                IPSEC_SA_DETAILS1** ent = nullptr;
                st = IPsecSaEnum1(h, e, n, nullOut ? nullptr : &ent, &got);
                done(ent);
            }
            break;
        case EK_FILTER: {
            FWPM_FILTER0** ent = nullptr;
            st = FwpmFilterEnum0(h, e, n, nullOut ? nullptr : &ent, &got);
            if (st == STATUS_SUCCESS) {
                FCHECK(valid && !nullOut, "FilterEnum on a bad handle succeeded");
                for (UINT32 i = 0; i < got; ++i) FCHECK(ent[i]->filterId != 0, "filter id 0");
                FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
            } else {
                checkFailure(st, "FilterEnum");
                FCHECK(!valid || nullOut, "FilterEnum on a valid handle failed");
            }
            break;
        }
        default: {
            FWPM_SESSION0** ent = nullptr;
            st = FwpmSessionEnum0(h, e, n, nullOut ? nullptr : &ent, &got);
            if (st == STATUS_SUCCESS) {
                FCHECK(valid && !nullOut, "SessionEnum on a bad handle succeeded");
                FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
            } else {
                checkFailure(st, "SessionEnum");
                FCHECK(!valid || nullOut, "SessionEnum on a valid handle failed");
            }
        }
    }
}

void opEnumDestroy(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    int own;
    EnumKind kind;
    HANDLE e = pickEnum(in, slot, &own, &kind);
    NTSTATUS st = kind == EK_CTX    ? IPsecSaContextDestroyEnumHandle0(h, e)
                  : kind == EK_SA   ? IPsecSaDestroyEnumHandle0(h, e)
                  : kind == EK_FILTER ? FwpmFilterDestroyEnumHandle0(h, e)
                                      : FwpmSessionDestroyEnumHandle0(h, e);
    bool valid = own >= 0 && S[slot].enums[size_t(own)].kind == kind;
    if (st == STATUS_SUCCESS) {
        FCHECK(valid, "destroy of a bad enum handle succeeded");
        ++counts[C_DESTROY];
        staleHandles.push_back(e);
        S[slot].enums.erase(S[slot].enums.begin() + own);
    } else {
        FCHECK(st == STATUS_INVALID_HANDLE, "destroy failed with 0x%08x", unsigned(st));
        FCHECK(!valid, "destroy of a valid enum handle failed");
    }
}

void opStats(Input& in) {
    int slot;
    HANDLE h = pickEngine(in, &slot);
    uint8_t b = in.u8();
    NTSTATUS st;
    if (b & 1) {
        IPSEC_STATISTICS0 s;
        st = IPsecGetStatistics0(h, (b & 0x1E) == 0x1E ? nullptr : &s);
    } else {
        IPSEC_STATISTICS1 s;
        st = IPsecGetStatistics1(h, (b & 0x1E) == 0x1E ? nullptr : &s);
    }
    if (st == STATUS_SUCCESS) {
        FCHECK(slot >= 0 && S[slot].txn == 0 && (b & 0x1E) != 0x1E, "statistics");
        ++counts[C_STATS];
    }
    else checkFailure(st, "Statistics");
}

// Drives one context a step along its state machine with valid arguments
// (so inputs reach deep states quickly); the other ops add the malformed
// variants.  Opens a static session first if the slot is closed.
void opAdvance(Input& in) {
    uint8_t b = in.u8();
    int slot = b % kSessions;
    if (!S[slot].h) {
        FWPM_SESSION0 o{};
        o.txnWaitTimeoutInMSec = 1;
        HANDLE h = nullptr;
        NTSTATUS st = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &h);
        FCHECK(st == STATUS_SUCCESS, "open 0x%08x", unsigned(st));
        S[slot] = Sess{};
        S[slot].h = h;
        ++counts[C_OPEN];
        return;
    }
    if (writeBlocked(slot) && (S[slot].longWait || (in.u8() & 15))) return;
    HANDLE h = S[slot].h;
    std::vector<uint64_t> ids;
    for (auto& kv : committed) ids.push_back(kv.first);
    for (auto& kv : S[slot].staged) ids.push_back(kv.first);
    Ctx c;
    uint64_t id = 0;
    if (!ids.empty() && (b & 0x80)) {
        id = ids[in.u8() % ids.size()];
        viewHas(slot, id, &c);
    }
    NTSTATUS st;
    if (!id) {  // create
        IPSEC_TRAFFIC1 t = makeTraffic(in);
        st = IPsecSaContextCreate1(h, &t, nullptr, nullptr, &id);
        if (st == STATUS_SUCCESS) {
            legalWrite(slot, "Create");
            FCHECK(!S[slot].dynamic && S[slot].txn == 0, "Create in a dynamic session or txn");
            FCHECK(id && !committed.count(id), "Create id");
            ++counts[C_CREATE];
            Ctx n;
            n.tunnel = t.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL;
            n.ver = int(t.ipVersion);
            if (committed.size() < 48) committed[id] = n;
            else {
                FCHECK(IPsecSaContextDeleteById0(h, id) == STATUS_SUCCESS, "delete");
                deadIds.push_back(id);
            }
        } else {
            checkFailure(st, "Create");
        }
        return;
    }
    switch (c.st) {
        case St::Created: {
            IPSEC_GETSPI1 g{};
            g.inboundIpsecTraffic = makeTraffic(in, c.ver);
            g.ipVersion = FWP_IP_VERSION(c.ver);
            IPSEC_SA_SPI spi = 0;
            st = IPsecSaContextGetSpi1(h, id, &g, &spi);
            if (st == STATUS_SUCCESS) {
                legalWrite(slot, "GetSpi");
                FCHECK(spi >= 256, "spi");
                ++counts[C_SPI];
                c.st = St::Spi;
                c.spi = spi;
                putView(slot, id, c);
            } else {
                checkFailure(st, "GetSpi");
            }
            break;
        }
        case St::Spi:
        case St::Inbound: {
            bool inbound = c.st == St::Spi;
            static BundleBuf x;
            makeBundle(in, x, inbound ? c.spi : 0x3000 + in.u8(), c.ver);
            st = inbound ? IPsecSaContextAddInbound1(h, id, &x.b) : IPsecSaContextAddOutbound1(h, id, &x.b);
            if (st == STATUS_SUCCESS) {
                legalWrite(slot, "Add");
                ++counts[inbound ? C_ADDIN : C_ADDOUT];
                c.st = inbound ? St::Inbound : St::Complete;
                putView(slot, id, c);
            } else {
                checkFailure(st, "Add");
            }
            break;
        }
        case St::Complete:
            if (b & 0x40) {
                bool now = b & 0x20;
                setenv("FWPKCLNT_EXPIRE_DELAY_MS", now ? "0" : "3600000", 1);
                st = IPsecSaContextExpire0(h, id);
                if (st == STATUS_SUCCESS) {
                    legalWrite(slot, "Expire");
                    ++counts[C_EXPIRE];
                    c.st = St::Expiring;
                    c.due = now;
                    putView(slot, id, c);
                } else {
                    checkFailure(st, "Expire");
                }
                break;
            }
            [[fallthrough]];  // delete
        default:
            st = IPsecSaContextDeleteById0(h, id);
            if (st == STATUS_SUCCESS) {
                legalWrite(slot, "Delete");
                FCHECK(!S[slot].dynamic && S[slot].txn == 0, "Delete in a dynamic session or txn");
                ++counts[C_DELETE];
                committed.erase(id);
                deadIds.push_back(id);
            } else {
                checkFailure(st, "Delete");
            }
            break;
    }
}

void cleanup() {
    for (int i = 0; i < kSessions; ++i)
        if (S[i].h) {
            NTSTATUS st = FwpmEngineClose0(S[i].h);
            FCHECK(st == STATUS_SUCCESS, "cleanup close 0x%08x", unsigned(st));
            closeSlot(i);
        }
    for (auto& kv : committed) {
        NTSTATUS st = IPsecSaContextDeleteById0(checker, kv.first);
        FCHECK(st == STATUS_SUCCESS || (kv.second.due && st == FWP_E_NOT_FOUND), "cleanup delete %llu 0x%08x",
               (unsigned long long)kv.first, unsigned(st));
    }
    committed.clear();
    // Filters: delete every one that is left.
    HANDLE e = nullptr;
    FCHECK(FwpmFilterCreateEnumHandle0(checker, nullptr, &e) == STATUS_SUCCESS, "filter enum");
    std::vector<UINT64> ids;
    for (;;) {
        FWPM_FILTER0** ent = nullptr;
        UINT32 got = 0;
        FCHECK(FwpmFilterEnum0(checker, e, 64, &ent, &got) == STATUS_SUCCESS, "filter enum next");
        for (UINT32 i = 0; i < got; ++i) ids.push_back(ent[i]->filterId);
        FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
        if (got < 64) break;
    }
    FCHECK(FwpmFilterDestroyEnumHandle0(checker, e) == STATUS_SUCCESS, "filter enum destroy");
    for (UINT64 id : ids) FCHECK(FwpmFilterDeleteById0(checker, id) == STATUS_SUCCESS, "cleanup filter delete");
    // The tunnels' contexts (their filters went above; dynamic ones died with their sessions).
    for (const GUID& k : tunnelKeys) {
        NTSTATUS st = FwpmIPsecTunnelDeleteByKey0(checker, &k);
        FCHECK(st == STATUS_SUCCESS || st == FWP_E_PROVIDER_CONTEXT_NOT_FOUND, "cleanup tunnel delete 0x%08x",
               unsigned(st));
    }
    tunnelKeys.clear();
    tunnelPolicyIds.clear();
    // Then the provider contexts left (static ones; dynamic ones died with their sessions).
    {
        HANDLE pe = nullptr;
        FCHECK(FwpmProviderContextCreateEnumHandle0(checker, nullptr, &pe) == STATUS_SUCCESS, "context enum");
        std::vector<UINT64> pids;
        for (;;) {
            FWPM_PROVIDER_CONTEXT3** ent = nullptr;
            UINT32 got = 0;
            FCHECK(FwpmProviderContextEnum3(checker, pe, 64, &ent, &got) == STATUS_SUCCESS, "context enum next");
            for (UINT32 i = 0; i < got; ++i) pids.push_back(ent[i]->providerContextId);
            FwpmFreeMemory0(reinterpret_cast<void**>(&ent));
            if (got < 64) break;
        }
        FCHECK(FwpmProviderContextDestroyEnumHandle0(checker, pe) == STATUS_SUCCESS, "context enum destroy");
        for (UINT64 id : pids)
            FCHECK(FwpmProviderContextDeleteById0(checker, id) == STATUS_SUCCESS, "cleanup context delete");
        pcIds.clear();
        pcKeys.clear();
    }
    for (HANDLE ch : bfeSubs) FCHECK(FwpmBfeStateUnsubscribeChanges0(ch) == STATUS_SUCCESS, "cleanup unsubscribe");
    bfeSubs.clear();
    // Then the callouts, sublayers and providers added (dynamic ones died with their sessions).
    for (int kind : {2, 1, 0}) {
        for (const GUID& k : objectKeys[kind]) {
            NTSTATUS st = kind == 0 ? FwpmProviderDeleteByKey0(checker, &k)
                          : kind == 1 ? FwpmSubLayerDeleteByKey0(checker, &k) : FwpmCalloutDeleteByKey0(checker, &k);
            FCHECK(st == STATUS_SUCCESS || st == FWP_E_BUILTIN_OBJECT || st == FWP_E_PROVIDER_NOT_FOUND ||
                       st == FWP_E_SUBLAYER_NOT_FOUND || st == FWP_E_CALLOUT_NOT_FOUND,
                   "cleanup object delete 0x%08x", unsigned(st));
        }
        objectKeys[kind].clear();
    }
    Input none{nullptr, 0};
    checkStore(none);
    IPSEC_STATISTICS1 s{};
    FCHECK(IPsecGetStatistics1(checker, &s) == STATUS_SUCCESS, "stats");
    FCHECK(s.aggregateSaStatistics.activeSas == 0 && s.aggregateSaStatistics.pendingSaNegotiations == 0 &&
               s.aggregateSaStatistics.activeTunnels == 0,
           "statistics not zero after cleanup");
    deadIds.clear();
    if (staleHandles.size() > 256) staleHandles.erase(staleHandles.begin(), staleHandles.end() - 128);
    filterIds.clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (!checker) {
        if (std::getenv("FUZZ_API_STATS")) std::atexit(printCounts);
        FWPM_SESSION0 o{};
        o.txnWaitTimeoutInMSec = 1;
        FCHECK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &o, &checker) == STATUS_SUCCESS, "checker open");
    }
    Input in{data, size};
    int steps = 0;
    while (!in.empty() && steps++ < 200) {
        switch (in.u8() % 24) {
            case 0: opOpen(in); break;
            case 1: opCloseBad(in); break;
            case 2: opTxn(in); break;
            case 3: opFilter(in); break;
            case 4: opCreate(in); break;
            case 5: opSpi(in); break;
            case 6:
            case 7: opAdd(in); break;
            case 8: opUpdate(in); break;
            case 9: opExpire(in); break;
            case 10: opDelete(in); break;
            case 11: opGet(in); break;
            case 12: opEnumCreate(in); break;
            case 13:
            case 14: opEnumNext(in); break;
            case 15: opEnumDestroy(in); break;
            case 16: opStats(in); break;
            case 17: opTunnel(in); break;
            case 19: opObjects(in); break;
            case 20: opProviderContexts(in); break;
            case 21: opObjectEnums(in); break;
            case 22: opOptions(in); break;
            case 23: opBfe(in); break;
            default: opAdvance(in); break;
        }
        checkStore(in);
    }
    cleanup();
    return 0;
}
