/* test_filter_weights.c — filter weights (catalogue/filter-weight-assignment.md):
 * FWP_UINT64 used as is, FWP_EMPTY an automatic weight below 2^60 computed
 * from the conditions (docs/decisions.md, "Filter weights"), FWP_UINT8 a
 * weight range in the four high-order bits above that automatic weight; the
 * effectiveWeight Get and Enum return, and the sorted and best-terminating
 * enumerations that use it. */
#include "fixtures.h"

#define AUTO_MAX ((UINT64)1 << 60) /* FWPM_AUTO_WEIGHT_BITS */
#define FIELDS(n) ((UINT64)(n) << 52)

static UINT64 weight_of(UINT64 id)
{
    FWPM_FILTER0 *f = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, id, &f));
    assert_int_equal(f->effectiveWeight.type, FWP_UINT64);
    assert_non_null(f->effectiveWeight.uint64);
    UINT64 w = *f->effectiveWeight.uint64;
    FwpmFreeMemory0((void **)&f);
    return w;
}

static UINT64 add(const FWP_VALUE0 *weight, const FWPM_FILTER_CONDITION0 *c, UINT32 n, FWP_ACTION_TYPE action,
                  const GUID *provider)
{
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_ALE_AUTH_CONNECT_V4);
    f.action.type = action;
    if (weight) f.weight = *weight;
    f.numFilterConditions = n;
    f.filterCondition = (FWPM_FILTER_CONDITION0 *)c;
    f.providerKey = (GUID *)provider;
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(fx_session, &f, NULL, &id));
    return id;
}

static FWPM_FILTER_CONDITION0 addr_mask(UINT32 addr, UINT32 mask, FWP_V4_ADDR_AND_MASK *m)
{
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    c.matchType = FWP_MATCH_EQUAL;
    m->addr = addr;
    m->mask = mask;
    c.conditionValue.type = FWP_V4_ADDR_MASK;
    c.conditionValue.v4AddrMask = m;
    return c;
}

static FWPM_FILTER_CONDITION0 port(FWP_MATCH_TYPE match, UINT16 p)
{
    FWPM_FILTER_CONDITION0 c;
    memset(&c, 0, sizeof c);
    c.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    c.matchType = match;
    c.conditionValue.type = FWP_UINT16;
    c.conditionValue.uint16 = p;
    return c;
}

static void automatic_weight_of_a_filter_without_conditions_is_zero(void **state)
{
    (void)state;
    assert_int_equal(weight_of(add(NULL, NULL, 0, FWP_ACTION_PERMIT, NULL)), 0);
}

static void automatic_weight_grows_with_the_fields_tested_and_the_bits_they_fix(void **state)
{
    (void)state;
    FWP_V4_ADDR_AND_MASK m8, m24, m32;
    FWPM_FILTER_CONDITION0 net8 = addr_mask(FX_V4(10, 0, 0, 0), FX_V4(255, 0, 0, 0), &m8);
    FWPM_FILTER_CONDITION0 net24 = addr_mask(FX_V4(10, 1, 2, 0), FX_V4(255, 255, 255, 0), &m24);
    FWPM_FILTER_CONDITION0 host = addr_mask(FX_V4(10, 1, 2, 3), 0xFFFFFFFF, &m32);
    UINT64 w8 = weight_of(add(NULL, &net8, 1, FWP_ACTION_PERMIT, NULL));
    UINT64 w24 = weight_of(add(NULL, &net24, 1, FWP_ACTION_PERMIT, NULL));
    UINT64 w32 = weight_of(add(NULL, &host, 1, FWP_ACTION_PERMIT, NULL));
    assert_int_equal(w8, FIELDS(1) + 8);
    assert_int_equal(w24, FIELDS(1) + 24);
    assert_int_equal(w32, FIELDS(1) + 32);
    /* a second field outweighs any precision on one */
    FWPM_FILTER_CONDITION0 two[2] = {net8, port(FWP_MATCH_GREATER, 1023)};
    UINT64 w2 = weight_of(add(NULL, two, 2, FWP_ACTION_PERMIT, NULL));
    assert_int_equal(w2, FIELDS(2) + 8 + 0);  /* GREATER fixes no bit */
    assert_true(w2 > w32);
    assert_true(w2 < AUTO_MAX);
}

static void range_condition_fixes_the_bits_its_span_leaves(void **state)
{
    (void)state;
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    r.valueLow.type = r.valueHigh.type = FWP_UINT16;
    r.valueLow.uint16 = 1024;
    r.valueHigh.uint16 = 1279;  /* 256 values: 8 of 16 bits fixed */
    FWPM_FILTER_CONDITION0 c = port(FWP_MATCH_RANGE, 0);
    c.conditionValue.type = FWP_RANGE_TYPE;
    c.conditionValue.rangeValue = &r;
    assert_int_equal(weight_of(add(NULL, &c, 1, FWP_ACTION_PERMIT, NULL)), FIELDS(1) + 8);
}

static void or_conditions_on_one_field_weigh_as_the_loosest(void **state)
{
    (void)state;
    FWP_V4_ADDR_AND_MASK m8, m32;
    FWPM_FILTER_CONDITION0 c[2] = {addr_mask(FX_V4(10, 1, 2, 3), 0xFFFFFFFF, &m32),
                                   addr_mask(FX_V4(11, 0, 0, 0), FX_V4(255, 0, 0, 0), &m8)};
    assert_int_equal(weight_of(add(NULL, c, 2, FWP_ACTION_PERMIT, NULL)), FIELDS(1) + 8);
}

