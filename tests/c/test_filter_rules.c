/* test_filter_rules.c — FwpmFilterAdd0's rules for conditions, actions and
 * provider contexts against the built-in catalogue: a condition must be a
 * field of the filter's layer (FWP_E_CONDITION_NOT_FOUND), its value of the
 * field's data type (FWP_E_TYPE_MISMATCH), its match type fit the value
 * (FWP_E_MATCH_TYPE_MISMATCH); flags that need a callout action; the provider
 * context's type must fit the layer (FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
 * and the enumeration template's own rules and its provider-context and
 * generic-condition matching. */
#include "fixtures.h"

static UINT8 app_bytes[] = {'a', 0, 'p', 0, 'p', 0, 0, 0};
static FWP_BYTE_BLOB app_blob = {sizeof app_bytes, app_bytes};
static UINT8 sd_bytes[20] = {1, 0, 4, 0x80};
static FWP_BYTE_BLOB sd_blob = {sizeof sd_bytes, sd_bytes};

/* Adds one filter at `layer` (PERMIT) with the single condition `c`. */
static NTSTATUS add_one(const GUID *layer, const FWPM_FILTER_CONDITION0 *c, UINT64 *id)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, layer);
    f.action.type = FWP_ACTION_PERMIT;
    f.numFilterConditions = 1;
    f.filterCondition = (FWPM_FILTER_CONDITION0 *)c;
    return FwpmFilterAdd0(fx_session, &f, NULL, id);
}

static FWPM_FILTER_CONDITION0 cond(const GUID *field, FWP_MATCH_TYPE m, FWP_DATA_TYPE t)
{
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = *field;
    c.matchType = m;
    c.conditionValue.type = t;
    return c;
}

static void condition_that_is_no_field_of_the_layer_is_condition_not_found(void **state)
{
    (void)state;
    /* ALE_APP_ID exists, but not at the IPSEC layer */
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_EQUAL, FWP_BYTE_BLOB_TYPE);
    c.conditionValue.byteBlob = &app_blob;
    assert_status(add_one(&FWPM_LAYER_IPSEC_V4, &c, NULL), FWP_E_CONDITION_NOT_FOUND);
    assert_ok(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL));
    /* a GUID that names no condition at all */
    c.fieldKey = fx_random_guid();
    assert_status(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL), FWP_E_CONDITION_NOT_FOUND);
}

static void every_value_of_the_fields_data_type_is_accepted(void **state)
{
    (void)state;
    const GUID *layer = &FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_UINT8);
    c.conditionValue.uint8 = 17;
    assert_ok(add_one(layer, &c, NULL));
    c = cond(&FWPM_CONDITION_ALE_USER_ID, FWP_MATCH_EQUAL, FWP_SECURITY_DESCRIPTOR_TYPE);
    c.conditionValue.sd = &sd_blob;
    assert_ok(add_one(layer, &c, NULL));
    c = cond(&FWPM_CONDITION_FLAGS, FWP_MATCH_FLAGS_ANY_SET, FWP_UINT32);
    c.conditionValue.uint32 = 0x40;
    assert_ok(add_one(layer, &c, NULL));
    c = cond(&FWPM_CONDITION_IP_LOCAL_INTERFACE, FWP_MATCH_EQUAL, FWP_UINT64);
    UINT64 luid = 0x0006000000000000ull;
    c.conditionValue.uint64 = &luid;
    assert_ok(add_one(layer, &c, NULL));
    FWP_V4_ADDR_AND_MASK m = {FX_V4(10, 1, 0, 0), FX_V4(255, 255, 0, 0)};
    c = cond(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_V4_ADDR_MASK);
    c.conditionValue.v4AddrMask = &m;
    assert_ok(add_one(layer, &c, NULL));
}

