// extern "C" shims: provider contexts.
#include "abi/guard.h"
#include "engine/provider_contexts.h"

using namespace fwpk;

#define FWPK_PC_ENTRIES(V)                                                                                      \
    FWPK_API NTSTATUS NTAPI FwpmProviderContextAdd##V(HANDLE engineHandle,                                      \
                                                      const FWPM_PROVIDER_CONTEXT##V* providerContext,          \
                                                      PSECURITY_DESCRIPTOR sd, UINT64* id) {                    \
        (void)sd; /* security descriptors are accepted and not modelled */                                     \
        return guard([&] { providerContextAdd<V>(engineHandle, providerContext, id); });                        \
    }                                                                                                           \
    FWPK_API NTSTATUS NTAPI FwpmProviderContextGetById##V(HANDLE engineHandle, UINT64 id,                       \
                                                          FWPM_PROVIDER_CONTEXT##V** providerContext) {         \
        if (providerContext) *providerContext = nullptr;                                                        \
        return guard([&] { providerContextGet<V>(engineHandle, &id, nullptr, providerContext); });              \
    }                                                                                                           \
    FWPK_API NTSTATUS NTAPI FwpmProviderContextGetByKey##V(HANDLE engineHandle, const GUID* key,                \
                                                           FWPM_PROVIDER_CONTEXT##V** providerContext) {        \
        if (providerContext) *providerContext = nullptr;                                                        \
        return guard([&] {                                                                                      \
            require(key != nullptr, FWP_E_NULL_POINTER);                                                        \
            providerContextGet<V>(engineHandle, nullptr, key, providerContext);                                 \
        });                                                                                                     \
    }                                                                                                           \
    FWPK_API NTSTATUS NTAPI FwpmProviderContextEnum##V(HANDLE engineHandle, HANDLE enumHandle,                  \
                                                       UINT32 numEntriesRequested,                              \
                                                       FWPM_PROVIDER_CONTEXT##V*** entries,                     \
                                                       UINT32* numEntriesReturned) {                            \
        if (entries) *entries = nullptr;                                                                        \
        if (numEntriesReturned) *numEntriesReturned = 0;                                                        \
        return guard([&] {                                                                                      \
            providerContextEnum<V>(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); \
        });                                                                                                     \
    }

extern "C" {

FWPK_PC_ENTRIES(0)
FWPK_PC_ENTRIES(1)
FWPK_PC_ENTRIES(2)
FWPK_PC_ENTRIES(3)

FWPK_API NTSTATUS NTAPI FwpmProviderContextDeleteById0(HANDLE engineHandle, UINT64 id) {
    return guard([&] { providerContextDeleteById(engineHandle, id); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderContextDeleteByKey0(HANDLE engineHandle, const GUID* key) {
    return guard([&] { providerContextDeleteByKey(engineHandle, key); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderContextCreateEnumHandle0(HANDLE engineHandle,
                                                             const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0* enumTemplate,
                                                             HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { providerContextEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderContextDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { providerContextEnumDestroy(engineHandle, enumHandle); });
}

}  // extern "C"
