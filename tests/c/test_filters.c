/* test_filters.c — FwpmFilterAdd0, FwpmFilterDeleteById0/ByKey0,
 * FwpmFilterGetById0/ByKey0: success paths, deep copies, every validation
 * rule of docs/decisions.md "Filters (FwpmFilterAdd0)" and its precedence. */
#include "fixtures.h"

static NTSTATUS add(FWPM_FILTER0 *f)
{
    UINT64 id = 0;
    NTSTATUS s = FwpmFilterAdd0(fx_session, f, NULL, &id);
    if (s == STATUS_SUCCESS)
        assert_ok(FwpmFilterDeleteById0(fx_session, id));
    return s;
}

/* ---- Success paths -------------------------------------------------------- */

static void add_returns_id_and_get_by_id_returns_every_field(void **state)
{
    (void)state;
    FWP_V4_ADDR_AND_MASK mask = { FX_V4(192, 168, 10, 0), 0xFFFFFF00u };
    FWP_RANGE0 ports;
    memset(&ports, 0, sizeof ports);
    ports.valueLow.type = FWP_UINT16;
    ports.valueLow.uint16 = 1000;
    ports.valueHigh.type = FWP_UINT16;
    ports.valueHigh.uint16 = 2000;
    FWPM_FILTER_CONDITION0 cond[3];
    memset(cond, 0, sizeof cond);
    cond[0].fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    cond[0].matchType = FWP_MATCH_EQUAL;
    cond[0].conditionValue.type = FWP_V4_ADDR_MASK;
    cond[0].conditionValue.v4AddrMask = &mask;
    cond[1].fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    cond[1].matchType = FWP_MATCH_RANGE;
    cond[1].conditionValue.type = FWP_RANGE_TYPE;
    cond[1].conditionValue.rangeValue = &ports;
    cond[2].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond[2].matchType = FWP_MATCH_EQUAL;
    cond[2].conditionValue.type = FWP_UINT8;
    cond[2].conditionValue.uint8 = 17;

    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    f.filterKey = fx_random_guid();
    f.displayData.name = L"full filter";
    f.displayData.description = L"with three conditions";
    f.flags = FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT;
    f.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 9;
    f.numFilterConditions = 3;
    f.filterCondition = cond;
    f.rawContext = 0xABCDEF;

    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    assert_true(id != 0);

    FWPM_FILTER0 *got = (FWPM_FILTER0 *)(uintptr_t)0x1;
    assert_ok(FwpmFilterGetById0(fx_session, id, &got));
    assert_non_null(got);
    assert_memory_equal(&got->filterKey, &f.filterKey, sizeof(GUID));
    assert_true(wcscmp(got->displayData.name, L"full filter") == 0);
    assert_true(wcscmp(got->displayData.description, L"with three conditions") == 0);
    assert_int_equal(got->flags, FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT);
    assert_null(got->providerKey);
    assert_int_equal(got->providerData.size, 0);
    assert_true(fx_guid_eq(&got->layerKey, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4));
    assert_int_equal(got->weight.type, FWP_UINT8);
    assert_int_equal(got->weight.uint8, 9);
    assert_int_equal(got->numFilterConditions, 3);
    assert_non_null(got->filterCondition);
    assert_ptr_not_equal(got->filterCondition, cond);
    assert_true(fx_guid_eq(&got->filterCondition[0].fieldKey, &FWPM_CONDITION_IP_LOCAL_ADDRESS));
    assert_int_equal(got->filterCondition[0].conditionValue.type, FWP_V4_ADDR_MASK);
    assert_ptr_not_equal(got->filterCondition[0].conditionValue.v4AddrMask, &mask);
    assert_int_equal(got->filterCondition[0].conditionValue.v4AddrMask->addr, mask.addr);
    assert_int_equal(got->filterCondition[0].conditionValue.v4AddrMask->mask, mask.mask);
    assert_int_equal(got->filterCondition[1].matchType, FWP_MATCH_RANGE);
    assert_int_equal(got->filterCondition[1].conditionValue.rangeValue->valueLow.uint16, 1000);
    assert_int_equal(got->filterCondition[1].conditionValue.rangeValue->valueHigh.uint16, 2000);
    assert_int_equal(got->filterCondition[2].conditionValue.uint8, 17);
    assert_int_equal(got->action.type, FWP_ACTION_CALLOUT_TERMINATING);
    assert_true(fx_guid_eq(&got->action.calloutKey, &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4));
    assert_int_equal(got->rawContext, 0xABCDEF);
    assert_null(got->reserved);
    assert_int_equal(got->filterId, id);
    assert_int_equal(got->effectiveWeight.type, FWP_UINT64);
    assert_non_null(got->effectiveWeight.uint64);
    /* range 9 above the automatic weight: 3 fields; a /24 mask, a 1001-port range and a
     * protocol fix 24 + 6 + 8 bits (docs/decisions.md, "Filter weights") */
    assert_int_equal(*got->effectiveWeight.uint64, ((UINT64)9 << 60) | ((UINT64)3 << 52) | 38);
    FwpmFreeMemory0((void **)&got);
    assert_null(got);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void get_by_key_returns_the_same_filter_with_identical_key(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V6);
    f.filterKey = fx_random_guid();
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetByKey0(fx_session, &f.filterKey, &got));
    assert_int_equal(got->filterId, id);
    assert_memory_equal(&got->filterKey, &f.filterKey, sizeof(GUID));
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmFilterDeleteByKey0(fx_session, &f.filterKey));
    assert_status(FwpmFilterGetByKey0(fx_session, &f.filterKey, &got), FWP_E_FILTER_NOT_FOUND);
    assert_null(got);
}

