/* FwpmEngineGetOption0 / FwpmEngineSetOption0: every option, its default, its
 * valid values, and every documented refusal.  Options are process-wide:
 * each test restores what it changed. */
#include "fixtures.h"

static UINT32 get_opt(HANDLE h, FWPM_ENGINE_OPTION o)
{
    FWP_VALUE0 *v = NULL;
    assert_status(FwpmEngineGetOption0(h, o, &v), STATUS_SUCCESS);
    assert_non_null(v);
    assert_int_equal(v->type, FWP_UINT32);
    UINT32 x = v->uint32;
    FwpmFreeMemory0((void **)&v);
    assert_null(v);
    return x;
}

static NTSTATUS set_opt(HANDLE h, FWPM_ENGINE_OPTION o, UINT32 x)
{
    FWP_VALUE0 v;
    memset(&v, 0, sizeof v);
    v.type = FWP_UINT32;
    v.uint32 = x;
    return FwpmEngineSetOption0(h, o, &v);
}

static void defaults_are_the_documented_ones(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_int_equal(get_opt(h, FWPM_ENGINE_COLLECT_NET_EVENTS), 1);
    assert_int_equal(get_opt(h, FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS), 0);
    assert_int_equal(get_opt(h, FWPM_ENGINE_NAME_CACHE), 0);
    assert_int_equal(get_opt(h, FWPM_ENGINE_PACKET_QUEUING), FWPM_ENGINE_OPTION_PACKET_QUEUE_NONE);
    assert_int_equal(get_opt(h, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC), 0);
    fx_close(h);
}

static void set_value_is_seen_by_every_session(void **state)
{
    (void)state;
    HANDLE a = fx_open(), b = fx_open();
    UINT32 kw = FWPM_NET_EVENT_KEYWORD_INBOUND_MCAST | FWPM_NET_EVENT_KEYWORD_INBOUND_BCAST;
    assert_status(set_opt(a, FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS, kw), STATUS_SUCCESS);
    assert_int_equal(get_opt(b, FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS), kw);
    assert_status(set_opt(a, FWPM_ENGINE_COLLECT_NET_EVENTS, 0), STATUS_SUCCESS);
    assert_int_equal(get_opt(b, FWPM_ENGINE_COLLECT_NET_EVENTS), 0);
    /* disabling collection does not reset the keywords (documented) */
    assert_int_equal(get_opt(b, FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS), kw);
    assert_status(set_opt(a, FWPM_ENGINE_COLLECT_NET_EVENTS, 1), STATUS_SUCCESS);
    assert_status(set_opt(a, FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS, 0), STATUS_SUCCESS);
    assert_status(set_opt(a, FWPM_ENGINE_PACKET_QUEUING,
                          FWPM_ENGINE_OPTION_PACKET_QUEUE_INBOUND | FWPM_ENGINE_OPTION_PACKET_QUEUE_OUTBOUND),
                  STATUS_SUCCESS);
    assert_int_equal(get_opt(b, FWPM_ENGINE_PACKET_QUEUING), 3);
    assert_status(set_opt(a, FWPM_ENGINE_PACKET_QUEUING, 0), STATUS_SUCCESS);
    assert_status(set_opt(a, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC, 0xFFFFFFFFu), STATUS_SUCCESS);
    assert_int_equal(get_opt(b, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC), 0xFFFFFFFFu);
    assert_status(set_opt(a, FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC, 0), STATUS_SUCCESS);
    fx_close(a);
    fx_close(b);
}

static void values_outside_an_options_range_are_invalid_parameters(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(set_opt(h, FWPM_ENGINE_COLLECT_NET_EVENTS, 2), FWP_E_INVALID_PARAMETER);
    assert_status(set_opt(h, FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS, 4), FWP_E_INVALID_PARAMETER);
    assert_status(set_opt(h, FWPM_ENGINE_PACKET_QUEUING, 4), FWP_E_INVALID_PARAMETER);
    assert_status(set_opt(h, FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS, 2), FWP_E_INVALID_PARAMETER);
    assert_status(set_opt(h, FWPM_ENGINE_NAME_CACHE, 0), FWP_E_INVALID_PARAMETER); /* reserved */
    assert_int_equal(get_opt(h, FWPM_ENGINE_COLLECT_NET_EVENTS), 1);
    fx_close(h);
}

