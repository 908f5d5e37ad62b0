// The committed SA contexts: the ordered store, its id index and order
// array, the SPIs in use, the expiry queue, the teardown reserve of every
// context and the statistics counters.  The engine lock guards it; the
// engine decides what is staged and when a transaction commits, the store
// keeps its own structures consistent (docs/design.md).
#pragma once
#include <map>
#include <unordered_set>
#include <vector>
#include "engine/id_index.h"
#include "engine/objects.h"
#include "engine/staging.h"

namespace fwpk {

struct Counters {
    uint64_t activeSas = 0, pending = 0, activeTunnels = 0;
    uint64_t totalAdded = 0, totalDeleted = 0;
};

class SaContextStore {
public:
    using Map = std::map<uint64_t, SaContextRef>;  // also a transaction's staged changes (null = deleted)

    // The committed version of context `id` (null if none).
    SaContextRef find(uint64_t id) const noexcept {
        const IndexedContext* r = byId_.find(id);
        return r ? r->ref : nullptr;
    }
    // Same, and starts loading everything emitContext will read.
    SaContextRef findForOutput(uint64_t id) const noexcept;
    size_t size() const noexcept { return contexts_.size(); }
    // Every context in id order, as `staged` (may be null) overlays the store.
    template <class Fn> void forEach(const Map* staged, Fn&& fn) const;

    // Changes the committed store (null removes).  Only a new context
    // allocates (its nodes and its teardown reserve), before publishing.
    void apply(uint64_t id, const SaContextRef& neu);
    // Stages v in a transaction's map, from the context's spare node if it
    // is committed (no allocation then).
    void stage(Map& staged, uint64_t id, SaContextRef v) { fwpk::stage(staged, spares_, id, std::move(v)); }

    // Commit in two steps: prepareCommit allocates all a commit needs (may
    // throw; the store is unchanged but for harmless spare nodes), commit
    // moves the staged nodes in and cannot fail.
    struct CommitPlan {
        Map spares;
        std::multimap<int64_t, uint64_t> expirySpares;
    };
    CommitPlan prepareCommit(const Map& staged);
    void commit(Map& staged, CommitPlan& plan) noexcept;
    // Returns the staged nodes of committed contexts to their spares.
    void abort(Map& staged) noexcept;

    bool spiInUse(IPSEC_SA_SPI spi) const { return spis_.count(spi) != 0; }
    void insertSpi(IPSEC_SA_SPI spi) { spis_.insert(spi); }
    void eraseSpi(IPSEC_SA_SPI spi) noexcept { spis_.erase(spi); }

    // True when some context is expiring (reap has work to look at).
    bool anyExpiring() const noexcept { return !expiry_.empty(); }
    // Removes the contexts whose deadline is at or before `now`, except
    // those the open transaction (`staged`, may be null) has staged.
    void reap(int64_t now, const Map* staged);

    const Counters& counters() const noexcept { return counters_; }

private:
    Map contexts_;
    // The values of contexts_ in id order, as a contiguous array, for
    // forEach: an in-order walk of the tree is one serial chain of
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
    // id -> the stored version, for find: one probe into a flat
    // array instead of a std::map descent (~17 dependent cache and TLB
    // misses at 1e5 contexts).  The slot also records where the version's
    // BundleObjs and bundle blocks live, so findForOutput requests the
    // object, both BundleObjs and both blocks together right after the
    // probe (before, each BundleObj was a miss that only the object's
    // line could start), before taking the reference
    // (in a threaded process a locked increment, which lets no later load
    // start until the object's first line arrives).  orderReserve,
    // orderInsert and orderErase maintain it with order_; a version swap of
    // an existing context goes through replace.
    using Node = Map::iterator;
    struct IndexedContext {
        SaContextRef ref;
        Node node;  // in contexts_, for writes
        // Prefetch hints only, in, out: the BundleObj (read for the block
        // pointer) and the block.  With the id and the above, 64 bytes:
        // one cache line per slot.
        const void* bundleObj[2] = {nullptr, nullptr};
        const void* bundle[2] = {nullptr, nullptr};
    };
    static_assert(sizeof(IndexedContext) + sizeof(uint64_t) == 64, "with the id, one cache line per index slot");
    // contexts_.find(id) through the index (no tree descent).
    Node committed(uint64_t id) noexcept;
    static IndexedContext indexed(Node node) noexcept;
    IdIndex<IndexedContext> byId_;
    void replace(Node c, const SaContextRef& neu) noexcept;
    void orderReserve(size_t extra);  // may throw: call before publishing
    void orderInsert(Node c) noexcept;  // after orderReserve
    void orderErase(uint64_t id) noexcept;
    std::unordered_set<IPSEC_SA_SPI> spis_;
    std::multimap<int64_t, uint64_t> expiry_;
    // Teardown reserve (docs/design.md, "Teardown needs no memory"): nodes
    // allocated when a context is committed, so that removing it later --
    // a staged delete/expire in a transaction, an expiry deadline -- only
    // moves nodes.  spares_ holds one staging node per committed context
    // that the open transaction has not staged (key = id, value null);
    // expirySpares_ one expiry_ node per committed context that is not
    // expiring (key = id).  Abort gives staged nodes back.
    Map spares_;
    std::multimap<int64_t, uint64_t> expirySpares_;
    void addExpiry(uint64_t id, int64_t at) noexcept;  // from expirySpares_
    void dropSpares(uint64_t id) noexcept;
    void account(const SaContextObj* old, const SaContextObj* neu) noexcept;
    Counters counters_;
};

template <class Fn>
void SaContextStore::forEach(const Map* staged, Fn&& fn) const {
    if (!staged || staged->empty()) {
        for (const OrderSlot& o : order_)
            if (o.ref) fn(*o.ref);
        return;
    }
    walkWithStaged(contexts_, *staged, fn);
}

}  // namespace fwpk
