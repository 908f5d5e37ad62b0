/* test_sessions.c — FwpmSessionCreateEnumHandle0 / FwpmSessionEnum0 /
 * FwpmSessionDestroyEnumHandle0. */
#include "fixtures.h"

#include <unistd.h>

static HANDLE open_with_key(const GUID *key, const wchar_t *name, const wchar_t *desc,
                            UINT32 flags, UINT32 timeout)
{
    FWPM_SESSION0 s;
    memset(&s, 0, sizeof s);
    s.sessionKey = *key;
    s.displayData.name = (wchar_t *)name;
    s.displayData.description = (wchar_t *)desc;
    s.flags = flags;
    s.txnWaitTimeoutInMSec = timeout;
    HANDLE h = NULL;
    assert_ok(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &s, &h));
    return h;
}

/* Position of `key` in a full enumeration taken now, or -1. */
static int position_of(HANDLE h, HANDLE e, const GUID *key, UINT32 *count)
{
    FWPM_SESSION0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmSessionEnum0(h, e, 0xFFFFFFFFu, &entries, &n));
    int pos = -1;
    for (UINT32 i = 0; i < n; ++i)
        if (fx_guid_eq(&entries[i]->sessionKey, key))
            pos = (int)i;
    if (count)
        *count = n;
    FwpmFreeMemory0((void **)&entries);
    return pos;
}

static void session_enum_reports_key_display_data_flags_timeout_and_caller(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    HANDLE h = open_with_key(&key, L"alpha session", L"alpha description", FWPM_SESSION_FLAG_DYNAMIC, 777);
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    assert_non_null(e);
    FWPM_SESSION0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmSessionEnum0(h, e, 0xFFFFFFFFu, &entries, &n));
    const FWPM_SESSION0 *me = NULL;
    for (UINT32 i = 0; i < n; ++i)
        if (fx_guid_eq(&entries[i]->sessionKey, &key))
            me = entries[i];
    assert_non_null(me);
    assert_non_null(me->displayData.name);
    assert_true(wcscmp(me->displayData.name, L"alpha session") == 0);
    assert_non_null(me->displayData.description);
    assert_true(wcscmp(me->displayData.description, L"alpha description") == 0);
    assert_int_equal(me->flags, FWPM_SESSION_FLAG_DYNAMIC);
    assert_int_equal(me->txnWaitTimeoutInMSec, 777);
    assert_int_equal(me->processId, (DWORD)getpid());
    assert_null(me->sid);
    assert_null(me->username);
    assert_int_equal(me->kernelMode, 1);
    FwpmFreeMemory0((void **)&entries);
    assert_null(entries);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_enum_returns_sessions_in_opening_order(void **state)
{
    (void)state;
    GUID k[3] = { fx_random_guid(), fx_random_guid(), fx_random_guid() };
    HANDLE h[3];
    for (int i = 0; i < 3; ++i)
        h[i] = open_with_key(&k[i], L"ordered", NULL, 0, 0);
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h[2], NULL, &e));
    FWPM_SESSION0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmSessionEnum0(h[2], e, 0xFFFFFFFFu, &entries, &n));
    int pos[3] = { -1, -1, -1 };
    for (UINT32 i = 0; i < n; ++i)
        for (int j = 0; j < 3; ++j)
            if (fx_guid_eq(&entries[i]->sessionKey, &k[j]))
                pos[j] = (int)i;
    FwpmFreeMemory0((void **)&entries);
    assert_true(pos[0] >= 0);
    assert_true(pos[0] < pos[1]);
    assert_true(pos[1] < pos[2]);
    assert_ok(FwpmSessionDestroyEnumHandle0(h[2], e));
    for (int i = 0; i < 3; ++i)
        fx_close(h[i]);
}

static void session_enum_snapshot_still_lists_session_closed_after_it(void **state)
{
    (void)state;
    GUID before = fx_random_guid();
    HANDLE h = fx_open();
    HANDLE early = open_with_key(&before, L"closed after snapshot", NULL, 0, 0);
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    fx_close(early);
    assert_true(position_of(h, e, &before, NULL) >= 0);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    /* a fresh snapshot no longer lists it */
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    assert_int_equal(position_of(h, e, &before, NULL), -1);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_enum_snapshot_excludes_sessions_opened_later(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    GUID later = fx_random_guid();
    HANDLE late = open_with_key(&later, L"later", NULL, 0, 0);
    assert_int_equal(position_of(h, e, &later, NULL), -1);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(late);
    fx_close(h);
}

static void session_enum_pages_cover_everything_once_and_stop_when_short(void **state)
{
    (void)state;
    HANDLE extra[5];
    for (int i = 0; i < 5; ++i)
        extra[i] = fx_open();
    HANDLE h = fx_open();
    HANDLE all = NULL, paged = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &all));
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &paged));
    FWPM_SESSION0 **entries = NULL;
    UINT32 total = 0;
    assert_ok(FwpmSessionEnum0(h, all, 0xFFFFFFFFu, &entries, &total));
    assert_true(total >= 6);
    GUID *keys = calloc(total, sizeof(GUID));
    for (UINT32 i = 0; i < total; ++i)
        keys[i] = entries[i]->sessionKey;
    FwpmFreeMemory0((void **)&entries);

    UINT32 seen = 0;
    for (;;) {
        UINT32 n = 99;
        assert_ok(FwpmSessionEnum0(h, paged, 2, &entries, &n));
        assert_true(n <= 2);
        for (UINT32 i = 0; i < n; ++i) {
            assert_true(seen < total);
            assert_true(fx_guid_eq(&entries[i]->sessionKey, &keys[seen]));
            ++seen;
        }
        FwpmFreeMemory0((void **)&entries);
        if (n < 2)
            break;
    }
    assert_int_equal(seen, total);
    /* exhausted: further calls succeed with 0 entries and NULL */
    UINT32 n = 99;
    entries = (FWPM_SESSION0 **)(uintptr_t)0x1;
    assert_ok(FwpmSessionEnum0(h, paged, 10, &entries, &n));
    assert_int_equal(n, 0);
    assert_null(entries);
    free(keys);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, all));
    assert_ok(FwpmSessionDestroyEnumHandle0(h, paged));
    fx_close(h);
    for (int i = 0; i < 5; ++i)
        fx_close(extra[i]);
}

