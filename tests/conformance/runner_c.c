/*
 * runner_c.c — the C conformance runner (see FORMAT.md).
 *
 *   runner_c <scenario-dir> <trace-out-dir> [<expected-dir> [<known-failures-file>]]
 *
 * One cmocka test per scenario.  Each test resets the engine, executes the
 * scenario through the C ABI, writes <trace-out-dir>/NAME.trace and, when an
 * expected dir is given, compares with it (honouring the known-failures list:
 * a listed scenario that passes fails as "stale known failure").
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <dirent.h>
#include <unistd.h>
#include <time.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "fwpmk.h"

#define EXPIRE_DELAY "500"
#define FORGED_HANDLE ((HANDLE)(uintptr_t)0x4242424242424242ull)

/* ------------------------------------------------------------------ utils */

typedef struct { char *s; size_t n, cap; } sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 256;
        while (c < b->n + n + 1) c *= 2;
        b->s = realloc(b->s, c);
        b->cap = c;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}
static void sb_puts(sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { sb_putn(b, tmp, (size_t)n); return; }
    char *big = malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_putn(b, big, (size_t)n);
    free(big);
}

/* Arena: every structure built for a scenario lives until its end. */
typedef struct arena_blk { struct arena_blk *next; } arena_blk;
static arena_blk *g_arena;
static void *A(size_t n)
{
    arena_blk *b = calloc(1, sizeof(arena_blk) + n + 16);
    if (!b) abort();
    b->next = g_arena;
    g_arena = b;
    return (char *)b + sizeof(arena_blk) + (16 - sizeof(arena_blk) % 16) % 16;
}
static void arena_free(void)
{
    while (g_arena) { arena_blk *n = g_arena->next; free(g_arena); g_arena = n; }
}
static char *Astrdup(const char *s) { char *p = A(strlen(s) + 1); strcpy(p, s); return p; }
static wchar_t *Awstr(const char *s)
{
    size_t n = strlen(s);
    wchar_t *w = A((n + 1) * sizeof(wchar_t));
    for (size_t i = 0; i < n; i++) w[i] = (wchar_t)(unsigned char)s[i];
    return w;
}

/* ----------------------------------------------------------- error jumping */

static jmp_buf g_err_jmp;
static char g_err_msg[256];
static void rerr(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_err_msg, sizeof g_err_msg, fmt, ap);
    va_end(ap);
    longjmp(g_err_jmp, 1);
}

/* ------------------------------------------------------------ name tables */

typedef struct { const char *name; uint64_t v; } nv;

static const nv T_IPV[] = {{"V4", 0}, {"V6", 1}, {"NONE", 2}, {0, 0}};
static const nv T_DIR[] = {{"OUT", 0}, {"IN", 1}, {0, 0}};
static const nv T_TTYPE[] = {{"TRANSPORT", 0}, {"TUNNEL", 1}, {0, 0}};
static const nv T_XFORM[] = {{"AH", 1}, {"ESP_AUTH", 2}, {"ESP_CIPHER", 3},
    {"ESP_AUTH_AND_CIPHER", 4}, {"ESP_AUTH_FW", 5}, {0, 0}};
static const nv T_AUTH[] = {{"MD5", 0}, {"SHA_1", 1}, {"SHA_256", 2}, {"AES_128", 3},
    {"AES_192", 4}, {"AES_256", 5}, {0, 0}};
static const nv T_AUTHCFG[] = {{"HMAC_MD5_96", 0}, {"HMAC_SHA_1_96", 1}, {"HMAC_SHA_256_128", 2},
    {"GCM_AES_128", 3}, {"GCM_AES_192", 4}, {"GCM_AES_256", 5}, {0, 0}};
static const nv T_CIPHER[] = {{"DES", 1}, {"3DES", 2}, {"AES_128", 3}, {"AES_192", 4},
    {"AES_256", 5}, {0, 0}};
static const nv T_CIPHERCFG[] = {{"CBC_DES", 1}, {"CBC_3DES", 2}, {"CBC_AES_128", 3},
    {"CBC_AES_192", 4}, {"CBC_AES_256", 5}, {"GCM_AES_128", 6}, {"GCM_AES_192", 7},
    {"GCM_AES_256", 8}, {0, 0}};
static const nv T_MATCH[] = {{"EQUAL", 0}, {"GREATER", 1}, {"LESS", 2}, {"GREATER_OR_EQUAL", 3},
    {"LESS_OR_EQUAL", 4}, {"RANGE", 5}, {"FLAGS_ALL_SET", 6}, {"FLAGS_ANY_SET", 7},
    {"FLAGS_NONE_SET", 8}, {"EQUAL_CASE_INSENSITIVE", 9}, {"NOT_EQUAL", 10}, {"PREFIX", 11},
    {"NOT_PREFIX", 12}, {0, 0}};
static const nv T_ACTION[] = {{"BLOCK", FWP_ACTION_BLOCK}, {"PERMIT", FWP_ACTION_PERMIT},
    {"CALLOUT_TERMINATING", FWP_ACTION_CALLOUT_TERMINATING},
    {"CALLOUT_INSPECTION", FWP_ACTION_CALLOUT_INSPECTION},
    {"CALLOUT_UNKNOWN", FWP_ACTION_CALLOUT_UNKNOWN}, {0, 0}};
static const nv T_ENUMTYPE[] = {{"FULLY_CONTAINED", 0}, {"OVERLAPPING", 1}, {0, 0}};

typedef struct { const char *name; const GUID *g; } ng;
static const ng T_LAYER[] = {
    {"INBOUND_TRANSPORT_V4", &FWPM_LAYER_INBOUND_TRANSPORT_V4},
    {"INBOUND_TRANSPORT_V6", &FWPM_LAYER_INBOUND_TRANSPORT_V6},
    {"OUTBOUND_TRANSPORT_V4", &FWPM_LAYER_OUTBOUND_TRANSPORT_V4},
    {"OUTBOUND_TRANSPORT_V6", &FWPM_LAYER_OUTBOUND_TRANSPORT_V6},
    {"IPSEC_V4", &FWPM_LAYER_IPSEC_V4}, {"IPSEC_V6", &FWPM_LAYER_IPSEC_V6},
    {"IKEEXT_V4", &FWPM_LAYER_IKEEXT_V4}, {"IKEEXT_V6", &FWPM_LAYER_IKEEXT_V6}, {0, 0}};
static const ng T_CALLOUT[] = {
    {"IPSEC_INBOUND_TRANSPORT_V4", &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4},
    {"IPSEC_INBOUND_TRANSPORT_V6", &FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6},
    {"IPSEC_OUTBOUND_TRANSPORT_V4", &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4},
    {"IPSEC_OUTBOUND_TRANSPORT_V6", &FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6},
    {"IPSEC_INBOUND_TUNNEL_V4", &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4},
    {"IPSEC_INBOUND_TUNNEL_V6", &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6},
    {"IPSEC_OUTBOUND_TUNNEL_V4", &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4},
    {"IPSEC_OUTBOUND_TUNNEL_V6", &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6}, {0, 0}};
static const ng T_FIELD[] = {
    {"local_addr", &FWPM_CONDITION_IP_LOCAL_ADDRESS},
    {"remote_addr", &FWPM_CONDITION_IP_REMOTE_ADDRESS},
    {"local_port", &FWPM_CONDITION_IP_LOCAL_PORT},
    {"remote_port", &FWPM_CONDITION_IP_REMOTE_PORT},
    {"protocol", &FWPM_CONDITION_IP_PROTOCOL}, {0, 0}};

/* ---------------------------------------------------------------- numbers */

static int parse_num_ok(const char *s, uint64_t *out)
{
    if (!*s) return 0;
    char *end;
    errno = 0;
    unsigned long long v;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) v = strtoull(s + 2, &end, 16);
    else {
        if (!isdigit((unsigned char)s[0])) return 0;
        v = strtoull(s, &end, 10);
    }
    if (errno || *end) return 0;
    *out = v;
    return 1;
}
static uint64_t num(const char *s)
{
    uint64_t v;
    if (!parse_num_ok(s, &v)) rerr("bad number '%s'", s);
    return v;
}
static uint64_t named(const nv *t, const char *s)
{
    for (; t->name; t++) if (!strcmp(t->name, s)) return t->v;
    return num(s);
}
static void print_named(sbuf *b, const nv *t, uint64_t v)
{
    for (; t->name; t++) if (t->v == v) { sb_puts(b, t->name); return; }
    sb_printf(b, "%llu", (unsigned long long)v);
}

static GUID parse_guid_body(const char *s)
{
    unsigned a, b2, c, d[8];
    GUID g;
    if (strlen(s) != 36 ||
        sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &a, &b2, &c, &d[0], &d[1], &d[2], &d[3],
               &d[4], &d[5], &d[6], &d[7]) != 11)
        rerr("bad guid '%s'", s);
    g.Data1 = a; g.Data2 = (uint16_t)b2; g.Data3 = (uint16_t)c;
    for (int i = 0; i < 8; i++) g.Data4[i] = (uint8_t)d[i];
    return g;
}
static GUID parse_guid(const char *s)
{
    if (!strcmp(s, "zero")) { GUID z; memset(&z, 0, sizeof z); return z; }
    if (strncmp(s, "guid:", 5)) rerr("bad guid '%s'", s);
    return parse_guid_body(s + 5);
}
static GUID guid_named(const ng *t, const char *s)
{
    for (; t->name; t++) if (!strcmp(t->name, s)) return *t->g;
    return parse_guid(s);
}

static uint32_t parse_v4(const char *s)
{
    struct in_addr a;
    if (inet_pton(AF_INET, s, &a) != 1) rerr("bad v4 '%s'", s);
    return ntohl(a.s_addr);
}
static void parse_v6(const char *s, uint8_t out[16])
{
    if (inet_pton(AF_INET6, s, out) != 1) rerr("bad v6 '%s'", s);
}
static uint32_t prefix_mask(unsigned p) { return p == 0 ? 0 : (uint32_t)(0xFFFFFFFFu << (32 - p)); }

static FWP_BYTE_BLOB parse_blob(const char *s)
{
    FWP_BYTE_BLOB b = {0, NULL};
    if (!strcmp(s, "empty")) return b;
    if (!strncmp(s, "null:", 5)) { b.size = (UINT32)num(s + 5); return b; }
    size_t n = strlen(s);
    if (n % 2) rerr("odd hex '%s'", s);
    b.size = (UINT32)(n / 2);
    b.data = A(n / 2 + 1);
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1 || !isxdigit((unsigned char)s[2 * i]) ||
            !isxdigit((unsigned char)s[2 * i + 1]))
            rerr("bad hex '%s'", s);
        b.data[i] = (UINT8)v;
    }
    return b;
}

/* ---------------------------------------------------------------- variables */

enum { VK_HANDLE = 1, VK_FILTER, VK_CTX, VK_SPI };
typedef struct { char name[64]; int kind; uint64_t val; } var_t;
static var_t g_vars[512];
static int g_nvars;

