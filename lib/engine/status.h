// Internal error transport: engine code throws StatusError; the ABI guard
// (abi/guard.h) turns it back into the NTSTATUS the caller receives.
#pragma once
#include <fwpmk.h>

namespace fwpk {

struct StatusError {
    NTSTATUS status;
};

[[noreturn]] inline void fail(NTSTATUS status) { throw StatusError{status}; }

inline void require(bool ok, NTSTATUS status) {
    if (!ok) fail(status);
}

}  // namespace fwpk
