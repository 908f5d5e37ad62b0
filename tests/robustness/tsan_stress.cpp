// Concurrency stress test, built with the library sources under
// ThreadSanitizer (-fsanitize=thread).  Worker threads create, advance,
// update, expire, delete, look up and enumerate SA contexts and SAs, and
// create and destroy enumerators -- on their own sessions and on one shared
// session (where a "reaper" thread destroys enumerators the others created);
// two more threads add and delete providers, sublayers, callouts and the
// filters that refer to them; two more provider contexts (and filters naming
// them), engine options and BFE subscriptions.
// One thread runs short read/write transactions.  Each thread owns the
// contexts it creates and tracks their states exactly; at the end a full
// enumeration must contain every live context exactly once (nothing lost,
// nothing duplicated) in its tracked state, and the statistics must agree.
//
//   tsan_stress [ITERATIONS_PER_THREAD]      (default 3000)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>
#include "sa_fixture.h"

namespace {

enum class St { Created, Spi, Inbound, Complete, Expiring };
struct Ctx {
    St st;
    IPSEC_SA_SPI spi;
    bool tunnel;
};

std::atomic<int> errors{0};
#define SCHECK(cond, ...)                                               \
    do {                                                                \
        if (!(cond)) {                                                  \
            std::fprintf(stderr, "tsan_stress: line %d: %s: ", __LINE__, #cond); \
            std::fprintf(stderr, __VA_ARGS__);                          \
            std::fprintf(stderr, "\n");                                 \
            ++errors;                                                   \
        }                                                               \
    } while (0)

HANDLE shared = nullptr;
std::mutex enumQueueMu;
std::vector<HANDLE> enumQueue;  // enumerators of `shared`, destroyed by the reaper
std::atomic<bool> stopReaper{false};

// Full enumeration on h: ids strictly increasing; returns (id -> in|out<<1).
std::map<UINT64, int> enumerate(HANDLE h, UINT32 page) {
    std::map<UINT64, int> seen;
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    UINT64 last = 0;
    for (;;) {
        IPSEC_SA_CONTEXT1** x = nullptr;
        UINT32 n = 0;
        FX_OK(IPsecSaContextEnum1(h, e, page, &x, &n));
        for (UINT32 i = 0; i < n; ++i) {
            SCHECK(x[i]->saContextId > last, "order/duplicate %llu after %llu", (unsigned long long)x[i]->saContextId,
                   (unsigned long long)last);
            last = x[i]->saContextId;
            seen[last] = (x[i]->inboundSa ? 1 : 0) | (x[i]->outboundSa ? 2 : 0);
        }
        FwpmFreeMemory0(reinterpret_cast<void**>(&x));
        if (n < page) break;
    }
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    return seen;
}

struct Worker {
    int index;
    bool useShared;
    bool txns;
    long iterations;
    std::map<UINT64, Ctx> mine;

    void run() {
        std::mt19937 rng(1234u + unsigned(index));
        HANDLE own = fx::open(0, 0xFFFFFFFFu);  // writes wait for other sessions' transactions
        uint32_t seq = uint32_t(index) << 20;
        for (long it = 0; it < iterations; ++it) {
            HANDLE h = useShared && (rng() & 1) ? shared : own;
            unsigned op = rng() % 16;
            if (mine.empty() || op < 3) {
                create(h, ++seq, rng);
                continue;
            }
            auto pick = mine.begin();
            std::advance(pick, long(rng() % mine.size()));
            UINT64 id = pick->first;
            Ctx& c = pick->second;
            switch (op) {
                case 3:
                case 4:
                case 5: advance(h, id, c, rng); break;
                case 6: {  // update bundle flags on a side that exists
                    if (c.st == St::Created || c.st == St::Spi) break;
                    IPSEC_SA_DETAILS1 d{};
                    d.saBundle.flags = IPSEC_SA_BUNDLE_FLAG_ND_SECURE;
                    d.saBundle.mmSaId = rng();
                    IPSEC_SA_CONTEXT1 v{id, &d, nullptr};
                    FX_OK(IPsecSaContextUpdate0(h, IPSEC_SA_BUNDLE_UPDATE_FLAGS | IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID, &v));
                    break;
                }
                case 7:
                    if (c.st == St::Inbound || c.st == St::Complete) {
                        FX_OK(IPsecSaContextExpire0(h, id));
                        c.st = St::Expiring;
                    }
                    break;
                case 8:
                    FX_OK(IPsecSaContextDeleteById0(h, id));
                    mine.erase(pick);
                    break;
                case 9: {
                    IPSEC_SA_CONTEXT1* x = nullptr;
                    FX_OK(IPsecSaContextGetById1(h, id, &x));
                    int sas = (x->inboundSa ? 1 : 0) | (x->outboundSa ? 2 : 0);
                    SCHECK(sas == expected(c), "GetById %llu SAs %d want %d", (unsigned long long)id, sas, expected(c));
                    FwpmFreeMemory0(reinterpret_cast<void**>(&x));
                    break;
                }
                case 10: {  // a full enumeration must contain all of mine, in their states
                    auto seen = enumerate(h, 1 + rng() % 64);
                    for (auto& kv : mine) {
                        auto f = seen.find(kv.first);
                        SCHECK(f != seen.end(), "enumeration lost %llu", (unsigned long long)kv.first);
                        if (f != seen.end())
                            SCHECK(f->second == expected(kv.second), "enumeration state of %llu", (unsigned long long)kv.first);
                    }
                    break;
                }
                case 11: {  // SA enumeration, both directions
                    HANDLE e = nullptr;
                    FX_OK(IPsecSaCreateEnumHandle0(h, nullptr, &e));
                    IPSEC_SA_DETAILS1** x = nullptr;
                    UINT32 n = 0;
                    FX_OK(IPsecSaEnum1(h, e, 50, &x, &n));
                    FwpmFreeMemory0(reinterpret_cast<void**>(&x));
                    FX_OK(IPsecSaDestroyEnumHandle0(h, e));
                    break;
                }
                case 12: {  // enumerator handed to the reaper (shared session) or destroyed here
                    HANDLE e = nullptr;
                    FX_OK(IPsecSaContextCreateEnumHandle0(useShared ? shared : own, nullptr, &e));
                    if (useShared) {
                        std::lock_guard<std::mutex> g(enumQueueMu);
                        enumQueue.push_back(e);
                    } else {
                        FX_OK(IPsecSaContextDestroyEnumHandle0(own, e));
                    }
                    break;
                }
                case 13: {
                    IPSEC_STATISTICS1 s;
                    FX_OK(IPsecGetStatistics1(own, &s));
                    const auto& a = s.aggregateSaStatistics;
                    SCHECK(a.totalSasAdded - a.totalSasDeleted == a.activeSas, "statistics %u - %u != %u", a.totalSasAdded,
                           a.totalSasDeleted, a.activeSas);
                    break;
                }
                case 14:
                    if (txns) transaction(own, rng);
                    break;
                default: {  // enumerate through the shared session page by page while others use it
                    if (!useShared) break;
                    auto seen = enumerate(shared, 7);
                    (void)seen;
                }
            }
        }
        FX_OK(FwpmEngineClose0(own));
    }

    static int expected(const Ctx& c) {
        switch (c.st) {
            case St::Inbound:
            case St::Expiring: return 1;
            case St::Complete: return 3;
            default: return 0;
        }
    }

    void create(HANDLE h, uint32_t n, std::mt19937& rng) {
        IPSEC_TRAFFIC1 t = fx::tunnelTraffic(n);
        UINT64 id = 0;
        FX_OK(IPsecSaContextCreate1(h, &t, nullptr, nullptr, &id));
        SCHECK(!mine.count(id), "id %llu reused", (unsigned long long)id);
        mine[id] = Ctx{St::Created, 0, true};
        if (rng() & 1) advance(h, id, mine[id], rng);
    }

    void advance(HANDLE h, UINT64 id, Ctx& c, std::mt19937& rng) {
        switch (c.st) {
            case St::Created: {
                IPSEC_GETSPI1 g{};
                g.inboundIpsecTraffic = fx::inboundOf(fx::tunnelTraffic(uint32_t(id)));
                g.ipVersion = FWP_IP_VERSION_V4;
                FX_OK(IPsecSaContextGetSpi1(h, id, &g, &c.spi));
                c.st = St::Spi;
                break;
            }
            case St::Spi: {
                fx::Bundle b(c.spi, 1, uint32_t(rng()));
                FX_OK(IPsecSaContextAddInbound1(h, id, &b.b));
                c.st = St::Inbound;
                break;
            }
            case St::Inbound: {
                fx::Bundle b(0x1000 + (rng() & 0xFFFF), 1, uint32_t(rng()));
                FX_OK(IPsecSaContextAddOutbound1(h, id, &b.b));
                c.st = St::Complete;
                break;
            }
            default: break;
        }
    }

    // A short read/write transaction on this thread's own session: advances
    // two of its contexts, then commits or aborts.
    void transaction(HANDLE own, std::mt19937& rng) {
        FX_OK(FwpmTransactionBegin0(own, 0));
        std::vector<std::pair<UINT64, Ctx>> staged;
        int k = 0;
        for (auto& kv : mine) {
            if (k++ == 2) break;
            Ctx c = kv.second;
            advance(own, kv.first, c, rng);
            staged.emplace_back(kv.first, c);
        }
        if (rng() & 1) {
            FX_OK(FwpmTransactionCommit0(own));
            for (auto& p : staged) mine[p.first] = p.second;
        } else {
            FX_OK(FwpmTransactionAbort0(own));
        }
    }
};

void reaper() {
    while (!stopReaper.load()) {
        std::vector<HANDLE> v;
        {
            std::lock_guard<std::mutex> g(enumQueueMu);
            v.swap(enumQueue);
        }
        for (HANDLE e : v) {
            // Page once, then destroy; a second destroy must fail.
            IPSEC_SA_CONTEXT0** x = nullptr;
            UINT32 n = 0;
            FX_OK(IPsecSaContextEnum0(shared, e, 3, &x, &n));
            FwpmFreeMemory0(reinterpret_cast<void**>(&x));
            FX_OK(IPsecSaContextDestroyEnumHandle0(shared, e));
            SCHECK(IPsecSaContextDestroyEnumHandle0(shared, e) == STATUS_INVALID_HANDLE, "double destroy");
        }
        std::this_thread::yield();
    }
}

// Threads of a session wait (INFINITE) for another session's write
// transaction while a third thread closes their session: every waiter must
// return STATUS_INVALID_HANDLE at once (the transaction is still open), and
// nothing may touch the freed session.
void closeWakesWaiters(int rounds) {
    HANDLE holder = fx::open();
    for (int r = 0; r < rounds; ++r) {
        FX_OK(FwpmTransactionBegin0(holder, 0));
        HANDLE victim = fx::open(0, 0xFFFFFFFFu);
        std::atomic<int> returned{0};
        std::atomic<int> wrong{0};
        std::vector<std::thread> ws;
        for (int i = 0; i < 3; ++i)
            ws.emplace_back([&, i] {
                NTSTATUS st;
                if (i == 0) {
                    st = FwpmTransactionBegin0(victim, 0);
                } else if (i == 1) {
                    FWPM_FILTER0 f{};
                    f.displayData.name = const_cast<wchar_t*>(L"waiter");
                    f.layerKey = FWPM_LAYER_IPSEC_V4;
                    f.action.type = FWP_ACTION_PERMIT;
                    UINT64 id;
                    st = FwpmFilterAdd0(victim, &f, nullptr, &id);
                } else {
                    st = IPsecSaContextDeleteById0(victim, 1);
                }
                if (st != STATUS_INVALID_HANDLE) ++wrong;
                ++returned;
            });
        std::thread closer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(r % 3));
            FX_OK(FwpmEngineClose0(victim));
        });
        closer.join();
        auto t0 = std::chrono::steady_clock::now();
        while (returned < 3 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5))
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        SCHECK(returned == 3, "round %d: %d of 3 waiters still blocked after their session closed", r, 3 - returned.load());
        FX_OK(FwpmTransactionAbort0(holder));  // releases any that were not woken
        for (auto& t : ws) t.join();
        SCHECK(wrong == 0, "round %d: %d waiters did not get STATUS_INVALID_HANDLE", r, wrong.load());
    }
    FX_OK(FwpmEngineClose0(holder));
}