static void weight_range_sets_the_high_bits_above_the_automatic_weight(void **state)
{
    (void)state;
    FWPM_FILTER_CONDITION0 c = port(FWP_MATCH_EQUAL, 500);
    FWP_VALUE0 w;
    memset(&w, 0, sizeof w);
    w.type = FWP_UINT8;
    w.uint8 = 12; /* FWPM_WEIGHT_RANGE_IKE_EXEMPTIONS */
    UINT64 id = add(&w, &c, 1, FWP_ACTION_PERMIT, NULL);
    assert_int_equal(weight_of(id), ((UINT64)12 << 60) | (FIELDS(1) + 16));
    /* the input weight is returned as given */
    FWPM_FILTER0 *f = NULL;
    assert_ok(FwpmFilterGetById0(fx_session, id, &f));
    assert_int_equal(f->weight.type, FWP_UINT8);
    assert_int_equal(f->weight.uint8, 12);
    FwpmFreeMemory0((void **)&f);
}

static void explicit_weight_is_used_as_is_whatever_the_conditions(void **state)
{
    (void)state;
    FWPM_FILTER_CONDITION0 c = port(FWP_MATCH_EQUAL, 500);
    UINT64 exact = 42;
    FWP_VALUE0 w;
    memset(&w, 0, sizeof w);
    w.type = FWP_UINT64;
    w.uint64 = &exact;
    assert_int_equal(weight_of(add(&w, &c, 1, FWP_ACTION_PERMIT, NULL)), 42);
}

static GUID new_provider(void)
{
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = fx_random_guid();
    p.displayData.name = L"weights";
    assert_ok(FwpmProviderAdd0(fx_session, &p, NULL));
    return p.providerKey;
}

/* The IDs in the order the enumeration returns them, in pages of two. */
static UINT32 enum_in_order(const FWPM_FILTER_ENUM_TEMPLATE0 *t, UINT64 *ids, UINT32 max)
{
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(fx_session, t, &e));
    UINT32 total = 0, n;
    do {
        FWPM_FILTER0 **page = NULL;
        assert_ok(FwpmFilterEnum0(fx_session, e, 2, &page, &n));
        for (UINT32 i = 0; i < n; ++i) {
            assert_true(total < max);
            ids[total++] = page[i]->filterId;
        }
        if (page) FwpmFreeMemory0((void **)&page);
    } while (n == 2);
    assert_ok(FwpmFilterDestroyEnumHandle0(fx_session, e));
    return total;
}

static void sorted_enumeration_orders_by_effective_weight(void **state)
{
    (void)state;
    GUID prov = new_provider();
    FWP_V4_ADDR_AND_MASK m8, m32;
    FWPM_FILTER_CONDITION0 loose = addr_mask(FX_V4(10, 0, 0, 0), FX_V4(255, 0, 0, 0), &m8);
    FWPM_FILTER_CONDITION0 tight = addr_mask(FX_V4(10, 9, 9, 9), 0xFFFFFFFF, &m32);
    FWP_VALUE0 range;
    memset(&range, 0, sizeof range);
    range.type = FWP_UINT8;
    range.uint8 = 1;
    UINT64 none = add(NULL, NULL, 0, FWP_ACTION_PERMIT, &prov);
    UINT64 a = add(NULL, &loose, 1, FWP_ACTION_PERMIT, &prov);
    UINT64 b = add(&range, NULL, 0, FWP_ACTION_BLOCK, &prov);
    UINT64 c = add(NULL, &tight, 1, FWP_ACTION_BLOCK, &prov);

    FWPM_FILTER_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.providerKey = &prov;
    t.actionMask = 0xFFFFFFFF;
    t.flags = FWP_FILTER_ENUM_FLAG_SORTED;
    UINT64 ids[8];
    assert_int_equal(enum_in_order(&t, ids, 8), 4);
    assert_int_equal(ids[0], b);  /* range 1 outweighs every automatic weight */
    assert_int_equal(ids[1], c);
    assert_int_equal(ids[2], a);
    assert_int_equal(ids[3], none);

    /* best terminating match: the heaviest terminating filter only */
    t.flags = FWP_FILTER_ENUM_FLAG_BEST_TERMINATING_MATCH;
    assert_int_equal(enum_in_order(&t, ids, 8), 1);
    assert_int_equal(ids[0], b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(automatic_weight_of_a_filter_without_conditions_is_zero),
        cmocka_unit_test(automatic_weight_grows_with_the_fields_tested_and_the_bits_they_fix),
        cmocka_unit_test(range_condition_fixes_the_bits_its_span_leaves),
        cmocka_unit_test(or_conditions_on_one_field_weigh_as_the_loosest),
        cmocka_unit_test(weight_range_sets_the_high_bits_above_the_automatic_weight),
        cmocka_unit_test(explicit_weight_is_used_as_is_whatever_the_conditions),
        cmocka_unit_test(sorted_enumeration_orders_by_effective_weight),
    };
    return cmocka_run_group_tests(tests, fx_session_open, fx_session_close);
}
