// Internal error transport: engine code throws StatusError; the ABI guard
// (abi/guard.h) turns it back into the NTSTATUS the caller receives.
#pragma once
#include <cstdint>
#include <cstring>
#include <fwpmk.h>

namespace fwpk {

struct StatusError {
    NTSTATUS status;
};

[[noreturn]] inline void fail(NTSTATUS status) { throw StatusError{status}; }

inline void require(bool ok, NTSTATUS status) {
    if (!ok) fail(status);
}

// The integer a caller stored in an enum field.  Loading an out-of-range
// value as the C++ enum type is undefined behaviour, and callers do store
// such values: validate through this, never through the enum type.
template <class E>
inline uint32_t raw(const E& field) {
    static_assert(sizeof(E) == sizeof(uint32_t), "Windows enums are 32-bit");
    uint32_t v;
    std::memcpy(&v, &field, sizeof v);
    return v;
}

}  // namespace fwpk
