// The process-wide engine: sessions, transactions, handles and the object
// stores (filters, providers, sublayers, callouts: keyed_store.h; SA
// contexts: sa_store.h; layers are static: marshal/guids.h).  One mutex
// guards all of it (docs/design.md, "Locking"); stored objects are
// immutable, so output is built outside the lock.
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <unordered_map>
#include <type_traits>
#include <vector>
#include "engine/handle_table.h"
#include "engine/keyed_store.h"
#include "engine/objects.h"
#include "engine/sa_store.h"
#include "engine/staging.h"
#include "base/status.h"
#include "engine/provider_contexts.h"
#include "marshal/guids.h"
#include "marshal/validate.h"

namespace fwpk {

// One value per keyed object type (filters, providers, sublayers, callouts).
template <template <class> class Of>
struct PerObjectType {
    Of<FilterObj> filters;
    Of<ProviderObj> providers;
    Of<SublayerObj> sublayers;
    Of<CalloutObj> callouts;
    template <class Obj>
    auto& get() {
        if constexpr (std::is_same<Obj, FilterObj>::value) return filters;
        else if constexpr (std::is_same<Obj, ProviderObj>::value) return providers;
        else if constexpr (std::is_same<Obj, SublayerObj>::value) return sublayers;
        else {
            static_assert(std::is_same<Obj, CalloutObj>::value, "not a keyed object type");
            return callouts;
        }
    }
    template <class Obj>
    const auto& get() const {
        return const_cast<PerObjectType*>(this)->template get<Obj>();
    }
};
template <class Obj> using StagedMap = typename KeyedStore<Obj>::Map;
template <class Obj> using IdList = std::vector<uint64_t>;

// Changes staged by a read/write transaction; a null value stages a delete.
struct Txn {
    bool readOnly = false;
    PerObjectType<StagedMap> objects;
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
    PerObjectType<IdList> dynamicObjects;  // ids of the objects this dynamic session added
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
using ProviderEnum = ListEnum<ProviderRef, HandleKind::ProviderEnum>;
using SublayerEnum = ListEnum<SublayerRef, HandleKind::SublayerEnum>;
using CalloutEnum = ListEnum<CalloutRef, HandleKind::CalloutEnum>;
using LayerEnum = ListEnum<const LayerInfo*, HandleKind::LayerEnum>;

class Engine {
public:
    static Engine& instance();
    Engine();  // with the built-in providers, sublayers and callouts

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
    // For a call that makes several objects (FwpmIPsecTunnelAdd*): outside a
    // transaction, opens an implicit one on `s` (after beginWrite), runs fn
    // and commits, or aborts if fn or the commit throws.  Inside the caller's
    // transaction just runs fn, which then undoes its own partial writes.
    template <class Fn> void atomically(Session& s, Fn&& fn);

    // ---- keyed objects through a session's view (its staged changes first) ----
    template <class Obj>
    std::shared_ptr<const Obj> byId(const Session& s, uint64_t id) const {
        return stores_.get<Obj>().byId(s.txn ? &s.txn->objects.get<Obj>() : nullptr, id);
    }
    template <class Obj>
    std::shared_ptr<const Obj> byKey(const Session& s, const GUID& key) const {
        return stores_.get<Obj>().byKey(s.txn ? &s.txn->objects.get<Obj>() : nullptr, key);
    }
    template <class Obj, class Fn>
    void forEach(const Session& s, Fn&& fn) const {
        stores_.get<Obj>().forEach(s.txn ? &s.txn->objects.get<Obj>() : nullptr, fn);
    }
    // Adds or replaces (staged when the session has a transaction); a
    // dynamic session records what it added.
    template <class Obj>
    void put(Session& s, std::shared_ptr<const Obj> o);
    template <class Obj>
    void erase(Session& s, const std::shared_ptr<const Obj>& o) {
        stores_.get<Obj>().put(s.txn ? &s.txn->objects.get<Obj>() : nullptr, o->id, nullptr);
    }