static void add_with_zero_key_generates_distinct_random_keys(void **state)
{
    (void)state;
    UINT64 a = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    UINT64 b = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    FWPM_FILTER0 *fa = NULL, *fb = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, a, &fa));
    assert_ok(FwpmFilterGetById0(fx_session, b, &fb));
    assert_false(fx_guid_is_zero(&fa->filterKey));
    assert_false(fx_guid_is_zero(&fb->filterKey));
    assert_false(fx_guid_eq(&fa->filterKey, &fb->filterKey));
    FwpmFreeMemory0((void **)&fa);
    FwpmFreeMemory0((void **)&fb);
    assert_ok(FwpmFilterDeleteById0(fx_session, a));
    assert_ok(FwpmFilterDeleteById0(fx_session, b));
}

static void add_assigns_increasing_ids_and_ignores_input_filter_id(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterId = 0x7777777777ull;
    UINT64 a = 0, b = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &a));
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &b));
    assert_true(a != 0x7777777777ull);
    assert_true(b > a);
    assert_ok(FwpmFilterDeleteById0(fx_session, a));
    /* never reused, also after a delete */
    UINT64 c = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    assert_true(c > b);
    assert_ok(FwpmFilterDeleteById0(fx_session, b));
    assert_ok(FwpmFilterDeleteById0(fx_session, c));
}

static void add_with_null_id_out_succeeds(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, NULL));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetByKey0(fx_session, &f.filterKey, &got));
    assert_true(got->filterId != 0);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmFilterDeleteByKey0(fx_session, &f.filterKey));
}

static void add_accepts_a_security_descriptor(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    unsigned char sd[20] = { 1, 0, 4, 0x80 };
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, sd, &id));
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void add_accepts_every_layer_of_fwpm_guids(void **state)
{
    (void)state;
    const GUID *layers[] = {
        &FWPM_LAYER_INBOUND_TRANSPORT_V4, &FWPM_LAYER_INBOUND_TRANSPORT_V6,
        &FWPM_LAYER_OUTBOUND_TRANSPORT_V4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6,
        &FWPM_LAYER_IPSEC_V4, &FWPM_LAYER_IPSEC_V6, &FWPM_LAYER_IKEEXT_V4, &FWPM_LAYER_IKEEXT_V6,
    };
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; ++i) {
        FWPM_FILTER0 f;
        fx_filter_init(&f, layers[i]);
        f.action.type = FWP_ACTION_BLOCK;
        assert_ok(add(&f));
        fx_filter_init(&f, layers[i]);   /* callout at transport layers */
        assert_ok(add(&f));
    }
}

