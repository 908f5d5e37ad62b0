// extern "C" shims: providers, sublayers, layers, callouts.
#include "abi/guard.h"
#include "engine/ops.h"

using namespace fwpk;

namespace {

template <class T>
NTSTATUS enumShim(HANDLE engine, HANDLE en, UINT32 n, T*** entries, UINT32* returned) {
    if (entries) *entries = nullptr;
    if (returned) *returned = 0;
    return guard([&] { enumNext(engine, en, n, entries, returned); });
}

}  // namespace

extern "C" {

// ---- providers ----

FWPK_API NTSTATUS NTAPI FwpmProviderAdd0(HANDLE engineHandle, const FWPM_PROVIDER0* provider, PSECURITY_DESCRIPTOR sd) {
    (void)sd;  // security descriptors are accepted and not modelled
    return guard([&] { providerAdd(engineHandle, provider); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderDeleteByKey0(HANDLE engineHandle, const GUID* key) {
    return guard([&] { providerDeleteByKey(engineHandle, key); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_PROVIDER0** provider) {
    if (provider) *provider = nullptr;
    return guard([&] { providerGetByKey(engineHandle, key, provider); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderCreateEnumHandle0(HANDLE engineHandle, const FWPM_PROVIDER_ENUM_TEMPLATE0* enumTemplate,
                                                      HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { providerEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmProviderEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                          FWPM_PROVIDER0*** entries, UINT32* numEntriesReturned) {
    return enumShim(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned);
}

FWPK_API NTSTATUS NTAPI FwpmProviderDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::ProviderEnum); });
}

// ---- sublayers ----

FWPK_API NTSTATUS NTAPI FwpmSubLayerAdd0(HANDLE engineHandle, const FWPM_SUBLAYER0* subLayer, PSECURITY_DESCRIPTOR sd) {
    (void)sd;
    return guard([&] { sublayerAdd(engineHandle, subLayer); });
}

FWPK_API NTSTATUS NTAPI FwpmSubLayerDeleteByKey0(HANDLE engineHandle, const GUID* key) {
    return guard([&] { sublayerDeleteByKey(engineHandle, key); });
}

FWPK_API NTSTATUS NTAPI FwpmSubLayerGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_SUBLAYER0** subLayer) {
    if (subLayer) *subLayer = nullptr;
    return guard([&] { sublayerGetByKey(engineHandle, key, subLayer); });
}

FWPK_API NTSTATUS NTAPI FwpmSubLayerCreateEnumHandle0(HANDLE engineHandle, const FWPM_SUBLAYER_ENUM_TEMPLATE0* enumTemplate,
                                                      HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { sublayerEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmSubLayerEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                          FWPM_SUBLAYER0*** entries, UINT32* numEntriesReturned) {
    return enumShim(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned);
}

FWPK_API NTSTATUS NTAPI FwpmSubLayerDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::SublayerEnum); });
}

// ---- layers ----

FWPK_API NTSTATUS NTAPI FwpmLayerGetById0(HANDLE engineHandle, UINT16 id, FWPM_LAYER0** layer) {
    if (layer) *layer = nullptr;
    return guard([&] { layerGetById(engineHandle, id, layer); });
}

FWPK_API NTSTATUS NTAPI FwpmLayerGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_LAYER0** layer) {
    if (layer) *layer = nullptr;
    return guard([&] { layerGetByKey(engineHandle, key, layer); });
}

FWPK_API NTSTATUS NTAPI FwpmLayerCreateEnumHandle0(HANDLE engineHandle, const FWPM_LAYER_ENUM_TEMPLATE0* enumTemplate,
                                                   HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { layerEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmLayerEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                       FWPM_LAYER0*** entries, UINT32* numEntriesReturned) {
    return enumShim(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned);
}

FWPK_API NTSTATUS NTAPI FwpmLayerDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::LayerEnum); });
}

// ---- callouts ----

FWPK_API NTSTATUS NTAPI FwpmCalloutAdd0(HANDLE engineHandle, const FWPM_CALLOUT0* callout, PSECURITY_DESCRIPTOR sd,
                                        UINT32* id) {
    (void)sd;
    return guard([&] { calloutAdd(engineHandle, callout, id); });
}

FWPK_API NTSTATUS NTAPI FwpmCalloutDeleteById0(HANDLE engineHandle, UINT32 id) {
    return guard([&] { calloutDeleteById(engineHandle, id); });
}

FWPK_API NTSTATUS NTAPI FwpmCalloutDeleteByKey0(HANDLE engineHandle, const GUID* key) {
    return guard([&] { calloutDeleteByKey(engineHandle, key); });
}

FWPK_API NTSTATUS NTAPI FwpmCalloutGetById0(HANDLE engineHandle, UINT32 id, FWPM_CALLOUT0** callout) {
    if (callout) *callout = nullptr;
    return guard([&] { calloutGetById(engineHandle, id, callout); });
}

FWPK_API NTSTATUS NTAPI FwpmCalloutGetByKey0(HANDLE engineHandle, const GUID* key, FWPM_CALLOUT0** callout) {
    if (callout) *callout = nullptr;
    return guard([&] { calloutGetByKey(engineHandle, key, callout); });
}

FWPK_API NTSTATUS NTAPI FwpmCalloutCreateEnumHandle0(HANDLE engineHandle, const FWPM_CALLOUT_ENUM_TEMPLATE0* enumTemplate,
                                                     HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { calloutEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI FwpmCalloutEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                         FWPM_CALLOUT0*** entries, UINT32* numEntriesReturned) {
    return enumShim(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned);
}

FWPK_API NTSTATUS NTAPI FwpmCalloutDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::CalloutEnum); });
}

}  // extern "C"
