/* test_object_rules.c — the rules shared by providers, sublayers, callouts
 * and filters: references must exist, a referenced object cannot be deleted
 * (FWP_E_IN_USE), lifetimes (FWP_E_LIFETIME_MISMATCH), dynamic sessions
 * (objects die with the session; other sessions' objects), transactions
 * (abort undoes adds and deletes, commit publishes, staged view). */
#include "fixtures.h"

static GUID add_provider(HANDLE h, UINT32 flags)
{
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = fx_random_guid();
    p.displayData.name = L"p";
    p.flags = flags;
    assert_ok(FwpmProviderAdd0(h, &p, NULL));
    return p.providerKey;
}

static NTSTATUS add_sublayer(HANDLE h, GUID *key, GUID *provider, UINT32 flags)
{
    FWPM_SUBLAYER0 s;
    memset(&s, 0, sizeof s);
    *key = fx_random_guid();
    s.subLayerKey = *key;
    s.displayData.name = L"s";
    s.providerKey = provider;
    s.flags = flags;
    return FwpmSubLayerAdd0(h, &s, NULL);
}

static NTSTATUS add_callout(HANDLE h, GUID *key, GUID *provider, UINT32 flags)
{
    FWPM_CALLOUT0 c;
    memset(&c, 0, sizeof c);
    *key = fx_random_guid();
    c.calloutKey = *key;
    c.displayData.name = L"c";
    c.providerKey = provider;
    c.flags = flags;
    c.applicableLayer = FWPM_LAYER_IPSEC_V4;
    return FwpmCalloutAdd0(h, &c, NULL, NULL);
}

/* A filter at IPSEC_V4 naming the given objects (each may be NULL). */
static NTSTATUS add_filter(HANDLE h, GUID *provider, const GUID *sublayer, const GUID *callout, UINT32 flags,
                           UINT64 *id)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.providerKey = provider;
    if (sublayer)
        f.subLayerKey = *sublayer;
    if (callout) {
        f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
        f.action.calloutKey = *callout;
    }
    f.flags = flags;
    return FwpmFilterAdd0(h, &f, NULL, id);
}

static bool provider_exists(HANDLE h, const GUID *key)
{
    FWPM_PROVIDER0 *p = NULL;
    NTSTATUS s = FwpmProviderGetByKey0(h, key, &p);
    FwpmFreeMemory0((void **)&p);
    return s == STATUS_SUCCESS;
}

static bool sublayer_exists(HANDLE h, const GUID *key)
{
    FWPM_SUBLAYER0 *p = NULL;
    NTSTATUS s = FwpmSubLayerGetByKey0(h, key, &p);
    FwpmFreeMemory0((void **)&p);
    return s == STATUS_SUCCESS;
}

static bool callout_exists(HANDLE h, const GUID *key)
{
    FWPM_CALLOUT0 *p = NULL;
    NTSTATUS s = FwpmCalloutGetByKey0(h, key, &p);
    FwpmFreeMemory0((void **)&p);
    return s == STATUS_SUCCESS;
}

static void referenced_objects_are_in_use_until_their_referrers_are_deleted(void **state)
{
    (void)state;
    GUID prov = add_provider(fx_session, 0), sub, cal;
    assert_ok(add_sublayer(fx_session, &sub, &prov, 0));
    assert_ok(add_callout(fx_session, &cal, NULL, 0));
    UINT64 fid = 0;
    assert_ok(add_filter(fx_session, NULL, &sub, &cal, 0, &fid));
    assert_status(FwpmSubLayerDeleteByKey0(fx_session, &sub), FWP_E_IN_USE);
    assert_status(FwpmCalloutDeleteByKey0(fx_session, &cal), FWP_E_IN_USE);
    assert_status(FwpmProviderDeleteByKey0(fx_session, &prov), FWP_E_IN_USE);  /* by the sublayer */
    assert_ok(FwpmFilterDeleteById0(fx_session, fid));
    assert_ok(FwpmCalloutDeleteByKey0(fx_session, &cal));
    assert_status(FwpmProviderDeleteByKey0(fx_session, &prov), FWP_E_IN_USE);
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &sub));
    /* a filter naming the provider keeps it too */
    assert_ok(add_filter(fx_session, &prov, NULL, NULL, 0, &fid));
    assert_status(FwpmProviderDeleteByKey0(fx_session, &prov), FWP_E_IN_USE);
    assert_ok(FwpmFilterDeleteById0(fx_session, fid));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &prov));
}

