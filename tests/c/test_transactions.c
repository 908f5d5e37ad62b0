/* test_transactions.c — FwpmTransactionBegin0 / Commit0 / Abort0: staging,
 * isolation, read-only transactions, the engine-wide write lock and its
 * timeout, and SA-context calls inside transactions. */
#include "fixtures.h"

#include <pthread.h>

/* ---- Begin / Commit / Abort basics -------------------------------------- */

static void begin_then_commit_and_begin_then_abort_succeed(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(FwpmTransactionCommit0(h));
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(FwpmTransactionAbort0(h));
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_ok(FwpmTransactionCommit0(h));
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_ok(FwpmTransactionAbort0(h));
    fx_close(h);
}

static void begin_with_unknown_flags_is_invalid_flags(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(FwpmTransactionBegin0(h, 0x2), FWP_E_INVALID_FLAGS);
    assert_status(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY | 0x100), FWP_E_INVALID_FLAGS);
    assert_status(FwpmTransactionBegin0(h, 0xFFFFFFFFu), FWP_E_INVALID_FLAGS);
    /* nothing was begun */
    assert_status(FwpmTransactionCommit0(h), FWP_E_NO_TXN_IN_PROGRESS);
    fx_close(h);
}

static void second_begin_in_same_session_is_txn_in_progress(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_status(FwpmTransactionBegin0(h, 0), FWP_E_TXN_IN_PROGRESS);
    assert_status(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY), FWP_E_TXN_IN_PROGRESS);
    assert_ok(FwpmTransactionCommit0(h));
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_status(FwpmTransactionBegin0(h, 0), FWP_E_TXN_IN_PROGRESS);
    assert_ok(FwpmTransactionAbort0(h));
    fx_close(h);
}

static void commit_or_abort_without_transaction_is_no_txn_in_progress(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(FwpmTransactionCommit0(h), FWP_E_NO_TXN_IN_PROGRESS);
    assert_status(FwpmTransactionAbort0(h), FWP_E_NO_TXN_IN_PROGRESS);
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(FwpmTransactionCommit0(h));
    assert_status(FwpmTransactionCommit0(h), FWP_E_NO_TXN_IN_PROGRESS);
    assert_status(FwpmTransactionAbort0(h), FWP_E_NO_TXN_IN_PROGRESS);
    fx_close(h);
}

static void transaction_calls_on_invalid_handle_are_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    fx_close(h);
    assert_status(FwpmTransactionBegin0(h, 0), STATUS_INVALID_HANDLE);
    assert_status(FwpmTransactionCommit0(h), STATUS_INVALID_HANDLE);
    assert_status(FwpmTransactionAbort0(h), STATUS_INVALID_HANDLE);
    assert_status(FwpmTransactionBegin0(NULL, 0), STATUS_INVALID_HANDLE);
    /* handle check comes before the flags check */
    assert_status(FwpmTransactionBegin0(NULL, 0xFF), STATUS_INVALID_HANDLE);
}

/* ---- Staging and isolation ------------------------------------------------ */

static void staged_filter_is_visible_only_to_own_session_until_commit(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_true(fx_filter_exists(a, id));
    assert_false(fx_filter_exists(b, id));
    assert_ok(FwpmTransactionCommit0(a));
    assert_true(fx_filter_exists(b, id));
    assert_ok(FwpmFilterDeleteById0(b, id));
    fx_close(a);
    fx_close(b);
}

static void staged_filter_is_enumerated_by_own_session_only(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V6);
    UINT64 ids[4096];
    UINT32 n = fx_filter_enum_ids(a, NULL, 1000, ids, 4096);
    assert_true(fx_ids_contain(ids, n, id));
    n = fx_filter_enum_ids(b, NULL, 1000, ids, 4096);
    assert_false(fx_ids_contain(ids, n, id));
    assert_ok(FwpmTransactionAbort0(a));
    fx_close(a);
    fx_close(b);
}

static void staged_filter_can_be_fetched_by_key_in_own_session(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IKEEXT_V6);
    f.filterKey = fx_random_guid();
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(a, &f, NULL, &id));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetByKey0(a, &f.filterKey, &got));
    assert_int_equal(got->filterId, id);
    FwpmFreeMemory0((void **)&got);
    assert_status(FwpmFilterGetByKey0(b, &f.filterKey, &got), FWP_E_FILTER_NOT_FOUND);
    assert_null(got);
    assert_ok(FwpmTransactionAbort0(a));
    fx_close(a);
    fx_close(b);
}

