/* test_handles.c — engine and enumeration handle misuse across every
 * function: NULL, never-issued/forged values, closed sessions, destroyed
 * enumerators, another session's enumerator, an enumerator of another kind,
 * and the precedence of handle checks over everything else. */
#include "fixtures.h"

enum { KIND_SESSION, KIND_FILTER, KIND_SA_CONTEXT, KIND_SA, KIND_COUNT };

static HANDLE create_enum(HANDLE h, int kind)
{
    HANDLE e = NULL;
    switch (kind) {
    case KIND_SESSION:    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e)); break;
    case KIND_FILTER:     assert_ok(FwpmFilterCreateEnumHandle0(h, NULL, &e)); break;
    case KIND_SA_CONTEXT: assert_ok(IPsecSaContextCreateEnumHandle0(h, NULL, &e)); break;
    case KIND_SA:         assert_ok(IPsecSaCreateEnumHandle0(h, NULL, &e)); break;
    }
    assert_non_null(e);
    return e;
}

/* Calls the Enum function of `kind` (version 0; for SA kinds also version 1)
 * and checks that a failure leaves *entries NULL and the count 0. */
static NTSTATUS enum_call(HANDLE h, HANDLE e, int kind, UINT32 req)
{
    void *entries = (void *)(uintptr_t)0x1;
    UINT32 n = 42;
    NTSTATUS s = STATUS_UNSUCCESSFUL;
    switch (kind) {
    case KIND_SESSION:    s = FwpmSessionEnum0(h, e, req, (FWPM_SESSION0 ***)&entries, &n); break;
    case KIND_FILTER:     s = FwpmFilterEnum0(h, e, req, (FWPM_FILTER0 ***)&entries, &n); break;
    case KIND_SA_CONTEXT: s = IPsecSaContextEnum0(h, e, req, (IPSEC_SA_CONTEXT0 ***)&entries, &n); break;
    case KIND_SA:         s = IPsecSaEnum0(h, e, req, (IPSEC_SA_DETAILS0 ***)&entries, &n); break;
    }
    if (s != STATUS_SUCCESS) {
        assert_null(entries);
        assert_int_equal(n, 0);
    } else {
        FwpmFreeMemory0(&entries);
    }
    if (kind == KIND_SA_CONTEXT || kind == KIND_SA) {
        void *e1 = (void *)(uintptr_t)0x1;
        UINT32 n1 = 42;
        NTSTATUS s1 = kind == KIND_SA_CONTEXT
                          ? IPsecSaContextEnum1(h, e, req, (IPSEC_SA_CONTEXT1 ***)&e1, &n1)
                          : IPsecSaEnum1(h, e, req, (IPSEC_SA_DETAILS1 ***)&e1, &n1);
        if (s != STATUS_SUCCESS)
            assert_status(s1, s);
        if (s1 != STATUS_SUCCESS) {
            assert_null(e1);
            assert_int_equal(n1, 0);
        } else {
            FwpmFreeMemory0(&e1);
        }
    }
    return s;
}

static NTSTATUS destroy_call(HANDLE h, HANDLE e, int kind)
{
    switch (kind) {
    case KIND_SESSION:    return FwpmSessionDestroyEnumHandle0(h, e);
    case KIND_FILTER:     return FwpmFilterDestroyEnumHandle0(h, e);
    case KIND_SA_CONTEXT: return IPsecSaContextDestroyEnumHandle0(h, e);
    case KIND_SA:         return IPsecSaDestroyEnumHandle0(h, e);
    }
    return STATUS_UNSUCCESSFUL;
}

/* Every engine-handle-taking function, called with `h`; each must return
 * STATUS_INVALID_HANDLE.  Arguments are otherwise valid (or NULL, to prove
 * the handle is checked first). */
