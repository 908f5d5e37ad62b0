/* test_layers.c — FwpmLayerGetById0, GetByKey0, CreateEnumHandle0, Enum0,
 * DestroyEnumHandle0: the built-in layers as Windows returns FWPM_LAYER0
 * (fields, default sublayer, layerId of NTDDI_WIN11_GE) and every error path. */
#include "fixtures.h"

static void inbound_transport_v4_is_returned_with_its_fields_as_one_block(void **state)
{
    (void)state;
    FWPM_LAYER0 *l = NULL;
    assert_ok(FwpmLayerGetByKey0(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V4, &l));
    assert_true(fx_guid_eq(&l->layerKey, &FWPM_LAYER_INBOUND_TRANSPORT_V4));
    assert_non_null(l->displayData.name);
    assert_int_equal(l->flags, FWPM_LAYER_FLAG_KERNEL | FWPM_LAYER_FLAG_BUILTIN);
    assert_int_equal(l->layerId, 12);  /* FWPS_LAYER_INBOUND_TRANSPORT_V4 */
    assert_true(fx_guid_eq(&l->defaultSubLayerKey, &FWPM_SUBLAYER_UNIVERSAL));
    assert_int_equal(l->numFields, 15);
    assert_non_null(l->field);
    /* field i is run-time field id i: FWPS_FIELD_INBOUND_TRANSPORT_V4_IP_PROTOCOL, _IP_LOCAL_ADDRESS, ... */
    assert_true(fx_guid_eq(l->field[0].fieldKey, &FWPM_CONDITION_IP_PROTOCOL));
    assert_int_equal(l->field[0].type, FWPM_FIELD_RAW_DATA);
    assert_int_equal(l->field[0].dataType, FWP_UINT8);
    assert_true(fx_guid_eq(l->field[1].fieldKey, &FWPM_CONDITION_IP_LOCAL_ADDRESS));
    assert_int_equal(l->field[1].type, FWPM_FIELD_IP_ADDRESS);
    assert_int_equal(l->field[1].dataType, FWP_UINT32);
    /* the same layer by id */
    FWPM_LAYER0 *byId = NULL;
    assert_ok(FwpmLayerGetById0(fx_session, 12, &byId));
    assert_true(fx_guid_eq(&byId->layerKey, &FWPM_LAYER_INBOUND_TRANSPORT_V4));
    assert_int_equal(byId->numFields, l->numFields);
    FwpmFreeMemory0((void **)&byId);
    FwpmFreeMemory0((void **)&l);  /* one block: fields and their keys included */
    assert_null(l);
}

static void user_mode_layer_has_only_the_builtin_flag(void **state)
{
    (void)state;
    FWPM_LAYER0 *l = NULL;
    assert_ok(FwpmLayerGetByKey0(fx_session, &FWPM_LAYER_IPSEC_V4, &l));
    assert_int_equal(l->flags, FWPM_LAYER_FLAG_BUILTIN);
    assert_int_equal(l->layerId, 89);
    FwpmFreeMemory0((void **)&l);
}

static void unknown_layers_are_layer_not_found(void **state)
{
    (void)state;
    FWPM_LAYER0 *l = NULL;
    GUID key = fx_random_guid();
    assert_status(FwpmLayerGetByKey0(fx_session, &key, &l), FWP_E_LAYER_NOT_FOUND);
    assert_null(l);
    assert_status(FwpmLayerGetByKey0(fx_session, &FWPM_SUBLAYER_UNIVERSAL, &l), FWP_E_LAYER_NOT_FOUND);
    assert_status(FwpmLayerGetById0(fx_session, 0xFFFF, &l), FWP_E_LAYER_NOT_FOUND);
    assert_status(FwpmLayerGetById0(fx_session, 1000, &l), FWP_E_LAYER_NOT_FOUND);
    assert_null(l);
}

