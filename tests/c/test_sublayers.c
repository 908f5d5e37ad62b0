/* test_sublayers.c — FwpmSubLayerAdd0, DeleteByKey0, GetByKey0,
 * CreateEnumHandle0, Enum0, DestroyEnumHandle0: success paths, deep copies,
 * built-in sublayers, the provider template and every documented error path. */
#include "fixtures.h"

/* FWPM_SUBLAYER_IPSEC_TUNNEL (Windows SDK value; not yet in fwpm_guids.h). */
static const GUID SUBLAYER_IPSEC_TUNNEL = { 0x83f299ed, 0x9ff4, 0x4967, { 0xaf, 0xf4, 0xc3, 0x09, 0xf4, 0xda, 0xb8, 0x27 } };

static FWPM_SUBLAYER0 sublayer(const GUID *key)
{
    FWPM_SUBLAYER0 s;
    memset(&s, 0, sizeof s);
    if (key)
        s.subLayerKey = *key;
    s.displayData.name = L"test sublayer";
    return s;
}

static GUID add_provider(HANDLE h)
{
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = fx_random_guid();
    p.displayData.name = L"p";
    assert_ok(FwpmProviderAdd0(h, &p, NULL));
    return p.providerKey;
}

/* Number of sublayers the template selects, and whether `key` is among them. */
static UINT32 count_listed(HANDLE h, const FWPM_SUBLAYER_ENUM_TEMPLATE0 *t, const GUID *key, bool *found)
{
    HANDLE e = NULL;
    FWPM_SUBLAYER0 **entries = NULL;
    UINT32 n = 0, total = 0;
    *found = false;
    assert_ok(FwpmSubLayerCreateEnumHandle0(h, t, &e));
    for (;;) {
        assert_ok(FwpmSubLayerEnum0(h, e, 5, &entries, &n));
        for (UINT32 i = 0; i < n; ++i)
            *found = *found || fx_guid_eq(&entries[i]->subLayerKey, key);
        total += n;
        FwpmFreeMemory0((void **)&entries);
        if (n < 5)
            break;
    }
    assert_ok(FwpmSubLayerDestroyEnumHandle0(h, e));
    return total;
}

static void add_then_get_by_key_returns_every_field(void **state)
{
    (void)state;
    GUID key = fx_random_guid(), prov = add_provider(fx_session);
    UINT8 data[2] = { 7, 8 };
    FWPM_SUBLAYER0 s = sublayer(&key);
    s.flags = FWPM_SUBLAYER_FLAG_PERSISTENT;
    GUID provCopy = prov;
    s.providerKey = &provCopy;
    s.providerData.size = 2;
    s.providerData.data = data;
    s.weight = 0x1234;
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_LIFETIME_MISMATCH);  /* persistent -> static provider */
    s.flags = 0;
    assert_ok(FwpmSubLayerAdd0(fx_session, &s, NULL));
    provCopy = fx_random_guid();  /* deep copy */
    FWPM_SUBLAYER0 *got = NULL;
    assert_ok(FwpmSubLayerGetByKey0(fx_session, &key, &got));
    assert_true(fx_guid_eq(&got->subLayerKey, &key));
    assert_true(wcscmp(got->displayData.name, L"test sublayer") == 0);
    assert_int_equal(got->flags, 0);
    assert_non_null(got->providerKey);
    assert_true(fx_guid_eq(got->providerKey, &prov));
    assert_int_equal(got->providerData.size, 2);
    assert_int_equal(got->providerData.data[1], 8);
    assert_int_equal(got->weight, 0x1234);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &key));
    assert_status(FwpmSubLayerGetByKey0(fx_session, &key, &got), FWP_E_SUBLAYER_NOT_FOUND);
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &prov));
}

static void zero_key_gets_a_key_and_duplicates_are_already_exists(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_SUBLAYER0 s = sublayer(&key);
    assert_ok(FwpmSubLayerAdd0(fx_session, &s, NULL));
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_ALREADY_EXISTS);
    s.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_ALREADY_EXISTS);
    s = sublayer(NULL);
    bool found;
    UINT32 before = count_listed(fx_session, NULL, &key, &found);
    assert_true(found);
    assert_ok(FwpmSubLayerAdd0(fx_session, &s, NULL));
    assert_int_equal(count_listed(fx_session, NULL, &key, &found), before + 1);
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &key));
}

