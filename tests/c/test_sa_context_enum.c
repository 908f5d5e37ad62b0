/* test_sa_context_enum.c — IPsecSaContextCreateEnumHandle0 /
 * IPsecSaContextEnum0/1 / IPsecSaContextDestroyEnumHandle0: templates by
 * V4/V6 subnet, FWP_EMPTY, NULL, paging, snapshots, errors. */
#include "fixtures.h"

#define MAXIDS 4096

static UINT64 g_ids[MAXIDS];

static IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 empty_template(void)
{
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t;
    memset(&t, 0, sizeof t);
    t.localSubNet.type = FWP_EMPTY;
    t.remoteSubNet.type = FWP_EMPTY;
    return t;
}

static void del(UINT64 id)
{
    assert_ok(IPsecSaContextDeleteById0(fx_session, id));
}

static void null_template_returns_every_context_in_id_order(void **state)
{
    (void)state;
    fx_ctx a, b, c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &a);
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V6, &b);
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    UINT32 n = fx_ctx_enum_ids(fx_session, NULL, 1000, g_ids, MAXIDS);   /* asserts ascending ids */
    assert_true(fx_ids_contain(g_ids, n, a.id));
    assert_true(fx_ids_contain(g_ids, n, b.id));
    assert_true(fx_ids_contain(g_ids, n, c.id));
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();   /* FWP_EMPTY = all */
    UINT32 m = fx_ctx_enum_ids(fx_session, &t, 1000, g_ids, MAXIDS);
    assert_int_equal(m, n);
    assert_true(fx_ids_contain(g_ids, m, b.id));
    del(a.id);
    del(b.id);
    del(c.id);
}

static void enum0_and_enum1_return_full_details(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    fx_bundle in;
    fx_bundle_init(&in, FX_ESP_AUTH_AND_CIPHER, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_UINT32;
    t.localSubNet.uint32 = c.out.localV4Address;
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    IPSEC_SA_CONTEXT0 **e0 = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaContextEnum0(fx_session, e, 10, &e0, &n));
    assert_int_equal(n, 1);
    assert_int_equal(e0[0]->saContextId, c.id);
    assert_non_null(e0[0]->inboundSa);
    assert_non_null(e0[0]->outboundSa);
    fx_assert_bundle0_eq(&e0[0]->inboundSa->saBundle, &in.b0);
    IPSEC_TRAFFIC0 out0 = fx_traffic0_from1(&c.out);
    fx_assert_traffic0_eq(&e0[0]->outboundSa->traffic, &out0);
    assert_int_equal(e0[0]->outboundSa->transportFilter->filterId, c.outFilter);
    FwpmFreeMemory0((void **)&e0);
    assert_null(e0);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));

    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    IPSEC_SA_CONTEXT1 **e1 = NULL;
    assert_ok(IPsecSaContextEnum1(fx_session, e, 10, &e1, &n));
    assert_int_equal(n, 1);
    fx_assert_bundle1_eq(&e1[0]->inboundSa->saBundle, &in.b1);
    fx_assert_traffic1_eq(&e1[0]->outboundSa->traffic, &c.out);
    fx_assert_traffic1_eq(&e1[0]->inboundSa->traffic, &c.in);
    FwpmFreeMemory0((void **)&e1);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
    del(c.id);
}

/* GetById and enumeration copy a prebuilt image of the stored version and
 * fix its pointers up: every pointer must land in the caller's block, so the
 * output stays whole after the stored version (and its image) is freed.
 * Under the sanitizer run a pointer left in the image is a use-after-free. */
