/* test_filter_enum.c — FwpmFilterCreateEnumHandle0 / FwpmFilterEnum0 /
 * FwpmFilterDestroyEnumHandle0: paging, exhaustion, snapshots, templates. */
#include "fixtures.h"

#define MAXIDS 8192

static UINT64 g_ids[MAXIDS];

static FWPM_FILTER_ENUM_TEMPLATE0 all_template(void)
{
    FWPM_FILTER_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.enumType = FWP_FILTER_ENUM_OVERLAPPING;
    t.actionMask = 0xFFFFFFFFu;
    return t;
}

static UINT64 add_with_condition(const GUID *layer, FWP_ACTION_TYPE action, FWPM_FILTER_CONDITION0 *c, UINT32 n)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, layer);
    if (action)
        f.action.type = action;
    f.numFilterConditions = n;
    f.filterCondition = c;
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    return id;
}

/* ---- Basic enumeration ----------------------------------------------------- */

static void null_template_enumerates_own_filters_in_id_order(void **state)
{
    (void)state;
    UINT64 a = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    UINT64 b = fx_add_filter(fx_session, &FWPM_LAYER_IKEEXT_V6);
    UINT64 c = fx_add_filter(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    UINT32 n = fx_filter_enum_ids(fx_session, NULL, 1000, g_ids, MAXIDS);   /* asserts order */
    assert_true(fx_ids_contain(g_ids, n, a));
    assert_true(fx_ids_contain(g_ids, n, b));
    assert_true(fx_ids_contain(g_ids, n, c));
    assert_ok(FwpmFilterDeleteById0(fx_session, a));
    assert_ok(FwpmFilterDeleteById0(fx_session, b));
    assert_ok(FwpmFilterDeleteById0(fx_session, c));
}

static void enumerated_entries_are_complete_copies(void **state)
{
    (void)state;
    FWP_V4_ADDR_AND_MASK m = { FX_V4(172, 16, 0, 0), 0xFFF00000u };
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    c.matchType = FWP_MATCH_EQUAL;
    c.conditionValue.type = FWP_V4_ADDR_MASK;
    c.conditionValue.v4AddrMask = &m;
    UINT64 id = add_with_condition(&FWPM_LAYER_IPSEC_V4, FWP_ACTION_BLOCK, &c, 1);
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool found = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (entries[i]->filterId != id)
            continue;
        found = true;
        assert_true(wcscmp(entries[i]->displayData.name, L"fwpkclnt test filter") == 0);
        assert_int_equal(entries[i]->action.type, FWP_ACTION_BLOCK);
        assert_int_equal(entries[i]->numFilterConditions, 1);
        assert_int_equal(entries[i]->filterCondition[0].conditionValue.v4AddrMask->addr, m.addr);
        assert_int_equal(entries[i]->filterCondition[0].conditionValue.v4AddrMask->mask, m.mask);
        assert_int_equal(entries[i]->effectiveWeight.type, FWP_UINT64);
    }
    assert_true(found);
    FwpmFreeMemory0((void **)&entries);    /* the array only, never the entries */
    assert_null(entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void pages_return_everything_once_and_short_page_means_exhausted(void **state)
{
    (void)state;
    UINT64 mine[7];
    for (int i = 0; i < 7; ++i)
        mine[i] = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V6);
    UINT64 *whole = calloc(MAXIDS, sizeof(UINT64));
    UINT32 total = fx_filter_enum_ids(fx_session, NULL, 0xFFFFFFFFu, whole, MAXIDS);

    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    UINT32 seen = 0;
    for (;;) {
        FWPM_FILTER0 **entries = NULL;
        UINT32 n = 77;
        assert_ok(FwpmFilterEnum0(fx_session, e, 3, &entries, &n));
        assert_true(n <= 3);
        for (UINT32 i = 0; i < n; ++i) {
            assert_true(seen < total);
            assert_int_equal(entries[i]->filterId, whole[seen]);
            ++seen;
        }
        FwpmFreeMemory0((void **)&entries);
        if (n < 3)
            break;
    }
    assert_int_equal(seen, total);
    for (int i = 0; i < 7; ++i)
        assert_true(fx_ids_contain(whole, total, mine[i]));

    /* after exhaustion: 0 entries, NULL, success — repeatedly */
    for (int k = 0; k < 2; ++k) {
        FWPM_FILTER0 **entries = (FWPM_FILTER0 **)(uintptr_t)0x1;
        UINT32 n = 77;
        assert_ok(FwpmFilterEnum0(fx_session, e, 5, &entries, &n));
        assert_int_equal(n, 0);
        assert_null(entries);
    }
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    free(whole);
    for (int i = 0; i < 7; ++i)
        assert_ok(FwpmFilterDeleteById0(fx_session, mine[i]));
}

static void zero_entries_requested_returns_zero_and_null(void **state)
{
    (void)state;
    UINT64 id = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    FWPM_FILTER0 **entries = (FWPM_FILTER0 **)(uintptr_t)0x1;
    UINT32 n = 77;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0, &entries, &n));
    assert_int_equal(n, 0);
    assert_null(entries);
    /* and did not consume anything */
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool found = false;
    for (UINT32 i = 0; i < n; ++i)
        found |= entries[i]->filterId == id;
    assert_true(found);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void snapshot_ignores_later_adds_and_keeps_later_deleted_filters(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.displayData.name = L"deleted after snapshot";
    UINT64 doomed = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &doomed));
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    UINT64 later = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmFilterDeleteById0(fx_session, doomed));

    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool sawDoomed = false, sawLater = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (entries[i]->filterId == doomed) {
            sawDoomed = true;
            assert_true(wcscmp(entries[i]->displayData.name, L"deleted after snapshot") == 0);
        }
        sawLater |= entries[i]->filterId == later;
    }
    FwpmFreeMemory0((void **)&entries);
    assert_true(sawDoomed);
    assert_false(sawLater);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmFilterDeleteById0(fx_session, later));
}

