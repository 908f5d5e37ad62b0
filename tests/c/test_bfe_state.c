/* FwpmBfeStateGet0 / FwpmBfeStateSubscribeChanges0 / UnsubscribeChanges0
 * through the public API.  The notifier's calling and waiting are proved by
 * test_bfe_notifier.cpp against the library source. */
#include "fixtures.h"

static void on_change(void *context, FWPM_SERVICE_STATE s)
{
    (void)s;
    ++*(int *)context;
}

static void engine_is_running(void **state)
{
    (void)state;
    assert_int_equal(FwpmBfeStateGet0(), FWPM_SERVICE_RUNNING);
    /* a session can be opened, as the remarks require of a running engine */
    HANDLE h = fx_open();
    fx_close(h);
    assert_int_equal(FwpmBfeStateGet0(), FWPM_SERVICE_RUNNING);
}

static void subscribe_and_unsubscribe(void **state)
{
    (void)state;
    int calls = 0;
    HANDLE a = NULL, b = NULL;
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, on_change, &calls, &a), STATUS_SUCCESS);
    assert_non_null(a);
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, on_change, NULL, &b), STATUS_SUCCESS);
    assert_true(a != b);
    assert_status(FwpmBfeStateUnsubscribeChanges0(a), STATUS_SUCCESS);
    assert_status(FwpmBfeStateUnsubscribeChanges0(b), STATUS_SUCCESS);
    assert_int_equal(calls, 0); /* the state never changed */
}

static void a_subscription_handle_is_good_once(void **state)
{
    (void)state;
    HANDLE a = NULL;
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, on_change, NULL, &a), STATUS_SUCCESS);
    assert_status(FwpmBfeStateUnsubscribeChanges0(a), STATUS_SUCCESS);
    assert_status(FwpmBfeStateUnsubscribeChanges0(a), STATUS_INVALID_HANDLE);
    HANDLE b = NULL;
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, on_change, NULL, &b), STATUS_SUCCESS);
    assert_true(a != b); /* never the same value twice */
    assert_status(FwpmBfeStateUnsubscribeChanges0(a), STATUS_INVALID_HANDLE);
    assert_status(FwpmBfeStateUnsubscribeChanges0(b), STATUS_SUCCESS);
}

static void foreign_and_forged_handles_are_invalid(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(FwpmBfeStateUnsubscribeChanges0(NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmBfeStateUnsubscribeChanges0((HANDLE)(uintptr_t)0x4242424242424242ull), STATUS_INVALID_HANDLE);
    assert_status(FwpmBfeStateUnsubscribeChanges0(h), STATUS_INVALID_HANDLE); /* a session handle */
    HANDLE sub = NULL;
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, on_change, NULL, &sub), STATUS_SUCCESS);
    assert_status(FwpmEngineClose0(sub), STATUS_INVALID_HANDLE); /* not a session */
    assert_status(FwpmBfeStateUnsubscribeChanges0(sub), STATUS_SUCCESS);
    fx_close(h);
}

static void null_arguments_are_refused(void **state)
{
    (void)state;
    HANDLE out = (HANDLE)0x1;
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, NULL, NULL, &out), FWP_E_NULL_POINTER);
    assert_null(out);
    assert_status(FwpmBfeStateSubscribeChanges0(NULL, on_change, NULL, NULL), FWP_E_NULL_POINTER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(engine_is_running),
        cmocka_unit_test(subscribe_and_unsubscribe),
        cmocka_unit_test(a_subscription_handle_is_good_once),
        cmocka_unit_test(foreign_and_forged_handles_are_invalid),
        cmocka_unit_test(null_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
