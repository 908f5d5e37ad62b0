/* test_sa_context_update.c — IPsecSaContextUpdate0: each update flag, the
 * parts it must not touch, and its errors. */
#include "fixtures.h"

static IPSEC_SA_CONTEXT1 *get1(UINT64 id)
{
    IPSEC_SA_CONTEXT1 *ctx = NULL;
    assert_ok(IPsecSaContextGetById1(fx_session, id, &ctx));
    assert_non_null(ctx);
    return ctx;
}

static void update_nap_context_changes_only_nap_context(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *before = get1(c.id);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    nv->inboundSa->saBundle.napContext = 0x1234;
    nv->outboundSa->saBundle.napContext = 0x5678;
    nv->inboundSa->saBundle.mmSaId = 0xBAD;       /* not selected: must not change */
    nv->outboundSa->saBundle.flags = IPSEC_SA_BUNDLE_FLAG_NLB;
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv));
    FwpmFreeMemory0((void **)&nv);
    IPSEC_SA_CONTEXT1 *after = get1(c.id);
    assert_int_equal(after->inboundSa->saBundle.napContext, 0x1234);
    assert_int_equal(after->outboundSa->saBundle.napContext, 0x5678);
    assert_int_equal(after->inboundSa->saBundle.mmSaId, before->inboundSa->saBundle.mmSaId);
    assert_int_equal(after->outboundSa->saBundle.flags, before->outboundSa->saBundle.flags);
    before->inboundSa->saBundle.napContext = 0x1234;
    fx_assert_bundle1_eq(&after->inboundSa->saBundle, &before->inboundSa->saBundle);
    FwpmFreeMemory0((void **)&before);
    FwpmFreeMemory0((void **)&after);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void update_of_one_side_leaves_the_other_side_alone(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    IPSEC_SA_DETAILS1 *keepOut = nv->outboundSa;
    UINT32 oldOutMm = (UINT32)keepOut->saBundle.mmSaId;
    nv->inboundSa->saBundle.mmSaId = 0xABCDEF01ull;
    nv->outboundSa = NULL;
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID, nv));
    FwpmFreeMemory0((void **)&nv);
    IPSEC_SA_CONTEXT1 *after = get1(c.id);
    assert_int_equal(after->inboundSa->saBundle.mmSaId, 0xABCDEF01ull);
    assert_int_equal(after->outboundSa->saBundle.mmSaId, oldOutMm);
    FwpmFreeMemory0((void **)&after);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void update_flags_key_module_state_peer_address_and_mm_sa_id(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    UINT8 blob[3] = { 0xA, 0xB, 0xC };
    IPSEC_KEYMODULE_STATE0 kms;
    kms.keyModuleKey = fx_random_guid();
    kms.stateBlob.size = 3;
    kms.stateBlob.data = blob;
    IPSEC_SA_DETAILS1 *sides[2] = { nv->inboundSa, nv->outboundSa };
    for (int i = 0; i < 2; ++i) {
        sides[i]->saBundle.flags = IPSEC_SA_BUNDLE_FLAG_GUARANTEE_ENCRYPTION | IPSEC_SA_BUNDLE_FLAG_ND_BOUNDARY;
        sides[i]->saBundle.keyModuleState = &kms;
        sides[i]->saBundle.peerV4PrivateAddress = FX_V4(192, 168, 0, 7);
        sides[i]->saBundle.mmSaId = 0x99;
    }
    UINT64 flags = IPSEC_SA_BUNDLE_UPDATE_FLAGS | IPSEC_SA_BUNDLE_UPDATE_KEY_MODULE_STATE |
                   IPSEC_SA_BUNDLE_UPDATE_PEER_V4_PRIVATE_ADDRESS | IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID;
    assert_ok(IPsecSaContextUpdate0(fx_session, flags, nv));
    FwpmFreeMemory0((void **)&nv);
    memset(blob, 0, sizeof blob);                    /* deep-copied */
    IPSEC_SA_CONTEXT1 *after = get1(c.id);
    IPSEC_SA_DETAILS1 *got[2] = { after->inboundSa, after->outboundSa };
    for (int i = 0; i < 2; ++i) {
        assert_int_equal(got[i]->saBundle.flags, IPSEC_SA_BUNDLE_FLAG_GUARANTEE_ENCRYPTION | IPSEC_SA_BUNDLE_FLAG_ND_BOUNDARY);
        assert_non_null(got[i]->saBundle.keyModuleState);
        assert_true(fx_guid_eq(&got[i]->saBundle.keyModuleState->keyModuleKey, &kms.keyModuleKey));
        assert_int_equal(got[i]->saBundle.keyModuleState->stateBlob.size, 3);
        assert_memory_equal(got[i]->saBundle.keyModuleState->stateBlob.data, "\x0A\x0B\x0C", 3);
        assert_int_equal(got[i]->saBundle.peerV4PrivateAddress, FX_V4(192, 168, 0, 7));
        assert_int_equal(got[i]->saBundle.mmSaId, 0x99);
    }
    FwpmFreeMemory0((void **)&after);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void update_traffic_and_udp_encapsulation(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    UINT64 newOut = fx_add_filter(fx_session, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    UINT64 newIn = fx_add_filter(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    nv->outboundSa->traffic.ipsecFilterId = newOut;
    nv->outboundSa->traffic.remotePort = 4500;
    nv->inboundSa->traffic.ipsecFilterId = newIn;
    IPSEC_V4_UDP_ENCAPSULATION0 udp = { 4500, 4501 };
    nv->inboundSa->udpEncapsulation = &udp;
    nv->outboundSa->udpEncapsulation = &udp;
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC | IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION, nv));
    FwpmFreeMemory0((void **)&nv);
    IPSEC_SA_CONTEXT1 *after = get1(c.id);
    assert_int_equal(after->outboundSa->traffic.ipsecFilterId, newOut);
    assert_int_equal(after->outboundSa->traffic.remotePort, 4500);
    assert_int_equal(after->outboundSa->transportFilter->filterId, newOut);  /* the newly named filter */
    assert_int_equal(after->inboundSa->traffic.ipsecFilterId, newIn);
    assert_int_equal(after->inboundSa->transportFilter->filterId, newIn);
    assert_non_null(after->inboundSa->udpEncapsulation);
    assert_int_equal(after->inboundSa->udpEncapsulation->localUdpEncapPort, 4500);
    assert_int_equal(after->inboundSa->udpEncapsulation->remoteUdpEncapPort, 4501);
    FwpmFreeMemory0((void **)&after);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void update_traffic_is_validated_for_its_side(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    nv->inboundSa = NULL;
    nv->outboundSa->traffic.ipsecFilterId = c.inFilter;          /* inbound-layer filter on the outbound side */
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_INCOMPATIBLE_LAYER);
    nv->outboundSa->traffic.ipsecFilterId = 0;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_FILTER_NOT_FOUND);
    nv->outboundSa->traffic.ipsecFilterId = c.outFilter;
    nv->outboundSa->traffic.trafficType = IPSEC_TRAFFIC_TYPE_MAX;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_INVALID_ENUMERATOR);
    /* the same garbage is ignored when TRAFFIC is not selected */
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv));
    FwpmFreeMemory0((void **)&nv);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

