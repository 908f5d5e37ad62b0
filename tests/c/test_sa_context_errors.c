/* test_sa_context_errors.c — every documented error of Create0/1,
 * GetSpi0/1, SetSpi0, AddInbound0/1, AddOutbound0/1 with its exact code,
 * and the precedence of the checks (docs/decisions.md "SA contexts"). */
#include "fixtures.h"

static HANDLE g_h;
/* One context per state, created once for the whole file. */
static fx_ctx g_created;      /* CREATED */
static fx_ctx g_assigned;     /* SPI_ASSIGNED */
static fx_ctx g_inbound;      /* INBOUND */

static int setup(void **state)
{
    (void)state;
    g_h = fx_open();
    fx_ctx_create(g_h, FWP_IP_VERSION_V4, &g_created);
    fx_ctx_create(g_h, FWP_IP_VERSION_V4, &g_assigned);
    fx_ctx_getspi(&g_assigned);
    fx_ctx_inbound(g_h, FWP_IP_VERSION_V4, &g_inbound);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    IPsecSaContextDeleteById0(g_h, g_created.id);
    IPsecSaContextDeleteById0(g_h, g_assigned.id);
    IPsecSaContextDeleteById0(g_h, g_inbound.id);
    return FwpmEngineClose0(g_h) == STATUS_SUCCESS ? 0 : -1;
}

/* ---- Create ------------------------------------------------------------------ */

static NTSTATUS create0(IPSEC_TRAFFIC0 *t)
{
    UINT64 id = 0;
    NTSTATUS s = IPsecSaContextCreate0(g_h, t, NULL, &id);
    if (s == STATUS_SUCCESS)
        assert_ok(IPsecSaContextDeleteById0(g_h, id));
    return s;
}

static NTSTATUS create1(IPSEC_TRAFFIC1 *t)
{
    UINT64 id = 0;
    NTSTATUS s = IPsecSaContextCreate1(g_h, t, NULL, NULL, &id);
    if (s == STATUS_SUCCESS)
        assert_ok(IPsecSaContextDeleteById0(g_h, id));
    return s;
}

