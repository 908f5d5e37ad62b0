#include "engine/engine.h"
#include <algorithm>
#include <chrono>
#include <unistd.h>
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
    providerContexts.sessionClosed(s.id);
    while (EnumBase* e = s.enumerators) {
        s.unlink(e);
        handles.take(e->self, e->kind);  // destroys e
    }
    for (uint64_t id : s.dynamicFilters) {
        auto it = filters_.find(id);
        if (it != filters_.end() && it->second->dynamicOwner == s.id) applyFilter(id, nullptr);
    }
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

// Gives a staged node of a committed object back to its spares (value reset).
template <class Ref>
static void giveBack(std::map<uint64_t, Ref>& staged, typename std::map<uint64_t, Ref>::iterator it,
                     std::map<uint64_t, Ref>& spares) noexcept {
    auto node = staged.extract(it);
    node.mapped() = nullptr;
    spares.insert(std::move(node));
}

// Publishes (commit) or discards (abort) the staged changes.  Commit first
// allocates everything it needs, then moves staged nodes into the stores, so
// it is all-or-nothing even when memory runs out.  Abort allocates nothing:
// the staged nodes of committed objects go back to the spares.
void Engine::releaseTxn(Session& s, bool commit) {
    Txn& t = *s.txn;
    if (commit && !t.readOnly) {
        std::unordered_map<GUID, uint64_t, GuidHash, GuidEq> newKeys;
        std::map<uint64_t, FilterRef> newFilterSpares;
        std::map<uint64_t, SaContextRef> newContextSpares;
        std::multimap<int64_t, uint64_t> newExpirySpares;
        for (const auto& kv : t.filters) {
            auto c = filters_.find(kv.first);
            if (kv.second && c == filters_.end()) {
                newKeys.emplace(kv.second->key, kv.first);
                newFilterSpares.emplace(kv.first, nullptr);
            }
        }
        size_t newContexts = 0;
        for (const auto& kv : t.contexts) {
            auto c = contexts_.find(kv.first);
            bool wasExpiring = c != contexts_.end() && c->second->state == SaState::Expiring;
            bool expiring = kv.second && kv.second->state == SaState::Expiring;
            if (kv.second && c == contexts_.end()) {
                ++newContexts;
                newContextSpares.emplace(kv.first, nullptr);
                if (!expiring) newExpirySpares.emplace(int64_t(kv.first), kv.first);
            }
            // The expiry node comes from the context's spare; a context new in
            // this transaction gets one here.
            if (expiring && !wasExpiring && !expirySpares_.count(int64_t(kv.first)))
                expirySpares_.emplace(int64_t(kv.first), kv.first);  // harmless if commit fails later
        }
        filterKeys_.reserve(filterKeys_.size() + newKeys.size());
        orderReserve(newContexts);
        providerContexts.prepareCommit(s.id);
        // Nothing below allocates.
        filterSpares_.merge(newFilterSpares);
        contextSpares_.merge(newContextSpares);
        expirySpares_.merge(newExpirySpares);
        for (auto it = t.filters.begin(); it != t.filters.end();) {
            auto cur = it++;
            auto c = filters_.find(cur->first);
            FilterRef old = c != filters_.end() ? c->second : nullptr;
            if (old) {
                if (cur->second) {
                    c->second = cur->second;
                    giveBack(t.filters, cur, filterSpares_);
                } else {
                    filterKeys_.erase(old->key);
                    filters_.erase(c);  // its spare is the staged node, freed with the transaction
                }
            } else if (cur->second) {
                filterKeys_.insert(newKeys.extract(cur->second->key));
                filters_.insert(t.filters.extract(cur));
            }
        }
        for (auto it = t.contexts.begin(); it != t.contexts.end();) {
            auto cur = it++;
            auto c = contexts_.find(cur->first);
            SaContextRef neu = cur->second;
            SaContextRef old = c != contexts_.end() ? c->second : nullptr;
            if (neu && neu->state == SaState::Expiring && !(old && old->state == SaState::Expiring))
                addExpiry(neu->id, neu->expireAtMs);
            if (old) {
                if (neu) {
                    replaceContext(c, neu);
                    giveBack(t.contexts, cur, contextSpares_);
                } else {
                    orderErase(c->first);
                    contexts_.erase(c);
                    dropSpares(cur->first);
                }
            } else if (neu) {
                auto r = contexts_.insert(t.contexts.extract(cur));
                orderInsert(r.position);
            }
            account(old.get(), neu.get());
            if (old && !neu && old->state != SaState::Created) spis_.erase(old->spi);
        }
        providerContexts.commit(s.id);
    } else {
        for (IPSEC_SA_SPI spi : t.reservedSpis) spis_.erase(spi);
        for (auto it = t.filters.begin(); it != t.filters.end();) {
            auto cur = it++;
            if (filters_.count(cur->first)) giveBack(t.filters, cur, filterSpares_);
        }
        for (auto it = t.contexts.begin(); it != t.contexts.end();) {
            auto cur = it++;
            if (contexts_.count(cur->first)) giveBack(t.contexts, cur, contextSpares_);
        }
        providerContexts.abort(s.id);
    }
    if (writer_ == s.id) {
        writer_ = 0;
        writerReleased.notify_all();
    }
    s.txn.reset();
}

