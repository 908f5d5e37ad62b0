/* test_concurrency.c — several pthreads on separate sessions and on one
 * shared session; invariants (unique IDs and SPIs, nothing lost, nothing
 * left behind, only documented codes) are checked once the threads end. */
#include "fixtures.h"

#include <pthread.h>
#include <stdatomic.h>

#define THREADS 8
#define ROUNDS 40

/* cmocka's assertions are not thread-safe: worker threads record failures
 * here and the main thread asserts on them. */
typedef struct worker {
    int index;
    HANDLE h;                 /* own or shared session */
    pthread_barrier_t *start;
    UINT64 filterIds[ROUNDS];
    UINT64 ctxIds[ROUNDS];
    IPSEC_SA_SPI spis[ROUNDS];
    int done;
    NTSTATUS firstError;
    int errorLine;
    /* shared-race tests */
    UINT64 ctxId;
    IPSEC_GETSPI1 getSpi;
    IPSEC_SA_SPI wantedSpi;
    NTSTATUS result;
    IPSEC_SA_SPI gotSpi;
    unsigned unexpected;
} worker;

#define W_CHECK(w, expr)                                   \
    do {                                                   \
        NTSTATUS s_ = (expr);                              \
        if (s_ != STATUS_SUCCESS && (w)->firstError == 0) { \
            (w)->firstError = s_;                          \
            (w)->errorLine = __LINE__;                     \
        }                                                  \
        if (s_ != STATUS_SUCCESS)                          \
            return NULL;                                   \
    } while (0)

static void report(const worker *w)
{
    if (w->firstError != 0)
        fail_msg("thread %d: 0x%08X %s at line %d", w->index, (unsigned)w->firstError,
                 fx_status_str(w->firstError), w->errorLine);
}

/* A full SA lifecycle done without cmocka assertions (usable in threads). */
static void *lifecycle_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < ROUNDS; ++r) {
        FWPM_FILTER0 f;
        fx_filter_init(&f, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
        UINT64 outF = 0, inF = 0;
        W_CHECK(w, FwpmFilterAdd0(w->h, &f, NULL, &outF));
        fx_filter_init(&f, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
        W_CHECK(w, FwpmFilterAdd0(w->h, &f, NULL, &inF));
        w->filterIds[r] = outF;
        UINT32 local = FX_V4(100, 64 + w->index, r, 1);
        UINT32 remote = FX_V4(100, 64 + w->index, r, 2);
        IPSEC_TRAFFIC1 out1 = fx_traffic1_v4(local, remote, outF);
        IPSEC_TRAFFIC0 out0 = fx_traffic0_from1(&out1);
        UINT64 id = 0;
        W_CHECK(w, IPsecSaContextCreate0(w->h, &out0, NULL, &id));
        w->ctxIds[r] = id;
        IPSEC_GETSPI0 g;
        memset(&g, 0, sizeof g);
        IPSEC_TRAFFIC1 in1 = fx_traffic1_v4(local, remote, inF);
        g.inboundIpsecTraffic = fx_traffic0_from1(&in1);
        g.ipVersion = FWP_IP_VERSION_V4;
        IPSEC_SA_SPI spi = 0;
        W_CHECK(w, IPsecSaContextGetSpi0(w->h, id, &g, &spi));
        w->spis[r] = spi;
        fx_bundle b;
        fx_bundle_init(&b, FX_ESP_AUTH_AND_CIPHER, spi, (UINT32)(w->index * 1000 + r), FWP_IP_VERSION_V4);
        W_CHECK(w, IPsecSaContextAddInbound0(w->h, id, &b.b0));
        fx_bundle_init(&b, FX_ESP_AUTH_AND_CIPHER, 0x30000000u + (UINT32)(w->index * 1000 + r),
                       (UINT32)(w->index * 1000 + r), FWP_IP_VERSION_V4);
        W_CHECK(w, IPsecSaContextAddOutbound0(w->h, id, &b.b0));
        IPSEC_SA_CONTEXT1 *ctx = NULL;
        W_CHECK(w, IPsecSaContextGetById1(w->h, id, &ctx));
        if (!ctx->inboundSa || !ctx->outboundSa || ctx->inboundSa->saBundle.saList[0].spi != spi)
            w->unexpected++;
        FwpmFreeMemory0((void **)&ctx);
        if (r % 2 == 0) {                   /* delete half of them again */
            W_CHECK(w, IPsecSaContextDeleteById0(w->h, id));
            W_CHECK(w, FwpmFilterDeleteById0(w->h, inF));
        }
        w->done++;
    }
    return NULL;
}

static void run_lifecycles(bool shared)
{
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    worker *w = calloc(THREADS, sizeof *w);
    HANDLE sharedH = shared ? fx_open_timeout(0xFFFFFFFFu) : NULL;
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        w[i].index = i + (shared ? THREADS : 0);
        w[i].h = shared ? sharedH : fx_open_timeout(0xFFFFFFFFu);
        w[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, lifecycle_worker, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; ++i)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);

    HANDLE h = fx_open();
    for (int i = 0; i < THREADS; ++i) {
        report(&w[i]);
        assert_int_equal(w[i].done, ROUNDS);
        assert_int_equal(w[i].unexpected, 0);
    }
    /* IDs and SPIs are unique across all threads */
    for (int i = 0; i < THREADS; ++i)
        for (int r = 0; r < ROUNDS; ++r) {
            assert_true(w[i].spis[r] >= 256);
            for (int j = i; j < THREADS; ++j)
                for (int q = (j == i ? r + 1 : 0); q < ROUNDS; ++q) {
                    assert_true(w[i].ctxIds[r] != w[j].ctxIds[q]);
                    assert_true(w[i].filterIds[r] != w[j].filterIds[q]);
                    assert_true(w[i].spis[r] != w[j].spis[q]);
                }
        }
    /* exactly the odd rounds' contexts are left, complete; then clean up */
    for (int i = 0; i < THREADS; ++i)
        for (int r = 0; r < ROUNDS; ++r) {
            bool exists = fx_ctx_exists(h, w[i].ctxIds[r]);
            assert_int_equal(exists, r % 2 == 1);
            if (exists)
                assert_ok(IPsecSaContextDeleteById0(h, w[i].ctxIds[r]));
        }
    /* every filter the threads kept is there exactly once in an enumeration */
    UINT64 *ids = calloc(100000, sizeof(UINT64));
    UINT32 n = fx_filter_enum_ids(h, NULL, 97, ids, 100000);
    for (int i = 0; i < THREADS; ++i)
        for (int r = 0; r < ROUNDS; ++r)
            assert_true(fx_ids_contain(ids, n, w[i].filterIds[r]));
    free(ids);
    if (shared)
        fx_close(sharedH);
    else
        for (int i = 0; i < THREADS; ++i)
            fx_close(w[i].h);
    fx_close(h);
    free(w);
}