static void add_copies_every_input_deeply(void **state)
{
    (void)state;
    wchar_t *name = malloc(16 * sizeof(wchar_t));
    wchar_t *desc = malloc(16 * sizeof(wchar_t));
    wcscpy(name, L"deep name");
    wcscpy(desc, L"deep desc");
    UINT8 *pdata = malloc(5);
    memcpy(pdata, "\x01\x02\x03\x04\x05", 5);
    UINT64 *weight = malloc(sizeof *weight);
    *weight = 0x0123456789ABCDEFull;
    FWP_BYTE_ARRAY16 *v6 = malloc(sizeof *v6);
    for (int i = 0; i < 16; ++i)
        v6->byteArray16[i] = (UINT8)(0x20 + i);
    FWPM_FILTER_CONDITION0 *cond = calloc(1, sizeof *cond);
    cond->fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    cond->matchType = FWP_MATCH_EQUAL;
    cond->conditionValue.type = FWP_BYTE_ARRAY16_TYPE;
    cond->conditionValue.byteArray16 = v6;

    FWPM_FILTER0 *f = calloc(1, sizeof *f);
    fx_filter_init(f, &FWPM_LAYER_INBOUND_TRANSPORT_V6);
    GUID key = fx_random_guid();
    f->filterKey = key;
    f->displayData.name = name;
    f->displayData.description = desc;
    f->providerData.size = 5;
    f->providerData.data = pdata;
    f->weight.type = FWP_UINT64;
    f->weight.uint64 = weight;
    f->numFilterConditions = 1;
    f->filterCondition = cond;
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, f, NULL, &id));

    /* scribble over and free everything the caller owned */
    wmemset(name, L'#', 15);
    wmemset(desc, L'#', 15);
    memset(pdata, 0xEE, 5);
    *weight = 0;
    memset(v6, 0xEE, sizeof *v6);
    memset(cond, 0xEE, sizeof *cond);
    memset(f, 0xEE, sizeof *f);
    free(name); free(desc); free(pdata); free(weight); free(v6); free(cond); free(f);

    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, id, &got));
    assert_memory_equal(&got->filterKey, &key, sizeof key);
    assert_true(wcscmp(got->displayData.name, L"deep name") == 0);
    assert_true(wcscmp(got->displayData.description, L"deep desc") == 0);
    assert_int_equal(got->providerData.size, 5);
    assert_memory_equal(got->providerData.data, "\x01\x02\x03\x04\x05", 5);
    assert_int_equal(got->weight.type, FWP_UINT64);
    assert_int_equal(*got->weight.uint64, 0x0123456789ABCDEFull);
    assert_int_equal(got->effectiveWeight.type, FWP_UINT64);
    assert_int_equal(*got->effectiveWeight.uint64, 0x0123456789ABCDEFull);
    assert_int_equal(got->numFilterConditions, 1);
    assert_int_equal(got->filterCondition[0].conditionValue.type, FWP_BYTE_ARRAY16_TYPE);
    for (int i = 0; i < 16; ++i)
        assert_int_equal(got->filterCondition[0].conditionValue.byteArray16->byteArray16[i], 0x20 + i);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void effective_weight_is_zero_for_empty_weight_and_input_value_is_ignored(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.effectiveWeight.type = (FWP_DATA_TYPE)0x7777;   /* output-only: ignored */
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, id, &got));
    assert_int_equal(got->weight.type, FWP_EMPTY);
    assert_int_equal(got->effectiveWeight.type, FWP_UINT64);
    assert_non_null(got->effectiveWeight.uint64);
    assert_int_equal(*got->effectiveWeight.uint64, 0);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void weight_range_15_is_accepted_and_effective_weight_is_shifted(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 15;
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, id, &got));
    assert_int_equal(*got->effectiveWeight.uint64, (UINT64)15 << 60);
    FwpmFreeMemory0((void **)&got);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void persistent_filter_from_static_session_is_accepted(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_PERSISTENT;
    assert_ok(add(&f));
    f.flags = FWPM_FILTER_FLAG_BOOTTIME;
    assert_ok(add(&f));
    f.flags = FWPM_FILTER_FLAG_INDEXED | FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT;
    assert_ok(add(&f));
}

static void callout_inspection_and_unknown_actions_with_matching_callout_are_accepted(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_INBOUND_TRANSPORT_V6);
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    assert_ok(add(&f));
    f.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
    assert_ok(add(&f));
    f.action.type = FWP_ACTION_BLOCK;
    assert_ok(add(&f));
}

/* ---- Delete / Get ---------------------------------------------------------- */

static void delete_by_id_removes_and_second_delete_is_filter_not_found(void **state)
{
    (void)state;
    UINT64 id = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
    assert_false(fx_filter_exists(fx_session, id));
    assert_status(FwpmFilterDeleteById0(fx_session, id), FWP_E_FILTER_NOT_FOUND);
}

static void delete_or_get_of_unknown_or_zero_id_is_filter_not_found(void **state)
{
    (void)state;
    assert_status(FwpmFilterDeleteById0(fx_session, 0), FWP_E_FILTER_NOT_FOUND);
    assert_status(FwpmFilterDeleteById0(fx_session, 0xFFFFFFFFFFFFull), FWP_E_FILTER_NOT_FOUND);
    FWPM_FILTER0 *got = (FWPM_FILTER0 *)(uintptr_t)0x1;
    assert_status(FwpmFilterGetById0(fx_session, 0, &got), FWP_E_FILTER_NOT_FOUND);
    assert_null(got);
    got = (FWPM_FILTER0 *)(uintptr_t)0x1;
    assert_status(FwpmFilterGetById0(fx_session, 0xFFFFFFFFFFFFull, &got), FWP_E_FILTER_NOT_FOUND);
    assert_null(got);
}

