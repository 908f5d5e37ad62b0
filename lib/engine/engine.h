// The process-wide engine: sessions, transactions, the filter store and the
// SA-context store.  One mutex guards all of it (docs/design.md, "Locking");
// stored objects are immutable, so output is built outside the lock.
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include "engine/handle_table.h"
#include "engine/id_index.h"
#include "engine/objects.h"
#include "engine/provider_contexts.h"
#include "engine/status.h"
#include "marshal/guids.h"

namespace fwpk {

// Changes staged by a read/write transaction; a null value stages a delete.
struct Txn {
    bool readOnly = false;
    std::map<uint64_t, FilterRef> filters;
    std::map<uint64_t, SaContextRef> contexts;
    std::vector<IPSEC_SA_SPI> reservedSpis;  // released again on abort
};

struct SessionInfo {
    BlockPtr block;  // self-contained FWPM_SESSION0
    size_t size = 0;
};
using SessionInfoRef = std::shared_ptr<const SessionInfo>;

// Base of every enumerator: a node of its session's intrusive list, so that
// creating and destroying one is O(1) and never allocates.
struct EnumBase : HandleObject {
    EnumBase(HandleKind k, uint64_t owner) : HandleObject(k, owner) {}
    HANDLE self = nullptr;
    EnumBase* prev = nullptr;
    EnumBase* next = nullptr;
};

struct Session : HandleObject {
    Session() : HandleObject(HandleKind::Session, 0) {}
    uint64_t id = 0;
    bool dynamic = false;
    UINT32 txnWaitMs = 0;
    SessionInfoRef info;
    std::unique_ptr<Txn> txn;
    EnumBase* enumerators = nullptr;  // head of the list of this session's enumerators
    void link(EnumBase* e) noexcept {
        e->prev = nullptr;
        e->next = enumerators;
        if (enumerators) enumerators->prev = e;
        enumerators = e;
    }
    void unlink(EnumBase* e) noexcept {
        (e->prev ? e->prev->next : enumerators) = e->next;
        if (e->next) e->next->prev = e->prev;
        e->prev = e->next = nullptr;
    }
    std::vector<uint64_t> dynamicFilters;
};

// Snapshot enumerators: the items are taken at creation.
template <class Item, HandleKind K>
struct ListEnum : EnumBase {
    static constexpr HandleKind kKind = K;
    explicit ListEnum(uint64_t owner) : EnumBase(K, owner) {}
    std::vector<Item> items;
    size_t pos = 0;
};
using SessionEnum = ListEnum<SessionInfoRef, HandleKind::SessionEnum>;
using FilterEnum = ListEnum<FilterRef, HandleKind::FilterEnum>;
using SaContextEnum = ListEnum<SaContextRef, HandleKind::SaContextEnum>;
using SaEnum = ListEnum<std::pair<SaContextRef, FWP_DIRECTION>, HandleKind::SaEnum>;

struct Counters {
    uint64_t activeSas = 0, pending = 0, activeTunnels = 0;
    uint64_t totalAdded = 0, totalDeleted = 0;
};

class Engine {
public:
    static Engine& instance();

    using Lock = std::unique_lock<std::mutex>;
    std::mutex mu;
    std::condition_variable writerReleased;
    HandleTable handles;

    // ---- sessions and transactions (engine.cpp) ----
    HANDLE openSession(const FWPM_SESSION0* options);
    void closeSession(HANDLE h);
    Session& session(HANDLE h);  // or STATUS_INVALID_HANDLE
    // Waits until no other session holds a read/write transaction (or fails
    // with FWP_E_TIMEOUT); re-resolves the session afterwards.  Also refuses
    // writes inside a read-only transaction.
    Session& beginWrite(Lock& lk, HANDLE h);
    void txnBegin(Lock& lk, HANDLE h, UINT32 flags);
    void txnCommit(HANDLE h);
    void txnAbort(HANDLE h);
    std::vector<SessionInfoRef> sessionsSnapshot() const;

    // ---- lookups through a session's view (its staged changes first) ----
    FilterRef filterById(const Session& s, uint64_t id) const;
    FilterRef filterByKey(const Session& s, const GUID& key) const;
    SaContextRef contextById(const Session& s, uint64_t id) const;
    // Same, and starts loading everything emitContext will read.
    SaContextRef contextForOutput(const Session& s, uint64_t id) const;
    template <class Fn> void forEachFilter(const Session& s, Fn&& fn) const;
    template <class Fn> void forEachContext(const Session& s, Fn&& fn) const;
    // Upper bound of the contexts forEachContext visits (to reserve snapshots).
    size_t contextCount(const Session& s) const { return contexts_.size() + (s.txn ? s.txn->contexts.size() : 0); }

    // ---- writes through a session (staged when it has a transaction) ----
    void putFilter(Session& s, FilterRef f);
    void eraseFilter(Session& s, const FilterRef& f);
    void putContext(Session& s, SaContextRef c);
    void eraseContext(Session& s, const SaContextRef& c);

    // SPI bookkeeping.
    bool spiInUse(IPSEC_SA_SPI spi) const { return spis_.count(spi) != 0; }
    void reserveSpi(Session& s, IPSEC_SA_SPI spi);
    void unreserveSpi(Session& s, IPSEC_SA_SPI spi) noexcept;

    // Removes expired SAs whose delay has passed (called at every entry).
    void reap();
    Counters counters() const { return counters_; }

    // Provider contexts (provider_contexts.h): their own store; releaseTxn and
    // closeSession call its hooks.
    ProviderContextStore providerContexts;