static void lifecycles_on_separate_sessions_keep_ids_and_spis_unique(void **state)
{
    (void)state;
    run_lifecycles(false);
}

static void lifecycles_on_one_shared_session_keep_ids_and_spis_unique(void **state)
{
    (void)state;
    run_lifecycles(true);
}

/* ---- Races on one object ------------------------------------------------------- */

static void *set_spi_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    w->result = IPsecSaContextSetSpi0(w->h, w->ctxId, &w->getSpi, w->wantedSpi);
    return NULL;
}

static void racing_set_spi_of_one_value_succeeds_exactly_once(void **state)
{
    (void)state;
    HANDLE h = fx_open_timeout(0xFFFFFFFFu);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    worker w[THREADS];
    fx_ctx c[THREADS];
    memset(w, 0, sizeof w);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        fx_ctx_create(h, FWP_IP_VERSION_V4, &c[i]);
        w[i].h = i % 2 ? h : fx_open_timeout(0xFFFFFFFFu);
        w[i].start = &start;
        w[i].ctxId = c[i].id;
        w[i].getSpi = fx_getspi1(&c[i]);
        w[i].wantedSpi = 0x00C0FFEEu;
        assert_int_equal(pthread_create(&th[i], NULL, set_spi_worker, &w[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < THREADS; ++i) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        if (w[i].result == STATUS_SUCCESS)
            ++ok;
        else
            assert_status(w[i].result, FWP_E_ALREADY_EXISTS);
    }
    assert_int_equal(ok, 1);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < THREADS; ++i) {
        assert_ok(IPsecSaContextDeleteById0(h, c[i].id));
        if (w[i].h != h)
            fx_close(w[i].h);
    }
    fx_close(h);
}

static void *get_spi_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    w->result = IPsecSaContextGetSpi1(w->h, w->ctxId, &w->getSpi, &w->gotSpi);
    return NULL;
}