static void huge_request_count_is_accepted(void **state)
{
    (void)state;
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
}

static void enum_null_out_pointers_are_null_pointer(void **state)
{
    (void)state;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, NULL, &e));
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_status(FwpmFilterEnum0(fx_session, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(FwpmFilterEnum0(fx_session, e, 1, &entries, NULL), FWP_E_NULL_POINTER);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
}

/* ---- Templates -------------------------------------------------------------- */

static void zero_layer_key_means_every_layer(void **state)
{
    (void)state;
    UINT64 a = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    UINT64 b = fx_add_filter(fx_session, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6);
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, a));
    assert_true(fx_ids_contain(g_ids, n, b));
    assert_ok(FwpmFilterDeleteById0(fx_session, a));
    assert_ok(FwpmFilterDeleteById0(fx_session, b));
}

static void layer_key_selects_filters_of_that_layer_only(void **state)
{
    (void)state;
    UINT64 a = fx_add_filter(fx_session, &FWPM_LAYER_IKEEXT_V4);
    UINT64 b = fx_add_filter(fx_session, &FWPM_LAYER_IKEEXT_V6);
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.layerKey = FWPM_LAYER_IKEEXT_V4;
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, &t, &e));
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool sawA = false;
    for (UINT32 i = 0; i < n; ++i) {
        assert_true(fx_guid_eq(&entries[i]->layerKey, &FWPM_LAYER_IKEEXT_V4));
        sawA |= entries[i]->filterId == a;
        assert_true(entries[i]->filterId != b);
    }
    assert_true(sawA);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmFilterDeleteById0(fx_session, a));
    assert_ok(FwpmFilterDeleteById0(fx_session, b));
}

static void bad_template_fields_give_documented_errors(void **state)
{
    (void)state;
    HANDLE e = (HANDLE)(uintptr_t)0x1;
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.layerKey = fx_random_guid();
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_LAYER_NOT_FOUND);
    t = all_template();
    t.enumType = FWP_FILTER_ENUM_TYPE_MAX;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_ENUMERATOR);
    t = all_template();
    t.flags = 0x100;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_FLAGS);
    t = all_template();
    t.actionMask = 0;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_NEVER_MATCH);
    t = all_template();
    t.numFilterConditions = 1;
    t.filterCondition = NULL;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_NULL_POINTER);
}