    uint64_t nextFilterId() { return nextFilterId_++; }
    uint64_t nextContextId() { return nextContextId_++; }

private:
    void applyContext(uint64_t id, const SaContextRef& neu);  // committed store
    void applyFilter(uint64_t id, const FilterRef& neu);
    void releaseTxn(Session& s, bool commit);
    void account(const SaContextObj* old, const SaContextObj* neu);

    uint64_t nextSessionId_ = 1, nextFilterId_ = 1, nextContextId_ = 1;
    uint64_t writer_ = 0;  // session holding a read/write transaction
    std::map<uint64_t, Session*> sessions_;
    std::unordered_map<GUID, HANDLE, GuidHash, GuidEq> sessionKeys_;
    std::map<uint64_t, FilterRef> filters_;
    std::unordered_map<GUID, uint64_t, GuidHash, GuidEq> filterKeys_;
    std::map<uint64_t, SaContextRef> contexts_;
    // The values of contexts_ in id order, as a contiguous array, for
    // forEachContext: an in-order walk of the tree is one serial chain of
    // cache misses (~115 ns per context at 1e6 contexts), while reading
    // node addresses from an array lets the misses overlap.  Entries point
    // at the map nodes' values (stable until the node is erased, and a
    // version swap updates the value in place).  An erased entry is nulled
    // and compacted away in place; only orderReserve allocates.
    struct OrderSlot {
        uint64_t id;
        const SaContextRef* ref;
    };
    std::vector<OrderSlot> order_;
    size_t orderHoles_ = 0;
    // id -> the stored version, for contextById: one probe into a flat
    // array instead of a std::map descent (~17 dependent cache and TLB
    // misses at 1e5 contexts).  The slot also records where the version's
    // BundleObjs and bundle blocks live, so contextForOutput requests the
    // object, both BundleObjs and both blocks together right after the
    // probe (before, each BundleObj was a miss that only the object's
    // line could start), before taking the reference
    // (in a threaded process a locked increment, which lets no later load
    // start until the object's first line arrives).  orderReserve,
    // orderInsert and orderErase maintain it with order_; a version swap of
    // an existing context goes through replaceContext.
    using ContextNode = std::map<uint64_t, SaContextRef>::iterator;
    struct IndexedContext {
        SaContextRef ref;
        ContextNode node;                             // in contexts_, for writes
        // Prefetch hints only, in, out: the BundleObj (read for the block
        // pointer) and the block.  With the id and the above, 64 bytes:
        // one cache line per slot.
        const void* bundleObj[2] = {nullptr, nullptr};
        const void* bundle[2] = {nullptr, nullptr};
    };
    static_assert(sizeof(IndexedContext) + sizeof(uint64_t) == 64, "with the id, one cache line per index slot");
    // contexts_.find(id) through the index (no tree descent).
    ContextNode committed(uint64_t id) noexcept;
    static IndexedContext indexed(ContextNode node) noexcept;
    IdIndex<IndexedContext> byId_;
    void replaceContext(ContextNode c, const SaContextRef& neu) noexcept;
    void orderReserve(size_t extra);  // may throw: call before publishing
    void orderInsert(ContextNode c) noexcept;  // after orderReserve
    void orderErase(uint64_t id) noexcept;
    std::unordered_set<IPSEC_SA_SPI> spis_;
    std::multimap<int64_t, uint64_t> expiry_;
    // Teardown reserve (docs/design.md, "Teardown needs no memory"): nodes
    // allocated when an object is committed, so that removing it later --
    // a staged delete/expire in a transaction, an expiry deadline -- only
    // moves nodes.  filterSpares_/contextSpares_ hold one staging node per
    // committed object that the open transaction has not staged (key = id,
    // value null); expirySpares_ one expiry_ node per committed context
    // that is not expiring (key = id).  Abort gives staged nodes back.
    std::map<uint64_t, FilterRef> filterSpares_;
    std::map<uint64_t, SaContextRef> contextSpares_;
    std::multimap<int64_t, uint64_t> expirySpares_;
    void addExpiry(uint64_t id, int64_t at) noexcept;  // from expirySpares_
    void dropSpares(uint64_t contextId) noexcept;
    Counters counters_;
};

int64_t nowMs();

// Walks `committed` as `staged` (a transaction's changes, null = deleted)
// overlays it, in id order.
template <class Ref, class Fn>
void walkWithStaged(const std::map<uint64_t, Ref>& committed, const std::map<uint64_t, Ref>& staged, Fn&& fn) {
    auto a = committed.begin();
    auto b = staged.begin();
    while (a != committed.end() || b != staged.end()) {
        if (b == staged.end() || (a != committed.end() && a->first < b->first)) {
            fn((a++)->second);
        } else {
            if (a != committed.end() && a->first == b->first) ++a;
            if (b->second) fn(b->second);
            ++b;
        }
    }
}

template <class Fn>
void Engine::forEachFilter(const Session& s, Fn&& fn) const {
    if (!s.txn || s.txn->filters.empty()) {
        for (const auto& kv : filters_) fn(kv.second);
        return;
    }
    walkWithStaged(filters_, s.txn->filters, fn);
}

template <class Fn>
void Engine::forEachContext(const Session& s, Fn&& fn) const {
    if (!s.txn || s.txn->contexts.empty()) {
        for (const OrderSlot& o : order_)
            if (o.ref) fn(*o.ref);
        return;
    }
    walkWithStaged(contexts_, s.txn->contexts, fn);
}

}  // namespace fwpk
