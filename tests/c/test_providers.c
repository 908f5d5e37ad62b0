/* test_providers.c — FwpmProviderAdd0, DeleteByKey0, GetByKey0,
 * CreateEnumHandle0, Enum0, DestroyEnumHandle0: success paths, deep copies,
 * built-in providers and every documented error path. */
#include "fixtures.h"

/* FWPM_PROVIDER_IKEEXT, a built-in provider (Windows SDK value; fwpm_guids.h
 * does not declare it yet). */
static const GUID PROVIDER_IKEEXT = { 0x10ad9216, 0xccde, 0x456c, { 0x8b, 0x16, 0xe9, 0xf0, 0x4e, 0x60, 0xa9, 0x0b } };

static FWPM_PROVIDER0 provider(const GUID *key)
{
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    if (key)
        p.providerKey = *key;
    p.displayData.name = L"test provider";
    return p;
}

static bool provider_listed(HANDLE h, const FWPM_PROVIDER_ENUM_TEMPLATE0 *t, const GUID *key)
{
    HANDLE e = NULL;
    FWPM_PROVIDER0 **entries = NULL;
    UINT32 n = 0;
    bool found = false;
    assert_ok(FwpmProviderCreateEnumHandle0(h, t, &e));
    for (;;) {
        assert_ok(FwpmProviderEnum0(h, e, 7, &entries, &n));
        for (UINT32 i = 0; i < n; ++i)
            found = found || fx_guid_eq(&entries[i]->providerKey, key);
        FwpmFreeMemory0((void **)&entries);
        if (n < 7)
            break;
    }
    assert_ok(FwpmProviderDestroyEnumHandle0(h, e));
    return found;
}

static void add_then_get_by_key_returns_every_field_as_one_block(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    UINT8 data[3] = { 1, 2, 3 };
    FWPM_PROVIDER0 p = provider(&key);
    p.displayData.description = L"described";
    p.flags = FWPM_PROVIDER_FLAG_PERSISTENT;
    p.providerData.size = sizeof data;
    p.providerData.data = data;
    p.serviceName = L"svc";
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    data[0] = 99;  /* deep copy: later changes to the input do not show */
    FWPM_PROVIDER0 *got = NULL;
    assert_ok(FwpmProviderGetByKey0(fx_session, &key, &got));
    assert_true(fx_guid_eq(&got->providerKey, &key));
    assert_true(wcscmp(got->displayData.name, L"test provider") == 0);
    assert_true(wcscmp(got->displayData.description, L"described") == 0);
    assert_int_equal(got->flags, FWPM_PROVIDER_FLAG_PERSISTENT);
    assert_int_equal(got->providerData.size, 3);
    assert_int_equal(got->providerData.data[0], 1);
    assert_true(wcscmp(got->serviceName, L"svc") == 0);
    FwpmFreeMemory0((void **)&got);
    assert_null(got);
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &key));
    assert_status(FwpmProviderGetByKey0(fx_session, &key, &got), FWP_E_PROVIDER_NOT_FOUND);
    assert_null(got);
}

static void zero_key_is_replaced_by_a_new_key(void **state)
{
    (void)state;
    FWPM_PROVIDER0 p = provider(NULL);
    HANDLE e = NULL;
    FWPM_PROVIDER0 **entries = NULL;
    UINT32 before = 0, after = 0;
    assert_ok(FwpmProviderCreateEnumHandle0(fx_session, NULL, &e));
    assert_ok(FwpmProviderEnum0(fx_session, e, 1000, &entries, &before));
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmProviderDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    assert_ok(FwpmProviderCreateEnumHandle0(fx_session, NULL, &e));
    assert_ok(FwpmProviderEnum0(fx_session, e, 1000, &entries, &after));
    assert_int_equal(after, before + 1);
    GUID newKey = entries[after - 1]->providerKey;  /* newest last */
    assert_false(fx_guid_is_zero(&newKey));
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmProviderDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &newKey));
}

static void duplicate_key_is_already_exists(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_PROVIDER0 p = provider(&key);
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_ALREADY_EXISTS);
    p.providerKey = PROVIDER_IKEEXT;  /* a built-in key */
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_ALREADY_EXISTS);
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &key));
}

static void invalid_providers_are_rejected_with_the_documented_code(void **state)
{
    (void)state;
    FWPM_PROVIDER0 p = provider(NULL);
    assert_status(FwpmProviderAdd0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    p.displayData.name = NULL;
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_NULL_DISPLAY_NAME);
    p = provider(NULL);
    p.flags = FWPM_PROVIDER_FLAG_DISABLED;  /* output only */
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_INVALID_FLAGS);
    p.flags = 0x100;
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_INVALID_FLAGS);
    p = provider(NULL);
    p.providerData.size = 4;
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_NULL_POINTER);
}