static void create_null_traffic_or_null_id_is_null_pointer(void **state)
{
    (void)state;
    UINT64 id = 0;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    assert_status(IPsecSaContextCreate0(g_h, NULL, NULL, &id), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextCreate0(g_h, &t0, NULL, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextCreate1(g_h, NULL, NULL, NULL, &id), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextCreate1(g_h, &g_created.out, NULL, NULL, NULL), FWP_E_NULL_POINTER);
}

static void create_with_out_of_range_ip_version_is_invalid_enumerator(void **state)
{
    (void)state;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    t0.ipVersion = FWP_IP_VERSION_MAX;
    assert_status(create0(&t0), FWP_E_INVALID_ENUMERATOR);
    t0.ipVersion = (FWP_IP_VERSION)77;
    assert_status(create0(&t0), FWP_E_INVALID_ENUMERATOR);
    IPSEC_TRAFFIC1 t1 = g_created.out;
    t1.ipVersion = FWP_IP_VERSION_MAX;
    assert_status(create1(&t1), FWP_E_INVALID_ENUMERATOR);
}

static void create_with_ip_version_none_is_invalid_parameter(void **state)
{
    (void)state;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    t0.ipVersion = FWP_IP_VERSION_NONE;
    assert_status(create0(&t0), FWP_E_INVALID_PARAMETER);
    IPSEC_TRAFFIC1 t1 = g_created.out;
    t1.ipVersion = FWP_IP_VERSION_NONE;
    assert_status(create1(&t1), FWP_E_INVALID_PARAMETER);
}

static void create_with_out_of_range_traffic_type_is_invalid_enumerator(void **state)
{
    (void)state;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    t0.trafficType = IPSEC_TRAFFIC_TYPE_MAX;
    assert_status(create0(&t0), FWP_E_INVALID_ENUMERATOR);
    IPSEC_TRAFFIC1 t1 = g_created.out;
    t1.trafficType = (IPSEC_TRAFFIC_TYPE)9;
    assert_status(create1(&t1), FWP_E_INVALID_ENUMERATOR);
}

static void create_with_unknown_or_zero_filter_is_filter_not_found(void **state)
{
    (void)state;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    t0.ipsecFilterId = 0;
    assert_status(create0(&t0), FWP_E_FILTER_NOT_FOUND);
    t0.ipsecFilterId = 0xFFFFFFFFFFFFull;
    assert_status(create0(&t0), FWP_E_FILTER_NOT_FOUND);
    UINT64 gone = fx_add_filter(g_h, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    assert_ok(FwpmFilterDeleteById0(g_h, gone));
    t0.ipsecFilterId = gone;
    assert_status(create0(&t0), FWP_E_FILTER_NOT_FOUND);
    IPSEC_TRAFFIC1 t1 = g_created.out;
    t1.ipsecFilterId = 0;
    assert_status(create1(&t1), FWP_E_FILTER_NOT_FOUND);
}

static void create_with_filter_at_wrong_layer_is_incompatible_layer(void **state)
{
    (void)state;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    t0.ipsecFilterId = g_created.inFilter;                         /* inbound layer */
    assert_status(create0(&t0), FWP_E_INCOMPATIBLE_LAYER);
    t0.ipsecFilterId = fx_add_filter(g_h, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6);   /* other IP version */
    assert_status(create0(&t0), FWP_E_INCOMPATIBLE_LAYER);
    t0.ipsecFilterId = fx_add_filter(g_h, &FWPM_LAYER_IPSEC_V4);    /* not a transport layer */
    assert_status(create0(&t0), FWP_E_INCOMPATIBLE_LAYER);
    IPSEC_TRAFFIC1 t1 = g_created.out;
    t1.ipsecFilterId = g_created.inFilter;
    assert_status(create1(&t1), FWP_E_INCOMPATIBLE_LAYER);
}

static void create_checks_structure_before_filter_lookup(void **state)
{
    (void)state;
    IPSEC_TRAFFIC0 t0 = fx_traffic0_from1(&g_created.out);
    t0.ipVersion = FWP_IP_VERSION_MAX;
    t0.trafficType = IPSEC_TRAFFIC_TYPE_MAX;
    t0.ipsecFilterId = 0;
    assert_status(create0(&t0), FWP_E_INVALID_ENUMERATOR);
    t0.ipVersion = FWP_IP_VERSION_NONE;                    /* ipVersion checked first */
    assert_status(create0(&t0), FWP_E_INVALID_PARAMETER);
    t0.ipVersion = FWP_IP_VERSION_V4;
    assert_status(create0(&t0), FWP_E_INVALID_ENUMERATOR);  /* then trafficType */
    t0.trafficType = IPSEC_TRAFFIC_TYPE_TRANSPORT;
    assert_status(create0(&t0), FWP_E_FILTER_NOT_FOUND);    /* then the lookup */
    /* NULL out-pointer before everything structural */
    UINT64 *nullId = NULL;
    assert_status(IPsecSaContextCreate0(g_h, &t0, NULL, nullId), FWP_E_NULL_POINTER);
}

/* ---- GetSpi / SetSpi ---------------------------------------------------------- */

static void get_spi_null_arguments_are_null_pointer(void **state)
{
    (void)state;
    IPSEC_GETSPI0 g0 = fx_getspi0(&g_created);
    IPSEC_GETSPI1 g1 = fx_getspi1(&g_created);
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi0(g_h, g_created.id, NULL, &spi), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextGetSpi0(g_h, g_created.id, &g0, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, NULL, &spi), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g1, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, NULL, 0x1000), FWP_E_NULL_POINTER);
    /* unknown context + NULL pointer: the pointer is checked first */
    assert_status(IPsecSaContextGetSpi0(g_h, 0, NULL, &spi), FWP_E_NULL_POINTER);
}

static void get_spi_unknown_context_is_not_found(void **state)
{
    (void)state;
    IPSEC_GETSPI0 g0 = fx_getspi0(&g_created);
    IPSEC_GETSPI1 g1 = fx_getspi1(&g_created);
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi0(g_h, 0, &g0, &spi), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextGetSpi1(g_h, 0xFFFFFFFFFull, &g1, &spi), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextSetSpi0(g_h, 0xFFFFFFFFFull, &g1, 0x1000), FWP_E_NOT_FOUND);
}

static void get_spi_out_of_range_ip_version_is_invalid_enumerator(void **state)
{
    (void)state;
    IPSEC_GETSPI0 g0 = fx_getspi0(&g_created);
    g0.ipVersion = FWP_IP_VERSION_MAX;
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi0(g_h, g_created.id, &g0, &spi), FWP_E_INVALID_ENUMERATOR);
    IPSEC_GETSPI1 g1 = fx_getspi1(&g_created);
    g1.ipVersion = (FWP_IP_VERSION)40;
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g1, &spi), FWP_E_INVALID_ENUMERATOR);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, &g1, 0x1000), FWP_E_INVALID_ENUMERATOR);
    /* structure errors come before the unknown-context lookup */
    assert_status(IPsecSaContextGetSpi1(g_h, 0, &g1, &spi), FWP_E_INVALID_ENUMERATOR);
}

