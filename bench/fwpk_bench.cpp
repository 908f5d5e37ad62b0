// fwpk_bench — the performance figures of issue #5.  Every figure is printed
// with a reference measured in the same run and their ratio.
//
//   fwpk_bench [--json FILE] [--max-n N] [--quick] [--only getbyid]
//   fwpk_bench --binding-baseline     (the C run of the bindings' bench workload)
//   fwpk_bench --shim-baseline [--contexts N] [--reps R] [--page P]   (defaults 1e5, 5, 1000)
//                                     (the generated C shim against the call it wraps)
//
// Output: one human-readable line per figure on stdout; with --json, a JSON
// array of rows {section, name, value, unit, ref_name, ref_value, ratio,
// target, met} that scripts/bench.sh turns into bench/results/results.md.
//
// The engine is process-wide and never torn down, so the phases run in a
// fixed order on one growing store: enum-handle pairs on an empty store,
// lifecycle throughput (which leaves nothing behind), then the store is
// grown 1e3 -> 1e4 -> 1e5 -> 1e6 and at each size enumeration, GetById and
// DeleteById are measured, plus memory per context around 1e5 and 1e6.
// At N=1e5 section 7 (issue #8) sets GetById against enumeration in the same
// run; `--only getbyid` grows the store to 1e5 and runs section 7 alone.
#include <malloc.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>
#include "sa_fixture.h"
#include "fwpk_codec.h"
#include "fwpk_shims.h"

using Clock = std::chrono::steady_clock;

static double nsSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

template <class T>
static inline void keep(T const& v) {
    asm volatile("" : : "r,m"(v) : "memory");
}

// Best (minimum) ns per iteration over `reps` runs of `iters` iterations.
template <class Fn>
static double bestNsPerIter(int reps, long iters, Fn&& fn) {
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        auto t0 = Clock::now();
        for (long i = 0; i < iters; ++i) fn();
        best = std::min(best, nsSince(t0) / double(iters));
    }
    return best;
}

struct Row {
    std::string section, name, unit, refName, target;
    double value = 0, refValue = 0, ratio = 0;
    int met = -1;  // -1: no target, 0: missed, 1: met
};
static std::vector<Row> rows;

static void emit(const std::string& section, const std::string& name, double value, const std::string& unit,
                 const std::string& refName, double refValue, const std::string& target = "", int met = -1) {
    Row r{section, name, unit, refName, target, value, refValue, refValue > 0 ? value / refValue : 0, met};
    rows.push_back(r);
    std::printf("%-10s %-58s %14.2f %-12s ref %-44s %14.2f  ratio %7.3f  %s%s\n", section.c_str(), name.c_str(), value,
                unit.c_str(), refName.c_str(), refValue, r.ratio, target.c_str(),
                met < 0 ? "" : (met ? "  [met]" : "  [NOT MET]"));
    std::fflush(stdout);
}

static std::string jsonEscape(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\';
        o += c;
    }
    return o;
}

static void writeJson(const char* path) {
    FILE* f = std::fopen(path, "w");
    if (!f) {
        std::perror(path);
        return;
    }
    std::fprintf(f, "[\n");
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        std::fprintf(f,
                     "  {\"section\": \"%s\", \"name\": \"%s\", \"value\": %.6g, \"unit\": \"%s\", \"ref_name\": \"%s\", "
                     "\"ref_value\": %.6g, \"ratio\": %.6g, \"target\": \"%s\", \"met\": %s}%s\n",
                     jsonEscape(r.section).c_str(), jsonEscape(r.name).c_str(), r.value, jsonEscape(r.unit).c_str(),
                     jsonEscape(r.refName).c_str(), r.refValue, r.ratio, jsonEscape(r.target).c_str(),
                     r.met < 0 ? "null" : (r.met ? "true" : "false"), i + 1 < rows.size() ? "," : "");
    }
    std::fprintf(f, "]\n");
    std::fclose(f);
}

// ---- references -------------------------------------------------------------

static double refMutexMallocPair(int reps) {
    std::mutex m;
    return bestNsPerIter(reps, 2000000, [&] {
        m.lock();
        m.unlock();
        void* p = std::malloc(64);
        keep(p);
        std::free(p);
    });
}

// ---- 1. enum handle pair ----------------------------------------------------

static double enumPairNs(HANDLE h, int reps, long iters) {
    return bestNsPerIter(reps, iters, [&] {
        HANDLE e = nullptr;
        IPsecSaContextCreateEnumHandle0(h, nullptr, &e);
        IPsecSaContextDestroyEnumHandle0(h, e);
    });
}

// ---- 2. enumeration ---------------------------------------------------------

struct EnumResult {
    double ns = 0, createNs = 0, destroyNs = 0;
    size_t bytes = 0, count = 0;
};