/* TRAFFIC gets the checks of the call that first set that side: like GetSpi,
 * traffic of the other IP version than the context's is FWP_E_TRAFFIC_MISMATCH. */
static void update_traffic_of_the_other_ip_version_is_traffic_mismatch(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    UINT8 net[16], l[16], r[16];
    fx_unique_v6_net(net);
    fx_v6_host(l, net, 1);
    fx_v6_host(r, net, 2);
    UINT64 in6 = fx_add_filter(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V6);
    UINT64 out6 = fx_add_filter(fx_session, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    IPSEC_SA_DETAILS1 *in = nv->inboundSa, *out = nv->outboundSa;
    in->traffic = fx_traffic1_v6(l, r, in6);
    in->ipVersion = FWP_IP_VERSION_V6;
    out->traffic = fx_traffic1_v6(l, r, out6);
    out->ipVersion = FWP_IP_VERSION_V6;
    nv->outboundSa = NULL;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_TRAFFIC_MISMATCH);
    nv->inboundSa = NULL;
    nv->outboundSa = out;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_TRAFFIC_MISMATCH);
    /* both sides at once do not change the context's version either */
    nv->inboundSa = in;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_TRAFFIC_MISMATCH);
    /* the filter is checked first, as at GetSpi: V6 traffic naming the V4 filter */
    nv->outboundSa = NULL;
    in->traffic.ipsecFilterId = c.inFilter;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_INCOMPATIBLE_LAYER);
    FwpmFreeMemory0((void **)&nv);
    /* nothing changed */
    IPSEC_SA_CONTEXT1 *after = get1(c.id);
    fx_assert_traffic1_eq(&after->inboundSa->traffic, &c.in);
    fx_assert_traffic1_eq(&after->outboundSa->traffic, &c.out);
    assert_int_equal(after->inboundSa->transportFilter->filterId, c.inFilter);
    FwpmFreeMemory0((void **)&after);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));

    /* and a V6 context refuses V4 traffic */
    fx_ctx c6;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V6, &c6);
    UINT64 in4 = fx_add_filter(fx_session, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    nv = get1(c6.id);
    nv->inboundSa->traffic = fx_traffic1_v4(FX_V4(10, 200, 0, 1), FX_V4(10, 200, 0, 2), in4);
    nv->outboundSa = NULL;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv), FWP_E_TRAFFIC_MISMATCH);
    /* same version, other addresses: accepted */
    nv->inboundSa->traffic = c6.in;
    nv->inboundSa->traffic.remotePort = 500;
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_DETAILS_UPDATE_TRAFFIC, nv));
    FwpmFreeMemory0((void **)&nv);
    after = get1(c6.id);
    assert_int_equal(after->inboundSa->traffic.ipVersion, FWP_IP_VERSION_V6);
    assert_int_equal(after->inboundSa->traffic.remotePort, 500);
    FwpmFreeMemory0((void **)&after);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c6.id));
}

