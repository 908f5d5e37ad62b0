/* test_provider_contexts.c — FwpmProviderContextAdd0-3, DeleteById0/ByKey0,
 * GetById0-3/GetByKey0-3, CreateEnumHandle0, Enum0-3, DestroyEnumHandle0:
 * contents kept intact, versions, documented errors, filters that name a
 * context, dynamic sessions, transactions and enumeration snapshots.  (Every
 * context type and union arm is round-tripped by tests/golden's
 * provider-context-corpus.) */
#include "fixtures.h"

static GUID key_mods[2];
static UINT8 blob_bytes[5] = {1, 2, 3, 4, 5};

static void keying_init(FWPM_PROVIDER_CONTEXT0 *c, IPSEC_KEYING_POLICY0 *kp)
{
    memset(c, 0, sizeof *c);
    key_mods[0] = fx_random_guid();
    key_mods[1] = fx_random_guid();
    kp->numKeyMods = 2;
    kp->keyModKeys = key_mods;
    c->displayData.name = L"keying ✓";
    c->displayData.description = L"two key modules";
    c->providerData.size = sizeof blob_bytes;
    c->providerData.data = blob_bytes;
    c->type = FWPM_IPSEC_KEYING_CONTEXT;
    c->keyingPolicy = kp;
}

static FWP_BYTE_BLOB general_blob = {sizeof blob_bytes, blob_bytes};

static void general_init3(FWPM_PROVIDER_CONTEXT3 *c, FWPM_PROVIDER_CONTEXT_TYPE type)
{
    memset(c, 0, sizeof *c);
    c->displayData.name = L"general";
    c->type = type;
    c->dataBuffer = &general_blob; /* every arm is a pointer; the tests below only need one */
}

static UINT64 add_general(HANDLE h, GUID *key)
{
    FWPM_PROVIDER_CONTEXT3 c;
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    if (key) c.providerContextKey = *key;
    UINT64 id = 0;
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, &id));
    assert_true(id != 0);
    return id;
}