static void persistent_provider_in_dynamic_session_is_dynamic_session_in_progress(void **state)
{
    (void)state;
    HANDLE d = fx_open_dynamic();
    FWPM_PROVIDER0 p = provider(NULL);
    p.flags = FWPM_PROVIDER_FLAG_PERSISTENT;
    assert_status(FwpmProviderAdd0(d, &p, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    fx_close(d);
}

static void builtin_providers_exist_and_cannot_be_deleted(void **state)
{
    (void)state;
    FWPM_PROVIDER0 *got = NULL;
    assert_ok(FwpmProviderGetByKey0(fx_session, &PROVIDER_IKEEXT, &got));
    assert_true(fx_guid_eq(&got->providerKey, &PROVIDER_IKEEXT));
    assert_non_null(got->displayData.name);
    FwpmFreeMemory0((void **)&got);
    assert_status(FwpmProviderDeleteByKey0(fx_session, &PROVIDER_IKEEXT), FWP_E_BUILTIN_OBJECT);
    assert_true(provider_listed(fx_session, NULL, &PROVIDER_IKEEXT));
}

static void unknown_or_null_keys_are_provider_not_found_or_null_pointer(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_PROVIDER0 *got = (FWPM_PROVIDER0 *)&key;
    assert_status(FwpmProviderGetByKey0(fx_session, &key, &got), FWP_E_PROVIDER_NOT_FOUND);
    assert_null(got);
    assert_status(FwpmProviderDeleteByKey0(fx_session, &key), FWP_E_PROVIDER_NOT_FOUND);
    assert_status(FwpmProviderDeleteByKey0(fx_session, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderGetByKey0(fx_session, NULL, &got), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderGetByKey0(fx_session, &key, NULL), FWP_E_NULL_POINTER);
}

static void enumeration_is_a_snapshot_and_honours_the_template(void **state)
{
    (void)state;
    GUID key = fx_random_guid();
    FWPM_PROVIDER0 p = provider(&key);
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    HANDLE e = NULL;
    assert_ok(FwpmProviderCreateEnumHandle0(fx_session, NULL, &e));
    assert_ok(FwpmProviderDeleteByKey0(fx_session, &key));  /* after the snapshot */
    FWPM_PROVIDER0 **entries = NULL;
    UINT32 n = 0;
    bool found = false;
    assert_ok(FwpmProviderEnum0(fx_session, e, 1000, &entries, &n));
    for (UINT32 i = 0; i < n; ++i)
        found = found || fx_guid_eq(&entries[i]->providerKey, &key);
    assert_true(found);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmProviderEnum0(fx_session, e, 10, &entries, &n));  /* exhausted */
    assert_int_equal(n, 0);
    assert_null(entries);
    assert_ok(FwpmProviderDestroyEnumHandle0(fx_session, e));
    assert_false(provider_listed(fx_session, NULL, &key));
    FWPM_PROVIDER_ENUM_TEMPLATE0 t = { 0 };
    assert_true(provider_listed(fx_session, &t, &PROVIDER_IKEEXT));
    t.reserved = 1;
    assert_status(FwpmProviderCreateEnumHandle0(fx_session, &t, &e), FWP_E_RESERVED);
    assert_null(e);
    assert_status(FwpmProviderCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
}

static void enum_handles_of_other_kinds_or_sessions_are_invalid_handle(void **state)
{
    (void)state;
    HANDLE e = NULL, other = fx_open();
    FWPM_PROVIDER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    assert_status(FwpmProviderEnum0(fx_session, e, 1, &entries, &n), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderDestroyEnumHandle0(fx_session, e), STATUS_INVALID_HANDLE);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmProviderCreateEnumHandle0(fx_session, NULL, &e));
    assert_status(FwpmProviderEnum0(other, e, 1, &entries, &n), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderDestroyEnumHandle0(other, e), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderEnum0(fx_session, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_ok(FwpmProviderDestroyEnumHandle0(fx_session, e));
    assert_status(FwpmProviderDestroyEnumHandle0(fx_session, e), STATUS_INVALID_HANDLE);
    fx_close(other);
}

static void functions_on_a_closed_session_are_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    fx_close(h);
    GUID key = fx_random_guid();
    FWPM_PROVIDER0 p = provider(&key), *got = NULL;
    HANDLE e = NULL;
    assert_status(FwpmProviderAdd0(h, &p, NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderDeleteByKey0(h, &key), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderGetByKey0(h, &key, &got), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderCreateEnumHandle0(h, NULL, &e), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderAdd0(NULL, &p, NULL), STATUS_INVALID_HANDLE);
}

static void add_in_read_only_transaction_is_incompatible_txn(void **state)
{
    (void)state;
    FWPM_PROVIDER0 p = provider(NULL);
    assert_ok(FwpmTransactionBegin0(fx_session, FWPM_TXN_READ_ONLY));
    assert_status(FwpmProviderAdd0(fx_session, &p, NULL), FWP_E_INCOMPATIBLE_TXN);
    assert_status(FwpmProviderDeleteByKey0(fx_session, &PROVIDER_IKEEXT), FWP_E_INCOMPATIBLE_TXN);
    assert_ok(FwpmTransactionAbort0(fx_session));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_then_get_by_key_returns_every_field_as_one_block),
        cmocka_unit_test(zero_key_is_replaced_by_a_new_key),
        cmocka_unit_test(duplicate_key_is_already_exists),
        cmocka_unit_test(invalid_providers_are_rejected_with_the_documented_code),
        cmocka_unit_test(persistent_provider_in_dynamic_session_is_dynamic_session_in_progress),
        cmocka_unit_test(builtin_providers_exist_and_cannot_be_deleted),
        cmocka_unit_test(unknown_or_null_keys_are_provider_not_found_or_null_pointer),
        cmocka_unit_test(enumeration_is_a_snapshot_and_honours_the_template),
        cmocka_unit_test(enum_handles_of_other_kinds_or_sessions_are_invalid_handle),
        cmocka_unit_test(functions_on_a_closed_session_are_invalid_handle),
        cmocka_unit_test(add_in_read_only_transaction_is_incompatible_txn),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