static void bad_template_conditions_are_validated_like_a_filters(void **state)
{
    (void)state;
    HANDLE e = NULL;
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = fx_random_guid();
    c.conditionValue.type = FWP_UINT8;
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.numFilterConditions = 1;
    t.filterCondition = &c;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_CONDITION_NOT_FOUND);
    FWP_V4_ADDR_AND_MASK bad = { 0, 0x0F0F0F0Fu };
    c.fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    c.matchType = FWP_MATCH_EQUAL;
    c.conditionValue.type = FWP_V4_ADDR_MASK;
    c.conditionValue.v4AddrMask = &bad;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_NET_MASK);
    c.conditionValue.type = FWP_UINT16;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_TYPE_MISMATCH);
}

static void valid_template_flags_are_accepted(void **state)
{
    (void)state;
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.flags = FWP_FILTER_ENUM_FLAG_BEST_TERMINATING_MATCH | FWP_FILTER_ENUM_FLAG_SORTED |
              FWP_FILTER_ENUM_FLAG_INCLUDE_BOOTTIME | FWP_FILTER_ENUM_FLAG_INCLUDE_DISABLED;
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, &t, &e));
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
}

static void provider_key_or_provider_context_template_match_nothing(void **state)
{
    (void)state;
    UINT64 id = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    GUID prov = fx_random_guid();
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.providerKey = &prov;
    assert_int_equal(fx_filter_enum_ids(fx_session, &t, 10, g_ids, MAXIDS), 0);
    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 pct;
    memset(&pct, 0, sizeof pct);
    t = all_template();
    t.providerContextTemplate = &pct;
    assert_int_equal(fx_filter_enum_ids(fx_session, &t, 10, g_ids, MAXIDS), 0);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void action_mask_selects_by_action_type_bits(void **state)
{
    (void)state;
    UINT64 block = add_with_condition(&FWPM_LAYER_IPSEC_V4, FWP_ACTION_BLOCK, NULL, 0);
    UINT64 permit = add_with_condition(&FWPM_LAYER_IPSEC_V4, FWP_ACTION_PERMIT, NULL, 0);
    UINT64 callout = fx_add_filter(fx_session, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);   /* CALLOUT_TERMINATING */

    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.actionMask = 0x2;    /* BLOCK 0x1001: no; PERMIT 0x1002, CALLOUT_TERMINATING 0x5003: yes */
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_false(fx_ids_contain(g_ids, n, block));
    assert_true(fx_ids_contain(g_ids, n, permit));
    assert_true(fx_ids_contain(g_ids, n, callout));

    /* FWP_ACTION_FLAG_CALLOUT alone: "calloutKey must not be NULL" (FWPM_FILTER_ENUM_TEMPLATE0) */
    t.actionMask = FWP_ACTION_FLAG_CALLOUT;
    HANDLE e = NULL;
    assert_status(FwpmFilterCreateEnumHandle0(fx_session, &t, &e), FWP_E_NULL_POINTER);
    assert_null(e);
    t.calloutKey = (GUID *)&FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4;
    n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    t.calloutKey = NULL;
    assert_false(fx_ids_contain(g_ids, n, block));
    assert_false(fx_ids_contain(g_ids, n, permit));
    assert_true(fx_ids_contain(g_ids, n, callout));

    t.actionMask = 0x1;
    n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, block));
    assert_false(fx_ids_contain(g_ids, n, permit));
    assert_true(fx_ids_contain(g_ids, n, callout));

    assert_ok(FwpmFilterDeleteById0(fx_session, block));
    assert_ok(FwpmFilterDeleteById0(fx_session, permit));
    assert_ok(FwpmFilterDeleteById0(fx_session, callout));
}

