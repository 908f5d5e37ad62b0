/* test_sa_enum.c — IPsecSaCreateEnumHandle0 / IPsecSaEnum0/1 /
 * IPsecSaDestroyEnumHandle0: one entry per SA side, order, direction
 * templates, snapshots, paging, errors. */
#include "fixtures.h"

/* Collected SA entries that belong to our contexts (matched by inbound SPI
 * for inbound entries and by the outbound SPI for outbound ones). */
typedef struct seen_sa {
    FWP_DIRECTION dir;
    IPSEC_SA_SPI spi;
} seen_sa;

static UINT32 collect(const IPSEC_SA_ENUM_TEMPLATE0 *t, const fx_ctx *ctxs, int nctx,
                      seen_sa *out, UINT32 max, UINT32 page)
{
    HANDLE e = NULL;
    assert_ok(IPsecSaCreateEnumHandle0(fx_session, t, &e));
    UINT32 k = 0;
    for (;;) {
        IPSEC_SA_DETAILS1 **entries = NULL;
        UINT32 n = 99;
        assert_ok(IPsecSaEnum1(fx_session, e, page, &entries, &n));
        assert_true(n <= page);
        if (n == 0)
            assert_null(entries);
        for (UINT32 i = 0; i < n; ++i) {
            IPSEC_SA_SPI spi = entries[i]->saBundle.saList[0].spi;
            for (int c = 0; c < nctx; ++c) {
                bool mine = entries[i]->saDirection == FWP_DIRECTION_INBOUND ? spi == ctxs[c].spi
                                                                          : spi == ctxs[c].outSpi;
                if (mine && k < max) {
                    out[k].dir = entries[i]->saDirection;
                    out[k].spi = spi;
                    ++k;
                }
            }
        }
        FwpmFreeMemory0((void **)&entries);
        if (n < page)
            break;
    }
    assert_ok(IPsecSaDestroyEnumHandle0(fx_session, e));
    return k;
}

static void null_template_returns_both_sides_ordered_by_context_inbound_first(void **state)
{
    (void)state;
    fx_ctx c[3];
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c[0]);
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V6, &c[1]);      /* inbound only */
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V6, &c[2]);
    fx_ctx none;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &none);        /* no SA at all */
    none.spi = 0xFFFFFFFFu;
    seen_sa s[16];
    UINT32 n = collect(NULL, c, 3, s, 16, 1000);
    assert_int_equal(n, 5);
    assert_int_equal(s[0].dir, FWP_DIRECTION_INBOUND);
    assert_int_equal(s[0].spi, c[0].spi);
    assert_int_equal(s[1].dir, FWP_DIRECTION_OUTBOUND);
    assert_int_equal(s[1].spi, c[0].outSpi);
    assert_int_equal(s[2].dir, FWP_DIRECTION_INBOUND);
    assert_int_equal(s[2].spi, c[1].spi);
    assert_int_equal(s[3].dir, FWP_DIRECTION_INBOUND);
    assert_int_equal(s[3].spi, c[2].spi);
    assert_int_equal(s[4].dir, FWP_DIRECTION_OUTBOUND);
    /* same result in pages of one */
    seen_sa p[16];
    assert_int_equal(collect(NULL, c, 3, p, 16, 1), 5);
    assert_memory_equal(p, s, 5 * sizeof(seen_sa));
    for (int i = 0; i < 3; ++i)
        assert_ok(IPsecSaContextDeleteById0(fx_session, c[i].id));
    assert_ok(IPsecSaContextDeleteById0(fx_session, none.id));
}

static void direction_template_selects_one_side(void **state)
{
    (void)state;
    fx_ctx c[2];
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c[0]);
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V6, &c[1]);
    seen_sa s[8];
    IPSEC_SA_ENUM_TEMPLATE0 t = { FWP_DIRECTION_INBOUND };
    UINT32 n = collect(&t, c, 2, s, 8, 100);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].dir, FWP_DIRECTION_INBOUND);
    assert_int_equal(s[1].dir, FWP_DIRECTION_INBOUND);
    t.saDirection = FWP_DIRECTION_OUTBOUND;
    n = collect(&t, c, 2, s, 8, 100);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].spi, c[0].outSpi);
    assert_int_equal(s[1].spi, c[1].outSpi);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c[0].id));
    assert_ok(IPsecSaContextDeleteById0(fx_session, c[1].id));
}

