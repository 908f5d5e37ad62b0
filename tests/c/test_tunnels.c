/* test_tunnels.c — FwpmIPsecTunnelAdd0-3 and FwpmIPsecTunnelDeleteByKey0:
 * the objects a tunnel is made of, flags, conditions, documented errors,
 * atomicity (implicit and caller transactions), dynamic sessions, and
 * tunnel-mode SA contexts naming the tunnel's quick-mode policy. */
#include "fixtures.h"

/* ---- building a tunnel ---------------------------------------------------- */

typedef struct tun {
    FWPM_FILTER_CONDITION0 conds[3];
    FWP_V4_ADDR_AND_MASK masks[2];
    IKEEXT_AUTHENTICATION_METHOD0 auth;
    IKEEXT_PROPOSAL0 mmProposal;
    IKEEXT_POLICY0 mmPolicy;
    FWPM_PROVIDER_CONTEXT0 mm;
    IPSEC_AUTH_AND_CIPHER_TRANSFORM0 transform;
    IPSEC_SA_TRANSFORM0 saTransform;
    IPSEC_PROPOSAL0 qmProposal;
    IPSEC_TUNNEL_POLICY0 qmPolicy;
    FWPM_PROVIDER_CONTEXT0 qm;
    UINT8 psk[4];
} tun;

/* A point-to-point IPv4 tunnel between two unique addresses, as the
 * reference's tunnel sample builds it (main mode included). */
static void tun_init(tun *t)
{
    memset(t, 0, sizeof *t);
    UINT32 net = fx_unique_v4_net();
    UINT32 local = net | 1, remote = net | 2;
    t->conds[0].fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    t->conds[0].matchType = FWP_MATCH_EQUAL;
    t->conds[0].conditionValue.type = FWP_UINT32;
    t->conds[0].conditionValue.uint32 = local;
    t->conds[1].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    t->conds[1].matchType = FWP_MATCH_EQUAL;
    t->conds[1].conditionValue.type = FWP_UINT32;
    t->conds[1].conditionValue.uint32 = remote;

    t->auth.authenticationMethodType = IKEEXT_PRESHARED_KEY;
    t->auth.presharedKeyAuthentication.presharedKey.size = sizeof t->psk;
    t->auth.presharedKeyAuthentication.presharedKey.data = t->psk;
    t->mmProposal.cipherAlgorithm.algoIdentifier = IKEEXT_CIPHER_AES_128;
    t->mmProposal.integrityAlgorithm.algoIdentifier = IKEEXT_INTEGRITY_SHA1;
    t->mmProposal.maxLifetimeSeconds = 8 * 60 * 60;
    t->mmProposal.dhGroup = IKEEXT_DH_GROUP_2;
    t->mmPolicy.numAuthenticationMethods = 1;
    t->mmPolicy.authenticationMethods = &t->auth;
    t->mmPolicy.numIkeProposals = 1;
    t->mmPolicy.ikeProposals = &t->mmProposal;
    t->mm.displayData.name = L"tunnel mm";
    t->mm.type = FWPM_IPSEC_IKE_MM_CONTEXT;
    t->mm.authIpMmPolicy = &t->mmPolicy;
    t->mm.providerContextKey = fx_random_guid();

    t->transform.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96;
    t->transform.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128;
    t->saTransform.ipsecTransformType = IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER;
    t->saTransform.espAuthAndCipherTransform = &t->transform;
    t->qmProposal.lifetime.lifetimeSeconds = 3600;
    t->qmProposal.lifetime.lifetimeKilobytes = 100000;
    t->qmProposal.lifetime.lifetimePackets = 0x7FFFFFFF;
    t->qmProposal.numSaTransforms = 1;
    t->qmProposal.saTransforms = &t->saTransform;
    t->qmPolicy.numIpsecProposals = 1;
    t->qmPolicy.ipsecProposals = &t->qmProposal;
    t->qmPolicy.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
    t->qmPolicy.tunnelEndpoints.localV4Address = local;
    t->qmPolicy.tunnelEndpoints.remoteV4Address = remote;
    t->qmPolicy.saIdleTimeout.idleTimeoutSeconds = 300;
    t->qm.displayData.name = L"tunnel qm";
    t->qm.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    t->qm.ikeQmTunnelPolicy = &t->qmPolicy;
    t->qm.providerContextKey = fx_random_guid();
}

