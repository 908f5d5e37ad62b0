// The one exception firewall: every extern "C" entry point runs its body
// through guard(), so no C++ exception ever crosses the ABI.
#pragma once
#include <new>
#include "base/status.h"

namespace fwpk {

template <class Body>
NTSTATUS guard(Body&& body) noexcept {
    try {
        body();
        return STATUS_SUCCESS;
    } catch (const StatusError& e) {
        return e.status;
    } catch (const std::bad_alloc&) {
        return STATUS_NO_MEMORY;
    } catch (...) {
        return STATUS_INTERNAL_ERROR;
    }
}

}  // namespace fwpk