static EnumResult enumerateAll(HANDLE h, UINT32 page, size_t ctxBytes) {
    EnumResult r;
    auto t0 = Clock::now();
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    r.createNs = nsSince(t0);
    for (;;) {
        IPSEC_SA_CONTEXT1** entries = nullptr;
        UINT32 got = 0;
        FX_OK(IPsecSaContextEnum1(h, e, page, &entries, &got));
        if (got) keep(entries[got - 1]->saContextId);
        r.count += got;
        FwpmFreeMemory0(reinterpret_cast<void**>(&entries));
        if (got < page) break;
    }
    auto t1 = Clock::now();
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    r.destroyNs = nsSince(t1);
    r.ns = nsSince(t0);
    r.bytes = r.count * (ctxBytes + sizeof(void*));
    return r;
}

static double memcpyNs(size_t bytes, int reps) {
    std::vector<char> src(bytes, 1), dst(bytes, 2);
    double best = 1e300;
    for (int i = 0; i < reps; ++i) {
        auto t0 = Clock::now();
        std::memcpy(dst.data(), src.data(), bytes);
        keep(dst[bytes / 2]);
        best = std::min(best, nsSince(t0));
    }
    return best;
}

// ---- 3. lifecycle throughput --------------------------------------------------

static double lifecyclePerSec(int threads, double seconds, uint32_t base) {
    std::atomic<bool> go{false}, stop{false};
    std::vector<long> done(threads, 0);
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            HANDLE h = fx::open();
            uint32_t n = base + uint32_t(t) * 10000000u;
            while (!go.load()) std::this_thread::yield();
            long k = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                UINT64 id = fx::fullContext(h, n++);
                FX_OK(IPsecSaContextDeleteById0(h, id));
                ++k;
            }
            done[t] = k;
            FX_OK(FwpmEngineClose0(h));
        });
    auto t0 = Clock::now();
    go = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : ts) t.join();
    double el = nsSince(t0) / 1e9;
    long total = 0;
    for (long d : done) total += d;
    return double(total) / el;
}

// ---- 4. memory ----------------------------------------------------------------

static size_t heapInUse() {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}
static size_t rssBytes() {
    long pages = 0, rss = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (f) {
        if (std::fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
        std::fclose(f);
    }
    return size_t(rss) * size_t(sysconf(_SC_PAGESIZE));
}

// ---- 6. reference: the bare ordered map the store is built on ------------------

// std::map<uint64_t, shared_ptr<payload>> with N entries and ~1 KB of payload
// per entry (the measured footprint of a stored context), random-key find +
// shared_ptr copy + 700-byte malloc/memcpy/free (the output block).
static double refMapLookupNs(size_t N, int K, std::mt19937_64& rng, int reps) {
    struct Payload { char bytes[960]; };
    std::map<uint64_t, std::shared_ptr<Payload>> m;
    for (size_t i = 1; i <= N; ++i) m.emplace_hint(m.end(), i, std::make_shared<Payload>());
    std::vector<uint64_t> keys(static_cast<size_t>(K));
    for (auto& k : keys) k = 1 + rng() % N;
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        auto t0 = Clock::now();
        for (uint64_t k : keys) {
            std::shared_ptr<Payload> p = m.find(k)->second;
            void* out = std::malloc(712);
            std::memcpy(out, p->bytes, 712);
            keep(out);
            std::free(out);
        }
        best = std::min(best, nsSince(t0) / double(K));
    }
    return best;
}

// ---- 7. GetById against enumeration (issue #8) ---------------------------------

// CPU time of the calling thread: time spent descheduled (the machine is
// shared) is not counted, in the figure nor in its reference.
static double threadCpuNs() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

template <class Ctx>
static NTSTATUS getById(HANDLE h, UINT64 id, Ctx** out);
template <>
NTSTATUS getById(HANDLE h, UINT64 id, IPSEC_SA_CONTEXT0** out) { return IPsecSaContextGetById0(h, id, out); }
template <>
NTSTATUS getById(HANDLE h, UINT64 id, IPSEC_SA_CONTEXT1** out) { return IPsecSaContextGetById1(h, id, out); }
template <class Ctx>
static NTSTATUS enumPage(HANDLE h, HANDLE e, UINT32 n, Ctx*** out, UINT32* got);
template <>
NTSTATUS enumPage(HANDLE h, HANDLE e, UINT32 n, IPSEC_SA_CONTEXT0*** out, UINT32* got) { return IPsecSaContextEnum0(h, e, n, out, got); }
template <>
NTSTATUS enumPage(HANDLE h, HANDLE e, UINT32 n, IPSEC_SA_CONTEXT1*** out, UINT32* got) { return IPsecSaContextEnum1(h, e, n, out, got); }