static void getbyid_and_enum_output_outlives_the_stored_context(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V6, &c);
    fx_bundle in;
    fx_bundle_init(&in, FX_ESP_AUTH_AND_CIPHER, c.spi, c.qmSaId, FWP_IP_VERSION_V6);
    IPSEC_SA_CONTEXT0 *g0 = NULL;
    IPSEC_SA_CONTEXT1 *g1 = NULL, *g1b = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &g0));
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &g1));
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &g1b));
    HANDLE e = NULL;
    IPSEC_SA_CONTEXT1 **e1 = NULL;
    UINT32 n = 0, at = UINT32_MAX;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, NULL, &e));
    assert_ok(IPsecSaContextEnum1(fx_session, e, 1000, &e1, &n));
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
    for (UINT32 i = 0; i < n; ++i)
        if (e1[i]->saContextId == c.id) at = i;
    assert_true(at != UINT32_MAX);
    FwpmFreeMemory0((void **)&g1b);  /* one copy freed: the other is untouched */
    del(c.id);

    IPSEC_TRAFFIC0 in0 = fx_traffic0_from1(&c.in);
    fx_assert_traffic0_eq(&g0->inboundSa->traffic, &in0);
    fx_assert_bundle0_eq(&g0->inboundSa->saBundle, &in.b0);
    assert_int_equal(g0->outboundSa->transportFilter->filterId, c.outFilter);
    const IPSEC_SA_CONTEXT1 *both[2] = {g1, e1[at]};
    for (int k = 0; k < 2; ++k) {
        assert_int_equal(both[k]->saContextId, c.id);
        fx_assert_traffic1_eq(&both[k]->inboundSa->traffic, &c.in);
        fx_assert_traffic1_eq(&both[k]->outboundSa->traffic, &c.out);
        fx_assert_bundle1_eq(&both[k]->inboundSa->saBundle, &in.b1);
        assert_int_equal(both[k]->inboundSa->transportFilter->filterId, c.inFilter);
        assert_non_null(both[k]->outboundSa->transportFilter->displayData.name);
    }
    FwpmFreeMemory0((void **)&g0);
    FwpmFreeMemory0((void **)&g1);
    FwpmFreeMemory0((void **)&e1);
}

static void v4_subnet_templates_select_contexts_by_outbound_addresses(void **state)
{
    (void)state;
    UINT32 net = fx_unique_v4_net(), other = fx_unique_v4_net();
    fx_ctx a, b, outside, remoteOnly;
    fx_ctx_create_v4_addr(fx_session, net | 10, other | 10, &a);
    fx_ctx_create_v4_addr(fx_session, net | 20, other | 20, &b);
    fx_ctx_create_v4_addr(fx_session, other | 30, net | 30, &outside);    /* net only as remote */
    fx_ctx_create_v4_addr(fx_session, other | 40, other | 41, &remoteOnly);

    FWP_V4_ADDR_AND_MASK m = { net, 0xFFFFFF00u };
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = &m;
    UINT32 n = fx_ctx_enum_ids(fx_session, &t, 1, g_ids, MAXIDS);
    assert_int_equal(n, 2);
    assert_int_equal(g_ids[0], a.id);
    assert_int_equal(g_ids[1], b.id);

    t = empty_template();
    t.remoteSubNet.type = FWP_V4_ADDR_MASK;
    t.remoteSubNet.v4AddrMask = &m;
    n = fx_ctx_enum_ids(fx_session, &t, 10, g_ids, MAXIDS);
    assert_int_equal(n, 1);
    assert_int_equal(g_ids[0], outside.id);

    /* both given: AND */
    FWP_V4_ADDR_AND_MASK mo = { other, 0xFFFFFF00u };
    t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = &m;
    t.remoteSubNet.type = FWP_V4_ADDR_MASK;
    t.remoteSubNet.v4AddrMask = &mo;
    n = fx_ctx_enum_ids(fx_session, &t, 10, g_ids, MAXIDS);
    assert_int_equal(n, 2);

    /* a single address */
    t = empty_template();
    t.localSubNet.type = FWP_UINT32;
    t.localSubNet.uint32 = net | 20;
    n = fx_ctx_enum_ids(fx_session, &t, 10, g_ids, MAXIDS);
    assert_int_equal(n, 1);
    assert_int_equal(g_ids[0], b.id);

    del(a.id);
    del(b.id);
    del(outside.id);
    del(remoteOnly.id);
}