static void racing_get_spi_on_one_context_returns_one_spi(void **state)
{
    (void)state;
    HANDLE h = fx_open_timeout(0xFFFFFFFFu);
    fx_ctx c;
    fx_ctx_create(h, FWP_IP_VERSION_V6, &c);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    worker w[THREADS];
    memset(w, 0, sizeof w);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        w[i].h = h;
        w[i].start = &start;
        w[i].ctxId = c.id;
        w[i].getSpi = fx_getspi1(&c);
        assert_int_equal(pthread_create(&th[i], NULL, get_spi_worker, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; ++i) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_ok(w[i].result);
        assert_true(w[i].gotSpi >= 256);
        assert_int_equal(w[i].gotSpi, w[0].gotSpi);
    }
    pthread_barrier_destroy(&start);
    assert_ok(IPsecSaContextDeleteById0(h, c.id));
    fx_close(h);
}

/* ---- Transactions from many threads ------------------------------------------------ */

static void *txn_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < 10; ++r) {
        W_CHECK(w, FwpmTransactionBegin0(w->h, 0));
        FWPM_FILTER0 f;
        fx_filter_init(&f, &FWPM_LAYER_IPSEC_V6);
        W_CHECK(w, FwpmFilterAdd0(w->h, &f, NULL, &w->filterIds[2 * r]));
        W_CHECK(w, FwpmFilterAdd0(w->h, &f, NULL, &w->filterIds[2 * r + 1]));
        if (r % 3 == 0) {
            W_CHECK(w, FwpmTransactionAbort0(w->h));
            w->filterIds[2 * r] = w->filterIds[2 * r + 1] = 0;
        } else {
            W_CHECK(w, FwpmTransactionCommit0(w->h));
        }
        w->done++;
    }
    return NULL;
}

static void concurrent_write_transactions_serialise_and_all_commit(void **state)
{
    (void)state;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    worker *w = calloc(THREADS, sizeof *w);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        w[i].index = i;
        w[i].h = fx_open_timeout(0xFFFFFFFFu);
        w[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, txn_worker, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; ++i)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);
    HANDLE h = fx_open();
    for (int i = 0; i < THREADS; ++i) {
        report(&w[i]);
        assert_int_equal(w[i].done, 10);
        for (int k = 0; k < 20; ++k) {
            if (w[i].filterIds[k] == 0)
                continue;
            assert_true(fx_filter_exists(h, w[i].filterIds[k]));
            assert_ok(FwpmFilterDeleteById0(h, w[i].filterIds[k]));
        }
        fx_close(w[i].h);
    }
    fx_close(h);
    free(w);
}

/* ---- Enumerating while others write --------------------------------------------------- */

static atomic_int g_stop;

static void *writer_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    while (!atomic_load(&g_stop)) {
        UINT64 id = 0;
        FWPM_FILTER0 f;
        fx_filter_init(&f, &FWPM_LAYER_IKEEXT_V4);
        W_CHECK(w, FwpmFilterAdd0(w->h, &f, NULL, &id));
        W_CHECK(w, FwpmFilterDeleteById0(w->h, id));
        w->done++;
    }
    return NULL;
}

static void *reader_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < 50; ++r) {
        HANDLE e = NULL;
        W_CHECK(w, FwpmFilterCreateEnumHandle0(w->h, NULL, &e));
        UINT64 last = 0;
        for (;;) {
            FWPM_FILTER0 **entries = NULL;
            UINT32 n = 0;
            W_CHECK(w, FwpmFilterEnum0(w->h, e, 5, &entries, &n));
            for (UINT32 i = 0; i < n; ++i) {
                if (entries[i]->filterId <= last || entries[i]->displayData.name == NULL)
                    w->unexpected++;
                last = entries[i]->filterId;
            }
            FwpmFreeMemory0((void **)&entries);
            if (n < 5)
                break;
        }
        W_CHECK(w, FwpmFilterDestroyEnumHandle0(w->h, e));
        IPSEC_STATISTICS0 st;
        W_CHECK(w, IPsecGetStatistics0(w->h, &st));
        w->done++;
    }
    return NULL;
}

static void enumerations_stay_consistent_while_other_threads_write(void **state)
{
    (void)state;
    atomic_store(&g_stop, 0);
    HANDLE shared = fx_open_timeout(0xFFFFFFFFu);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    worker *w = calloc(THREADS, sizeof *w);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        w[i].index = i;
        w[i].h = i < THREADS / 2 ? fx_open_timeout(0xFFFFFFFFu) : shared;
        w[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, i % 2 ? reader_worker : writer_worker, &w[i]), 0);
    }
    for (int i = 1; i < THREADS; i += 2)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    atomic_store(&g_stop, 1);
    for (int i = 0; i < THREADS; i += 2)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < THREADS; ++i) {
        report(&w[i]);
        assert_int_equal(w[i].unexpected, 0);
        if (i % 2)
            assert_int_equal(w[i].done, 50);
        if (w[i].h != shared)
            fx_close(w[i].h);
    }
    fx_close(shared);
    free(w);
}