static bool context_exists(HANDLE h, UINT64 id)
{
    FWPM_PROVIDER_CONTEXT3 *c = NULL;
    NTSTATUS s = FwpmProviderContextGetById3(h, id, &c);
    if (s == STATUS_SUCCESS) {
        assert_int_equal(c->providerContextId, id);
        FwpmFreeMemory0((void **)&c);
        return true;
    }
    assert_status(s, FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_null(c);
    return false;
}

static GUID context_key(HANDLE h, UINT64 id)
{
    FWPM_PROVIDER_CONTEXT3 *c = NULL;
    assert_ok(FwpmProviderContextGetById3(h, id, &c));
    GUID k = c->providerContextKey;
    FwpmFreeMemory0((void **)&c);
    return k;
}

/* A provider the contexts can name (FwpmProviderContextAdd requires one). */
static GUID new_provider(HANDLE h)
{
    FWPM_PROVIDER0 p;
    memset(&p, 0, sizeof p);
    p.providerKey = fx_random_guid();
    p.displayData.name = L"provider-context test";
    assert_ok(FwpmProviderAdd0(h, &p, NULL));
    return p.providerKey;
}

/* ---- Add / Get ------------------------------------------------------------ */

static void a_provider_key_must_name_a_provider(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT0 c;
    IPSEC_KEYING_POLICY0 kp;
    keying_init(&c, &kp);
    GUID unknown = fx_random_guid();
    c.providerKey = &unknown;
    UINT64 id = 0;
    assert_status(FwpmProviderContextAdd0(h, &c, NULL, &id), FWP_E_PROVIDER_NOT_FOUND);
    assert_int_equal(id, 0);
    /* a persistent context cannot name a provider of a dynamic session */
    HANDLE d = fx_open_dynamic();
    GUID dyn = new_provider(d);
    c.providerKey = &dyn;
    c.flags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT;
    assert_status(FwpmProviderContextAdd0(h, &c, NULL, &id), FWP_E_LIFETIME_MISMATCH);
    fx_close(d);
    fx_close(h);
}

static void added_keying_context_is_returned_intact_by_id_and_by_key(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT0 c;
    IPSEC_KEYING_POLICY0 kp;
    keying_init(&c, &kp);
    GUID provider = new_provider(h);
    c.providerKey = &provider;
    c.providerContextKey = fx_random_guid();
    UINT64 id = 0;
    assert_ok(FwpmProviderContextAdd0(h, &c, NULL, &id));
    assert_true(id != 0);

    FWPM_PROVIDER_CONTEXT0 *byId = NULL, *byKey = NULL;
    assert_ok(FwpmProviderContextGetById0(h, id, &byId));
    assert_ok(FwpmProviderContextGetByKey0(h, &c.providerContextKey, &byKey));
    FWPM_PROVIDER_CONTEXT0 *got[2] = {byId, byKey};
    for (int i = 0; i < 2; ++i) {
        FWPM_PROVIDER_CONTEXT0 *g = got[i];
        assert_true(fx_guid_eq(&g->providerContextKey, &c.providerContextKey));
        assert_int_equal(g->providerContextId, id);
        assert_true(wcscmp(g->displayData.name, L"keying ✓") == 0);
        assert_true(wcscmp(g->displayData.description, L"two key modules") == 0);
        assert_non_null(g->providerKey);
        assert_true(g->providerKey != &provider);
        assert_true(fx_guid_eq(g->providerKey, &provider));
        assert_int_equal(g->providerData.size, sizeof blob_bytes);
        assert_memory_equal(g->providerData.data, blob_bytes, sizeof blob_bytes);
        assert_int_equal(g->type, FWPM_IPSEC_KEYING_CONTEXT);
        assert_non_null(g->keyingPolicy);
        assert_int_equal(g->keyingPolicy->numKeyMods, 2);
        assert_true(g->keyingPolicy->keyModKeys != key_mods);
        assert_memory_equal(g->keyingPolicy->keyModKeys, key_mods, sizeof key_mods);
    }
    FwpmFreeMemory0((void **)&byId);
    FwpmFreeMemory0((void **)&byKey);
    assert_null(byId);
    fx_close(h);
}

static void add_with_zero_key_assigns_a_new_key_and_id_is_optional(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT3 c;
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL));
    UINT64 a = add_general(h, NULL), b = add_general(h, NULL);
    assert_true(a != b);
    GUID ka = context_key(h, a), kb = context_key(h, b);
    assert_false(fx_guid_is_zero(&ka));
    assert_false(fx_guid_eq(&ka, &kb));
    fx_close(h);
}

static void add_with_an_existing_key_is_already_exists(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    GUID k = fx_random_guid();
    add_general(h, &k);
    FWPM_PROVIDER_CONTEXT3 c;
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.providerContextKey = k;
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_ALREADY_EXISTS);
    FWPM_PROVIDER_CONTEXT0 c0;
    IPSEC_KEYING_POLICY0 kp;
    keying_init(&c0, &kp);
    c0.providerContextKey = k;
    assert_status(FwpmProviderContextAdd0(h, &c0, NULL, NULL), FWP_E_ALREADY_EXISTS);
    fx_close(h);
}