static void delete_or_get_by_unknown_key_is_filter_not_found(void **state)
{
    (void)state;
    GUID k = fx_random_guid();
    assert_status(FwpmFilterDeleteByKey0(fx_session, &k), FWP_E_FILTER_NOT_FOUND);
    FWPM_FILTER0 *got = (FWPM_FILTER0 *)(uintptr_t)0x1;
    assert_status(FwpmFilterGetByKey0(fx_session, &k, &got), FWP_E_FILTER_NOT_FOUND);
    assert_null(got);
}

static void null_pointers_are_null_pointer(void **state)
{
    (void)state;
    UINT64 id = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);
    FWPM_FILTER0 *got = NULL;
    assert_status(FwpmFilterAdd0(fx_session, NULL, NULL, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmFilterDeleteByKey0(fx_session, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmFilterGetByKey0(fx_session, NULL, &got), FWP_E_NULL_POINTER);
    GUID k = fx_random_guid();
    assert_status(FwpmFilterGetByKey0(fx_session, &k, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmFilterGetById0(fx_session, id, NULL), FWP_E_NULL_POINTER);
    /* NULL out-pointer beats lookup: even an unknown id gives NULL_POINTER */
    assert_status(FwpmFilterGetById0(fx_session, 0, NULL), FWP_E_NULL_POINTER);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void filter_functions_on_closed_session_are_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    UINT64 id = fx_add_filter(h, &FWPM_LAYER_IPSEC_V4);
    fx_close(h);
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    FWPM_FILTER0 *got = (FWPM_FILTER0 *)(uintptr_t)0x1;
    GUID k = fx_random_guid();
    assert_status(FwpmFilterAdd0(h, &f, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterAdd0(h, NULL, NULL, NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterDeleteById0(h, id), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterDeleteByKey0(h, &k), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterGetById0(h, id, &got), STATUS_INVALID_HANDLE);
    assert_null(got);
    assert_status(FwpmFilterGetByKey0(h, &k, &got), STATUS_INVALID_HANDLE);
    assert_true(fx_filter_exists(fx_session, id));
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void filter_named_by_sa_context_may_still_be_deleted(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    assert_ok(FwpmFilterDeleteById0(fx_session, c.outFilter));
    assert_ok(FwpmFilterDeleteById0(fx_session, c.inFilter));
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx));
    assert_non_null(ctx->outboundSa->transportFilter);
    assert_int_equal(ctx->outboundSa->transportFilter->filterId, c.outFilter);
    assert_true(fx_guid_eq(&ctx->outboundSa->transportFilter->layerKey, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4));
    assert_non_null(ctx->inboundSa->transportFilter);
    assert_int_equal(ctx->inboundSa->transportFilter->filterId, c.inFilter);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

/* ---- Validation, rule by rule ------------------------------------------------ */

static void null_display_name_is_null_display_name(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.displayData.name = NULL;
    assert_status(add(&f), FWP_E_NULL_DISPLAY_NAME);
}

static void bad_flags_are_invalid_flags(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = 0x80;
    assert_status(add(&f), FWP_E_INVALID_FLAGS);
    f.flags = 0x80000000u;
    assert_status(add(&f), FWP_E_INVALID_FLAGS);
    f.flags = FWPM_FILTER_FLAG_DISABLED;             /* output-only */
    assert_status(add(&f), FWP_E_INVALID_FLAGS);
    f.flags = FWPM_FILTER_FLAG_PERSISTENT | FWPM_FILTER_FLAG_BOOTTIME;
    assert_status(add(&f), FWP_E_INVALID_FLAGS);
}

static void has_provider_context_flag_is_provider_context_not_found(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = fx_random_guid();
    assert_status(add(&f), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
}

static void provider_key_is_provider_not_found(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    GUID prov = fx_random_guid();
    f.providerKey = &prov;
    assert_status(add(&f), FWP_E_PROVIDER_NOT_FOUND);
}

static void provider_data_with_null_data_is_null_pointer(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.providerData.size = 4;
    f.providerData.data = NULL;
    assert_status(add(&f), FWP_E_NULL_POINTER);
}

static void unknown_or_zero_layer_is_layer_not_found(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.layerKey = fx_random_guid();
    assert_status(add(&f), FWP_E_LAYER_NOT_FOUND);
    f.layerKey = FX_ZERO_GUID;
    assert_status(add(&f), FWP_E_LAYER_NOT_FOUND);
    f.layerKey = FWPM_SUBLAYER_UNIVERSAL;              /* a key, but not a layer */
    assert_status(add(&f), FWP_E_LAYER_NOT_FOUND);
}

static void unknown_sublayer_is_sublayer_not_found(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.subLayerKey = fx_random_guid();
    assert_status(add(&f), FWP_E_SUBLAYER_NOT_FOUND);
    f.subLayerKey = FWPM_LAYER_IPSEC_V4;
    assert_status(add(&f), FWP_E_SUBLAYER_NOT_FOUND);
    f.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    assert_ok(add(&f));
}

static void bad_weight_is_invalid_weight(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 16;
    assert_status(add(&f), FWP_E_INVALID_WEIGHT);
    f.weight.type = FWP_UINT64;
    f.weight.uint64 = NULL;
    assert_status(add(&f), FWP_E_INVALID_WEIGHT);
    f.weight.type = FWP_UINT16;
    f.weight.uint16 = 1;
    assert_status(add(&f), FWP_E_INVALID_WEIGHT);
    f.weight.type = FWP_UINT32;
    f.weight.uint32 = 1;
    assert_status(add(&f), FWP_E_INVALID_WEIGHT);
}

static FWPM_FILTER0 filter_with_condition(FWPM_FILTER_CONDITION0 *c)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.numFilterConditions = 1;
    f.filterCondition = c;
    return f;
}

static FWPM_FILTER_CONDITION0 cond_of(const GUID *field, FWP_MATCH_TYPE m, FWP_DATA_TYPE t)
{
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = *field;
    c.matchType = m;
    c.conditionValue.type = t;
    return c;
}

static void conditions_count_without_array_is_null_pointer(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.numFilterConditions = 2;
    f.filterCondition = NULL;
    assert_status(add(&f), FWP_E_NULL_POINTER);
}

static void unknown_condition_field_is_condition_not_found(void **state)
{
    (void)state;
    GUID field = fx_random_guid();
    FWPM_FILTER_CONDITION0 c = cond_of(&field, FWP_MATCH_EQUAL, FWP_UINT8);
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_CONDITION_NOT_FOUND);
}

static void out_of_range_match_type_or_data_type_is_invalid_enumerator(void **state)
{
    (void)state;
    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_TYPE_MAX, FWP_UINT8);
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_INVALID_ENUMERATOR);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_DATA_TYPE_MAX);
    assert_status(add(&f), FWP_E_INVALID_ENUMERATOR);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, (FWP_DATA_TYPE)21);
    assert_status(add(&f), FWP_E_INVALID_ENUMERATOR);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, (FWP_DATA_TYPE)0x200);
    assert_status(add(&f), FWP_E_INVALID_ENUMERATOR);
}

