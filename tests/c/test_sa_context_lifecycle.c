/* test_sa_context_lifecycle.c — the SA-context state machine:
 * Create0/1 → GetSpi0/1 | SetSpi0 → AddInbound0/1 → AddOutbound0/1 →
 * Expire0, DeleteById0, GetById0/1, SPI allocation, deep copies, filter
 * copies held by contexts. */
#include "fixtures.h"

static void delete_ctx(const fx_ctx *c)
{
    assert_ok(IPsecSaContextDeleteById0(c->h, c->id));
}

/* ---- Full lifecycles ------------------------------------------------------- */

static void v4_transport_lifecycle_reports_both_sides_in_details(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);

    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    assert_int_equal(ctx->saContextId, c.id);
    assert_null(ctx->inboundSa);
    assert_null(ctx->outboundSa);
    FwpmFreeMemory0((void **)&ctx);

    fx_ctx_getspi(&c);
    fx_bundle in, out;
    fx_bundle_init(&in, FX_ESP_AUTH_AND_CIPHER, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddInbound0(fx_session, c.id, &in.b0));
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    assert_non_null(ctx->inboundSa);
    assert_null(ctx->outboundSa);
    FwpmFreeMemory0((void **)&ctx);

    fx_bundle_init(&out, FX_ESP_AUTH_AND_CIPHER, c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddOutbound0(fx_session, c.id, &out.b0));

    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    assert_non_null(ctx->inboundSa);
    assert_non_null(ctx->outboundSa);
    const IPSEC_SA_DETAILS1 *i = ctx->inboundSa, *o = ctx->outboundSa;
    assert_int_equal(i->ipVersion, FWP_IP_VERSION_V4);
    assert_int_equal(i->saDirection, FWP_DIRECTION_INBOUND);
    fx_assert_traffic1_eq(&i->traffic, &c.in);
    fx_assert_bundle1_eq(&i->saBundle, &in.b1);
    assert_null(i->udpEncapsulation);
    assert_non_null(i->transportFilter);
    assert_int_equal(i->transportFilter->filterId, c.inFilter);
    assert_true(fx_guid_eq(&i->transportFilter->layerKey, &FWPM_LAYER_INBOUND_TRANSPORT_V4));

    assert_int_equal(o->ipVersion, FWP_IP_VERSION_V4);
    assert_int_equal(o->saDirection, FWP_DIRECTION_OUTBOUND);
    fx_assert_traffic1_eq(&o->traffic, &c.out);
    fx_assert_bundle1_eq(&o->saBundle, &out.b1);
    assert_non_null(o->transportFilter);
    assert_int_equal(o->transportFilter->filterId, c.outFilter);
    FwpmFreeMemory0((void **)&ctx);

    delete_ctx(&c);
    assert_false(fx_ctx_exists(fx_session, c.id));
}

static void v6_lifecycle_with_esp_plus_ah_bundle(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &c);
    fx_ctx_getspi(&c);
    fx_bundle in, out;
    fx_bundle_init(&in, FX_ESP_AND_AH, c.spi, c.qmSaId, FWP_IP_VERSION_V6);
    assert_ok(IPsecSaContextAddInbound0(fx_session, c.id, &in.b0));
    fx_bundle_init(&out, FX_ESP_AND_AH, c.outSpi, c.qmSaId, FWP_IP_VERSION_V6);
    assert_ok(IPsecSaContextAddOutbound0(fx_session, c.id, &out.b0));
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx));
    assert_int_equal(ctx->inboundSa->ipVersion, FWP_IP_VERSION_V6);
    IPSEC_TRAFFIC0 in0 = fx_traffic0_from1(&c.in), out0 = fx_traffic0_from1(&c.out);
    fx_assert_traffic0_eq(&ctx->inboundSa->traffic, &in0);
    fx_assert_traffic0_eq(&ctx->outboundSa->traffic, &out0);
    fx_assert_bundle0_eq(&ctx->inboundSa->saBundle, &in.b0);
    fx_assert_bundle0_eq(&ctx->outboundSa->saBundle, &out.b0);
    assert_int_equal(ctx->inboundSa->saBundle.saList[0].saTransformType, IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER);
    assert_int_equal(ctx->inboundSa->saBundle.saList[1].saTransformType, IPSEC_TRANSFORM_AH);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c);
}

static void every_transform_type_is_accepted_and_returned(void **state)
{
    (void)state;
    fx_kind kinds[] = { FX_AH, FX_ESP_AUTH, FX_ESP_CIPHER, FX_ESP_AUTH_AND_CIPHER, FX_ESP_AUTH_FW, FX_ESP_AND_AH };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; ++k) {
        fx_ctx c;
        fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
        fx_ctx_getspi(&c);
        fx_bundle in, out;
        fx_bundle_init(&in, kinds[k], c.spi, c.qmSaId, FWP_IP_VERSION_V4);
        assert_ok(IPsecSaContextAddInbound1(fx_session, c.id, &in.b1));
        fx_bundle_init(&out, kinds[k], c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
        assert_ok(IPsecSaContextAddOutbound1(fx_session, c.id, &out.b1));
        IPSEC_SA_CONTEXT1 *ctx = NULL;
        assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
        fx_assert_bundle1_eq(&ctx->inboundSa->saBundle, &in.b1);
        fx_assert_bundle1_eq(&ctx->outboundSa->saBundle, &out.b1);
        FwpmFreeMemory0((void **)&ctx);
        delete_ctx(&c);
    }
}