/* Site-to-site: the conditions are two subnets. */
static void tun_site_to_site(tun *t)
{
    UINT32 a = fx_unique_v4_net(), b = fx_unique_v4_net();
    t->masks[0].addr = a;
    t->masks[0].mask = 0xFFFFFF00u;
    t->masks[1].addr = b;
    t->masks[1].mask = 0xFFFFFF00u;
    t->conds[0].conditionValue.type = FWP_V4_ADDR_MASK;
    t->conds[0].conditionValue.v4AddrMask = &t->masks[0];
    t->conds[1].conditionValue.type = FWP_V4_ADDR_MASK;
    t->conds[1].conditionValue.v4AddrMask = &t->masks[1];
}

static NTSTATUS tun_add(HANDLE h, tun *t, UINT32 flags, bool withMm)
{
    return FwpmIPsecTunnelAdd0(h, flags, withMm ? &t->mm : NULL, &t->qm, 2, t->conds, NULL);
}

static bool ctx_by_key(HANDLE h, const GUID *key, UINT64 *id, UINT32 *type)
{
    FWPM_PROVIDER_CONTEXT0 *c = NULL;
    NTSTATUS s = FwpmProviderContextGetByKey0(h, key, &c);
    if (s != STATUS_SUCCESS) {
        assert_status(s, FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
        return false;
    }
    if (id) *id = c->providerContextId;
    if (type) *type = c->type;
    FwpmFreeMemory0((void **)&c);
    return true;
}

/* The filters (of the session's view) that apply the context `key`; their
 * layer keys, callouts and first condition's field in the arrays given. */
typedef struct tun_filter {
    UINT64 id;
    GUID layer, sublayer, callout, firstField;
    UINT32 flags, numConds;
    FWP_ACTION_TYPE action;
} tun_filter;

static UINT32 filters_of(HANDLE h, const GUID *key, tun_filter *out, UINT32 max)
{
    HANDLE e = NULL;
    assert_ok(FwpmFilterCreateEnumHandle0(h, NULL, &e));
    UINT32 n = 0;
    for (;;) {
        FWPM_FILTER0 **page = NULL;
        UINT32 got = 0;
        assert_ok(FwpmFilterEnum0(h, e, 64, &page, &got));
        for (UINT32 i = 0; i < got; ++i) {
            const FWPM_FILTER0 *f = page[i];
            if (!(f->flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT) || !fx_guid_eq(&f->providerContextKey, key)) continue;
            if (n < max) {
                tun_filter *x = &out[n];
                memset(x, 0, sizeof *x);
                x->id = f->filterId;
                x->layer = f->layerKey;
                x->sublayer = f->subLayerKey;
                x->action = f->action.type;
                if (f->action.type & FWP_ACTION_FLAG_CALLOUT) x->callout = f->action.calloutKey;
                x->flags = f->flags;
                x->numConds = f->numFilterConditions;
                if (f->numFilterConditions) x->firstField = f->filterCondition[0].fieldKey;
            }
            ++n;
        }
        if (page) FwpmFreeMemory0((void **)&page);
        if (got < 64) break;
    }
    assert_ok(FwpmFilterDestroyEnumHandle0(h, e));
    return n;
}

static const tun_filter *find_layer(const tun_filter *f, UINT32 n, const GUID *layer)
{
    for (UINT32 i = 0; i < n; ++i)
        if (fx_guid_eq(&f[i].layer, layer)) return &f[i];
    return NULL;
}

static void assert_tunnel_gone(HANDLE h, tun *t)
{
    tun_filter f[8];
    assert_false(ctx_by_key(h, &t->qm.providerContextKey, NULL, NULL));
    assert_false(ctx_by_key(h, &t->mm.providerContextKey, NULL, NULL));
    assert_int_equal(filters_of(h, &t->qm.providerContextKey, f, 8), 0);
    assert_int_equal(filters_of(h, &t->mm.providerContextKey, f, 8), 0);
}

/* ---- what Add creates ----------------------------------------------------- */

static void test_add0_point_to_point_creates_contexts_and_tunnel_filters(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));

    UINT32 type = 0;
    assert_true(ctx_by_key(h, &t.qm.providerContextKey, NULL, &type));
    assert_int_equal(type, FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT);
    assert_true(ctx_by_key(h, &t.mm.providerContextKey, NULL, &type));
    assert_int_equal(type, FWPM_IPSEC_IKE_MM_CONTEXT);

    tun_filter mm[4], qm[8];
    assert_int_equal(filters_of(h, &t.mm.providerContextKey, mm, 4), 1);
    assert_true(fx_guid_eq(&mm[0].layer, &FWPM_LAYER_IKEEXT_V4));
    assert_int_equal(mm[0].numConds, 2);  /* the tunnel endpoints */

    assert_int_equal(filters_of(h, &t.qm.providerContextKey, qm, 8), 4);
    const tun_filter *x = find_layer(qm, 4, &FWPM_LAYER_IPSEC_V4);
    assert_non_null(x);
    assert_int_equal(x->action, FWP_ACTION_PERMIT);
    x = find_layer(qm, 4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    assert_non_null(x);
    assert_true(fx_guid_eq(&x->callout, &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4));
    assert_true(fx_guid_eq(&x->sublayer, &FWPM_SUBLAYER_IPSEC_TUNNEL));
    assert_int_equal(x->numConds, 2);
    x = find_layer(qm, 4, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    assert_non_null(x);
    assert_true(fx_guid_eq(&x->callout, &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4));
    x = find_layer(qm, 4, &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4);
    assert_non_null(x);
    assert_true(fx_guid_eq(&x->callout, &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_ALE_ACCEPT_V4));
    assert_null(find_layer(qm, 4, &FWPM_LAYER_IPFORWARD_V4));  /* nothing forwarded point to point */

    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

static void test_add_site_to_site_adds_forward_filters_with_source_and_destination(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    tun_site_to_site(&t);
    assert_ok(tun_add(h, &t, 0, false));
    tun_filter qm[8];
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, qm, 8), 6);
    UINT32 forward = 0;
    for (UINT32 i = 0; i < 6; ++i) {
        if (!fx_guid_eq(&qm[i].layer, &FWPM_LAYER_IPFORWARD_V4)) continue;
        ++forward;
        if (fx_guid_eq(&qm[i].callout, &FWPM_CALLOUT_IPSEC_FORWARD_OUTBOUND_TUNNEL_V4)) {
            assert_true(fx_guid_eq(&qm[i].sublayer, &FWPM_SUBLAYER_IPSEC_FORWARD_OUTBOUND_TUNNEL));
            assert_true(fx_guid_eq(&qm[i].firstField, &FWPM_CONDITION_IP_SOURCE_ADDRESS));  /* local subnet */
        } else {
            assert_true(fx_guid_eq(&qm[i].callout, &FWPM_CALLOUT_IPSEC_FORWARD_INBOUND_TUNNEL_V4));
            assert_true(fx_guid_eq(&qm[i].firstField, &FWPM_CONDITION_IP_DESTINATION_ADDRESS));
        }
    }
    assert_int_equal(forward, 2);
    assert_false(ctx_by_key(h, &t.mm.providerContextKey, NULL, NULL));  /* no main mode given */
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

static void test_add_without_point_to_point_rejects_non_address_conditions(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    t.conds[2].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    t.conds[2].matchType = FWP_MATCH_EQUAL;
    t.conds[2].conditionValue.type = FWP_UINT8;
    t.conds[2].conditionValue.uint8 = 6;
    assert_status(FwpmIPsecTunnelAdd0(h, 0, &t.mm, &t.qm, 3, t.conds, NULL), FWP_E_INVALID_PARAMETER);
    assert_tunnel_gone(h, &t);
    /* Point to point, any condition of the traffic is allowed. */
    assert_ok(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, &t.mm, &t.qm, 3, t.conds, NULL));
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    fx_close(h);
}