static void condition_value_with_null_pointer_is_null_pointer(void **state)
{
    (void)state;
    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_V4_ADDR_MASK);
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_NULL_POINTER);
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_V6_ADDR_MASK);
    assert_status(add(&f), FWP_E_NULL_POINTER);
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_BYTE_ARRAY16_TYPE);
    assert_status(add(&f), FWP_E_NULL_POINTER);
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    assert_status(add(&f), FWP_E_NULL_POINTER);
}

static void value_type_not_accepted_by_field_is_type_mismatch(void **state)
{
    (void)state;
    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_UINT16);
    c.conditionValue.uint16 = 5;
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL, FWP_UINT32);
    c.conditionValue.uint32 = 5;
    assert_status(add(&f), FWP_E_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_UINT16);
    c.conditionValue.uint16 = 6;
    assert_status(add(&f), FWP_E_TYPE_MISMATCH);
    FWP_V4_ADDR_AND_MASK m = { FX_V4(10, 0, 0, 0), 0xFF000000u };
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_EQUAL, FWP_V4_ADDR_MASK);
    c.conditionValue.v4AddrMask = &m;
    assert_status(add(&f), FWP_E_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_UNICODE_STRING_TYPE);
    c.conditionValue.unicodeString = L"udp";
    assert_status(add(&f), FWP_E_TYPE_MISMATCH);
}