static void get_spi_inbound_traffic_is_validated(void **state)
{
    (void)state;
    IPSEC_SA_SPI spi = 0;
    /* the IP version of the inbound traffic is IPSEC_GETSPI1.ipVersion */
    IPSEC_GETSPI1 g = fx_getspi1(&g_created);
    g.ipVersion = FWP_IP_VERSION_NONE;
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g, &spi), FWP_E_INVALID_PARAMETER);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, &g, 0x1000), FWP_E_INVALID_PARAMETER);
    g = fx_getspi1(&g_created);
    g.inboundIpsecTraffic.trafficType = IPSEC_TRAFFIC_TYPE_MAX;
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g, &spi), FWP_E_INVALID_ENUMERATOR);
    g = fx_getspi1(&g_created);
    g.inboundIpsecTraffic.ipsecFilterId = 0;
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g, &spi), FWP_E_FILTER_NOT_FOUND);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, &g, 0x1000), FWP_E_FILTER_NOT_FOUND);
    g = fx_getspi1(&g_created);
    g.inboundIpsecTraffic.ipsecFilterId = g_created.outFilter;       /* outbound layer */
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g, &spi), FWP_E_INCOMPATIBLE_LAYER);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, &g, 0x1000), FWP_E_INCOMPATIBLE_LAYER);
    IPSEC_GETSPI0 g0 = fx_getspi0(&g_created);
    g0.inboundIpsecTraffic.ipsecFilterId = g_created.outFilter;
    assert_status(IPsecSaContextGetSpi0(g_h, g_created.id, &g0, &spi), FWP_E_INCOMPATIBLE_LAYER);
    /* still CREATED after all these failures */
    fx_ctx probe = g_created;
    IPSEC_GETSPI1 ok = fx_getspi1(&probe);
    assert_ok(IPsecSaContextGetSpi1(g_h, g_created.id, &ok, &spi));
    /* ... which moved it: recreate the CREATED fixture */
    assert_ok(IPsecSaContextDeleteById0(g_h, g_created.id));
    fx_ctx_create(g_h, FWP_IP_VERSION_V4, &g_created);
}

static void get_spi_with_other_ip_version_than_context_is_traffic_mismatch(void **state)
{
    (void)state;
    UINT8 net[16], l[16], r[16];
    fx_unique_v6_net(net);
    fx_v6_host(l, net, 1);
    fx_v6_host(r, net, 2);
    UINT64 in6 = fx_add_filter(g_h, &FWPM_LAYER_INBOUND_TRANSPORT_V6);
    IPSEC_GETSPI1 g;
    memset(&g, 0, sizeof g);
    g.inboundIpsecTraffic = fx_traffic1_v6(l, r, in6);
    g.ipVersion = FWP_IP_VERSION_V6;
    IPSEC_SA_SPI spi = 0;
    assert_status(IPsecSaContextGetSpi1(g_h, g_created.id, &g, &spi), FWP_E_TRAFFIC_MISMATCH);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, &g, 0x1000), FWP_E_TRAFFIC_MISMATCH);
    assert_true(fx_ctx_exists(g_h, g_created.id));
}

static void set_spi_below_256_beats_state_and_uniqueness(void **state)
{
    (void)state;
    IPSEC_GETSPI1 g = fx_getspi1(&g_created);
    assert_status(IPsecSaContextSetSpi0(g_h, g_created.id, &g, 17), FWP_E_INVALID_PARAMETER);
    /* in SPI_ASSIGNED any SetSpi is a state error */
    IPSEC_GETSPI1 ga = fx_getspi1(&g_assigned);
    assert_status(IPsecSaContextSetSpi0(g_h, g_assigned.id, &ga, 0x7777), FWP_E_INCOMPATIBLE_SA_STATE);
}

/* ---- Bundles: one rule at a time ------------------------------------------------- */