static void v6_subnet_templates_select_contexts_by_prefix_or_address(void **state)
{
    (void)state;
    UINT8 net[16], other[16], l1[16], l2[16], r[16], lo[16];
    fx_unique_v6_net(net);
    fx_unique_v6_net(other);
    fx_v6_host(l1, net, 1);
    fx_v6_host(l2, net, 2);
    fx_v6_host(r, other, 9);
    fx_v6_host(lo, other, 3);
    fx_ctx a, b, c;
    fx_ctx_create_v6_addr(fx_session, l1, r, &a);
    fx_ctx_create_v6_addr(fx_session, l2, r, &b);
    fx_ctx_create_v6_addr(fx_session, lo, r, &c);

    FWP_V6_ADDR_AND_MASK m;
    memcpy(m.addr, net, 16);
    m.prefixLength = 64;
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_V6_ADDR_MASK;
    t.localSubNet.v6AddrMask = &m;
    UINT32 n = fx_ctx_enum_ids(fx_session, &t, 10, g_ids, MAXIDS);
    assert_int_equal(n, 2);
    assert_int_equal(g_ids[0], a.id);
    assert_int_equal(g_ids[1], b.id);

    FWP_BYTE_ARRAY16 one;
    memcpy(one.byteArray16, l2, 16);
    t = empty_template();
    t.localSubNet.type = FWP_BYTE_ARRAY16_TYPE;
    t.localSubNet.byteArray16 = &one;
    n = fx_ctx_enum_ids(fx_session, &t, 10, g_ids, MAXIDS);
    assert_int_equal(n, 1);
    assert_int_equal(g_ids[0], b.id);

    FWP_V6_ADDR_AND_MASK mr;
    memcpy(mr.addr, other, 16);
    mr.prefixLength = 64;
    t = empty_template();
    t.remoteSubNet.type = FWP_V6_ADDR_MASK;
    t.remoteSubNet.v6AddrMask = &mr;
    n = fx_ctx_enum_ids(fx_session, &t, 10, g_ids, MAXIDS);
    assert_int_equal(n, 3);
    del(a.id);
    del(b.id);
    del(c.id);
}

static void v4_subnet_never_matches_v6_context_and_vice_versa(void **state)
{
    (void)state;
    fx_ctx v4, v6;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &v4);
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &v6);
    FWP_V4_ADDR_AND_MASK all4 = { 0, 0 };          /* 0.0.0.0/0 */
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = &all4;
    UINT32 n = fx_ctx_enum_ids(fx_session, &t, 1000, g_ids, MAXIDS);
    assert_true(fx_ids_contain(g_ids, n, v4.id));
    assert_false(fx_ids_contain(g_ids, n, v6.id));

    FWP_V6_ADDR_AND_MASK all6;
    memset(&all6, 0, sizeof all6);                 /* ::/0 */
    t = empty_template();
    t.localSubNet.type = FWP_V6_ADDR_MASK;
    t.localSubNet.v6AddrMask = &all6;
    n = fx_ctx_enum_ids(fx_session, &t, 1000, g_ids, MAXIDS);
    assert_false(fx_ids_contain(g_ids, n, v4.id));
    assert_true(fx_ids_contain(g_ids, n, v6.id));
    del(v4.id);
    del(v6.id);
}

