// extern "C" shims: engine options and the base filtering engine's state.
#include "abi/guard.h"
#include "engine/bfe_state.h"
#include "engine/ops.h"

using namespace fwpk;

extern "C" {

FWPK_API NTSTATUS NTAPI FwpmEngineGetOption0(HANDLE engineHandle, FWPM_ENGINE_OPTION option, FWP_VALUE0** value) {
    if (value) *value = nullptr;
    // the option travels as its bits: an unknown value is not a valid enum value in C++
    return guard([&] { engineGetOption(engineHandle, raw(option), value); });
}

FWPK_API NTSTATUS NTAPI FwpmEngineSetOption0(HANDLE engineHandle, FWPM_ENGINE_OPTION option,
                                             const FWP_VALUE0* newValue) {
    return guard([&] { engineSetOption(engineHandle, raw(option), newValue); });
}

FWPK_API FWPM_SERVICE_STATE NTAPI FwpmBfeStateGet0(void) {
    return BfeNotifier::instance().state();
}

FWPK_API NTSTATUS NTAPI FwpmBfeStateSubscribeChanges0(void* deviceObject, FWPM_SERVICE_STATE_CHANGE_CALLBACK0 callback,
                                                      void* context, HANDLE* changeHandle) {
    (void)deviceObject;  // no device objects outside the Windows kernel
    if (changeHandle) *changeHandle = nullptr;
    return guard([&] {
        require(changeHandle != nullptr, FWP_E_NULL_POINTER);
        require(callback != nullptr, FWP_E_NULL_POINTER);
        *changeHandle = BfeNotifier::instance().subscribe(callback, context);
    });
}

FWPK_API NTSTATUS NTAPI FwpmBfeStateUnsubscribeChanges0(HANDLE changeHandle) {
    return guard([&] { BfeNotifier::instance().unsubscribe(changeHandle); });
}

}  // extern "C"