static void version1_calls_keep_traffic1_fields_bundle1_fields_and_tunnel_info(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_prepare(fx_session, FWP_IP_VERSION_V4, &c);
    c.out.localPort = 500;
    c.out.remotePort = 4500;
    c.out.ipProtocol = 17;
    c.out.localIfLuid = 0x1122334455ull;
    c.out.realIfProfileId = 7;
    c.in.localPort = 501;
    c.in.remotePort = 4501;
    c.in.ipProtocol = 6;
    IPSEC_VIRTUAL_IF_TUNNEL_INFO0 vif = { 0xAAAA, 0xBBBB };
    UINT64 inboundFilterId = 0x99;
    assert_ok(IPsecSaContextCreate1(fx_session, &c.out, &vif, &inboundFilterId, &c.id));
    assert_int_equal(inboundFilterId, 0);
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g, &c.spi));
    assert_true(c.spi >= 256);
    fx_bundle in, out;
    fx_bundle_init(&in, FX_ESP_AUTH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    in.b1.saLookupContext = fx_random_guid();
    in.b1.qmFilterId = 0x4242;
    assert_ok(IPsecSaContextAddInbound1(fx_session, c.id, &in.b1));
    fx_bundle_init(&out, FX_ESP_AUTH, c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
    out.b1.saLookupContext = fx_random_guid();
    out.b1.qmFilterId = 0x4343;
    assert_ok(IPsecSaContextAddOutbound1(fx_session, c.id, &out.b1));

    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    fx_assert_traffic1_eq(&ctx->outboundSa->traffic, &c.out);
    fx_assert_traffic1_eq(&ctx->inboundSa->traffic, &c.in);
    fx_assert_bundle1_eq(&ctx->inboundSa->saBundle, &in.b1);
    fx_assert_bundle1_eq(&ctx->outboundSa->saBundle, &out.b1);
    assert_int_equal(ctx->outboundSa->virtualIfTunnelInfo.virtualIfTunnelId, 0xAAAA);
    assert_int_equal(ctx->outboundSa->virtualIfTunnelInfo.trafficSelectorId, 0xBBBB);
    FwpmFreeMemory0((void **)&ctx);

    /* Details0 are Details1 without the version-1-only fields */
    IPSEC_SA_CONTEXT0 *ctx0 = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx0));
    IPSEC_TRAFFIC0 out0 = fx_traffic0_from1(&c.out);
    fx_assert_traffic0_eq(&ctx0->outboundSa->traffic, &out0);
    fx_assert_bundle0_eq(&ctx0->inboundSa->saBundle, &in.b0);
    FwpmFreeMemory0((void **)&ctx0);
    delete_ctx(&c);
}

static void context_ids_are_nonzero_increasing_and_never_reused(void **state)
{
    (void)state;
    fx_ctx a, b, c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &a);
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &b);
    assert_true(a.id != 0);
    assert_true(b.id > a.id);
    delete_ctx(&b);
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    assert_true(c.id > b.id);
    delete_ctx(&a);
    delete_ctx(&c);
}

static void create_with_null_inbound_filter_id_succeeds(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_prepare(fx_session, FWP_IP_VERSION_V6, &c);
    IPSEC_TRAFFIC0 t = fx_traffic0_from1(&c.out);
    assert_ok(IPsecSaContextCreate0(fx_session, &t, NULL, &c.id));
    assert_true(c.id != 0);
    delete_ctx(&c);
}

static void tunnel_traffic_stores_policy_id(void **state)
{
    (void)state;
    UINT32 net = fx_unique_v4_net();
    IPSEC_TRAFFIC0 out;
    memset(&out, 0, sizeof out);
    out.ipVersion = FWP_IP_VERSION_V4;
    out.localV4Address = net | 1;
    out.remoteV4Address = net | 2;
    out.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
    const UINT64 outPolicy = fx_tunnel_policy(fx_session, FWP_IP_VERSION_V4);
    const UINT64 inPolicy = fx_tunnel_policy(fx_session, FWP_IP_VERSION_V4);
    out.tunnelPolicyId = outPolicy;
    UINT64 id = 0;
    assert_ok(IPsecSaContextCreate0(fx_session, &out, NULL, &id));
    IPSEC_GETSPI0 g;
    memset(&g, 0, sizeof g);
    g.inboundIpsecTraffic = out;
    g.inboundIpsecTraffic.tunnelPolicyId = inPolicy;
    g.ipVersion = FWP_IP_VERSION_V4;
    IPSEC_SA_SPI spi = 0;
    assert_ok(IPsecSaContextGetSpi0(fx_session, id, &g, &spi));
    fx_bundle in, ob;
    fx_bundle_init(&in, FX_ESP_AUTH_AND_CIPHER, spi, 77, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddInbound0(fx_session, id, &in.b0));
    fx_bundle_init(&ob, FX_ESP_AUTH_AND_CIPHER, 0x7000, 77, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddOutbound0(fx_session, id, &ob.b0));
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, id, &ctx));
    assert_int_equal(ctx->outboundSa->traffic.trafficType, IPSEC_TRAFFIC_TYPE_TUNNEL);
    assert_int_equal(ctx->outboundSa->traffic.tunnelPolicyId, outPolicy);
    assert_int_equal(ctx->inboundSa->traffic.tunnelPolicyId, inPolicy);
    FwpmFreeMemory0((void **)&ctx);
    assert_ok(IPsecSaContextDeleteById0(fx_session, id));
}