struct PerItem {
    double cpu = 1e300, wall = 1e300;  // best ns per item
    void take(double cpuNs, double wallNs, size_t n) {
        cpu = std::min(cpu, cpuNs / double(n));
        wall = std::min(wall, wallNs / double(n));
    }
};

// Every stored context once, through a whole enumeration (handle creation,
// pages of 100, destruction).
template <class Ctx>
static void enumPass(HANDLE h, size_t N, PerItem& r) {
    double c0 = threadCpuNs();
    auto t0 = Clock::now();
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    size_t n = 0;
    for (;;) {
        Ctx** entries = nullptr;
        UINT32 got = 0;
        FX_OK(enumPage(h, e, 100, &entries, &got));
        if (got) keep(entries[got - 1]->saContextId);
        n += got;
        FwpmFreeMemory0(reinterpret_cast<void**>(&entries));
        if (got < 100) break;
    }
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    r.take(threadCpuNs() - c0, nsSince(t0), n);
    if (n != N) {
        std::fprintf(stderr, "enumeration returned %zu of %zu contexts\n", n, N);
        std::exit(1);
    }
}

// Every stored context once, one GetById call each, in random order: no id
// repeats, so no lookup finds its context already cached by an earlier one.
template <class Ctx>
static void getPass(HANDLE h, const std::vector<UINT64>& order, PerItem& r) {
    double c0 = threadCpuNs();
    auto t0 = Clock::now();
    for (UINT64 id : order) {
        Ctx* c = nullptr;
        FX_OK(getById(h, id, &c));
        keep(c->saContextId);
        FwpmFreeMemory0(reinterpret_cast<void**>(&c));
    }
    r.take(threadCpuNs() - c0, nsSince(t0), order.size());
}

// Section 7 on the current store of N contexts (ids: all of them).  The
// passes are interleaved so that both sides of each ratio see the same
// machine load.  DeleteById is measured on K random ids, then refilled.
static void getByIdVsEnumeration(HANDLE h, std::vector<UINT64>& ids, uint32_t& nextN, int reps, std::mt19937_64& rng) {
    const size_t N = ids.size();
    PerItem e0, e1, g0, g1, del;
    std::vector<UINT64> order(ids);
    for (int r = 0; r < reps; ++r) {
        enumPass<IPSEC_SA_CONTEXT0>(h, N, e0);
        std::shuffle(order.begin(), order.end(), rng);
        getPass<IPSEC_SA_CONTEXT0>(h, order, g0);
        enumPass<IPSEC_SA_CONTEXT1>(h, N, e1);
        std::shuffle(order.begin(), order.end(), rng);
        getPass<IPSEC_SA_CONTEXT1>(h, order, g1);
        // DeleteById: K distinct random contexts, then refill to N.
        const size_t K = std::min<size_t>(2000, N / 2);
        std::shuffle(ids.begin(), ids.end(), rng);
        double c0 = threadCpuNs();
        auto t0 = Clock::now();
        for (size_t i = 0; i < K; ++i) FX_OK(IPsecSaContextDeleteById0(h, ids[N - 1 - i]));
        del.take(threadCpuNs() - c0, nsSince(t0), K);
        ids.resize(N - K);
        while (ids.size() < N) ids.push_back(fx::fullContext(h, nextN++));
        order = ids;
    }
    char nm[160], ref[160];
    std::snprintf(nm, sizeof nm, "enumeration per context, N=%zu (Enum0, pages of 100, whole pass)", N);
    emit("getbyid", nm, e0.cpu, "ns/ctx (CPU)", "", 0);
    std::snprintf(nm, sizeof nm, "enumeration per context, N=%zu (Enum1, pages of 100, whole pass)", N);
    emit("getbyid", nm, e1.cpu, "ns/ctx (CPU)", "", 0);
    std::snprintf(nm, sizeof nm, "GetById0+FreeMemory per op, N=%zu (random ids, each once)", N);
    std::snprintf(ref, sizeof ref, "enumeration per context, Enum0 (same run)");
    emit("getbyid", nm, g0.cpu, "ns/op (CPU)", ref, e0.cpu, "<= 2x enumeration", g0.cpu <= 2 * e0.cpu);
    std::snprintf(nm, sizeof nm, "GetById1+FreeMemory per op, N=%zu (random ids, each once)", N);
    std::snprintf(ref, sizeof ref, "enumeration per context, Enum1 (same run)");
    emit("getbyid", nm, g1.cpu, "ns/op (CPU)", ref, e1.cpu, "<= 2x enumeration", g1.cpu <= 2 * e1.cpu);
    std::snprintf(nm, sizeof nm, "DeleteById per op, N=%zu (random ids)", N);
    emit("getbyid", nm, del.cpu, "ns/op (CPU)", "enumeration per context, Enum0 (same run)", e0.cpu);
    std::snprintf(nm, sizeof nm, "wall clock: GetById0 per op, N=%zu", N);
    emit("getbyid", nm, g0.wall, "ns/op", "wall clock: enumeration per context, Enum0", e0.wall);
    std::snprintf(nm, sizeof nm, "wall clock: GetById1 per op, N=%zu", N);
    emit("getbyid", nm, g1.wall, "ns/op", "wall clock: enumeration per context, Enum1", e1.wall);
    std::snprintf(nm, sizeof nm, "wall clock: DeleteById per op, N=%zu", N);
    emit("getbyid", nm, del.wall, "ns/op", "wall clock: enumeration per context, Enum0", e0.wall);
}