static void add_rejects_bad_input_with_the_documented_codes(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT3 c;
    UINT64 id = 77;
    assert_status(FwpmProviderContextAdd3(h, NULL, NULL, &id), FWP_E_NULL_POINTER);
    assert_int_equal(id, 77);
    assert_status(FwpmProviderContextAdd3(NULL, &c, NULL, NULL), STATUS_INVALID_HANDLE);

    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.displayData.name = NULL;
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_NULL_DISPLAY_NAME);

    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.flags = 0x100;
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_INVALID_FLAGS);
    c.flags = FWPM_PROVIDER_CONTEXT_FLAG_DOWNLEVEL; /* reserved for internal use */
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_INVALID_FLAGS);

    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.dataBuffer = NULL;
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_NULL_POINTER);

    general_init3(&c, FWPM_PROVIDER_CONTEXT_TYPE_MAX);
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_INVALID_ENUMERATOR);
    general_init3(&c, (FWPM_PROVIDER_CONTEXT_TYPE)0x7fffffff);
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_INVALID_ENUMERATOR);

    /* a count without its array, at the top and deep inside a policy */
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.providerData.size = 4;
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_NULL_POINTER);
    IPSEC_SA_TRANSFORM0 tr = {IPSEC_TRANSFORM_AH, {NULL}};
    IPSEC_PROPOSAL0 prop = {{3600, 100000, 0}, 2, NULL, IPSEC_PFS_NONE};
    IPSEC_TRANSPORT_POLICY2 tp;
    memset(&tp, 0, sizeof tp);
    tp.numIpsecProposals = 1;
    tp.ipsecProposals = &prop;
    general_init3(&c, FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT);
    c.ikeQmTransportPolicy = &tp;
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_NULL_POINTER);
    prop.numSaTransforms = 1;
    prop.saTransforms = &tr;
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL));
    fx_close(h);
}

/* Each version carries the types of its union (docs: FWPM_PROVIDER_CONTEXT0..3
 * list their arms); a newer type through an older Add is FWP_E_INVALID_ENUMERATOR. */
static void add_of_a_type_the_version_cannot_carry_is_invalid_enumerator(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT0 c0;
    memset(&c0, 0, sizeof c0);
    c0.displayData.name = L"v0";
    c0.dataBuffer = &general_blob;
    c0.type = FWPM_IPSEC_IKEV2_MM_CONTEXT;
    assert_status(FwpmProviderContextAdd0(h, &c0, NULL, NULL), FWP_E_INVALID_ENUMERATOR);
    c0.type = FWPM_GENERAL_CONTEXT;
    assert_ok(FwpmProviderContextAdd0(h, &c0, NULL, NULL));
    FWPM_PROVIDER_CONTEXT1 c1;
    memset(&c1, 0, sizeof c1);
    c1.displayData.name = L"v1";
    c1.dataBuffer = &general_blob;
    c1.type = FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT;
    assert_status(FwpmProviderContextAdd1(h, &c1, NULL, NULL), FWP_E_INVALID_ENUMERATOR);
    c1.type = FWPM_IPSEC_DOSP_CONTEXT;
    IPSEC_DOSP_OPTIONS0 dosp;
    memset(&dosp, 0, sizeof dosp);
    c1.idpOptions = &dosp;
    assert_ok(FwpmProviderContextAdd1(h, &c1, NULL, NULL));
    FWPM_PROVIDER_CONTEXT2 c2;
    memset(&c2, 0, sizeof c2);
    c2.displayData.name = L"v2";
    c2.dataBuffer = &general_blob;
    c2.type = FWPM_NETWORK_CONNECTION_POLICY_CONTEXT;
    assert_status(FwpmProviderContextAdd2(h, &c2, NULL, NULL), FWP_E_INVALID_ENUMERATOR);
    fx_close(h);
}

static void add_inside_a_read_only_transaction_is_incompatible_txn(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT3 c;
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_status(FwpmProviderContextAdd3(h, &c, NULL, NULL), FWP_E_INCOMPATIBLE_TXN);
    assert_ok(FwpmTransactionAbort0(h));
    UINT64 id = add_general(h, NULL);
    assert_ok(FwpmTransactionBegin0(h, FWPM_TXN_READ_ONLY));
    assert_status(FwpmProviderContextDeleteById0(h, id), FWP_E_INCOMPATIBLE_TXN);
    assert_true(context_exists(h, id)); /* reads are allowed */
    assert_ok(FwpmTransactionCommit0(h));
    fx_close(h);
}

