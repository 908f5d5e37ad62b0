/*
 * fixtures.h — shared helpers for the cmocka tests of libfwpkclnt.
 *
 * Include this header first in every test file: it pulls in the system
 * headers cmocka needs and the public API (fwpmk.h).
 *
 * The engine is process-wide and the tests of one file share it, so the
 * helpers never assume an empty store: every object a test checks is one the
 * test created (found by its ID), and addresses are unique per call
 * (fx_unique_v4_net / fx_unique_v6_net) so subnet templates only select the
 * calling test's SA contexts.
 */
#ifndef FWPK_TEST_FIXTURES_H
#define FWPK_TEST_FIXTURES_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "fwpmk.h"

/* ---- Assertions ------------------------------------------------------- */

/* Asserts that a call returned exactly `want`, printing both codes by name. */
#define assert_status(expr, want) \
    fx_assert_status_impl((NTSTATUS)(expr), (NTSTATUS)(want), #expr, __FILE__, __LINE__)
#define assert_ok(expr) assert_status((expr), STATUS_SUCCESS)

void fx_assert_status_impl(NTSTATUS got, NTSTATUS want, const char *expr,
                           const char *file, int line);

/* The name of a status code, from the test's own table (independent of the
 * library's FwpkStatusName, which is itself under test). */
const char *fx_status_str(NTSTATUS s);

/* Every status code the library is documented to return (docs/decisions.md),
 * with its expected symbolic name; terminated by a NULL name. */
typedef struct fx_status_name {
    NTSTATUS code;
    const char *name;
} fx_status_name;
extern const fx_status_name fx_library_status_codes[];

/* ---- GUIDs, time ---------------------------------------------------------- */

extern const GUID FX_ZERO_GUID;
GUID fx_random_guid(void);
bool fx_guid_eq(const GUID *a, const GUID *b);
bool fx_guid_is_zero(const GUID *g);

double fx_now_ms(void);          /* monotonic clock */
void fx_sleep_ms(unsigned ms);

/* Sets FWPKCLNT_EXPIRE_DELAY_MS for the next IPsecSaContextExpire0 calls. */
void fx_set_expire_delay_ms(unsigned ms);

/* ---- Sessions -------------------------------------------------------------- */

HANDLE fx_open(void);                                 /* static, default timeout */
HANDLE fx_open_dynamic(void);
HANDLE fx_open_timeout(UINT32 txnWaitTimeoutInMSec);  /* static */
HANDLE fx_open_session(UINT32 flags, UINT32 txnWaitTimeoutInMSec);
void fx_close(HANDLE h);                              /* asserts success */

/* The group fixture most suites share: one static session, opened before the
 * group's tests (fx_session_open) and closed after them (fx_session_close,
 * which fails the group if the close fails). */
extern HANDLE fx_session;
int fx_session_open(void **state);
int fx_session_close(void **state);

/* ---- Filters -------------------------------------------------------------- */

/* A valid filter at `layer` with a display name and no conditions.  At a
 * transport layer the action is CALLOUT_TERMINATING with the matching
 * built-in IPsec transport callout, elsewhere PERMIT. */
void fx_filter_init(FWPM_FILTER0 *f, const GUID *layer);
UINT64 fx_add_filter(HANDLE h, const GUID *layer);    /* asserts success, returns id */
bool fx_filter_exists(HANDLE h, UINT64 id);           /* FwpmFilterGetById0 == SUCCESS */

/* The IPsec transport callout whose layer is `layer`, or NULL. */
const GUID *fx_transport_callout_for(const GUID *layer);
const GUID *fx_transport_layer(FWP_DIRECTION dir, FWP_IP_VERSION v);

/* Enumerates with `tmpl` (may be NULL) in pages of `page` entries and stores
 * up to `max` filter IDs in `ids`; returns the total number enumerated.
 * Asserts the paging protocol (full pages until the last, shorter one). */
UINT32 fx_filter_enum_ids(HANDLE h, const FWPM_FILTER_ENUM_TEMPLATE0 *tmpl, UINT32 page,
                          UINT64 *ids, UINT32 max);
bool fx_ids_contain(const UINT64 *ids, UINT32 n, UINT64 id);

/* ---- Addresses and traffic ----------------------------------------------- */

#define FX_V4(a, b, c, d) \
    ((UINT32)(((UINT32)(a) << 24) | ((UINT32)(b) << 16) | ((UINT32)(c) << 8) | (UINT32)(d)))

/* A /24 network 10.x.y.0 (host order) never returned before in this process. */
UINT32 fx_unique_v4_net(void);
/* A /64 network fd00:fb:xxxx:yyyy:: never returned before in this process. */
void fx_unique_v6_net(UINT8 net[16]);
void fx_v6_host(UINT8 out[16], const UINT8 net[16], UINT8 host);

IPSEC_TRAFFIC1 fx_traffic1_v4(UINT32 local, UINT32 remote, UINT64 filterId);
IPSEC_TRAFFIC1 fx_traffic1_v6(const UINT8 local[16], const UINT8 remote[16], UINT64 filterId);
IPSEC_TRAFFIC0 fx_traffic0_from1(const IPSEC_TRAFFIC1 *t);

void fx_assert_traffic0_eq(const IPSEC_TRAFFIC0 *got, const IPSEC_TRAFFIC0 *want);
void fx_assert_traffic1_eq(const IPSEC_TRAFFIC1 *got, const IPSEC_TRAFFIC1 *want);

/* ---- SA bundles ---------------------------------------------------------- */

typedef enum fx_kind {
    FX_AH,                   /* AH, HMAC-SHA-256-128, 32-byte key */
    FX_ESP_AUTH,             /* ESP auth only, HMAC-SHA-1-96, 20-byte key */
    FX_ESP_CIPHER,           /* ESP cipher only, AES-128-CBC, 16-byte key */
    FX_ESP_AUTH_AND_CIPHER,  /* ESP AES-256-CBC (32) + HMAC-SHA-256-128 (32) */
    FX_ESP_AUTH_FW,          /* ESP auth FW, HMAC-SHA-1-96, 20-byte key */
    FX_ESP_AND_AH            /* saList[0] ESP auth+cipher, saList[1] AH */
} fx_kind;

/* Self-referential storage for one bundle: do not copy after fx_bundle_init. */
typedef struct fx_bundle {
    IPSEC_SA_BUNDLE0 b0;
    IPSEC_SA_BUNDLE1 b1;                    /* same contents, version 1 */
    IPSEC_SA0 sa[2];
    IPSEC_SA_AUTH_INFORMATION0 auth[2];     /* [0] ESP auth / AH, [1] AH of ESP+AH */
    IPSEC_SA_CIPHER_INFORMATION0 cipher;
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 authCipher;
    UINT8 authKey[2][32];
    UINT8 cipherKey[32];
} fx_bundle;

void fx_bundle_init(fx_bundle *b, fx_kind kind, IPSEC_SA_SPI spi, UINT32 qmSaId, FWP_IP_VERSION v);
/* Re-syncs b1 from b0 after a test edited b0 (flags, counts, ...). */
void fx_bundle_sync1(fx_bundle *b);

/* Deep comparison of a returned bundle with the one that was added. */
void fx_assert_bundle0_eq(const IPSEC_SA_BUNDLE0 *got, const IPSEC_SA_BUNDLE0 *want);
void fx_assert_bundle1_eq(const IPSEC_SA_BUNDLE1 *got, const IPSEC_SA_BUNDLE1 *want);

/* ---- SA contexts ----------------------------------------------------------- */

typedef struct fx_ctx {
    HANDLE h;
    FWP_IP_VERSION ver;
    UINT64 outFilter;       /* outbound transport filter (named by Create) */
    UINT64 inFilter;        /* inbound transport filter (named by GetSpi) */
    IPSEC_TRAFFIC1 out;     /* outbound traffic given to Create */
    IPSEC_TRAFFIC1 in;      /* inbound traffic given to GetSpi/SetSpi */
    UINT64 id;              /* SA context id */
    IPSEC_SA_SPI spi;       /* inbound SPI once assigned */
    IPSEC_SA_SPI outSpi;    /* outbound (peer) SPI used by fx_ctx_add_outbound */
    UINT32 qmSaId;
} fx_ctx;

/* Adds the two transport filters and creates the context with Create0
 * (unique addresses).  Everything asserted. */
void fx_ctx_create(HANDLE h, FWP_IP_VERSION v, fx_ctx *c);
/* Same with the caller's addresses (v4: host order). */
void fx_ctx_create_v4_addr(HANDLE h, UINT32 local, UINT32 remote, fx_ctx *c);
void fx_ctx_create_v6_addr(HANDLE h, const UINT8 local[16], const UINT8 remote[16], fx_ctx *c);
/* Only prepares filters/traffic; no Create call (c->id == 0). */
void fx_ctx_prepare(HANDLE h, FWP_IP_VERSION v, fx_ctx *c);

IPSEC_GETSPI0 fx_getspi0(const fx_ctx *c);
IPSEC_GETSPI1 fx_getspi1(const fx_ctx *c);

void fx_ctx_getspi(fx_ctx *c);                      /* GetSpi0, asserts spi >= 256 */
void fx_ctx_add_inbound(fx_ctx *c, fx_kind kind);   /* AddInbound0 */
void fx_ctx_add_outbound(fx_ctx *c, fx_kind kind);  /* AddOutbound0 */
/* Create → GetSpi → AddInbound → AddOutbound (ESP auth+cipher). */
void fx_ctx_complete(HANDLE h, FWP_IP_VERSION v, fx_ctx *c);
/* Create → GetSpi → AddInbound. */
void fx_ctx_inbound(HANDLE h, FWP_IP_VERSION v, fx_ctx *c);

bool fx_ctx_exists(HANDLE h, UINT64 id);
/* Polls GetById until FWP_E_NOT_FOUND; returns false on timeout. */
bool fx_wait_ctx_gone(HANDLE h, UINT64 id, unsigned timeout_ms);

/* Enumerates SA contexts with `tmpl` (may be NULL); stores up to `max` ids. */
UINT32 fx_ctx_enum_ids(HANDLE h, const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *tmpl, UINT32 page,
                       UINT64 *ids, UINT32 max);

/* ---- Tunnel policies ------------------------------------------------------- */

/* Adds a point-to-point IPsec tunnel (FwpmIPsecTunnelAdd0, quick mode only,
 * no conditions) of IP version v and returns its quick-mode context's id: a
 * tunnelPolicyId that tunnel-mode SA contexts may name. */
UINT64 fx_tunnel_policy(HANDLE h, FWP_IP_VERSION v);

#endif /* FWPK_TEST_FIXTURES_H */