static void every_function_rejects(HANDLE h, bool nullArgs)
{
    fx_ctx c;
    static HANDLE owner;
    static fx_ctx ready;
    static bool prepared;
    if (!prepared) {
        owner = fx_open();
        fx_ctx_create(owner, FWP_IP_VERSION_V4, &ready);
        prepared = true;
    }
    c = ready;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    GUID key = fx_random_guid();
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&c.out);
    IPSEC_GETSPI0 g0 = fx_getspi0(&c);
    IPSEC_GETSPI1 g1 = fx_getspi1(&c);
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, 0x1000, 1, FWP_IP_VERSION_V4);
    IPSEC_SA_CONTEXT1 nv;
    memset(&nv, 0, sizeof nv);
    nv.saContextId = c.id;
    UINT64 id = 0;
    IPSEC_SA_SPI spi = 0;
    HANDLE e = (HANDLE)(uintptr_t)0x1;
    FWPM_FILTER0 *fp = (FWPM_FILTER0 *)(uintptr_t)0x1;
    IPSEC_SA_CONTEXT0 *c0 = (IPSEC_SA_CONTEXT0 *)(uintptr_t)0x1;
    IPSEC_SA_CONTEXT1 *c1 = (IPSEC_SA_CONTEXT1 *)(uintptr_t)0x1;
    IPSEC_STATISTICS0 s0;
    IPSEC_STATISTICS1 s1;

