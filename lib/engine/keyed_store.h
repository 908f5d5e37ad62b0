// A store of immutable objects that have an id and a GUID key (filters,
// providers, sublayers, callouts): the committed map in id order, the key
// index and the teardown reserve (one spare staging node per committed
// object, docs/design.md "Teardown needs no memory").  The engine lock
// guards it; a transaction's changes are a Map of staged versions
// (null = deleted) that the caller owns and passes in.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include "engine/staging.h"
#include "marshal/guids.h"

namespace fwpk {

template <class Obj>
class KeyedStore {
public:
    using Ref = std::shared_ptr<const Obj>;
    using Map = std::map<uint64_t, Ref>;

    // Through a session's view: its staged changes (may be null) first.
    Ref byId(const Map* staged, uint64_t id) const {
        if (staged) {
            auto it = staged->find(id);
            if (it != staged->end()) return it->second;
        }
        auto it = objs_.find(id);
        return it != objs_.end() ? it->second : nullptr;
    }
    Ref byKey(const Map* staged, const GUID& key) const {
        if (staged) {
            for (const auto& kv : *staged)
                if (kv.second && kv.second->key == key) return kv.second;
        }
        auto k = keys_.find(key);
        if (k == keys_.end()) return nullptr;
        return byId(staged, k->second);  // may be deleted in the session's view
    }
    template <class Fn>
    void forEach(const Map* staged, Fn&& fn) const {
        if (!staged || staged->empty()) {
            for (const auto& kv : objs_) fn(kv.second);
            return;
        }
        walkWithStaged(objs_, *staged, fn);
    }

    // Stages v (null: a delete) for id, from the object's spare node if it
    // is committed (no allocation then); without a transaction applies it.
    void put(Map* staged, uint64_t id, Ref v) {
        if (staged) stage(*staged, spares_, id, std::move(v));
        else apply(id, v);
    }

    // Changes the committed store.  Only a new object allocates (its nodes
    // and its spare, all before it is published); a removal only frees.
    void apply(uint64_t id, const Ref& neu) {
        auto c = objs_.find(id);
        if (c == objs_.end()) {
            if (!neu) return;
            auto sp = spares_.emplace(id, nullptr).first;
            try {
                auto k = keys_.emplace(neu->key, id).first;
                try {
                    objs_.emplace(id, neu);
                } catch (...) {
                    keys_.erase(k);
                    throw;
                }
            } catch (...) {
                spares_.erase(sp);
                throw;
            }
        } else if (neu) {
            c->second = neu;
        } else {
            keys_.erase(c->second->key);
            objs_.erase(c);
            spares_.erase(id);
        }
    }

    // Commit in two steps: prepareCommit allocates all a commit needs (may
    // throw, nothing changed), commit moves the staged nodes in and cannot fail.
    struct CommitPlan {
        std::unordered_map<GUID, uint64_t, GuidHash, GuidEq> keys;
        Map spares;
    };
    CommitPlan prepareCommit(const Map& staged) {
        CommitPlan plan;
        for (const auto& kv : staged) {
            if (kv.second && !objs_.count(kv.first)) {
                plan.keys.emplace(kv.second->key, kv.first);
                plan.spares.emplace(kv.first, nullptr);
            }
        }
        keys_.reserve(keys_.size() + plan.keys.size());
        return plan;
    }
    void commit(Map& staged, CommitPlan& plan) noexcept {
        spares_.merge(plan.spares);
        for (auto it = staged.begin(); it != staged.end();) {
            auto cur = it++;
            auto c = objs_.find(cur->first);
            if (c != objs_.end()) {
                if (cur->second) {
                    c->second = cur->second;
                    giveBack(staged, cur, spares_);
                } else {
                    keys_.erase(c->second->key);
                    objs_.erase(c);  // its spare is the staged node, freed with the transaction
                }
            } else if (cur->second) {
                keys_.insert(plan.keys.extract(cur->second->key));
                objs_.insert(staged.extract(cur));
            }
        }
    }
    // Returns the staged nodes of committed objects to their spares.
    void abort(Map& staged) noexcept {
        for (auto it = staged.begin(); it != staged.end();) {
            auto cur = it++;
            if (objs_.count(cur->first)) giveBack(staged, cur, spares_);
        }
    }

private:
    Map objs_;
    std::unordered_map<GUID, uint64_t, GuidHash, GuidEq> keys_;
    Map spares_;  // key = id of a committed object the open transaction has not staged
};

}  // namespace fwpk