void Engine::addExpiry(uint64_t id, int64_t at) noexcept {
    auto sp = expirySpares_.find(int64_t(id));
    if (sp == expirySpares_.end()) return;  // not reached: callers make sure the spare exists
    auto node = expirySpares_.extract(sp);
    node.key() = at;
    expiry_.insert(std::move(node));
}

void Engine::dropSpares(uint64_t id) noexcept {
    contextSpares_.erase(id);
    expirySpares_.erase(int64_t(id));
}

// Stages v for id: in the node already staged, else in the object's spare
// (a committed object: no allocation), else in a new node (an object new
// in this transaction: may throw, nothing changed then).
template <class Ref>
static void stage(std::map<uint64_t, Ref>& staged, std::map<uint64_t, Ref>& spares, uint64_t id, Ref v) {
    auto it = staged.find(id);
    if (it != staged.end()) {
        it->second = std::move(v);
        return;
    }
    auto sp = spares.find(id);
    if (sp != spares.end()) {
        auto node = spares.extract(sp);
        node.mapped() = std::move(v);
        staged.insert(std::move(node));
        return;
    }
    staged.emplace(id, std::move(v));
}

// ---- views ---------------------------------------------------------------------

FilterRef Engine::filterById(const Session& s, uint64_t id) const {
    if (s.txn) {
        auto it = s.txn->filters.find(id);
        if (it != s.txn->filters.end()) return it->second;
    }
    auto it = filters_.find(id);
    return it != filters_.end() ? it->second : nullptr;
}

FilterRef Engine::filterByKey(const Session& s, const GUID& key) const {
    if (s.txn) {
        for (const auto& kv : s.txn->filters)
            if (kv.second && kv.second->key == key) return kv.second;
    }
    auto k = filterKeys_.find(key);
    if (k == filterKeys_.end()) return nullptr;
    return filterById(s, k->second);  // may be deleted in the session's view
}

SaContextRef Engine::contextById(const Session& s, uint64_t id) const {
    if (s.txn) {
        auto it = s.txn->contexts.find(id);
        if (it != s.txn->contexts.end()) return it->second;
    }
    const IndexedContext* r = byId_.find(id);
    return r ? r->ref : nullptr;
}

SaContextRef Engine::contextForOutput(const Session& s, uint64_t id) const {
    if (s.txn) return contextById(s, id);
    const IndexedContext* r = byId_.find(id);
    if (!r) return nullptr;
    // From 16 bytes before the object: make_shared puts the reference
    // counts there (a hint only; a wrong guess costs one wasted prefetch).
    prefetchLines(reinterpret_cast<const void*>(reinterpret_cast<uintptr_t>(r->ref.get()) - 16), sizeof(SaContextObj) + 16);
    for (int i = 0; i < 2; ++i) {
        if (r->bundleObj[i]) __builtin_prefetch(r->bundleObj[i]);
        if (r->bundle[i]) prefetchLines(r->bundle[i], 256);  // the usual size of a bundle block
    }
    return r->ref;
}

