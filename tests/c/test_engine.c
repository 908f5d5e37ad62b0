/* test_engine.c — FwpmEngineOpen0 / FwpmEngineClose0, FwpmFreeMemory0,
 * FwpkLibVersion / FwpkLibVersionNumber / FwpkStatusName. */
#include "fixtures.h"

#include <unistd.h>

/* Finds the session with `key` through session enumeration; copies it into
 * *out (strings are not copied) and returns true when found. */
static bool find_session(HANDLE h, const GUID *key, FWPM_SESSION0 *out, wchar_t *name, size_t nameLen)
{
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    FWPM_SESSION0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmSessionEnum0(h, e, 0xFFFFFFFFu, &entries, &n));
    bool found = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (fx_guid_eq(&entries[i]->sessionKey, key)) {
            *out = *entries[i];
            if (name && entries[i]->displayData.name)
                wcsncpy(name, entries[i]->displayData.name, nameLen);
            found = true;
        }
    }
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    return found;
}

/* ---- FwpmEngineOpen0 ---------------------------------------------------- */

static void open_with_null_session_returns_open_handle(void **state)
{
    (void)state;
    HANDLE h = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h));
    assert_non_null(h);
    /* the handle works */
    IPSEC_STATISTICS0 st;
    assert_ok(IPsecGetStatistics0(h, &st));
    fx_close(h);
}

static void open_accepts_authn_winnt_and_authn_default(void **state)
{
    (void)state;
    HANDLE a = NULL, b = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &a));
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_DEFAULT, NULL, NULL, &b));
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    fx_close(a);
    fx_close(b);
}

static void open_with_other_authn_service_is_invalid_parameter(void **state)
{
    (void)state;
    HANDLE h = NULL;
    assert_status(FwpmEngineOpen0(NULL, RPC_C_AUTHN_NONE, NULL, NULL, &h), FWP_E_INVALID_PARAMETER);
    assert_status(FwpmEngineOpen0(NULL, 9 /* RPC_C_AUTHN_GSS_NEGOTIATE */, NULL, NULL, &h), FWP_E_INVALID_PARAMETER);
    assert_status(FwpmEngineOpen0(NULL, 16 /* RPC_C_AUTHN_GSS_KERBEROS */, NULL, NULL, &h), FWP_E_INVALID_PARAMETER);
}

static void open_with_server_name_is_invalid_parameter(void **state)
{
    (void)state;
    HANDLE h = NULL;
    assert_status(FwpmEngineOpen0(L"remote-host", RPC_C_AUTHN_WINNT, NULL, NULL, &h), FWP_E_INVALID_PARAMETER);
    assert_status(FwpmEngineOpen0(L"", RPC_C_AUTHN_WINNT, NULL, NULL, &h), FWP_E_INVALID_PARAMETER);
}

static void open_with_null_engine_handle_out_is_null_pointer(void **state)
{
    (void)state;
    assert_status(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, NULL), FWP_E_NULL_POINTER);
}

static void open_ignores_auth_identity(void **state)
{
    (void)state;
    USHORT user[] = { 'u', 0 };
    SEC_WINNT_AUTH_IDENTITY_W id = { user, 1, NULL, 0, NULL, 0, 0xFFFFFFFFu };
    HANDLE h = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, &id, NULL, &h));
    fx_close(h);
}

static void open_with_unknown_session_flag_is_invalid_flags(void **state)
{
    (void)state;
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    HANDLE h = NULL;
    s.flags = 0x2;
    assert_status(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h), FWP_E_INVALID_FLAGS);
    s.flags = FWPM_SESSION_FLAG_RESERVED;
    assert_status(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h), FWP_E_INVALID_FLAGS);
    s.flags = FWPM_SESSION_FLAG_DYNAMIC | 0x80000000u;
    assert_status(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h), FWP_E_INVALID_FLAGS);
}