/* A tunnel-mode SA's transport filter is the tunnel's filter at the transport
 * layer of its direction, which calls the IPsec tunnel callout. */
static void assert_tunnel_filter(const FWPM_FILTER0 *f, const GUID *layer, const GUID *callout)
{
    assert_non_null(f);
    assert_true(f->filterId != 0);
    assert_true(f->flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT);
    assert_true(fx_guid_eq(&f->layerKey, layer));
    assert_true(fx_guid_eq(&f->subLayerKey, &FWPM_SUBLAYER_IPSEC_TUNNEL));
    assert_int_equal(f->action.type, FWP_ACTION_CALLOUT_TERMINATING);
    assert_true(fx_guid_eq(&f->action.calloutKey, callout));
    assert_int_equal(f->effectiveWeight.type, FWP_UINT64);
    assert_non_null(f->effectiveWeight.uint64);
}

static void tunnel_sa_details_carry_the_tunnel_transport_filter(void **state)
{
    (void)state;
    for (int v6 = 0; v6 <= 1; ++v6) {
        IPSEC_TRAFFIC1 out;
        memset(&out, 0, sizeof out);
        out.ipVersion = v6 ? FWP_IP_VERSION_V6 : FWP_IP_VERSION_V4;
        if (v6) {
            UINT8 net[16];
            fx_unique_v6_net(net);
            fx_v6_host(out.localV6Address, net, 1);
            fx_v6_host(out.remoteV6Address, net, 2);
        } else {
            UINT32 net = fx_unique_v4_net();
            out.localV4Address = net | 1;
            out.remoteV4Address = net | 2;
        }
        out.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
        out.tunnelPolicyId = fx_tunnel_policy(fx_session, out.ipVersion);
        UINT64 id = 0;
        assert_ok(IPsecSaContextCreate1(fx_session, &out, NULL, NULL, &id));
        IPSEC_GETSPI1 g;
        memset(&g, 0, sizeof g);
        g.inboundIpsecTraffic = out;
        g.ipVersion = out.ipVersion;
        IPSEC_SA_SPI spi = 0;
        assert_ok(IPsecSaContextGetSpi1(fx_session, id, &g, &spi));
        fx_bundle in, ob;
        fx_bundle_init(&in, FX_ESP_AUTH, spi, 5, out.ipVersion);
        assert_ok(IPsecSaContextAddInbound1(fx_session, id, &in.b1));
        fx_bundle_init(&ob, FX_ESP_AUTH, 0x7100, 5, out.ipVersion);
        assert_ok(IPsecSaContextAddOutbound1(fx_session, id, &ob.b1));

        const GUID *inLayer = v6 ? &FWPM_LAYER_INBOUND_TRANSPORT_V6 : &FWPM_LAYER_INBOUND_TRANSPORT_V4;
        const GUID *outLayer = v6 ? &FWPM_LAYER_OUTBOUND_TRANSPORT_V6 : &FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
        const GUID *inCallout = v6 ? &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6 : &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4;
        const GUID *outCallout = v6 ? &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6 : &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4;
        IPSEC_SA_CONTEXT0 *c0 = NULL;
        assert_ok(IPsecSaContextGetById0(fx_session, id, &c0));
        assert_tunnel_filter(c0->inboundSa->transportFilter, inLayer, inCallout);
        assert_tunnel_filter(c0->outboundSa->transportFilter, outLayer, outCallout);
        FwpmFreeMemory0((void **)&c0);
        IPSEC_SA_CONTEXT1 *c1 = NULL;
        assert_ok(IPsecSaContextGetById1(fx_session, id, &c1));
        assert_tunnel_filter(c1->inboundSa->transportFilter, inLayer, inCallout);
        assert_tunnel_filter(c1->outboundSa->transportFilter, outLayer, outCallout);
        FwpmFreeMemory0((void **)&c1);
        assert_ok(IPsecSaContextDeleteById0(fx_session, id));
    }
}

/* The shape of IPv6 keying code (strongSwan's WFP backend): IPSEC_GETSPI1.ipVersion
 * is V6 and inboundIpsecTraffic.ipVersion is left 0 (= V4), the V6 addresses
 * copied into the union. */
static void get_spi_reads_inbound_traffic_in_the_getspi_ip_version(void **state)
{
    (void)state;
    for (int setSpi = 0; setSpi <= 1; ++setSpi) {
        fx_ctx c;
        fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &c);
        IPSEC_GETSPI1 g = fx_getspi1(&c);
        g.inboundIpsecTraffic.ipVersion = FWP_IP_VERSION_V4;   /* left zero */
        g.ipVersion = FWP_IP_VERSION_V6;
        if (setSpi) {
            c.spi = 0x5A5A00 + (IPSEC_SA_SPI)(c.id & 0xFF);
            assert_ok(IPsecSaContextSetSpi0(fx_session, c.id, &g, c.spi));
        } else {
            assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g, &c.spi));
        }
        /* repeating it is the same inbound traffic */
        IPSEC_SA_SPI again = 0;
        assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g, &again));
        assert_int_equal(again, c.spi);
        /* and so is the same traffic with both versions set */
        IPSEC_GETSPI1 both = fx_getspi1(&c);
        assert_int_equal(both.inboundIpsecTraffic.ipVersion, FWP_IP_VERSION_V6);
        assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &both, &again));
        assert_int_equal(again, c.spi);
        fx_ctx_add_inbound(&c, FX_ESP_AUTH);
        IPSEC_SA_CONTEXT1 *ctx = NULL;
        assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
        assert_int_equal(ctx->inboundSa->ipVersion, FWP_IP_VERSION_V6);
        fx_assert_traffic1_eq(&ctx->inboundSa->traffic, &c.in);   /* V6, with its addresses */
        assert_int_equal(ctx->inboundSa->transportFilter->filterId, c.inFilter);
        FwpmFreeMemory0((void **)&ctx);
        delete_ctx(&c);
    }
    /* both versions set (the other real-world shape), GetSpi0 */
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &c);
    IPSEC_GETSPI0 g0 = fx_getspi0(&c);
    assert_int_equal(g0.ipVersion, FWP_IP_VERSION_V6);
    assert_int_equal(g0.inboundIpsecTraffic.ipVersion, FWP_IP_VERSION_V6);
    assert_ok(IPsecSaContextGetSpi0(fx_session, c.id, &g0, &c.spi));
    assert_true(c.spi >= 256);
    delete_ctx(&c);
}