static void invalid_sublayers_are_rejected_with_the_documented_code(void **state)
{
    (void)state;
    FWPM_SUBLAYER0 s = sublayer(NULL);
    GUID unknown = fx_random_guid();
    assert_status(FwpmSubLayerAdd0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    s.displayData.name = NULL;
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_NULL_DISPLAY_NAME);
    s = sublayer(NULL);
    s.flags = 0x2;
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_INVALID_FLAGS);
    s = sublayer(NULL);
    s.providerKey = &unknown;
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_PROVIDER_NOT_FOUND);
    s = sublayer(NULL);
    s.providerData.size = 1;
    assert_status(FwpmSubLayerAdd0(fx_session, &s, NULL), FWP_E_NULL_POINTER);
    HANDLE d = fx_open_dynamic();
    s = sublayer(NULL);
    s.flags = FWPM_SUBLAYER_FLAG_PERSISTENT;
    assert_status(FwpmSubLayerAdd0(d, &s, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    fx_close(d);
}

static void builtin_sublayers_exist_and_cannot_be_deleted(void **state)
{
    (void)state;
    FWPM_SUBLAYER0 *got = NULL;
    assert_ok(FwpmSubLayerGetByKey0(fx_session, &SUBLAYER_IPSEC_TUNNEL, &got));
    assert_true(fx_guid_eq(&got->subLayerKey, &SUBLAYER_IPSEC_TUNNEL));
    FwpmFreeMemory0((void **)&got);
    assert_status(FwpmSubLayerDeleteByKey0(fx_session, &FWPM_SUBLAYER_UNIVERSAL), FWP_E_BUILTIN_OBJECT);
    assert_status(FwpmSubLayerDeleteByKey0(fx_session, &SUBLAYER_IPSEC_TUNNEL), FWP_E_BUILTIN_OBJECT);
    /* a filter in the IPsec tunnel sublayer, as IKE daemons add */
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.subLayerKey = SUBLAYER_IPSEC_TUNNEL;
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void unknown_or_null_keys_are_sublayer_not_found_or_null_pointer(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_SUBLAYER0 *got = NULL;
    assert_status(FwpmSubLayerGetByKey0(fx_session, &key, &got), FWP_E_SUBLAYER_NOT_FOUND);
    assert_null(got);
    assert_status(FwpmSubLayerDeleteByKey0(fx_session, &key), FWP_E_SUBLAYER_NOT_FOUND);
    assert_status(FwpmSubLayerDeleteByKey0(fx_session, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmSubLayerGetByKey0(fx_session, NULL, &got), FWP_E_NULL_POINTER);
    assert_status(FwpmSubLayerGetByKey0(fx_session, &key, NULL), FWP_E_NULL_POINTER);
    HANDLE e = NULL;
    assert_status(FwpmSubLayerCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE closed = fx_open();
    fx_close(closed);
    assert_status(FwpmSubLayerCreateEnumHandle0(closed, NULL, &e), STATUS_INVALID_HANDLE);
    assert_status(FwpmSubLayerGetByKey0(closed, &key, &got), STATUS_INVALID_HANDLE);
    FWPM_SUBLAYER0 s = sublayer(NULL);
    assert_status(FwpmSubLayerAdd0(closed, &s, NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmSubLayerDeleteByKey0(closed, &key), STATUS_INVALID_HANDLE);
}

static void template_provider_key_selects_that_providers_sublayers(void **state)
{
    (void)state;
    GUID prov = add_provider(fx_session), mine = fx_random_guid(), other = fx_random_guid(), unknown = fx_random_guid();
    FWPM_SUBLAYER0 s = sublayer(&mine);
    s.providerKey = &prov;
    assert_ok(FwpmSubLayerAdd0(fx_session, &s, NULL));
    s = sublayer(&other);
    assert_ok(FwpmSubLayerAdd0(fx_session, &s, NULL));
    FWPM_SUBLAYER_ENUM_TEMPLATE0 t = { &prov };
    bool found;
    assert_int_equal(count_listed(fx_session, &t, &mine, &found), 1);
    assert_true(found);
    count_listed(fx_session, &t, &other, &found);
    assert_false(found);
    t.providerKey = NULL;  /* no provider: every sublayer */
    count_listed(fx_session, &t, &other, &found);
    assert_true(found);
    t.providerKey = &unknown;
    assert_int_equal(count_listed(fx_session, &t, &mine, &found), 0);
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &mine));
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &other));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &prov));
}

static void enumeration_is_a_snapshot(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_SUBLAYER0 s = sublayer(&key);
    assert_ok(FwpmSubLayerAdd0(fx_session, &s, NULL));
    HANDLE e = NULL;
    assert_ok(FwpmSubLayerCreateEnumHandle0(fx_session, NULL, &e));
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &key));
    FWPM_SUBLAYER0 **entries = NULL;
    UINT32 n = 0;
    bool found = false;
    assert_ok(FwpmSubLayerEnum0(fx_session, e, 1000, &entries, &n));
    for (UINT32 i = 0; i < n; ++i)
        found = found || fx_guid_eq(&entries[i]->subLayerKey, &key);
    assert_true(found);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmSubLayerDestroyEnumHandle0(fx_session, e));
    assert_status(FwpmSubLayerDestroyEnumHandle0(fx_session, e), STATUS_INVALID_HANDLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_then_get_by_key_returns_every_field),
        cmocka_unit_test(zero_key_gets_a_key_and_duplicates_are_already_exists),
        cmocka_unit_test(invalid_sublayers_are_rejected_with_the_documented_code),
        cmocka_unit_test(builtin_sublayers_exist_and_cannot_be_deleted),
        cmocka_unit_test(unknown_or_null_keys_are_sublayer_not_found_or_null_pointer),
        cmocka_unit_test(template_provider_key_selects_that_providers_sublayers),
        cmocka_unit_test(enumeration_is_a_snapshot),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