static void session_enum_of_zero_entries_returns_null_and_keeps_position(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    FWPM_SESSION0 **entries = (FWPM_SESSION0 **)(uintptr_t)0x1;
    UINT32 n = 99;
    assert_ok(FwpmSessionEnum0(h, e, 0, &entries, &n));
    assert_int_equal(n, 0);
    assert_null(entries);
    /* the enumerator did not advance nor end: the own session is still there */
    n = 0;
    assert_ok(FwpmSessionEnum0(h, e, 0xFFFFFFFFu, &entries, &n));
    assert_true(n >= 1);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_enum_copies_display_data_deeply(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    wchar_t *name = malloc(16 * sizeof(wchar_t));
    wcscpy(name, L"heap name");
    HANDLE h = open_with_key(&key, name, NULL, 0, 0);
    wmemset(name, L'Z', 9);
    free(name);
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    FWPM_SESSION0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmSessionEnum0(h, e, 0xFFFFFFFFu, &entries, &n));
    bool found = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (fx_guid_eq(&entries[i]->sessionKey, &key)) {
            found = true;
            assert_true(wcscmp(entries[i]->displayData.name, L"heap name") == 0);
            assert_null(entries[i]->displayData.description);
        }
    }
    assert_true(found);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_enum_template_with_zero_reserved_lists_all(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    HANDLE h = open_with_key(&key, L"template", NULL, 0, 0);
    FWPM_SESSION_ENUM_TEMPLATE0 t = { 0 };
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, &t, &e));
    assert_true(position_of(h, e, &key, NULL) >= 0);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_enum_template_with_nonzero_reserved_is_reserved(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_SESSION_ENUM_TEMPLATE0 t = { 1 };
    HANDLE e = (HANDLE)(uintptr_t)0x1;
    assert_status(FwpmSessionCreateEnumHandle0(h, &t, &e), FWP_E_RESERVED);
    fx_close(h);
}

static void session_create_enum_handle_inside_transaction_is_txn_in_progress(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE e = NULL;
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_status(FwpmSessionCreateEnumHandle0(h, NULL, &e), FWP_E_TXN_IN_PROGRESS);
    assert_ok(FwpmTransactionAbort0(h));
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_status(FwpmSessionCreateEnumHandle0(h, NULL, &e), FWP_E_TXN_IN_PROGRESS);
    assert_ok(FwpmTransactionCommit0(h));
    /* outside the transaction again it works */
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_enum_null_pointers_are_null_pointer(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(FwpmSessionCreateEnumHandle0(h, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    FWPM_SESSION0 **entries = NULL;
    UINT32 n = 0;
    assert_status(FwpmSessionEnum0(h, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(FwpmSessionEnum0(h, e, 1, &entries, NULL), FWP_E_NULL_POINTER);
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    fx_close(h);
}

static void session_destroy_enum_twice_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    HANDLE e = NULL;
    assert_ok(FwpmSessionCreateEnumHandle0(h, NULL, &e));
    assert_ok(FwpmSessionDestroyEnumHandle0(h, e));
    assert_status(FwpmSessionDestroyEnumHandle0(h, e), STATUS_INVALID_HANDLE);
    FWPM_SESSION0 **entries = (FWPM_SESSION0 **)(uintptr_t)0x1;
    UINT32 n = 7;
    assert_status(FwpmSessionEnum0(h, e, 1, &entries, &n), STATUS_INVALID_HANDLE);
    assert_null(entries);
    assert_int_equal(n, 0);
    fx_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(session_enum_reports_key_display_data_flags_timeout_and_caller),
        cmocka_unit_test(session_enum_returns_sessions_in_opening_order),
        cmocka_unit_test(session_enum_snapshot_still_lists_session_closed_after_it),
        cmocka_unit_test(session_enum_snapshot_excludes_sessions_opened_later),
        cmocka_unit_test(session_enum_pages_cover_everything_once_and_stop_when_short),
        cmocka_unit_test(session_enum_of_zero_entries_returns_null_and_keeps_position),
        cmocka_unit_test(session_enum_copies_display_data_deeply),
        cmocka_unit_test(session_enum_template_with_zero_reserved_lists_all),
        cmocka_unit_test(session_enum_template_with_nonzero_reserved_is_reserved),
        cmocka_unit_test(session_create_enum_handle_inside_transaction_is_txn_in_progress),
        cmocka_unit_test(session_enum_null_pointers_are_null_pointer),
        cmocka_unit_test(session_destroy_enum_twice_is_invalid_handle),
    };
    return cmocka_run_group_tests_name("sessions", tests, NULL, NULL);
}