static void out_of_range_direction_is_invalid_enumerator(void **state)
{
    (void)state;
    HANDLE e = (HANDLE)(uintptr_t)0x1;
    IPSEC_SA_ENUM_TEMPLATE0 t = { FWP_DIRECTION_MAX };
    assert_status(IPsecSaCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_ENUMERATOR);
    t.saDirection = (FWP_DIRECTION)1000;
    assert_status(IPsecSaCreateEnumHandle0(fx_session, &t, &e), FWP_E_INVALID_ENUMERATOR);
}

static void details_carry_traffic_bundle_filter_and_encapsulation(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_V4_UDP_ENCAPSULATION0 udp = { 4500, 14500 };
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    g.inboundUdpEncapsulation = &udp;
    assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g, &c.spi));
    fx_bundle in, out;
    fx_bundle_init(&in, FX_AH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddInbound0(fx_session, c.id, &in.b0));
    fx_bundle_init(&out, FX_ESP_CIPHER, c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddOutbound0(fx_session, c.id, &out.b0));

    HANDLE e = NULL;
    assert_ok(IPsecSaCreateEnumHandle0(fx_session, NULL, &e));
    IPSEC_SA_DETAILS0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    int found = 0;
    for (UINT32 i = 0; i < n; ++i) {
        IPSEC_SA_DETAILS0 *d = entries[i];
        if (d->saDirection == FWP_DIRECTION_INBOUND && d->saBundle.saList[0].spi == c.spi) {
            ++found;
            assert_int_equal(d->ipVersion, FWP_IP_VERSION_V4);
            IPSEC_TRAFFIC0 want = fx_traffic0_from1(&c.in);
            fx_assert_traffic0_eq(&d->traffic, &want);
            fx_assert_bundle0_eq(&d->saBundle, &in.b0);
            assert_non_null(d->udpEncapsulation);
            assert_int_equal(d->udpEncapsulation->remoteUdpEncapPort, 14500);
            assert_int_equal(d->transportFilter->filterId, c.inFilter);
        }
        if (d->saDirection == FWP_DIRECTION_OUTBOUND && d->saBundle.saList[0].spi == c.outSpi) {
            ++found;
            IPSEC_TRAFFIC0 want = fx_traffic0_from1(&c.out);
            fx_assert_traffic0_eq(&d->traffic, &want);
            fx_assert_bundle0_eq(&d->saBundle, &out.b0);
            assert_int_equal(d->transportFilter->filterId, c.outFilter);
        }
    }
    assert_int_equal(found, 2);
    FwpmFreeMemory0((void **)&entries);
    assert_null(entries);
    assert_ok(IPsecSaDestroyEnumHandle0(fx_session, e));
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void enum1_returns_version1_fields(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_prepare(fx_session, FWP_IP_VERSION_V6, &c);
    c.out.localPort = 1701;
    c.out.ipProtocol = 17;
    IPSEC_VIRTUAL_IF_TUNNEL_INFO0 vif = { 0x1111, 0x2222 };
    assert_ok(IPsecSaContextCreate1(fx_session, &c.out, &vif, NULL, &c.id));
    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    fx_bundle out;
    fx_bundle_init(&out, FX_ESP_AUTH, c.outSpi, c.qmSaId, FWP_IP_VERSION_V6);
    out.b1.qmFilterId = 0xF00D;
    out.b1.saLookupContext = fx_random_guid();
    assert_ok(IPsecSaContextAddOutbound1(fx_session, c.id, &out.b1));
    IPSEC_SA_ENUM_TEMPLATE0 t = { FWP_DIRECTION_OUTBOUND };
    HANDLE e = NULL;
    assert_ok(IPsecSaCreateEnumHandle0(fx_session, &t, &e));
    IPSEC_SA_DETAILS1 **entries = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaEnum1(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    bool found = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (entries[i]->saBundle.saList[0].spi != c.outSpi)
            continue;
        found = true;
        fx_assert_traffic1_eq(&entries[i]->traffic, &c.out);
        fx_assert_bundle1_eq(&entries[i]->saBundle, &out.b1);
        assert_int_equal(entries[i]->virtualIfTunnelInfo.virtualIfTunnelId, 0x1111);
        assert_int_equal(entries[i]->virtualIfTunnelInfo.trafficSelectorId, 0x2222);
    }
    assert_true(found);
    FwpmFreeMemory0((void **)&entries);
    assert_ok(IPsecSaDestroyEnumHandle0(fx_session, e));
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void snapshot_is_unaffected_by_later_changes(void **state)
{
    (void)state;
    fx_ctx c[2];
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c[0]);
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V4, &c[1]);
    HANDLE e = NULL;
    assert_ok(IPsecSaCreateEnumHandle0(fx_session, NULL, &e));
    assert_ok(IPsecSaContextDeleteById0(fx_session, c[0].id));   /* gone after the snapshot */
    fx_ctx_add_outbound(&c[1], FX_ESP_AUTH);               /* new SA after the snapshot */
    fx_ctx later;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &later);

    IPSEC_SA_DETAILS0 **entries = NULL;
    UINT32 n = 0;
    assert_ok(IPsecSaEnum0(fx_session, e, 0xFFFFFFFFu, &entries, &n));
    int c0 = 0, c1out = 0, c1in = 0, lat = 0;
    for (UINT32 i = 0; i < n; ++i) {
        IPSEC_SA_SPI spi = entries[i]->saBundle.saList[0].spi;
        bool in = entries[i]->saDirection == FWP_DIRECTION_INBOUND;
        if ((in && spi == c[0].spi) || (!in && spi == c[0].outSpi)) ++c0;
        if (!in && spi == c[1].outSpi) ++c1out;
        if (in && spi == c[1].spi) ++c1in;
        if ((in && spi == later.spi) || (!in && spi == later.outSpi)) ++lat;
    }
    FwpmFreeMemory0((void **)&entries);
    assert_int_equal(c0, 2);
    assert_int_equal(c1in, 1);
    assert_int_equal(c1out, 0);
    assert_int_equal(lat, 0);
    assert_ok(IPsecSaDestroyEnumHandle0(fx_session, e));
    assert_ok(IPsecSaContextDeleteById0(fx_session, c[1].id));
    assert_ok(IPsecSaContextDeleteById0(fx_session, later.id));
}