static void value_of_another_type_than_the_field_is_type_mismatch(void **state)
{
    (void)state;
    const GUID *layer = &FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_UINT16);
    c.conditionValue.uint16 = 6;
    assert_status(add_one(layer, &c, NULL), FWP_E_TYPE_MISMATCH);
    c = cond(&FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_EQUAL, FWP_UINT32);
    c.conditionValue.uint32 = 1;
    assert_status(add_one(layer, &c, NULL), FWP_E_TYPE_MISMATCH);
    /* the user-id fields take a security descriptor, not a SID or a token */
    SID sid = {1, 0, {{0, 0, 0, 0, 0, 5}}, {0}};
    c = cond(&FWPM_CONDITION_ALE_USER_ID, FWP_MATCH_EQUAL, FWP_SID);
    c.conditionValue.sid = &sid;
    assert_status(add_one(layer, &c, NULL), FWP_E_TYPE_MISMATCH);
    c = cond(&FWPM_CONDITION_ALE_USER_ID, FWP_MATCH_EQUAL, FWP_TOKEN_ACCESS_INFORMATION_TYPE);
    c.conditionValue.tokenAccessInformation = &sd_blob;
    assert_status(add_one(layer, &c, NULL), FWP_E_TYPE_MISMATCH);
    /* an empty value matches no field's type */
    c = cond(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_EQUAL, FWP_EMPTY);
    assert_status(add_one(layer, &c, NULL), FWP_E_TYPE_MISMATCH);
}

static void address_of_the_other_ip_version_is_type_mismatch(void **state)
{
    (void)state;
    FWP_BYTE_ARRAY16 v6 = {{0x20, 0x01, 0x0d, 0xb8}};
    FWP_V6_ADDR_AND_MASK m6 = {{0x20, 0x01, 0x0d, 0xb8}, 32};
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_BYTE_ARRAY16_TYPE);
    c.conditionValue.byteArray16 = &v6;
    assert_status(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL), FWP_E_TYPE_MISMATCH);
    assert_ok(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V6, &c, NULL));
    c = cond(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_V6_ADDR_MASK);
    c.conditionValue.v6AddrMask = &m6;
    assert_status(add_one(&FWPM_LAYER_IPSEC_V4, &c, NULL), FWP_E_TYPE_MISMATCH);
    assert_ok(add_one(&FWPM_LAYER_IPSEC_V6, &c, NULL));
    c = cond(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_EQUAL, FWP_UINT32);
    c.conditionValue.uint32 = FX_V4(10, 0, 0, 1);
    assert_status(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V6, &c, NULL), FWP_E_TYPE_MISMATCH);
}

static void range_bounds_of_another_type_than_the_field_are_type_mismatch(void **state)
{
    (void)state;
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    r.valueLow.type = r.valueHigh.type = FWP_UINT32;
    r.valueLow.uint32 = 10;
    r.valueHigh.uint32 = 20;
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_IP_REMOTE_PORT, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &r;
    assert_status(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL), FWP_E_TYPE_MISMATCH);
    /* masks are no range bounds */
    r.valueLow.type = r.valueHigh.type = (FWP_DATA_TYPE)FWP_V4_ADDR_MASK;
    r.valueLow.uint32 = r.valueHigh.uint32 = 0;
    c.fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    assert_status(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL), FWP_E_TYPE_MISMATCH);
    /* port bounds of the port type are fine */
    r.valueLow.type = r.valueHigh.type = FWP_UINT16;
    r.valueLow.uint16 = 10;
    r.valueHigh.uint16 = 20;
    c.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    assert_ok(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL));
}

static void match_type_that_does_not_fit_the_value_is_match_type_mismatch(void **state)
{
    (void)state;
    const GUID *layer = &FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    /* flag tests need an unsigned integer */
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_FLAGS_ALL_SET, FWP_BYTE_BLOB_TYPE);
    c.conditionValue.byteBlob = &app_blob;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    /* case-insensitive equality is for Unicode strings only */
    c.matchType = FWP_MATCH_EQUAL_CASE_INSENSITIVE;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    /* prefix tests and ordering fit a byte blob */
    c.matchType = FWP_MATCH_PREFIX;
    assert_ok(add_one(layer, &c, NULL));
    c.matchType = FWP_MATCH_NOT_PREFIX;
    assert_ok(add_one(layer, &c, NULL));
    c.matchType = FWP_MATCH_GREATER;
    assert_ok(add_one(layer, &c, NULL));
    /* a security descriptor is not sortable */
    c = cond(&FWPM_CONDITION_ALE_USER_ID, FWP_MATCH_GREATER, FWP_SECURITY_DESCRIPTOR_TYPE);
    c.conditionValue.sd = &sd_blob;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    c.matchType = FWP_MATCH_NOT_EQUAL;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    /* prefix tests do not fit an integer */
    c = cond(&FWPM_CONDITION_IP_PROTOCOL, FWP_MATCH_PREFIX, FWP_UINT8);
    c.conditionValue.uint8 = 6;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    c.matchType = FWP_MATCH_FLAGS_NONE_SET;
    assert_ok(add_one(layer, &c, NULL));
    /* RANGE goes with a range value and only there */
    c.matchType = FWP_MATCH_RANGE;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    /* an address mask supports EQUAL only (it is not a sortable type) */
    FWP_V4_ADDR_AND_MASK m = {FX_V4(10, 0, 0, 0), FX_V4(255, 0, 0, 0)};
    c = cond(&FWPM_CONDITION_IP_REMOTE_ADDRESS, FWP_MATCH_NOT_EQUAL, FWP_V4_ADDR_MASK);
    c.conditionValue.v4AddrMask = &m;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
    c.matchType = FWP_MATCH_GREATER;
    assert_status(add_one(layer, &c, NULL), FWP_E_MATCH_TYPE_MISMATCH);
}