static void abort_discards_staged_filter_add(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionAbort0(a));
    assert_false(fx_filter_exists(a, id));
    assert_false(fx_filter_exists(b, id));
    fx_close(a);
    fx_close(b);
}

static void filter_ids_are_not_reused_after_abort(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 aborted = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionAbort0(a));
    UINT64 next = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_true(next > aborted);
    assert_ok(FwpmFilterDeleteById0(a, next));
    fx_close(a);
}

static void staged_delete_is_invisible_to_others_until_commit(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionBegin0(a, 0));
    assert_ok(FwpmFilterDeleteById0(a, id));
    assert_false(fx_filter_exists(a, id));
    assert_true(fx_filter_exists(b, id));
    assert_ok(FwpmTransactionCommit0(a));
    assert_false(fx_filter_exists(b, id));
    fx_close(a);
    fx_close(b);
}

static void abort_restores_staged_delete(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionBegin0(a, 0));
    assert_ok(FwpmFilterDeleteById0(a, id));
    assert_ok(FwpmTransactionAbort0(a));
    assert_true(fx_filter_exists(a, id));
    assert_ok(FwpmFilterDeleteById0(a, id));
    fx_close(a);
}

static void commit_publishes_all_staged_changes_together(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    UINT64 old = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 n1 = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    UINT64 n2 = fx_add_filter(a, &FWPM_LAYER_IPSEC_V6);
    assert_ok(FwpmFilterDeleteById0(a, old));
    assert_true(fx_filter_exists(b, old));
    assert_false(fx_filter_exists(b, n1));
    assert_false(fx_filter_exists(b, n2));
    assert_ok(FwpmTransactionCommit0(a));
    assert_false(fx_filter_exists(b, old));
    assert_true(fx_filter_exists(b, n1));
    assert_true(fx_filter_exists(b, n2));
    assert_ok(FwpmFilterDeleteById0(b, n1));
    assert_ok(FwpmFilterDeleteById0(b, n2));
    fx_close(a);
    fx_close(b);
}

static void failed_call_inside_transaction_does_not_spoil_it(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 good = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    FWPM_FILTER0 bad;
    fx_filter_init(&bad, &FWPM_LAYER_IPSEC_V4);
    bad.displayData.name = NULL;
    assert_status(FwpmFilterAdd0(a, &bad, NULL, NULL), FWP_E_NULL_DISPLAY_NAME);
    assert_status(FwpmFilterDeleteById0(a, 0), FWP_E_FILTER_NOT_FOUND);
    assert_ok(FwpmTransactionCommit0(a));
    assert_true(fx_filter_exists(b, good));
    assert_ok(FwpmFilterDeleteById0(b, good));
    fx_close(a);
    fx_close(b);
}

static void closing_session_aborts_its_transaction(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(20);
    UINT64 kept = fx_add_filter(b, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 staged = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmFilterDeleteById0(a, kept));
    fx_close(a);
    assert_false(fx_filter_exists(b, staged));
    assert_true(fx_filter_exists(b, kept));
    /* and released the write lock */
    assert_ok(FwpmFilterDeleteById0(b, kept));
    fx_close(b);
}

/* ---- Read-only transactions ------------------------------------------------ */

static void read_only_transaction_rejects_filter_writes_with_incompatible_txn(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    assert_ok(FwpmTransactionBegin0(a, FWPM_TXN_READ_ONLY));
    assert_status(FwpmFilterAdd0(a, &f, NULL, NULL), FWP_E_INCOMPATIBLE_TXN);
    assert_status(FwpmFilterDeleteById0(a, id), FWP_E_INCOMPATIBLE_TXN);
    assert_status(FwpmFilterDeleteByKey0(a, &f.filterKey), FWP_E_INCOMPATIBLE_TXN);
    /* reads are fine */
    assert_true(fx_filter_exists(a, id));
    assert_ok(FwpmTransactionCommit0(a));
    /* nothing changed */
    FWPM_FILTER0 *got = NULL;
    assert_status(FwpmFilterGetByKey0(a, &f.filterKey, &got), FWP_E_FILTER_NOT_FOUND);
    assert_true(fx_filter_exists(a, id));
    assert_ok(FwpmFilterDeleteById0(a, id));
    fx_close(a);
}

