// Opaque handles: a slot index, a generation counter and a kind packed into
// the HANDLE value.  Lookups compare all three, so stale, forged and
// wrong-kind values fail without anything being dereferenced.  A slot whose
// generation is used up is retired, so no value is ever valid twice.
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
    ProviderEnum = 6,
    SublayerEnum = 7,
    LayerEnum = 8,
    CalloutEnum = 9,
    BfeSubscription = 14,  // its own table (lib/engine/bfe_state.*); far from the object kinds
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
    // Generations a slot can carry in a handle value (28 bits).
    static constexpr uint32_t kGenerations = 1u << 28;

    // Takes ownership; returns the handle value.  Strong guarantee.
    HANDLE insert(std::unique_ptr<HandleObject> object);
    // The object named by `h` if it is live and of `kind`, else nullptr.
    HandleObject* find(HANDLE h, HandleKind kind) const noexcept;
    // Removes and returns the object (nullptr if not live / wrong kind).
    // Never allocates.
    std::unique_ptr<HandleObject> take(HANDLE h, HandleKind kind) noexcept;

private:
    friend struct HandleTableTestPeer;  // tests/c/test_handle_table.cpp (not in the .so's exports)
    struct Slot {
        uint32_t generation = 0;
        std::unique_ptr<HandleObject> object;
    };
    bool decode(HANDLE h, HandleKind kind, uint32_t& index) const noexcept;
    std::vector<Slot> slots_;
    std::vector<uint32_t> free_;
};

}  // namespace fwpk