static NTSTATUS add_in(fx_bundle *b)
{
    fx_bundle_sync1(b);
    NTSTATUS s0 = IPsecSaContextAddInbound0(g_h, g_assigned.id, &b->b0);
    NTSTATUS s1 = IPsecSaContextAddInbound1(g_h, g_assigned.id, &b->b1);
    assert_status(s1, s0);                       /* both versions agree */
    assert_true(s0 != STATUS_SUCCESS);           /* these tests never succeed */
    return s0;
}

static void bundle(fx_bundle *b, fx_kind k)
{
    fx_bundle_init(b, k, g_assigned.spi, g_assigned.qmSaId, FWP_IP_VERSION_V4);
}

static void add_inbound_null_bundle_is_null_pointer(void **state)
{
    (void)state;
    assert_status(IPsecSaContextAddInbound0(g_h, g_assigned.id, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextAddInbound1(g_h, g_assigned.id, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextAddOutbound0(g_h, g_inbound.id, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecSaContextAddOutbound1(g_h, g_inbound.id, NULL), FWP_E_NULL_POINTER);
}

static void bundle_unknown_flag_bits_are_invalid_flags(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.b0.flags = 0x100;                      /* the unused bit */
    assert_status(add_in(&b), FWP_E_INVALID_FLAGS);
    b.b0.flags = 0x80000000u;
    assert_status(add_in(&b), FWP_E_INVALID_FLAGS);
}

static void bundle_with_zero_sas_is_zero_length_array(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.b0.numSAs = 0;
    assert_status(add_in(&b), FWP_E_ZERO_LENGTH_ARRAY);
}

static void bundle_with_more_than_two_sas_is_invalid_parameter(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    IPSEC_SA0 three[3] = { b.sa[0], b.sa[0], b.sa[0] };
    b.b0.saList = three;
    b.b0.numSAs = 3;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
}

static void bundle_with_null_sa_list_is_null_pointer(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.b0.saList = NULL;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
}

static void sa_transform_type_out_of_range_is_invalid_enumerator(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.sa[0].saTransformType = (IPSEC_TRANSFORM_TYPE)0;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    b.sa[0].saTransformType = IPSEC_TRANSFORM_TYPE_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
}

static void sa_information_pointer_null_is_null_pointer(void **state)
{
    (void)state;
    fx_kind kinds[] = { FX_AH, FX_ESP_AUTH, FX_ESP_CIPHER, FX_ESP_AUTH_AND_CIPHER, FX_ESP_AUTH_FW };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; ++i) {
        fx_bundle b;
        bundle(&b, kinds[i]);
        b.sa[0].ahInformation = NULL;
        b.sa[0].espCipherInformation = NULL;
        b.sa[0].espAuthAndCipherInformation = NULL;
        assert_status(add_in(&b), FWP_E_NULL_POINTER);
    }
}

static void auth_type_out_of_range_is_invalid_enumerator(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_AH);
    b.auth[0].authTransform.authTransformId.authType = IPSEC_AUTH_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    bundle(&b, FX_ESP_AUTH_AND_CIPHER);
    b.authCipher.saAuthInformation.authTransform.authTransformId.authType = (IPSEC_AUTH_TYPE)200;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
}

static void auth_config_not_partner_of_auth_type_is_invalid_auth_transform(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.auth[0].authTransform.authTransformId.authType = IPSEC_AUTH_SHA_1;
    b.auth[0].authTransform.authTransformId.authConfig = IPSEC_AUTH_CONFIG_HMAC_MD5_96;
    assert_status(add_in(&b), FWP_E_INVALID_AUTH_TRANSFORM);
    b.auth[0].authTransform.authTransformId.authType = IPSEC_AUTH_AES_128;
    b.auth[0].authTransform.authTransformId.authConfig = IPSEC_AUTH_CONFIG_GCM_AES_256;
    assert_status(add_in(&b), FWP_E_INVALID_AUTH_TRANSFORM);
    b.auth[0].authTransform.authTransformId.authType = IPSEC_AUTH_MD5;
    b.auth[0].authTransform.authTransformId.authConfig = IPSEC_AUTH_CONFIG_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_AUTH_TRANSFORM);
    bundle(&b, FX_ESP_AUTH_AND_CIPHER);
    b.authCipher.saAuthInformation.authTransform.authTransformId.authConfig = IPSEC_AUTH_CONFIG_HMAC_SHA_1_96;
    assert_status(add_in(&b), FWP_E_INVALID_AUTH_TRANSFORM);
}