static void read_only_transaction_rejects_sa_context_writes_with_incompatible_txn(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    fx_ctx created, inbound;
    fx_ctx_create(a, FWP_IP_VERSION_V4, &created);
    fx_ctx_inbound(a, FWP_IP_VERSION_V4, &inbound);
    IPSEC_GETSPI0 g0 = fx_getspi0(&created);
    IPSEC_GETSPI1 g1 = fx_getspi1(&created);
    IPSEC_SA_SPI spi = 0;
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, inbound.outSpi, inbound.qmSaId, FWP_IP_VERSION_V4);

    assert_ok(FwpmTransactionBegin0(a, FWPM_TXN_READ_ONLY));
    assert_status(IPsecSaContextGetSpi0(a, created.id, &g0, &spi), FWP_E_INCOMPATIBLE_TXN);
    assert_status(IPsecSaContextGetSpi1(a, created.id, &g1, &spi), FWP_E_INCOMPATIBLE_TXN);
    assert_status(IPsecSaContextSetSpi0(a, created.id, &g1, 0x4242), FWP_E_INCOMPATIBLE_TXN);
    assert_status(IPsecSaContextAddOutbound0(a, inbound.id, &b.b0), FWP_E_INCOMPATIBLE_TXN);
    assert_status(IPsecSaContextExpire0(a, inbound.id), FWP_E_INCOMPATIBLE_TXN);
    IPSEC_SA_CONTEXT1 *cur = NULL;
    assert_ok(IPsecSaContextGetById1(a, inbound.id, &cur));    /* reads work */
    assert_status(IPsecSaContextUpdate0(a, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, cur), FWP_E_INCOMPATIBLE_TXN);
    FwpmFreeMemory0((void **)&cur);
    assert_ok(FwpmTransactionAbort0(a));

    /* the contexts are untouched: GetSpi still possible, outbound still missing */
    fx_ctx_getspi(&created);
    assert_ok(IPsecSaContextGetById1(a, inbound.id, &cur));
    assert_non_null(cur->inboundSa);
    assert_null(cur->outboundSa);
    FwpmFreeMemory0((void **)&cur);
    assert_ok(IPsecSaContextDeleteById0(a, created.id));
    assert_ok(IPsecSaContextDeleteById0(a, inbound.id));
    fx_close(a);
}

static void read_only_transaction_sees_committed_state_only(void **state)
{
    (void)state;
    HANDLE writer = fx_open(), reader = fx_open();
    assert_ok(FwpmTransactionBegin0(writer, 0));
    UINT64 staged = fx_add_filter(writer, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmTransactionBegin0(reader, FWPM_TXN_READ_ONLY));   /* does not wait */
    assert_false(fx_filter_exists(reader, staged));
    assert_ok(FwpmTransactionCommit0(writer));
    assert_ok(FwpmTransactionCommit0(reader));
    assert_true(fx_filter_exists(reader, staged));
    assert_ok(FwpmFilterDeleteById0(reader, staged));
    fx_close(writer);
    fx_close(reader);
}

/* ---- SA-context calls inside transactions ---------------------------------- */

static void sa_context_create_and_delete_inside_any_transaction_are_txn_in_progress(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    fx_ctx c;
    fx_ctx_prepare(a, FWP_IP_VERSION_V4, &c);
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&c.out);
    fx_ctx existing;
    fx_ctx_create(a, FWP_IP_VERSION_V4, &existing);
    UINT64 id = 0;
    UINT32 flags[2] = { 0, FWPM_TXN_READ_ONLY };
    for (int i = 0; i < 2; ++i) {
        assert_ok(FwpmTransactionBegin0(a, flags[i]));
        assert_status(IPsecSaContextCreate0(a, &t0, NULL, &id), FWP_E_TXN_IN_PROGRESS);
        assert_status(IPsecSaContextCreate1(a, &c.out, NULL, NULL, &id), FWP_E_TXN_IN_PROGRESS);
        assert_status(IPsecSaContextDeleteById0(a, existing.id), FWP_E_TXN_IN_PROGRESS);
        IPSEC_STATISTICS0 s0;
        IPSEC_STATISTICS1 s1;
        assert_status(IPsecGetStatistics0(a, &s0), FWP_E_TXN_IN_PROGRESS);
        assert_status(IPsecGetStatistics1(a, &s1), FWP_E_TXN_IN_PROGRESS);
        assert_ok(FwpmTransactionAbort0(a));
    }
    assert_true(fx_ctx_exists(a, existing.id));
    assert_ok(IPsecSaContextDeleteById0(a, existing.id));
    fx_close(a);
}