static void get_spi_ignores_the_inbound_traffic_ip_version_member(void **state)
{
    (void)state;
    /* V4 GETSPI: whatever the traffic's own ipVersion says, it is read as V4 */
    FWP_IP_VERSION members[] = {FWP_IP_VERSION_V6, FWP_IP_VERSION_NONE, FWP_IP_VERSION_MAX, (FWP_IP_VERSION)77};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; ++i) {
        fx_ctx c;
        fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
        IPSEC_GETSPI1 g = fx_getspi1(&c);
        g.inboundIpsecTraffic.ipVersion = members[i];
        assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g, &c.spi));
        fx_ctx_add_inbound(&c, FX_ESP_AUTH);
        IPSEC_SA_CONTEXT0 *ctx = NULL;
        assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx));
        assert_int_equal(ctx->inboundSa->traffic.ipVersion, FWP_IP_VERSION_V4);
        assert_int_equal(ctx->inboundSa->traffic.localV4Address, c.in.localV4Address);
        assert_int_equal(ctx->inboundSa->traffic.remoteV4Address, c.in.remoteV4Address);
        FwpmFreeMemory0((void **)&ctx);
        delete_ctx(&c);
    }
    /* V6 traffic member with a V4 GETSPI: read as V4, so the V6 filter is at the wrong layer */
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &c);
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    g.ipVersion = FWP_IP_VERSION_V4;
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi1(fx_session, c.id, &g, &spi), FWP_E_INCOMPATIBLE_LAYER);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g, 0x1000), FWP_E_INCOMPATIBLE_LAYER);
    delete_ctx(&c);
}

/* ---- SPIs ------------------------------------------------------------------ */

static void get_spi_again_with_identical_traffic_returns_the_same_spi(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    IPSEC_SA_SPI again = 0;
    IPSEC_GETSPI0 g0 = fx_getspi0(&c);
    assert_ok(IPsecSaContextGetSpi0(fx_session, c.id, &g0, &again));
    assert_int_equal(again, c.spi);
    IPSEC_GETSPI1 g1 = fx_getspi1(&c);
    again = 0;
    assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g1, &again));
    assert_int_equal(again, c.spi);
    delete_ctx(&c);
}

static void get_spi_again_with_other_traffic_is_traffic_mismatch(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    IPSEC_GETSPI0 g = fx_getspi0(&c);
    g.inboundIpsecTraffic.remoteV4Address ^= 0x1;
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi0(fx_session, c.id, &g, &spi), FWP_E_TRAFFIC_MISMATCH);
    g = fx_getspi0(&c);
    g.inboundIpsecTraffic.remotePort = 99;
    assert_status(IPsecSaContextGetSpi0(fx_session, c.id, &g, &spi), FWP_E_TRAFFIC_MISMATCH);
    /* a different (valid) inbound filter is other traffic too */
    g = fx_getspi0(&c);
    g.inboundIpsecTraffic.ipsecFilterId = fx_add_filter(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    assert_status(IPsecSaContextGetSpi0(fx_session, c.id, &g, &spi), FWP_E_TRAFFIC_MISMATCH);
    /* the context still works with the original traffic */
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    delete_ctx(&c);
}

static void allocated_spis_are_unique_and_never_below_256(void **state)
{
    (void)state;
    enum { N = 300 };
    fx_ctx *c = calloc(N, sizeof *c);
    for (int i = 0; i < N; ++i) {
        fx_ctx_create(fx_session, i % 2 ? FWP_IP_VERSION_V6 : FWP_IP_VERSION_V4, &c[i]);
        fx_ctx_getspi(&c[i]);
        assert_true(c[i].spi >= 256);
        for (int j = 0; j < i; ++j)
            assert_true(c[j].spi != c[i].spi);
    }
    for (int i = 0; i < N; ++i) {
        delete_ctx(&c[i]);
        assert_ok(FwpmFilterDeleteById0(fx_session, c[i].inFilter));
        assert_ok(FwpmFilterDeleteById0(fx_session, c[i].outFilter));
    }
    free(c);
}

static void get_spi_never_returns_a_spi_taken_by_set_spi(void **state)
{
    (void)state;
    fx_ctx holder;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &holder);
    IPSEC_GETSPI1 g = fx_getspi1(&holder);
    assert_ok(IPsecSaContextSetSpi0(fx_session, holder.id, &g, 0x00ABCDEFu));
    for (int i = 0; i < 50; ++i) {
        fx_ctx c;
        fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
        fx_ctx_getspi(&c);
        assert_true(c.spi != 0x00ABCDEFu);
        delete_ctx(&c);
    }
    delete_ctx(&holder);
}

