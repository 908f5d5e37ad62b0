// The process-wide engine: sessions, transactions, handles and the object
// stores (filters here; SA contexts in sa_store.h).  One mutex guards all of
// it (docs/design.md, "Locking"); stored objects are immutable, so output is
// built outside the lock.
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include "engine/handle_table.h"
#include "engine/objects.h"
#include "engine/sa_store.h"
#include "engine/staging.h"
#include "base/status.h"
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
    size_t contextCount(const Session& s) const { return sa_.size() + (s.txn ? s.txn->contexts.size() : 0); }

    // ---- writes through a session (staged when it has a transaction) ----
    void putFilter(Session& s, FilterRef f);
    void eraseFilter(Session& s, const FilterRef& f);
    void putContext(Session& s, SaContextRef c);
    void eraseContext(Session& s, const SaContextRef& c);

    // SPI bookkeeping.
    bool spiInUse(IPSEC_SA_SPI spi) const { return sa_.spiInUse(spi); }
    void reserveSpi(Session& s, IPSEC_SA_SPI spi);
    void unreserveSpi(Session& s, IPSEC_SA_SPI spi) noexcept;

    // Removes expired SAs whose delay has passed (called at every entry).
    void reap() {
        if (sa_.anyExpiring()) reapDue();
    }
    Counters counters() const { return sa_.counters(); }

    uint64_t nextFilterId() { return nextFilterId_++; }
    uint64_t nextContextId() { return nextContextId_++; }

private:
    void applyFilter(uint64_t id, const FilterRef& neu);
    void releaseTxn(Session& s, bool commit);
    void reapDue();

    uint64_t nextSessionId_ = 1, nextFilterId_ = 1, nextContextId_ = 1;
    uint64_t writer_ = 0;  // session holding a read/write transaction
    std::map<uint64_t, Session*> sessions_;
    std::unordered_map<GUID, HANDLE, GuidHash, GuidEq> sessionKeys_;
    std::map<uint64_t, FilterRef> filters_;
    std::unordered_map<GUID, uint64_t, GuidHash, GuidEq> filterKeys_;
    // Teardown reserve of the filters (docs/design.md, "Teardown needs no
    // memory"): one staging node per committed filter that the open
    // transaction has not staged (key = id, value null).
    std::map<uint64_t, FilterRef> filterSpares_;
    SaContextStore sa_;
};

int64_t nowMs();

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
    sa_.forEach(s.txn ? &s.txn->contexts : nullptr, fn);
}

}  // namespace fwpk