static void staged_sa_changes_are_private_until_commit(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    fx_ctx c;
    fx_ctx_create(a, FWP_IP_VERSION_V4, &c);
    assert_ok(FwpmTransactionBegin0(a, 0));
    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(a, c.id, &ctx));
    assert_non_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextGetById0(b, c.id, &ctx));
    assert_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(FwpmTransactionCommit0(a));
    assert_ok(IPsecSaContextGetById0(b, c.id, &ctx));
    assert_non_null(ctx->inboundSa);
    assert_int_equal(ctx->inboundSa->saBundle.saList[0].spi, c.spi);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextDeleteById0(a, c.id));
    fx_close(a);
    fx_close(b);
}

static void abort_undoes_staged_sa_changes_and_releases_the_spi(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    fx_ctx c, other;
    fx_ctx_create(a, FWP_IP_VERSION_V4, &c);
    fx_ctx_create(a, FWP_IP_VERSION_V4, &other);
    assert_ok(FwpmTransactionBegin0(a, 0));
    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    IPSEC_SA_SPI abortedSpi = c.spi;
    assert_ok(FwpmTransactionAbort0(a));

    /* back in CREATED: AddInbound is out of order again */
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, abortedSpi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddInbound0(a, c.id, &b.b0), FWP_E_INCOMPATIBLE_SA_STATE);
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(a, c.id, &ctx));
    assert_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    /* the SPI allocated in the aborted transaction is free for another context */
    IPSEC_GETSPI1 g = fx_getspi1(&other);
    assert_ok(IPsecSaContextSetSpi0(a, other.id, &g, abortedSpi));
    assert_ok(IPsecSaContextDeleteById0(a, c.id));
    assert_ok(IPsecSaContextDeleteById0(a, other.id));
    fx_close(a);
}

static void staged_expire_is_private_until_commit(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    fx_ctx c;
    fx_ctx_complete(a, FWP_IP_VERSION_V4, &c);
    fx_set_expire_delay_ms(60000);
    assert_ok(FwpmTransactionBegin0(a, 0));
    assert_ok(IPsecSaContextExpire0(a, c.id));
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(a, c.id, &ctx));
    assert_null(ctx->outboundSa);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextGetById0(b, c.id, &ctx));
    assert_non_null(ctx->outboundSa);               /* others still see the committed state */
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(FwpmTransactionCommit0(a));
    assert_ok(IPsecSaContextGetById0(b, c.id, &ctx));
    assert_null(ctx->outboundSa);
    assert_non_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextDeleteById0(a, c.id));
    fx_close(a);
    fx_close(b);
}

static void aborted_expire_leaves_the_context_complete(void **state)
{
    (void)state;
    HANDLE a = fx_open();
    fx_ctx c;
    fx_ctx_complete(a, FWP_IP_VERSION_V6, &c);
    fx_set_expire_delay_ms(60000);
    assert_ok(FwpmTransactionBegin0(a, 0));
    assert_ok(IPsecSaContextExpire0(a, c.id));
    assert_ok(FwpmTransactionAbort0(a));
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(a, c.id, &ctx));
    assert_non_null(ctx->outboundSa);
    assert_non_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    fx_set_expire_delay_ms(50);
    assert_ok(IPsecSaContextExpire0(a, c.id));     /* still COMPLETE: may expire again */
    assert_true(fx_wait_ctx_gone(a, c.id, 3000));
    fx_close(a);
}

/* Expire and staged deletes are teardown: they reuse what was reserved when
 * the object was created (docs/design.md, "Teardown needs no memory").
 * Abort gives the reserve back, so the same teardown can be staged again and
 * again; a snapshot taken of an aborted expiring version keeps showing it. */
