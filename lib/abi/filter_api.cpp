// extern "C" shims: filters.
#include "abi/guard.h"
#include "engine/ops.h"

using namespace fwpk;

extern "C" {

FWPK_API NTSTATUS NTAPI FwpmFilterAdd0(HANDLE engineHandle, const FWPM_FILTER0* filter, PSECURITY_DESCRIPTOR sd,
                                       UINT64* id) {
    (void)sd;  // security descriptors are accepted and not modelled
    return guard([&] { filterAdd(engineHandle, filter, id); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterDeleteById0(HANDLE engineHandle, UINT64 id) {
    return guard([&] { filterDeleteById(engineHandle, id); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterDeleteByKey0(HANDLE engineHandle, const GUID* key) {
    return guard([&] { filterDeleteByKey(engineHandle, key); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterGetById0(HANDLE engineHandle, UINT64 id, FWPM_FILTER0** filter) {
    if (filter) *filter = nullptr;
    return guard([&] { filterGetById(engineHandle, id, filter); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_FILTER0** filter) {
    if (filter) *filter = nullptr;
    return guard([&] { filterGetByKey(engineHandle, key, filter); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterCreateEnumHandle0(HANDLE engineHandle, const FWPM_FILTER_ENUM_TEMPLATE0* enumTemplate,
                                                    HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { filterEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                        FWPM_FILTER0*** entries, UINT32* numEntriesReturned) {
    if (entries) *entries = nullptr;
    if (numEntriesReturned) *numEntriesReturned = 0;
    return guard([&] { enumNext(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); });
}

FWPK_API NTSTATUS NTAPI FwpmFilterDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::FilterEnum); });
}

}  // extern "C"