// ---- 5. the C baselines of the bindings' bench modes ----------------------------

// The same workload as `ManualKeying bench` (C#, Java) and `manual_keying
// bench` (Go) in a fresh process: 1e6 enum-handle pairs on an empty store,
// then 1e5 transport-mode contexts (ESP, 16/20-byte keys) enumerated with a
// page size of 1000.
static int bindingBaseline() {
    HANDLE h = fx::open();
    for (int i = 0; i < 10000; ++i) {
        HANDLE e = nullptr;
        IPsecSaContextCreateEnumHandle0(h, nullptr, &e);
        IPsecSaContextDestroyEnumHandle0(h, e);
    }
    // Process CPU time beside wall time: on the shared machine wall time mostly measures the wait
    // for a core; the bindings' bench modes print the same (their GC threads included).
    auto pcpu = [] { timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e9 + t.tv_nsec; };
    double pc0 = pcpu();
    double pair = enumPairNs(h, 3, 1000000);
    double pairCpu = (pcpu() - pc0) / 3e6;
    UINT64 fo = fx::transportFilter(h, true), fi = fx::transportFilter(h, false);
    const uint32_t N = 100000;
    for (uint32_t i = 0; i < N; ++i) fx::fullContext(h, i, fo, fi);
    double best0 = 1e300, best1 = 1e300, cpu1 = 1e300;
    for (int r = 0; r < 3; ++r) {
        auto t0 = Clock::now();
        HANDLE e = nullptr;
        FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
        size_t n = 0;
        for (;;) {
            IPSEC_SA_CONTEXT0** entries = nullptr;
            UINT32 got = 0;
            FX_OK(IPsecSaContextEnum0(h, e, 1000, &entries, &got));
            for (UINT32 i = 0; i < got; ++i) n += entries[i]->saContextId != 0;
            FwpmFreeMemory0(reinterpret_cast<void**>(&entries));
            if (got < 1000) break;
        }
        FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
        if (n != N) return 1;
        best0 = std::min(best0, nsSince(t0) / N);
        t0 = Clock::now();
        double c1 = pcpu();
        FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
        n = 0;
        for (;;) {
            IPSEC_SA_CONTEXT1** entries = nullptr;
            UINT32 got = 0;
            FX_OK(IPsecSaContextEnum1(h, e, 1000, &entries, &got));
            for (UINT32 i = 0; i < got; ++i) n += entries[i]->saContextId != 0;
            FwpmFreeMemory0(reinterpret_cast<void**>(&entries));
            if (got < 1000) break;
        }
        FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
        if (n != N) return 1;
        best1 = std::min(best1, nsSince(t0) / N);
        cpu1 = std::min(cpu1, (pcpu() - c1) / N);
    }
    std::printf("BENCH c enum_handle_pair_ns %.1f\n", pair);
    std::printf("BENCH c enumerate_1e5_ns_per_context %.1f\n", best0);
    std::printf("BENCH c enumerate1_1e5_ns_per_context %.1f\n", best1);
    std::printf("BENCH c enum_handle_pair_cpu_ns %.1f\n", pairCpu);
    std::printf("BENCH c enumerate1_1e5_cpu_ns_per_context %.1f\n", cpu1);
    return 0;
}

// ---- 8. the C shim against the call it wraps (issue 9) --------------------------

// The managed SDKs enumerate through fwpkx_IPsecSaContextEnum1: IPsecSaContextEnum1's
// deep copy, the encoding of the page (bindings/gen/WIRE.md) and FwpmFreeMemory0.
// Each pass is a whole enumeration (pages of `page`), timed in thread CPU; the
// passes are noinline so that callgrind can count them alone:
//   valgrind --tool=callgrind --toggle-collect='*shimPass*' fwpk_bench --shim-baseline --contexts 3000 --reps 1
struct ShimTimes {
    double enum1 = 1e300, shim = 1e300, fresh = 1e300, encode = 1e300;
    size_t bytes = 0;
};