static var_t *var_find(const char *name)
{
    for (int i = 0; i < g_nvars; i++) if (!strcmp(g_vars[i].name, name)) return &g_vars[i];
    return NULL;
}
static void var_bind(const char *name, int kind, uint64_t v)
{
    var_t *x = var_find(name);
    if (!x) {
        if (g_nvars >= 512) rerr("too many variables");
        x = &g_vars[g_nvars++];
        snprintf(x->name, sizeof x->name, "%s", name);
    }
    x->kind = kind;
    x->val = v;
}
static uint64_t var_val(const char *s)
{
    var_t *x = var_find(s);
    if (!x) rerr("unbound %s", s);
    return x->val;
}
static uint64_t idval(const char *s) { return s[0] == '$' ? var_val(s) : num(s); }
static HANDLE hval(const char *s)
{
    if (!strcmp(s, "null")) return NULL;
    if (!strcmp(s, "forged")) return FORGED_HANDLE;
    if (s[0] != '$') rerr("bad handle '%s'", s);
    return (HANDLE)(uintptr_t)var_val(s);
}
static void print_id(sbuf *b, int kind, uint64_t v)
{
    if (v == 0) { sb_puts(b, "0"); return; }
    for (int i = 0; i < g_nvars; i++)
        if (g_vars[i].kind == kind && g_vars[i].val == v) { sb_puts(b, g_vars[i].name); return; }
    if (kind == VK_SPI) sb_printf(b, "%llu", (unsigned long long)v);
    else sb_puts(b, "?");
}

/* GUID literals of the scenario. */
static GUID g_lits[256];
static int g_nlits;
static void print_guid_raw(sbuf *b, const GUID *g)
{
    sb_printf(b, "guid:%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g->Data1, g->Data2, g->Data3,
              g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6],
              g->Data4[7]);
}
static void print_key(sbuf *b, const GUID *g)
{
    static const GUID zero;
    if (!memcmp(g, &zero, sizeof zero)) { sb_puts(b, "zero"); return; }
    for (int i = 0; i < g_nlits; i++)
        if (!memcmp(&g_lits[i], g, sizeof *g)) { print_guid_raw(b, g); return; }
    sb_puts(b, "gen");
}
static void print_guid_named(sbuf *b, const ng *t, const GUID *g)
{
    for (; t->name; t++) if (!memcmp(t->g, g, sizeof *g)) { sb_puts(b, t->name); return; }
    print_key(b, g);
}

/* ---------------------------------------------------------------- args */

typedef struct { int n; char *k[64]; char *v[64]; int used[64]; } args_t;

static const char *arg(args_t *a, const char *k)
{
    for (int i = 0; i < a->n; i++) if (!strcmp(a->k[i], k)) { a->used[i] = 1; return a->v[i]; }
    return NULL;
}
static const char *arg_req(args_t *a, const char *k)
{
    const char *v = arg(a, k);
    if (!v) rerr("missing %s=", k);
    return v;
}
static int arg_is(args_t *a, const char *k, const char *val)
{
    const char *v = arg(a, k);
    return v && !strcmp(v, val);
}
static void args_check_used(args_t *a)
{
    for (int i = 0; i < a->n; i++) if (!a->used[i]) rerr("unknown key %s", a->k[i]);
}

/* ---------------------------------------------------------------- declarations */

enum { D_COND = 1, D_FILTER, D_FTMPL, D_TRAFFIC, D_GETSPI, D_SA, D_BUNDLE, D_DETAILS, D_CTXVAL, D_CTMPL };
typedef struct { char name[64]; int kind; void *p; } decl_t;
static decl_t g_decls[512];
static int g_ndecls;

static void decl_put(const char *name, int kind, void *p)
{
    for (int i = 0; i < g_ndecls; i++)
        if (!strcmp(g_decls[i].name, name)) { g_decls[i].kind = kind; g_decls[i].p = p; return; }
    if (g_ndecls >= 512) rerr("too many declarations");
    snprintf(g_decls[g_ndecls].name, 64, "%s", name);
    g_decls[g_ndecls].kind = kind;
    g_decls[g_ndecls].p = p;
    g_ndecls++;
}
static void *decl_get(const char *name, int kind)
{
    for (int i = 0; i < g_ndecls; i++)
        if (!strcmp(g_decls[i].name, name)) {
            if (g_decls[i].kind != kind) rerr("declaration %s has wrong kind", name);
            return g_decls[i].p;
        }
    rerr("unknown declaration %s", name);
    return NULL;
}
/* NULL when the value is "null" */
static void *decl_opt(const char *v, int kind) { return !v || !strcmp(v, "null") ? NULL : decl_get(v, kind); }

/* Condition values: FWP_CONDITION_VALUE0 (FWP_VALUE0 shares the layout of its
 * type and first 8 union bytes). */
static void parse_value0(const char *s, FWP_VALUE0 *out);

static void parse_cvalue(const char *s, FWP_CONDITION_VALUE0 *cv)
{
    memset(cv, 0, sizeof *cv);
    if (!strcmp(s, "empty")) { cv->type = FWP_EMPTY; return; }
    const char *colon = strchr(s, ':');
    if (!colon) rerr("bad value '%s'", s);
    size_t kl = (size_t)(colon - s);
    char kind[32];
    if (kl >= sizeof kind) rerr("bad value '%s'", s);
    memcpy(kind, s, kl);
    kind[kl] = 0;
    const char *v = colon + 1;
    if (!strcmp(kind, "u8")) { cv->type = FWP_UINT8; cv->uint8 = (UINT8)num(v); }
    else if (!strcmp(kind, "u16")) { cv->type = FWP_UINT16; cv->uint16 = (UINT16)num(v); }
    else if (!strcmp(kind, "u32")) { cv->type = FWP_UINT32; cv->uint32 = (UINT32)num(v); }
    else if (!strcmp(kind, "u64")) { cv->type = FWP_UINT64; cv->uint64 = A(8); *cv->uint64 = num(v); }
    else if (!strcmp(kind, "v4")) { cv->type = FWP_UINT32; cv->uint32 = parse_v4(v); }
    else if (!strcmp(kind, "v6")) { cv->type = FWP_BYTE_ARRAY16_TYPE; cv->byteArray16 = A(16); parse_v6(v, cv->byteArray16->byteArray16); }
    else if (!strcmp(kind, "v4mask") || !strcmp(kind, "v6mask")) {
        const char *sl = strrchr(v, '/');
        if (!sl) rerr("bad mask '%s'", s);
        char addr[64];
        if ((size_t)(sl - v) >= sizeof addr) rerr("bad mask '%s'", s);
        memcpy(addr, v, (size_t)(sl - v));
        addr[sl - v] = 0;
        if (kind[1] == '4') {
            cv->type = FWP_V4_ADDR_MASK;
            cv->v4AddrMask = A(sizeof(FWP_V4_ADDR_AND_MASK));
            cv->v4AddrMask->addr = parse_v4(addr);
            if (strchr(sl + 1, '.')) cv->v4AddrMask->mask = parse_v4(sl + 1);
            else {
                uint64_t p = num(sl + 1);
                if (p > 32) rerr("bad prefix '%s'", s);
                cv->v4AddrMask->mask = prefix_mask((unsigned)p);
            }
        } else {
            cv->type = FWP_V6_ADDR_MASK;
            cv->v6AddrMask = A(sizeof(FWP_V6_ADDR_AND_MASK));
            parse_v6(addr, cv->v6AddrMask->addr);
            cv->v6AddrMask->prefixLength = (UINT8)num(sl + 1);
        }
    } else if (!strcmp(kind, "range")) {
        const char *dd = strstr(v, "..");
        if (!dd) rerr("bad range '%s'", s);
        char lo[64];
        if ((size_t)(dd - v) >= sizeof lo) rerr("bad range '%s'", s);
        memcpy(lo, v, (size_t)(dd - v));
        lo[dd - v] = 0;
        cv->type = FWP_RANGE_TYPE;
        cv->rangeValue = A(sizeof(FWP_RANGE0));
        parse_value0(lo, &cv->rangeValue->valueLow);
        parse_value0(dd + 2, &cv->rangeValue->valueHigh);
    } else if (!strcmp(kind, "null")) {
        if (!strcmp(v, "u64")) cv->type = FWP_UINT64;
        else if (!strcmp(v, "v6")) cv->type = FWP_BYTE_ARRAY16_TYPE;
        else if (!strcmp(v, "v4mask")) cv->type = FWP_V4_ADDR_MASK;
        else if (!strcmp(v, "v6mask")) cv->type = FWP_V6_ADDR_MASK;
        else if (!strcmp(v, "range")) cv->type = FWP_RANGE_TYPE;
        else rerr("bad null kind '%s'", s);
    } else if (!strcmp(kind, "type")) {
        cv->type = (FWP_DATA_TYPE)num(v);
    } else rerr("bad value kind '%s'", s);
}
static void parse_value0(const char *s, FWP_VALUE0 *out)
{
    FWP_CONDITION_VALUE0 cv;
    parse_cvalue(s, &cv);
    memset(out, 0, sizeof *out);
    out->type = cv.type;
    memcpy((char *)out + offsetof(FWP_VALUE0, uint64), (char *)&cv + offsetof(FWP_CONDITION_VALUE0, uint64),
           sizeof(void *));
}