    // ---- lookups through a session's view (its staged changes first) ----
    FilterRef filterById(const Session& s, uint64_t id) const { return byId<FilterObj>(s, id); }
    FilterRef filterByKey(const Session& s, const GUID& key) const { return byKey<FilterObj>(s, key); }
    SaContextRef contextById(const Session& s, uint64_t id) const;
    // Same, and starts loading everything emitContext will read.
    SaContextRef contextForOutput(const Session& s, uint64_t id) const;
    template <class Fn> void forEachFilter(const Session& s, Fn&& fn) const;
    template <class Fn> void forEachContext(const Session& s, Fn&& fn) const;
    // Upper bound of the contexts forEachContext visits (to reserve snapshots).
    size_t contextCount(const Session& s) const { return sa_.size() + (s.txn ? s.txn->contexts.size() : 0); }

    // ---- writes through a session (staged when it has a transaction) ----
    void putFilter(Session& s, FilterRef f) { put<FilterObj>(s, std::move(f)); }
    void eraseFilter(Session& s, const FilterRef& f) { erase<FilterObj>(s, f); }
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

    // Provider contexts (provider_contexts.h): their own store; releaseTxn and
    // closeSession call its hooks.
    ProviderContextStore providerContexts;

    uint64_t nextFilterId() { return nextFilterId_++; }
    uint64_t nextObjectId() { return nextObjectId_++; }  // providers and sublayers (internal order)
    UINT32 nextCalloutId() { return nextCalloutId_++; }
    uint64_t nextContextId() { return nextContextId_++; }

private:
    void releaseTxn(Session& s, bool commit);
    void reapDue();
    template <class Obj> void dropDynamic(Session& s) noexcept;

    uint64_t nextSessionId_ = 1, nextFilterId_ = 1, nextContextId_ = 1, nextObjectId_ = 1;
    UINT32 nextCalloutId_ = 1;
    uint64_t writer_ = 0;  // session holding a read/write transaction
    std::map<uint64_t, Session*> sessions_;
    std::unordered_map<GUID, HANDLE, GuidHash, GuidEq> sessionKeys_;
    PerObjectType<KeyedStore> stores_;
    SaContextStore sa_;
};

template <class Obj>
void Engine::put(Session& s, std::shared_ptr<const Obj> o) {
    uint64_t id = o->id;
    std::vector<uint64_t>& mine = s.dynamicObjects.get<Obj>();
    if (s.dynamic) mine.reserve(mine.size() + 1);
    stores_.get<Obj>().put(s.txn ? &s.txn->objects.get<Obj>() : nullptr, id, std::move(o));
    if (s.dynamic) mine.push_back(id);  // capacity reserved above
}

// Answers validation's questions about referenced objects through a
// session's view (marshal/validate.h knows nothing of the engine).
class SessionRefs final : public References {
public:
    SessionRefs(const Engine& e, const Session& s) : e_(e), s_(s) {}
    RefInfo provider(const GUID& key) const override { return info(e_.byKey<ProviderObj>(s_, key)); }
    RefInfo sublayer(const GUID& key) const override { return info(e_.byKey<SublayerObj>(s_, key)); }
    RefInfo callout(const GUID& key) const override {
        CalloutRef c = e_.byKey<CalloutObj>(s_, key);
        RefInfo r = info(c);
        if (c) r.layer = c->value().applicableLayer;
        return r;
    }

private:
    template <class O>
    static RefInfo info(const std::shared_ptr<const O>& o) {
        RefInfo r;
        if (!o) return r;
        r.found = true;
        r.builtin = o->builtin;
        r.persistent = o->persistent;
        r.dynamicOwner = o->dynamicOwner;
        return r;
    }
    const Engine& e_;
    const Session& s_;
};

// The lifetime an object added through session `s` gets.
inline Lifetime lifetimeIn(const Session& s, bool persistent) { return Lifetime{s.dynamic ? s.id : 0, persistent}; }

int64_t nowMs();

template <class Fn>
void Engine::atomically(Session& s, Fn&& fn) {
    if (s.txn) {
        fn();
        return;
    }
    s.txn = std::make_unique<Txn>();
    writer_ = s.id;  // beginWrite left it 0 or ours
    try {
        fn();
        releaseTxn(s, true);
    } catch (...) {
        if (s.txn) releaseTxn(s, false);
        throw;
    }
}

template <class Fn>
void Engine::forEachFilter(const Session& s, Fn&& fn) const {
    forEach<FilterObj>(s, fn);
}

template <class Fn>
void Engine::forEachContext(const Session& s, Fn&& fn) const {
    sa_.forEach(s.txn ? &s.txn->contexts : nullptr, fn);
}

}  // namespace fwpk