__attribute__((noinline)) static size_t enum1Pass(HANDLE h, UINT32 page) {
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    size_t n = 0;
    for (;;) {
        IPSEC_SA_CONTEXT1** entries = nullptr;
        UINT32 got = 0;
        FX_OK(IPsecSaContextEnum1(h, e, page, &entries, &got));
        for (UINT32 i = 0; i < got; ++i) n += entries[i]->saContextId != 0;
        FwpmFreeMemory0(reinterpret_cast<void**>(&entries));
        if (got < page) break;
    }
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    return n;
}

// One output buffer for the whole enumeration (as C# and Java reuse a per-thread
// one), or (fresh) a new realloc-grown buffer per page (as Go's calls do).
__attribute__((noinline)) static size_t shimPass(HANDLE h, UINT32 page, bool fresh, size_t* bytes) {
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    fwpk_buf b;
    fwpk_buf_init(&b);
    size_t n = 0;
    for (;;) {
        UINT32 got = 0;
        FX_OK(fwpkx_IPsecSaContextEnum1(uint64_t(uintptr_t(h)), uint64_t(uintptr_t(e)), page, &b, &got));
        n += got;
        *bytes += b.len;
        if (fresh) fwpk_buf_free(&b);
        if (got < page) break;
    }
    fwpk_buf_free(&b);
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    return n;
}

// Only the encoding: Enum1's pages, and thread CPU around fwpkc_page_IPSEC_SA_CONTEXT1 alone.
__attribute__((noinline)) static size_t encodePass(HANDLE h, UINT32 page, double* cpu) {
    HANDLE e = nullptr;
    FX_OK(IPsecSaContextCreateEnumHandle0(h, nullptr, &e));
    fwpk_buf b;
    fwpk_buf_init(&b);
    size_t n = 0;
    for (;;) {
        IPSEC_SA_CONTEXT1** entries = nullptr;
        UINT32 got = 0;
        FX_OK(IPsecSaContextEnum1(h, e, page, &entries, &got));
        double c0 = threadCpuNs();
        if (fwpkc_page_IPSEC_SA_CONTEXT1(&b, entries, got)) std::abort();
        *cpu += threadCpuNs() - c0;
        n += got;
        FwpmFreeMemory0(reinterpret_cast<void**>(&entries));
        if (got < page) break;
    }
    fwpk_buf_free(&b);
    FX_OK(IPsecSaContextDestroyEnumHandle0(h, e));
    return n;
}

static int shimBaseline(uint32_t N, int reps, UINT32 page) {
    HANDLE h = fx::open();
    UINT64 fo = fx::transportFilter(h, true), fi = fx::transportFilter(h, false);
    for (uint32_t i = 0; i < N; ++i) fx::fullContext(h, i, fo, fi);
    ShimTimes t;
    auto check = [&](size_t n) {
        if (n != N) {
            std::fprintf(stderr, "enumeration returned %zu of %u contexts\n", n, N);
            std::exit(1);
        }
    };
    for (int r = 0; r < reps; ++r) {  // interleaved, best of reps: load drifts alike on both sides
        double c0 = threadCpuNs();
        check(enum1Pass(h, page));
        t.enum1 = std::min(t.enum1, (threadCpuNs() - c0) / N);
        size_t bytes = 0;
        c0 = threadCpuNs();
        check(shimPass(h, page, false, &bytes));
        t.shim = std::min(t.shim, (threadCpuNs() - c0) / N);
        t.bytes = bytes / N;
        c0 = threadCpuNs();
        check(shimPass(h, page, true, &bytes));
        t.fresh = std::min(t.fresh, (threadCpuNs() - c0) / N);
        double enc = 0;
        check(encodePass(h, page, &enc));
        t.encode = std::min(t.encode, enc / N);
    }
    std::printf("BENCH c shim_contexts %u pages_of %u page_bytes_per_context %zu\n", N, page, t.bytes);
    std::printf("BENCH c enum1_free_cpu_ns_per_context %.1f\n", t.enum1);
    std::printf("BENCH c shim_enum1_cpu_ns_per_context %.1f (%.2fx)\n", t.shim, t.shim / t.enum1);
    std::printf("BENCH c shim_enum1_fresh_buf_cpu_ns_per_context %.1f (%.2fx)\n", t.fresh, t.fresh / t.enum1);
    std::printf("BENCH c shim_encode_only_cpu_ns_per_context %.1f (%.2fx of enum1)\n", t.encode, t.encode / t.enum1);
    return 0;
}

// ---- main ---------------------------------------------------------------------