static void print_v4(sbuf *b, uint32_t a)
{
    sb_printf(b, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}
static void print_hex(sbuf *b, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) sb_printf(b, "%02x", p[i]);
}
static void print_blob(sbuf *b, const FWP_BYTE_BLOB *bl)
{
    if (bl->size == 0) { sb_puts(b, "empty"); return; }
    if (!bl->data) { sb_printf(b, "null:%u", bl->size); return; }
    print_hex(b, bl->data, bl->size);
}
static void print_value0(sbuf *b, const FWP_VALUE0 *v, int is_addr);
static void print_cvalue(sbuf *b, const FWP_CONDITION_VALUE0 *cv, int is_addr)
{
    switch ((int)cv->type) {
    case FWP_EMPTY: sb_puts(b, "empty"); return;
    case FWP_UINT8: sb_printf(b, "u8:%u", cv->uint8); return;
    case FWP_UINT16: sb_printf(b, "u16:%u", cv->uint16); return;
    case FWP_UINT32:
        if (is_addr) { sb_puts(b, "v4:"); print_v4(b, cv->uint32); }
        else sb_printf(b, "u32:%u", cv->uint32);
        return;
    case FWP_UINT64:
        if (!cv->uint64) sb_puts(b, "null:u64");
        else sb_printf(b, "u64:%llu", (unsigned long long)*cv->uint64);
        return;
    case FWP_BYTE_ARRAY16_TYPE:
        if (!cv->byteArray16) sb_puts(b, "null:v6");
        else { sb_puts(b, "v6:"); print_hex(b, cv->byteArray16->byteArray16, 16); }
        return;
    case FWP_V4_ADDR_MASK:
        if (!cv->v4AddrMask) { sb_puts(b, "null:v4mask"); return; }
        sb_puts(b, "v4mask:");
        print_v4(b, cv->v4AddrMask->addr);
        sb_puts(b, "/");
        print_v4(b, cv->v4AddrMask->mask);
        return;
    case FWP_V6_ADDR_MASK:
        if (!cv->v6AddrMask) { sb_puts(b, "null:v6mask"); return; }
        sb_puts(b, "v6mask:");
        print_hex(b, cv->v6AddrMask->addr, 16);
        sb_printf(b, "/%u", cv->v6AddrMask->prefixLength);
        return;
    case FWP_RANGE_TYPE:
        if (!cv->rangeValue) { sb_puts(b, "null:range"); return; }
        sb_puts(b, "range:");
        print_value0(b, &cv->rangeValue->valueLow, is_addr);
        sb_puts(b, "..");
        print_value0(b, &cv->rangeValue->valueHigh, is_addr);
        return;
    default: sb_printf(b, "type:%u", (unsigned)cv->type); return;
    }
}
/* Range bounds print like condition values of the same field. */
static void print_value0(sbuf *b, const FWP_VALUE0 *v, int is_addr)
{
    FWP_CONDITION_VALUE0 cv;
    memset(&cv, 0, sizeof cv);
    cv.type = v->type;
    memcpy((char *)&cv + offsetof(FWP_CONDITION_VALUE0, uint64), (const char *)v + offsetof(FWP_VALUE0, uint64),
           sizeof(void *));
    if (cv.type > FWP_SINGLE_DATA_TYPE_MAX) { sb_printf(b, "type:%u", (unsigned)cv.type); return; }
    print_cvalue(b, &cv, is_addr);
}

/* Declarations builders */
static FWPM_FILTER_CONDITION0 *build_conds(args_t *a, UINT32 *count)
{
    const char *c = arg(a, "conds");
    const char *nc = arg(a, "ncond");
    FWPM_FILTER_CONDITION0 *arr = NULL;
    UINT32 n = 0;
    if (c && strcmp(c, "null") && strcmp(c, "none")) {
        char *tmp = Astrdup(c), *save = NULL;
        FWPM_FILTER_CONDITION0 *tmparr[64];
        for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (n >= 64) rerr("too many conds");
            tmparr[n++] = decl_get(t, D_COND);
        }
        arr = A(sizeof(FWPM_FILTER_CONDITION0) * (n ? n : 1));
        for (UINT32 i = 0; i < n; i++) arr[i] = *tmparr[i];
    }
    if (nc) n = (UINT32)num(nc);
    *count = n;
    return arr;
}

static void decl_cond(const char *name, args_t *a)
{
    FWPM_FILTER_CONDITION0 *c = A(sizeof *c);
    c->fieldKey = guid_named(T_FIELD, arg_req(a, "field"));
    c->matchType = (FWP_MATCH_TYPE)named(T_MATCH, arg_req(a, "match"));
    parse_cvalue(arg_req(a, "value"), &c->conditionValue);
    decl_put(name, D_COND, c);
}

static void decl_filter(const char *name, args_t *a)
{
    FWPM_FILTER0 *f = A(sizeof *f);
    const char *v;
    f->layerKey = guid_named(T_LAYER, arg_req(a, "layer"));
    f->action.type = (FWP_ACTION_TYPE)named(T_ACTION, arg_req(a, "action"));
    if ((v = arg(a, "callout"))) f->action.calloutKey = guid_named(T_CALLOUT, v);
    f->filterCondition = build_conds(a, &f->numFilterConditions);
    v = arg(a, "name");
    f->displayData.name = v ? (strcmp(v, "null") ? Awstr(v) : NULL) : Awstr(name);
    if ((v = arg(a, "flags"))) f->flags = (UINT32)num(v);
    f->weight.type = FWP_EMPTY;
    if ((v = arg(a, "weight"))) parse_value0(v, &f->weight);
    if ((v = arg(a, "key"))) f->filterKey = parse_guid(v);
    if ((v = arg(a, "sublayer"))) f->subLayerKey = !strcmp(v, "UNIVERSAL") ? FWPM_SUBLAYER_UNIVERSAL : parse_guid(v);
    if ((v = arg(a, "provider"))) { f->providerKey = A(sizeof(GUID)); *f->providerKey = parse_guid(v); }
    if ((v = arg(a, "pdata"))) f->providerData = parse_blob(v);
    if ((v = arg(a, "reserved"))) { if (strcmp(v, "set")) rerr("reserved=set"); f->reserved = A(sizeof(GUID)); }
    decl_put(name, D_FILTER, f);
}

static void decl_ftmpl(const char *name, args_t *a)
{
    FWPM_FILTER_ENUM_TEMPLATE0 *t = A(sizeof *t);
    const char *v;
    if ((v = arg(a, "layer"))) t->layerKey = guid_named(T_LAYER, v);
    t->enumType = FWP_FILTER_ENUM_FULLY_CONTAINED;
    if ((v = arg(a, "enumtype"))) t->enumType = (FWP_FILTER_ENUM_TYPE)named(T_ENUMTYPE, v);
    if ((v = arg(a, "flags"))) t->flags = (UINT32)num(v);
    t->filterCondition = build_conds(a, &t->numFilterConditions);
    t->actionMask = 0xFFFFFFFFu;
    if ((v = arg(a, "actionmask"))) t->actionMask = (UINT32)num(v);
    if ((v = arg(a, "callout"))) { t->calloutKey = A(sizeof(GUID)); *t->calloutKey = guid_named(T_CALLOUT, v); }
    if ((v = arg(a, "provider"))) { t->providerKey = A(sizeof(GUID)); *t->providerKey = parse_guid(v); }
    if ((v = arg(a, "pctx"))) { if (strcmp(v, "set")) rerr("pctx=set"); t->providerContextTemplate = A(sizeof(FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0)); }
    decl_put(name, D_FTMPL, t);
}

static void decl_traffic(const char *name, args_t *a)
{
    IPSEC_TRAFFIC1 *t = A(sizeof *t);
    const char *v;
    t->ipVersion = (FWP_IP_VERSION)named(T_IPV, arg_req(a, "v"));
    if ((v = arg(a, "type"))) t->trafficType = (IPSEC_TRAFFIC_TYPE)named(T_TTYPE, v);
    int v6 = t->ipVersion == FWP_IP_VERSION_V6;
    if ((v = arg(a, "local"))) { if (v6) parse_v6(v, t->localV6Address); else t->localV4Address = parse_v4(v); }
    if ((v = arg(a, "remote"))) { if (v6) parse_v6(v, t->remoteV6Address); else t->remoteV4Address = parse_v4(v); }
    if ((v = arg(a, "filter"))) t->ipsecFilterId = idval(v);
    if ((v = arg(a, "policy"))) t->tunnelPolicyId = idval(v);
    if ((v = arg(a, "rport"))) t->remotePort = (UINT16)num(v);
    if ((v = arg(a, "lport"))) t->localPort = (UINT16)num(v);
    if ((v = arg(a, "proto"))) t->ipProtocol = (UINT8)num(v);
    if ((v = arg(a, "luid"))) t->localIfLuid = num(v);
    if ((v = arg(a, "profile"))) t->realIfProfileId = (UINT32)num(v);
    decl_put(name, D_TRAFFIC, t);
}
static void traffic1_to_0(const IPSEC_TRAFFIC1 *t1, IPSEC_TRAFFIC0 *t0)
{
    memset(t0, 0, sizeof *t0);
    t0->ipVersion = t1->ipVersion;
    memcpy(t0->localV6Address, t1->localV6Address, 16);
    memcpy(t0->remoteV6Address, t1->remoteV6Address, 16);
    t0->trafficType = t1->trafficType;
    t0->ipsecFilterId = t1->ipsecFilterId;
    t0->remotePort = t1->remotePort;
}

static IPSEC_V4_UDP_ENCAPSULATION0 *parse_udp(const char *v)
{
    if (!v || !strcmp(v, "null")) return NULL;
    IPSEC_V4_UDP_ENCAPSULATION0 *u = A(sizeof *u);
    unsigned l, r;
    if (sscanf(v, "%u:%u", &l, &r) != 2) rerr("bad udp '%s'", v);
    u->localUdpEncapPort = (UINT16)l;
    u->remoteUdpEncapPort = (UINT16)r;
    return u;
}

static void decl_getspi(const char *name, args_t *a)
{
    IPSEC_GETSPI1 *g = A(sizeof *g);
    const char *v;
    IPSEC_TRAFFIC1 *t = decl_get(arg_req(a, "traffic"), D_TRAFFIC);
    g->inboundIpsecTraffic = *t;
    g->ipVersion = t->ipVersion;
    if ((v = arg(a, "v"))) g->ipVersion = (FWP_IP_VERSION)named(T_IPV, v);
    g->inboundUdpEncapsulation = parse_udp(arg(a, "udp"));
    if ((v = arg(a, "rng"))) { if (strcmp(v, "set")) rerr("rng=set"); g->rngCryptoModuleID = A(sizeof(GUID)); }
    decl_put(name, D_GETSPI, g);
}

static void decl_sa(const char *name, args_t *a)
{
    IPSEC_SA0 *s = A(sizeof *s);
    const char *v;
    s->saTransformType = (IPSEC_TRANSFORM_TYPE)named(T_XFORM, arg_req(a, "type"));
    s->spi = (IPSEC_SA_SPI)idval(arg_req(a, "spi"));
    IPSEC_SA_AUTH_INFORMATION0 *ai = A(sizeof *ai);
    IPSEC_SA_CIPHER_INFORMATION0 ci;
    memset(&ci, 0, sizeof ci);
    ai->authTransform.authTransformId.authType = (IPSEC_AUTH_TYPE)named(T_AUTH, (v = arg(a, "auth")) ? v : "SHA_1");
    ai->authTransform.authTransformId.authConfig = (IPSEC_AUTH_CONFIG)ai->authTransform.authTransformId.authType;
    if ((v = arg(a, "authcfg"))) ai->authTransform.authTransformId.authConfig = (IPSEC_AUTH_CONFIG)named(T_AUTHCFG, v);
    ai->authKey = parse_blob((v = arg(a, "akey")) ? v : "00112233445566778899aabbccddeeff");
    if ((v = arg(a, "amodule"))) { if (strcmp(v, "set")) rerr("amodule=set"); ai->authTransform.cryptoModuleId = A(sizeof(GUID)); }
    ci.cipherTransform.cipherTransformId.cipherType = (IPSEC_CIPHER_TYPE)named(T_CIPHER, (v = arg(a, "cipher")) ? v : "AES_128");
    ci.cipherTransform.cipherTransformId.cipherConfig = (IPSEC_CIPHER_CONFIG)ci.cipherTransform.cipherTransformId.cipherType;
    if ((v = arg(a, "ciphercfg"))) ci.cipherTransform.cipherTransformId.cipherConfig = (IPSEC_CIPHER_CONFIG)named(T_CIPHERCFG, v);
    ci.cipherKey = parse_blob((v = arg(a, "ckey")) ? v : "ffeeddccbbaa99887766554433221100");
    if ((v = arg(a, "cmodule"))) { if (strcmp(v, "set")) rerr("cmodule=set"); ci.cipherTransform.cryptoModuleId = A(sizeof(GUID)); }
    switch ((int)s->saTransformType) {
    case IPSEC_TRANSFORM_AH: s->ahInformation = ai; break;
    case IPSEC_TRANSFORM_ESP_AUTH: s->espAuthInformation = ai; break;
    case IPSEC_TRANSFORM_ESP_AUTH_FW: s->espAuthFwInformation = ai; break;
    case IPSEC_TRANSFORM_ESP_CIPHER: {
        IPSEC_SA_CIPHER_INFORMATION0 *c = A(sizeof *c);
        *c = ci;
        s->espCipherInformation = c;
        break;
    }
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER: {
        IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 *ac = A(sizeof *ac);
        ac->saCipherInformation = ci;
        ac->saAuthInformation = *ai;
        s->espAuthAndCipherInformation = ac;
        break;
    }
    default: s->espAuthAndCipherInformation = A(sizeof(IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0)); break;
    }
    if ((v = arg(a, "info"))) { if (strcmp(v, "null")) rerr("info=null"); s->ahInformation = NULL; }
    decl_put(name, D_SA, s);
}

