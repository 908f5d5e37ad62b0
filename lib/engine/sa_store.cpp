#include "engine/sa_store.h"
#include <algorithm>

namespace fwpk {

SaContextRef SaContextStore::findForOutput(uint64_t id) const noexcept {
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

SaContextStore::IndexedContext SaContextStore::indexed(Node node) noexcept {
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

SaContextStore::Node SaContextStore::committed(uint64_t id) noexcept {
    const IndexedContext* r = byId_.find(id);
    return r ? r->node : contexts_.end();
}

void SaContextStore::apply(uint64_t id, const SaContextRef& neu) {
    auto c = committed(id);
    SaContextRef old = c != contexts_.end() ? c->second : nullptr;
    bool toExpiring = neu && neu->state == SaState::Expiring && !(old && old->state == SaState::Expiring);
    if (!old) {
        if (!neu) return;
        orderReserve(1);  // may throw; nothing changed yet
        Map spare;
        std::multimap<int64_t, uint64_t> expirySpare;
        spare.emplace(id, nullptr);
        expirySpare.emplace(int64_t(id), id);
        auto r = contexts_.emplace(id, neu).first;  // may throw; nothing changed yet
        // Nothing below allocates.
        orderInsert(r);
        spares_.merge(spare);
        expirySpares_.merge(expirySpare);
        if (toExpiring) addExpiry(id, neu->expireAtMs);
    } else if (neu) {
        if (toExpiring) addExpiry(id, neu->expireAtMs);
        replace(c, neu);
    } else {
        orderErase(id);
        contexts_.erase(c);
        dropSpares(id);
    }
    account(old.get(), neu.get());
    if (old && !neu && old->state != SaState::Created) spis_.erase(old->spi);
}

SaContextStore::CommitPlan SaContextStore::prepareCommit(const Map& staged) {
    CommitPlan plan;
    size_t added = 0;
    for (const auto& kv : staged) {
        auto c = contexts_.find(kv.first);
        bool wasExpiring = c != contexts_.end() && c->second->state == SaState::Expiring;
        bool expiring = kv.second && kv.second->state == SaState::Expiring;
        if (kv.second && c == contexts_.end()) {
            ++added;
            plan.spares.emplace(kv.first, nullptr);
            if (!expiring) plan.expirySpares.emplace(int64_t(kv.first), kv.first);
        }
        // The expiry node comes from the context's spare; a context new in
        // this transaction gets one here.
        if (expiring && !wasExpiring && !expirySpares_.count(int64_t(kv.first)))
            expirySpares_.emplace(int64_t(kv.first), kv.first);  // harmless if commit fails later
    }
    orderReserve(added);
    return plan;
}

void SaContextStore::commit(Map& staged, CommitPlan& plan) noexcept {
    spares_.merge(plan.spares);
    expirySpares_.merge(plan.expirySpares);
    for (auto it = staged.begin(); it != staged.end();) {
        auto cur = it++;
        auto c = contexts_.find(cur->first);
        SaContextRef neu = cur->second;
        SaContextRef old = c != contexts_.end() ? c->second : nullptr;
        if (neu && neu->state == SaState::Expiring && !(old && old->state == SaState::Expiring))
            addExpiry(neu->id, neu->expireAtMs);
        if (old) {
            if (neu) {
                replace(c, neu);
                giveBack(staged, cur, spares_);
            } else {
                orderErase(c->first);
                contexts_.erase(c);
                dropSpares(cur->first);
            }
        } else if (neu) {
            auto r = contexts_.insert(staged.extract(cur));
            orderInsert(r.position);
        }
        account(old.get(), neu.get());
        if (old && !neu && old->state != SaState::Created) spis_.erase(old->spi);
    }
}

void SaContextStore::abort(Map& staged) noexcept {
    for (auto it = staged.begin(); it != staged.end();) {
        auto cur = it++;
        if (contexts_.count(cur->first)) giveBack(staged, cur, spares_);
    }
}

void SaContextStore::addExpiry(uint64_t id, int64_t at) noexcept {
    auto sp = expirySpares_.find(int64_t(id));
    if (sp == expirySpares_.end()) return;  // not reached: callers make sure the spare exists
    auto node = expirySpares_.extract(sp);
    node.key() = at;
    expiry_.insert(std::move(node));
}

void SaContextStore::dropSpares(uint64_t id) noexcept {
    spares_.erase(id);
    expirySpares_.erase(int64_t(id));
}

void SaContextStore::orderReserve(size_t extra) {
    size_t need = order_.size() + extra;
    if (need > order_.capacity()) order_.reserve(std::max(need, 2 * order_.capacity()));
    byId_.reserve(contexts_.size() + extra);
}

void SaContextStore::replace(Node c, const SaContextRef& neu) noexcept {
    c->second = neu;
    byId_.put(c->first, indexed(c));  // an existing entry: no allocation
}

void SaContextStore::orderInsert(Node c) noexcept {
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

void SaContextStore::orderErase(uint64_t id) noexcept {
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

// Statistics are kept as running sums over the committed store: each change
// from `old` to `neu` (either may be null) adjusts them by the difference.
void SaContextStore::account(const SaContextObj* old, const SaContextObj* neu) noexcept {
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

void SaContextStore::reap(int64_t now, const Map* staged) {
    for (auto e = expiry_.begin(); e != expiry_.end() && e->first <= now;) {
        uint64_t id = e->second;
        auto c = contexts_.find(id);
        bool due = c != contexts_.end() && c->second->state == SaState::Expiring && c->second->expireAtMs <= now;
        if (due && staged && staged->count(id)) {
            ++e;  // the open transaction decides this context's fate
            continue;
        }
        e = expiry_.erase(e);
        if (due) apply(id, nullptr);
    }
}

}  // namespace fwpk