Engine::IndexedContext Engine::indexed(ContextNode node) noexcept {
    IndexedContext x;
    x.ref = node->second;
    x.node = node;
    const SaContextObj& c = *node->second;
    x.bundleObj[0] = c.in.bundle.get();
    x.bundleObj[1] = c.out.bundle.get();
    x.bundle[0] = c.in.bundle ? c.in.bundle->block.get() : nullptr;
    x.bundle[1] = c.out.bundle ? c.out.bundle->block.get() : nullptr;
    return x;
}

Engine::ContextNode Engine::committed(uint64_t id) noexcept {
    const IndexedContext* r = byId_.find(id);
    return r ? r->node : contexts_.end();
}

// ---- writes ------------------------------------------------------------------

void Engine::putFilter(Session& s, FilterRef f) {
    uint64_t id = f->id;
    if (s.dynamic) s.dynamicFilters.reserve(s.dynamicFilters.size() + 1);
    if (s.txn) {
        stage(s.txn->filters, filterSpares_, id, std::move(f));
    } else {
        applyFilter(id, f);
    }
    if (s.dynamic) s.dynamicFilters.push_back(id);  // capacity reserved above
}

void Engine::eraseFilter(Session& s, const FilterRef& f) {
    if (s.txn) stage(s.txn->filters, filterSpares_, f->id, FilterRef());
    else applyFilter(f->id, nullptr);
}

void Engine::applyFilter(uint64_t id, const FilterRef& neu) {
    auto c = filters_.find(id);
    if (c == filters_.end()) {
        if (!neu) return;
        // A new filter: its spare first (teardown reserve), then the key and the filter.
        auto sp = filterSpares_.emplace(id, nullptr).first;
        try {
            auto k = filterKeys_.emplace(neu->key, id).first;
            try {
                filters_.emplace(id, neu);
            } catch (...) {
                filterKeys_.erase(k);
                throw;
            }
        } catch (...) {
            filterSpares_.erase(sp);
            throw;
        }
    } else if (neu) {
        c->second = neu;
    } else {
        filterKeys_.erase(c->second->key);
        filters_.erase(c);
        filterSpares_.erase(id);
    }
}

void Engine::putContext(Session& s, SaContextRef c) {
    uint64_t id = c->id;
    if (s.txn) stage(s.txn->contexts, contextSpares_, id, std::move(c));
    else applyContext(id, c);
}

void Engine::eraseContext(Session& s, const SaContextRef& c) {
    if (s.txn) stage(s.txn->contexts, contextSpares_, c->id, SaContextRef());
    else applyContext(c->id, nullptr);
}

// Changes the committed store.  Only a new context allocates (its nodes and
// its teardown reserve); a change or a removal of an existing one does not.
void Engine::applyContext(uint64_t id, const SaContextRef& neu) {
    auto c = committed(id);
    SaContextRef old = c != contexts_.end() ? c->second : nullptr;
    bool toExpiring = neu && neu->state == SaState::Expiring && !(old && old->state == SaState::Expiring);
    if (!old) {
        if (!neu) return;
        orderReserve(1);  // may throw; nothing changed yet
        std::map<uint64_t, SaContextRef> spare;
        std::multimap<int64_t, uint64_t> expirySpare;
        spare.emplace(id, nullptr);
        expirySpare.emplace(int64_t(id), id);
        auto r = contexts_.emplace(id, neu).first;  // may throw; nothing changed yet
        // Nothing below allocates.
        orderInsert(r);
        contextSpares_.merge(spare);
        expirySpares_.merge(expirySpare);
        if (toExpiring) addExpiry(id, neu->expireAtMs);
    } else if (neu) {
        if (toExpiring) addExpiry(id, neu->expireAtMs);
        replaceContext(c, neu);
    } else {
        orderErase(id);
        contexts_.erase(c);
        dropSpares(id);
    }
    account(old.get(), neu.get());
    if (old && !neu && old->state != SaState::Created) spis_.erase(old->spi);
}

void Engine::orderReserve(size_t extra) {
    size_t need = order_.size() + extra;
    if (need > order_.capacity()) order_.reserve(std::max(need, 2 * order_.capacity()));
    byId_.reserve(contexts_.size() + extra);
}