static void decl_bundle(const char *name, args_t *a)
{
    IPSEC_SA_BUNDLE1 *b = A(sizeof *b);
    const char *v = arg_req(a, "sas");
    UINT32 n = 0;
    if (strcmp(v, "null")) {
        char *tmp = Astrdup(v), *save = NULL;
        IPSEC_SA0 *list[16];
        for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (n >= 16) rerr("too many sas");
            list[n++] = decl_get(t, D_SA);
        }
        b->saList = A(sizeof(IPSEC_SA0) * (n ? n : 1));
        for (UINT32 i = 0; i < n; i++) b->saList[i] = *list[i];
    }
    b->numSAs = n;
    if ((v = arg(a, "numsas"))) b->numSAs = (UINT32)num(v);
    if ((v = arg(a, "flags"))) b->flags = (UINT32)num(v);
    if ((v = arg(a, "life"))) {
        unsigned s1, s2, s3;
        if (sscanf(v, "%u:%u:%u", &s1, &s2, &s3) != 3) rerr("bad life");
        b->lifetime.lifetimeSeconds = s1; b->lifetime.lifetimeKilobytes = s2; b->lifetime.lifetimePackets = s3;
    }
    if ((v = arg(a, "idle"))) b->idleTimeoutSeconds = (UINT32)num(v);
    if ((v = arg(a, "nd"))) b->ndAllowClearTimeoutSeconds = (UINT32)num(v);
    if ((v = arg(a, "nap"))) b->napContext = (UINT32)num(v);
    b->qmSaId = 1;
    if ((v = arg(a, "qm"))) b->qmSaId = (UINT32)num(v);
    b->ipVersion = FWP_IP_VERSION_V4;
    if ((v = arg(a, "v"))) b->ipVersion = (FWP_IP_VERSION)named(T_IPV, v);
    if ((v = arg(a, "peer4"))) b->peerV4PrivateAddress = parse_v4(v);
    if ((v = arg(a, "mmsa"))) b->mmSaId = num(v);
    if ((v = arg(a, "pfs"))) b->pfsGroup = (IPSEC_PFS_GROUP)num(v);
    const char *ip = arg(a, "ipsecid"), *lg = arg(a, "logon"), *tk = arg(a, "tokens");
    if (ip || lg || tk) {
        b->ipsecId = A(sizeof(IPSEC_ID0));
        if (lg) b->ipsecId->logonId = num(lg);
        if (tk) {
            if (!strncmp(tk, "null:", 5)) b->ipsecId->numTokens = (UINT32)num(tk + 5);
            else {
                unsigned t1, t2, t3;
                if (sscanf(tk, "%u:%u:%u", &t1, &t2, &t3) != 3) rerr("bad tokens");
                b->ipsecId->numTokens = 1;
                b->ipsecId->tokens = A(sizeof(IPSEC_TOKEN0));
                b->ipsecId->tokens->type = (IPSEC_TOKEN_TYPE)t1;
                b->ipsecId->tokens->principal = (IPSEC_TOKEN_PRINCIPAL)t2;
                b->ipsecId->tokens->mode = (IPSEC_TOKEN_MODE)t3;
            }
        }
    }
    if ((v = arg(a, "keymod"))) {
        b->keyModuleState = A(sizeof(IPSEC_KEYMODULE_STATE0));
        b->keyModuleState->stateBlob = parse_blob(v);
    }
    decl_put(name, D_BUNDLE, b);
}
static void bundle1_to_0(const IPSEC_SA_BUNDLE1 *b1, IPSEC_SA_BUNDLE0 *b0)
{
    memset(b0, 0, sizeof *b0);
    b0->flags = b1->flags;
    b0->lifetime = b1->lifetime;
    b0->idleTimeoutSeconds = b1->idleTimeoutSeconds;
    b0->ndAllowClearTimeoutSeconds = b1->ndAllowClearTimeoutSeconds;
    b0->ipsecId = b1->ipsecId;
    b0->napContext = b1->napContext;
    b0->qmSaId = b1->qmSaId;
    b0->numSAs = b1->numSAs;
    b0->saList = b1->saList;
    b0->keyModuleState = b1->keyModuleState;
    b0->ipVersion = b1->ipVersion;
    b0->peerV4PrivateAddress = b1->peerV4PrivateAddress;
    b0->mmSaId = b1->mmSaId;
    b0->pfsGroup = b1->pfsGroup;
}

static void decl_details(const char *name, args_t *a)
{
    IPSEC_SA_DETAILS1 *d = A(sizeof *d);
    const char *v;
    IPSEC_TRAFFIC1 *t = decl_get(arg_req(a, "traffic"), D_TRAFFIC);
    d->traffic = *t;
    d->saBundle = *(IPSEC_SA_BUNDLE1 *)decl_get(arg_req(a, "bundle"), D_BUNDLE);
    d->ipVersion = t->ipVersion;
    if ((v = arg(a, "v"))) d->ipVersion = (FWP_IP_VERSION)named(T_IPV, v);
    d->saDirection = FWP_DIRECTION_OUTBOUND;
    if ((v = arg(a, "dir"))) d->saDirection = (FWP_DIRECTION)named(T_DIR, v);
    d->udpEncapsulation = parse_udp(arg(a, "udp"));
    decl_put(name, D_DETAILS, d);
}

static void decl_ctxval(const char *name, args_t *a)
{
    IPSEC_SA_CONTEXT1 *c = A(sizeof *c);
    c->saContextId = idval(arg_req(a, "id"));
    c->inboundSa = decl_opt(arg(a, "in"), D_DETAILS);
    c->outboundSa = decl_opt(arg(a, "out"), D_DETAILS);
    decl_put(name, D_CTXVAL, c);
}

static void decl_ctmpl(const char *name, args_t *a)
{
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *t = A(sizeof *t);
    const char *v;
    t->localSubNet.type = FWP_EMPTY;
    t->remoteSubNet.type = FWP_EMPTY;
    if ((v = arg(a, "local"))) parse_cvalue(v, &t->localSubNet);
    if ((v = arg(a, "remote"))) parse_cvalue(v, &t->remoteSubNet);
    decl_put(name, D_CTMPL, t);
}

/* ---------------------------------------------------------------- printing results */

static void print_filter(sbuf *b, const FWPM_FILTER0 *f)
{
    sb_puts(b, " id=");
    print_id(b, VK_FILTER, f->filterId);
    sb_puts(b, " key=");
    print_key(b, &f->filterKey);
    sb_puts(b, " name=");
    if (!f->displayData.name) sb_puts(b, "null");
    else for (const wchar_t *w = f->displayData.name; *w; w++) sb_printf(b, "%c", (char)*w);
    sb_printf(b, " flags=%u layer=", f->flags);
    print_guid_named(b, T_LAYER, &f->layerKey);
    sb_puts(b, " action=");
    print_named(b, T_ACTION, f->action.type);
    if (f->action.type & FWP_ACTION_FLAG_CALLOUT) {
        sb_puts(b, " callout=");
        print_guid_named(b, T_CALLOUT, &f->action.calloutKey);
    }
    sb_puts(b, " eweight=");
    if (f->effectiveWeight.type == FWP_UINT64 && f->effectiveWeight.uint64)
        sb_printf(b, "u64:%llu", (unsigned long long)*f->effectiveWeight.uint64);
    else if (f->effectiveWeight.type == FWP_EMPTY) sb_puts(b, "empty");
    else sb_printf(b, "type:%u", (unsigned)f->effectiveWeight.type);
    sb_puts(b, " conds=[");
    for (UINT32 i = 0; i < f->numFilterConditions && f->filterCondition; i++) {
        const FWPM_FILTER_CONDITION0 *c = &f->filterCondition[i];
        if (i) sb_puts(b, ",");
        print_guid_named(b, T_FIELD, &c->fieldKey);
        sb_puts(b, "/");
        print_named(b, T_MATCH, c->matchType);
        sb_puts(b, "/");
        int is_addr = !memcmp(&c->fieldKey, &FWPM_CONDITION_IP_LOCAL_ADDRESS, sizeof(GUID)) ||
                      !memcmp(&c->fieldKey, &FWPM_CONDITION_IP_REMOTE_ADDRESS, sizeof(GUID));
        print_cvalue(b, &c->conditionValue, is_addr);
    }
    sb_puts(b, "]");
}

static void print_addr(sbuf *b, FWP_IP_VERSION v, const uint8_t *v6, uint32_t v4)
{
    if (v == FWP_IP_VERSION_V6) print_hex(b, v6, 16);
    else print_v4(b, v4);
}

static void print_traffic(sbuf *b, const IPSEC_TRAFFIC1 *t, int ver1)
{
    print_named(b, T_IPV, t->ipVersion);
    sb_puts(b, "/");
    print_named(b, T_TTYPE, t->trafficType);
    sb_puts(b, "/");
    print_addr(b, t->ipVersion, t->localV6Address, t->localV4Address);
    sb_puts(b, ">");
    print_addr(b, t->ipVersion, t->remoteV6Address, t->remoteV4Address);
    if (t->trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL) sb_printf(b, "/policy=%llu", (unsigned long long)t->tunnelPolicyId);
    else { sb_puts(b, "/f="); print_id(b, VK_FILTER, t->ipsecFilterId); }
    sb_printf(b, "/rport=%u", t->remotePort);
    if (ver1)
        sb_printf(b, "/lport=%u/proto=%u/luid=%llu/profile=%u", t->localPort, t->ipProtocol,
                  (unsigned long long)t->localIfLuid, t->realIfProfileId);
}