static void cipher_type_out_of_range_is_invalid_enumerator(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_CIPHER);
    b.cipher.cipherTransform.cipherTransformId.cipherType = (IPSEC_CIPHER_TYPE)0;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    b.cipher.cipherTransform.cipherTransformId.cipherType = IPSEC_CIPHER_TYPE_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
}

static void cipher_config_not_partner_is_invalid_cipher_transform(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_CIPHER);
    b.cipher.cipherTransform.cipherTransformId.cipherType = IPSEC_CIPHER_TYPE_AES_128;
    b.cipher.cipherTransform.cipherTransformId.cipherConfig = IPSEC_CIPHER_CONFIG_CBC_3DES;
    assert_status(add_in(&b), FWP_E_INVALID_CIPHER_TRANSFORM);
    b.cipher.cipherTransform.cipherTransformId.cipherType = IPSEC_CIPHER_TYPE_DES;
    b.cipher.cipherTransform.cipherTransformId.cipherConfig = IPSEC_CIPHER_CONFIG_GCM_AES_128;
    assert_status(add_in(&b), FWP_E_INVALID_CIPHER_TRANSFORM);
    b.cipher.cipherTransform.cipherTransformId.cipherType = IPSEC_CIPHER_TYPE_AES_256;
    b.cipher.cipherTransform.cipherTransformId.cipherConfig = IPSEC_CIPHER_CONFIG_CBC_AES_192;
    assert_status(add_in(&b), FWP_E_INVALID_CIPHER_TRANSFORM);
    bundle(&b, FX_ESP_AUTH_AND_CIPHER);
    b.authCipher.saCipherInformation.cipherTransform.cipherTransformId.cipherConfig = IPSEC_CIPHER_CONFIG_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_CIPHER_TRANSFORM);
}