static void set_spi_assigns_the_callers_spi(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &c);
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    c.spi = 0x0BADF00Du;
    assert_ok(IPsecSaContextSetSpi0(fx_session, c.id, &g, c.spi));
    fx_ctx_add_inbound(&c, FX_AH);
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx));
    assert_int_equal(ctx->inboundSa->saBundle.saList[0].spi, 0x0BADF00Du);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c);
}

static void set_spi_below_256_is_invalid_parameter(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g, 0), FWP_E_INVALID_PARAMETER);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g, 1), FWP_E_INVALID_PARAMETER);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g, 255), FWP_E_INVALID_PARAMETER);
    assert_ok(IPsecSaContextSetSpi0(fx_session, c.id, &g, 256));
    delete_ctx(&c);
}

static void set_spi_held_by_live_context_is_already_exists_until_it_is_deleted(void **state)
{
    (void)state;
    fx_ctx a, b;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &a);
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &b);
    fx_ctx_getspi(&a);
    IPSEC_GETSPI1 g = fx_getspi1(&b);
    assert_status(IPsecSaContextSetSpi0(fx_session, b.id, &g, a.spi), FWP_E_ALREADY_EXISTS);
    delete_ctx(&a);
    assert_ok(IPsecSaContextSetSpi0(fx_session, b.id, &g, a.spi));
    delete_ctx(&b);
}

static void set_spi_after_spi_assigned_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g, 0x5000), FWP_E_INCOMPATIBLE_SA_STATE);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g, c.spi), FWP_E_INCOMPATIBLE_SA_STATE);
    delete_ctx(&c);
}

static void get_spi_after_set_spi_with_same_traffic_returns_that_spi(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_GETSPI1 g = fx_getspi1(&c);
    assert_ok(IPsecSaContextSetSpi0(fx_session, c.id, &g, 0x6006));
    IPSEC_SA_SPI spi = 0;
    assert_ok(IPsecSaContextGetSpi1(fx_session, c.id, &g, &spi));
    assert_int_equal(spi, 0x6006);
    delete_ctx(&c);
}

static void udp_encapsulation_is_copied_for_v4_only(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_V4_UDP_ENCAPSULATION0 *udp = malloc(sizeof *udp);
    udp->localUdpEncapPort = 4500;
    udp->remoteUdpEncapPort = 4501;
    IPSEC_GETSPI0 g = fx_getspi0(&c);
    g.inboundUdpEncapsulation = udp;
    GUID rng = fx_random_guid();
    g.rngCryptoModuleID = &rng;                      /* ignored, as documented */
    assert_ok(IPsecSaContextGetSpi0(fx_session, c.id, &g, &c.spi));
    udp->localUdpEncapPort = 1;
    free(udp);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx));
    assert_non_null(ctx->inboundSa->udpEncapsulation);
    assert_int_equal(ctx->inboundSa->udpEncapsulation->localUdpEncapPort, 4500);
    assert_int_equal(ctx->inboundSa->udpEncapsulation->remoteUdpEncapPort, 4501);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c);

    fx_ctx c6;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V6, &c6);
    IPSEC_V4_UDP_ENCAPSULATION0 u6 = { 4500, 4500 };
    IPSEC_GETSPI1 g6 = fx_getspi1(&c6);
    g6.inboundUdpEncapsulation = &u6;
    assert_ok(IPsecSaContextGetSpi1(fx_session, c6.id, &g6, &c6.spi));
    fx_ctx_add_inbound(&c6, FX_ESP_AUTH);
    assert_ok(IPsecSaContextGetById0(fx_session, c6.id, &ctx));
    assert_null(ctx->inboundSa->udpEncapsulation);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c6);
}

/* ---- Out-of-order calls ------------------------------------------------------ */

static void add_inbound_before_spi_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, 0x1234, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddInbound0(fx_session, c.id, &b.b0), FWP_E_INCOMPATIBLE_SA_STATE);
    assert_status(IPsecSaContextAddInbound1(fx_session, c.id, &b.b1), FWP_E_INCOMPATIBLE_SA_STATE);
    delete_ctx(&c);
}

static void add_outbound_before_inbound_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddOutbound0(fx_session, c.id, &b.b0), FWP_E_INCOMPATIBLE_SA_STATE);   /* CREATED */
    fx_ctx_getspi(&c);
    assert_status(IPsecSaContextAddOutbound0(fx_session, c.id, &b.b0), FWP_E_INCOMPATIBLE_SA_STATE);   /* SPI_ASSIGNED */
    assert_status(IPsecSaContextAddOutbound1(fx_session, c.id, &b.b1), FWP_E_INCOMPATIBLE_SA_STATE);
    delete_ctx(&c);
}

static void adding_a_side_twice_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V4, &c);
    fx_bundle in;
    fx_bundle_init(&in, FX_ESP_AUTH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddInbound0(fx_session, c.id, &in.b0), FWP_E_INCOMPATIBLE_SA_STATE);
    fx_ctx_add_outbound(&c, FX_ESP_AUTH);
    fx_bundle out;
    fx_bundle_init(&out, FX_ESP_AUTH, c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddOutbound0(fx_session, c.id, &out.b0), FWP_E_INCOMPATIBLE_SA_STATE);
    assert_status(IPsecSaContextAddInbound0(fx_session, c.id, &in.b0), FWP_E_INCOMPATIBLE_SA_STATE);
    delete_ctx(&c);
}

