// extern "C" shims: IPsec SA enumeration and statistics.
#include "abi/guard.h"
#include "engine/ops.h"

using namespace fwpk;

extern "C" {

FWPK_API NTSTATUS NTAPI IPsecSaCreateEnumHandle0(HANDLE engineHandle, const IPSEC_SA_ENUM_TEMPLATE0* enumTemplate,
                                                 HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { saEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI IPsecSaEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                     IPSEC_SA_DETAILS0*** entries, UINT32* numEntriesReturned) {
    if (entries) *entries = nullptr;
    if (numEntriesReturned) *numEntriesReturned = 0;
    return guard([&] { enumNext(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); });
}

FWPK_API NTSTATUS NTAPI IPsecSaEnum1(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                     IPSEC_SA_DETAILS1*** entries, UINT32* numEntriesReturned) {
    if (entries) *entries = nullptr;
    if (numEntriesReturned) *numEntriesReturned = 0;
    return guard([&] { enumNext(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); });
}

FWPK_API NTSTATUS NTAPI IPsecSaDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::SaEnum); });
}

FWPK_API NTSTATUS NTAPI IPsecGetStatistics0(HANDLE engineHandle, IPSEC_STATISTICS0* ipsecStatistics) {
    return guard([&] { getStatistics(engineHandle, ipsecStatistics); });
}

FWPK_API NTSTATUS NTAPI IPsecGetStatistics1(HANDLE engineHandle, IPSEC_STATISTICS1* ipsecStatistics) {
    return guard([&] { getStatistics(engineHandle, ipsecStatistics); });
}

}  // extern "C"
