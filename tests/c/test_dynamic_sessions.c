/* test_dynamic_sessions.c — FWPM_SESSION_FLAG_DYNAMIC: object lifetime,
 * FWP_E_WRONG_SESSION, FWP_E_DYNAMIC_SESSION_IN_PROGRESS, SA contexts that
 * name a dynamic session's filter. */
#include "fixtures.h"

static void dynamic_session_filters_are_deleted_when_it_closes(void **state)
{
    (void)state;
    HANDLE obs = fx_open();
    HANDLE dyn = fx_open_dynamic();
    UINT64 a = fx_add_filter(dyn, &FWPM_LAYER_IPSEC_V4);
    UINT64 b = fx_add_filter(dyn, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6);
    assert_true(fx_filter_exists(obs, a));
    assert_true(fx_filter_exists(obs, b));
    fx_close(dyn);
    assert_false(fx_filter_exists(obs, a));
    assert_false(fx_filter_exists(obs, b));
    fx_close(obs);
}

static void dynamic_session_can_delete_its_own_filters(void **state)
{
    (void)state;
    HANDLE dyn = fx_open_dynamic();
    UINT64 a = fx_add_filter(dyn, &FWPM_LAYER_IPSEC_V4);
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V6);
    f.filterKey = fx_random_guid();
    assert_ok(FwpmFilterAdd0(dyn, &f, NULL, NULL));
    assert_ok(FwpmFilterDeleteById0(dyn, a));
    assert_ok(FwpmFilterDeleteByKey0(dyn, &f.filterKey));
    assert_false(fx_filter_exists(dyn, a));
    fx_close(dyn);
}

static void deleting_another_dynamic_sessions_filter_is_wrong_session(void **state)
{
    (void)state;
    HANDLE owner = fx_open_dynamic(), other = fx_open_dynamic(), stat = fx_open();
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(owner, &f, NULL, &id));
    assert_status(FwpmFilterDeleteById0(other, id), FWP_E_WRONG_SESSION);
    assert_status(FwpmFilterDeleteByKey0(other, &f.filterKey), FWP_E_WRONG_SESSION);
    /* a static session may not delete it either: it is another dynamic session's */
    assert_status(FwpmFilterDeleteById0(stat, id), FWP_E_WRONG_SESSION);
    assert_status(FwpmFilterDeleteByKey0(stat, &f.filterKey), FWP_E_WRONG_SESSION);
    assert_true(fx_filter_exists(stat, id));
    fx_close(other);
    fx_close(stat);
    fx_close(owner);
}

/* FwpmFilterDeleteById0/ByKey0: from a dynamic session, a filter that was not
 * added during a dynamic session is FWP_E_DYNAMIC_SESSION_IN_PROGRESS. */