static void get_spi_or_set_spi_after_inbound_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_GETSPI0 g0 = fx_getspi0(&c);
    IPSEC_GETSPI1 g1 = fx_getspi1(&c);
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi0(fx_session, c.id, &g0, &spi), FWP_E_INCOMPATIBLE_SA_STATE);
    assert_status(IPsecSaContextGetSpi1(fx_session, c.id, &g1, &spi), FWP_E_INCOMPATIBLE_SA_STATE);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g1, 0x9999), FWP_E_INCOMPATIBLE_SA_STATE);
    fx_ctx_add_outbound(&c, FX_ESP_AUTH);
    assert_status(IPsecSaContextGetSpi0(fx_session, c.id, &g0, &spi), FWP_E_INCOMPATIBLE_SA_STATE);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g1, 0x9999), FWP_E_INCOMPATIBLE_SA_STATE);
    delete_ctx(&c);
}

/* ---- Expire ------------------------------------------------------------------ */

static void expire_before_inbound_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    assert_status(IPsecSaContextExpire0(fx_session, c.id), FWP_E_INCOMPATIBLE_SA_STATE);
    fx_ctx_getspi(&c);
    assert_status(IPsecSaContextExpire0(fx_session, c.id), FWP_E_INCOMPATIBLE_SA_STATE);
    delete_ctx(&c);
}

static void expire_of_complete_context_drops_outbound_now_and_the_rest_after_the_delay(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    fx_set_expire_delay_ms(150);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    assert_null(ctx->outboundSa);
    assert_non_null(ctx->inboundSa);
    assert_int_equal(ctx->inboundSa->saBundle.saList[0].spi, c.spi);
    FwpmFreeMemory0((void **)&ctx);
    /* already expiring */
    assert_status(IPsecSaContextExpire0(fx_session, c.id), FWP_E_INCOMPATIBLE_SA_STATE);
    fx_bundle out;
    fx_bundle_init(&out, FX_ESP_AUTH, c.outSpi, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddOutbound0(fx_session, c.id, &out.b0), FWP_E_INCOMPATIBLE_SA_STATE);

    fx_sleep_ms(300);
    IPSEC_SA_CONTEXT0 *gone = (IPSEC_SA_CONTEXT0 *)(uintptr_t)0x1;
    assert_status(IPsecSaContextGetById0(fx_session, c.id, &gone), FWP_E_NOT_FOUND);
    assert_null(gone);
    assert_status(IPsecSaContextDeleteById0(fx_session, c.id), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextExpire0(fx_session, c.id), FWP_E_NOT_FOUND);
}

static void expire_of_inbound_only_context_removes_it_after_the_delay(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V6, &c);
    fx_set_expire_delay_ms(50);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    assert_true(fx_wait_ctx_gone(fx_session, c.id, 3000));
}

static void expired_context_releases_its_spi(void **state)
{
    (void)state;
    fx_ctx c, other;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &other);
    fx_set_expire_delay_ms(50);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    IPSEC_GETSPI1 g = fx_getspi1(&other);
    /* still held while the inbound SA lingers */
    assert_status(IPsecSaContextSetSpi0(fx_session, other.id, &g, c.spi), FWP_E_ALREADY_EXISTS);
    assert_true(fx_wait_ctx_gone(fx_session, c.id, 3000));
    assert_ok(IPsecSaContextSetSpi0(fx_session, other.id, &g, c.spi));
    delete_ctx(&other);
}

static void expiring_context_may_be_deleted_at_once(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    fx_set_expire_delay_ms(60000);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    delete_ctx(&c);
    assert_false(fx_ctx_exists(fx_session, c.id));
    fx_set_expire_delay_ms(50);
}

/* A delay beyond INT64_MAX - now saturates the deadline (it used to overflow,
 * so the context vanished at once); a value that is not plain decimal digits
 * means the 60 s default.  Either way the context stays, expiring. */
static void huge_or_malformed_expire_delay_keeps_the_context_expiring(void **state)
{
    (void)state;
    const char *values[] = { "9223372036854775807", "99999999999999999999999999", "9223372036854775808",
                             "-1", " 50", "50ms", "+0", "" };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        fx_ctx c;
        fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
        assert_int_equal(setenv("FWPKCLNT_EXPIRE_DELAY_MS", values[i], 1), 0);
        assert_ok(IPsecSaContextExpire0(fx_session, c.id));
        fx_sleep_ms(5);
        IPSEC_SA_CONTEXT1 *ctx = NULL;
        assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
        assert_null(ctx->outboundSa);
        assert_non_null(ctx->inboundSa);
        FwpmFreeMemory0((void **)&ctx);
        delete_ctx(&c);
    }
    fx_set_expire_delay_ms(50);
}

/* ---- DeleteById ---------------------------------------------------------------- */

static void delete_works_in_every_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    delete_ctx(&c);
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    delete_ctx(&c);
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V6, &c);
    delete_ctx(&c);
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V6, &c);
    delete_ctx(&c);
    assert_false(fx_ctx_exists(fx_session, c.id));
}

static void delete_of_unknown_zero_or_deleted_id_is_not_found(void **state)
{
    (void)state;
    assert_status(IPsecSaContextDeleteById0(fx_session, 0), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextDeleteById0(fx_session, 0xFFFFFFFFFFull), FWP_E_NOT_FOUND);
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    delete_ctx(&c);
    assert_status(IPsecSaContextDeleteById0(fx_session, c.id), FWP_E_NOT_FOUND);
}