static void callout_key_keeps_only_callout_filters_with_that_key(void **state)
{
    (void)state;
    UINT64 in4 = fx_add_filter(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    UINT64 out4 = fx_add_filter(fx_session, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    UINT64 permit = add_with_condition(&FWPM_LAYER_INBOUND_TRANSPORT_V4, FWP_ACTION_PERMIT, NULL, 0);
    GUID key = FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4;
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.calloutKey = &key;
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, &t, &e));
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool sawIn = false;
    for (UINT32 i = 0; i < n; ++i) {
        assert_true((entries[i]->action.type & FWP_ACTION_FLAG_CALLOUT) != 0);
        assert_true(fx_guid_eq(&entries[i]->action.calloutKey, &key));
        sawIn |= entries[i]->filterId == in4;
        assert_true(entries[i]->filterId != out4);
        assert_true(entries[i]->filterId != permit);
    }
    assert_true(sawIn);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmFilterDeleteById0(fx_session, in4));
    assert_ok(FwpmFilterDeleteById0(fx_session, out4));
    assert_ok(FwpmFilterDeleteById0(fx_session, permit));
}

static void condition_templates_select_fully_contained_or_overlapping_filters(void **state)
{
    (void)state;
    UINT32 net = fx_unique_v4_net() & 0xFFFF0000u;    /* 10.x.0.0/16 */
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    c.matchType = FWP_MATCH_EQUAL;
    c.conditionValue.type = FWP_UINT32;
    c.conditionValue.uint32 = net | 0x0105;                         /* inside */
    UINT64 inside = add_with_condition(&FWPM_LAYER_IKEEXT_V4, 0, &c, 1);
    c.conditionValue.uint32 = (net ^ 0x00800000u) | 0x0001;         /* another /16 */
    UINT64 outside = add_with_condition(&FWPM_LAYER_IKEEXT_V4, 0, &c, 1);
    FWP_V4_ADDR_AND_MASK wide = { net & 0xFF000000u, 0xFF000000u }; /* 10/8 straddles the template */
    c.conditionValue.type = FWP_V4_ADDR_MASK;
    c.conditionValue.v4AddrMask = &wide;
    UINT64 straddles = add_with_condition(&FWPM_LAYER_IKEEXT_V4, 0, &c, 1);
    UINT64 unconditioned = add_with_condition(&FWPM_LAYER_IKEEXT_V4, 0, NULL, 0);

    FWP_V4_ADDR_AND_MASK sel = { net, 0xFFFF0000u };
    FWPM_FILTER_CONDITION0 tc;
    memset(&tc, 0, sizeof tc);
    tc.fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    tc.matchType = FWP_MATCH_EQUAL;
    tc.conditionValue.type = FWP_V4_ADDR_MASK;
    tc.conditionValue.v4AddrMask = &sel;
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.layerKey = FWPM_LAYER_IKEEXT_V4;
    t.numFilterConditions = 1;
    t.filterCondition = &tc;

    t.enumType = FWP_FILTER_ENUM_FULLY_CONTAINED;
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, inside));
    assert_false(fx_ids_contain(g_ids, n, outside));
    assert_false(fx_ids_contain(g_ids, n, straddles));
    assert_false(fx_ids_contain(g_ids, n, unconditioned));   /* covers the whole field */

    t.enumType = FWP_FILTER_ENUM_OVERLAPPING;
    n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, inside));
    assert_false(fx_ids_contain(g_ids, n, outside));
    assert_true(fx_ids_contain(g_ids, n, straddles));
    assert_true(fx_ids_contain(g_ids, n, unconditioned));

    assert_ok(FwpmFilterDeleteById0(fx_session, inside));
    assert_ok(FwpmFilterDeleteById0(fx_session, outside));
    assert_ok(FwpmFilterDeleteById0(fx_session, straddles));
    assert_ok(FwpmFilterDeleteById0(fx_session, unconditioned));
}

