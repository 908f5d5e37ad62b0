// extern "C" shims: IPsec SA contexts.
#include <cstring>
#include "abi/guard.h"
#include "engine/ops.h"
#include "marshal/copy.h"

using namespace fwpk;

// Version-0 inputs are widened to version 1; the engine stores one form.
static IPSEC_GETSPI1 widen(const IPSEC_GETSPI0& g) {
    IPSEC_GETSPI1 r{};
    r.inboundIpsecTraffic = toTraffic1(g.inboundIpsecTraffic);
    std::memcpy(&r.ipVersion, &g.ipVersion, sizeof r.ipVersion);  // not validated yet
    r.inboundUdpEncapsulation = g.inboundUdpEncapsulation;
    r.rngCryptoModuleID = g.rngCryptoModuleID;
    return r;
}

extern "C" {

FWPK_API NTSTATUS NTAPI IPsecSaContextCreate0(HANDLE engineHandle, const IPSEC_TRAFFIC0* outboundTraffic,
                                              UINT64* inboundFilterId, UINT64* id) {
    return guard([&] {
        IPSEC_TRAFFIC1 t = outboundTraffic ? toTraffic1(*outboundTraffic) : IPSEC_TRAFFIC1{};
        saContextCreate(engineHandle, outboundTraffic ? &t : nullptr, nullptr, inboundFilterId, id);
    });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextCreate1(HANDLE engineHandle, const IPSEC_TRAFFIC1* outboundTraffic,
                                              const IPSEC_VIRTUAL_IF_TUNNEL_INFO0* virtualIfTunnelInfo,
                                              UINT64* inboundFilterId, UINT64* id) {
    return guard([&] { saContextCreate(engineHandle, outboundTraffic, virtualIfTunnelInfo, inboundFilterId, id); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextGetSpi0(HANDLE engineHandle, UINT64 id, const IPSEC_GETSPI0* getSpi,
                                              IPSEC_SA_SPI* inboundSpi) {
    return guard([&] {
        IPSEC_GETSPI1 g = getSpi ? widen(*getSpi) : IPSEC_GETSPI1{};
        saContextGetSpi(engineHandle, id, getSpi ? &g : nullptr, inboundSpi);
    });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextGetSpi1(HANDLE engineHandle, UINT64 id, const IPSEC_GETSPI1* getSpi,
                                              IPSEC_SA_SPI* inboundSpi) {
    return guard([&] { saContextGetSpi(engineHandle, id, getSpi, inboundSpi); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextSetSpi0(HANDLE engineHandle, UINT64 id, const IPSEC_GETSPI1* getSpi,
                                              IPSEC_SA_SPI inboundSpi) {
    return guard([&] { saContextSetSpi(engineHandle, id, getSpi, inboundSpi); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextAddInbound0(HANDLE engineHandle, UINT64 id, const IPSEC_SA_BUNDLE0* inboundBundle) {
    return guard([&] { saContextAdd(engineHandle, id, inboundBundle, true); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextAddInbound1(HANDLE engineHandle, UINT64 id, const IPSEC_SA_BUNDLE1* inboundBundle) {
    return guard([&] { saContextAdd(engineHandle, id, inboundBundle, true); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextAddOutbound0(HANDLE engineHandle, UINT64 id, const IPSEC_SA_BUNDLE0* outboundBundle) {
    return guard([&] { saContextAdd(engineHandle, id, outboundBundle, false); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextAddOutbound1(HANDLE engineHandle, UINT64 id, const IPSEC_SA_BUNDLE1* outboundBundle) {
    return guard([&] { saContextAdd(engineHandle, id, outboundBundle, false); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextUpdate0(HANDLE engineHandle, UINT64 flags, const IPSEC_SA_CONTEXT1* newValues) {
    return guard([&] { saContextUpdate(engineHandle, flags, newValues); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextGetById0(HANDLE engineHandle, UINT64 id, IPSEC_SA_CONTEXT0** saContext) {
    if (saContext) *saContext = nullptr;
    return guard([&] { saContextGetById(engineHandle, id, saContext); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextGetById1(HANDLE engineHandle, UINT64 id, IPSEC_SA_CONTEXT1** saContext) {
    if (saContext) *saContext = nullptr;
    return guard([&] { saContextGetById(engineHandle, id, saContext); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextDeleteById0(HANDLE engineHandle, UINT64 id) {
    return guard([&] { saContextDelete(engineHandle, id); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextExpire0(HANDLE engineHandle, UINT64 id) {
    return guard([&] { saContextExpire(engineHandle, id); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextCreateEnumHandle0(HANDLE engineHandle,
                                                        const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0* enumTemplate,
                                                        HANDLE* enumHandle) {
    if (enumHandle) *enumHandle = nullptr;
    return guard([&] { saContextEnumCreate(engineHandle, enumTemplate, enumHandle); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                            IPSEC_SA_CONTEXT0*** entries, UINT32* numEntriesReturned) {
    if (entries) *entries = nullptr;
    if (numEntriesReturned) *numEntriesReturned = 0;
    return guard([&] { enumNext(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextEnum1(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                                            IPSEC_SA_CONTEXT1*** entries, UINT32* numEntriesReturned) {
    if (entries) *entries = nullptr;
    if (numEntriesReturned) *numEntriesReturned = 0;
    return guard([&] { enumNext(engineHandle, enumHandle, numEntriesRequested, entries, numEntriesReturned); });
}

FWPK_API NTSTATUS NTAPI IPsecSaContextDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle) {
    return guard([&] { enumDestroy(engineHandle, enumHandle, HandleKind::SaContextEnum); });
}

}  // extern "C"