static void print_auth(sbuf *b, const IPSEC_SA_AUTH_INFORMATION0 *ai)
{
    if (!ai) { sb_puts(b, ":auth=null"); return; }
    sb_puts(b, ":auth=");
    print_named(b, T_AUTH, ai->authTransform.authTransformId.authType);
    sb_puts(b, "/");
    print_named(b, T_AUTHCFG, ai->authTransform.authTransformId.authConfig);
    sb_puts(b, ":akey=");
    print_blob(b, &ai->authKey);
}
static void print_cipher(sbuf *b, const IPSEC_SA_CIPHER_INFORMATION0 *ci)
{
    if (!ci) { sb_puts(b, ":cipher=null"); return; }
    sb_puts(b, ":cipher=");
    print_named(b, T_CIPHER, ci->cipherTransform.cipherTransformId.cipherType);
    sb_puts(b, "/");
    print_named(b, T_CIPHERCFG, ci->cipherTransform.cipherTransformId.cipherConfig);
    sb_puts(b, ":ckey=");
    print_blob(b, &ci->cipherKey);
}
static void print_sa(sbuf *b, const IPSEC_SA0 *s)
{
    print_named(b, T_XFORM, s->saTransformType);
    sb_puts(b, ":spi=");
    print_id(b, VK_SPI, s->spi);
    switch ((int)s->saTransformType) {
    case IPSEC_TRANSFORM_AH: print_auth(b, s->ahInformation); break;
    case IPSEC_TRANSFORM_ESP_AUTH: print_auth(b, s->espAuthInformation); break;
    case IPSEC_TRANSFORM_ESP_AUTH_FW: print_auth(b, s->espAuthFwInformation); break;
    case IPSEC_TRANSFORM_ESP_CIPHER: print_cipher(b, s->espCipherInformation); break;
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
        if (!s->espAuthAndCipherInformation) { sb_puts(b, ":auth=null:cipher=null"); break; }
        print_auth(b, &s->espAuthAndCipherInformation->saAuthInformation);
        print_cipher(b, &s->espAuthAndCipherInformation->saCipherInformation);
        break;
    default: break;
    }
}
static void print_bundle(sbuf *b, const IPSEC_SA_BUNDLE1 *s)
{
    sb_printf(b, "(flags=%u,life=%u:%u:%u,idle=%u,nd=%u,id=%s,nap=%u,qm=%u,km=", s->flags,
              s->lifetime.lifetimeSeconds, s->lifetime.lifetimeKilobytes, s->lifetime.lifetimePackets,
              s->idleTimeoutSeconds, s->ndAllowClearTimeoutSeconds, s->ipsecId ? "set" : "none", s->napContext,
              s->qmSaId);
    if (!s->keyModuleState) sb_puts(b, "none");
    else print_blob(b, &s->keyModuleState->stateBlob);
    sb_puts(b, ",v=");
    print_named(b, T_IPV, s->ipVersion);
    sb_puts(b, ",peer4=");
    print_v4(b, s->peerV4PrivateAddress);
    sb_printf(b, ",mmsa=%llu,pfs=%u,sas=[", (unsigned long long)s->mmSaId, (unsigned)s->pfsGroup);
    for (UINT32 i = 0; i < s->numSAs && s->saList; i++) {
        if (i) sb_puts(b, "+");
        print_sa(b, &s->saList[i]);
    }
    sb_puts(b, "])");
}

/* Details0/1 printed from a Details1-shaped view. */
static void print_details(sbuf *b, const void *dp, int ver1)
{
    if (!dp) { sb_puts(b, "null"); return; }
    IPSEC_TRAFFIC1 t;
    IPSEC_SA_BUNDLE1 bu;
    FWP_IP_VERSION ipv;
    FWP_DIRECTION dir;
    IPSEC_V4_UDP_ENCAPSULATION0 *udp;
    struct FWPM_FILTER0_ *tf;
    memset(&t, 0, sizeof t);
    memset(&bu, 0, sizeof bu);
    if (ver1) {
        const IPSEC_SA_DETAILS1 *d = dp;
        ipv = d->ipVersion; dir = d->saDirection; t = d->traffic; bu = d->saBundle;
        udp = d->udpEncapsulation; tf = d->transportFilter;
    } else {
        const IPSEC_SA_DETAILS0 *d = dp;
        ipv = d->ipVersion; dir = d->saDirection;
        t.ipVersion = d->traffic.ipVersion;
        memcpy(t.localV6Address, d->traffic.localV6Address, 16);
        memcpy(t.remoteV6Address, d->traffic.remoteV6Address, 16);
        t.trafficType = d->traffic.trafficType;
        t.ipsecFilterId = d->traffic.ipsecFilterId;
        t.remotePort = d->traffic.remotePort;
        const IPSEC_SA_BUNDLE0 *b0 = &d->saBundle;
        bu.flags = b0->flags; bu.lifetime = b0->lifetime; bu.idleTimeoutSeconds = b0->idleTimeoutSeconds;
        bu.ndAllowClearTimeoutSeconds = b0->ndAllowClearTimeoutSeconds; bu.ipsecId = b0->ipsecId;
        bu.napContext = b0->napContext; bu.qmSaId = b0->qmSaId; bu.numSAs = b0->numSAs; bu.saList = b0->saList;
        bu.keyModuleState = b0->keyModuleState; bu.ipVersion = b0->ipVersion;
        bu.peerV4PrivateAddress = b0->peerV4PrivateAddress; bu.mmSaId = b0->mmSaId; bu.pfsGroup = b0->pfsGroup;
        udp = d->udpEncapsulation; tf = d->transportFilter;
    }
    sb_puts(b, "{v=");
    print_named(b, T_IPV, ipv);
    sb_puts(b, ",dir=");
    print_named(b, T_DIR, dir);
    sb_puts(b, ",traffic=");
    print_traffic(b, &t, ver1);
    sb_puts(b, ",udp=");
    if (udp) sb_printf(b, "%u:%u", udp->localUdpEncapPort, udp->remoteUdpEncapPort);
    else sb_puts(b, "null");
    sb_puts(b, ",filter=");
    if (tf) print_id(b, VK_FILTER, tf->filterId);
    else sb_puts(b, "null");
    sb_puts(b, ",bundle=");
    print_bundle(b, &bu);
    if (ver1) {
        const IPSEC_SA_DETAILS1 *d = dp;
        sb_printf(b, ",vif=%llu:%llu", (unsigned long long)d->virtualIfTunnelInfo.virtualIfTunnelId,
                  (unsigned long long)d->virtualIfTunnelInfo.trafficSelectorId);
    }
    sb_puts(b, "}");
}

static void print_sa_enum_entry(sbuf *b, const void *dp, int ver1)
{
    FWP_DIRECTION dir;
    UINT32 n;
    const IPSEC_SA0 *l;
    if (ver1) { const IPSEC_SA_DETAILS1 *d = dp; dir = d->saDirection; n = d->saBundle.numSAs; l = d->saBundle.saList; }
    else { const IPSEC_SA_DETAILS0 *d = dp; dir = d->saDirection; n = d->saBundle.numSAs; l = d->saBundle.saList; }
    if (dir == FWP_DIRECTION_INBOUND) sb_puts(b, "in:");
    else if (dir == FWP_DIRECTION_OUTBOUND) sb_puts(b, "out:");
    else sb_printf(b, "%u:", (unsigned)dir);
    for (UINT32 i = 0; i < n && l; i++) {
        if (i) sb_puts(b, "+");
        print_id(b, VK_SPI, l[i].spi);
    }
}

/* ---------------------------------------------------------------- execution */

static uint32_t g_base_added, g_base_deleted;
static HANDLE g_open_handles[1024];
static int g_nopen;

static void remember_handle(HANDLE h)
{
    if (h && g_nopen < 1024) g_open_handles[g_nopen++] = h;
}

static void reset_engine(void)
{
    for (int i = 0; i < g_nopen; i++) (void)FwpmEngineClose0(g_open_handles[i]);
    g_nopen = 0;
    HANDLE h = NULL;
    if (FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h) != STATUS_SUCCESS) {
        fprintf(stderr, "reset: FwpmEngineOpen0 failed\n");
        return;
    }
    HANDLE e = NULL;
    if (IPsecSaContextCreateEnumHandle0(h, NULL, &e) == STATUS_SUCCESS) {
        IPSEC_SA_CONTEXT0 **ents = NULL;
        UINT32 n = 0;
        if (IPsecSaContextEnum0(h, e, 0xFFFFFFFFu, &ents, &n) == STATUS_SUCCESS) {
            for (UINT32 i = 0; i < n; i++) (void)IPsecSaContextDeleteById0(h, ents[i]->saContextId);
            FwpmFreeMemory0((void **)&ents);
        }
        (void)IPsecSaContextDestroyEnumHandle0(h, e);
    }
    if (FwpmFilterCreateEnumHandle0(h, NULL, &e) == STATUS_SUCCESS) {
        FWPM_FILTER0 **ents = NULL;
        UINT32 n = 0;
        if (FwpmFilterEnum0(h, e, 0xFFFFFFFFu, &ents, &n) == STATUS_SUCCESS) {
            for (UINT32 i = 0; i < n; i++) (void)FwpmFilterDeleteById0(h, ents[i]->filterId);
            FwpmFreeMemory0((void **)&ents);
        }
        (void)FwpmFilterDestroyEnumHandle0(h, e);
    }
    IPSEC_STATISTICS1 st;
    memset(&st, 0, sizeof st);
    if (IPsecGetStatistics1(h, &st) == STATUS_SUCCESS) {
        g_base_added = st.aggregateSaStatistics.totalSasAdded;
        g_base_deleted = st.aggregateSaStatistics.totalSasDeleted;
    }
    (void)FwpmEngineClose0(h);
}

static void status_str(sbuf *b, NTSTATUS st)
{
    const char *n = FwpkStatusName(st);
    if (n) sb_puts(b, n);
    else sb_printf(b, "0x%08X", (unsigned)(uint32_t)st);
}

#define SENT ((void *)(uintptr_t)0x1)

/* Generic enumeration helper: calls fn, prints count and list. */
typedef NTSTATUS (*enum_fn)(HANDLE, HANDLE, UINT32, void ***, UINT32 *);

static int is_stat_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}