static void null_pointers_and_bad_handles_are_rejected(void **state)
{
    (void)state;
    FWPM_LAYER0 *l = NULL;
    HANDLE e = NULL;
    assert_status(FwpmLayerGetByKey0(fx_session, NULL, &l), FWP_E_NULL_POINTER);
    assert_status(FwpmLayerGetByKey0(fx_session, &FWPM_LAYER_IPSEC_V4, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmLayerGetById0(fx_session, 12, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmLayerCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE closed = fx_open();
    fx_close(closed);
    assert_status(FwpmLayerGetById0(closed, 12, &l), STATUS_INVALID_HANDLE);
    assert_status(FwpmLayerGetByKey0(NULL, &FWPM_LAYER_IPSEC_V4, &l), STATUS_INVALID_HANDLE);
    assert_status(FwpmLayerCreateEnumHandle0(closed, NULL, &e), STATUS_INVALID_HANDLE);
    assert_null(e);
    FWPM_LAYER_ENUM_TEMPLATE0 t = { 5 };
    assert_status(FwpmLayerCreateEnumHandle0(fx_session, &t, &e), FWP_E_RESERVED);
    assert_status(FwpmLayerDestroyEnumHandle0(fx_session, NULL), STATUS_INVALID_HANDLE);
}

static void enumeration_returns_all_97_layers_with_distinct_ids(void **state)
{
    (void)state;
    HANDLE e = NULL;
    FWPM_LAYER_ENUM_TEMPLATE0 t = { 0 };
    assert_ok(FwpmLayerCreateEnumHandle0(fx_session, &t, &e));
    static bool seen[65536];
    memset(seen, 0, sizeof seen);
    UINT32 total = 0, n = 0;
    bool ipsec = false;
    FWPM_LAYER0 **entries = NULL;
    for (;;) {
        assert_ok(FwpmLayerEnum0(fx_session, e, 10, &entries, &n));
        for (UINT32 i = 0; i < n; ++i) {
            assert_false(seen[entries[i]->layerId]);
            seen[entries[i]->layerId] = true;
            assert_true(entries[i]->flags & FWPM_LAYER_FLAG_BUILTIN);
            ipsec = ipsec || fx_guid_eq(&entries[i]->layerKey, &FWPM_LAYER_IPSEC_V6);
            /* every entry can be fetched back by its id */
            FWPM_LAYER0 *l = NULL;
            assert_ok(FwpmLayerGetById0(fx_session, entries[i]->layerId, &l));
            assert_true(fx_guid_eq(&l->layerKey, &entries[i]->layerKey));
            FwpmFreeMemory0((void **)&l);
        }
        total += n;
        FwpmFreeMemory0((void **)&entries);
        if (n < 10)
            break;
    }
    assert_int_equal(total, 97);
    assert_true(ipsec);
    assert_ok(FwpmLayerDestroyEnumHandle0(fx_session, e));
    assert_status(FwpmLayerEnum0(fx_session, e, 10, &entries, &n), STATUS_INVALID_HANDLE);
    assert_null(entries);
}

static void layer_enum_handle_is_not_another_kind(void **state)
{
    (void)state;
    HANDLE e = NULL;
    assert_ok(FwpmLayerCreateEnumHandle0(fx_session, NULL, &e));
    assert_status(FwpmFilterDestroyEnumHandle0(fx_session, e), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutDestroyEnumHandle0(fx_session, e), STATUS_INVALID_HANDLE);
    assert_ok(FwpmLayerDestroyEnumHandle0(fx_session, e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inbound_transport_v4_is_returned_with_its_fields_as_one_block),
        cmocka_unit_test(user_mode_layer_has_only_the_builtin_flag),
        cmocka_unit_test(unknown_layers_are_layer_not_found),
        cmocka_unit_test(null_pointers_and_bad_handles_are_rejected),
        cmocka_unit_test(enumeration_returns_all_97_layers_with_distinct_ids),
        cmocka_unit_test(layer_enum_handle_is_not_another_kind),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