static void test_add1_to_add3_create_the_tunnel_in_their_versions(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);

    IPSEC_TUNNEL_POLICY1 p1;
    memset(&p1, 0, sizeof p1);
    p1.numIpsecProposals = 1;
    p1.ipsecProposals = &t.qmProposal;
    p1.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
    p1.tunnelEndpoints.localV4Address = t.qmPolicy.tunnelEndpoints.localV4Address;
    p1.tunnelEndpoints.remoteV4Address = t.qmPolicy.tunnelEndpoints.remoteV4Address;
    FWPM_PROVIDER_CONTEXT1 q1;
    memset(&q1, 0, sizeof q1);
    q1.displayData.name = L"ikev2 tunnel";
    q1.type = FWPM_IPSEC_IKEV2_QM_TUNNEL_CONTEXT;
    q1.ikeV2QmTunnelPolicy = &p1;
    q1.providerContextKey = fx_random_guid();
    GUID keyMod = FWPM_KEYING_MODULE_IKEV2;
    assert_ok(FwpmIPsecTunnelAdd1(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT | FWPM_TUNNEL_FLAG_ENABLE_VIRTUAL_IF_TUNNELING,
                                  NULL, &q1, 2, t.conds, &keyMod, NULL));
    tun_filter f[8];
    assert_int_equal(filters_of(h, &q1.providerContextKey, f, 8), 4);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &q1.providerContextKey));

    /* Version 2 and 3 over IPv6 endpoints and IPv6 traffic. */
    UINT8 net[16], a[16], b[16];
    fx_unique_v6_net(net);
    fx_v6_host(a, net, 1);
    fx_v6_host(b, net, 2);
    FWPM_FILTER_CONDITION0 c6[2];
    memset(c6, 0, sizeof c6);
    c6[0].fieldKey = FWPM_CONDITION_IP_LOCAL_ADDRESS;
    c6[0].conditionValue.type = FWP_BYTE_ARRAY16_TYPE;
    c6[0].conditionValue.byteArray16 = (FWP_BYTE_ARRAY16 *)a;
    c6[1].fieldKey = FWPM_CONDITION_IP_REMOTE_ADDRESS;
    c6[1].conditionValue.type = FWP_BYTE_ARRAY16_TYPE;
    c6[1].conditionValue.byteArray16 = (FWP_BYTE_ARRAY16 *)b;
    IPSEC_TUNNEL_POLICY2 p2;
    memset(&p2, 0, sizeof p2);
    p2.numIpsecProposals = 1;
    p2.ipsecProposals = &t.qmProposal;
    p2.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V6;
    memcpy(p2.tunnelEndpoints.localV6Address, a, 16);
    memcpy(p2.tunnelEndpoints.remoteV6Address, b, 16);
    FWPM_PROVIDER_CONTEXT2 q2;
    memset(&q2, 0, sizeof q2);
    q2.displayData.name = L"v6 tunnel";
    q2.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    q2.ikeQmTunnelPolicy = &p2;
    q2.providerContextKey = fx_random_guid();
    assert_ok(FwpmIPsecTunnelAdd2(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, NULL, &q2, 2, c6, NULL, NULL));
    assert_int_equal(filters_of(h, &q2.providerContextKey, f, 8), 4);
    assert_non_null(find_layer(f, 4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6));
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &q2.providerContextKey));

    FWPM_PROVIDER_CONTEXT3 q3;
    memset(&q3, 0, sizeof q3);
    q3.displayData.name = L"v3 tunnel";
    q3.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    q3.ikeQmTunnelPolicy = &p2;
    q3.providerContextKey = fx_random_guid();
    assert_ok(FwpmIPsecTunnelAdd3(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, NULL, &q3, 2, c6, NULL, NULL));
    assert_int_equal(filters_of(h, &q3.providerContextKey, f, 8), 4);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &q3.providerContextKey));
    assert_int_equal(filters_of(h, &q3.providerContextKey, f, 8), 0);
    fx_close(h);
}

