// Staging of a transaction's changes in map nodes that, for committed
// objects, come from and go back to a per-object spare node, so that staging
// a delete and aborting allocate nothing (docs/design.md, "Teardown needs no
// memory").  Shared by every store.
#pragma once
#include <cstdint>
#include <map>
#include <utility>

namespace fwpk {

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

// Stages v for id: in the node already staged, else in the object's spare
// (a committed object: no allocation), else in a new node (an object new
// in this transaction: may throw, nothing changed then).
template <class Ref>
void stage(std::map<uint64_t, Ref>& staged, std::map<uint64_t, Ref>& spares, uint64_t id, Ref v) {
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

// Gives a staged node of a committed object back to its spares (value reset).
template <class Ref>
void giveBack(std::map<uint64_t, Ref>& staged, typename std::map<uint64_t, Ref>::iterator it,
              std::map<uint64_t, Ref>& spares) noexcept {
    auto node = staged.extract(it);
    node.mapped() = nullptr;
    spares.insert(std::move(node));
}

}  // namespace fwpk