static void deleted_context_rejects_every_call_with_not_found(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    delete_ctx(&c);
    IPSEC_GETSPI0 g0 = fx_getspi0(&c);
    IPSEC_GETSPI1 g1 = fx_getspi1(&c);
    IPSEC_SA_SPI spi = 0;
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, 0x5555, c.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextGetSpi0(fx_session, c.id, &g0, &spi), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextGetSpi1(fx_session, c.id, &g1, &spi), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextSetSpi0(fx_session, c.id, &g1, 0x5555), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextAddInbound0(fx_session, c.id, &b.b0), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextAddInbound1(fx_session, c.id, &b.b1), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextAddOutbound0(fx_session, c.id, &b.b0), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextAddOutbound1(fx_session, c.id, &b.b1), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextExpire0(fx_session, c.id), FWP_E_NOT_FOUND);
    IPSEC_SA_CONTEXT1 *ctx1 = (IPSEC_SA_CONTEXT1 *)(uintptr_t)0x1;
    assert_status(IPsecSaContextGetById1(fx_session, c.id, &ctx1), FWP_E_NOT_FOUND);
    assert_null(ctx1);
}

static void sa_context_of_one_session_is_visible_to_all_sessions(void **state)
{
    (void)state;
    HANDLE other = fx_open();
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    c.h = other;
    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    assert_true(fx_ctx_exists(fx_session, c.id));
    assert_ok(IPsecSaContextDeleteById0(other, c.id));
    fx_close(other);
}

/* ---- Deep copies ------------------------------------------------------------ */

static void bundles_and_traffic_are_deep_copied(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_prepare(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_TRAFFIC0 *t = malloc(sizeof *t);
    *t = fx_traffic0_from1(&c.out);
    assert_ok(IPsecSaContextCreate0(fx_session, t, NULL, &c.id));
    memset(t, 0xEE, sizeof *t);
    free(t);
    IPSEC_GETSPI0 *g = malloc(sizeof *g);
    *g = fx_getspi0(&c);
    assert_ok(IPsecSaContextGetSpi0(fx_session, c.id, g, &c.spi));
    memset(g, 0xEE, sizeof *g);
    free(g);

    fx_bundle *in = malloc(sizeof *in);
    fx_bundle_init(in, FX_ESP_AND_AH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    IPSEC_KEYMODULE_STATE0 kms;
    UINT8 blob[6] = { 9, 8, 7, 6, 5, 4 };
    kms.keyModuleKey = fx_random_guid();
    kms.stateBlob.size = sizeof blob;
    kms.stateBlob.data = blob;
    in->b0.keyModuleState = &kms;
    IPSEC_TOKEN0 tok = { IPSEC_TOKEN_TYPE_MACHINE, IPSEC_TOKEN_PRINCIPAL_PEER, IPSEC_TOKEN_MODE_MAIN, 0x77 };
    wchar_t target[] = L"peer.example";
    IPSEC_ID0 ipsecId = { target, NULL, 1, &tok, 0, 0 };
    in->b0.ipsecId = &ipsecId;
    fx_bundle expect;
    fx_bundle_init(&expect, FX_ESP_AND_AH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    IPSEC_KEYMODULE_STATE0 kmsCopy = kms;
    UINT8 blobCopy[6];
    memcpy(blobCopy, blob, 6);
    kmsCopy.stateBlob.data = blobCopy;
    expect.b0.keyModuleState = &kmsCopy;
    expect.b0.ipsecId = &ipsecId;
    assert_ok(IPsecSaContextAddInbound0(fx_session, c.id, &in->b0));
    memset(in, 0xEE, sizeof *in);                    /* keys, SA list, everything */
    free(in);
    memset(blob, 0, sizeof blob);
    wcscpy(target, L"XXXXXXXXXXXX");

    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(fx_session, c.id, &ctx));
    IPSEC_TRAFFIC0 want = fx_traffic0_from1(&c.in);
    fx_assert_traffic0_eq(&ctx->inboundSa->traffic, &want);
    fx_assert_bundle0_eq(&ctx->inboundSa->saBundle, &expect.b0);
    assert_non_null(ctx->inboundSa->saBundle.ipsecId);
    assert_true(wcscmp(ctx->inboundSa->saBundle.ipsecId->mmTargetName, L"peer.example") == 0);
    assert_null(ctx->inboundSa->saBundle.ipsecId->emTargetName);
    assert_int_equal(ctx->inboundSa->saBundle.ipsecId->tokens[0].token, 0x77);
    assert_int_equal(ctx->inboundSa->saBundle.ipsecId->tokens[0].principal, IPSEC_TOKEN_PRINCIPAL_PEER);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c);
}

static void get_by_id_returns_keys_byte_identical(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    fx_bundle in;
    fx_bundle_init(&in, FX_ESP_AUTH_AND_CIPHER, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    UINT8 key64[64];
    for (int i = 0; i < 64; ++i)
        key64[i] = (UINT8)(255 - i);
    in.authCipher.saAuthInformation.authKey.size = 64;     /* 1..64 bytes, not tied to the algorithm */
    in.authCipher.saAuthInformation.authKey.data = key64;
    in.authCipher.saCipherInformation.cipherKey.size = 1;
    assert_ok(IPsecSaContextAddInbound0(fx_session, c.id, &in.b0));
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    const IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 *ac = ctx->inboundSa->saBundle.saList[0].espAuthAndCipherInformation;
    assert_int_equal(ac->saAuthInformation.authKey.size, 64);
    assert_memory_equal(ac->saAuthInformation.authKey.data, key64, 64);
    assert_int_equal(ac->saCipherInformation.cipherKey.size, 1);
    assert_int_equal(ac->saCipherInformation.cipherKey.data[0], in.cipherKey[0]);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c);
}

static void transport_filter_copy_survives_filter_deletion(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V6, &c);
    assert_ok(FwpmFilterDeleteById0(fx_session, c.outFilter));
    assert_ok(FwpmFilterDeleteById0(fx_session, c.inFilter));
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(fx_session, c.id, &ctx));
    assert_non_null(ctx->outboundSa->transportFilter);
    assert_int_equal(ctx->outboundSa->transportFilter->filterId, c.outFilter);
    assert_true(fx_guid_eq(&ctx->outboundSa->transportFilter->layerKey, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6));
    assert_true(wcscmp(ctx->outboundSa->transportFilter->displayData.name, L"fwpkclnt test filter") == 0);
    assert_non_null(ctx->inboundSa->transportFilter);
    assert_int_equal(ctx->inboundSa->transportFilter->filterId, c.inFilter);
    FwpmFreeMemory0((void **)&ctx);
    delete_ctx(&c);
}