static void every_documented_transform_pair_is_accepted(void **state)
{
    (void)state;
    IPSEC_AUTH_TRANSFORM_ID0 auths[] = {
        IPSEC_AUTH_TRANSFORM_ID_HMAC_MD5_96, IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96,
        IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_128,
        IPSEC_AUTH_TRANSFORM_ID_GCM_AES_192, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_256,
    };
    IPSEC_CIPHER_TRANSFORM_ID0 ciphers[] = {
        IPSEC_CIPHER_TRANSFORM_ID_CBC_DES, IPSEC_CIPHER_TRANSFORM_ID_CBC_3DES,
        IPSEC_CIPHER_TRANSFORM_ID_AES_128, IPSEC_CIPHER_TRANSFORM_ID_AES_192,
        IPSEC_CIPHER_TRANSFORM_ID_AES_256, IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_128,
        IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_192, IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_256,
    };
    for (size_t i = 0; i < sizeof auths / sizeof auths[0]; ++i) {
        fx_ctx c;
        fx_ctx_create(g_h, FWP_IP_VERSION_V4, &c);
        fx_ctx_getspi(&c);
        fx_bundle b;
        fx_bundle_init(&b, FX_ESP_AUTH_AND_CIPHER, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
        b.authCipher.saAuthInformation.authTransform.authTransformId = auths[i];
        b.authCipher.saCipherInformation.cipherTransform.cipherTransformId = ciphers[i];
        assert_ok(IPsecSaContextAddInbound0(g_h, c.id, &b.b0));
        assert_ok(IPsecSaContextDeleteById0(g_h, c.id));
    }
    for (size_t i = 6; i < sizeof ciphers / sizeof ciphers[0]; ++i) {
        fx_ctx c;
        fx_ctx_create(g_h, FWP_IP_VERSION_V4, &c);
        fx_ctx_getspi(&c);
        fx_bundle b;
        fx_bundle_init(&b, FX_ESP_CIPHER, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
        b.cipher.cipherTransform.cipherTransformId = ciphers[i];
        assert_ok(IPsecSaContextAddInbound0(g_h, c.id, &b.b0));
        assert_ok(IPsecSaContextDeleteById0(g_h, c.id));
    }
}

static void crypto_module_id_is_reserved(void **state)
{
    (void)state;
    GUID mod = fx_random_guid();
    fx_bundle b;
    bundle(&b, FX_AH);
    b.auth[0].authTransform.cryptoModuleId = &mod;
    assert_status(add_in(&b), FWP_E_RESERVED);
    bundle(&b, FX_ESP_CIPHER);
    b.cipher.cipherTransform.cryptoModuleId = &mod;
    assert_status(add_in(&b), FWP_E_RESERVED);
}

static void key_size_zero_or_above_64_is_invalid_parameter(void **state)
{
    (void)state;
    UINT8 big[65] = { 0 };
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.auth[0].authKey.size = 0;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
    b.auth[0].authKey.size = 65;
    b.auth[0].authKey.data = big;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
    bundle(&b, FX_ESP_CIPHER);
    b.cipher.cipherKey.size = 0;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
}

static void key_data_null_is_null_pointer(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.auth[0].authKey.data = NULL;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
    bundle(&b, FX_ESP_AUTH_AND_CIPHER);
    b.authCipher.saCipherInformation.cipherKey.data = NULL;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
}

static void two_sas_must_be_esp_then_ah(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AND_AH);
    IPSEC_SA0 swapped[2] = { b.sa[1], b.sa[0] };     /* AH first */
    b.b0.saList = swapped;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
    IPSEC_SA0 twoEsp[2] = { b.sa[0], b.sa[0] };
    b.b0.saList = twoEsp;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
    IPSEC_SA0 twoAh[2] = { b.sa[1], b.sa[1] };
    b.b0.saList = twoAh;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
}

static void ipsec_id_errors(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    IPSEC_ID0 id;
    memset(&id, 0, sizeof id);
    b.b0.ipsecId = &id;
    id.numTokens = 1;
    id.tokens = NULL;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
    IPSEC_TOKEN0 tok = { IPSEC_TOKEN_TYPE_MAX, IPSEC_TOKEN_PRINCIPAL_LOCAL, IPSEC_TOKEN_MODE_MAIN, 1 };
    id.tokens = &tok;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    tok.type = IPSEC_TOKEN_TYPE_IMPERSONATION;
    tok.principal = IPSEC_TOKEN_PRINCIPAL_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    tok.principal = IPSEC_TOKEN_PRINCIPAL_PEER;
    tok.mode = IPSEC_TOKEN_MODE_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    tok.mode = IPSEC_TOKEN_MODE_EXTENDED;
    id.logonId = 1;
    assert_status(add_in(&b), FWP_E_RESERVED);
}

static void key_module_state_blob_without_data_is_null_pointer(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    IPSEC_KEYMODULE_STATE0 kms;
    memset(&kms, 0, sizeof kms);
    kms.stateBlob.size = 8;
    kms.stateBlob.data = NULL;
    b.b0.keyModuleState = &kms;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
}

static void bundle_ip_version_or_pfs_group_out_of_range_is_invalid_enumerator(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.b0.ipVersion = FWP_IP_VERSION_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    bundle(&b, FX_ESP_AUTH);
    b.b0.pfsGroup = IPSEC_PFS_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
}

static void inbound_spi_other_than_context_spi_is_invalid_parameter(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.sa[0].spi = g_assigned.spi + 1;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
    bundle(&b, FX_ESP_AND_AH);
    b.sa[1].spi = g_assigned.spi ^ 0x100;               /* AH of the pair differs */
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
}

static void outbound_spi_below_256_or_other_qm_sa_id_is_invalid_parameter(void **state)
{
    (void)state;
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, 255, g_inbound.qmSaId, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddOutbound0(g_h, g_inbound.id, &b.b0), FWP_E_INVALID_PARAMETER);
    assert_status(IPsecSaContextAddOutbound1(g_h, g_inbound.id, &b.b1), FWP_E_INVALID_PARAMETER);
    fx_bundle_init(&b, FX_ESP_AUTH, g_inbound.outSpi, g_inbound.qmSaId + 1, FWP_IP_VERSION_V4);
    assert_status(IPsecSaContextAddOutbound0(g_h, g_inbound.id, &b.b0), FWP_E_INVALID_PARAMETER);
    assert_status(IPsecSaContextAddOutbound1(g_h, g_inbound.id, &b.b1), FWP_E_INVALID_PARAMETER);
}