static void get_errors_are_documented_and_leave_the_output_null(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    UINT64 id = add_general(h, NULL);
    FWPM_PROVIDER_CONTEXT2 *out = (FWPM_PROVIDER_CONTEXT2 *)&out;
    assert_status(FwpmProviderContextGetById2(h, id + 1000, &out), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_null(out);
    GUID unknown = fx_random_guid();
    out = (FWPM_PROVIDER_CONTEXT2 *)&out;
    assert_status(FwpmProviderContextGetByKey2(h, &unknown, &out), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_null(out);
    assert_status(FwpmProviderContextGetByKey2(h, NULL, &out), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderContextGetById2(h, id, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderContextGetById2(NULL, id, &out), STATUS_INVALID_HANDLE);
    assert_null(out);
    fx_close(h);
}

/* ---- versions ---------------------------------------------------------------- */

/* A version-0 quick-mode transport policy read through version 3: every member
 * both versions declare keeps its value (docs/decisions.md). */
static void v0_transport_policy_read_as_v3_keeps_its_proposals_and_key(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    IPSEC_AUTH_TRANSFORM0 ah = {{IPSEC_AUTH_SHA_256, IPSEC_AUTH_CONFIG_HMAC_SHA_256_128}, NULL};
    IPSEC_SA_TRANSFORM0 tr = {IPSEC_TRANSFORM_AH, {&ah}};
    IPSEC_PROPOSAL0 prop = {{3600, 100000, 0}, 1, &tr, IPSEC_PFS_2048};
    UINT8 psk[3] = {'k', 'e', 'y'};
    IKEEXT_AUTHENTICATION_METHOD0 am;
    memset(&am, 0, sizeof am);
    am.authenticationMethodType = IKEEXT_PRESHARED_KEY;
    am.presharedKeyAuthentication.presharedKey.size = 3;
    am.presharedKeyAuthentication.presharedKey.data = psk;
    IKEEXT_EM_POLICY0 em = {1, &am, IKEEXT_IMPERSONATION_SOCKET_PRINCIPAL};
    IPSEC_TRANSPORT_POLICY0 tp = {1, &prop, IPSEC_POLICY_FLAG_ND_SECURE, 30, {300, 60}, &em};
    FWPM_PROVIDER_CONTEXT0 c;
    memset(&c, 0, sizeof c);
    c.displayData.name = L"qm";
    c.type = FWPM_IPSEC_AUTHIP_QM_TRANSPORT_CONTEXT;
    c.authipQmTransportPolicy = &tp;
    UINT64 id = 0;
    assert_ok(FwpmProviderContextAdd0(h, &c, NULL, &id));
    FWPM_PROVIDER_CONTEXT3 *g = NULL;
    assert_ok(FwpmProviderContextGetById3(h, id, &g));
    assert_int_equal(g->type, FWPM_IPSEC_AUTHIP_QM_TRANSPORT_CONTEXT);
    const IPSEC_TRANSPORT_POLICY2 *p = g->authipQmTransportPolicy;
    assert_non_null(p);
    assert_int_equal(p->numIpsecProposals, 1);
    assert_int_equal(p->flags, IPSEC_POLICY_FLAG_ND_SECURE);
    assert_int_equal(p->ndAllowClearTimeoutSeconds, 30);
    assert_int_equal(p->saIdleTimeout.idleTimeoutSeconds, 300);
    assert_int_equal(p->saIdleTimeout.idleTimeoutSecondsFailOver, 60);
    assert_int_equal(p->ipsecProposals[0].lifetime.lifetimeSeconds, 3600);
    assert_int_equal(p->ipsecProposals[0].pfsGroup, IPSEC_PFS_2048);
    assert_int_equal(p->ipsecProposals[0].numSaTransforms, 1);
    assert_int_equal(p->ipsecProposals[0].saTransforms[0].ipsecTransformType, IPSEC_TRANSFORM_AH);
    assert_int_equal(p->ipsecProposals[0].saTransforms[0].ahTransform->authTransformId.authType, IPSEC_AUTH_SHA_256);
    assert_non_null(p->emPolicy);
    assert_int_equal(p->emPolicy->numAuthenticationMethods, 1);
    assert_int_equal(p->emPolicy->initiatorImpersonationType, IKEEXT_IMPERSONATION_SOCKET_PRINCIPAL);
    const IKEEXT_AUTHENTICATION_METHOD2 *m = &p->emPolicy->authenticationMethods[0];
    assert_int_equal(m->authenticationMethodType, IKEEXT_PRESHARED_KEY);
    assert_int_equal(m->presharedKeyAuthentication.presharedKey.size, 3);
    assert_memory_equal(m->presharedKeyAuthentication.presharedKey.data, psk, 3);
    assert_int_equal(m->presharedKeyAuthentication.flags, 0); /* a member version 0 lacks */
    FwpmFreeMemory0((void **)&g);
    fx_close(h);
}

static void context_of_a_newer_type_is_not_found_through_an_older_version(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_PROVIDER_CONTEXT3 c;
    IKEEXT_POLICY2 mm;
    memset(&mm, 0, sizeof mm);
    general_init3(&c, FWPM_IPSEC_IKEV2_MM_CONTEXT);
    c.ikeV2MmPolicy = &mm;
    c.providerContextKey = fx_random_guid();
    UINT64 id = 0;
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, &id));
    FWPM_PROVIDER_CONTEXT0 *g0 = NULL;
    assert_status(FwpmProviderContextGetById0(h, id, &g0), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_status(FwpmProviderContextGetByKey0(h, &c.providerContextKey, &g0), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_null(g0);
    FWPM_PROVIDER_CONTEXT1 *g1 = NULL;
    assert_ok(FwpmProviderContextGetById1(h, id, &g1));
    assert_non_null(g1->ikeV2MmPolicy);
    FwpmFreeMemory0((void **)&g1);
    fx_close(h);
}

/* ---- Delete ---------------------------------------------------------------- */

static void delete_by_id_and_by_key_remove_the_context(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    UINT64 a = add_general(h, NULL);
    GUID kb = fx_random_guid();
    UINT64 b = add_general(h, &kb);
    assert_ok(FwpmProviderContextDeleteById0(h, a));
    assert_ok(FwpmProviderContextDeleteByKey0(h, &kb));
    assert_false(context_exists(h, a));
    assert_false(context_exists(h, b));
    assert_status(FwpmProviderContextDeleteById0(h, a), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_status(FwpmProviderContextDeleteByKey0(h, &kb), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    assert_status(FwpmProviderContextDeleteByKey0(h, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderContextDeleteById0(NULL, a), STATUS_INVALID_HANDLE);
    /* the key may be used again */
    add_general(h, &kb);
    fx_close(h);
}

/* ---- filters that name a context ------------------------------------------------ */

static void filter_naming_an_unknown_context_is_provider_context_not_found(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_IPSEC_V4);
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = fx_random_guid();
    assert_status(FwpmFilterAdd0(h, &f, NULL, NULL), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    fx_close(h);
}

static void context_named_by_a_filter_is_in_use_until_the_filter_goes(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    GUID k = fx_random_guid();
    UINT64 cid = add_general(h, &k);
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_ALE_AUTH_CONNECT_V4);  /* a general context fits no IPSEC layer */
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = k;
    UINT64 fid = 0;
    assert_ok(FwpmFilterAdd0(h, &f, NULL, &fid));
    FWPM_FILTER0 *got = NULL;
    assert_ok(FwpmFilterGetById0(h, fid, &got));
    assert_true(fx_guid_eq(&got->providerContextKey, &k));
    FwpmFreeMemory0((void **)&got);
    assert_status(FwpmProviderContextDeleteById0(h, cid), FWP_E_IN_USE);
    assert_status(FwpmProviderContextDeleteByKey0(h, &k), FWP_E_IN_USE);
    assert_ok(FwpmFilterDeleteById0(h, fid));
    assert_ok(FwpmProviderContextDeleteById0(h, cid));
    fx_close(h);
}

/* ---- dynamic sessions --------------------------------------------------------- */

static void dynamic_session_contexts_are_deleted_when_it_closes(void **state)
{
    (void)state;
    HANDLE obs = fx_open(), dyn = fx_open_dynamic();
    GUID k = fx_random_guid();
    UINT64 id = add_general(dyn, &k);
    /* its own dynamic filter may name it ... */
    FWPM_FILTER0 f;
    fx_filter_init(&f, &FWPM_LAYER_ALE_AUTH_CONNECT_V4);  /* a general context fits no IPSEC layer */
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT;
    f.providerContextKey = k;
    assert_ok(FwpmFilterAdd0(dyn, &f, NULL, NULL));
    /* ... a static filter may not: it would outlive the context */
    assert_status(FwpmFilterAdd0(obs, &f, NULL, NULL), FWP_E_LIFETIME_MISMATCH);
    assert_true(context_exists(obs, id));
    fx_close(dyn);
    assert_false(context_exists(obs, id));
    add_general(obs, &k); /* the key is free again */
    fx_close(obs);
}

static void dynamic_session_rules_for_deleting_contexts(void **state)
{
    (void)state;
    HANDLE owner = fx_open_dynamic(), other = fx_open_dynamic(), stat = fx_open();
    UINT64 dynId = add_general(owner, NULL);
    UINT64 statId = add_general(stat, NULL);
    assert_status(FwpmProviderContextDeleteById0(other, dynId), FWP_E_WRONG_SESSION);
    assert_status(FwpmProviderContextDeleteById0(stat, dynId), FWP_E_WRONG_SESSION);
    assert_status(FwpmProviderContextDeleteById0(owner, statId), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    GUID sk = context_key(stat, statId);
    assert_status(FwpmProviderContextDeleteByKey0(owner, &sk), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    FWPM_PROVIDER_CONTEXT3 c;
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.flags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT;
    assert_status(FwpmProviderContextAdd3(owner, &c, NULL, NULL), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    assert_ok(FwpmProviderContextAdd3(stat, &c, NULL, NULL));
    assert_ok(FwpmProviderContextDeleteById0(owner, dynId));
    fx_close(other);
    fx_close(owner);
    fx_close(stat);
}

/* ---- transactions ------------------------------------------------------------- */

static void transaction_stages_adds_and_deletes_until_commit(void **state)
{
    (void)state;
    HANDLE h = fx_open(), obs = fx_open();
    UINT64 old = add_general(h, NULL);
    assert_ok(FwpmTransactionBegin0(h, 0));
    UINT64 neu = add_general(h, NULL);
    assert_ok(FwpmProviderContextDeleteById0(h, old));
    assert_true(context_exists(h, neu));
    assert_false(context_exists(h, old));
    assert_false(context_exists(obs, neu));
    assert_true(context_exists(obs, old));
    assert_ok(FwpmTransactionCommit0(h));
    assert_true(context_exists(obs, neu));
    assert_false(context_exists(obs, old));
    fx_close(obs);
    fx_close(h);
}

static void transaction_abort_discards_staged_contexts(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    UINT64 old = add_general(h, NULL);
    assert_ok(FwpmTransactionBegin0(h, 0));
    GUID k = fx_random_guid();
    UINT64 neu = add_general(h, &k);
    assert_ok(FwpmProviderContextDeleteById0(h, old));
    assert_ok(FwpmTransactionAbort0(h));
    assert_false(context_exists(h, neu));
    assert_true(context_exists(h, old));
    add_general(h, &k); /* the staged key was never taken */
    /* closing a session with an open transaction discards it too */
    assert_ok(FwpmTransactionBegin0(h, 0));
    UINT64 lost = add_general(h, NULL);
    fx_close(h);
    HANDLE obs = fx_open();
    assert_false(context_exists(obs, lost));
    fx_close(obs);
}

/* ---- enumeration -------------------------------------------------------------- */

static UINT32 enum_count3(HANDLE h, const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 *t, UINT32 page)
{
    HANDLE e = NULL;
    assert_ok(FwpmProviderContextCreateEnumHandle0(h, t, &e));
    UINT32 total = 0;
    for (;;) {
        FWPM_PROVIDER_CONTEXT3 **entries = NULL;
        UINT32 n = 0;
        assert_ok(FwpmProviderContextEnum3(h, e, page, &entries, &n));
        for (UINT32 i = 0; i < n; ++i) assert_non_null(entries[i]->displayData.name);
        total += n;
        FwpmFreeMemory0((void **)&entries);
        if (n < page) break;
    }
    assert_ok(FwpmProviderContextDestroyEnumHandle0(h, e));
    return total;
}

static void enum_template_selects_by_type_and_provider(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_ok(FwpmTransactionBegin0(h, 0)); /* a view of this test's contexts only */
    GUID provider = new_provider(h);
    UINT32 before_general;
    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 t = {NULL, FWPM_GENERAL_CONTEXT};
    before_general = enum_count3(h, &t, 7);
    UINT32 before_all = enum_count3(h, NULL, 7);
    FWPM_PROVIDER_CONTEXT3 c;
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.providerKey = &provider;
    for (int i = 0; i < 3; ++i) assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL));
    general_init3(&c, FWPM_CLASSIFY_OPTIONS_CONTEXT);
    FWPM_CLASSIFY_OPTIONS0 opts = {0, NULL};
    c.classifyOptions = &opts;
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL));
    assert_int_equal(enum_count3(h, &t, 2), before_general + 3);
    assert_int_equal(enum_count3(h, NULL, 1), before_all + 4);
    t.providerKey = &provider;
    assert_int_equal(enum_count3(h, &t, 100), 3);
    t.providerContextType = FWPM_CLASSIFY_OPTIONS_CONTEXT;
    assert_int_equal(enum_count3(h, &t, 100), 0);
    t.providerContextType = FWPM_PROVIDER_CONTEXT_TYPE_MAX;
    HANDLE e = (HANDLE)&e;
    assert_status(FwpmProviderContextCreateEnumHandle0(h, &t, &e), FWP_E_INVALID_ENUMERATOR);
    assert_null(e);
    assert_ok(FwpmTransactionAbort0(h));
    fx_close(h);
}

static void enumeration_is_a_snapshot_and_older_versions_skip_newer_types(void **state)
{
    (void)state;
    HANDLE h = fx_open();
    assert_ok(FwpmTransactionBegin0(h, 0));
    GUID provider = new_provider(h);
    FWPM_PROVIDER_CONTEXT3 c;
    IKEEXT_POLICY2 mm;
    memset(&mm, 0, sizeof mm);
    general_init3(&c, FWPM_IPSEC_IKEV2_MM_CONTEXT);
    c.providerKey = &provider;
    c.ikeV2MmPolicy = &mm;
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL));
    general_init3(&c, FWPM_GENERAL_CONTEXT);
    c.providerKey = &provider;
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL));
    HANDLE e0 = NULL, e3 = NULL;
    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 t = {&provider, FWPM_IPSEC_IKEV2_MM_CONTEXT};
    assert_ok(FwpmProviderContextCreateEnumHandle0(h, NULL, &e0));
    assert_ok(FwpmProviderContextCreateEnumHandle0(h, &t, &e3));
    assert_ok(FwpmProviderContextAdd3(h, &c, NULL, NULL)); /* after the snapshots */
    FWPM_PROVIDER_CONTEXT0 **p0 = NULL;
    UINT32 n0 = 0, total0 = 0, general0 = 0;
    do {
        assert_ok(FwpmProviderContextEnum0(h, e0, 1, &p0, &n0));
        for (UINT32 i = 0; i < n0; ++i) {
            assert_true(p0[i]->type <= FWPM_GENERAL_CONTEXT);
            if (p0[i]->providerKey && fx_guid_eq(p0[i]->providerKey, &provider)) ++general0;
        }
        total0 += n0;
        FwpmFreeMemory0((void **)&p0);
    } while (n0 == 1);
    assert_int_equal(general0, 1); /* the IKEv2 context is skipped, the later add unseen */
    FWPM_PROVIDER_CONTEXT3 **p3 = NULL;
    UINT32 n3 = 0;
    assert_ok(FwpmProviderContextEnum3(h, e3, 10, &p3, &n3));
    assert_int_equal(n3, 1);
    assert_int_equal(p3[0]->type, FWPM_IPSEC_IKEV2_MM_CONTEXT);
    FwpmFreeMemory0((void **)&p3);
    assert_ok(FwpmProviderContextEnum3(h, e3, 10, &p3, &n3));
    assert_int_equal(n3, 0);
    assert_null(p3);
    assert_ok(FwpmProviderContextDestroyEnumHandle0(h, e0));
    assert_ok(FwpmProviderContextDestroyEnumHandle0(h, e3));
    assert_ok(FwpmTransactionAbort0(h));
    (void)total0;
    fx_close(h);
}