static void open_with_dynamic_flag_succeeds_and_is_reported(void **state)
{
    (void)state;
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.sessionKey = fx_random_guid();
    s.flags = FWPM_SESSION_FLAG_DYNAMIC;
    HANDLE h = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h));
    FWPM_SESSION0 got;
    assert_true(find_session(h, &s.sessionKey, &got, NULL, 0));
    assert_int_equal(got.flags, FWPM_SESSION_FLAG_DYNAMIC);
    fx_close(h);
}

static void open_with_key_of_open_session_is_already_exists(void **state)
{
    (void)state;
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.sessionKey = fx_random_guid();
    HANDLE a = NULL, b = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &a));
    assert_status(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &b), FWP_E_ALREADY_EXISTS);
    fx_close(a);
    /* the key is free again once its session closed */
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &b));
    fx_close(b);
}

static void open_with_zero_key_generates_distinct_random_v4_guids(void **state)
{
    (void)state;
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.displayData.name = L"zero-key session";
    GUID keys[2];
    HANDLE hs[2];
    for (int k = 0; k < 2; ++k) {
        assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &hs[k]));
        /* find it: it is the only session with our name opened last */
        HANDLE e = NULL;
        assert_ok(FwpmSessionCreateEnumHandle0(hs[k], NULL, &e));
        FWPM_SESSION0 **entries = NULL;
        UINT32 n = 0;
        assert_ok(FwpmSessionEnum0(hs[k], e, 0xFFFFFFFFu, &entries, &n));
        assert_true(n >= 1);
        keys[k] = entries[n - 1]->sessionKey;   /* sessions are in opening order */
        FwpmFreeMemory0((void **)&entries);
        assert_ok(FwpmSessionDestroyEnumHandle0(hs[k], e));
        assert_false(fx_guid_is_zero(&keys[k]));
        assert_int_equal(keys[k].Data3 >> 12, 4);            /* version 4 */
        assert_int_equal(keys[k].Data4[0] & 0xC0, 0x80);     /* RFC 4122 variant */
    }
    assert_false(fx_guid_eq(&keys[0], &keys[1]));
    /* the caller's structure is untouched */
    assert_true(fx_guid_is_zero(&s.sessionKey));
    fx_close(hs[0]);
    fx_close(hs[1]);
}

static void open_copies_display_data_and_timeout(void **state)
{
    (void)state;
    wchar_t *name = malloc(32 * sizeof(wchar_t));
    wcscpy(name, L"deep-copied name");
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.sessionKey = fx_random_guid();
    s.displayData.name = name;
    s.txnWaitTimeoutInMSec = 1234;
    HANDLE h = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h));
    wmemset(name, L'X', 31);
    name[31] = 0;
    free(name);
    FWPM_SESSION0 got;
    wchar_t gotName[64] = { 0 };
    assert_true(find_session(h, &s.sessionKey, &got, gotName, 63));
    assert_true(wcscmp(gotName, L"deep-copied name") == 0);
    assert_int_equal(got.txnWaitTimeoutInMSec, 1234);
    fx_close(h);
}

static void open_returns_distinct_handles_that_are_never_reused(void **state)
{
    (void)state;
    enum { N = 64 };
    HANDLE seen[N];
    for (int i = 0; i < N; ++i) {
        HANDLE h = NULL;
        assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h));
        assert_non_null(h);
        for (int j = 0; j < i; ++j)
            assert_ptr_not_equal(seen[j], h);
        seen[i] = h;
        fx_close(h);      /* closing first: the slot is free, the value must still differ */
    }
}

/* ---- FwpmEngineClose0 --------------------------------------------------- */

static void close_twice_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_ok(FwpmEngineClose0(h));
    assert_status(FwpmEngineClose0(h), STATUS_INVALID_HANDLE);
}