static void validation_runs_in_declaration_order(void **state)
{
    (void)state;
    fx_bundle b;
    /* flags before numSAs */
    bundle(&b, FX_ESP_AUTH);
    b.b0.flags = 0x100;
    b.b0.numSAs = 0;
    assert_status(add_in(&b), FWP_E_INVALID_FLAGS);
    /* numSAs before saList */
    bundle(&b, FX_ESP_AUTH);
    b.b0.numSAs = 0;
    b.b0.saList = NULL;
    assert_status(add_in(&b), FWP_E_ZERO_LENGTH_ARRAY);
    /* transform type before information pointer */
    bundle(&b, FX_ESP_AUTH);
    b.sa[0].saTransformType = (IPSEC_TRANSFORM_TYPE)0;
    b.sa[0].espAuthInformation = NULL;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    /* authType range before partner check, partner before cryptoModuleId, before key */
    GUID mod = fx_random_guid();
    bundle(&b, FX_ESP_AUTH);
    b.auth[0].authTransform.authTransformId.authConfig = IPSEC_AUTH_CONFIG_GCM_AES_128;
    b.auth[0].authTransform.cryptoModuleId = &mod;
    b.auth[0].authKey.size = 0;
    assert_status(add_in(&b), FWP_E_INVALID_AUTH_TRANSFORM);
    bundle(&b, FX_ESP_AUTH);
    b.auth[0].authTransform.cryptoModuleId = &mod;
    b.auth[0].authKey.size = 0;
    assert_status(add_in(&b), FWP_E_RESERVED);
    /* key size before key data */
    bundle(&b, FX_ESP_AUTH);
    b.auth[0].authKey.size = 0;
    b.auth[0].authKey.data = NULL;
    assert_status(add_in(&b), FWP_E_INVALID_PARAMETER);
    /* per-SA checks before ESP/AH ordering */
    bundle(&b, FX_ESP_AND_AH);
    IPSEC_SA0 swapped[2] = { b.sa[1], b.sa[0] };
    swapped[1].espAuthAndCipherInformation = NULL;
    b.b0.saList = swapped;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
    /* saList before ipsecId, ipsecId before keyModuleState, before ipVersion, before pfsGroup */
    IPSEC_ID0 id;
    memset(&id, 0, sizeof id);
    id.logonId = 5;
    IPSEC_KEYMODULE_STATE0 kms;
    memset(&kms, 0, sizeof kms);
    kms.stateBlob.size = 3;
    bundle(&b, FX_ESP_AUTH);
    b.b0.ipsecId = &id;
    b.b0.keyModuleState = &kms;
    b.b0.ipVersion = FWP_IP_VERSION_MAX;
    b.b0.pfsGroup = IPSEC_PFS_MAX;
    assert_status(add_in(&b), FWP_E_RESERVED);
    b.b0.ipsecId = NULL;
    assert_status(add_in(&b), FWP_E_NULL_POINTER);
    b.b0.keyModuleState = NULL;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
    /* structure errors before the SPI (state) rule */
    bundle(&b, FX_ESP_AUTH);
    b.sa[0].spi = 1;
    b.b0.pfsGroup = IPSEC_PFS_MAX;
    assert_status(add_in(&b), FWP_E_INVALID_ENUMERATOR);
}

static void structure_errors_come_before_lookup_and_state(void **state)
{
    (void)state;
    fx_bundle b;
    bundle(&b, FX_ESP_AUTH);
    b.b0.numSAs = 0;
    assert_status(IPsecSaContextAddInbound0(g_h, 0, &b.b0), FWP_E_ZERO_LENGTH_ARRAY);              /* unknown id */
    assert_status(IPsecSaContextAddInbound0(g_h, g_created.id, &b.b0), FWP_E_ZERO_LENGTH_ARRAY);   /* wrong state */
    assert_status(IPsecSaContextAddOutbound0(g_h, g_created.id, &b.b0), FWP_E_ZERO_LENGTH_ARRAY);
    bundle(&b, FX_ESP_AUTH);
    assert_status(IPsecSaContextAddInbound0(g_h, 0, &b.b0), FWP_E_NOT_FOUND);
    assert_status(IPsecSaContextAddOutbound0(g_h, 0, &b.b0), FWP_E_NOT_FOUND);
    /* lookup before state: a valid bundle on a wrong-state context */
    assert_status(IPsecSaContextAddInbound0(g_h, g_created.id, &b.b0), FWP_E_INCOMPATIBLE_SA_STATE);
}

static void failed_add_inbound_leaves_the_context_unchanged(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(g_h, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    b.b0.pfsGroup = IPSEC_PFS_MAX;
    assert_status(IPsecSaContextAddInbound0(g_h, c.id, &b.b0), FWP_E_INVALID_ENUMERATOR);
    IPSEC_SA_CONTEXT0 *ctx = NULL;
    assert_ok(IPsecSaContextGetById0(g_h, c.id, &ctx));
    assert_null(ctx->inboundSa);
    FwpmFreeMemory0((void **)&ctx);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);   /* still SPI_ASSIGNED */
    assert_ok(IPsecSaContextDeleteById0(g_h, c.id));
}

