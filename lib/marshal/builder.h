// Single-block deep copies.  A copy routine runs twice over the same source:
// once against a scratch arena to measure, once into one malloc'd block of
// exactly that size.  Everything the routine allocates lives in the block, so
// one FwpmFreeMemory0 (= free) releases it all.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <memory>
#include <new>
#include <vector>
#include <fwpmk.h>

namespace fwpk {

struct FreeDeleter {
    void operator()(void* p) const noexcept { std::free(p); }
};
using BlockPtr = std::unique_ptr<void, FreeDeleter>;

class Builder {
public:
    // Measuring builder: allocations come from a private scratch arena.
    Builder() = default;
    // Filling builder: allocations are carved from [base, base + capacity).
    Builder(void* base, size_t capacity) : base_(static_cast<char*>(base)), capacity_(capacity) {}

    // Zero-filled storage for n objects of T, 8-byte aligned.
    template <class T>
    T* make(size_t n = 1) {
        return static_cast<T*>(raw(sizeof(T) * n));
    }
    // Copy of a NUL-terminated wide string (nullptr stays nullptr).
    wchar_t* str(const wchar_t* s) {
        if (!s) return nullptr;
        size_t n = std::wcslen(s) + 1;
        wchar_t* d = make<wchar_t>(n);
        std::memcpy(d, s, n * sizeof(wchar_t));
        return d;
    }
    // Copy of n bytes (n == 0 gives nullptr).
    UINT8* bytes(const void* p, size_t n) {
        if (n == 0) return nullptr;
        UINT8* d = make<UINT8>(n);
        std::memcpy(d, p, n);
        return d;
    }
    template <class T>
    T* clone(const T* p) {
        if (!p) return nullptr;
        T* d = make<T>();
        *d = *p;
        return d;
    }
    size_t used() const { return used_; }

    void* raw(size_t size) {
        size = (size + 7) & ~size_t(7);
        if (base_) {
            if (size > capacity_ - used_) throw std::bad_alloc();  // size mismatch: never hand out overlapping memory
            void* p = base_ + used_;
            used_ += size;
            std::memset(p, 0, size);
            return p;
        }
        used_ += size;
        return scratch(size);
    }

private:
    void* scratch(size_t size);

    static constexpr size_t kChunk = 16384;
    // One kChunk-sized scratch chunk per thread, reused by every measuring
    // builder: measuring then allocates nothing in the common case (before,
    // each measure cost a 16 KB new[] plus a vector growth, and a stored-
    // object change measures up to three times).  A builder that finds the
    // spare taken (nested measuring) allocates its own chunks, as before.
    static std::unique_ptr<char[]>& spare() noexcept {
        thread_local std::unique_ptr<char[]> chunk;
        return chunk;
    }

    char* base_ = nullptr;
    size_t capacity_ = 0;
    size_t used_ = 0;
    std::unique_ptr<char[]> first_;  // the first scratch chunk (returned to spare())
    std::vector<std::unique_ptr<char[]>> chunks_;
    size_t chunkFree_ = 0;
    char* chunkPos_ = nullptr;

public:
    ~Builder() {
        if (first_ && !spare()) spare() = std::move(first_);
    }
    Builder(const Builder&) = delete;
    Builder& operator=(const Builder&) = delete;
};

inline void* Builder::scratch(size_t size) {
    if (size > chunkFree_) {
        size_t n = size > kChunk ? size : kChunk;
        char* c;
        if (!first_ && n == kChunk && spare()) {
            first_ = std::move(spare());
            c = first_.get();
        } else if (!first_ && n == kChunk) {
            first_.reset(new char[n]);
            c = first_.get();
        } else {
            chunks_.emplace_back(new char[n]);
            c = chunks_.back().get();
        }
        chunkPos_ = c;
        chunkFree_ = n;
    }
    void* p = chunkPos_;
    std::memset(p, 0, size);
    chunkPos_ += size;
    chunkFree_ -= size;
    return p;
}

// Runs fill(Builder&) -> T* twice and returns the single block holding the
// result.  Throws std::bad_alloc when memory runs out (nothing leaks).
template <class Fill>
BlockPtr build(Fill&& fill, size_t* sizeOut = nullptr) {
    size_t size;
    {
        Builder measure;
        fill(measure);
        size = measure.used();
    }
    if (size == 0) size = 8;
    BlockPtr block(std::malloc(size));
    if (!block) throw std::bad_alloc();
    Builder out(block.get(), size);
    fill(out);
    if (sizeOut) *sizeOut = size;
    return block;
}

// Same, when the exact size is already known (cached sizes on stored objects).
template <class Fill>
BlockPtr buildSized(size_t size, Fill&& fill) {
    if (size == 0) size = 8;
    BlockPtr block(std::malloc(size));
    if (!block) throw std::bad_alloc();
    Builder out(block.get(), size);
    fill(out);
    return block;
}

}  // namespace fwpk