static void get_by_id_null_out_is_null_pointer_and_unknown_is_not_found(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    assert_status(IPsecSaContextGetById0(fx_session, c.id, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextGetById1(fx_session, c.id, NULL), FWP_E_NULL_POINTER);
    IPSEC_SA_CONTEXT0 *ctx = (IPSEC_SA_CONTEXT0 *)(uintptr_t)0x1;
    assert_status(IPsecSaContextGetById0(fx_session, 0, &ctx), FWP_E_NOT_FOUND);
    assert_null(ctx);
    delete_ctx(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v4_transport_lifecycle_reports_both_sides_in_details),
        cmocka_unit_test(v6_lifecycle_with_esp_plus_ah_bundle),
        cmocka_unit_test(every_transform_type_is_accepted_and_returned),
        cmocka_unit_test(version1_calls_keep_traffic1_fields_bundle1_fields_and_tunnel_info),
        cmocka_unit_test(context_ids_are_nonzero_increasing_and_never_reused),
        cmocka_unit_test(create_with_null_inbound_filter_id_succeeds),
        cmocka_unit_test(tunnel_traffic_stores_policy_id),
        cmocka_unit_test(tunnel_sa_details_carry_the_tunnel_transport_filter),
        cmocka_unit_test(get_spi_reads_inbound_traffic_in_the_getspi_ip_version),
        cmocka_unit_test(get_spi_ignores_the_inbound_traffic_ip_version_member),
        cmocka_unit_test(get_spi_again_with_identical_traffic_returns_the_same_spi),
        cmocka_unit_test(get_spi_again_with_other_traffic_is_traffic_mismatch),
        cmocka_unit_test(allocated_spis_are_unique_and_never_below_256),
        cmocka_unit_test(get_spi_never_returns_a_spi_taken_by_set_spi),
        cmocka_unit_test(set_spi_assigns_the_callers_spi),
        cmocka_unit_test(set_spi_below_256_is_invalid_parameter),
        cmocka_unit_test(set_spi_held_by_live_context_is_already_exists_until_it_is_deleted),
        cmocka_unit_test(set_spi_after_spi_assigned_is_incompatible_sa_state),
        cmocka_unit_test(get_spi_after_set_spi_with_same_traffic_returns_that_spi),
        cmocka_unit_test(udp_encapsulation_is_copied_for_v4_only),
        cmocka_unit_test(add_inbound_before_spi_is_incompatible_sa_state),
        cmocka_unit_test(add_outbound_before_inbound_is_incompatible_sa_state),
        cmocka_unit_test(adding_a_side_twice_is_incompatible_sa_state),
        cmocka_unit_test(get_spi_or_set_spi_after_inbound_is_incompatible_sa_state),
        cmocka_unit_test(expire_before_inbound_is_incompatible_sa_state),
        cmocka_unit_test(expire_of_complete_context_drops_outbound_now_and_the_rest_after_the_delay),
        cmocka_unit_test(expire_of_inbound_only_context_removes_it_after_the_delay),
        cmocka_unit_test(expired_context_releases_its_spi),
        cmocka_unit_test(huge_or_malformed_expire_delay_keeps_the_context_expiring),
        cmocka_unit_test(expiring_context_may_be_deleted_at_once),
        cmocka_unit_test(delete_works_in_every_state),
        cmocka_unit_test(delete_of_unknown_zero_or_deleted_id_is_not_found),
        cmocka_unit_test(deleted_context_rejects_every_call_with_not_found),
        cmocka_unit_test(sa_context_of_one_session_is_visible_to_all_sessions),
        cmocka_unit_test(bundles_and_traffic_are_deep_copied),
        cmocka_unit_test(get_by_id_returns_keys_byte_identical),
        cmocka_unit_test(transport_filter_copy_survives_filter_deletion),
        cmocka_unit_test(get_by_id_null_out_is_null_pointer_and_unknown_is_not_found),
    };
    return cmocka_run_group_tests_name("sa_context_lifecycle", tests, fx_session_open, fx_session_close);
}