static void every_accepted_value_type_per_field_is_accepted(void **state)
{
    (void)state;
    FWP_V4_ADDR_AND_MASK m4 = { FX_V4(10, 1, 0, 0), 0xFFFF0000u };
    FWP_V6_ADDR_AND_MASK m6;
    memset(&m6, 0, sizeof m6);
    m6.addr[0] = 0xfd;
    m6.prefixLength = 128;
    FWP_BYTE_ARRAY16 a16 = { { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } };
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    r.valueLow.type = FWP_UINT32;
    r.valueLow.uint32 = FX_V4(10, 0, 0, 1);
    r.valueHigh.type = FWP_UINT32;
    r.valueHigh.uint32 = FX_V4(10, 0, 0, 9);
    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_UINT32);
    c.conditionValue.uint32 = FX_V4(10, 0, 0, 1);
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_ok(add(&f));
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_V4_ADDR_MASK);
    c.conditionValue.v4AddrMask = &m4;
    assert_ok(add(&f));
    /* V6 values at the V6 layer (a V4 layer's address fields are FWP_UINT32) */
    f.layerKey = FWPM_LAYER_IPSEC_V6;
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_V6_ADDR_MASK);
    c.conditionValue.v6AddrMask = &m6;
    assert_ok(add(&f));
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_BYTE_ARRAY16_TYPE);
    c.conditionValue.byteArray16 = &a16;
    assert_ok(add(&f));
    f.layerKey = FWPM_LAYER_IPSEC_V4;
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &r;
    assert_ok(add(&f));
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_GREATER_OR_EQUAL, FWP_UINT16);
    c.conditionValue.uint16 = 1024;
    assert_ok(add(&f));
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_LESS, FWP_UINT8);
    c.conditionValue.uint8 = 50;
    assert_ok(add(&f));
}

static void match_type_incompatible_with_value_is_match_type_mismatch(void **state)
{
    (void)state;
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    r.valueLow.type = FWP_UINT16;
    r.valueLow.uint16 = 10;
    r.valueHigh.type = FWP_UINT16;
    r.valueHigh.uint16 = 20;
    FWP_V4_ADDR_AND_MASK m4 = { FX_V4(10, 1, 0, 0), 0xFFFF0000u };

    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_EQUAL, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &r;                               /* range without RANGE */
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_RANGE, FWP_UINT16);   /* RANGE without range */
    c.conditionValue.uint16 = 10;
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_GREATER, FWP_V4_ADDR_MASK);
    c.conditionValue.v4AddrMask = &m4;                              /* masks: EQUAL only */
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
    c.matchType = FWP_MATCH_NOT_EQUAL;                              /* masks are not sortable */
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_PREFIX, FWP_UINT8);
    c.conditionValue.uint8 = 6;
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_NOT_PREFIX, FWP_UINT8);
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_EQUAL_CASE_INSENSITIVE, FWP_UINT16);
    assert_status(add(&f), FWP_E_MATCH_TYPE_MISMATCH);
}

static void bad_masks_are_invalid_net_mask(void **state)
{
    (void)state;
    FWP_V4_ADDR_AND_MASK m4 = { FX_V4(10, 0, 0, 0), 0xFF00FF00u };
    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_LOCAL_ADDRESS, FWP_MATCH_EQUAL, FWP_V4_ADDR_MASK);
    c.conditionValue.v4AddrMask = &m4;
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_INVALID_NET_MASK);
    m4.mask = 0x00FFFFFFu;
    assert_status(add(&f), FWP_E_INVALID_NET_MASK);
    FWP_V6_ADDR_AND_MASK m6;
    memset(&m6, 0, sizeof m6);
    m6.prefixLength = 129;
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_V6_ADDR_MASK);
    c.conditionValue.v6AddrMask = &m6;
    f.layerKey = FWPM_LAYER_IPSEC_V6;
    assert_status(add(&f), FWP_E_INVALID_NET_MASK);
}