static void port_range_templates_compare_as_intervals(void **state)
{
    (void)state;
    FWP_RANGE0 fr;
    memset(&fr, 0, sizeof fr);
    fr.valueLow.type = FWP_UINT16;
    fr.valueLow.uint16 = 41000;
    fr.valueHigh.type = FWP_UINT16;
    fr.valueHigh.uint16 = 42000;
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    c.matchType = FWP_MATCH_RANGE;
    c.conditionValue.type = FWP_RANGE_TYPE;
    c.conditionValue.rangeValue = &fr;
    UINT64 ranged = add_with_condition(&FWPM_LAYER_IPSEC_V6, 0, &c, 1);

    FWP_RANGE0 tr = fr;
    tr.valueLow.uint16 = 41500;
    tr.valueHigh.uint16 = 43000;
    FWPM_FILTER_CONDITION0 tc = c;
    tc.conditionValue.rangeValue = &tr;
    FWPM_FILTER_ENUM_TEMPLATE0 t = all_template();
    t.layerKey = FWPM_LAYER_IPSEC_V6;
    t.numFilterConditions = 1;
    t.filterCondition = &tc;

    t.enumType = FWP_FILTER_ENUM_OVERLAPPING;
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, ranged));
    t.enumType = FWP_FILTER_ENUM_FULLY_CONTAINED;
    n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_false(fx_ids_contain(g_ids, n, ranged));
    tr.valueLow.uint16 = 40000;                         /* now contains [41000, 42000] */
    n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, ranged));
    tr.valueLow.uint16 = 50000;                         /* disjoint */
    tr.valueHigh.uint16 = 50001;
    t.enumType = FWP_FILTER_ENUM_OVERLAPPING;
    n = fx_filter_enum_ids(fx_session, &t, 100, g_ids, MAXIDS);
    assert_false(fx_ids_contain(g_ids, n, ranged));
    assert_ok(FwpmFilterDeleteById0(fx_session, ranged));
}

static void template_is_copied_at_create_enum_handle(void **state)
{
    (void)state;
    UINT64 a = fx_add_filter(fx_session, &FWPM_LAYER_IKEEXT_V6);
    FWPM_FILTER_ENUM_TEMPLATE0 *t = calloc(1, sizeof *t);
    *t = all_template();
    t->layerKey = FWPM_LAYER_IKEEXT_V6;
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, t, &e));
    memset(t, 0xEE, sizeof *t);
    free(t);
    FWPM_FILTER0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(FwpmFilterEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool saw = false;
    for (UINT32 i = 0; i < n; ++i)
        saw |= entries[i]->filterId == a;
    assert_true(saw);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    assert_ok(FwpmFilterDeleteById0(fx_session, a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_template_enumerates_own_filters_in_id_order),
        cmocka_unit_test(enumerated_entries_are_complete_copies),
        cmocka_unit_test(pages_return_everything_once_and_short_page_means_exhausted),
        cmocka_unit_test(zero_entries_requested_returns_zero_and_null),
        cmocka_unit_test(snapshot_ignores_later_adds_and_keeps_later_deleted_filters),
        cmocka_unit_test(huge_request_count_is_accepted),
        cmocka_unit_test(enum_null_out_pointers_are_null_pointer),
        cmocka_unit_test(zero_layer_key_means_every_layer),
        cmocka_unit_test(layer_key_selects_filters_of_that_layer_only),
        cmocka_unit_test(bad_template_fields_give_documented_errors),
        cmocka_unit_test(bad_template_conditions_are_validated_like_a_filters),
        cmocka_unit_test(valid_template_flags_are_accepted),
        cmocka_unit_test(provider_key_or_provider_context_template_match_nothing),
        cmocka_unit_test(action_mask_selects_by_action_type_bits),
        cmocka_unit_test(callout_key_keeps_only_callout_filters_with_that_key),
        cmocka_unit_test(condition_templates_select_fully_contained_or_overlapping_filters),
        cmocka_unit_test(port_range_templates_compare_as_intervals),
        cmocka_unit_test(template_is_copied_at_create_enum_handle),
    };
    return cmocka_run_group_tests_name("filter_enum", tests, fx_session_open, fx_session_close);
}