static void enum_handle_errors_are_documented(void **state)
{
    (void)state;
    HANDLE h = fx_open(), other = fx_open();
    assert_status(FwpmProviderContextCreateEnumHandle0(h, NULL, NULL), FWP_E_NULL_POINTER);
    HANDLE e = NULL;
    assert_ok(FwpmProviderContextCreateEnumHandle0(h, NULL, &e));
    FWPM_PROVIDER_CONTEXT1 **p = NULL;
    UINT32 n = 5;
    assert_status(FwpmProviderContextEnum1(other, e, 1, &p, &n), STATUS_INVALID_HANDLE);
    assert_int_equal(n, 0);
    assert_status(FwpmProviderContextEnum1(h, e, 1, NULL, &n), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderContextEnum1(h, e, 1, &p, NULL), FWP_E_NULL_POINTER);
    assert_status(FwpmProviderContextEnum1(h, h, 1, &p, &n), STATUS_INVALID_HANDLE);
    assert_status(FwpmProviderContextDestroyEnumHandle0(other, e), STATUS_INVALID_HANDLE);
    assert_status(FwpmFilterDestroyEnumHandle0(h, e), STATUS_INVALID_HANDLE); /* wrong kind */
    assert_ok(FwpmProviderContextDestroyEnumHandle0(h, e));
    assert_status(FwpmProviderContextDestroyEnumHandle0(h, e), STATUS_INVALID_HANDLE);
    /* closing the session releases its enumerators */
    assert_ok(FwpmProviderContextCreateEnumHandle0(h, NULL, &e));
    fx_close(h);
    assert_status(FwpmProviderContextDestroyEnumHandle0(other, e), STATUS_INVALID_HANDLE);
    fx_close(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_provider_key_must_name_a_provider),
        cmocka_unit_test(added_keying_context_is_returned_intact_by_id_and_by_key),
        cmocka_unit_test(add_with_zero_key_assigns_a_new_key_and_id_is_optional),
        cmocka_unit_test(add_with_an_existing_key_is_already_exists),
        cmocka_unit_test(add_rejects_bad_input_with_the_documented_codes),
        cmocka_unit_test(add_of_a_type_the_version_cannot_carry_is_invalid_enumerator),
        cmocka_unit_test(add_inside_a_read_only_transaction_is_incompatible_txn),
        cmocka_unit_test(get_errors_are_documented_and_leave_the_output_null),
        cmocka_unit_test(v0_transport_policy_read_as_v3_keeps_its_proposals_and_key),
        cmocka_unit_test(context_of_a_newer_type_is_not_found_through_an_older_version),
        cmocka_unit_test(delete_by_id_and_by_key_remove_the_context),
        cmocka_unit_test(filter_naming_an_unknown_context_is_provider_context_not_found),
        cmocka_unit_test(context_named_by_a_filter_is_in_use_until_the_filter_goes),
        cmocka_unit_test(dynamic_session_contexts_are_deleted_when_it_closes),
        cmocka_unit_test(dynamic_session_rules_for_deleting_contexts),
        cmocka_unit_test(transaction_stages_adds_and_deletes_until_commit),
        cmocka_unit_test(transaction_abort_discards_staged_contexts),
        cmocka_unit_test(enum_template_selects_by_type_and_provider),
        cmocka_unit_test(enumeration_is_a_snapshot_and_older_versions_skip_newer_types),
        cmocka_unit_test(enum_handle_errors_are_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
