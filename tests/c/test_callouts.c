/* test_callouts.c — FwpmCalloutAdd0, DeleteById0, DeleteByKey0, GetById0,
 * GetByKey0, CreateEnumHandle0, Enum0, DestroyEnumHandle0: success paths,
 * built-in callouts, filters calling added callouts, the enumeration
 * template and every documented error path. */
#include "fixtures.h"

static FWPM_CALLOUT0 callout(const GUID *key, const GUID *layer)
{
    FWPM_CALLOUT0 c;
    memset(&c, 0, sizeof c);
    if (key)
        c.calloutKey = *key;
    c.displayData.name = L"test callout";
    c.applicableLayer = *layer;
    return c;
}

static void add_returns_an_id_and_get_by_id_or_key_returns_every_field(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    UINT8 data[1] = { 42 };
    FWPM_CALLOUT0 c = callout(&key, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    c.flags = FWPM_CALLOUT_FLAG_USES_PROVIDER_CONTEXT;
    c.providerData.size = 1;
    c.providerData.data = data;
    c.calloutId = 12345;  /* ignored: the engine assigns ids */
    UINT32 id = 0, id2 = 0;
    assert_ok(FwpmCalloutAdd0(fx_session, &c, NULL, &id));
    assert_true(id != 0 && id != 12345);
    FWPM_CALLOUT0 *got = NULL;
    assert_ok(FwpmCalloutGetById0(fx_session, id, &got));
    assert_true(fx_guid_eq(&got->calloutKey, &key));
    assert_true(wcscmp(got->displayData.name, L"test callout") == 0);
    assert_int_equal(got->flags, FWPM_CALLOUT_FLAG_USES_PROVIDER_CONTEXT);
    assert_null(got->providerKey);
    assert_int_equal(got->providerData.size, 1);
    assert_int_equal(got->providerData.data[0], 42);
    assert_true(fx_guid_eq(&got->applicableLayer, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4));
    assert_int_equal(got->calloutId, id);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmCalloutGetByKey0(fx_session, &key, &got));
    assert_int_equal(got->calloutId, id);
    FwpmFreeMemory0((void **)&got);
    c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmCalloutAdd0(fx_session, &c, NULL, &id2));  /* zero key: one is generated */
    assert_true(id2 > id);
    assert_ok(FwpmCalloutGetById0(fx_session, id2, &got));
    assert_false(fx_guid_is_zero(&got->calloutKey));
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmCalloutDeleteById0(fx_session, id));
    assert_status(FwpmCalloutDeleteById0(fx_session, id), FWP_E_CALLOUT_NOT_FOUND);
    assert_status(FwpmCalloutGetByKey0(fx_session, &key, &got), FWP_E_CALLOUT_NOT_FOUND);
    assert_ok(FwpmCalloutDeleteById0(fx_session, id2));
    c.calloutKey = fx_random_guid();
    assert_ok(FwpmCalloutAdd0(fx_session, &c, NULL, NULL));  /* id is optional */
    assert_ok(FwpmCalloutDeleteByKey0(fx_session, &c.calloutKey));
}

static void invalid_callouts_are_rejected_with_the_documented_code(void **state)
{
    (void)state;
    GUID unknown = fx_random_guid();
    FWPM_CALLOUT0 c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    assert_status(FwpmCalloutAdd0(fx_session, NULL, NULL, NULL), FWP_E_NULL_POINTER);
    c.displayData.name = NULL;
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_NULL_DISPLAY_NAME);
    c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    c.flags = FWPM_CALLOUT_FLAG_REGISTERED;  /* output only */
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_INVALID_FLAGS);
    c.flags = 0x1;
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_INVALID_FLAGS);
    c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    c.providerKey = &unknown;
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_PROVIDER_NOT_FOUND);
    c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    c.providerData.size = 3;
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_NULL_POINTER);
    c = callout(NULL, &unknown);
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_LAYER_NOT_FOUND);
    c = callout(NULL, &FX_ZERO_GUID);
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_LAYER_NOT_FOUND);
    c = callout(&FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, &FWPM_LAYER_IPSEC_V4);
    assert_status(FwpmCalloutAdd0(fx_session, &c, NULL, NULL), FWP_E_ALREADY_EXISTS);
    HANDLE d = fx_open_dynamic();
    c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    c.flags = FWPM_CALLOUT_FLAG_PERSISTENT;
    assert_status(FwpmCalloutAdd0(d, &c, NULL, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    fx_close(d);
}

static void builtin_callouts_exist_with_their_layer_and_cannot_be_deleted(void **state)
{
    (void)state;
    FWPM_CALLOUT0 *got = NULL;
    assert_ok(FwpmCalloutGetByKey0(fx_session, &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6, &got));
    assert_true(fx_guid_eq(&got->applicableLayer, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6));
    UINT32 id = got->calloutId;
    assert_true(id != 0);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmCalloutGetById0(fx_session, id, &got));
    assert_true(fx_guid_eq(&got->calloutKey, &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6));
    FwpmFreeMemory0((void **)&got);
    assert_status(FwpmCalloutDeleteById0(fx_session, id), FWP_E_BUILTIN_OBJECT);
    assert_status(FwpmCalloutDeleteByKey0(fx_session, &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4), FWP_E_BUILTIN_OBJECT);
}