void Engine::replaceContext(ContextNode c, const SaContextRef& neu) noexcept {
    c->second = neu;
    byId_.put(c->first, indexed(c));  // an existing entry: no allocation
}

void Engine::orderInsert(ContextNode c) noexcept {
    byId_.put(c->first, indexed(c));
    uint64_t id = c->first;
    const SaContextRef* ref = &c->second;
    // Ids are handed out in increasing order, so this is an append; the
    // general case keeps the order (capacity is reserved: no allocation).
    if (order_.empty() || order_.back().id < id) {
        order_.push_back({id, ref});
        return;
    }
    auto at = std::lower_bound(order_.begin(), order_.end(), id,
                               [](const OrderSlot& o, uint64_t k) { return o.id < k; });
    if (at != order_.end() && at->id == id) {  // a nulled slot of the same id
        if (!at->ref) --orderHoles_;
        at->ref = ref;
        return;
    }
    order_.insert(at, OrderSlot{id, ref});
}

void Engine::orderErase(uint64_t id) noexcept {
    byId_.erase(id);
    auto at = std::lower_bound(order_.begin(), order_.end(), id,
                               [](const OrderSlot& o, uint64_t k) { return o.id < k; });
    if (at == order_.end() || at->id != id || !at->ref) return;
    at->ref = nullptr;
    if (++orderHoles_ * 2 > order_.size()) {  // amortised O(1); in place
        order_.erase(std::remove_if(order_.begin(), order_.end(), [](const OrderSlot& o) { return !o.ref; }),
                     order_.end());
        orderHoles_ = 0;
    }
}

void Engine::reserveSpi(Session& s, IPSEC_SA_SPI spi) {
    if (s.txn) s.txn->reservedSpis.reserve(s.txn->reservedSpis.size() + 1);
    spis_.insert(spi);
    if (s.txn) s.txn->reservedSpis.push_back(spi);
}

void Engine::unreserveSpi(Session& s, IPSEC_SA_SPI spi) noexcept {
    spis_.erase(spi);
    if (s.txn && !s.txn->reservedSpis.empty() && s.txn->reservedSpis.back() == spi) s.txn->reservedSpis.pop_back();
}

// Statistics are kept as running sums over the committed store: each change
// from `old` to `neu` (either may be null) adjusts them by the difference.
void Engine::account(const SaContextObj* old, const SaContextObj* neu) {
    auto sas = [](const SaContextObj* c) -> int64_t { return c ? (c->in.bundle ? 1 : 0) + (c->out.bundle ? 1 : 0) : 0; };
    auto pending = [](const SaContextObj* c) -> int64_t { return c && !c->out.bundle && c->state != SaState::Expiring; };
    auto tunnel = [&](const SaContextObj* c) -> int64_t {
        return c && sas(c) && c->out.traffic.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL;
    };
    auto has = [](const SaContextObj* c, bool inbound) { return c && (inbound ? c->in.bundle : c->out.bundle); };
    counters_.activeSas += uint64_t(sas(neu) - sas(old));
    counters_.pending += uint64_t(pending(neu) - pending(old));
    counters_.activeTunnels += uint64_t(tunnel(neu) - tunnel(old));
    for (bool inbound : {true, false}) {
        if (has(neu, inbound) && !has(old, inbound)) ++counters_.totalAdded;
        if (has(old, inbound) && !has(neu, inbound)) ++counters_.totalDeleted;
    }
}

void Engine::reap() {
    if (expiry_.empty()) return;
    int64_t now = nowMs();
    const Txn* staged = nullptr;
    if (writer_)
        if (auto it = sessions_.find(writer_); it != sessions_.end()) staged = it->second->txn.get();
    for (auto e = expiry_.begin(); e != expiry_.end() && e->first <= now;) {
        uint64_t id = e->second;
        auto c = contexts_.find(id);
        bool due = c != contexts_.end() && c->second->state == SaState::Expiring && c->second->expireAtMs <= now;
        if (due && staged && staged->contexts.count(id)) {
            ++e;  // the open transaction decides this context's fate
            continue;
        }
        e = expiry_.erase(e);
        if (due) applyContext(id, nullptr);
    }
}

}  // namespace fwpk