static void close_null_or_forged_handle_is_invalid_handle(void **state)
{
    (void)state;
    assert_status(FwpmEngineClose0(NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmEngineClose0((HANDLE)(uintptr_t)1), STATUS_INVALID_HANDLE);
    assert_status(FwpmEngineClose0((HANDLE)(uintptr_t)0xDEADBEEFu), STATUS_INVALID_HANDLE);
    assert_status(FwpmEngineClose0((HANDLE)(uintptr_t)UINTPTR_MAX), STATUS_INVALID_HANDLE);
    /* a live handle value with a flipped bit */
    HANDLE h = fx_open();
    assert_status(FwpmEngineClose0((HANDLE)((uintptr_t)h ^ ((uintptr_t)1 << 40))), STATUS_INVALID_HANDLE);
    fx_close(h);
}

static void close_enum_handle_as_engine_handle_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(h, NULL, &e));
    assert_status(FwpmEngineClose0(e), STATUS_INVALID_HANDLE);
    /* the enumerator survives the failed call */
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(h, e, 1, &entries, &n));
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void closed_session_is_no_longer_enumerated(void **state)
{
    (void)state;
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.sessionKey = fx_random_guid();
    HANDLE h = NULL, other = fx_open();
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h));
    FWPM_SESSION0 got;
    assert_true(find_session(other, &s.sessionKey, &got, NULL, 0));
    fx_close(h);
    assert_false(find_session(other, &s.sessionKey, &got, NULL, 0));
    fx_close(other);
}

static void close_releases_enumerators_transaction_and_dynamic_filters(void **state)
{
    (void)state;
    HANDLE observer = fx_open_timeout(20);
    HANDLE dyn = fx_open_dynamic();
    UINT64 dynFilter = fx_add_filter(dyn, &FWPM_LAYER_IPSEC_V4);
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(dyn, NULL, &e));
    assert_ok(FwpmTransactionBegin0(dyn, 0));
    UINT64 staged = fx_add_filter(dyn, &FWPM_LAYER_IPSEC_V4);
    assert_true(fx_filter_exists(observer, dynFilter));

    fx_close(dyn);

    /* dynamic filter deleted, staged filter never published */
    assert_false(fx_filter_exists(observer, dynFilter));
    assert_false(fx_filter_exists(observer, staged));
    /* the transaction lock is free: observer's write does not time out */
    assert_ok(FwpmTransactionBegin0(observer, 0));
    assert_ok(FwpmTransactionCommit0(observer));
    /* the enumerator is gone */
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_status(FwpmFilterEnum0(dyn, e, 1, &entries, &n), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterDestroyEnumHandle0(observer, e), STATUS_INVALID_HANDLE);
    fx_close(observer);
}

static void close_of_static_session_keeps_its_filters(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    UINT64 id = fx_add_filter(a, &FWPM_LAYER_IPSEC_V6);
    fx_close(a);
    assert_true(fx_filter_exists(b, id));
    assert_ok(FwpmFilterDeleteById0(b, id));
    fx_close(b);
}

/* ---- FwpmFreeMemory0 ---------------------------------------------------- */

static void free_memory_with_null_argument_is_a_no_op(void **state)
{
    (void)state;
    FwpmFreeMemory0(NULL);
    void *p = NULL;
    FwpmFreeMemory0(&p);
    assert_null(p);
}

static void free_memory_releases_block_and_sets_pointer_to_null(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    UINT64 id = fx_add_filter(h, &FWPM_LAYER_IKEEXT_V4);
    FWPM_FILTER0 *f = NULL;
    assert_ok(FwpmFilterGetById0(h, id, &f));
    assert_non_null(f);
    FwpmFreeMemory0((void **)&f);
    assert_null(f);
    /* freeing the NULL pointer again is harmless */
    FwpmFreeMemory0((void **)&f);
    assert_null(f);
    assert_ok(FwpmFilterDeleteById0(h, id));
    fx_close(h);
}