static void bad_ranges_are_invalid_range(void **state)
{
    (void)state;
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    r.valueLow.type = FWP_UINT16;
    r.valueLow.uint16 = 2000;
    r.valueHigh.type = FWP_UINT16;
    r.valueHigh.uint16 = 1000;                       /* low > high */
    FWPM_FILTER_CONDITION0 c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &r;
    FWPM_FILTER0 f = filter_with_condition(&c);
    assert_status(add(&f), FWP_E_INVALID_RANGE);

    FWP_BYTE_ARRAY16 hi = { { 0xfd } };
    FWP_RANGE0 mixed;
    memset(&mixed, 0, sizeof mixed);
    mixed.valueLow.type = FWP_UINT32;                /* both accepted for addresses ... */
    mixed.valueLow.uint32 = FX_V4(10, 0, 0, 1);
    mixed.valueHigh.type = FWP_BYTE_ARRAY16_TYPE;    /* ... but of different types */
    mixed.valueHigh.byteArray16 = &hi;
    c = cond_of(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &mixed;
    assert_status(add(&f), FWP_E_INVALID_RANGE);
    /* low == high is a valid (single-value) range */
    r.valueHigh.uint16 = 2000;
    c = cond_of(&FWPM_CONDITION_IP_LOCAL_PORT, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &r;
    assert_ok(add(&f));
}

static void second_bad_condition_is_found_after_a_good_one(void **state)
{
    (void)state;
    FWPM_FILTER_CONDITION0 c[2];
    c[0] = cond_of(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_UINT8);
    c[0].conditionValue.uint8 = 6;
    GUID unknown = fx_random_guid();
    c[1] = cond_of(&unknown, FWP_MATCH_EQUAL, FWP_UINT8);
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.numFilterConditions = 2;
    f.filterCondition = c;
    assert_status(add(&f), FWP_E_CONDITION_NOT_FOUND);
}

static void bad_action_type_is_invalid_action_type(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    FWP_ACTION_TYPE bad[] = { 0, FWP_ACTION_CONTINUE, FWP_ACTION_NONE, FWP_ACTION_NONE_NO_MATCH,
                              0x1, FWP_ACTION_FLAG_TERMINATING, 0xFFFFFFFFu };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        f.action.type = bad[i];
        assert_status(add(&f), FWP_E_INVALID_ACTION_TYPE);
    }
}

static void callout_action_with_unknown_callout_is_callout_not_found(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    f.action.calloutKey = fx_random_guid();
    assert_status(add(&f), FWP_E_CALLOUT_NOT_FOUND);
    f.action.calloutKey = FX_ZERO_GUID;
    assert_status(add(&f), FWP_E_CALLOUT_NOT_FOUND);
}

static void callout_of_another_layer_is_incompatible_layer(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    f.action.calloutKey = FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4;
    assert_status(add(&f), FWP_E_INCOMPATIBLE_LAYER);
    f.action.calloutKey = FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6;
    assert_status(add(&f), FWP_E_INCOMPATIBLE_LAYER);
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4;
    assert_status(add(&f), FWP_E_INCOMPATIBLE_LAYER);
}

static void reserved_pointer_is_reserved(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    GUID r = fx_random_guid();
    f.reserved = &r;
    assert_status(add(&f), FWP_E_RESERVED);
}

static void duplicate_filter_key_is_already_exists(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    UINT64 id = 0, id2 = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    id2 = 0x55;
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, &id2), FWP_E_ALREADY_EXISTS);
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V6);   /* same key, other layer: still a duplicate */
    f.filterKey = fx_random_guid();
    FWPM_FILTER0 *first = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, id, &first));
    f.filterKey = first->filterKey;
    FwpmFreeMemory0((void **)&first);
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, NULL), FWP_E_ALREADY_EXISTS);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

/* ---- Precedence ------------------------------------------------------------- */

static void checks_are_made_in_documented_order(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    GUID g = fx_random_guid();
    FWPM_FILTER_CONDITION0 badCond = cond_of(&g, FWP_MATCH_EQUAL, FWP_UINT8);

    /* name before flags */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.displayData.name = NULL;
    f.flags = 0x80;
    assert_status(add(&f), FWP_E_NULL_DISPLAY_NAME);
    /* flags before provider */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_DISABLED;
    f.providerKey = &g;
    assert_status(add(&f), FWP_E_INVALID_FLAGS);
    /* provider before layer */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.providerKey = &g;
    f.layerKey = g;
    assert_status(add(&f), FWP_E_PROVIDER_NOT_FOUND);
    /* layer before sublayer */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.layerKey = g;
    f.subLayerKey = g;
    assert_status(add(&f), FWP_E_LAYER_NOT_FOUND);
    /* sublayer before weight */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.subLayerKey = g;
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 99;
    assert_status(add(&f), FWP_E_SUBLAYER_NOT_FOUND);
    /* weight before conditions */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 99;
    f.numFilterConditions = 1;
    f.filterCondition = &badCond;
    assert_status(add(&f), FWP_E_INVALID_WEIGHT);
    /* conditions before action */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.numFilterConditions = 1;
    f.filterCondition = &badCond;
    f.action.type = 0;
    assert_status(add(&f), FWP_E_CONDITION_NOT_FOUND);
    /* action before reserved */
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.action.type = 0;
    f.reserved = &g;
    assert_status(add(&f), FWP_E_INVALID_ACTION_TYPE);
    /* PERSISTENT in a dynamic session comes after the other flag checks but before provider */
    HANDLE dyn = fx_open_dynamic();
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_PERSISTENT;
    f.providerKey = &g;
    assert_status(FwpmFilterAdd0(dyn, &f, NULL, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    fx_close(dyn);
}

static void reserved_is_checked_before_duplicate_key(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    GUID r = fx_random_guid();
    f.reserved = &r;
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, NULL), FWP_E_RESERVED);
    assert_ok(FwpmFilterDeleteById0(fx_session, id));
}