static void exec_call(const char *fname, const char *bindvar, args_t *a, sbuf *line)
{
    NTSTATUS st = STATUS_SUCCESS;
    sbuf vals = {0};
    int bind_kind = 0;
    uint64_t bind_v = 0;
    int no_status = 0;
    const char *v;

#define H() hval(arg_req(a, "h"))
#define E() hval(arg_req(a, "e"))

    if (!strcmp(fname, "FwpmEngineOpen0")) {
        FWPM_SESSION0 s;
        memset(&s, 0, sizeof s);
        v = arg(a, "name");
        if (!v) s.displayData.name = Awstr(bindvar ? bindvar + 1 : "session");
        else if (strcmp(v, "null")) s.displayData.name = Awstr(v);
        if (arg_is(a, "dynamic", "1")) s.flags = FWPM_SESSION_FLAG_DYNAMIC;
        if ((v = arg(a, "flags"))) s.flags = (UINT32)num(v);
        if ((v = arg(a, "timeout"))) s.txnWaitTimeoutInMSec = (UINT32)num(v);
        if ((v = arg(a, "key"))) s.sessionKey = parse_guid(v);
        (void)arg(a, "dynamic");
        const wchar_t *server = NULL;
        if ((v = arg(a, "server")) && strcmp(v, "null")) server = Awstr(v);
        UINT32 authn = RPC_C_AUTHN_WINNT;
        if ((v = arg(a, "authn"))) authn = (UINT32)num(v);
        int nosess = arg_is(a, "session", "null");
        int noout = arg_is(a, "out", "null");
        args_check_used(a);
        HANDLE h = NULL;
        st = FwpmEngineOpen0(server, authn, NULL, nosess ? NULL : &s, noout ? NULL : &h);
        if (st == STATUS_SUCCESS) remember_handle(h);
        bind_kind = VK_HANDLE;
        bind_v = st == STATUS_SUCCESS ? (uint64_t)(uintptr_t)h : 0;
    } else if (!strcmp(fname, "FwpmEngineClose0")) {
        HANDLE h = H();
        args_check_used(a);
        st = FwpmEngineClose0(h);
    } else if (!strcmp(fname, "FwpmTransactionBegin0")) {
        HANDLE h = H();
        UINT32 fl = (v = arg(a, "flags")) ? (UINT32)num(v) : 0;
        args_check_used(a);
        st = FwpmTransactionBegin0(h, fl);
    } else if (!strcmp(fname, "FwpmTransactionCommit0")) {
        HANDLE h = H();
        args_check_used(a);
        st = FwpmTransactionCommit0(h);
    } else if (!strcmp(fname, "FwpmTransactionAbort0")) {
        HANDLE h = H();
        args_check_used(a);
        st = FwpmTransactionAbort0(h);
    } else if (!strcmp(fname, "FwpmSessionCreateEnumHandle0") || !strcmp(fname, "FwpmFilterCreateEnumHandle0") ||
               !strcmp(fname, "IPsecSaContextCreateEnumHandle0") || !strcmp(fname, "IPsecSaCreateEnumHandle0")) {
        HANDLE h = H();
        int noout = arg_is(a, "out", "null");
        HANDLE e = NULL;
        if (fname[0] == 'F' && fname[4] == 'S') {
            FWPM_SESSION_ENUM_TEMPLATE0 t, *tp = NULL;
            if ((v = arg(a, "reserved"))) { t.reserved = num(v); tp = &t; }
            args_check_used(a);
            st = FwpmSessionCreateEnumHandle0(h, tp, noout ? NULL : &e);
        } else if (fname[0] == 'F') {
            FWPM_FILTER_ENUM_TEMPLATE0 *tp = decl_opt(arg(a, "tmpl"), D_FTMPL);
            args_check_used(a);
            st = FwpmFilterCreateEnumHandle0(h, tp, noout ? NULL : &e);
        } else if (!strcmp(fname, "IPsecSaContextCreateEnumHandle0")) {
            IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *tp = decl_opt(arg(a, "tmpl"), D_CTMPL);
            args_check_used(a);
            st = IPsecSaContextCreateEnumHandle0(h, tp, noout ? NULL : &e);
        } else {
            IPSEC_SA_ENUM_TEMPLATE0 t, *tp = NULL;
            if ((v = arg(a, "dir"))) { t.saDirection = (FWP_DIRECTION)named(T_DIR, v); tp = &t; }
            args_check_used(a);
            st = IPsecSaCreateEnumHandle0(h, tp, noout ? NULL : &e);
        }
        bind_kind = VK_HANDLE;
        bind_v = st == STATUS_SUCCESS ? (uint64_t)(uintptr_t)e : 0;
    } else if (!strcmp(fname, "FwpmSessionEnum0") || !strcmp(fname, "FwpmFilterEnum0") ||
               !strcmp(fname, "IPsecSaContextEnum0") || !strcmp(fname, "IPsecSaContextEnum1") ||
               !strcmp(fname, "IPsecSaEnum0") || !strcmp(fname, "IPsecSaEnum1")) {
        HANDLE h = H(), e = E();
        UINT32 n = (UINT32)num(arg_req(a, "n"));
        int noent = arg_is(a, "entries", "null"), nocnt = arg_is(a, "count", "null");
        args_check_used(a);
        void **ents = SENT;
        UINT32 cnt = 0xDEADu;
        void ***pe = noent ? NULL : &ents;
        UINT32 *pc = nocnt ? NULL : &cnt;
        int kind;
        if (!strcmp(fname, "FwpmSessionEnum0")) { kind = 0; st = FwpmSessionEnum0(h, e, n, (FWPM_SESSION0 ***)pe, pc); }
        else if (!strcmp(fname, "FwpmFilterEnum0")) { kind = 1; st = FwpmFilterEnum0(h, e, n, (FWPM_FILTER0 ***)pe, pc); }
        else if (!strcmp(fname, "IPsecSaContextEnum0")) { kind = 2; st = IPsecSaContextEnum0(h, e, n, (IPSEC_SA_CONTEXT0 ***)pe, pc); }
        else if (!strcmp(fname, "IPsecSaContextEnum1")) { kind = 3; st = IPsecSaContextEnum1(h, e, n, (IPSEC_SA_CONTEXT1 ***)pe, pc); }
        else if (!strcmp(fname, "IPsecSaEnum0")) { kind = 4; st = IPsecSaEnum0(h, e, n, (IPSEC_SA_DETAILS0 ***)pe, pc); }
        else { kind = 5; st = IPsecSaEnum1(h, e, n, (IPSEC_SA_DETAILS1 ***)pe, pc); }
        if (st == STATUS_SUCCESS && !noent && !nocnt) {
            sb_printf(&vals, " count=%u", cnt);
            static const char *lname[] = {"sessions", "ids", "ctxs", "ctxs", "sas", "sas"};
            sb_printf(&vals, " %s=[", lname[kind]);
            if (cnt > 0 && !ents) sb_puts(&vals, "NULL-ARRAY");
            for (UINT32 i = 0; i < cnt && ents; i++) {
                if (i) sb_puts(&vals, ",");
                switch (kind) {
                case 0: {
                    FWPM_SESSION0 *s = ents[i];
                    sb_puts(&vals, "{name=");
                    if (!s->displayData.name) sb_puts(&vals, "null");
                    else for (const wchar_t *w = s->displayData.name; *w; w++) sb_printf(&vals, "%c", (char)*w);
                    sb_printf(&vals, ",flags=%u,timeout=%u,key=", s->flags, s->txnWaitTimeoutInMSec);
                    print_key(&vals, &s->sessionKey);
                    if ((pid_t)s->processId == getpid()) sb_puts(&vals, ",pid=self");
                    else sb_printf(&vals, ",pid=%u", s->processId);
                    sb_printf(&vals, ",kernel=%d}", (int)s->kernelMode);
                    break;
                }
                case 1: print_id(&vals, VK_FILTER, ((FWPM_FILTER0 *)ents[i])->filterId); break;
                case 2: case 3: {
                    IPSEC_SA_CONTEXT0 *c = ents[i]; /* same prefix layout for 0/1 */
                    print_id(&vals, VK_CTX, c->saContextId);
                    sb_printf(&vals, ":%c%c", c->inboundSa ? 'i' : '-', c->outboundSa ? 'o' : '-');
                    break;
                }
                default: print_sa_enum_entry(&vals, ents[i], kind == 5); break;
                }
            }
            sb_puts(&vals, "]");
            if (cnt == 0 && ents != NULL) sb_puts(&vals, " VIOLATION=entries-not-null-for-0");
        }
        if (st == STATUS_SUCCESS && ents && ents != SENT) FwpmFreeMemory0((void **)&ents);
        if (st != STATUS_SUCCESS && ((!noent && ents != NULL) || (!nocnt && cnt != 0)))
            sb_puts(&vals, " VIOLATION=out-not-reset");
    } else if (!strcmp(fname, "FwpmSessionDestroyEnumHandle0")) {
        HANDLE h = H(), e = E();
        args_check_used(a);
        st = FwpmSessionDestroyEnumHandle0(h, e);
    } else if (!strcmp(fname, "FwpmFilterDestroyEnumHandle0")) {
        HANDLE h = H(), e = E();
        args_check_used(a);
        st = FwpmFilterDestroyEnumHandle0(h, e);
    } else if (!strcmp(fname, "IPsecSaContextDestroyEnumHandle0")) {
        HANDLE h = H(), e = E();
        args_check_used(a);
        st = IPsecSaContextDestroyEnumHandle0(h, e);
    } else if (!strcmp(fname, "IPsecSaDestroyEnumHandle0")) {
        HANDLE h = H(), e = E();
        args_check_used(a);
        st = IPsecSaDestroyEnumHandle0(h, e);
    } else if (!strcmp(fname, "FwpmFilterAdd0")) {
        HANDLE h = H();
        FWPM_FILTER0 *f = decl_opt(arg_req(a, "filter"), D_FILTER);
        int noid = arg_is(a, "idout", "null");
        args_check_used(a);
        UINT64 id = 0;
        st = FwpmFilterAdd0(h, f, NULL, noid ? NULL : &id);
        bind_kind = VK_FILTER;
        bind_v = st == STATUS_SUCCESS ? id : 0;
        if (st == STATUS_SUCCESS && !noid) {
            if (bindvar) var_bind(bindvar, bind_kind, bind_v), bindvar = NULL;
            sb_puts(&vals, " id=");
            print_id(&vals, VK_FILTER, id);
        }
    } else if (!strcmp(fname, "FwpmFilterDeleteById0")) {
        HANDLE h = H();
        UINT64 id = idval(arg_req(a, "id"));
        args_check_used(a);
        st = FwpmFilterDeleteById0(h, id);
    } else if (!strcmp(fname, "FwpmFilterDeleteByKey0")) {
        HANDLE h = H();
        v = arg_req(a, "key");
        GUID k, *kp = NULL;
        if (strcmp(v, "null")) { k = parse_guid(v); kp = &k; }
        args_check_used(a);
        st = FwpmFilterDeleteByKey0(h, kp);
    } else if (!strcmp(fname, "FwpmFilterGetById0") || !strcmp(fname, "FwpmFilterGetByKey0")) {
        HANDLE h = H();
        int bykey = !strcmp(fname, "FwpmFilterGetByKey0");
        UINT64 id = 0;
        GUID k, *kp = NULL;
        if (bykey) { v = arg_req(a, "key"); if (strcmp(v, "null")) { k = parse_guid(v); kp = &k; } }
        else id = idval(arg_req(a, "id"));
        int noout = arg_is(a, "out", "null");
        args_check_used(a);
        FWPM_FILTER0 *f = SENT;
        st = bykey ? FwpmFilterGetByKey0(h, kp, noout ? NULL : &f) : FwpmFilterGetById0(h, id, noout ? NULL : &f);
        if (st == STATUS_SUCCESS && !noout) {
            if (f) print_filter(&vals, f);
            else sb_puts(&vals, " VIOLATION=null-result");
            FwpmFreeMemory0((void **)&f);
        } else if (st != STATUS_SUCCESS && !noout && f != NULL) sb_puts(&vals, " VIOLATION=out-not-reset");
    } else if (!strcmp(fname, "IPsecSaContextCreate0") || !strcmp(fname, "IPsecSaContextCreate1")) {
        HANDLE h = H();
        int v1 = fname[20] == '1';
        IPSEC_TRAFFIC1 *t = decl_opt(arg_req(a, "traffic"), D_TRAFFIC);
        int noin = arg_is(a, "inbound", "null"), noid = arg_is(a, "idout", "null");
        IPSEC_VIRTUAL_IF_TUNNEL_INFO0 vif, *vp = NULL;
        if (v1 && (v = arg(a, "vif")) && strcmp(v, "null")) {
            unsigned long long x, y;
            if (sscanf(v, "%llu:%llu", &x, &y) != 2) rerr("bad vif");
            vif.virtualIfTunnelId = x; vif.trafficSelectorId = y; vp = &vif;
        }
        args_check_used(a);
        UINT64 inb = 0xDEADull, id = 0;
        if (v1) st = IPsecSaContextCreate1(h, t, vp, noin ? NULL : &inb, noid ? NULL : &id);
        else {
            IPSEC_TRAFFIC0 t0, *tp0 = NULL;
            if (t) { traffic1_to_0(t, &t0); tp0 = &t0; }
            st = IPsecSaContextCreate0(h, tp0, noin ? NULL : &inb, noid ? NULL : &id);
        }
        bind_kind = VK_CTX;
        bind_v = st == STATUS_SUCCESS ? id : 0;
        if (st == STATUS_SUCCESS) {
            if (bindvar) var_bind(bindvar, bind_kind, bind_v), bindvar = NULL;
            sb_puts(&vals, " id=");
            print_id(&vals, VK_CTX, id);
            if (!noin) sb_printf(&vals, " inbound=%llu", (unsigned long long)inb);
        }
    } else if (!strcmp(fname, "IPsecSaContextGetSpi0") || !strcmp(fname, "IPsecSaContextGetSpi1")) {
        HANDLE h = H();
        int v1 = fname[20] == '1';
        UINT64 id = idval(arg_req(a, "id"));
        IPSEC_GETSPI1 *g = decl_opt(arg_req(a, "getspi"), D_GETSPI);
        int noout = arg_is(a, "out", "null");
        args_check_used(a);
        IPSEC_SA_SPI spi = 0;
        if (v1) st = IPsecSaContextGetSpi1(h, id, g, noout ? NULL : &spi);
        else {
            IPSEC_GETSPI0 g0, *gp = NULL;
            if (g) {
                memset(&g0, 0, sizeof g0);
                traffic1_to_0(&g->inboundIpsecTraffic, &g0.inboundIpsecTraffic);
                g0.ipVersion = g->ipVersion;
                g0.inboundUdpEncapsulation = g->inboundUdpEncapsulation;
                g0.rngCryptoModuleID = g->rngCryptoModuleID;
                gp = &g0;
            }
            st = IPsecSaContextGetSpi0(h, id, gp, noout ? NULL : &spi);
        }
        bind_kind = VK_SPI;
        bind_v = st == STATUS_SUCCESS ? spi : 0;
        if (st == STATUS_SUCCESS && !noout) {
            if (bindvar) var_bind(bindvar, bind_kind, bind_v), bindvar = NULL;
            sb_puts(&vals, " spi=");
            print_id(&vals, VK_SPI, spi);
            sb_printf(&vals, " range=%s", spi >= 256 ? "ok" : "bad");
        }
    } else if (!strcmp(fname, "IPsecSaContextSetSpi0")) {
        HANDLE h = H();
        UINT64 id = idval(arg_req(a, "id"));
        IPSEC_GETSPI1 *g = decl_opt(arg_req(a, "getspi"), D_GETSPI);
        IPSEC_SA_SPI spi = (IPSEC_SA_SPI)idval(arg_req(a, "spi"));
        args_check_used(a);
        st = IPsecSaContextSetSpi0(h, id, g, spi);
    } else if (!strncmp(fname, "IPsecSaContextAddInbound", 24) || !strncmp(fname, "IPsecSaContextAddOutbound", 25)) {
        HANDLE h = H();
        int in = fname[17] == 'I';
        int v1 = fname[strlen(fname) - 1] == '1';
        if (strcmp(fname, "IPsecSaContextAddInbound0") && strcmp(fname, "IPsecSaContextAddInbound1") &&
            strcmp(fname, "IPsecSaContextAddOutbound0") && strcmp(fname, "IPsecSaContextAddOutbound1"))
            rerr("unknown call");
        UINT64 id = idval(arg_req(a, "id"));
        IPSEC_SA_BUNDLE1 *b1 = decl_opt(arg_req(a, "bundle"), D_BUNDLE);
        args_check_used(a);
        if (v1) st = in ? IPsecSaContextAddInbound1(h, id, b1) : IPsecSaContextAddOutbound1(h, id, b1);
        else {
            IPSEC_SA_BUNDLE0 b0, *bp = NULL;
            if (b1) { bundle1_to_0(b1, &b0); bp = &b0; }
            st = in ? IPsecSaContextAddInbound0(h, id, bp) : IPsecSaContextAddOutbound0(h, id, bp);
        }
    } else if (!strcmp(fname, "IPsecSaContextUpdate0")) {
        HANDLE h = H();
        UINT64 fl = num(arg_req(a, "flags"));
        IPSEC_SA_CONTEXT1 *c = decl_opt(arg_req(a, "values"), D_CTXVAL);
        args_check_used(a);
        st = IPsecSaContextUpdate0(h, fl, c);
    } else if (!strcmp(fname, "IPsecSaContextGetById0") || !strcmp(fname, "IPsecSaContextGetById1")) {
        HANDLE h = H();
        int v1 = fname[21] == '1';
        UINT64 id = idval(arg_req(a, "id"));
        int noout = arg_is(a, "out", "null");
        args_check_used(a);
        void *c = SENT;
        if (v1) st = IPsecSaContextGetById1(h, id, noout ? NULL : (IPSEC_SA_CONTEXT1 **)&c);
        else st = IPsecSaContextGetById0(h, id, noout ? NULL : (IPSEC_SA_CONTEXT0 **)&c);
        if (st == STATUS_SUCCESS && !noout) {
            if (!c) sb_puts(&vals, " VIOLATION=null-result");
            else {
                const IPSEC_SA_CONTEXT0 *c0 = c;
                sb_puts(&vals, " id=");
                print_id(&vals, VK_CTX, c0->saContextId);
                sb_puts(&vals, " in=");
                print_details(&vals, c0->inboundSa, v1);
                sb_puts(&vals, " out=");
                print_details(&vals, c0->outboundSa, v1);
                FwpmFreeMemory0(&c);
            }
        } else if (st != STATUS_SUCCESS && !noout && c != NULL) sb_puts(&vals, " VIOLATION=out-not-reset");
    } else if (!strcmp(fname, "IPsecSaContextDeleteById0")) {
        HANDLE h = H();
        UINT64 id = idval(arg_req(a, "id"));
        args_check_used(a);
        st = IPsecSaContextDeleteById0(h, id);
    } else if (!strcmp(fname, "IPsecSaContextExpire0")) {
        HANDLE h = H();
        UINT64 id = idval(arg_req(a, "id"));
        args_check_used(a);
        st = IPsecSaContextExpire0(h, id);
    } else if (!strcmp(fname, "IPsecGetStatistics0") || !strcmp(fname, "IPsecGetStatistics1")) {
        HANDLE h = H();
        int v1 = fname[18] == '1';
        int noout = arg_is(a, "out", "null");
        args_check_used(a);
        IPSEC_STATISTICS1 s1;
        IPSEC_STATISTICS0 s0;
        memset(&s1, 0, sizeof s1);
        memset(&s0, 0, sizeof s0);
        const IPSEC_AGGREGATE_SA_STATISTICS0 *ag;
        int zero;
        if (v1) {
            st = IPsecGetStatistics1(h, noout ? NULL : &s1);
            ag = &s1.aggregateSaStatistics;
            zero = is_stat_zero((const uint8_t *)&s1 + sizeof s1.aggregateSaStatistics,
                                sizeof s1 - sizeof s1.aggregateSaStatistics);
        } else {
            st = IPsecGetStatistics0(h, noout ? NULL : &s0);
            ag = &s0.aggregateSaStatistics;
            zero = is_stat_zero((const uint8_t *)&s0 + sizeof s0.aggregateSaStatistics,
                                sizeof s0 - sizeof s0.aggregateSaStatistics);
        }
        if (st == STATUS_SUCCESS && !noout)
            sb_printf(&vals, " active=%u pending=%u added=%u deleted=%u rekeys=%u tunnels=%u offloaded=%u counters=%s",
                      ag->activeSas, ag->pendingSaNegotiations, ag->totalSasAdded - g_base_added,
                      ag->totalSasDeleted - g_base_deleted, ag->successfulRekeys, ag->activeTunnels,
                      ag->offloadedSas, zero ? "zero" : "nonzero");
    } else if (!strcmp(fname, "FwpkStatusName")) {
        uint64_t code = num(arg_req(a, "code"));
        args_check_used(a);
        const char *n = FwpkStatusName((NTSTATUS)(uint32_t)code);
        no_status = 1;
        sb_printf(&vals, " name=%s", n ? n : "null");
    } else if (!strcmp(fname, "FwpkLibVersion")) {
        args_check_used(a);
        no_status = 1;
        const char *s = FwpkLibVersion();
        sb_printf(&vals, " version=%s", s ? s : "null");
    } else if (!strcmp(fname, "FwpkLibVersionNumber")) {
        args_check_used(a);
        no_status = 1;
        sb_printf(&vals, " number=%d", FwpkLibVersionNumber());
    } else if (!strcmp(fname, "FwpmFreeMemory0")) {
        v = arg_req(a, "p");
        args_check_used(a);
        no_status = 1;
        if (!strcmp(v, "null")) FwpmFreeMemory0(NULL);
        else if (!strcmp(v, "nullptr")) {
            void *p = NULL;
            FwpmFreeMemory0(&p);
            if (p) sb_puts(&vals, " VIOLATION=p-changed");
        } else rerr("bad p=");
    } else {
        rerr("unknown call %s", fname);
    }
#undef H
#undef E

    if (bindvar) {
        if (!bind_kind) rerr("%s binds nothing", fname);
        var_bind(bindvar, bind_kind, bind_v);
    }
    if (no_status) sb_puts(line, "-");
    else status_str(line, st);
    if (st == STATUS_SUCCESS || no_status || strstr(vals.s ? vals.s : "", "VIOLATION")) {
        if (vals.s) {
            if (st != STATUS_SUCCESS && !no_status) {
                /* only the violation marker on failure */
                const char *p = strstr(vals.s, " VIOLATION");
                sb_puts(line, p);
            } else sb_puts(line, vals.s);
        }
    }
    free(vals.s);
}