static void filters_may_call_an_added_callout_at_its_layer_only(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_CALLOUT0 c = callout(&key, &FWPM_LAYER_IPSEC_V4);
    UINT32 cid = 0;
    assert_ok(FwpmCalloutAdd0(fx_session, &c, NULL, &cid));
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = key;
    UINT64 fid = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &fid));
    /* still referenced: FWP_E_IN_USE (concepts/object-management.md) */
    assert_status(FwpmCalloutDeleteById0(fx_session, cid), FWP_E_IN_USE);
    assert_status(FwpmCalloutDeleteByKey0(fx_session, &key), FWP_E_IN_USE);
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V6);
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = key;
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, NULL), FWP_E_INCOMPATIBLE_LAYER);
    assert_ok(FwpmFilterDeleteById0(fx_session, fid));
    assert_ok(FwpmCalloutDeleteByKey0(fx_session, &key));
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = key;  /* deleted now */
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, NULL), FWP_E_CALLOUT_NOT_FOUND);
}

static void unknown_ids_keys_and_null_pointers(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_CALLOUT0 *got = NULL;
    assert_status(FwpmCalloutGetById0(fx_session, 0, &got), FWP_E_CALLOUT_NOT_FOUND);
    assert_status(FwpmCalloutGetById0(fx_session, 0xFFFFFFFFu, &got), FWP_E_CALLOUT_NOT_FOUND);
    assert_status(FwpmCalloutGetByKey0(fx_session, &key, &got), FWP_E_CALLOUT_NOT_FOUND);
    assert_null(got);
    assert_status(FwpmCalloutDeleteById0(fx_session, 0xFFFFFFFFu), FWP_E_CALLOUT_NOT_FOUND);
    assert_status(FwpmCalloutDeleteByKey0(fx_session, &key), FWP_E_CALLOUT_NOT_FOUND);
    assert_status(FwpmCalloutDeleteByKey0(fx_session, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmCalloutGetByKey0(fx_session, NULL, &got), FWP_E_NULL_POINTER);
    assert_status(FwpmCalloutGetById0(fx_session, 1, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmCalloutCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE closed = fx_open(), e = NULL;
    fx_close(closed);
    FWPM_CALLOUT0 c = callout(NULL, &FWPM_LAYER_IPSEC_V4);
    assert_status(FwpmCalloutAdd0(closed, &c, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutDeleteById0(closed, 1), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutDeleteByKey0(closed, &key), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutGetById0(closed, 1, &got), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutGetByKey0(closed, &key, &got), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutCreateEnumHandle0(closed, NULL, &e), STATUS_INVALID_HANDLE);
    assert_status(FwpmCalloutDestroyEnumHandle0(fx_session, NULL), STATUS_INVALID_HANDLE);
}

/* Number of callouts the template selects, and whether `key` is among them. */
static UINT32 listed(const FWPM_CALLOUT_ENUM_TEMPLATE0 *t, const GUID *key, bool *found)
{
    HANDLE e = NULL;
    FWPM_CALLOUT0 **entries = NULL;
    UINT32 n = 0, total = 0;
    *found = false;
    assert_ok(FwpmCalloutCreateEnumHandle0(fx_session, t, &e));
    for (;;) {
        assert_ok(FwpmCalloutEnum0(fx_session, e, 16, &entries, &n));
        for (UINT32 i = 0; i < n; ++i) {
            *found = *found || fx_guid_eq(&entries[i]->calloutKey, key);
            if (t && !fx_guid_is_zero(&t->layerKey))
                assert_true(fx_guid_eq(&entries[i]->applicableLayer, &t->layerKey));
        }
        total += n;
        FwpmFreeMemory0((void **)&entries);
        if (n < 16)
            break;
    }
    assert_ok(FwpmCalloutDestroyEnumHandle0(fx_session, e));
    return total;
}

static void enumeration_honours_provider_and_layer_of_the_template(void **state)
{
    (void)state;
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = fx_random_guid();
    p.displayData.name = L"p";
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    GUID key = fx_random_guid(), unknown = fx_random_guid();
    FWPM_CALLOUT0 c = callout(&key, &FWPM_LAYER_IKEEXT_V4);
    c.providerKey = &p.providerKey;
    assert_ok(FwpmCalloutAdd0(fx_session, &c, NULL, NULL));
    bool found;
    UINT32 all = listed(NULL, &key, &found);
    assert_true(found);
    assert_true(all >= 52);  /* 51 built-in callouts and this one */
    FWPM_CALLOUT_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.providerKey = &p.providerKey;
    assert_int_equal(listed(&t, &key, &found), 1);
    assert_true(found);
    t.providerKey = NULL;
    t.layerKey = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;  /* transport and tunnel callouts */
    assert_int_equal(listed(&t, &key, &found), 2);
    assert_false(found);
    t.layerKey = FWPM_LAYER_IKEEXT_V4;
    assert_int_equal(listed(&t, &key, &found), 1);
    t.layerKey = unknown;
    HANDLE e = NULL;
    assert_status(FwpmCalloutCreateEnumHandle0(fx_session, &t, &e), FWP_E_LAYER_NOT_FOUND);
    assert_null(e);
    /* in use by nothing but named as the callout's provider: the provider stays */
    assert_status(FwpmProviderDeleteByKey0(fx_session, &p.providerKey), FWP_E_IN_USE);
    assert_ok(FwpmCalloutDeleteByKey0(fx_session, &key));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &p.providerKey));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_returns_an_id_and_get_by_id_or_key_returns_every_field),
        cmocka_unit_test(invalid_callouts_are_rejected_with_the_documented_code),
        cmocka_unit_test(builtin_callouts_exist_with_their_layer_and_cannot_be_deleted),
        cmocka_unit_test(filters_may_call_an_added_callout_at_its_layer_only),
        cmocka_unit_test(unknown_ids_keys_and_null_pointers),
        cmocka_unit_test(enumeration_honours_provider_and_layer_of_the_template),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