static void filter_references_to_added_objects_must_exist(void **state)
{
    (void)state;
    GUID prov = add_provider(fx_session, 0), sub, unknown = fx_random_guid();
    assert_ok(add_sublayer(fx_session, &sub, NULL, 0));
    UINT64 fid = 0;
    assert_ok(add_filter(fx_session, &prov, &sub, NULL, 0, &fid));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, fid, &got));
    assert_true(fx_guid_eq(got->providerKey, &prov));
    assert_true(fx_guid_eq(&got->subLayerKey, &sub));
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmFilterDeleteById0(fx_session, fid));
    assert_status(add_filter(fx_session, &unknown, NULL, NULL, 0, NULL), FWP_E_PROVIDER_NOT_FOUND);
    assert_status(add_filter(fx_session, NULL, &unknown, NULL, 0, NULL), FWP_E_SUBLAYER_NOT_FOUND);
    assert_status(add_filter(fx_session, NULL, NULL, &unknown, 0, NULL), FWP_E_CALLOUT_NOT_FOUND);
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &sub));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &prov));
}

static void filter_enum_template_provider_key_selects_that_providers_filters(void **state)
{
    (void)state;
    GUID prov = add_provider(fx_session, 0), other = add_provider(fx_session, 0);
    UINT64 mine = 0, theirs = 0, none = 0, ids[16];
    assert_ok(add_filter(fx_session, &prov, NULL, NULL, 0, &mine));
    assert_ok(add_filter(fx_session, &other, NULL, NULL, 0, &theirs));
    assert_ok(add_filter(fx_session, NULL, NULL, NULL, 0, &none));
    FWPM_FILTER_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.providerKey = &prov;
    t.actionMask = 0xFFFFFFFFu;
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 4, ids, 16);
    assert_int_equal(n, 1);
    assert_true(ids[0] == mine);
    assert_ok(FwpmFilterDeleteById0(fx_session, mine));
    assert_ok(FwpmFilterDeleteById0(fx_session, theirs));
    assert_ok(FwpmFilterDeleteById0(fx_session, none));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &prov));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &other));
}

static void dynamic_objects_cannot_be_referenced_from_other_sessions_or_static_objects(void **state)
{
    (void)state;
    HANDLE d = fx_open_dynamic(), d2 = fx_open_dynamic();
    GUID prov = add_provider(d, 0), sub, cal, tmp;
    assert_ok(add_sublayer(d, &sub, &prov, 0));       /* same dynamic session: fine */
    assert_ok(add_callout(d, &cal, &prov, 0));
    UINT64 fid = 0;
    assert_ok(add_filter(d, &prov, &sub, &cal, 0, &fid));
    /* a static object (fx_session) cannot refer to a dynamic one */
    assert_status(add_sublayer(fx_session, &tmp, &prov, 0), FWP_E_LIFETIME_MISMATCH);
    assert_status(add_callout(fx_session, &tmp, &prov, 0), FWP_E_LIFETIME_MISMATCH);
    assert_status(add_filter(fx_session, NULL, &sub, NULL, 0, NULL), FWP_E_LIFETIME_MISMATCH);
    assert_status(add_filter(fx_session, NULL, NULL, &cal, 0, NULL), FWP_E_LIFETIME_MISMATCH);
    /* nor a dynamic object of another session */
    assert_status(add_filter(d2, &prov, NULL, NULL, 0, NULL), FWP_E_LIFETIME_MISMATCH);
    /* another session deleting them */
    assert_status(FwpmProviderDeleteByKey0(d2, &prov), FWP_E_WRONG_SESSION);
    assert_status(FwpmSubLayerDeleteByKey0(fx_session, &sub), FWP_E_WRONG_SESSION);
    assert_status(FwpmCalloutDeleteByKey0(fx_session, &cal), FWP_E_WRONG_SESSION);
    /* a dynamic session deleting a static object */
    GUID stat = add_provider(fx_session, 0);
    assert_status(FwpmProviderDeleteByKey0(d, &stat), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &stat));
    /* closing the session deletes everything it added, referrers first */
    fx_close(d);
    assert_false(provider_exists(fx_session, &prov));
    assert_false(sublayer_exists(fx_session, &sub));
    assert_false(callout_exists(fx_session, &cal));
    assert_false(fx_filter_exists(fx_session, fid));
    fx_close(d2);
}