/* ---------------------------------------------------------------- scenario driver */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sbuf b = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_putn(&b, buf, n);
    fclose(f);
    if (!b.s) sb_putn(&b, "", 0);
    if (len) *len = b.n;
    return b.s;
}

/* Runs one scenario file, returns the trace (malloc'd). */
static char *run_scenario(const char *path)
{
    size_t len;
    char *src = read_file(path, &len);
    sbuf trace = {0};
    sb_putn(&trace, "", 0);
    if (!src) { sb_puts(&trace, "0 - RUNNER_ERROR\n"); return trace.s; }

    reset_engine();
    g_nvars = 0;
    g_ndecls = 0;
    g_nlits = 0;
    for (const char *p = src; (p = strstr(p, "guid:")); p += 5) {
        if (strlen(p) >= 41 && g_nlits < 256) {
            char tmp[37];
            memcpy(tmp, p + 5, 36);
            tmp[36] = 0;
            unsigned x[11];
            if (sscanf(tmp, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &x[0], &x[1], &x[2], &x[3], &x[4], &x[5],
                       &x[6], &x[7], &x[8], &x[9], &x[10]) == 11) {
                GUID g = {x[0], (uint16_t)x[1], (uint16_t)x[2],
                          {(uint8_t)x[3], (uint8_t)x[4], (uint8_t)x[5], (uint8_t)x[6], (uint8_t)x[7], (uint8_t)x[8],
                           (uint8_t)x[9], (uint8_t)x[10]}};
                g_lits[g_nlits++] = g;
            }
        }
    }

    volatile int step = 0;
    char *save_line = NULL;
    for (char *ln = strtok_r(src, "\n", &save_line); ln; ln = strtok_r(NULL, "\n", &save_line)) {
        size_t l = strlen(ln);
        if (l && ln[l - 1] == '\r') ln[l - 1] = 0;
        char *tok[80];
        int nt = 0;
        char *save_tok = NULL;
        for (char *t = strtok_r(ln, " \t", &save_tok); t && nt < 80; t = strtok_r(NULL, " \t", &save_tok)) {
            if (t[0] == '#' || !strcmp(t, "->")) break;
            tok[nt++] = t;
        }
        if (!nt) continue;
        int i = 0;
        const char *bindvar = NULL;
        if (tok[0][0] == '$' && nt >= 2 && !strcmp(tok[1], "=")) { bindvar = tok[0]; i = 2; }
        if (i >= nt) { sb_printf(&trace, "%d %s RUNNER_ERROR\n", step + 1, tok[0]); break; }
        const char *verb = tok[i++];
        volatile int is_decl = !strcmp(verb, "cond") || !strcmp(verb, "filter") || !strcmp(verb, "ftmpl") ||
                      !strcmp(verb, "traffic") || !strcmp(verb, "getspi") || !strcmp(verb, "sa") ||
                      !strcmp(verb, "bundle") || !strcmp(verb, "details") || !strcmp(verb, "ctxval") ||
                      !strcmp(verb, "ctmpl");
        volatile int is_sleep = !strcmp(verb, "sleep");
        volatile int is_call = !is_decl && !is_sleep;
        if (is_call) step++;
        if (setjmp(g_err_jmp)) {
            fprintf(stderr, "%s: step %d (%s): %s\n", path, step, verb, g_err_msg);
            sb_printf(&trace, "%d %s RUNNER_ERROR\n", is_call ? step : step + 1, verb);
            break;
        }
        if (is_sleep) {
            if (bindvar || nt - i != 1) rerr("sleep MS");
            uint64_t ms = num(tok[i]);
            struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
            continue;
        }
        const char *dname = NULL;
        if (is_decl) {
            if (bindvar || i >= nt || strchr(tok[i], '=')) rerr("declaration syntax: %s NAME key=value...", verb);
            dname = tok[i++];
        }
        args_t a;
        memset(&a, 0, sizeof a);
        for (; i < nt; i++) {
            char *eq = strchr(tok[i], '=');
            if (!eq || a.n >= 64) rerr("bad argument '%s'", tok[i]);
            *eq = 0;
            a.k[a.n] = tok[i];
            a.v[a.n] = eq + 1;
            a.n++;
        }
        if (is_decl) {
            if (!strcmp(verb, "cond")) decl_cond(dname, &a);
            else if (!strcmp(verb, "filter")) decl_filter(dname, &a);
            else if (!strcmp(verb, "ftmpl")) decl_ftmpl(dname, &a);
            else if (!strcmp(verb, "traffic")) decl_traffic(dname, &a);
            else if (!strcmp(verb, "getspi")) decl_getspi(dname, &a);
            else if (!strcmp(verb, "sa")) decl_sa(dname, &a);
            else if (!strcmp(verb, "bundle")) decl_bundle(dname, &a);
            else if (!strcmp(verb, "details")) decl_details(dname, &a);
            else if (!strcmp(verb, "ctxval")) decl_ctxval(dname, &a);
            else decl_ctmpl(dname, &a);
            args_check_used(&a);
            continue;
        }
        sbuf line = {0};
        sb_printf(&line, "%d %s ", step, verb);
        exec_call(verb, bindvar, &a, &line);
        sb_puts(&trace, line.s);
        sb_puts(&trace, "\n");
        free(line.s);
    }
    free(src);
    arena_free();
    return trace.s;
}