// Providers, sublayers, callouts and filters that refer to them, added and
// removed by two more threads (one static, one dynamic session, which is
// closed and reopened), while layers and callouts are read and enumerated.
// Every call must succeed: each thread deletes only what it added, in
// reverse order of reference.
void objectChurn(int n, bool dynamic, long iterations) {
    HANDLE h = fx::open(dynamic ? FWPM_SESSION_FLAG_DYNAMIC : 0, 0xFFFFFFFFu);
    for (long i = 0; i < iterations; ++i) {
        GUID p{}, sl{}, c{};
        p.Data1 = sl.Data1 = c.Data1 = uint32_t(i);
        p.Data2 = uint16_t(0x7000 + n);
        sl.Data2 = uint16_t(0x7100 + n);
        c.Data2 = uint16_t(0x7200 + n);
        FWPM_PROVIDER0 pv{};
        pv.providerKey = p;
        pv.displayData.name = const_cast<wchar_t*>(L"tsan provider");
        FX_OK(FwpmProviderAdd0(h, &pv, nullptr));
        FWPM_SUBLAYER0 sv{};
        sv.subLayerKey = sl;
        sv.displayData.name = const_cast<wchar_t*>(L"tsan sublayer");
        sv.providerKey = &p;
        FX_OK(FwpmSubLayerAdd0(h, &sv, nullptr));
        FWPM_CALLOUT0 cv{};
        cv.calloutKey = c;
        cv.displayData.name = const_cast<wchar_t*>(L"tsan callout");
        cv.providerKey = &p;
        cv.applicableLayer = FWPM_LAYER_IPSEC_V4;
        UINT32 cid = 0;
        FX_OK(FwpmCalloutAdd0(h, &cv, nullptr, &cid));
        FWPM_FILTER0 f{};
        f.displayData.name = const_cast<wchar_t*>(L"tsan filter");
        f.layerKey = FWPM_LAYER_IPSEC_V4;
        f.subLayerKey = sl;
        f.providerKey = &p;
        f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
        f.action.calloutKey = c;
        UINT64 fid = 0;
        FX_OK(FwpmFilterAdd0(h, &f, nullptr, &fid));
        SCHECK(FwpmProviderDeleteByKey0(h, &p) == FWP_E_IN_USE, "provider in use");
        FWPM_LAYER0* l = nullptr;
        FX_OK(FwpmLayerGetByKey0(h, &FWPM_LAYER_IPSEC_V4, &l));
        FwpmFreeMemory0(reinterpret_cast<void**>(&l));
        if (i % 16 == 0) {
            HANDLE e = nullptr;
            FX_OK(FwpmCalloutCreateEnumHandle0(h, nullptr, &e));
            FWPM_CALLOUT0** x = nullptr;
            UINT32 got = 0;
            FX_OK(FwpmCalloutEnum0(h, e, 1000, &x, &got));
            SCHECK(got >= 52, "%u callouts", got);
            FwpmFreeMemory0(reinterpret_cast<void**>(&x));
            FX_OK(FwpmCalloutDestroyEnumHandle0(h, e));
        }
        if (dynamic && i % 8 == 7) {  // closing the session removes all four
            FX_OK(FwpmEngineClose0(h));
            h = fx::open(FWPM_SESSION_FLAG_DYNAMIC, 0xFFFFFFFFu);
            FWPM_PROVIDER0* gone = nullptr;
            SCHECK(FwpmProviderGetByKey0(h, &p, &gone) == FWP_E_PROVIDER_NOT_FOUND, "dynamic provider survived");
            continue;
        }
        FX_OK(FwpmFilterDeleteById0(h, fid));
        FX_OK(FwpmCalloutDeleteById0(h, cid));
        FX_OK(FwpmSubLayerDeleteByKey0(h, &sl));
        FX_OK(FwpmProviderDeleteByKey0(h, &p));
    }
    FX_OK(FwpmEngineClose0(h));
}