static void blob_ranges_are_ordered_bytewise(void **state)
{
    (void)state;
    UINT8 a[] = {1, 2}, b[] = {1, 3};
    FWP_BYTE_BLOB lo = {sizeof a, a}, hi = {sizeof b, b};
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    r.valueLow.type = r.valueHigh.type = FWP_BYTE_BLOB_TYPE;
    r.valueLow.byteBlob = &lo;
    r.valueHigh.byteBlob = &hi;
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_RANGE, FWP_RANGE_TYPE);
    c.conditionValue.rangeValue = &r;
    assert_ok(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL));
    r.valueLow.byteBlob = &hi;
    r.valueHigh.byteBlob = &lo;
    assert_status(add_one(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &c, NULL), FWP_E_INVALID_RANGE);
}

static void permit_if_callout_unregistered_needs_a_terminating_or_unknown_callout(void **state)
{
    (void)state;
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    f.flags = FWPM_FILTER_FLAG_PERMIT_IF_CALLOUT_UNREGISTERED;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, NULL));  /* CALLOUT_TERMINATING */
    f.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, NULL));
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, NULL), FWP_E_INVALID_FLAGS);
    f.action.type = FWP_ACTION_PERMIT;
    assert_status(FwpmFilterAdd0(fx_session, &f, NULL, NULL), FWP_E_INVALID_FLAGS);
}

/* Provider contexts of a main-mode and a quick-mode type. */
static GUID add_context(FWPM_PROVIDER_CONTEXT_TYPE type, GUID *provider)
{
    static IKEEXT_POLICY0 mm;
    static IPSEC_TRANSPORT_POLICY0 qm;
    static UINT8 bytes[1] = {7};
    static FWP_BYTE_BLOB blob = {1, bytes};
    FWPM_PROVIDER_CONTEXT0 c;
    memset(&c, 0, sizeof c);
    c.providerContextKey = fx_random_guid();
    c.displayData.name = L"ctx";
    c.providerKey = provider;
    c.type = type;
    if (type == FWPM_IPSEC_IKE_MM_CONTEXT) c.ikeMmPolicy = &mm;
    else if (type == FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT) c.ikeQmTransportPolicy = &qm;
    else c.dataBuffer = &blob;
    assert_ok(FwpmProviderContextAdd0(fx_session, &c, NULL, NULL));
    return c.providerContextKey;
}

static NTSTATUS add_with_context(const GUID *layer, const GUID *ctx, UINT64 *id)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, layer);
    f.action.type = FWP_ACTION_PERMIT;
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = *ctx;
    return FwpmFilterAdd0(fx_session, &f, NULL, id);
}

