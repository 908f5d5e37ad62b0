// The operations behind the C ABI, one per API function family.  Each takes
// the engine lock, checks in the documented order and throws StatusError.
#pragma once
#include "engine/engine.h"

namespace fwpk {

// options.cpp
void engineGetOption(HANDLE h, UINT32 option, FWP_VALUE0** value);  // option: raw FWPM_ENGINE_OPTION bits
void engineSetOption(HANDLE h, UINT32 option, const FWP_VALUE0* newValue);

// filter_ops.cpp
void filterAdd(HANDLE h, const FWPM_FILTER0* filter, UINT64* id);
void filterDeleteById(HANDLE h, UINT64 id);
void filterDeleteByKey(HANDLE h, const GUID* key);
void filterGetById(HANDLE h, UINT64 id, FWPM_FILTER0** out);
void filterGetByKey(HANDLE h, const GUID* key, FWPM_FILTER0** out);

// object_ops.cpp
void providerAdd(HANDLE h, const FWPM_PROVIDER0* p);
void providerDeleteByKey(HANDLE h, const GUID* key);
void providerGetByKey(HANDLE h, const GUID* key, FWPM_PROVIDER0** out);
void sublayerAdd(HANDLE h, const FWPM_SUBLAYER0* s);
void sublayerDeleteByKey(HANDLE h, const GUID* key);
void sublayerGetByKey(HANDLE h, const GUID* key, FWPM_SUBLAYER0** out);
void calloutAdd(HANDLE h, const FWPM_CALLOUT0* c, UINT32* id);
void calloutDeleteById(HANDLE h, UINT32 id);
void calloutDeleteByKey(HANDLE h, const GUID* key);
void calloutGetById(HANDLE h, UINT32 id, FWPM_CALLOUT0** out);
void calloutGetByKey(HANDLE h, const GUID* key, FWPM_CALLOUT0** out);
void layerGetById(HANDLE h, UINT16 id, FWPM_LAYER0** out);
void layerGetByKey(HANDLE h, const GUID* key, FWPM_LAYER0** out);

// sa_context_ops.cpp
void saContextCreate(HANDLE h, const IPSEC_TRAFFIC1* traffic, const IPSEC_VIRTUAL_IF_TUNNEL_INFO0* vif,
                     UINT64* inboundFilterId, UINT64* id);
void saContextGetSpi(HANDLE h, UINT64 id, const IPSEC_GETSPI1* getSpi, IPSEC_SA_SPI* spi);
void saContextSetSpi(HANDLE h, UINT64 id, const IPSEC_GETSPI1* getSpi, IPSEC_SA_SPI spi);
template <class Bundle>
void saContextAdd(HANDLE h, UINT64 id, const Bundle* bundle, bool inbound);
void saContextUpdate(HANDLE h, UINT64 flags, const IPSEC_SA_CONTEXT1* newValues);
template <class Ctx>
void saContextGetById(HANDLE h, UINT64 id, Ctx** out);
void saContextDelete(HANDLE h, UINT64 id);
void saContextExpire(HANDLE h, UINT64 id);
template <class Stats>
void getStatistics(HANDLE h, Stats* out);

// enumerators.cpp
void sessionEnumCreate(HANDLE h, const FWPM_SESSION_ENUM_TEMPLATE0* t, HANDLE* out);
void filterEnumCreate(HANDLE h, const FWPM_FILTER_ENUM_TEMPLATE0* t, HANDLE* out);
void saContextEnumCreate(HANDLE h, const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0* t, HANDLE* out);
void saEnumCreate(HANDLE h, const IPSEC_SA_ENUM_TEMPLATE0* t, HANDLE* out);
void providerEnumCreate(HANDLE h, const FWPM_PROVIDER_ENUM_TEMPLATE0* t, HANDLE* out);
void sublayerEnumCreate(HANDLE h, const FWPM_SUBLAYER_ENUM_TEMPLATE0* t, HANDLE* out);
void layerEnumCreate(HANDLE h, const FWPM_LAYER_ENUM_TEMPLATE0* t, HANDLE* out);
void calloutEnumCreate(HANDLE h, const FWPM_CALLOUT_ENUM_TEMPLATE0* t, HANDLE* out);
// T is the entry type returned: FWPM_SESSION0, FWPM_FILTER0, IPSEC_SA_CONTEXT0/1, IPSEC_SA_DETAILS0/1,
// FWPM_PROVIDER0, FWPM_SUBLAYER0, FWPM_LAYER0, FWPM_CALLOUT0.
template <class T>
void enumNext(HANDLE h, HANDLE e, UINT32 n, T*** entries, UINT32* returned);
void enumDestroy(HANDLE h, HANDLE e, HandleKind kind);

// filter_match.cpp
bool filterMatches(const Session& s, const FWPM_FILTER0& f, const FWPM_FILTER_ENUM_TEMPLATE0& t);
std::vector<FilterRef> filterEnumPostProcess(std::vector<FilterRef> v, UINT32 flags);
// A checked filter as a stored object (id, effective weight, self-contained block).
std::shared_ptr<FilterObj> makeFilterObj(Engine& e, const Session& s, FWPM_FILTER0 f);
bool subnetMatches(const FWP_CONDITION_VALUE0& subnet, const IPSEC_TRAFFIC1& t, bool local);
// The weight the engine gives a filter (catalogue/filter-weight-assignment.md).
UINT64 effectiveWeight(const FWP_VALUE0& weight, const FWPM_FILTER_CONDITION0* conditions, UINT32 count);

// Hands a block to the caller, who frees it with FwpmFreeMemory0.
template <class T>
T* release(BlockPtr& b) {
    return static_cast<T*>(b.release());
}

}  // namespace fwpk