/* ---------------------------------------------------------------- cmocka glue */

typedef struct {
    char name[256];
    char path[4096];
} scen_t;

static const char *g_outdir, *g_expdir;
static char **g_known;
static int g_nknown;

static int is_known(const char *name)
{
    for (int i = 0; i < g_nknown; i++) if (!strcmp(g_known[i], name)) return 1;
    return 0;
}

static void mkdir_p(const char *d)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", d);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') { *p = 0; mkdir(tmp, 0777); *p = '/'; }
    mkdir(tmp, 0777);
}

static void test_scenario(void **state)
{
    scen_t *s = *state;
    char *trace = run_scenario(s->path);
    char out[4400];
    snprintf(out, sizeof out, "%s/%s.trace", g_outdir, s->name);
    FILE *f = fopen(out, "wb");
    if (!f) { free(trace); fail_msg("cannot write %s", out); return; }
    fputs(trace, f);
    fclose(f);
    if (!g_expdir) { free(trace); return; }
    char ep[4400];
    snprintf(ep, sizeof ep, "%s/%s.trace", g_expdir, s->name);
    char *exp = read_file(ep, NULL);
    int known = is_known(s->name);
    if (!exp) { free(trace); fail_msg("no expected trace %s", ep); return; }
    int same = !strcmp(exp, trace);
    if (!same) {
        /* report the first differing line */
        const char *a = exp, *b = trace;
        int line = 1;
        while (*a && *b) {
            const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
            size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
            if (la != lb || memcmp(a, b, la)) break;
            a += la + (ea ? 1 : 0);
            b += lb + (eb ? 1 : 0);
            line++;
        }
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        fprintf(stderr, "[%s] %s line %d differs\n  expected: %.*s\n  actual:   %.*s\n", s->name,
                known ? "(known failure)" : "MISMATCH", line, (int)(ea ? ea - a : (long)strlen(a)), a,
                (int)(eb ? eb - b : (long)strlen(b)), b);
    }
    free(exp);
    free(trace);
    if (known && same) fail_msg("stale known failure: %s now passes; remove it from the known-failures list", s->name);
    if (!known && !same) fail_msg("trace mismatch in %s", s->name);
}

static int cmp_scen(const void *a, const void *b) { return strcmp(((const scen_t *)a)->name, ((const scen_t *)b)->name); }

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s <scenario-dir> <trace-out-dir> [<expected-dir> [<known-failures-file>]]\n", argv[0]);
        return 2;
    }
    const char *env = getenv("FWPKCLNT_EXPIRE_DELAY_MS");
    if (!env || strcmp(env, EXPIRE_DELAY)) setenv("FWPKCLNT_EXPIRE_DELAY_MS", EXPIRE_DELAY, 1);
    g_outdir = argv[2];
    g_expdir = argc >= 4 ? argv[3] : NULL;
    if (argc >= 5) {
        char *k = read_file(argv[4], NULL);
        if (!k) { fprintf(stderr, "cannot read %s\n", argv[4]); return 2; }
        char *save = NULL;
        for (char *ln = strtok_r(k, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
            char *h = strchr(ln, '#');
            if (h) *h = 0;
            char *t = ln;
            while (*t == ' ' || *t == '\t') t++;
            size_t l = strlen(t);
            while (l && (t[l - 1] == ' ' || t[l - 1] == '\t' || t[l - 1] == '\r')) t[--l] = 0;
            if (!*t) continue;
            g_known = realloc(g_known, sizeof(char *) * (size_t)(g_nknown + 1));
            g_known[g_nknown++] = t;
        }
    }
    mkdir_p(g_outdir);
    DIR *d = opendir(argv[1]);
    if (!d) { fprintf(stderr, "cannot open %s\n", argv[1]); return 2; }
    scen_t *sc = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".scn") || l - 4 >= 256) continue;
        sc = realloc(sc, sizeof(scen_t) * (size_t)(n + 1));
        memcpy(sc[n].name, de->d_name, l - 4);
        sc[n].name[l - 4] = 0;
        snprintf(sc[n].path, sizeof sc[n].path, "%s/%s", argv[1], de->d_name);
        n++;
    }
    closedir(d);
    if (n == 0) { fprintf(stderr, "no scenarios in %s\n", argv[1]); return 2; }
    qsort(sc, (size_t)n, sizeof *sc, cmp_scen);
    for (int i = 0; i < g_nknown; i++) {
        int found = 0;
        for (int j = 0; j < n; j++) if (!strcmp(sc[j].name, g_known[i])) found = 1;
        if (!found) { fprintf(stderr, "known-failures list names unknown scenario %s\n", g_known[i]); return 2; }
    }
    struct CMUnitTest *tests = calloc((size_t)n, sizeof *tests);
    for (int i = 0; i < n; i++) {
        tests[i].name = sc[i].name;
        tests[i].test_func = test_scenario;
        tests[i].initial_state = &sc[i];
    }
    int failed = _cmocka_run_group_tests("conformance-c", tests, (size_t)n, NULL, NULL);
    for (int i = 0; i < g_nopen; i++) (void)FwpmEngineClose0(g_open_handles[i]);
    free(tests);
    free(sc);
    return failed ? 1 : 0;
}