// Provider contexts added, read (through other versions), enumerated, named by
// a filter and deleted, while engine options are set and read and BFE
// subscriptions come and go.  Every call must succeed: each thread touches
// only its own contexts; a read option holds a value some thread wrote.
void contextChurn(int n, bool dynamic, long iterations) {
    HANDLE h = fx::open(dynamic ? FWPM_SESSION_FLAG_DYNAMIC : 0, 0xFFFFFFFFu);
    for (long i = 0; i < iterations; ++i) {
        GUID k{};
        k.Data1 = uint32_t(i);
        k.Data2 = uint16_t(0x7300 + n);
        UINT8 bytes[4] = {1, 2, 3, uint8_t(i)};
        FWP_BYTE_BLOB data{4, bytes};
        FWPM_PROVIDER_CONTEXT0 c{};
        c.providerContextKey = k;
        c.displayData.name = const_cast<wchar_t*>(L"tsan context");
        c.type = FWPM_GENERAL_CONTEXT;
        c.dataBuffer = &data;
        UINT64 id = 0;
        FX_OK(FwpmProviderContextAdd0(h, &c, nullptr, &id));
        FWPM_PROVIDER_CONTEXT3* got = nullptr;
        FX_OK(FwpmProviderContextGetById3(h, id, &got));
        SCHECK(got->dataBuffer && got->dataBuffer->size == 4 && got->dataBuffer->data[3] == uint8_t(i), "context data");
        FwpmFreeMemory0(reinterpret_cast<void**>(&got));
        FWPM_FILTER0 f{};
        f.displayData.name = const_cast<wchar_t*>(L"tsan filter with context");
        f.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        f.action.type = FWP_ACTION_PERMIT;
        f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
        f.providerContextKey = k;
        UINT64 fid = 0;
        FX_OK(FwpmFilterAdd0(h, &f, nullptr, &fid));
        SCHECK(FwpmProviderContextDeleteById0(h, id) == FWP_E_IN_USE, "context in use");
        if (i % 8 == 0) {
            HANDLE e = nullptr;
            FX_OK(FwpmProviderContextCreateEnumHandle0(h, nullptr, &e));
            FWPM_PROVIDER_CONTEXT1** x = nullptr;
            UINT32 cnt = 0;
            FX_OK(FwpmProviderContextEnum1(h, e, 1000, &x, &cnt));
            bool mine = false;
            for (UINT32 j = 0; j < cnt; ++j) mine |= x[j]->providerContextId == id;
            SCHECK(mine, "own context missing from the enumeration");
            FwpmFreeMemory0(reinterpret_cast<void**>(&x));
            FX_OK(FwpmProviderContextDestroyEnumHandle0(h, e));
        }
        FWP_VALUE0* v = nullptr;
        FX_OK(FwpmEngineGetOption0(h, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC, &v));
        SCHECK(v->type == FWP_UINT32 && v->uint32 % 1000 == 0, "watchdog option %u was never written", v->uint32);
        FwpmFreeMemory0(reinterpret_cast<void**>(&v));
        if (!dynamic) {  // Set refuses dynamic sessions
            FWP_VALUE0 nv{};
            nv.type = FWP_UINT32;
            nv.uint32 = uint32_t(1000 * (i % 5));
            FX_OK(FwpmEngineSetOption0(h, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC, &nv));
        }
        HANDLE sub = nullptr;
        FX_OK(FwpmBfeStateSubscribeChanges0(nullptr, [](void*, FWPM_SERVICE_STATE) {}, nullptr, &sub));
        SCHECK(FwpmBfeStateGet0() == FWPM_SERVICE_RUNNING, "BFE not running");
        FX_OK(FwpmBfeStateUnsubscribeChanges0(sub));
        if (dynamic && i % 8 == 7) {  // closing the session removes the filter and the context
            FX_OK(FwpmEngineClose0(h));
            h = fx::open(FWPM_SESSION_FLAG_DYNAMIC, 0xFFFFFFFFu);
            SCHECK(FwpmProviderContextGetByKey0(h, &k, reinterpret_cast<FWPM_PROVIDER_CONTEXT0**>(&got)) ==
                       FWP_E_PROVIDER_CONTEXT_NOT_FOUND,
                   "dynamic context survived");
            continue;
        }
        FX_OK(FwpmFilterDeleteById0(h, fid));
        FX_OK(FwpmProviderContextDeleteByKey0(h, &k));
    }
    FX_OK(FwpmEngineClose0(h));
}

}  // namespace