static void template_errors_have_documented_codes(void **state)
{
    (void)state;
    HANDLE e = (HANDLE)(uintptr_t)0x1;
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_UINT16;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_TYPE_MISMATCH);
    t.localSubNet.type = FWP_RANGE_TYPE;
    FWP_RANGE0 r;
    memset(&r, 0, sizeof r);
    t.localSubNet.rangeValue = &r;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_TYPE_MISMATCH);
    t = empty_template();
    t.remoteSubNet.type = FWP_UNICODE_STRING_TYPE;
    t.remoteSubNet.unicodeString = L"10.0.0.0";
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_TYPE_MISMATCH);
    t = empty_template();
    t.localSubNet.type = FWP_DATA_TYPE_MAX;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_ENUMERATOR);
    t.localSubNet.type = (FWP_DATA_TYPE)0x7777;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_ENUMERATOR);
    t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = NULL;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_NULL_POINTER);
    t.localSubNet.type = FWP_V6_ADDR_MASK;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_NULL_POINTER);
    t.localSubNet.type = FWP_BYTE_ARRAY16_TYPE;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_NULL_POINTER);
    FWP_V4_ADDR_AND_MASK bad4 = { FX_V4(10, 0, 0, 0), 0xFF00FF00u };
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = &bad4;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_NET_MASK);
    FWP_V6_ADDR_AND_MASK bad6;
    memset(&bad6, 0, sizeof bad6);
    bad6.prefixLength = 200;
    t = empty_template();
    t.remoteSubNet.type = FWP_V6_ADDR_MASK;
    t.remoteSubNet.v6AddrMask = &bad6;
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_NET_MASK);
    assert_status(IPsecSaContextCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
}

static void pages_and_exhaustion_follow_the_protocol(void **state)
{
    (void)state;
    UINT32 net = fx_unique_v4_net();
    fx_ctx c[5];
    for (int i = 0; i < 5; ++i)
        fx_ctx_create_v4_addr(fx_session, net | (UINT32)(i + 1), FX_V4(198, 51, 100, 1), &c[i]);
    FWP_V4_ADDR_AND_MASK m = { net, 0xFFFFFF00u };
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = &m;
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    UINT32 sizes[] = { 2, 2, 1 };          /* pages of 2: 2, 2, then 1 (< 2: exhausted) */
    int k = 0;
    for (int p = 0; p < 3; ++p) {
        IPSEC_SA_CONTEXT0 **entries = NULL;
        UINT32 n = 99;
        assert_ok(IPsecSaContextEnum0(fx_session, e, 2, &entries, &n));
        assert_int_equal(n, sizes[p]);
        for (UINT32 i = 0; i < n; ++i)
            assert_int_equal(entries[i]->saContextId, c[k++].id);
        FwpmFreeMemory0((void **)&entries);
    }
    IPSEC_SA_CONTEXT1 **e1 = (IPSEC_SA_CONTEXT1 **)(uintptr_t)0x1;
    UINT32 n = 99;
    assert_ok(IPsecSaContextEnum1(fx_session, e, 2, &e1, &n));
    assert_int_equal(n, 0);
    assert_null(e1);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));

    /* exactly-full last page: 5 in pages of 5, then 0 */
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    IPSEC_SA_CONTEXT0 **entries = NULL;
    assert_ok(IPsecSaContextEnum0(fx_session, e, 5, &entries, &n));
    assert_int_equal(n, 5);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(IPsecSaContextEnum0(fx_session, e, 5, &entries, &n));
    assert_int_equal(n, 0);
    assert_null(entries);
    /* 0 requested: 0 and NULL */
    assert_ok(IPsecSaContextEnum0(fx_session, e, 0, &entries, &n));
    assert_int_equal(n, 0);
    assert_null(entries);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
    for (int i = 0; i < 5; ++i)
        del(c[i].id);
}