static void expired_outbound_sa_is_no_longer_enumerated(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    fx_set_expire_delay_ms(60000);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    seen_sa s[4];
    UINT32 n = collect(NULL, &c, 1, s, 4, 10);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].dir, FWP_DIRECTION_INBOUND);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
    assert_int_equal(collect(NULL, &c, 1, s, 4, 10), 0);
}

static void zero_requested_and_exhausted_enumerations_return_null(void **state)
{
    (void)state;
    HANDLE e = NULL;
    assert_ok(IPsecSaCreateEnumHandle0(fx_session, NULL, &e));
    IPSEC_SA_DETAILS0 **entries = (IPSEC_SA_DETAILS0 **)(uintptr_t)0x1;
    UINT32 n = 99;
    assert_ok(IPsecSaEnum0(fx_session, e, 0, &entries, &n));
    assert_int_equal(n, 0);
    assert_null(entries);
    for (;;) {
        assert_ok(IPsecSaEnum0(fx_session, e, 7, &entries, &n));
        FwpmFreeMemory0((void **)&entries);
        if (n < 7)
            break;
    }
    IPSEC_SA_DETAILS1 **e1 = (IPSEC_SA_DETAILS1 **)(uintptr_t)0x1;
    assert_ok(IPsecSaEnum1(fx_session, e, 7, &e1, &n));
    assert_int_equal(n, 0);
    assert_null(e1);
    assert_ok(IPsecSaDestroyEnumHandle0(fx_session, e));
}

static void null_out_pointers_are_null_pointer(void **state)
{
    (void)state;
    assert_status(IPsecSaCreateEnumHandle0(fx_session, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE e = NULL;
    assert_ok(IPsecSaCreateEnumHandle0(fx_session, NULL, &e));
    IPSEC_SA_DETAILS0 **e0 = NULL;
    IPSEC_SA_DETAILS1 **e1 = NULL;
    UINT32 n = 0;
    assert_status(IPsecSaEnum0(fx_session, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(IPsecSaEnum0(fx_session, e, 1, &e0, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaEnum1(fx_session, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(IPsecSaEnum1(fx_session, e, 1, &e1, NULL), FWP_E_NULL_POINTER);
    assert_ok(IPsecSaDestroyEnumHandle0(fx_session, e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_template_returns_both_sides_ordered_by_context_inbound_first),
        cmocka_unit_test(direction_template_selects_one_side),
        cmocka_unit_test(out_of_range_direction_is_invalid_enumerator),
        cmocka_unit_test(details_carry_traffic_bundle_filter_and_encapsulation),
        cmocka_unit_test(enum1_returns_version1_fields),
        cmocka_unit_test(snapshot_is_unaffected_by_later_changes),
        cmocka_unit_test(expired_outbound_sa_is_no_longer_enumerated),
        cmocka_unit_test(zero_requested_and_exhausted_enumerations_return_null),
        cmocka_unit_test(null_out_pointers_are_null_pointer),
    };
    return cmocka_run_group_tests_name("sa_enum", tests, fx_session_open, fx_session_close);
}