static void returned_blocks_are_8_byte_aligned(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    fx_ctx c;
    fx_ctx_complete(h, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(h, c.id, &ctx));
    assert_int_equal((uintptr_t)ctx % 8, 0);
    assert_int_equal((uintptr_t)ctx->inboundSa % 8, 0);
    assert_int_equal((uintptr_t)ctx->outboundSa % 8, 0);
    assert_int_equal((uintptr_t)ctx->inboundSa->saBundle.saList % 8, 0);
    FwpmFreeMemory0((void **)&ctx);
    FWPM_FILTER0 *f = NULL;
    assert_ok(FwpmFilterGetById0(h, c.outFilter, &f));
    assert_int_equal((uintptr_t)f % 8, 0);
    FwpmFreeMemory0((void **)&f);
    assert_ok(IPsecSaContextDeleteById0(h, c.id));
    fx_close(h);
}

/* ---- Version and status names ----------------------------------------------- */

static void lib_version_matches_the_header(void **state)
{
    (void)state;
    assert_non_null(FwpkLibVersion());
    assert_string_equal(FwpkLibVersion(), FWPKCLNT_VERSION);
    assert_int_equal(FwpkLibVersionNumber(), FWPKCLNT_VERSION_NUMBER);
    /* static storage: the same pointer every time */
    assert_ptr_equal(FwpkLibVersion(), FwpkLibVersion());
}

static void status_name_names_every_code_the_library_returns(void **state)
{
    (void)state;
    for (const fx_status_name *n = fx_library_status_codes; n->name; ++n) {
        const char *got = FwpkStatusName(n->code);
        if (got == NULL)
            fail_msg("FwpkStatusName(0x%08X) is NULL, expected \"%s\"", (unsigned)n->code, n->name);
        assert_string_equal(got, n->name);
    }
}

static void status_name_of_unknown_code_is_null(void **state)
{
    (void)state;
    assert_null(FwpkStatusName((NTSTATUS)0x12345678));
    assert_null(FwpkStatusName((NTSTATUS)0x80329999u));
    assert_null(FwpkStatusName((NTSTATUS)0xC0FFEE00u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_with_null_session_returns_open_handle),
        cmocka_unit_test(open_accepts_authn_winnt_and_authn_default),
        cmocka_unit_test(open_with_other_authn_service_is_invalid_parameter),
        cmocka_unit_test(open_with_server_name_is_invalid_parameter),
        cmocka_unit_test(open_with_null_engine_handle_out_is_null_pointer),
        cmocka_unit_test(open_ignores_auth_identity),
        cmocka_unit_test(open_with_unknown_session_flag_is_invalid_flags),
        cmocka_unit_test(open_with_dynamic_flag_succeeds_and_is_reported),
        cmocka_unit_test(open_with_key_of_open_session_is_already_exists),
        cmocka_unit_test(open_with_zero_key_generates_distinct_random_v4_guids),
        cmocka_unit_test(open_copies_display_data_and_timeout),
        cmocka_unit_test(open_returns_distinct_handles_that_are_never_reused),
        cmocka_unit_test(close_twice_is_invalid_handle),
        cmocka_unit_test(close_null_or_forged_handle_is_invalid_handle),
        cmocka_unit_test(close_enum_handle_as_engine_handle_is_invalid_handle),
        cmocka_unit_test(closed_session_is_no_longer_enumerated),
        cmocka_unit_test(close_releases_enumerators_transaction_and_dynamic_filters),
        cmocka_unit_test(close_of_static_session_keeps_its_filters),
        cmocka_unit_test(free_memory_with_null_argument_is_a_no_op),
        cmocka_unit_test(free_memory_releases_block_and_sets_pointer_to_null),
        cmocka_unit_test(returned_blocks_are_8_byte_aligned),
        cmocka_unit_test(lib_version_matches_the_header),
        cmocka_unit_test(status_name_names_every_code_the_library_returns),
        cmocka_unit_test(status_name_of_unknown_code_is_null),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
