#include "engine/engine.h"
#include <algorithm>
#include <chrono>
#include <unistd.h>
#include "marshal/catalogue.h"
#include "marshal/copy.h"

namespace fwpk {

int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Engine& Engine::instance() {
    // Never destroyed: like BFE, the engine outlives its clients, and a
    // client thread may still call in while static destructors run.
    static Engine* engine = new Engine();
    return *engine;
}

// The catalogue's providers, sublayers and callouts are committed objects
// from the start, marked built-in (concepts/object-management.md: "Built-in
// objects are predefined by BFE and cannot be added or deleted").
template <class T, class Copy, class IdOf>
static void addBuiltins(KeyedStore<StoredObj<T>>& store, const T* table, size_t n, Copy copy, IdOf idOf) {
    for (size_t i = 0; i < n; ++i) {
        auto o = std::make_shared<StoredObj<T>>();
        o->id = idOf(table[i]);
        std::memcpy(&o->key, &table[i], sizeof(GUID));  // the key is each of these structures' first member
        o->builtin = true;
        o->persistent = true;
        o->block = build([&](Builder& b) { copy(b, *b.make<T>(), table[i]); }, &o->size);
        store.apply(o->id, o);
    }
}

Engine::Engine() {
    auto next = [this](const auto&) { return nextObjectId_++; };
    addBuiltins(stores_.providers, kBuiltinProviders, kBuiltinProviderCount, copyProvider, next);
    addBuiltins(stores_.sublayers, kBuiltinSublayers, kBuiltinSublayerCount, copySublayer, next);
    addBuiltins(stores_.callouts, kBuiltinCallouts, kBuiltinCalloutCount, copyCallout,
                [](const FWPM_CALLOUT0& c) { return uint64_t(c.calloutId); });
    for (size_t i = 0; i < kBuiltinCalloutCount; ++i)
        nextCalloutId_ = std::max(nextCalloutId_, kBuiltinCallouts[i].calloutId + 1);
}

// ---- sessions ---------------------------------------------------------------

static const UINT32 kDefaultTxnWaitMs = 15000;  // concepts/object-management.md: "defaults to 15 seconds"

HANDLE Engine::openSession(const FWPM_SESSION0* options) {
    FWPM_SESSION0 o{};
    if (options) o = *options;
    require((o.flags & ~FWPM_SESSION_FLAG_DYNAMIC) == 0, FWP_E_INVALID_FLAGS);
    if (isZero(o.sessionKey)) {
        do o.sessionKey = randomGuid();
        while (sessionKeys_.count(o.sessionKey));
    } else {
        require(sessionKeys_.count(o.sessionKey) == 0, FWP_E_ALREADY_EXISTS);
    }
    o.processId = DWORD(::getpid());
    o.sid = nullptr;
    o.username = nullptr;
    o.kernelMode = 1;

    auto s = std::make_unique<Session>();
    s->dynamic = (o.flags & FWPM_SESSION_FLAG_DYNAMIC) != 0;
    s->txnWaitMs = o.txnWaitTimeoutInMSec;
    auto info = std::make_shared<SessionInfo>();
    info->block = build([&](Builder& b) { copySession(b, *b.make<FWPM_SESSION0>(), o); }, &info->size);
    s->info = std::move(info);
    s->id = nextSessionId_;
    Session* raw = s.get();

    HANDLE h = handles.insert(std::move(s));
    try {
        sessions_.emplace(raw->id, raw);
        try {
            sessionKeys_.emplace(o.sessionKey, h);
        } catch (...) {
            sessions_.erase(raw->id);
            throw;
        }
    } catch (...) {
        handles.take(h, HandleKind::Session);
        throw;
    }
    ++nextSessionId_;
    return h;
}

Session& Engine::session(HANDLE h) {
    auto* s = static_cast<Session*>(handles.find(h, HandleKind::Session));
    require(s != nullptr, STATUS_INVALID_HANDLE);
    return *s;
}

void Engine::closeSession(HANDLE h) {
    std::unique_ptr<HandleObject> obj = handles.take(h, HandleKind::Session);
    require(obj != nullptr, STATUS_INVALID_HANDLE);
    Session& s = static_cast<Session&>(*obj);
    if (s.txn) releaseTxn(s, false);
    while (EnumBase* e = s.enumerators) {
        s.unlink(e);
        handles.take(e->self, e->kind);  // destroys e
    }
    // Referrers before what they refer to.
    dropDynamic<FilterObj>(s);
    dropDynamic<CalloutObj>(s);
    dropDynamic<SublayerObj>(s);
    dropDynamic<ProviderObj>(s);
    sessions_.erase(s.id);
    sessionKeys_.erase(static_cast<const FWPM_SESSION0*>(s.info->block.get())->sessionKey);
    writerReleased.notify_all();  // threads of this session waiting to write fail now
}

std::vector<SessionInfoRef> Engine::sessionsSnapshot() const {
    std::vector<SessionInfoRef> v;
    v.reserve(sessions_.size());
    for (const auto& kv : sessions_) v.push_back(kv.second->info);
    return v;
}

// ---- transactions -------------------------------------------------------------

Session& Engine::beginWrite(Lock& lk, HANDLE h) {
    Session* s = &session(h);
    require(!(s->txn && s->txn->readOnly), FWP_E_INCOMPATIBLE_TXN);
    if (writer_ == 0 || writer_ == s->id) return *s;
    UINT32 wait = s->txnWaitMs ? s->txnWaitMs : kDefaultTxnWaitMs;
    // Wakes when the writer is gone or when this session is closed (closeSession
    // notifies).  Only the handle is consulted: `s` may be freed by then.
    auto done = [&] { return writer_ == 0 || handles.find(h, HandleKind::Session) == nullptr; };
    if (wait == 0xFFFFFFFFu)
        writerReleased.wait(lk, done);
    else
        writerReleased.wait_for(lk, std::chrono::milliseconds(wait), done);
    s = &session(h);  // closed while we waited: STATUS_INVALID_HANDLE
    require(!(s->txn && s->txn->readOnly), FWP_E_INCOMPATIBLE_TXN);
    require(writer_ == 0 || writer_ == s->id, FWP_E_TIMEOUT);
    return *s;
}

void Engine::txnBegin(Lock& lk, HANDLE h, UINT32 flags) {
    Session* s = &session(h);
    require(!s->txn, FWP_E_TXN_IN_PROGRESS);
    require((flags & ~FWPM_TXN_READ_ONLY) == 0, FWP_E_INVALID_FLAGS);
    auto t = std::make_unique<Txn>();
    t->readOnly = (flags & FWPM_TXN_READ_ONLY) != 0;
    if (!t->readOnly) {
        s = &beginWrite(lk, h);
        require(!s->txn, FWP_E_TXN_IN_PROGRESS);  // another thread of this session won the race
        writer_ = s->id;
    }
    s->txn = std::move(t);
}

void Engine::txnCommit(HANDLE h) {
    Session& s = session(h);
    require(s.txn != nullptr, FWP_E_NO_TXN_IN_PROGRESS);
    releaseTxn(s, true);
}

void Engine::txnAbort(HANDLE h) {
    Session& s = session(h);
    require(s.txn != nullptr, FWP_E_NO_TXN_IN_PROGRESS);
    releaseTxn(s, false);
}

// Publishes (commit) or discards (abort) the staged changes.  Commit first
// allocates everything it needs, then moves staged nodes into the stores, so
// it is all-or-nothing even when memory runs out.  Abort allocates nothing:
// the staged nodes of committed objects go back to the spares.
void Engine::releaseTxn(Session& s, bool commit) {
    Txn& t = *s.txn;
    PerObjectType<StagedMap>& o = t.objects;
    if (commit && !t.readOnly) {
        auto filterPlan = stores_.filters.prepareCommit(o.filters);
        auto providerPlan = stores_.providers.prepareCommit(o.providers);
        auto sublayerPlan = stores_.sublayers.prepareCommit(o.sublayers);
        auto calloutPlan = stores_.callouts.prepareCommit(o.callouts);
        SaContextStore::CommitPlan contextPlan = sa_.prepareCommit(t.contexts);
        // Nothing below allocates.
        stores_.filters.commit(o.filters, filterPlan);
        stores_.providers.commit(o.providers, providerPlan);
        stores_.sublayers.commit(o.sublayers, sublayerPlan);
        stores_.callouts.commit(o.callouts, calloutPlan);
        sa_.commit(t.contexts, contextPlan);
    } else {
        for (IPSEC_SA_SPI spi : t.reservedSpis) sa_.eraseSpi(spi);
        stores_.filters.abort(o.filters);
        stores_.providers.abort(o.providers);
        stores_.sublayers.abort(o.sublayers);
        stores_.callouts.abort(o.callouts);
        sa_.abort(t.contexts);
    }
    if (writer_ == s.id) {
        writer_ = 0;
        writerReleased.notify_all();
    }
    s.txn.reset();
}

// ---- views ---------------------------------------------------------------------

SaContextRef Engine::contextById(const Session& s, uint64_t id) const {
    if (s.txn) {
        auto it = s.txn->contexts.find(id);
        if (it != s.txn->contexts.end()) return it->second;
    }
    return sa_.find(id);
}

SaContextRef Engine::contextForOutput(const Session& s, uint64_t id) const {
    if (s.txn) return contextById(s, id);
    return sa_.findForOutput(id);
}

// ---- writes ------------------------------------------------------------------

template <class Obj>
void Engine::dropDynamic(Session& s) noexcept {
    KeyedStore<Obj>& store = stores_.get<Obj>();
    for (uint64_t id : s.dynamicObjects.get<Obj>()) {
        auto o = store.byId(nullptr, id);
        if (o && o->dynamicOwner == s.id) store.apply(id, nullptr);  // a removal: frees only
    }
}

void Engine::putContext(Session& s, SaContextRef c) {
    uint64_t id = c->id;
    if (s.txn) sa_.stage(s.txn->contexts, id, std::move(c));
    else sa_.apply(id, c);
}

void Engine::eraseContext(Session& s, const SaContextRef& c) {
    if (s.txn) sa_.stage(s.txn->contexts, c->id, SaContextRef());
    else sa_.apply(c->id, nullptr);
}

void Engine::reserveSpi(Session& s, IPSEC_SA_SPI spi) {
    if (s.txn) s.txn->reservedSpis.reserve(s.txn->reservedSpis.size() + 1);
    sa_.insertSpi(spi);
    if (s.txn) s.txn->reservedSpis.push_back(spi);
}

void Engine::unreserveSpi(Session& s, IPSEC_SA_SPI spi) noexcept {
    sa_.eraseSpi(spi);
    if (s.txn && !s.txn->reservedSpis.empty() && s.txn->reservedSpis.back() == spi) s.txn->reservedSpis.pop_back();
}

void Engine::reapDue() {
    int64_t now = nowMs();
    const Txn* staged = nullptr;
    if (writer_)
        if (auto it = sessions_.find(writer_); it != sessions_.end()) staged = it->second->txn.get();
    sa_.reap(now, staged ? &staged->contexts : nullptr);
}

}  // namespace fwpk