static void expire_and_delete_can_be_staged_again_after_each_abort(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    fx_ctx c;
    fx_ctx_complete(a, FWP_IP_VERSION_V4, &c);
    UINT64 f = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    fx_set_expire_delay_ms(60000);
    HANDLE snaps[3];
    for (int round = 0; round < 3; round++) {
        assert_ok(FwpmTransactionBegin0(a, 0));
        assert_ok(IPsecSaContextExpire0(a, c.id));
        assert_ok(FwpmFilterDeleteById0(a, f));
        assert_false(fx_filter_exists(a, f));
        assert_ok(IPsecSaContextCreateEnumHandle0(a, NULL, &snaps[round]));
        assert_ok(FwpmTransactionAbort0(a));
        assert_true(fx_filter_exists(a, f));
    }
    for (int round = 0; round < 3; round++) {
        IPSEC_SA_CONTEXT0 **x = NULL;
        UINT32 n = 0;
        bool found = false;
        do {
            assert_ok(IPsecSaContextEnum0(a, snaps[round], 64, &x, &n));
            for (UINT32 i = 0; i < n; i++)
                if (x[i]->saContextId == c.id) {
                    found = true;
                    assert_null(x[i]->outboundSa);   /* the staged expired version */
                    assert_non_null(x[i]->inboundSa);
                }
            FwpmFreeMemory0((void **)&x);
        } while (n == 64);
        assert_true(found);
        assert_ok(IPsecSaContextDestroyEnumHandle0(a, snaps[round]));
    }
    assert_ok(FwpmTransactionBegin0(a, 0));
    assert_ok(IPsecSaContextExpire0(a, c.id));
    assert_ok(FwpmFilterDeleteById0(a, f));
    assert_ok(FwpmTransactionCommit0(a));
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(b, c.id, &ctx));
    assert_null(ctx->outboundSa);
    assert_non_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    assert_false(fx_filter_exists(b, f));
    assert_ok(IPsecSaContextDeleteById0(a, c.id));
    fx_set_expire_delay_ms(50);
    fx_close(a);
    fx_close(b);
}

static void zero_timeout_means_the_documented_default_of_15_seconds(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(0);
    assert_ok(FwpmTransactionBegin0(a, 0));
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    double t = fx_now_ms();
    assert_status(FwpmFilterAdd0(b, &f, NULL, NULL), FWP_E_TIMEOUT);
    double waited = fx_now_ms() - t;
    assert_true(waited >= 14500.0);
    assert_true(waited < 25000.0);
    assert_ok(FwpmTransactionAbort0(a));
    fx_close(a);
    fx_close(b);
}

/* ---- The engine-wide write lock -------------------------------------------- */

static void other_session_write_times_out_while_a_write_transaction_is_open(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(20);
    UINT64 existing = fx_add_filter(b, &FWPM_LAYER_IPSEC_V4);
    fx_ctx c;
    fx_ctx_create(b, FWP_IP_VERSION_V4, &c);
    fx_ctx spare;
    fx_ctx_prepare(b, FWP_IP_VERSION_V4, &spare);
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&spare.out);
    IPSEC_GETSPI0 g0 = fx_getspi0(&c);
    IPSEC_SA_SPI spi = 0;
    UINT64 newId = 0;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);

    assert_ok(FwpmTransactionBegin0(a, 0));

    double t = fx_now_ms();
    assert_status(FwpmFilterAdd0(b, &f, NULL, &newId), FWP_E_TIMEOUT);
    double waited = fx_now_ms() - t;
    assert_true(waited >= 15.0);        /* it did wait for its timeout ... */
    assert_true(waited < 2000.0);       /* ... and not for the default 5 s */
    assert_status(FwpmFilterDeleteById0(b, existing), FWP_E_TIMEOUT);
    assert_status(FwpmTransactionBegin0(b, 0), FWP_E_TIMEOUT);
    assert_status(IPsecSaContextCreate0(b, &t0, NULL, &newId), FWP_E_TIMEOUT);
    assert_status(IPsecSaContextGetSpi0(b, c.id, &g0, &spi), FWP_E_TIMEOUT);
    assert_status(IPsecSaContextDeleteById0(b, c.id), FWP_E_TIMEOUT);
    /* reads never wait */
    assert_true(fx_filter_exists(b, existing));
    assert_true(fx_ctx_exists(b, c.id));

    assert_ok(FwpmTransactionCommit0(a));
    /* lock released: the writes now succeed */
    assert_ok(FwpmFilterDeleteById0(b, existing));
    fx_ctx_getspi(&c);
    assert_ok(IPsecSaContextDeleteById0(b, c.id));
    fx_close(a);
    fx_close(b);
}

