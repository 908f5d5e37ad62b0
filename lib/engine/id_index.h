// A hash index from a non-zero 64-bit id to a small value, kept beside the
// ordered SA-context store so that a lookup by id costs one probe into a
// flat array instead of ~17 dependent node hops of a std::map (each a cache
// and TLB miss once the store outgrows the caches: ~2.5 µs at 1e5 contexts).
//
// Open addressing, linear probing, backward-shift deletion (no tombstones).
// Only reserve() allocates; put() and erase() are noexcept once capacity is
// reserved, so the store can publish a change without allocating after it
// becomes visible (docs/design.md, "Failure safety").
#pragma once
#include <sys/mman.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>

namespace fwpk {

template <class V>
class IdIndex {
public:
    // Makes room for `n` entries in total; may throw std::bad_alloc, in
    // which case the index is unchanged.
    void reserve(size_t n) {
        if (n <= limit_) return;
        size_t cap = slots_ ? 2 * (mask_ + 1) : 16;
        while (n > cap / 16 * 13) cap *= 2;
        Table old(cap);  // the only step that may throw
        table_.swap(old);
        size_t oldCap = old.cap;
        Slot* oldSlots = old.slots;
        slots_ = table_.slots;
        mask_ = cap - 1;
        shift_ = 64;
        for (size_t c = cap; c > 1; c >>= 1) --shift_;
        limit_ = cap / 16 * 13;
        size_ = 0;
        for (size_t i = 0; i < oldCap; ++i)
            if (oldSlots[i].id) place(oldSlots[i].id, std::move(oldSlots[i].value));
    }

    // The value stored for `id`, or nullptr.
    const V* find(uint64_t id) const noexcept {
        if (!slots_ || id == 0) return nullptr;
        for (size_t i = home(id);; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.id == id) return &s.value;
            if (s.id == 0) return nullptr;
        }
    }

    // Inserts or replaces.  Capacity for a new entry must have been reserved.
    void put(uint64_t id, V value) noexcept {
        for (size_t i = home(id);; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.id == id) {
                s.value = std::move(value);
                return;
            }
            if (s.id == 0) {
                s.id = id;
                s.value = std::move(value);
                ++size_;
                return;
            }
        }
    }

    void erase(uint64_t id) noexcept {
        if (!slots_ || id == 0) return;
        size_t i = home(id);
        while (slots_[i].id != id) {
            if (slots_[i].id == 0) return;
            i = (i + 1) & mask_;
        }
        // Shift later members of the probe run back into the gap, so that
        // every entry stays reachable from its home slot without tombstones.
        for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
            Slot& s = slots_[j];
            if (s.id == 0) break;
            size_t h = home(s.id);
            // s may move to i only if i lies cyclically in [h, j).
            if (((j - h) & mask_) >= ((j - i) & mask_)) {
                slots_[i].id = s.id;
                slots_[i].value = std::move(s.value);
                i = j;
            }
        }
        slots_[i].id = 0;
        slots_[i].value = V{};
        --size_;
    }

    size_t size() const noexcept { return size_; }

private:
    struct Slot {
        uint64_t id = 0;  // 0 = empty (ids start at 1)
        V value{};
    };
    // Fibonacci hashing: spreads consecutive ids and ids that differ by a
    // multiple of the capacity alike.
    size_t home(uint64_t id) const noexcept { return size_t((id * 0x9E3779B97F4A7C15ull) >> shift_) & mask_; }
    void place(uint64_t id, V&& value) noexcept {
        size_t i = home(id);
        while (slots_[i].id) i = (i + 1) & mask_;
        slots_[i].id = id;
        slots_[i].value = std::move(value);
        ++size_;
    }

    // The slot array.  A large one is placed on 2 MB boundaries and marked
    // for transparent huge pages: a random probe then costs a cache miss but
    // no page walk (measured at ~100 ns under virtualisation).  Allocated
    // with malloc so that allocation-failure injection sees it.
    struct Table {
        static constexpr size_t kHuge = size_t(2) << 20, kLine = 64;
        void* raw = nullptr;
        Slot* slots = nullptr;
        size_t cap = 0;
        Table() = default;
        explicit Table(size_t n) {
            size_t bytes = n * sizeof(Slot);
            // Line-aligned in any case: a 64-byte slot then never straddles
            // two cache lines, so a probe that hits its home slot is one miss.
            const size_t align = bytes >= kHuge ? kHuge : kLine;
            size_t total = bytes + align;
            raw = std::malloc(total);
            if (!raw) throw std::bad_alloc();
            char* base = static_cast<char*>(raw);
            base += (align - reinterpret_cast<uintptr_t>(base) % align) % align;
            if (align == kHuge) {
#ifdef MADV_HUGEPAGE
                size_t whole = size_t(static_cast<char*>(raw) + total - base) / kHuge * kHuge;
                ::madvise(base, whole, MADV_HUGEPAGE);  // advice only: failure changes nothing
#endif
            }
            slots = reinterpret_cast<Slot*>(base);
            for (size_t i = 0; i < n; ++i) new (&slots[i]) Slot();
            cap = n;
        }
        Table(const Table&) = delete;
        Table& operator=(const Table&) = delete;
        void swap(Table& o) noexcept {
            std::swap(raw, o.raw);
            std::swap(slots, o.slots);
            std::swap(cap, o.cap);
        }
        ~Table() {
            for (size_t i = 0; i < cap; ++i) slots[i].~Slot();
            std::free(raw);
        }
    };
    Table table_;
    Slot* slots_ = nullptr;
    size_t mask_ = 0, size_ = 0, limit_ = 0;
    unsigned shift_ = 64;
};

}  // namespace fwpk