static void optional_fields_valid_values_are_accepted(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(g_h, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, c.spi, c.qmSaId, FWP_IP_VERSION_V4);
    b.b0.flags = IPSEC_SA_BUNDLE_FLAG_FORWARD_PATH_INITIATOR | IPSEC_SA_BUNDLE_FLAG_NLB |
                 IPSEC_SA_BUNDLE_FLAG_GUARANTEE_ENCRYPTION;
    b.b0.pfsGroup = IPSEC_PFS_24;
    IPSEC_ID0 id;
    memset(&id, 0, sizeof id);             /* numTokens 0 with NULL tokens is fine */
    b.b0.ipsecId = &id;
    IPSEC_KEYMODULE_STATE0 kms;
    memset(&kms, 0, sizeof kms);           /* empty blob with NULL data is fine */
    b.b0.keyModuleState = &kms;
    b.auth[0].authKey.size = 1;            /* 1..64 bytes, not tied to the algorithm */
    assert_ok(IPsecSaContextAddInbound0(g_h, c.id, &b.b0));
    assert_ok(IPsecSaContextDeleteById0(g_h, c.id));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_null_traffic_or_null_id_is_null_pointer),
        cmocka_unit_test(create_with_out_of_range_ip_version_is_invalid_enumerator),
        cmocka_unit_test(create_with_ip_version_none_is_invalid_parameter),
        cmocka_unit_test(create_with_out_of_range_traffic_type_is_invalid_enumerator),
        cmocka_unit_test(create_with_unknown_or_zero_filter_is_filter_not_found),
        cmocka_unit_test(create_with_filter_at_wrong_layer_is_incompatible_layer),
        cmocka_unit_test(create_checks_structure_before_filter_lookup),
        cmocka_unit_test(get_spi_null_arguments_are_null_pointer),
        cmocka_unit_test(get_spi_unknown_context_is_not_found),
        cmocka_unit_test(get_spi_out_of_range_ip_version_is_invalid_enumerator),
        cmocka_unit_test(get_spi_inbound_traffic_is_validated),
        cmocka_unit_test(get_spi_with_other_ip_version_than_context_is_traffic_mismatch),
        cmocka_unit_test(set_spi_below_256_beats_state_and_uniqueness),
        cmocka_unit_test(add_inbound_null_bundle_is_null_pointer),
        cmocka_unit_test(bundle_unknown_flag_bits_are_invalid_flags),
        cmocka_unit_test(bundle_with_zero_sas_is_zero_length_array),
        cmocka_unit_test(bundle_with_more_than_two_sas_is_invalid_parameter),
        cmocka_unit_test(bundle_with_null_sa_list_is_null_pointer),
        cmocka_unit_test(sa_transform_type_out_of_range_is_invalid_enumerator),
        cmocka_unit_test(sa_information_pointer_null_is_null_pointer),
        cmocka_unit_test(auth_type_out_of_range_is_invalid_enumerator),
        cmocka_unit_test(auth_config_not_partner_of_auth_type_is_invalid_auth_transform),
        cmocka_unit_test(cipher_type_out_of_range_is_invalid_enumerator),
        cmocka_unit_test(cipher_config_not_partner_is_invalid_cipher_transform),
        cmocka_unit_test(every_documented_transform_pair_is_accepted),
        cmocka_unit_test(crypto_module_id_is_reserved),
        cmocka_unit_test(key_size_zero_or_above_64_is_invalid_parameter),
        cmocka_unit_test(key_data_null_is_null_pointer),
        cmocka_unit_test(two_sas_must_be_esp_then_ah),
        cmocka_unit_test(ipsec_id_errors),
        cmocka_unit_test(key_module_state_blob_without_data_is_null_pointer),
        cmocka_unit_test(bundle_ip_version_or_pfs_group_out_of_range_is_invalid_enumerator),
        cmocka_unit_test(inbound_spi_other_than_context_spi_is_invalid_parameter),
        cmocka_unit_test(outbound_spi_below_256_or_other_qm_sa_id_is_invalid_parameter),
        cmocka_unit_test(validation_runs_in_declaration_order),
        cmocka_unit_test(structure_errors_come_before_lookup_and_state),
        cmocka_unit_test(failed_add_inbound_leaves_the_context_unchanged),
        cmocka_unit_test(optional_fields_valid_values_are_accepted),
    };
    return cmocka_run_group_tests_name("sa_context_errors", tests, setup, teardown);
}