static void persistent_objects_refer_only_to_persistent_or_builtin_ones(void **state)
{
    (void)state;
    GUID stat = add_provider(fx_session, 0), pers = add_provider(fx_session, FWPM_PROVIDER_FLAG_PERSISTENT), sub, cal;
    assert_status(add_sublayer(fx_session, &sub, &stat, FWPM_SUBLAYER_FLAG_PERSISTENT), FWP_E_LIFETIME_MISMATCH);
    assert_status(add_callout(fx_session, &cal, &stat, FWPM_CALLOUT_FLAG_PERSISTENT), FWP_E_LIFETIME_MISMATCH);
    assert_ok(add_sublayer(fx_session, &sub, &pers, FWPM_SUBLAYER_FLAG_PERSISTENT));
    assert_status(add_filter(fx_session, &stat, NULL, NULL, FWPM_FILTER_FLAG_PERSISTENT, NULL), FWP_E_LIFETIME_MISMATCH);
    UINT64 fid = 0;
    assert_ok(add_filter(fx_session, &pers, &sub, NULL, FWPM_FILTER_FLAG_BOOTTIME, &fid));
    assert_ok(FwpmFilterDeleteById0(fx_session, fid));
    /* built-in objects can be referred to by anything */
    assert_ok(add_filter(fx_session, NULL, &FWPM_SUBLAYER_UNIVERSAL, NULL, FWPM_FILTER_FLAG_PERSISTENT, &fid));
    assert_ok(FwpmFilterDeleteById0(fx_session, fid));
    /* a static object may refer to a persistent one */
    GUID sub2;
    assert_ok(add_sublayer(fx_session, &sub2, &pers, 0));
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &sub2));
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &sub));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &pers));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &stat));
}

static void transaction_abort_undoes_adds_and_deletes(void **state)
{
    (void)state;
    GUID kept = add_provider(fx_session, 0), added, sub, cal;
    HANDLE other = fx_open();
    assert_ok(FwpmTransactionBegin0(fx_session, 0));
    added = add_provider(fx_session, 0);
    assert_ok(add_sublayer(fx_session, &sub, &added, 0));   /* refers to an object staged in this transaction */
    assert_ok(add_callout(fx_session, &cal, &added, 0));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &kept));
    assert_true(provider_exists(fx_session, &added));       /* the transaction sees its changes */
    assert_false(provider_exists(fx_session, &kept));
    assert_false(provider_exists(other, &added));    /* nobody else does */
    assert_true(provider_exists(other, &kept));
    assert_true(sublayer_exists(fx_session, &sub));
    assert_false(sublayer_exists(other, &sub));
    assert_ok(FwpmTransactionAbort0(fx_session));
    assert_false(provider_exists(fx_session, &added));
    assert_false(sublayer_exists(fx_session, &sub));
    assert_false(callout_exists(fx_session, &cal));
    assert_true(provider_exists(fx_session, &kept));
    /* the same, committed */
    assert_ok(FwpmTransactionBegin0(fx_session, 0));
    added = add_provider(fx_session, 0);
    assert_ok(add_sublayer(fx_session, &sub, &added, 0));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &kept));
    assert_ok(FwpmTransactionCommit0(fx_session));
    assert_true(provider_exists(other, &added));
    assert_true(sublayer_exists(other, &sub));
    assert_false(provider_exists(other, &kept));
    assert_ok(FwpmSubLayerDeleteByKey0(fx_session, &sub));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &added));
    fx_close(other);
}

static void enumeration_inside_a_transaction_sees_staged_objects(void **state)
{
    (void)state;
    assert_ok(FwpmTransactionBegin0(fx_session, 0));
    GUID cal;
    assert_ok(add_callout(fx_session, &cal, NULL, 0));
    HANDLE e = NULL;
    FWPM_CALLOUT_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.layerKey = FWPM_LAYER_IPSEC_V4;
    assert_ok(FwpmCalloutCreateEnumHandle0(fx_session, &t, &e));
    FWPM_CALLOUT0 **entries = NULL;
    UINT32 n = 0;
    bool found = false;
    assert_ok(FwpmCalloutEnum0(fx_session, e, 100, &entries, &n));
    for (UINT32 i = 0; i < n; ++i)
        found = found || fx_guid_eq(&entries[i]->calloutKey, &cal);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmCalloutDestroyEnumHandle0(fx_session, e));
    assert_true(found);
    assert_ok(FwpmTransactionAbort0(fx_session));
    assert_false(callout_exists(fx_session, &cal));
}

static void closing_a_dynamic_session_inside_a_transaction_leaves_nothing(void **state)
{
    (void)state;
    HANDLE d = fx_open_dynamic();
    GUID committed = add_provider(d, 0), staged;
    assert_ok(FwpmTransactionBegin0(d, 0));
    staged = add_provider(d, 0);
    fx_close(d);
    assert_false(provider_exists(fx_session, &committed));
    assert_false(provider_exists(fx_session, &staged));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(referenced_objects_are_in_use_until_their_referrers_are_deleted),
        cmocka_unit_test(filter_references_to_added_objects_must_exist),
        cmocka_unit_test(filter_enum_template_provider_key_selects_that_providers_filters),
        cmocka_unit_test(dynamic_objects_cannot_be_referenced_from_other_sessions_or_static_objects),
        cmocka_unit_test(persistent_objects_refer_only_to_persistent_or_builtin_ones),
        cmocka_unit_test(transaction_abort_undoes_adds_and_deletes),
        cmocka_unit_test(enumeration_inside_a_transaction_sees_staged_objects),
        cmocka_unit_test(closing_a_dynamic_session_inside_a_transaction_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
