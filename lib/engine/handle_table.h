// Opaque handles: a slot index, a generation counter and a kind packed into
// the HANDLE value.  Lookups compare all three, so stale, forged and
// wrong-kind values fail without anything being dereferenced.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>
#include <fwpmk.h>

namespace fwpk {

enum class HandleKind : uint32_t {
    Session = 1,
    SessionEnum = 2,
    FilterEnum = 3,
    SaContextEnum = 4,
    SaEnum = 5,
};

// Everything a handle can name.  `owner` is the id of the session that owns
// an enumerator (0 for sessions themselves).
struct HandleObject {
    explicit HandleObject(HandleKind k, uint64_t o) : kind(k), owner(o) {}
    virtual ~HandleObject() = default;
    HandleKind kind;
    uint64_t owner;
};

class HandleTable {
public:
    // Takes ownership; returns the handle value.  Strong guarantee.
    HANDLE insert(std::unique_ptr<HandleObject> object);
    // The object named by `h` if it is live and of `kind`, else nullptr.
    HandleObject* find(HANDLE h, HandleKind kind) const noexcept;
    // Removes and returns the object (nullptr if not live / wrong kind).
    std::unique_ptr<HandleObject> take(HANDLE h, HandleKind kind) noexcept;

private:
    struct Slot {
        uint32_t generation = 0;
        std::unique_ptr<HandleObject> object;
    };
    bool decode(HANDLE h, HandleKind kind, uint32_t& index) const noexcept;
    std::vector<Slot> slots_;
    std::vector<uint32_t> free_;
};

}  // namespace fwpk