static void read_only_begin_by_other_session_does_not_wait_for_write_transaction(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(2000);
    assert_ok(FwpmTransactionBegin0(a, 0));
    double t = fx_now_ms();
    assert_ok(FwpmTransactionBegin0(b, FWPM_TXN_READ_ONLY));
    assert_true(fx_now_ms() - t < 1000.0);
    assert_ok(FwpmTransactionCommit0(b));
    assert_ok(FwpmTransactionCommit0(a));
    fx_close(a);
    fx_close(b);
}

static void read_only_transaction_does_not_block_other_writers(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(20);
    assert_ok(FwpmTransactionBegin0(a, FWPM_TXN_READ_ONLY));
    UINT64 id = fx_add_filter(b, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmFilterDeleteById0(b, id));
    assert_ok(FwpmTransactionBegin0(b, 0));
    assert_ok(FwpmTransactionCommit0(b));
    assert_ok(FwpmTransactionCommit0(a));
    fx_close(a);
    fx_close(b);
}

static void own_writes_inside_own_transaction_never_wait(void **state)
{
    (void)state;
    HANDLE a = fx_open_timeout(20);
    assert_ok(FwpmTransactionBegin0(a, 0));
    double t = fx_now_ms();
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmFilterDeleteById0(a, id));
    assert_true(fx_now_ms() - t < 15.0 * 10);
    assert_ok(FwpmTransactionCommit0(a));
    fx_close(a);
}

typedef struct waiter_arg {
    HANDLE h;
    NTSTATUS result;
    UINT64 id;
} waiter_arg;

static void *add_filter_thread(void *p)
{
    waiter_arg *w = p;
    FWPM_FILTER0 f;
    memset(&f, 0, sizeof f);
    f.displayData.name = L"waiter";
    f.layerKey = FWPM_LAYER_IPSEC_V4;
    f.action.type = FWP_ACTION_PERMIT;
    w->result = FwpmFilterAdd0(w->h, &f, NULL, &w->id);
    return NULL;
}

static void waiting_writer_proceeds_once_the_transaction_commits(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(5000);
    assert_ok(FwpmTransactionBegin0(a, 0));
    UINT64 first = fx_add_filter(a, &FWPM_LAYER_IPSEC_V4);
    waiter_arg w = { b, -1, 0 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, add_filter_thread, &w), 0);
    fx_sleep_ms(50);
    assert_ok(FwpmTransactionCommit0(a));
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_ok(w.result);
    assert_true(w.id > first);    /* applied after the transaction */
    assert_ok(FwpmFilterDeleteById0(a, first));
    assert_ok(FwpmFilterDeleteById0(a, w.id));
    fx_close(a);
    fx_close(b);
}

static void waiting_writer_proceeds_once_the_transaction_aborts(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(0xFFFFFFFFu);   /* INFINITE */
    assert_ok(FwpmTransactionBegin0(a, 0));
    waiter_arg w = { b, -1, 0 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, add_filter_thread, &w), 0);
    fx_sleep_ms(50);
    assert_ok(FwpmTransactionAbort0(a));
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_ok(w.result);
    assert_ok(FwpmFilterDeleteById0(b, w.id));
    fx_close(a);
    fx_close(b);
}

typedef struct blocked_arg {
    HANDLE h;
    bool begin;   /* FwpmTransactionBegin0, else FwpmFilterAdd0 */
    NTSTATUS result;
    int done;     /* set with __atomic_store_n when the call returned */
} blocked_arg;

