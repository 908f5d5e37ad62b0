/* Checks shared by the three GUID shapes: every well-known GUID has its
 * Windows value, and the library, which keeps its own tables, recognises the
 * program's layer GUIDs (an enumeration template naming a layer is accepted;
 * one naming a GUID that is not a layer, such as a sublayer's, is
 * FWP_E_LAYER_NOT_FOUND). */
#ifndef FWPK_GUID_COMMON_H
#define FWPK_GUID_COMMON_H
#include "check.h"
#include "expected_guids.h"

static void check_all_guid_values(void)
{
#define FWPK_CHECK_ONE(name, text) CHECK(guid_is(&name, text));
    FWPK_EXPECTED_GUIDS(FWPK_CHECK_ONE)
#undef FWPK_CHECK_ONE
}

static NTSTATUS filter_enum_at(HANDLE engine, const GUID *layer)
{
    FWPM_FILTER_ENUM_TEMPLATE0 tmpl;
    HANDLE e = NULL;
    NTSTATUS st;
    memset(&tmpl, 0, sizeof tmpl);
    tmpl.layerKey = *layer;
    tmpl.actionMask = 0xFFFFFFFFu;
    st = FwpmFilterCreateEnumHandle0(engine, &tmpl, &e);
    if (NT_SUCCESS(st))
        CHECK(FwpmFilterDestroyEnumHandle0(engine, e) == STATUS_SUCCESS);
    return st;
}

static void check_library_agrees(void)
{
    HANDLE engine = NULL;
    CHECK(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engine) == STATUS_SUCCESS);
    CHECK(filter_enum_at(engine, &FWPM_LAYER_IPSEC_V4) == STATUS_SUCCESS);
    CHECK(filter_enum_at(engine, &FWPM_LAYER_INBOUND_TRANSPORT_V4) == STATUS_SUCCESS);
    CHECK(filter_enum_at(engine, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6) == STATUS_SUCCESS);
    CHECK(filter_enum_at(engine, &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4) == STATUS_SUCCESS);
    CHECK(filter_enum_at(engine, &FWPM_SUBLAYER_UNIVERSAL) == FWP_E_LAYER_NOT_FOUND);
    CHECK(FwpmEngineClose0(engine) == STATUS_SUCCESS);
}
#endif