static void snapshot_keeps_deleted_contexts_as_they_were_and_ignores_new_ones(void **state)
{
    (void)state;
    UINT32 net = fx_unique_v4_net();
    fx_ctx a, b, late;
    fx_ctx_create_v4_addr(fx_session, net | 1, FX_V4(203, 0, 113, 1), &a);
    fx_ctx_create_v4_addr(fx_session, net | 2, FX_V4(203, 0, 113, 2), &b);
    FWP_V4_ADDR_AND_MASK m = { net, 0xFFFFFF00u };
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = &m;
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    /* changes after the snapshot */
    del(a.id);
    b.h = fx_session;
    fx_ctx_getspi(&b);
    fx_ctx_add_inbound(&b, FX_ESP_AUTH);
    fx_ctx_create_v4_addr(fx_session, net | 3, FX_V4(203, 0, 113, 3), &late);

    IPSEC_SA_CONTEXT0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaContextEnum0(fx_session, e, 100, &entries, &n));
    assert_int_equal(n, 2);
    assert_int_equal(entries[0]->saContextId, a.id);   /* deleted later, still returned */
    assert_int_equal(entries[1]->saContextId, b.id);
    assert_null(entries[1]->inboundSa);                 /* values as at the snapshot */
    FwpmFreeMemory0((void **)&entries);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
    del(b.id);
    del(late.id);
}

static void template_is_copied_at_create_enum_handle(void **state)
{
    (void)state;
    UINT32 net = fx_unique_v4_net();
    fx_ctx a;
    fx_ctx_create_v4_addr(fx_session, net | 1, FX_V4(203, 0, 113, 9), &a);
    FWP_V4_ADDR_AND_MASK *m = malloc(sizeof *m);
    m->addr = net;
    m->mask = 0xFFFFFF00u;
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_V4_ADDR_MASK;
    t.localSubNet.v4AddrMask = m;
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    m->addr = 0xFFFFFFFFu;
    free(m);
    IPSEC_SA_CONTEXT0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaContextEnum0(fx_session, e, 100, &entries, &n));
    assert_int_equal(n, 1);
    assert_int_equal(entries[0]->saContextId, a.id);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
    del(a.id);
}

static void enum_null_out_pointers_are_null_pointer(void **state)
{
    (void)state;
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, NULL, &e));
    IPSEC_SA_CONTEXT0 **e0 = NULL;
    IPSEC_SA_CONTEXT1 **e1 = NULL;
    UINT32 n = 0;
    assert_status(IPsecSaContextEnum0(fx_session, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextEnum0(fx_session, e, 1, &e0, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextEnum1(fx_session, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextEnum1(fx_session, e, 1, &e1, NULL), FWP_E_NULL_POINTER);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
}

static void expiring_context_is_enumerated_with_inbound_only(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    fx_set_expire_delay_ms(60000);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 t = empty_template();
    t.localSubNet.type = FWP_UINT32;
    t.localSubNet.uint32 = c.out.localV4Address;
    HANDLE e = NULL;
    assert_ok(IPsecSaContextCreateEnumHandle0(fx_session, &t, &e));
    IPSEC_SA_CONTEXT1 **entries = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaContextEnum1(fx_session, e, 10, &entries, &n));
    assert_int_equal(n, 1);
    assert_non_null(entries[0]->inboundSa);
    assert_null(entries[0]->outboundSa);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(IPsecSaContextDestroyEnumHandle0(fx_session, e));
    del(c.id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_template_returns_every_context_in_id_order),
        cmocka_unit_test(enum0_and_enum1_return_full_details),
        cmocka_unit_test(v4_subnet_templates_select_contexts_by_outbound_addresses),
        cmocka_unit_test(v6_subnet_templates_select_contexts_by_prefix_or_address),
        cmocka_unit_test(v4_subnet_never_matches_v6_context_and_vice_versa),
        cmocka_unit_test(template_errors_have_documented_codes),
        cmocka_unit_test(pages_and_exhaustion_follow_the_protocol),
        cmocka_unit_test(snapshot_keeps_deleted_contexts_as_they_were_and_ignores_new_ones),
        cmocka_unit_test(template_is_copied_at_create_enum_handle),
        cmocka_unit_test(enum_null_out_pointers_are_null_pointer),
        cmocka_unit_test(expiring_context_is_enumerated_with_inbound_only),
        cmocka_unit_test(getbyid_and_enum_output_outlives_the_stored_context),
    };
    return cmocka_run_group_tests_name("sa_context_enum", tests, fx_session_open, fx_session_close);
}