/* ---- Closing a session while other threads use it ------------------------------------ */

static void *user_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < 2000; ++r) {
        IPSEC_STATISTICS0 st;
        NTSTATUS s = IPsecGetStatistics0(w->h, &st);
        FWPM_FILTER0 *f = NULL;
        NTSTATUS s2 = FwpmFilterGetById0(w->h, w->ctxId, &f);
        if (s2 == STATUS_SUCCESS)
            FwpmFreeMemory0((void **)&f);
        else if (f != NULL)
            w->unexpected++;
        if ((s != STATUS_SUCCESS && s != STATUS_INVALID_HANDLE) ||
            (s2 != STATUS_SUCCESS && s2 != STATUS_INVALID_HANDLE))
            w->unexpected++;
        if (s == STATUS_INVALID_HANDLE)
            w->done++;
    }
    return NULL;
}

static void closing_a_session_under_concurrent_use_gives_success_or_invalid_handle(void **state)
{
    (void)state;
    HANDLE keeper = fx_open();
    UINT64 filter = fx_add_filter(keeper, &FWPM_LAYER_IPSEC_V4);
    HANDLE victim = fx_open();
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS + 1);
    worker w[THREADS];
    memset(w, 0, sizeof w);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        w[i].h = victim;
        w[i].ctxId = filter;
        w[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, user_worker, &w[i]), 0);
    }
    pthread_barrier_wait(&start);
    fx_sleep_ms(2);
    assert_ok(FwpmEngineClose0(victim));
    for (int i = 0; i < THREADS; ++i) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].unexpected, 0);
    }
    pthread_barrier_destroy(&start);
    assert_status(FwpmEngineClose0(victim), STATUS_INVALID_HANDLE);
    assert_ok(FwpmFilterDeleteById0(keeper, filter));
    fx_close(keeper);
}

/* ---- Sessions opened and closed from many threads --------------------------------------- */

static void *open_close_worker(void *p)
{
    worker *w = p;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < 100; ++r) {
        HANDLE h = NULL;
        FWPM_SESSION0 s;
        memset(&s, 0, sizeof s);
        s.flags = r % 2 ? FWPM_SESSION_FLAG_DYNAMIC : 0;
        W_CHECK(w, FwpmEngineOpen0(NULL, RPC_C_AUTHN_DEFAULT, NULL, &s, &h));
        UINT64 id = 0;
        FWPM_FILTER0 f;
        fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
        W_CHECK(w, FwpmFilterAdd0(h, &f, NULL, &id));
        if (r % 2 == 0)
            W_CHECK(w, FwpmFilterDeleteById0(h, id));
        else
            w->filterIds[(r / 2) % ROUNDS] = id;   /* dynamic: must vanish on close */
        W_CHECK(w, FwpmEngineClose0(h));
        if (FwpkStatusName(FWP_E_NOT_FOUND) == NULL)
            w->unexpected++;
        w->done++;
    }
    return NULL;
}

static void sessions_opened_and_closed_concurrently_leave_no_dynamic_filters(void **state)
{
    (void)state;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    worker *w = calloc(THREADS, sizeof *w);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; ++i) {
        w[i].start = &start;
        assert_int_equal(pthread_create(&th[i], NULL, open_close_worker, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; ++i)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&start);
    HANDLE h = fx_open();
    for (int i = 0; i < THREADS; ++i) {
        report(&w[i]);
        assert_int_equal(w[i].done, 100);
        assert_int_equal(w[i].unexpected, 0);
        for (int k = 0; k < ROUNDS; ++k)
            if (w[i].filterIds[k])
                assert_false(fx_filter_exists(h, w[i].filterIds[k]));
    }
    fx_close(h);
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lifecycles_on_separate_sessions_keep_ids_and_spis_unique),
        cmocka_unit_test(lifecycles_on_one_shared_session_keep_ids_and_spis_unique),
        cmocka_unit_test(racing_set_spi_of_one_value_succeeds_exactly_once),
        cmocka_unit_test(racing_get_spi_on_one_context_returns_one_spi),
        cmocka_unit_test(concurrent_write_transactions_serialise_and_all_commit),
        cmocka_unit_test(enumerations_stay_consistent_while_other_threads_write),
        cmocka_unit_test(closing_a_session_under_concurrent_use_gives_success_or_invalid_handle),
        cmocka_unit_test(sessions_opened_and_closed_concurrently_leave_no_dynamic_filters),
    };
    return cmocka_run_group_tests_name("concurrency", tests, NULL, NULL);
}