/* ---- errors ---------------------------------------------------------------- */

static void test_add_null_and_invalid_arguments_give_documented_codes(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    assert_status(FwpmIPsecTunnelAdd0(NULL, 0, NULL, &t.qm, 2, t.conds, NULL), STATUS_INVALID_HANDLE);
    assert_status(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, &t.mm, NULL, 2, t.conds, NULL),
                  FWP_E_NULL_POINTER);
    assert_status(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, &t.mm, &t.qm, 2, NULL, NULL),
                  FWP_E_NULL_POINTER);
    t.qm.displayData.name = NULL;
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_NULL_DISPLAY_NAME);
    t.qm.displayData.name = L"tunnel qm";
    t.qmPolicy.tunnelEndpoints.ipVersion = FWP_IP_VERSION_NONE;
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_INVALID_TUNNEL_ENDPOINT);
    t.qmPolicy.tunnelEndpoints.ipVersion = FWP_IP_VERSION_V4;
    t.conds[0].fieldKey = fx_random_guid();
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_CONDITION_NOT_FOUND);
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

static void test_add_flags_outside_the_documented_set_are_invalid(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    /* Add0 documents POINT_TO_POINT only; RESERVED0 is never the caller's. */
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT | FWPM_TUNNEL_FLAG_ENABLE_VIRTUAL_IF_TUNNELING, true),
                  FWP_E_INVALID_FLAGS);
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT | FWPM_TUNNEL_FLAG_RESERVED0, true),
                  FWP_E_INVALID_FLAGS);
    assert_status(tun_add(h, &t, 0x80000000u, true), FWP_E_INVALID_FLAGS);
    FWPM_PROVIDER_CONTEXT1 q1;
    memset(&q1, 0, sizeof q1);
    q1.displayData.name = L"q1";
    q1.type = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    q1.ikeQmTunnelPolicy = (IPSEC_TUNNEL_POLICY1 *)&t.qmPolicy; /* not read: the flags fail first */
    assert_status(FwpmIPsecTunnelAdd1(h, FWPM_TUNNEL_FLAG_RESERVED0, NULL, &q1, 2, t.conds, NULL, NULL),
                  FWP_E_INVALID_FLAGS);
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

