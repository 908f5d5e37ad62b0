// FwpmEngineGetOption0 / FwpmEngineSetOption0: the engine options, process-wide,
// each an FWP_UINT32.  Choices where the reference is silent: docs/decisions.md,
// "Engine options".
#include <cstdlib>
#include <cstring>
#include "engine/ops.h"

namespace fwpk {

namespace {
// Guarded by Engine::mu.  Defaults: net events collected ("This is the default
// setting"), no inbound multicast/broadcast keywords ("This is the default
// setting"), everything else off.
UINT32 gOptions[FWPM_ENGINE_OPTION_MAX] = {1, 0, 0, 0, 0, 0};

void checkValue(UINT32 option, UINT32 v) {
    switch (option) {
    case FWPM_ENGINE_COLLECT_NET_EVENTS:
        require(v <= 1, FWP_E_INVALID_PARAMETER);
        break;
    case FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS:
        require((v & ~(FWPM_NET_EVENT_KEYWORD_INBOUND_MCAST | FWPM_NET_EVENT_KEYWORD_INBOUND_BCAST)) == 0,
                FWP_E_INVALID_PARAMETER);
        break;
    case FWPM_ENGINE_NAME_CACHE:  // "Reserved for internal use."
        require(false, FWP_E_INVALID_PARAMETER);
        break;
    case FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS:
        require(v <= 1, FWP_E_INVALID_PARAMETER);
        // it can be turned on, never off again
        require(!(v == 0 && gOptions[option] == 1), FWP_E_STILL_ON);
        break;
    case FWPM_ENGINE_PACKET_QUEUING:
        require((v & ~(FWPM_ENGINE_OPTION_PACKET_QUEUE_INBOUND | FWPM_ENGINE_OPTION_PACKET_QUEUE_OUTBOUND)) == 0,
                FWP_E_INVALID_PARAMETER);
        break;
    case FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC:
        break;  // any number of milliseconds
    default:
        require(false, FWP_E_INVALID_ENUMERATOR);
    }
}
}  // namespace

void engineGetOption(HANDLE h, UINT32 option, FWP_VALUE0** value) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.session(h);
    require(value != nullptr, FWP_E_NULL_POINTER);
    require(option < FWPM_ENGINE_OPTION_MAX, FWP_E_INVALID_ENUMERATOR);
    auto* v = static_cast<FWP_VALUE0*>(std::calloc(1, sizeof(FWP_VALUE0)));  // freed by FwpmFreeMemory0
    if (!v) throw std::bad_alloc();
    v->type = FWP_UINT32;
    v->uint32 = gOptions[option];
    *value = v;
}

void engineSetOption(HANDLE h, UINT32 option, const FWP_VALUE0* newValue) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    Session& s = e.session(h);
    require(!s.txn, FWP_E_TXN_IN_PROGRESS);
    require(!s.dynamic, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    require(newValue != nullptr, FWP_E_NULL_POINTER);
    require(option < FWPM_ENGINE_OPTION_MAX, FWP_E_INVALID_ENUMERATOR);
    require(raw(newValue->type) == FWP_UINT32, FWP_E_TYPE_MISMATCH);
    checkValue(option, newValue->uint32);
    gOptions[option] = newValue->uint32;
}

}  // namespace fwpk