int main(int argc, char** argv) {
    long iterations = argc > 1 ? std::atol(argv[1]) : 3000;
    setenv("FWPKCLNT_EXPIRE_DELAY_MS", "3600000", 1);  // before any thread: Expire reads it
    shared = fx::open(0, 0xFFFFFFFFu);
    fx::ensureTunnelPolicy(shared);  // the tunnel policy the workers' tunnel SAs name
    std::vector<Worker> workers;
    for (int i = 0; i < 4; ++i) workers.push_back(Worker{i, i < 3, i == 3, iterations, {}});
    std::thread r(reaper);
    std::vector<std::thread> ts;
    for (auto& w : workers) ts.emplace_back([&w] { w.run(); });
    long objectIterations = std::max<long>(16, iterations / 10);
    for (int n = 0; n < 2; ++n) ts.emplace_back([n, objectIterations] { objectChurn(n, n == 1, objectIterations); });
    for (int n = 0; n < 2; ++n) ts.emplace_back([n, objectIterations] { contextChurn(n, n == 1, objectIterations); });
    for (auto& t : ts) t.join();
    stopReaper = true;
    r.join();
    for (HANDLE e : enumQueue) FX_OK(IPsecSaContextDestroyEnumHandle0(shared, e));

    // Nothing lost, nothing duplicated.
    std::map<UINT64, int> want;
    size_t total = 0;
    uint64_t sas = 0, pending = 0, tunnels = 0;
    for (auto& w : workers)
        for (auto& kv : w.mine) {
            SCHECK(!want.count(kv.first), "id %llu owned twice", (unsigned long long)kv.first);
            int e = Worker::expected(kv.second);
            want[kv.first] = e;
            ++total;
            sas += (e & 1) + ((e >> 1) & 1);
            if (!(e & 2) && kv.second.st != St::Expiring) ++pending;
            if (e) ++tunnels;
        }
    auto seen = enumerate(shared, 100);
    SCHECK(seen == want, "final enumeration has %zu contexts, the threads own %zu", seen.size(), total);
    IPSEC_STATISTICS1 s;
    FX_OK(IPsecGetStatistics1(shared, &s));
    const auto& a = s.aggregateSaStatistics;
    SCHECK(a.activeSas == sas, "activeSas %u want %llu", a.activeSas, (unsigned long long)sas);
    SCHECK(a.pendingSaNegotiations == pending, "pending %u want %llu", a.pendingSaNegotiations, (unsigned long long)pending);
    SCHECK(a.activeTunnels == tunnels, "activeTunnels %u want %llu", a.activeTunnels, (unsigned long long)tunnels);
    SCHECK(a.totalSasAdded - a.totalSasDeleted == a.activeSas, "added - deleted != active");
    for (auto& kv : want) FX_OK(IPsecSaContextDeleteById0(shared, kv.first));
    FX_OK(FwpmEngineClose0(shared));
    closeWakesWaiters(int(std::min<long>(200, std::max<long>(20, iterations / 50))));
    std::printf("tsan_stress: 4 workers x %ld iterations + reaper; %zu contexts live at the end; %d error(s)\n", iterations,
                total, errors.load());
    return errors ? 1 : 0;
}