#define P(x) (nullArgs ? NULL : (x))
    assert_status(FwpmEngineClose0(h), STATUS_INVALID_HANDLE);
    assert_status(FwpmTransactionBegin0(h, 0), STATUS_INVALID_HANDLE);
    assert_status(FwpmTransactionCommit0(h), STATUS_INVALID_HANDLE);
    assert_status(FwpmTransactionAbort0(h), STATUS_INVALID_HANDLE);
    assert_status(FwpmSessionCreateEnumHandle0(h, NULL, P(&e)), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterAdd0(h, P(&f), NULL, P(&id)), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterDeleteById0(h, c.outFilter), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterDeleteByKey0(h, P(&key)), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterGetById0(h, c.outFilter, P(&fp)), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterGetByKey0(h, P(&key), P(&fp)), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterCreateEnumHandle0(h, NULL, P(&e)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextCreate0(h, P(&t0), NULL, P(&id)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextCreate1(h, P(&c.out), NULL, NULL, P(&id)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextGetSpi0(h, c.id, P(&g0), P(&spi)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextGetSpi1(h, c.id, P(&g1), P(&spi)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextSetSpi0(h, c.id, P(&g1), 0x1000), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextAddInbound0(h, c.id, P(&b.b0)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextAddInbound1(h, c.id, P(&b.b1)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextAddOutbound0(h, c.id, P(&b.b0)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextAddOutbound1(h, c.id, P(&b.b1)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextUpdate0(h, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, P(&nv)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextGetById0(h, c.id, P(&c0)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextGetById1(h, c.id, P(&c1)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextDeleteById0(h, c.id), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextExpire0(h, c.id), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextCreateEnumHandle0(h, NULL, P(&e)), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaCreateEnumHandle0(h, NULL, P(&e)), STATUS_INVALID_HANDLE);
    assert_status(IPsecGetStatistics0(h, P(&s0)), STATUS_INVALID_HANDLE);
    assert_status(IPsecGetStatistics1(h, P(&s1)), STATUS_INVALID_HANDLE);
#undef P
    if (!nullArgs) {
        assert_null(fp);          /* out-pointers of returned memory are NULL on failure */
        assert_null(c0);
        assert_null(c1);
    }
    for (int k = 0; k < KIND_COUNT; ++k) {
        assert_status(enum_call(h, (HANDLE)(uintptr_t)0x1, k, 1), STATUS_INVALID_HANDLE);
        assert_status(destroy_call(h, (HANDLE)(uintptr_t)0x1, k), STATUS_INVALID_HANDLE);
    }
    /* nothing happened to the context */
    assert_true(fx_ctx_exists(owner, c.id));
    assert_true(fx_filter_exists(owner, c.outFilter));
}

static void every_function_rejects_a_null_engine_handle(void **state)
{
    (void)state;
    every_function_rejects(NULL, false);
    every_function_rejects(NULL, true);
}

static void every_function_rejects_a_closed_engine_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    fx_close(h);
    every_function_rejects(h, false);
    every_function_rejects(h, true);
}

static void every_function_rejects_forged_engine_handles(void **state)
{
    (void)state;
    HANDLE live = fx_open();
    HANDLE forged[] = {
        (HANDLE)(uintptr_t)1, (HANDLE)(uintptr_t)0xDEADBEEFu, (HANDLE)(uintptr_t)UINTPTR_MAX,
        (HANDLE)((uintptr_t)live + 1), (HANDLE)((uintptr_t)live ^ ((uintptr_t)1 << 62)),
        (HANDLE)&live,   /* a real address that was never issued */
    };
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; ++i)
        every_function_rejects(forged[i], false);
    fx_close(live);
}

static void every_function_rejects_an_enumeration_handle_as_engine_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    for (int k = 0; k < KIND_COUNT; ++k) {
        HANDLE e = create_enum(h, k);
        every_function_rejects(e, false);
        assert_ok(destroy_call(h, e, k));
    }
    fx_close(h);
}

static void engine_handle_as_enumeration_handle_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    for (int k = 0; k < KIND_COUNT; ++k) {
        assert_status(enum_call(h, h, k, 1), STATUS_INVALID_HANDLE);
        assert_status(destroy_call(h, h, k), STATUS_INVALID_HANDLE);
    }
    /* the session is unharmed */
    IPSEC_STATISTICS0 s;
    assert_ok(IPsecGetStatistics0(h, &s));
    fx_close(h);
}

static void null_or_forged_enumeration_handles_are_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE bad[] = { NULL, (HANDLE)(uintptr_t)1, (HANDLE)(uintptr_t)0xFEEDu, (HANDLE)(uintptr_t)UINTPTR_MAX };
    for (int k = 0; k < KIND_COUNT; ++k) {
        HANDLE live = create_enum(h, k);
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            assert_status(enum_call(h, bad[i], k, 1), STATUS_INVALID_HANDLE);
            assert_status(destroy_call(h, bad[i], k), STATUS_INVALID_HANDLE);
        }
        HANDLE near = (HANDLE)((uintptr_t)live ^ ((uintptr_t)1 << 50));
        assert_status(enum_call(h, near, k, 1), STATUS_INVALID_HANDLE);
        assert_status(destroy_call(h, near, k), STATUS_INVALID_HANDLE);
        assert_ok(destroy_call(h, live, k));
    }
    fx_close(h);
}

static void destroyed_enumeration_handle_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    for (int k = 0; k < KIND_COUNT; ++k) {
        HANDLE e = create_enum(h, k);
        assert_ok(enum_call(h, e, k, 1));
        assert_ok(destroy_call(h, e, k));
        assert_status(enum_call(h, e, k, 1), STATUS_INVALID_HANDLE);
        assert_status(destroy_call(h, e, k), STATUS_INVALID_HANDLE);
    }
    fx_close(h);
}

static void enumerator_of_another_kind_is_invalid_handle_and_survives(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    for (int k = 0; k < KIND_COUNT; ++k) {
        HANDLE e = create_enum(h, k);
        for (int other = 0; other < KIND_COUNT; ++other) {
            if (other == k)
                continue;
            assert_status(enum_call(h, e, other, 1), STATUS_INVALID_HANDLE);
            assert_status(destroy_call(h, e, other), STATUS_INVALID_HANDLE);
        }
        assert_ok(enum_call(h, e, k, 0));
        assert_ok(destroy_call(h, e, k));
    }
    fx_close(h);
}

static void destroy_enum_handle_from_other_session_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    for (int k = 0; k < KIND_COUNT; ++k) {
        HANDLE e = create_enum(a, k);
        assert_status(enum_call(b, e, k, 1), STATUS_INVALID_HANDLE);
        assert_status(destroy_call(b, e, k), STATUS_INVALID_HANDLE);
        /* still intact for its owner */
        assert_ok(enum_call(a, e, k, 1));
        assert_ok(destroy_call(a, e, k));
    }
    fx_close(a);
    fx_close(b);
}

static void closing_a_session_releases_its_enumerators(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    HANDLE e[KIND_COUNT];
    for (int k = 0; k < KIND_COUNT; ++k)
        e[k] = create_enum(a, k);
    fx_close(a);
    for (int k = 0; k < KIND_COUNT; ++k) {
        assert_status(enum_call(a, e[k], k, 1), STATUS_INVALID_HANDLE);
        assert_status(enum_call(b, e[k], k, 1), STATUS_INVALID_HANDLE);
        assert_status(destroy_call(b, e[k], k), STATUS_INVALID_HANDLE);
    }
    fx_close(b);
}

static void enumeration_handles_are_never_reused(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    enum { N = 40 };
    HANDLE seen[N * KIND_COUNT];
    int n = 0;
    for (int i = 0; i < N; ++i) {
        for (int k = 0; k < KIND_COUNT; ++k) {
            HANDLE e = create_enum(h, k);
            for (int j = 0; j < n; ++j)
                assert_ptr_not_equal(seen[j], e);
            seen[n++] = e;
            assert_ok(destroy_call(h, e, k));
        }
    }
    /* none of the old values is valid any more */
    for (int j = 0; j < n; ++j)
        assert_status(destroy_call(h, seen[j], j % KIND_COUNT), STATUS_INVALID_HANDLE);
    fx_close(h);
}

static void enumeration_handle_check_precedes_null_pointer_check(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    UINT32 n = 0;
    assert_status(FwpmFilterEnum0(h, NULL, 1, NULL, &n), STATUS_INVALID_HANDLE);
    assert_status(FwpmSessionEnum0(h, NULL, 1, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextEnum0(h, NULL, 1, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextEnum1(h, NULL, 1, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaEnum0(h, NULL, 1, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaEnum1(h, NULL, 1, NULL, NULL), STATUS_INVALID_HANDLE);
    fx_close(h);
}

static void enumerators_may_be_used_inside_transactions(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE e = create_enum(h, KIND_FILTER);
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_ok(enum_call(h, e, KIND_FILTER, 2));
    HANDLE e2 = create_enum(h, KIND_SA_CONTEXT);
    assert_ok(enum_call(h, e2, KIND_SA_CONTEXT, 2));
    assert_ok(FwpmTransactionCommit0(h));
    assert_ok(destroy_call(h, e, KIND_FILTER));
    assert_ok(destroy_call(h, e2, KIND_SA_CONTEXT));
    fx_close(h);
}

/* Enumerators destroyed in any order (oldest first, newest first, from the
 * middle) leave exactly the others usable; closing the session releases the
 * rest.  The session's enumerator list is unlinked in O(1) per destroy. */
static void many_enumerators_destroyed_oldest_first_leave_the_rest_usable(void **state)
{
    (void)state;
    enum { N = 4096 };
    HANDLE h = fx_open();
    HANDLE *e = calloc(N, sizeof *e);
    assert_non_null(e);
    for (int i = 0; i < N; i++)
        e[i] = create_enum(h, i % KIND_COUNT);
    for (int i = 0; i < N / 2; i++) /* oldest first */
        assert_ok(destroy_call(h, e[i], i % KIND_COUNT));
    for (int i = N - 1; i >= 3 * N / 4; i--) /* newest first */
        assert_ok(destroy_call(h, e[i], i % KIND_COUNT));
    for (int i = 0; i < N; i++) {
        bool live = i >= N / 2 && i < 3 * N / 4;
        assert_status(enum_call(h, e[i], i % KIND_COUNT, 1), live ? STATUS_SUCCESS : STATUS_INVALID_HANDLE);
        if (!live)
            assert_status(destroy_call(h, e[i], i % KIND_COUNT), STATUS_INVALID_HANDLE);
    }
    assert_ok(destroy_call(h, e[5 * N / 8], (5 * N / 8) % KIND_COUNT)); /* from the middle */
    assert_ok(FwpmEngineClose0(h));
    HANDLE h2 = fx_open();
    for (int i = N / 2; i < 3 * N / 4; i++)
        assert_status(destroy_call(h2, e[i], i % KIND_COUNT), STATUS_INVALID_HANDLE);
    assert_ok(FwpmEngineClose0(h2));
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_function_rejects_a_null_engine_handle),
        cmocka_unit_test(every_function_rejects_a_closed_engine_handle),
        cmocka_unit_test(every_function_rejects_forged_engine_handles),
        cmocka_unit_test(every_function_rejects_an_enumeration_handle_as_engine_handle),
        cmocka_unit_test(engine_handle_as_enumeration_handle_is_invalid_handle),
        cmocka_unit_test(null_or_forged_enumeration_handles_are_invalid_handle),
        cmocka_unit_test(destroyed_enumeration_handle_is_invalid_handle),
        cmocka_unit_test(enumerator_of_another_kind_is_invalid_handle_and_survives),
        cmocka_unit_test(destroy_enum_handle_from_other_session_is_invalid_handle),
        cmocka_unit_test(closing_a_session_releases_its_enumerators),
        cmocka_unit_test(enumeration_handles_are_never_reused),
        cmocka_unit_test(enumeration_handle_check_precedes_null_pointer_check),
        cmocka_unit_test(enumerators_may_be_used_inside_transactions),
        cmocka_unit_test(many_enumerators_destroyed_oldest_first_leave_the_rest_usable),
    };
    return cmocka_run_group_tests_name("handles", tests, NULL, NULL);
}