static void test_add_context_of_the_wrong_type_is_a_provider_context_mismatch(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    /* The quick-mode policy given as main mode and vice versa. */
    assert_status(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, &t.qm, &t.qm, 2, t.conds, NULL),
                  FWP_E_PROVIDER_CONTEXT_MISMATCH);
    assert_status(FwpmIPsecTunnelAdd0(h, FWPM_TUNNEL_FLAG_POINT_TO_POINT, &t.mm, &t.mm, 2, t.conds, NULL),
                  FWP_E_PROVIDER_CONTEXT_MISMATCH);
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

static void test_add_duplicate_key_fails_and_leaves_nothing_behind(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, false));
    tun_filter f[8];
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    /* Same quick-mode key again, with a new main-mode context. */
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_ALREADY_EXISTS);
    assert_false(ctx_by_key(h, &t.mm.providerContextKey, NULL, NULL));
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    /* Main and quick mode under one key. */
    tun u;
    tun_init(&u);
    u.mm.providerContextKey = u.qm.providerContextKey;
    assert_status(tun_add(h, &u, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_ALREADY_EXISTS);
    assert_tunnel_gone(h, &u);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    fx_close(h);
}

static void test_add_and_delete_refused_in_a_read_only_transaction(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_status(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_INCOMPATIBLE_TXN);
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey), FWP_E_INCOMPATIBLE_TXN);
    assert_ok(FwpmTransactionAbort0(h));
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

/* ---- transactions ------------------------------------------------------------ */

static void test_add_in_a_transaction_is_staged_until_commit_and_undone_by_abort(void **state)
{
    (void)state;
    HANDLE h = fx_open(), other = fx_open_timeout(50);
    tun t;
    tun_init(&t);
    tun_filter f[8];
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    assert_int_equal(filters_of(other, &t.qm.providerContextKey, f, 8), 0);  /* not visible outside */
    assert_ok(FwpmTransactionAbort0(h));
    assert_tunnel_gone(h, &t);

    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    assert_ok(FwpmTransactionCommit0(h));
    assert_int_equal(filters_of(other, &t.qm.providerContextKey, f, 8), 4);
    assert_true(ctx_by_key(other, &t.mm.providerContextKey, NULL, NULL));

    /* Delete inside a transaction, aborted: the tunnel is whole again. */
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 0);
    assert_ok(FwpmTransactionAbort0(h));
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    assert_tunnel_gone(other, &t);
    fx_close(other);
    fx_close(h);
}

