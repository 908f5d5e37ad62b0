/*
 * engine_pages — the "real results" half of the golden corpus: drives the
 * library through a varied set of objects (v4 and v6, transport and tunnel,
 * every SA transform, UDP encapsulation, filters with several condition
 * types, sessions, statistics) and prints every result the shims return as
 * one line "page HEX".  The other half (every structure, every union arm) is
 * written by make_corpus.py from the schema.
 */
#include "fixtures.h"
#include "fwpk_shims.h"

#include <stdio.h>
#include <stdlib.h>

static void emit(const fwpk_buf *b)
{
    printf("page ");
    for (size_t i = 0; i < b->len; ++i) printf("%02x", b->data[i]);
    printf("\n");
}

static void must(int32_t st, const char *what)
{
    if (st != 0) {
        fprintf(stderr, "engine_pages: %s failed: 0x%08x\n", what, (unsigned)st);
        exit(1);
    }
}

#define ENUM_ALL(create_fn, enum_fn, destroy_fn)                                                   \
    do {                                                                                           \
        uint64_t e = 0;                                                                            \
        uint32_t n = 0;                                                                            \
        must(create_fn(eh, NULL, 0, &e), #create_fn);                                              \
        must(enum_fn(eh, e, 1000, &b, &n), #enum_fn);                                              \
        emit(&b);                                                                                  \
        must(destroy_fn(eh, e), #destroy_fn);                                                      \
    } while (0)

int main(void)
{
    fx_set_expire_delay_ms(60000);
    HANDLE h = fx_open();
    uint64_t eh = (uint64_t)(uintptr_t)h;
    fwpk_buf b;
    fwpk_buf_init(&b);

    static const fx_kind kinds[] = { FX_AH, FX_ESP_AUTH, FX_ESP_CIPHER, FX_ESP_AUTH_AND_CIPHER,
                                     FX_ESP_AUTH_FW, FX_ESP_AND_AH };
    fx_ctx ctx[12];
    for (int i = 0; i < 12; ++i) {
        FWP_IP_VERSION v = (i % 2) ? FWP_IP_VERSION_V6 : FWP_IP_VERSION_V4;
        fx_ctx_create(h, v, &ctx[i]);
        if (i % 3 == 2) continue; /* created only: no SA yet */
        fx_ctx_getspi(&ctx[i]);
        fx_ctx_add_inbound(&ctx[i], kinds[i % 6]);
        if (i % 4 != 1) fx_ctx_add_outbound(&ctx[i], kinds[(i + 3) % 6]);
    }
    /* one context with UDP encapsulation, keying-module state and an IPsec id */
    {
        fx_ctx c;
        fx_ctx_create(h, FWP_IP_VERSION_V4, &c);
        IPSEC_V4_UDP_ENCAPSULATION0 udp = { 4500, 4501 };
        IPSEC_GETSPI1 gs = fx_getspi1(&c);
        gs.inboundUdpEncapsulation = &udp;
        IPSEC_SA_SPI spi = 0;
        must(IPsecSaContextGetSpi1(h, c.id, &gs, &spi), "GetSpi1");
        fx_bundle fb;
        fx_bundle_init(&fb, FX_ESP_AUTH_AND_CIPHER, spi, 7, FWP_IP_VERSION_V4);
        IPSEC_TOKEN0 tok = { IPSEC_TOKEN_TYPE_MACHINE, IPSEC_TOKEN_PRINCIPAL_LOCAL, IPSEC_TOKEN_MODE_MAIN, 42 };
        IPSEC_ID0 id = { L"mm.example", L"em-\u00e9", 1, &tok, 9, 0 };
        UINT8 state[3] = { 1, 2, 3 };
        IPSEC_KEYMODULE_STATE0 km = { fx_random_guid(), { 3, state } };
        fb.b1.ipsecId = &id;
        fb.b1.keyModuleState = &km;
        fb.b1.saLookupContext = fx_random_guid();
        must(IPsecSaContextAddInbound1(h, c.id, &fb.b1), "AddInbound1");
    }

    ENUM_ALL(fwpkx_IPsecSaContextCreateEnumHandle0, fwpkx_IPsecSaContextEnum1, fwpkx_IPsecSaContextDestroyEnumHandle0);
    ENUM_ALL(fwpkx_IPsecSaContextCreateEnumHandle0, fwpkx_IPsecSaContextEnum0, fwpkx_IPsecSaContextDestroyEnumHandle0);
    ENUM_ALL(fwpkx_IPsecSaCreateEnumHandle0, fwpkx_IPsecSaEnum1, fwpkx_IPsecSaDestroyEnumHandle0);
    ENUM_ALL(fwpkx_IPsecSaCreateEnumHandle0, fwpkx_IPsecSaEnum0, fwpkx_IPsecSaDestroyEnumHandle0);
    ENUM_ALL(fwpkx_FwpmFilterCreateEnumHandle0, fwpkx_FwpmFilterEnum0, fwpkx_FwpmFilterDestroyEnumHandle0);
    ENUM_ALL(fwpkx_FwpmSessionCreateEnumHandle0, fwpkx_FwpmSessionEnum0, fwpkx_FwpmSessionDestroyEnumHandle0);
    for (int i = 0; i < 3; ++i) {
        must(fwpkx_IPsecSaContextGetById1(eh, ctx[i].id, &b), "GetById1");
        emit(&b);
        must(fwpkx_IPsecSaContextGetById0(eh, ctx[i].id, &b), "GetById0");
        emit(&b);
        must(fwpkx_FwpmFilterGetById0(eh, ctx[i].outFilter, &b), "FilterGetById0");
        emit(&b);
    }
    must(fwpkx_IPsecGetStatistics1(eh, &b), "GetStatistics1");
    emit(&b);
    must(fwpkx_IPsecGetStatistics0(eh, &b), "GetStatistics0");
    emit(&b);
    /* an empty page */
    {
        uint64_t e = 0;
        uint32_t n = 0;
        IPSEC_SA_ENUM_TEMPLATE0 t = { FWP_DIRECTION_OUTBOUND };
        (void)t;
        must(fwpkx_IPsecSaCreateEnumHandle0(eh, NULL, 0, &e), "create");
        must(fwpkx_IPsecSaEnum1(eh, e, 0, &b, &n), "enum0");
        emit(&b);
        must(fwpkx_IPsecSaDestroyEnumHandle0(eh, e), "destroy");
    }
    fwpk_buf_free(&b);
    fx_close(h);
    return 0;
}