static void provider_context_type_must_fit_the_layer(void **state)
{
    (void)state;
    GUID mm = add_context(FWPM_IPSEC_IKE_MM_CONTEXT, NULL);
    GUID qm = add_context(FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT, NULL);
    GUID general = add_context(FWPM_GENERAL_CONTEXT, NULL);
    /* IKEEXT layers: main-mode policy only */
    assert_ok(add_with_context(&FWPM_LAYER_IKEEXT_V4, &mm, NULL));
    assert_status(add_with_context(&FWPM_LAYER_IKEEXT_V4, &qm, NULL), FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
    assert_status(add_with_context(&FWPM_LAYER_IKEEXT_V6, &general, NULL), FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
    /* IPSEC layers: quick-mode policy only */
    assert_ok(add_with_context(&FWPM_LAYER_IPSEC_V6, &qm, NULL));
    assert_status(add_with_context(&FWPM_LAYER_IPSEC_V4, &mm, NULL), FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
    assert_status(add_with_context(&FWPM_LAYER_IPSEC_V4, &general, NULL), FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
    /* other layers: anything but main-mode policy */
    assert_ok(add_with_context(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &qm, NULL));
    assert_ok(add_with_context(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &general, NULL));
    assert_status(add_with_context(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &mm, NULL),
                  FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
    /* a context that does not exist is still not found */
    GUID none = fx_random_guid();
    assert_status(add_with_context(&FWPM_LAYER_IPSEC_V4, &none, NULL), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
}

/* ---- enumeration templates ------------------------------------------------ */

static NTSTATUS create_enum(const FWPM_FILTER_ENUM_TEMPLATE0 *t)
{
    HANDLE e = NULL;
    NTSTATUS s = FwpmFilterCreateEnumHandle0(fx_session, t, &e);
    if (s == STATUS_SUCCESS) assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    else assert_null(e);
    return s;
}

static void template_rules_are_checked_with_the_documented_codes(void **state)
{
    (void)state;
    FWPM_FILTER_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.actionMask = 0xFFFFFFFF;
    t.layerKey = FWPM_LAYER_IPSEC_V4;
    FWPM_FILTER_CONDITION0 c[2];
    c[0] = cond(&FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_EQUAL, FWP_BYTE_BLOB_TYPE);
    c[0].conditionValue.byteBlob = &app_blob;
    t.numFilterConditions = 1;
    t.filterCondition = c;
    /* the condition is no field of the template's layer ... */
    assert_status(create_enum(&t), FWP_E_CONDITION_NOT_FOUND);
    /* ... but is one of some layer when the template names none */
    t.layerKey = FX_ZERO_GUID;
    assert_ok(create_enum(&t));
    /* the same condition twice */
    c[1] = c[0];
    t.numFilterConditions = 2;
    assert_status(create_enum(&t), FWP_E_DUPLICATE_CONDITION);
    /* two values for one field are distinct conditions (OR'ed) */
    static UINT8 other[] = {'b', 0, 0, 0};
    FWP_BYTE_BLOB other_blob = {sizeof other, other};
    c[1].conditionValue.byteBlob = &other_blob;
    assert_ok(create_enum(&t));
    t.numFilterConditions = 0;
    /* callout filters need the callout named */
    t.actionMask = FWP_ACTION_FLAG_CALLOUT;
    assert_status(create_enum(&t), FWP_E_NULL_POINTER);
    t.calloutKey = (GUID *)&FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4;
    assert_ok(create_enum(&t));
    t.actionMask = 0xFFFFFFFF;
    t.calloutKey = NULL;
    /* provider-context template: its type must be a defined type */
    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 pc = {NULL, FWPM_PROVIDER_CONTEXT_TYPE_MAX};
    t.providerContextTemplate = &pc;
    assert_status(create_enum(&t), FWP_E_INVALID_ENUMERATOR);
}

static void provider_context_template_selects_filters_by_their_context(void **state)
{
    (void)state;
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = fx_random_guid();
    p.displayData.name = L"pc-provider";
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    GUID mine = add_context(FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT, &p.providerKey);
    GUID theirs = add_context(FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT, NULL);
    GUID general = add_context(FWPM_GENERAL_CONTEXT, &p.providerKey);
    UINT64 a, b, c, d;
    assert_ok(add_with_context(&FWPM_LAYER_IPSEC_V4, &mine, &a));
    assert_ok(add_with_context(&FWPM_LAYER_IPSEC_V4, &theirs, &b));
    assert_ok(add_with_context(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &general, &c));
    d = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);  /* no context */

    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 pc = {&p.providerKey, FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT};
    FWPM_FILTER_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.actionMask = 0xFFFFFFFF;
    t.providerContextTemplate = &pc;
    UINT64 ids[64];
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 10, ids, 64);
    assert_true(fx_ids_contain(ids, n, a));
    assert_false(fx_ids_contain(ids, n, b));  /* other provider */
    assert_false(fx_ids_contain(ids, n, c));  /* other type */
    assert_false(fx_ids_contain(ids, n, d));  /* no context */
    pc.providerKey = NULL;  /* any provider */
    n = fx_filter_enum_ids(fx_session, &t, 10, ids, 64);
    assert_true(fx_ids_contain(ids, n, a));
    assert_true(fx_ids_contain(ids, n, b));
    assert_false(fx_ids_contain(ids, n, c));
    pc.providerContextType = FWPM_GENERAL_CONTEXT;
    n = fx_filter_enum_ids(fx_session, &t, 10, ids, 64);
    assert_true(fx_ids_contain(ids, n, c));
    assert_false(fx_ids_contain(ids, n, a));
}

static void template_conditions_on_any_field_select_contained_or_overlapping_filters(void **state)
{
    (void)state;
    const GUID *layer = &FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    static UINT8 x[] = {'x', 0, 0, 0}, y[] = {'y', 0, 0, 0};
    FWP_BYTE_BLOB bx = {sizeof x, x}, by = {sizeof y, y};
    FWPM_FILTER_CONDITION0 c = cond(&FWPM_CONDITION_ALE_APP_ID, FWP_MATCH_EQUAL, FWP_BYTE_BLOB_TYPE);
    UINT64 fx, fy, fflags, fnone, fother;
    c.conditionValue.byteBlob = &bx;
    assert_ok(add_one(layer, &c, &fx));
    c.conditionValue.byteBlob = &by;
    assert_ok(add_one(layer, &c, &fy));
    FWPM_FILTER_CONDITION0 fl = cond(&FWPM_CONDITION_FLAGS, FWP_MATCH_FLAGS_ALL_SET, FWP_UINT32);
    fl.conditionValue.uint32 = 1;
    assert_ok(add_one(layer, &fl, &fflags));
    fnone = fx_add_filter(fx_session, layer);
    fother = fx_add_filter(fx_session, &FWPM_LAYER_IPSEC_V4);  /* a layer without ALE_APP_ID */

    FWPM_FILTER_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.actionMask = 0xFFFFFFFF;
    c.conditionValue.byteBlob = &bx;
    t.numFilterConditions = 1;
    t.filterCondition = &c;
    UINT64 ids[4096];
    t.enumType = FWP_FILTER_ENUM_FULLY_CONTAINED;
    UINT32 n = fx_filter_enum_ids(fx_session, &t, 100, ids, 4096);
    assert_true(fx_ids_contain(ids, n, fx));
    assert_false(fx_ids_contain(ids, n, fy));
    assert_false(fx_ids_contain(ids, n, fnone));  /* every app: not inside {x} */
    assert_false(fx_ids_contain(ids, n, fother));
    t.enumType = FWP_FILTER_ENUM_OVERLAPPING;
    n = fx_filter_enum_ids(fx_session, &t, 100, ids, 4096);
    assert_true(fx_ids_contain(ids, n, fx));
    assert_false(fx_ids_contain(ids, n, fy));
    assert_true(fx_ids_contain(ids, n, fnone));
    assert_false(fx_ids_contain(ids, n, fother));
    /* a flag test may match any value: it overlaps every value of the field */
    FWPM_FILTER_CONDITION0 eq = cond(&FWPM_CONDITION_FLAGS, FWP_MATCH_EQUAL, FWP_UINT32);
    eq.conditionValue.uint32 = 3;
    t.filterCondition = &eq;
    n = fx_filter_enum_ids(fx_session, &t, 100, ids, 4096);
    assert_true(fx_ids_contain(ids, n, fflags));
    t.enumType = FWP_FILTER_ENUM_FULLY_CONTAINED;
    n = fx_filter_enum_ids(fx_session, &t, 100, ids, 4096);
    assert_false(fx_ids_contain(ids, n, fflags));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(condition_that_is_no_field_of_the_layer_is_condition_not_found),
        cmocka_unit_test(every_value_of_the_fields_data_type_is_accepted),
        cmocka_unit_test(value_of_another_type_than_the_field_is_type_mismatch),
        cmocka_unit_test(address_of_the_other_ip_version_is_type_mismatch),
        cmocka_unit_test(range_bounds_of_another_type_than_the_field_are_type_mismatch),
        cmocka_unit_test(match_type_that_does_not_fit_the_value_is_match_type_mismatch),
        cmocka_unit_test(blob_ranges_are_ordered_bytewise),
        cmocka_unit_test(permit_if_callout_unregistered_needs_a_terminating_or_unknown_callout),
        cmocka_unit_test(provider_context_type_must_fit_the_layer),
        cmocka_unit_test(template_rules_are_checked_with_the_documented_codes),
        cmocka_unit_test(provider_context_template_selects_filters_by_their_context),
        cmocka_unit_test(template_conditions_on_any_field_select_contained_or_overlapping_filters),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