int main(int argc, char** argv) {
    const char* json = nullptr;
    size_t maxN = 1000000;
    bool quick = false, onlyGetById = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
        else if (!std::strcmp(argv[i], "--max-n") && i + 1 < argc) maxN = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--quick")) quick = true;
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc && !std::strcmp(argv[i + 1], "getbyid")) {
            onlyGetById = true;
            ++i;
        }
        else if (!std::strcmp(argv[i], "--binding-baseline")) return bindingBaseline();
        else if (!std::strcmp(argv[i], "--shim-baseline")) {
            uint32_t n = 100000, page = 1000;
            int r = 5;
            for (int j = i + 1; j + 1 < argc; j += 2) {
                if (!std::strcmp(argv[j], "--contexts")) n = uint32_t(std::strtoul(argv[j + 1], nullptr, 10));
                else if (!std::strcmp(argv[j], "--reps")) r = std::atoi(argv[j + 1]);
                else if (!std::strcmp(argv[j], "--page")) page = uint32_t(std::strtoul(argv[j + 1], nullptr, 10));
                else break;
            }
            return shimBaseline(n ? n : 1, r > 0 ? r : 1, page ? page : 1000);
        }
        else {
            std::fprintf(stderr, "usage: %s [--json FILE] [--max-n N] [--quick] [--only getbyid]\n"
                                 "       %s --binding-baseline | --shim-baseline [--contexts N] [--reps R] [--page P]\n", argv[0], argv[0]);
            return 2;
        }
    }
    const int reps = quick ? 3 : 7;
    std::printf("fwpk_bench: %s, %u hardware threads\n", FwpkLibVersion(), std::thread::hardware_concurrency());

    HANDLE h = fx::open();
    fx::ensureTunnelPolicy(h);  // the tunnel policy fx::tunnelTraffic names
    if (onlyGetById) {
        const size_t N = std::min<size_t>(maxN, 100000);
        std::vector<UINT64> ids;
        uint32_t nextN = 200000000;
        std::mt19937_64 rng(12345);
        for (size_t i = 0; i < N; ++i) ids.push_back(fx::fullContext(h, nextN++));
        getByIdVsEnumeration(h, ids, nextN, quick ? 5 : 15, rng);
        FX_OK(FwpmEngineClose0(h));
        if (json) writeJson(json);
        return 0;
    }
    double refPair = refMutexMallocPair(reps);

    // 1. Enum handle pair on an open session, empty store.
    double pair0 = enumPairNs(h, reps, quick ? 200000 : 1000000);
    emit("enumhandle", "Create+DestroyEnumHandle pair, 0 contexts stored", pair0, "ns/pair",
         "mutex lock/unlock + malloc/free(64)", refPair, "<= 100 ns", pair0 <= 100.0);

    // 1b. 64k enumerators on one session destroyed oldest-first (was quadratic:
    // a vector searched and erased from the front under the engine lock).
    {
        const size_t K = 65536;
        std::vector<HANDLE> es(K);
        for (auto& e : es) IPsecSaContextCreateEnumHandle0(h, nullptr, &e);
        auto t0 = Clock::now();
        for (HANDLE e : es) IPsecSaContextDestroyEnumHandle0(h, e);
        double perDestroy = nsSince(t0) / double(K);
        emit("enumhandle", "DestroyEnumHandle of 64k handles, oldest first", perDestroy, "ns/destroy",
             "Create+Destroy pair, 0 contexts stored", pair0, "<= 2x pair", perDestroy <= 2 * pair0);
    }

    // 3. Lifecycle throughput (leaves the store empty again).
    double lc1 = lifecyclePerSec(1, quick ? 0.5 : 2.0, 1);
    double refLc = 1e9 / (5 * refPair);
    emit("lifecycle", "Create+GetSpi+AddIn+AddOut+Delete cycles/s, 1 thread", lc1, "cycles/s",
         "1e9/(5 x mutex+malloc pair) cycles/s", refLc);
    double lc2 = lifecyclePerSec(2, quick ? 0.5 : 2.0, 100000000);
    emit("lifecycle", "Create+GetSpi+AddIn+AddOut+Delete cycles/s, 2 threads", lc2, "cycles/s",
         "same, 1 thread (this run)", lc1);

    // Grow the store and measure at each size.
    std::vector<size_t> sizes;
    for (size_t n = 1000; n <= maxN; n *= 10) sizes.push_back(n);
    size_t stored = 0;
    std::vector<UINT64> ids;
    ids.reserve(maxN);
    uint32_t nextN = 200000000;
    size_t ctxBytes = 0;
    std::mt19937_64 rng(12345);
    std::vector<double> logN, memcpyPerCtx;
    std::vector<std::vector<double>> perCtx(3);
    const UINT32 pages[3] = {1, 100, 10000};
    double getAt1e3 = 0, delAt1e3 = 0, refAt1e3 = 0;
    size_t heap0 = heapInUse(), rss0 = rssBytes(), storedAt0 = 0;

    for (size_t N : sizes) {
        size_t heapBefore = heapInUse(), rssBefore = rssBytes(), storedBefore = stored;
        while (stored < N) {
            ids.push_back(fx::fullContext(h, nextN++));
            ++stored;
        }
        size_t heapAfter = heapInUse(), rssAfter = rssBytes();
        if (!ctxBytes) {
            IPSEC_SA_CONTEXT1* c = nullptr;
            FX_OK(IPsecSaContextGetById1(h, ids[0], &c));
            ctxBytes = fx::deepSize(c);
            FwpmFreeMemory0(reinterpret_cast<void**>(&c));
            std::printf("deep copy of one IPSEC_SA_CONTEXT1 (in+out ESP AES-128-CBC/HMAC-SHA1): %zu bytes\n", ctxBytes);
        }
        char nm[160];
        // 4. Memory per context (delta for the contexts inserted in this step).
        if (N >= 100000) {
            size_t added = stored - storedBefore;
            double heapPer = double(heapAfter - heapBefore) / double(added);
            double rssPer = double(rssAfter > rssBefore ? rssAfter - rssBefore : 0) / double(added);
            std::snprintf(nm, sizeof nm, "heap (mallinfo2) per stored context, %zu -> %zu", storedBefore, N);
            emit("memory", nm, heapPer, "bytes/ctx", "IPSEC_SA_CONTEXT1 deep-copy block", double(ctxBytes), "<= 2x",
                 heapPer <= 2.0 * double(ctxBytes));
            std::snprintf(nm, sizeof nm, "RSS per stored context, %zu -> %zu", storedBefore, N);
            emit("memory", nm, rssPer, "bytes/ctx", "IPSEC_SA_CONTEXT1 deep-copy block", double(ctxBytes), "<= 2x",
                 rssPer <= 2.0 * double(ctxBytes));
        }
        (void)heap0;
        (void)rss0;
        (void)storedAt0;

        // 2. Enumeration at this size, three page sizes.
        size_t totalBytes = N * (ctxBytes + sizeof(void*));
        int enumReps = N >= 1000000 ? (quick ? 1 : 3) : reps;
        double mc = memcpyNs(totalBytes, enumReps);
        logN.push_back(std::log10(double(N)));
        memcpyPerCtx.push_back(mc / double(N));
        for (int p = 0; p < 3; ++p) {
            if (N >= 1000000 && pages[p] == 1 && quick) {
                perCtx[p].push_back(NAN);
                continue;
            }
            EnumResult best;
            best.ns = 1e300;
            for (int r = 0; r < enumReps; ++r) {
                EnumResult er = enumerateAll(h, pages[p], ctxBytes);
                if (er.count != N) {
                    std::fprintf(stderr, "enumeration returned %zu of %zu contexts\n", er.count, N);
                    return 1;
                }
                if (er.ns < best.ns) best = er;
            }
            double nsPer = best.ns / double(N);
            perCtx[p].push_back(nsPer);
            double gbps = double(best.bytes) / best.ns;  // bytes per ns = GB/s
            std::snprintf(nm, sizeof nm, "enumerate N=%zu, page %u: total time", N, pages[p]);
            bool targetRow = N == 1000000;
            emit("enumerate", nm, best.ns / 1e6, "ms", "memcpy of the same bytes (ms)", mc / 1e6,
                 targetRow ? "<= 3x memcpy" : "", targetRow ? (best.ns <= 3 * mc) : -1);
            std::snprintf(nm, sizeof nm, "enumerate N=%zu, page %u: per context", N, pages[p]);
            emit("enumerate", nm, nsPer, "ns/ctx", "memcpy per context's bytes (ns)", mc / double(N));
            std::snprintf(nm, sizeof nm, "enumerate N=%zu, page %u: output rate", N, pages[p]);
            emit("enumerate", nm, gbps, "GB/s", "memcpy rate (GB/s)", double(totalBytes) / mc);
            if (pages[p] == 10000) {
                std::snprintf(nm, sizeof nm, "enumerate N=%zu: of which CreateEnumHandle (snapshot)", N);
                emit("enumerate", nm, best.createNs / double(N), "ns/ctx", "whole enumeration, page 10000", nsPer);
                std::snprintf(nm, sizeof nm, "enumerate N=%zu: of which DestroyEnumHandle", N);
                emit("enumerate", nm, best.destroyNs / double(N), "ns/ctx", "whole enumeration, page 10000", nsPer);
            }
        }

        // 1 again: the pair with N contexts stored (the snapshot is O(N)).
        if (N <= 100000) {
            double pairN = enumPairNs(h, 3, N >= 100000 ? 20 : 2000);
            std::snprintf(nm, sizeof nm, "Create+DestroyEnumHandle pair, %zu contexts stored", N);
            emit("enumhandle", nm, pairN, "ns/pair", "same, 0 contexts stored", pair0);
        }

        // 7. GetById against enumeration at N=1e5 (issue #8).
        if (N == 100000) getByIdVsEnumeration(h, ids, nextN, reps, rng);

        // 6. GetById / DeleteById per op at this size (random ids).
        const int K = int(std::min<size_t>(2000, N / 2));
        std::vector<UINT64> pick(K);
        for (int i = 0; i < K; ++i) pick[i] = ids[rng() % ids.size()];
        double getNs = 1e300;
        for (int r = 0; r < reps; ++r) {
            auto t0 = Clock::now();
            for (int i = 0; i < K; ++i) {
                IPSEC_SA_CONTEXT1* c = nullptr;
                FX_OK(IPsecSaContextGetById1(h, pick[i], &c));
                FwpmFreeMemory0(reinterpret_cast<void**>(&c));
            }
            getNs = std::min(getNs, nsSince(t0) / K);
        }
        // Delete K distinct random contexts, then refill to N.
        std::shuffle(ids.begin(), ids.end(), rng);
        auto t0 = Clock::now();
        for (int i = 0; i < K; ++i) FX_OK(IPsecSaContextDeleteById0(h, ids[ids.size() - 1 - size_t(i)]));
        double delNs = nsSince(t0) / K;
        ids.resize(ids.size() - K);
        stored -= K;
        while (stored < N) {
            ids.push_back(fx::fullContext(h, nextN++));
            ++stored;
        }
        double refGet = refMapLookupNs(N, K, rng, reps);
        std::snprintf(nm, sizeof nm, "GetById1+FreeMemory per op, N=%zu (random ids)", N);
        emit("lookup", nm, getNs, "ns/op", "std::map find+shared_ptr copy+712B malloc/memcpy/free", refGet);
        std::snprintf(nm, sizeof nm, "DeleteById per op, N=%zu (random ids)", N);
        emit("lookup", nm, delNs, "ns/op", "same std::map lookup reference", refGet);
        if (N == 1000) {
            getAt1e3 = getNs;
            delAt1e3 = delNs;
            refAt1e3 = refGet;
        } else {
            // O(log N): the growth from N=1e3 is no worse than the bare map's (x1.5 for noise).
            double gG = getNs / getAt1e3, gD = delNs / delAt1e3, gR = refGet / refAt1e3;
            std::snprintf(nm, sizeof nm, "GetById growth N=1e3 -> %zu", N);
            emit("lookup", nm, gG, "x", "bare std::map growth, same N", gR, "<= 1.5x map growth", gG <= 1.5 * gR);
            std::snprintf(nm, sizeof nm, "DeleteById growth N=1e3 -> %zu", N);
            emit("lookup", nm, gD, "x", "bare std::map growth, same N", gR, "<= 1.5x map growth", gD <= 1.5 * gR);
        }
    }

    // Slope of ns/context against log10 N (least squares), per page size.
    auto fit = [&](const std::vector<double>& yin, double& slope, double& my) {
        std::vector<double> xs, ys;
        for (size_t i = 0; i < logN.size(); ++i)
            if (!std::isnan(yin[i])) {
                xs.push_back(logN[i]);
                ys.push_back(yin[i]);
            }
        if (xs.size() < 2) return false;
        double mx = 0;
        my = 0;
        for (size_t i = 0; i < xs.size(); ++i) mx += xs[i], my += ys[i];
        mx /= double(xs.size());
        my /= double(xs.size());
        double sxy = 0, sxx = 0;
        for (size_t i = 0; i < xs.size(); ++i) sxy += (xs[i] - mx) * (ys[i] - my), sxx += (xs[i] - mx) * (xs[i] - mx);
        slope = sxy / sxx;
        return true;
    };
    double mcSlope = 0, mcMean = 0;
    fit(memcpyPerCtx, mcSlope, mcMean);
    for (int p = 0; p < 3; ++p) {
        double slope = 0, my = 0;
        if (!fit(perCtx[p], slope, my)) continue;
        char nm[160];
        std::snprintf(nm, sizeof nm, "enumerate page %u: slope of ns/ctx per decade vs memcpy's", pages[p]);
        emit("enumerate", nm, slope, "ns/decade", "memcpy ns/ctx slope per decade", mcSlope);
        std::snprintf(nm, sizeof nm, "enumerate page %u: slope of ns/ctx per decade of N", pages[p]);
        // Flat = the slope is small next to the mean cost: |slope| <= 25% of mean per decade.
        emit("enumerate", nm, slope, "ns/decade", "mean ns/ctx over all N", my, "|slope| <= 0.25 x mean",
             std::fabs(slope) <= 0.25 * my);
    }

    FX_OK(FwpmEngineClose0(h));
    if (json) writeJson(json);
    return 0;
}