static void test_failed_add_inside_a_transaction_leaves_the_transaction_as_it_was(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t, u;
    tun_init(&t);
    tun_init(&u);
    u.qm.providerContextKey = t.qm.providerContextKey;
    assert_ok(FwpmTransactionBegin0(h, 0));
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    assert_status(tun_add(h, &u, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_ALREADY_EXISTS);
    assert_false(ctx_by_key(h, &u.mm.providerContextKey, NULL, NULL));
    assert_ok(FwpmTransactionCommit0(h));
    tun_filter f[8];
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    fx_close(h);
}

/* ---- DeleteByKey ------------------------------------------------------------- */

static void test_delete_by_key_errors(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    GUID unknown = fx_random_guid();
    assert_status(FwpmIPsecTunnelDeleteByKey0(NULL, &unknown), STATUS_INVALID_HANDLE);
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &unknown), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);

    /* A quick-mode tunnel context added on its own is no tunnel. */
    tun t;
    tun_init(&t);
    assert_ok(FwpmProviderContextAdd0(h, &t.qm, NULL, NULL));
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_ok(FwpmProviderContextDeleteByKey0(h, &t.qm.providerContextKey));

    /* The main-mode key does not name the tunnel. */
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &t.mm.providerContextKey), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    fx_close(h);
}

static void test_delete_by_key_in_use_while_another_filter_applies_its_policy(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = t.qm.providerContextKey;
    UINT64 id = 0;
    assert_ok(FwpmFilterAdd0(h, &f, NULL, &id));
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey), FWP_E_IN_USE);
    /* The tunnel's own contexts are in use by its filters. */
    assert_status(FwpmProviderContextDeleteByKey0(h, &t.qm.providerContextKey), FWP_E_IN_USE);
    assert_ok(FwpmFilterDeleteById0(h, id));
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    assert_tunnel_gone(h, &t);
    fx_close(h);
}

/* ---- dynamic sessions ------------------------------------------------------------ */

