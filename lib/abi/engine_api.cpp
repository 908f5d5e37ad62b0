// extern "C" shims: memory, engine sessions, transactions, session enumeration.
#include <cstdlib>
#include "abi/guard.h"
#include "engine/ops.h"

using namespace fwpk;

extern "C" {

FWPK_API void NTAPI FwpmFreeMemory0(void** p) {
    if (!p) return;
    std::free(*p);
    *p = nullptr;
}

FWPK_API NTSTATUS NTAPI FwpmEngineOpen0(const wchar_t* serverName, UINT32 authnService,
                                        SEC_WINNT_AUTH_IDENTITY_W* authIdentity, const FWPM_SESSION0* session,
                                        HANDLE* engineHandle) {
    (void)authIdentity;  // ignored for kernel-mode callers, as documented
    if (engineHandle) *engineHandle = nullptr;
    return guard([&] {
        require(engineHandle != nullptr, FWP_E_NULL_POINTER);
        require(serverName == nullptr, FWP_E_INVALID_PARAMETER);
        require(authnService == RPC_C_AUTHN_WINNT || authnService == RPC_C_AUTHN_DEFAULT, FWP_E_INVALID_PARAMETER);
        Engine& e = Engine::instance();
        Engine::Lock lk(e.mu);
        *engineHandle = e.openSession(session);
    });
}

FWPK_API NTSTATUS NTAPI FwpmEngineClose0(HANDLE engineHandle) {
    return guard([&] {
        Engine& e = Engine::instance();
        Engine::Lock lk(e.mu);
        e.closeSession(engineHandle);
    });
}

FWPK_API NTSTATUS NTAPI FwpmTransactionBegin0(HANDLE engineHandle, UINT32 flags) {
    return guard([&] {
        Engine& e = Engine::instance();
        Engine::Lock lk(e.mu);
        e.txnBegin(lk, engineHandle, flags);
    });
}

FWPK_API NTSTATUS NTAPI FwpmTransactionCommit0(HANDLE engineHandle) {
    return guard([&] {
        Engine& e = Engine::instance();
        Engine::Lock lk(e.mu);
        e.txnCommit(engineHandle);
    });
}

FWPK_API NTSTATUS NTAPI FwpmTransactionAbort0(HANDLE engineHandle) {
    return guard([&] {
        Engine& e = Engine::instance();
        Engine::Lock lk(e.mu);
        e.txnAbort(engineHandle);
    });
}

FWPK_API NTSTATUS NTAPI FwpmSessionCreateEnumHandle0(HANDLE engineHandle, const FWPM_SESSION_ENUM_TEMPLATE0* enumTemplate,
                                                     HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { sessionEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmSessionEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                         FWPM_SESSION0*** entries, UINT32* numEntriesReturned) {
    if (entries) *entries = nullptr;
    if (numEntriesReturned) *numEntriesReturned = 0;
    return guard([&] { enumNext(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); });
}

FWPK_API NTSTATUS NTAPI FwpmSessionDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::SessionEnum); });
}

}  // extern "C"
