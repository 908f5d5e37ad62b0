#include "engine/handle_table.h"
#include <new>

namespace fwpk {

// value = generation:28 | kind:4 (high 32 bits) | index + 1 (low 32 bits).
// The low half is never 0, so no handle is NULL; no kind is 15 (all four
// bits set), so no handle is INVALID_HANDLE_VALUE (all ones).
static uint64_t encode(uint32_t index, uint32_t generation, HandleKind kind) {
    uint64_t high = (uint64_t(generation) << 4) | uint64_t(kind);  // generation < 2^28
    return (high << 32) | (uint64_t(index) + 1);
}

HANDLE HandleTable::insert(std::unique_ptr<HandleObject> object) {
    uint32_t index;
    if (free_.empty()) {
        if (slots_.size() >= 0xFFFFFFFEu) throw std::bad_alloc();  // index + 1 must fit 32 bits
        // Reserve first: if it came after emplace_back and threw, the new
        // slot would be in neither list and never be used again.
        free_.reserve(slots_.size() + 1);  // so take() never allocates
        slots_.emplace_back();  // may throw; nothing changed then (but capacity)
        index = uint32_t(slots_.size() - 1);
        free_.push_back(index);
    }
    index = free_.back();
    free_.pop_back();
    Slot& s = slots_[index];
    HandleKind kind = object->kind;
    s.object = std::move(object);
    return reinterpret_cast<HANDLE>(uintptr_t(encode(index, s.generation, kind)));
}

bool HandleTable::decode(HANDLE h, HandleKind kind, uint32_t& index) const noexcept {
    uint64_t v = uint64_t(reinterpret_cast<uintptr_t>(h));
    uint32_t low = uint32_t(v);
    uint32_t high = uint32_t(v >> 32);
    if (low == 0 || low > slots_.size()) return false;
    index = low - 1;
    const Slot& s = slots_[index];
    if (!s.object || s.object->kind != kind) return false;
    return high == ((s.generation << 4) | uint32_t(kind));  // a live slot's generation < 2^28
}

HandleObject* HandleTable::find(HANDLE h, HandleKind kind) const noexcept {
    uint32_t index;
    return decode(h, kind, index) ? slots_[index].object.get() : nullptr;
}

std::unique_ptr<HandleObject> HandleTable::take(HANDLE h, HandleKind kind) noexcept {
    uint32_t index;
    if (!decode(h, kind, index)) return nullptr;
    Slot& s = slots_[index];
    // The old value is stale from now on.  A slot whose next generation would
    // wrap is retired (never handed out again): reusing it would make an old
    // handle value valid again.  Costs one idle slot per 2^28 releases.
    if (++s.generation < kGenerations) free_.push_back(index);  // capacity reserved in insert()
    return std::move(s.object);
}

}  // namespace fwpk