static void update_bundle_flags_are_validated(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    nv->inboundSa->saBundle.flags = 0x100;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_FLAGS, nv), FWP_E_INVALID_FLAGS);
    FwpmFreeMemory0((void **)&nv);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void update_errors_have_documented_codes(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *nv = get1(c.id);
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextUpdate0(fx_session, 0, nv), FWP_E_INVALID_FLAGS);
    assert_status(IPsecSaContextUpdate0(fx_session, 0x80, nv), FWP_E_INVALID_FLAGS);
    assert_status(IPsecSaContextUpdate0(fx_session, 0x100000000ull | IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv), FWP_E_INVALID_FLAGS);
    IPSEC_SA_DETAILS1 *in = nv->inboundSa, *out = nv->outboundSa;
    nv->inboundSa = NULL;
    nv->outboundSa = NULL;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv), FWP_E_INVALID_PARAMETER);
    nv->inboundSa = in;
    nv->outboundSa = out;
    UINT64 id = nv->saContextId;
    nv->saContextId = 0;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv), FWP_E_NOT_FOUND);
    nv->saContextId = 0xFFFFFFFFFFull;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv), FWP_E_NOT_FOUND);
    /* precedence: flags before lookup, lookup before the both-NULL rule */
    assert_status(IPsecSaContextUpdate0(fx_session, 0, nv), FWP_E_INVALID_FLAGS);
    nv->inboundSa = NULL;
    nv->outboundSa = NULL;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv), FWP_E_NOT_FOUND);
    nv->saContextId = id;
    nv->inboundSa = in;
    nv->outboundSa = out;
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, nv));
    FwpmFreeMemory0((void **)&nv);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void update_of_a_side_the_context_lacks_is_incompatible_sa_state(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_SA_CONTEXT1 *full = get1(c.id);     /* a template with both sides */

    fx_ctx inb;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V4, &inb);
    full->saContextId = inb.id;               /* has no outbound side yet */
    IPSEC_SA_DETAILS1 *in = full->inboundSa;
    full->inboundSa = NULL;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, full), FWP_E_INCOMPATIBLE_SA_STATE);
    full->inboundSa = in;                     /* both given: the outbound one is still missing */
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, full), FWP_E_INCOMPATIBLE_SA_STATE);

    fx_ctx created;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &created);
    full->saContextId = created.id;           /* no side at all */
    IPSEC_SA_DETAILS1 *out = full->outboundSa;
    full->outboundSa = NULL;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, full), FWP_E_INCOMPATIBLE_SA_STATE);

    /* expiring: the outbound side is gone */
    fx_set_expire_delay_ms(60000);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    full->saContextId = c.id;
    full->inboundSa = NULL;
    full->outboundSa = out;
    assert_status(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, full), FWP_E_INCOMPATIBLE_SA_STATE);
    full->outboundSa = NULL;
    full->inboundSa = in;
    assert_ok(IPsecSaContextUpdate0(fx_session, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, full));
    FwpmFreeMemory0((void **)&full);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
    assert_ok(IPsecSaContextDeleteById0(fx_session, inb.id));
    assert_ok(IPsecSaContextDeleteById0(fx_session, created.id));
}

static void update_on_invalid_handle_is_invalid_handle(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    fx_close(h);
    assert_status(IPsecSaContextUpdate0(h, IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT, NULL), STATUS_INVALID_HANDLE);
    assert_status(IPsecSaContextUpdate0(NULL, 0, NULL), STATUS_INVALID_HANDLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(update_nap_context_changes_only_nap_context),
        cmocka_unit_test(update_of_one_side_leaves_the_other_side_alone),
        cmocka_unit_test(update_flags_key_module_state_peer_address_and_mm_sa_id),
        cmocka_unit_test(update_traffic_and_udp_encapsulation),
        cmocka_unit_test(update_traffic_is_validated_for_its_side),
        cmocka_unit_test(update_traffic_of_the_other_ip_version_is_traffic_mismatch),
        cmocka_unit_test(update_bundle_flags_are_validated),
        cmocka_unit_test(update_errors_have_documented_codes),
        cmocka_unit_test(update_of_a_side_the_context_lacks_is_incompatible_sa_state),
        cmocka_unit_test(update_on_invalid_handle_is_invalid_handle),
    };
    return cmocka_run_group_tests_name("sa_context_update", tests, fx_session_open, fx_session_close);
}