static void *blocked_writer_thread(void *p)
{
    blocked_arg *w = p;
    if (w->begin) {
        w->result = FwpmTransactionBegin0(w->h, 0);
    } else {
        waiter_arg f = { w->h, -1, 0 };
        add_filter_thread(&f);
        w->result = f.result;
    }
    __atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* Threads of session b wait (INFINITE) for a's write transaction; closing b
 * wakes them at once with STATUS_INVALID_HANDLE while a's transaction is
 * still open, and nothing touches the freed session (ASan/TSan runs). */
static void closing_a_session_wakes_its_waiting_writers_with_invalid_handle(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open_timeout(0xFFFFFFFFu);
    assert_ok(FwpmTransactionBegin0(a, 0));
    blocked_arg w[2] = { { b, true, -1, 0 }, { b, false, -1, 0 } };
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, blocked_writer_thread, &w[i]), 0);
    fx_sleep_ms(100);   /* let both block */
    assert_int_equal(__atomic_load_n(&w[0].done, __ATOMIC_ACQUIRE), 0);
    assert_int_equal(__atomic_load_n(&w[1].done, __ATOMIC_ACQUIRE), 0);
    assert_ok(FwpmEngineClose0(b));
    double t = fx_now_ms();
    while (!(__atomic_load_n(&w[0].done, __ATOMIC_ACQUIRE) && __atomic_load_n(&w[1].done, __ATOMIC_ACQUIRE)) &&
           fx_now_ms() - t < 5000.0)
        fx_sleep_ms(1);
    bool woke = __atomic_load_n(&w[0].done, __ATOMIC_ACQUIRE) && __atomic_load_n(&w[1].done, __ATOMIC_ACQUIRE);
    assert_ok(FwpmTransactionAbort0(a));   /* releases them anyway, so the joins return */
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_true(woke);
    assert_status(w[0].result, STATUS_INVALID_HANDLE);
    assert_status(w[1].result, STATUS_INVALID_HANDLE);
    fx_close(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(begin_then_commit_and_begin_then_abort_succeed),
        cmocka_unit_test(begin_with_unknown_flags_is_invalid_flags),
        cmocka_unit_test(second_begin_in_same_session_is_txn_in_progress),
        cmocka_unit_test(commit_or_abort_without_transaction_is_no_txn_in_progress),
        cmocka_unit_test(transaction_calls_on_invalid_handle_are_invalid_handle),
        cmocka_unit_test(staged_filter_is_visible_only_to_own_session_until_commit),
        cmocka_unit_test(staged_filter_is_enumerated_by_own_session_only),
        cmocka_unit_test(staged_filter_can_be_fetched_by_key_in_own_session),
        cmocka_unit_test(abort_discards_staged_filter_add),
        cmocka_unit_test(filter_ids_are_not_reused_after_abort),
        cmocka_unit_test(staged_delete_is_invisible_to_others_until_commit),
        cmocka_unit_test(abort_restores_staged_delete),
        cmocka_unit_test(commit_publishes_all_staged_changes_together),
        cmocka_unit_test(failed_call_inside_transaction_does_not_spoil_it),
        cmocka_unit_test(closing_session_aborts_its_transaction),
        cmocka_unit_test(read_only_transaction_rejects_filter_writes_with_incompatible_txn),
        cmocka_unit_test(read_only_transaction_rejects_sa_context_writes_with_incompatible_txn),
        cmocka_unit_test(read_only_transaction_sees_committed_state_only),
        cmocka_unit_test(sa_context_create_and_delete_inside_any_transaction_are_txn_in_progress),
        cmocka_unit_test(staged_sa_changes_are_private_until_commit),
        cmocka_unit_test(abort_undoes_staged_sa_changes_and_releases_the_spi),
        cmocka_unit_test(staged_expire_is_private_until_commit),
        cmocka_unit_test(aborted_expire_leaves_the_context_complete),
        cmocka_unit_test(expire_and_delete_can_be_staged_again_after_each_abort),
        cmocka_unit_test(other_session_write_times_out_while_a_write_transaction_is_open),
        cmocka_unit_test(zero_timeout_means_the_documented_default_of_15_seconds),
        cmocka_unit_test(read_only_begin_by_other_session_does_not_wait_for_write_transaction),
        cmocka_unit_test(read_only_transaction_does_not_block_other_writers),
        cmocka_unit_test(own_writes_inside_own_transaction_never_wait),
        cmocka_unit_test(waiting_writer_proceeds_once_the_transaction_commits),
        cmocka_unit_test(waiting_writer_proceeds_once_the_transaction_aborts),
        cmocka_unit_test(closing_a_session_wakes_its_waiting_writers_with_invalid_handle),
    };
    return cmocka_run_group_tests_name("transactions", tests, NULL, NULL);
}