static void dynamic_session_deleting_a_static_filter_is_dynamic_session_in_progress(void **state)
{
    (void)state;
    HANDLE stat = fx_open(), dyn = fx_open_dynamic();
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(stat, &f, NULL, &id));
    assert_status(FwpmFilterDeleteById0(dyn, id), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_status(FwpmFilterDeleteByKey0(dyn, &f.filterKey), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_true(fx_filter_exists(stat, id));
    /* lookup comes first: an unknown filter is still FWP_E_FILTER_NOT_FOUND */
    assert_status(FwpmFilterDeleteById0(dyn, 0), FWP_E_FILTER_NOT_FOUND);
    GUID unknown = fx_random_guid();
    assert_status(FwpmFilterDeleteByKey0(dyn, &unknown), FWP_E_FILTER_NOT_FOUND);
    /* inside the dynamic session's transaction, the same rule */
    assert_ok(FwpmTransactionBegin0(dyn, 0));
    assert_status(FwpmFilterDeleteById0(dyn, id), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    UINT64 own = fx_add_filter(dyn, &FWPM_LAYER_IPSEC_V6);   /* staged, still its own */
    assert_ok(FwpmFilterDeleteById0(dyn, own));
    assert_ok(FwpmTransactionCommit0(dyn));
    /* the static session that added it deletes it */
    assert_ok(FwpmFilterDeleteByKey0(stat, &f.filterKey));
    assert_false(fx_filter_exists(stat, id));
    fx_close(dyn);
    fx_close(stat);
}

static void static_session_may_delete_other_static_sessions_filter(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmFilterDeleteById0(b, id));
    assert_false(fx_filter_exists(a, id));
    fx_close(a);
    fx_close(b);
}

static void persistent_or_boottime_filter_from_dynamic_session_is_dynamic_session_in_progress(void **state)
{
    (void)state;
    HANDLE dyn = fx_open_dynamic();
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_PERSISTENT;
    assert_status(FwpmFilterAdd0(dyn, &f, NULL, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    f.flags = FWPM_FILTER_FLAG_BOOTTIME;
    assert_status(FwpmFilterAdd0(dyn, &f, NULL, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    /* PERSISTENT|BOOTTIME together is a flags error first */
    f.flags = FWPM_FILTER_FLAG_PERSISTENT | FWPM_FILTER_FLAG_BOOTTIME;
    assert_status(FwpmFilterAdd0(dyn, &f, NULL, NULL), FWP_E_INVALID_FLAGS);
    fx_close(dyn);
}

static void sa_context_create_and_delete_from_dynamic_session_are_dynamic_session_in_progress(void **state)
{
    (void)state;
    HANDLE stat = fx_open(), dyn = fx_open_dynamic();
    fx_ctx c;
    fx_ctx_prepare(stat, FWP_IP_VERSION_V4, &c);
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&c.out);
    UINT64 id = 0;
    assert_status(IPsecSaContextCreate0(dyn, &t0, NULL, &id), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_status(IPsecSaContextCreate1(dyn, &c.out, NULL, NULL, &id), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    fx_ctx existing;
    fx_ctx_create(stat, FWP_IP_VERSION_V4, &existing);
    assert_status(IPsecSaContextDeleteById0(dyn, existing.id), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_true(fx_ctx_exists(stat, existing.id));
    assert_ok(IPsecSaContextDeleteById0(stat, existing.id));
    fx_close(dyn);
    fx_close(stat);
}

static void dynamic_session_may_drive_an_existing_sa_context(void **state)
{
    (void)state;
    HANDLE stat = fx_open(), dyn = fx_open_dynamic();
    fx_ctx c;
    fx_ctx_create(stat, FWP_IP_VERSION_V6, &c);
    c.h = dyn;                       /* GetSpi, AddInbound, AddOutbound, Update, Expire allowed */
    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    fx_ctx_add_outbound(&c, FX_ESP_AUTH);
    IPSEC_SA_CONTEXT1 *cur = NULL;
    assert_ok(IPsecSaContextGetById1(dyn, c.id, &cur));
    cur->inboundSa->saBundle.napContext = 99;
    assert_ok(IPsecSaContextUpdate0(dyn, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, cur));
    FwpmFreeMemory0((void **)&cur);
    fx_set_expire_delay_ms(30);
    assert_ok(IPsecSaContextExpire0(dyn, c.id));
    fx_close(dyn);
    /* SA contexts are not objects of the dynamic session: it survives the close */
    assert_true(fx_wait_ctx_gone(stat, c.id, 3000));
    fx_close(stat);
}

static void sa_context_keeps_copy_of_dynamic_filter_after_session_closes(void **state)
{
    (void)state;
    HANDLE stat = fx_open(), dyn = fx_open_dynamic();
    UINT64 outF = fx_add_filter(dyn, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    UINT64 inF = fx_add_filter(dyn, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    UINT32 net = fx_unique_v4_net();
    IPSEC_TRAFFIC1 out1 = fx_traffic1_v4(net | 1, net | 2, outF);
    IPSEC_TRAFFIC0 out = fx_traffic0_from1(&out1);
    UINT64 id = 0;
    assert_ok(IPsecSaContextCreate0(stat, &out, NULL, &id));
    fx_ctx c;
    memset(&c, 0, sizeof c);
    c.h = stat;
    c.ver = FWP_IP_VERSION_V4;
    c.id = id;
    c.out = out1;
    c.in = fx_traffic1_v4(net | 1, net | 2, inF);
    c.qmSaId = 4242;
    c.outSpi = 0x31337;
    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    fx_ctx_add_outbound(&c, FX_ESP_AUTH);

    fx_close(dyn);
    assert_false(fx_filter_exists(stat, outF));
    assert_false(fx_filter_exists(stat, inF));

    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(stat, id, &ctx));
    assert_non_null(ctx->outboundSa);
    assert_non_null(ctx->outboundSa->transportFilter);
    assert_int_equal(ctx->outboundSa->transportFilter->filterId, outF);
    assert_true(wcscmp(ctx->outboundSa->transportFilter->displayData.name, L"fwpkclnt test filter") == 0);
    assert_non_null(ctx->inboundSa->transportFilter);
    assert_int_equal(ctx->inboundSa->transportFilter->filterId, inF);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextDeleteById0(stat, id));
    fx_close(stat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dynamic_session_filters_are_deleted_when_it_closes),
        cmocka_unit_test(dynamic_session_can_delete_its_own_filters),
        cmocka_unit_test(deleting_another_dynamic_sessions_filter_is_wrong_session),
        cmocka_unit_test(dynamic_session_deleting_a_static_filter_is_dynamic_session_in_progress),
        cmocka_unit_test(static_session_may_delete_other_static_sessions_filter),
        cmocka_unit_test(persistent_or_boottime_filter_from_dynamic_session_is_dynamic_session_in_progress),
        cmocka_unit_test(sa_context_create_and_delete_from_dynamic_session_are_dynamic_session_in_progress),
        cmocka_unit_test(dynamic_session_may_drive_an_existing_sa_context),
        cmocka_unit_test(sa_context_keeps_copy_of_dynamic_filter_after_session_closes),
    };
    return cmocka_run_group_tests_name("dynamic_sessions", tests, NULL, NULL);
}