static void connection_monitoring_can_be_enabled_but_not_disabled(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(set_opt(h, FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS, 1), STATUS_SUCCESS);
    assert_int_equal(get_opt(h, FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS), 1);
    assert_status(set_opt(h, FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS, 0), FWP_E_STILL_ON);
    assert_status(set_opt(h, FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS, 1), STATUS_SUCCESS);
    assert_int_equal(get_opt(h, FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS), 1);
    fx_close(h);
}

static void set_refuses_transactions_and_dynamic_sessions(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_status(FwpmTransactionBegin0(h, 0), STATUS_SUCCESS);
    assert_status(set_opt(h, FWPM_ENGINE_COLLECT_NET_EVENTS, 1), FWP_E_TXN_IN_PROGRESS);
    assert_int_equal(get_opt(h, FWPM_ENGINE_COLLECT_NET_EVENTS), 1); /* reading is allowed */
    assert_status(FwpmTransactionAbort0(h), STATUS_SUCCESS);
    fx_close(h);
    HANDLE d = fx_open_dynamic();
    assert_status(set_opt(d, FWPM_ENGINE_COLLECT_NET_EVENTS, 1), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_int_equal(get_opt(d, FWPM_ENGINE_COLLECT_NET_EVENTS), 1);
    fx_close(d);
}

static void bad_arguments_get_their_documented_codes(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWP_VALUE0 *out = (FWP_VALUE0 *)0x1;
    FWP_VALUE0 v;
    memset(&v, 0, sizeof v);
    v.type = FWP_UINT32;
    /* handles: NULL, forged, closed */
    assert_status(FwpmEngineGetOption0(NULL, FWPM_ENGINE_COLLECT_NET_EVENTS, &out), STATUS_INVALID_HANDLE);
    assert_null(out);
    assert_status(FwpmEngineSetOption0((HANDLE)(uintptr_t)0x4242424242424242ull, FWPM_ENGINE_COLLECT_NET_EVENTS, &v),
                  STATUS_INVALID_HANDLE);
    HANDLE closed = fx_open();
    fx_close(closed);
    assert_status(FwpmEngineGetOption0(closed, FWPM_ENGINE_COLLECT_NET_EVENTS, &out), STATUS_INVALID_HANDLE);
    /* NULL pointers */
    assert_status(FwpmEngineGetOption0(h, FWPM_ENGINE_COLLECT_NET_EVENTS, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmEngineSetOption0(h, FWPM_ENGINE_COLLECT_NET_EVENTS, NULL), FWP_E_NULL_POINTER);
    /* unknown options */
    assert_status(FwpmEngineGetOption0(h, FWPM_ENGINE_OPTION_MAX, &out), FWP_E_INVALID_ENUMERATOR);
    assert_null(out);
    assert_status(FwpmEngineSetOption0(h, (FWPM_ENGINE_OPTION)99, &v), FWP_E_INVALID_ENUMERATOR);
    /* a value that is not an FWP_UINT32 */
    v.type = FWP_UINT16;
    v.uint16 = 1;
    assert_status(FwpmEngineSetOption0(h, FWPM_ENGINE_COLLECT_NET_EVENTS, &v), FWP_E_TYPE_MISMATCH);
    v.type = FWP_EMPTY;
    assert_status(FwpmEngineSetOption0(h, FWPM_ENGINE_COLLECT_NET_EVENTS, &v), FWP_E_TYPE_MISMATCH);
    {   /* a type no enumerator names, stored as its bits */
        UINT32 bad = 99;
        memcpy(&v.type, &bad, sizeof bad);
        assert_status(FwpmEngineSetOption0(h, FWPM_ENGINE_COLLECT_NET_EVENTS, &v), FWP_E_TYPE_MISMATCH);
    }
    assert_int_equal(get_opt(h, FWPM_ENGINE_COLLECT_NET_EVENTS), 1);
    fx_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_the_documented_ones),
        cmocka_unit_test(set_value_is_seen_by_every_session),
        cmocka_unit_test(values_outside_an_options_range_are_invalid_parameters),
        cmocka_unit_test(set_refuses_transactions_and_dynamic_sessions),
        cmocka_unit_test(bad_arguments_get_their_documented_codes),
        /* last: it cannot be undone */
        cmocka_unit_test(connection_monitoring_can_be_enabled_but_not_disabled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