static void null_filter_and_read_only_txn_come_before_structure_checks(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.displayData.name = NULL;
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_status(FwpmFilterAdd0(h, NULL, NULL, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmFilterAdd0(h, &f, NULL, NULL), FWP_E_INCOMPATIBLE_TXN);
    assert_status(FwpmFilterDeleteByKey0(h, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmFilterDeleteById0(h, 0), FWP_E_INCOMPATIBLE_TXN);
    assert_ok(FwpmTransactionAbort0(h));
    fx_close(h);
}

static void failed_add_leaves_nothing_behind(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.filterKey = fx_random_guid();
    f.weight.type = FWP_UINT8;
    f.weight.uint8 = 200;
    UINT64 id = 0xABCD;
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, &id), FWP_E_INVALID_WEIGHT);
    FWPM_FILTER0 *got = NULL;
    assert_status(FwpmFilterGetByKey0(fx_session, &f.filterKey, &got), FWP_E_FILTER_NOT_FOUND);
    /* the key is still free */
    f.weight.uint8 = 2;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    assert_ok(FwpmFilterDeleteByKey0(fx_session, &f.filterKey));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_returns_id_and_get_by_id_returns_every_field),
        cmocka_unit_test(get_by_key_returns_the_same_filter_with_identical_key),
        cmocka_unit_test(add_with_zero_key_generates_distinct_random_keys),
        cmocka_unit_test(add_assigns_increasing_ids_and_ignores_input_filter_id),
        cmocka_unit_test(add_with_null_id_out_succeeds),
        cmocka_unit_test(add_accepts_a_security_descriptor),
        cmocka_unit_test(add_accepts_every_layer_of_fwpm_guids),
        cmocka_unit_test(add_copies_every_input_deeply),
        cmocka_unit_test(effective_weight_is_zero_for_empty_weight_and_input_value_is_ignored),
        cmocka_unit_test(weight_range_15_is_accepted_and_effective_weight_is_shifted),
        cmocka_unit_test(persistent_filter_from_static_session_is_accepted),
        cmocka_unit_test(callout_inspection_and_unknown_actions_with_matching_callout_are_accepted),
        cmocka_unit_test(delete_by_id_removes_and_second_delete_is_filter_not_found),
        cmocka_unit_test(delete_or_get_of_unknown_or_zero_id_is_filter_not_found),
        cmocka_unit_test(delete_or_get_by_unknown_key_is_filter_not_found),
        cmocka_unit_test(null_pointers_are_null_pointer),
        cmocka_unit_test(filter_functions_on_closed_session_are_invalid_handle),
        cmocka_unit_test(filter_named_by_sa_context_may_still_be_deleted),
        cmocka_unit_test(null_display_name_is_null_display_name),
        cmocka_unit_test(bad_flags_are_invalid_flags),
        cmocka_unit_test(has_provider_context_flag_is_provider_context_not_found),
        cmocka_unit_test(provider_key_is_provider_not_found),
        cmocka_unit_test(provider_data_with_null_data_is_null_pointer),
        cmocka_unit_test(unknown_or_zero_layer_is_layer_not_found),
        cmocka_unit_test(unknown_sublayer_is_sublayer_not_found),
        cmocka_unit_test(bad_weight_is_invalid_weight),
        cmocka_unit_test(conditions_count_without_array_is_null_pointer),
        cmocka_unit_test(unknown_condition_field_is_condition_not_found),
        cmocka_unit_test(out_of_range_match_type_or_data_type_is_invalid_enumerator),
        cmocka_unit_test(condition_value_with_null_pointer_is_null_pointer),
        cmocka_unit_test(value_type_not_accepted_by_field_is_type_mismatch),
        cmocka_unit_test(every_accepted_value_type_per_field_is_accepted),
        cmocka_unit_test(match_type_incompatible_with_value_is_match_type_mismatch),
        cmocka_unit_test(bad_masks_are_invalid_net_mask),
        cmocka_unit_test(bad_ranges_are_invalid_range),
        cmocka_unit_test(second_bad_condition_is_found_after_a_good_one),
        cmocka_unit_test(bad_action_type_is_invalid_action_type),
        cmocka_unit_test(callout_action_with_unknown_callout_is_callout_not_found),
        cmocka_unit_test(callout_of_another_layer_is_incompatible_layer),
        cmocka_unit_test(reserved_pointer_is_reserved),
        cmocka_unit_test(duplicate_filter_key_is_already_exists),
        cmocka_unit_test(checks_are_made_in_documented_order),
        cmocka_unit_test(reserved_is_checked_before_duplicate_key),
        cmocka_unit_test(null_filter_and_read_only_txn_come_before_structure_checks),
        cmocka_unit_test(failed_add_leaves_nothing_behind),
    };
    return cmocka_run_group_tests_name("filters", tests, fx_session_open, fx_session_close);
}