static void test_dynamic_session_tunnel_goes_with_the_session(void **state)
{
    (void)state;
    HANDLE d = fx_open_dynamic(), h = fx_open();
    tun t;
    tun_init(&t);
    t.qm.flags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT;
    assert_status(tun_add(d, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    t.qm.flags = 0;
    assert_ok(tun_add(d, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    assert_status(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey), FWP_E_WRONG_SESSION);
    tun_filter f[8];
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    fx_close(d);
    assert_tunnel_gone(h, &t);

    /* A dynamic session may not delete a static tunnel. */
    d = fx_open_dynamic();
    tun_init(&t);
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    assert_status(FwpmIPsecTunnelDeleteByKey0(d, &t.qm.providerContextKey), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    fx_close(d);
    fx_close(h);
}

static void test_persistent_tunnel_filters_are_persistent(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    t.qm.flags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT;
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, false));
    tun_filter f[8];
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    for (UINT32 i = 0; i < 4; ++i) assert_true(f[i].flags & FWPM_FILTER_FLAG_PERSISTENT);
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    fx_close(h);
}

/* ---- tunnel-mode SA contexts ------------------------------------------------------ */

static IPSEC_TRAFFIC1 tunnel_traffic(const tun *t, UINT64 policyId)
{
    IPSEC_TRAFFIC1 tr;
    memset(&tr, 0, sizeof tr);
    tr.ipVersion = FWP_IP_VERSION_V4;
    tr.localV4Address = t->qmPolicy.tunnelEndpoints.localV4Address;
    tr.remoteV4Address = t->qmPolicy.tunnelEndpoints.remoteV4Address;
    tr.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
    tr.tunnelPolicyId = policyId;
    return tr;
}

static void test_tunnel_sa_names_the_quick_mode_policy_and_reports_its_transport_filter(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    assert_ok(tun_add(h, &t, FWPM_TUNNEL_FLAG_POINT_TO_POINT, true));
    UINT64 qmId = 0, mmId = 0;
    assert_true(ctx_by_key(h, &t.qm.providerContextKey, &qmId, NULL));
    assert_true(ctx_by_key(h, &t.mm.providerContextKey, &mmId, NULL));

    IPSEC_TRAFFIC1 tr = tunnel_traffic(&t, mmId);
    UINT64 id = 0;
    assert_status(IPsecSaContextCreate1(h, &tr, NULL, NULL, &id), FWP_E_PROVIDER_CONTEXT_MISMATCH);
    tr.tunnelPolicyId = qmId;
    assert_ok(IPsecSaContextCreate1(h, &tr, NULL, NULL, &id));

    IPSEC_GETSPI1 g;
    memset(&g, 0, sizeof g);
    g.inboundIpsecTraffic = tr;
    g.ipVersion = FWP_IP_VERSION_V4;
    IPSEC_SA_SPI spi = 0;
    assert_ok(IPsecSaContextGetSpi1(h, id, &g, &spi));
    fx_bundle in, out;
    fx_bundle_init(&in, FX_ESP_AUTH_AND_CIPHER, spi, 7, FWP_IP_VERSION_V4);
    fx_bundle_init(&out, FX_ESP_AUTH_AND_CIPHER, 0x1234, 7, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddInbound1(h, id, &in.b1));
    assert_ok(IPsecSaContextAddOutbound1(h, id, &out.b1));

    tun_filter f[8];
    assert_int_equal(filters_of(h, &t.qm.providerContextKey, f, 8), 4);
    const tun_filter *outF = find_layer(f, 4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    const tun_filter *inF = find_layer(f, 4, &FWPM_LAYER_INBOUND_TRANSPORT_V4);
    IPSEC_SA_CONTEXT1 *c = NULL;
    assert_ok(IPsecSaContextGetById1(h, id, &c));
    assert_non_null(c->outboundSa->transportFilter);
    assert_int_equal(c->outboundSa->transportFilter->filterId, outF->id);
    assert_int_equal(c->inboundSa->transportFilter->filterId, inF->id);
    assert_int_equal(c->outboundSa->traffic.tunnelPolicyId, qmId);
    FwpmFreeMemory0((void **)&c);

    assert_ok(IPsecSaContextDeleteById0(h, id));
    assert_ok(FwpmIPsecTunnelDeleteByKey0(h, &t.qm.providerContextKey));
    /* The policy is gone: tunnelPolicyId names no provider context. */
    assert_status(IPsecSaContextCreate1(h, &tr, NULL, NULL, &id), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    fx_close(h);
}

static void test_tunnel_sa_without_a_transport_filter_applying_the_policy_fails(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    tun t;
    tun_init(&t);
    UINT64 qmId = 0;
    assert_ok(FwpmProviderContextAdd0(h, &t.qm, NULL, &qmId));
    IPSEC_TRAFFIC1 tr = tunnel_traffic(&t, qmId);
    UINT64 id = 0;
    assert_status(IPsecSaContextCreate1(h, &tr, NULL, NULL, &id), FWP_E_FILTER_NOT_FOUND);
    /* A caller's own tunnel filter that applies it (as IKE daemons add them). */
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4;
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = t.qm.providerContextKey;
    UINT64 fid = 0;
    assert_ok(FwpmFilterAdd0(h, &f, NULL, &fid));
    assert_ok(IPsecSaContextCreate1(h, &tr, NULL, NULL, &id));
    assert_ok(IPsecSaContextDeleteById0(h, id));
    assert_ok(FwpmFilterDeleteById0(h, fid));
    assert_ok(FwpmProviderContextDeleteById0(h, qmId));
    fx_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add0_point_to_point_creates_contexts_and_tunnel_filters),
        cmocka_unit_test(test_add_site_to_site_adds_forward_filters_with_source_and_destination),
        cmocka_unit_test(test_add_without_point_to_point_rejects_non_address_conditions),
        cmocka_unit_test(test_add1_to_add3_create_the_tunnel_in_their_versions),
        cmocka_unit_test(test_add_null_and_invalid_arguments_give_documented_codes),
        cmocka_unit_test(test_add_flags_outside_the_documented_set_are_invalid),
        cmocka_unit_test(test_add_context_of_the_wrong_type_is_a_provider_context_mismatch),
        cmocka_unit_test(test_add_duplicate_key_fails_and_leaves_nothing_behind),
        cmocka_unit_test(test_add_and_delete_refused_in_a_read_only_transaction),
        cmocka_unit_test(test_add_in_a_transaction_is_staged_until_commit_and_undone_by_abort),
        cmocka_unit_test(test_failed_add_inside_a_transaction_leaves_the_transaction_as_it_was),
        cmocka_unit_test(test_delete_by_key_errors),
        cmocka_unit_test(test_delete_by_key_in_use_while_another_filter_applies_its_policy),
        cmocka_unit_test(test_dynamic_session_tunnel_goes_with_the_session),
        cmocka_unit_test(test_persistent_tunnel_filters_are_persistent),
        cmocka_unit_test(test_tunnel_sa_names_the_quick_mode_policy_and_reports_its_transport_filter),
        cmocka_unit_test(test_tunnel_sa_without_a_transport_filter_applying_the_policy_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
