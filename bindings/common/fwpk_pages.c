/*
 * fwpk_pages.c — see fwpk_pages.h; the byte format is PAGES.md.
 *
 * One pass over the native structures, writing straight into the caller's
 * buffer (raw cursor + end pointer; the buffer only grows when a write does
 * not fit).  Every multi-byte value is written little-endian, unaligned.
 */
#include "fwpk_pages.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FWPK_PAGES_LE 1
#else
#define FWPK_PAGES_LE 0
#endif

/* ---- the writer ------------------------------------------------------------ */

/*
 * Writes go through a local cursor `o`: each routine reserves an upper bound
 * of what it writes with res(), stores with the pN() helpers (no check, no
 * reload of the writer: a byte store could alias it), then commits `o`.
 * Variable-length parts (strings, blobs, nested structures) reserve their own.
 */
typedef struct W {
    uint8_t *p;   /* cursor */
    uint8_t *end; /* b->data + b->cap */
    fwpk_pages_buf *b;
    int failed;
} W;

static uint8_t *realloc_grow(fwpk_pages_buf *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) return NULL;
        cap *= 2;
    }
    uint8_t *d = (uint8_t *)realloc(b->data, cap);
    if (!d) return NULL;
    b->data = d;
    b->cap = cap;
    return d;
}

/* Offset of the cursor. */
static inline size_t mark(const W *w) { return w->p ? (size_t)(w->p - w->b->data) : 0; }

static uint8_t *grow_slow(W *w, size_t n)
{
    if (w->failed) return NULL;
    fwpk_pages_buf *b = w->b;
    size_t used = mark(w);
    if (n > SIZE_MAX - used) { w->failed = 1; return NULL; }
    b->len = used;
    uint8_t *d = b->grow ? b->grow(b, used + n) : realloc_grow(b, used + n);
    if (!d || b->cap < used + n) { w->failed = 1; return NULL; }
    w->p = b->data + used;
    w->end = b->data + b->cap;
    return w->p;
}

/* A cursor with room for n bytes, or NULL once the writer has failed. */
static inline uint8_t *res(W *w, size_t n)
{
    return (size_t)(w->end - w->p) >= n ? w->p : grow_slow(w, n);
}

static inline uint8_t *p8(uint8_t *o, uint8_t v) { *o = v; return o + 1; }

static inline uint8_t *p16(uint8_t *o, uint16_t v)
{
#if FWPK_PAGES_LE
    memcpy(o, &v, 2);
#else
    o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8);
#endif
    return o + 2;
}

static inline uint8_t *p32(uint8_t *o, uint32_t v)
{
#if FWPK_PAGES_LE
    memcpy(o, &v, 4);
#else
    o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8); o[2] = (uint8_t)(v >> 16); o[3] = (uint8_t)(v >> 24);
#endif
    return o + 4;
}

static inline uint8_t *p64(uint8_t *o, uint64_t v)
{
#if FWPK_PAGES_LE
    memcpy(o, &v, 8);
    return o + 8;
#else
    return p32(p32(o, (uint32_t)v), (uint32_t)(v >> 32));
#endif
}

/* GUID: Data1 (4), Data2 (2), Data3 (2), Data4 (8), little-endian. */
static inline uint8_t *pguid(uint8_t *o, const GUID *g)
{
#if FWPK_PAGES_LE
    memcpy(o, g, 16);
    return o + 16;
#else
    o = p16(p16(p32(o, g->Data1), g->Data2), g->Data3);
    memcpy(o, g->Data4, 8);
    return o + 8;
#endif
}

/* OPT GUID: 1 byte (1 = present), then the GUID.  At most 17 bytes. */
static inline uint8_t *poptguid(uint8_t *o, const GUID *g)
{
    *o++ = g != NULL;
    return g ? pguid(o, g) : o;
}

static inline void u8(W *w, uint8_t v)   { uint8_t *o = res(w, 1); if (o) w->p = p8(o, v); }
static inline void u32(W *w, uint32_t v) { uint8_t *o = res(w, 4); if (o) w->p = p32(o, v); }

static inline void raw(W *w, const void *src, size_t n)
{
    uint8_t *o;
    if (n && (o = res(w, n)) != NULL) { memcpy(o, src, n); w->p = o + n; }
}

/* OPT: one byte, 1 = present (the content follows), 0 = NULL pointer. */
static inline int opt(W *w, const void *ptr)
{
    u8(w, ptr != NULL);
    return ptr != NULL;
}

/* WSTR: u32 byte length of the UTF-8 text (0xFFFFFFFF = NULL), the UTF-8
 * bytes (no NUL).  Invalid code points become U+FFFD. */
static void wstr(W *w, const wchar_t *s)
{
    if (!s) { u32(w, 0xFFFFFFFFu); return; }
    size_t n = wcslen(s);
    if (n > (SIZE_MAX - 4) / 4) { w->failed = 1; return; }
    uint8_t *len = res(w, 4 + 4 * n);
    if (!len) return;
    uint8_t *o = len + 4;
    for (size_t i = 0; i < n; ++i) {
        uint32_t c = (uint32_t)s[i];
        if (c < 0x80) { *o++ = (uint8_t)c; continue; }
#if WCHAR_MAX <= 0xFFFF
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && (uint32_t)s[i + 1] >= 0xDC00 && (uint32_t)s[i + 1] <= 0xDFFF) {
            c = 0x10000u + ((c - 0xD800u) << 10) + ((uint32_t)s[i + 1] - 0xDC00u);
            ++i;
        }
#endif
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
        if (c < 0x800) {
            *o++ = (uint8_t)(0xC0 | (c >> 6));
            *o++ = (uint8_t)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *o++ = (uint8_t)(0xE0 | (c >> 12));
            *o++ = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (uint8_t)(0x80 | (c & 0x3F));
        } else {
            *o++ = (uint8_t)(0xF0 | (c >> 18));
            *o++ = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (uint8_t)(0x80 | (c & 0x3F));
        }
    }
    p32(len, (uint32_t)(o - len - 4));
    w->p = o;
}

/* BLOB: u32 size, u8 1 if data is non-NULL (then `size` bytes follow). */
static void blob(W *w, const FWP_BYTE_BLOB *b)
{
    size_t n = b->data ? b->size : 0;
    uint8_t *o = res(w, 5 + n);
    if (!o) return;
    o = p8(p32(o, b->size), b->data != NULL);
    if (n) memcpy(o, b->data, n);
    w->p = o + n;
}

static void opt_blob(W *w, const FWP_BYTE_BLOB *b)
{
    if (opt(w, b)) blob(w, b);
}

/* SID: OPT, then u32 length (8 + 4 * SubAuthorityCount) and the SID bytes. */
static void opt_sid(W *w, const SID *s)
{
    if (!opt(w, s)) return;
    uint32_t n = 8u + 4u * s->SubAuthorityCount;
    u32(w, n);
    raw(w, s, n);
}

/* ---- values ------------------------------------------------------------------ */

/* FWP_VALUE0 and FWP_CONDITION_VALUE0 share their single-value members (one
 * body for both, so that neither is read through the other's type).  The
 * fixed-size payloads fit in the 4 + 17 bytes reserved by the caller. */
#define FWPK_PAGES_VALUE_COMMON(w, o, v)                                                                 \
    case FWP_UINT8: case FWP_INT8: case FWP_BITMAP_INDEX_TYPE: w->p = p8(o, (v)->uint8); break;          \
    case FWP_UINT16: case FWP_INT16: w->p = p16(o, (v)->uint16); break;                                  \
    case FWP_UINT32: case FWP_INT32: w->p = p32(o, (v)->uint32); break;                                  \
    case FWP_FLOAT: { uint32_t bits_; memcpy(&bits_, &(v)->float32, 4); w->p = p32(o, bits_); break; }   \
    case FWP_UINT64:                                                                                     \
        *o++ = (v)->uint64 != NULL; w->p = (v)->uint64 ? p64(o, *(v)->uint64) : o; break;                \
    case FWP_INT64:                                                                                      \
        *o++ = (v)->int64 != NULL; w->p = (v)->int64 ? p64(o, (uint64_t)*(v)->int64) : o; break;         \
    case FWP_DOUBLE:                                                                                     \
        *o++ = (v)->double64 != NULL;                                                                    \
        if ((v)->double64) { uint64_t bits_; memcpy(&bits_, (v)->double64, 8); o = p64(o, bits_); }      \
        w->p = o;                                                                                        \
        break;                                                                                           \
    case FWP_BYTE_ARRAY16_TYPE:                                                                          \
        *o++ = (v)->byteArray16 != NULL;                                                                 \
        if ((v)->byteArray16) { memcpy(o, (v)->byteArray16->byteArray16, 16); o += 16; }                 \
        w->p = o;                                                                                        \
        break;                                                                                           \
    case FWP_BYTE_ARRAY6_TYPE:                                                                           \
        *o++ = (v)->byteArray6 != NULL;                                                                  \
        if ((v)->byteArray6) { memcpy(o, (v)->byteArray6->byteArray6, 6); o += 6; }                      \
        w->p = o;                                                                                        \
        break;                                                                                           \
    case FWP_BITMAP_ARRAY64_TYPE:                                                                        \
        *o++ = (v)->bitmapArray64 != NULL;                                                               \
        if ((v)->bitmapArray64) { memcpy(o, (v)->bitmapArray64->bitmapArray64, 8); o += 8; }             \
        w->p = o;                                                                                        \
        break;                                                                                           \
    case FWP_BYTE_BLOB_TYPE: w->p = o; opt_blob(w, (v)->byteBlob); break;                                \
    case FWP_SECURITY_DESCRIPTOR_TYPE: w->p = o; opt_blob(w, (v)->sd); break;                            \
    case FWP_TOKEN_ACCESS_INFORMATION_TYPE: w->p = o; opt_blob(w, (v)->tokenAccessInformation); break;   \
    case FWP_SID: w->p = o; opt_sid(w, (v)->sid); break;                                                 \
    case FWP_UNICODE_STRING_TYPE: w->p = o; wstr(w, (v)->unicodeString); break;

/* VALUE: u32 type, then the payload the type selects (PAGES.md). */
static void value(W *w, const FWP_VALUE0 *v)
{
    uint8_t *o = res(w, 4 + 17);
    if (!o) return;
    o = p32(o, (uint32_t)v->type);
    switch (v->type) {
    FWPK_PAGES_VALUE_COMMON(w, o, v)
    default: w->p = o; break; /* FWP_EMPTY, FWP_TOKEN_INFORMATION_TYPE, condition-only and unknown types */
    }
}

static void cond_value(W *w, const FWP_CONDITION_VALUE0 *v)
{
    uint8_t *o = res(w, 4 + 18);
    if (!o) return;
    o = p32(o, (uint32_t)v->type);
    switch (v->type) {
    FWPK_PAGES_VALUE_COMMON(w, o, v)
    case FWP_V4_ADDR_MASK:
        *o++ = v->v4AddrMask != NULL;
        if (v->v4AddrMask) o = p32(p32(o, v->v4AddrMask->addr), v->v4AddrMask->mask);
        w->p = o;
        break;
    case FWP_V6_ADDR_MASK:
        *o++ = v->v6AddrMask != NULL;
        if (v->v6AddrMask) { memcpy(o, v->v6AddrMask->addr, 16); o = p8(o + 16, v->v6AddrMask->prefixLength); }
        w->p = o;
        break;
    case FWP_RANGE_TYPE:
        *o++ = v->rangeValue != NULL;
        w->p = o;
        if (v->rangeValue) { value(w, &v->rangeValue->valueLow); value(w, &v->rangeValue->valueHigh); }
        break;
    default: w->p = o; break; /* FWP_EMPTY, FWP_TOKEN_INFORMATION_TYPE, unknown */
    }
}

/* ---- structures ------------------------------------------------------------ */

static void filter(W *w, const FWPM_FILTER0 *f)
{
    uint8_t *o = res(w, 16);
    if (!o) return;
    w->p = pguid(o, &f->filterKey);
    wstr(w, f->displayData.name);
    wstr(w, f->displayData.description);
    if (!(o = res(w, 4 + 17))) return;
    w->p = poptguid(p32(o, f->flags), f->providerKey);
    blob(w, &f->providerData);
    if (!(o = res(w, 32))) return;
    w->p = pguid(pguid(o, &f->layerKey), &f->subLayerKey);
    value(w, &f->weight);
    UINT32 nc = f->filterCondition ? f->numFilterConditions : 0;
    u32(w, nc);
    for (UINT32 i = 0; i < nc; ++i) {
        const FWPM_FILTER_CONDITION0 *c = &f->filterCondition[i];
        if (!(o = res(w, 20))) return;
        w->p = p32(pguid(o, &c->fieldKey), (uint32_t)c->matchType);
        cond_value(w, &c->conditionValue);
    }
    if (!(o = res(w, 4 + 16 + 16 + 17 + 8))) return;
    o = pguid(p32(o, f->action.type), &f->action.calloutKey);
    if (f->flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT) o = pguid(o, &f->providerContextKey);
    else o = p64(o, f->rawContext);
    w->p = p64(poptguid(o, f->reserved), f->filterId);
    value(w, &f->effectiveWeight);
}

static void session(W *w, const FWPM_SESSION0 *s)
{
    uint8_t *o = res(w, 16);
    if (!o) return;
    w->p = pguid(o, &s->sessionKey);
    wstr(w, s->displayData.name);
    wstr(w, s->displayData.description);
    if (!(o = res(w, 12))) return;
    w->p = p32(p32(p32(o, s->flags), s->txnWaitTimeoutInMSec), s->processId);
    opt_sid(w, s->sid);
    wstr(w, s->username);
    u32(w, (uint32_t)s->kernelMode);
}

/* IPSEC_TRAFFIC0 / IPSEC_TRAFFIC1: the common members (at most 4 + 32 + 4 +
 * 8 + 2 bytes), then the v1 ones (2 + 1 + 8 + 4). */
#define FWPK_PAGES_TRAFFIC_COMMON(o, t)                             \
    o = p32(o, (uint32_t)(t)->ipVersion);                           \
    if ((t)->ipVersion == FWP_IP_VERSION_V6) {                      \
        memcpy(o, (t)->localV6Address, 16);                         \
        memcpy(o + 16, (t)->remoteV6Address, 16);                   \
        o += 32;                                                    \
    } else {                                                        \
        o = p32(p32(o, (t)->localV4Address), (t)->remoteV4Address); \
    }                                                               \
    o = p16(p64(p32(o, (uint32_t)(t)->trafficType), (t)->ipsecFilterId), (t)->remotePort);

static void traffic0(W *w, const IPSEC_TRAFFIC0 *t)
{
    uint8_t *o = res(w, 50);
    if (!o) return;
    FWPK_PAGES_TRAFFIC_COMMON(o, t)
    w->p = o;
}

static void traffic1(W *w, const IPSEC_TRAFFIC1 *t)
{
    uint8_t *o = res(w, 50 + 15);
    if (!o) return;
    FWPK_PAGES_TRAFFIC_COMMON(o, t)
    w->p = p32(p64(p8(p16(o, t->localPort), t->ipProtocol), t->localIfLuid), t->realIfProfileId);
}

/* AUTH / CIPHER: u32 type, u8 config, OPT GUID cryptoModuleId, BLOB key. */
static void auth(W *w, const IPSEC_SA_AUTH_INFORMATION0 *a)
{
    uint8_t *o = res(w, 4 + 1 + 17);
    if (!o) return;
    o = p8(p32(o, (uint32_t)a->authTransform.authTransformId.authType), a->authTransform.authTransformId.authConfig);
    w->p = poptguid(o, a->authTransform.cryptoModuleId);
    blob(w, &a->authKey);
}

static void cipher(W *w, const IPSEC_SA_CIPHER_INFORMATION0 *c)
{
    uint8_t *o = res(w, 4 + 1 + 17);
    if (!o) return;
    o = p8(p32(o, (uint32_t)c->cipherTransform.cipherTransformId.cipherType), c->cipherTransform.cipherTransformId.cipherConfig);
    w->p = poptguid(o, c->cipherTransform.cryptoModuleId);
    blob(w, &c->cipherKey);
}

static void sa(W *w, const IPSEC_SA0 *s)
{
    uint8_t *o = res(w, 9);
    if (!o) return;
    o = p32(p32(o, s->spi), (uint32_t)s->saTransformType);
    switch (s->saTransformType) {
    case IPSEC_TRANSFORM_AH:
    case IPSEC_TRANSFORM_ESP_AUTH:
    case IPSEC_TRANSFORM_ESP_AUTH_FW:
        w->p = p8(o, s->ahInformation != NULL);
        if (s->ahInformation) auth(w, s->ahInformation);
        break;
    case IPSEC_TRANSFORM_ESP_CIPHER:
        w->p = p8(o, s->espCipherInformation != NULL);
        if (s->espCipherInformation) cipher(w, s->espCipherInformation);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
        w->p = p8(o, s->espAuthAndCipherInformation != NULL);
        if (s->espAuthAndCipherInformation) {
            cipher(w, &s->espAuthAndCipherInformation->saCipherInformation);
            auth(w, &s->espAuthAndCipherInformation->saAuthInformation);
        }
        break;
    default: w->p = o; break;
    }
}

static void ipsec_id(W *w, const IPSEC_ID0 *id)
{
    wstr(w, id->mmTargetName);
    wstr(w, id->emTargetName);
    UINT32 n = id->tokens ? id->numTokens : 0;
    uint8_t *o = res(w, 4 + (size_t)n * 20 + 16);
    if (!o) return;
    o = p32(o, n);
    for (UINT32 i = 0; i < n; ++i)
        o = p64(p32(p32(p32(o, (uint32_t)id->tokens[i].type), (uint32_t)id->tokens[i].principal),
                    (uint32_t)id->tokens[i].mode), id->tokens[i].token);
    w->p = p64(p64(o, id->explicitCredentials), id->logonId);
}

/* IPSEC_SA_BUNDLE0 / IPSEC_SA_BUNDLE1: the common members, then the v1 ones. */
#define FWPK_PAGES_BUNDLE_COMMON(w, b)                                                                  \
    uint8_t *o = res(w, 25);                                                                            \
    if (!o) return;                                                                                     \
    o = p32(p32(p32(p32(o, (b)->flags), (b)->lifetime.lifetimeSeconds), (b)->lifetime.lifetimeKilobytes), \
            (b)->lifetime.lifetimePackets);                                                             \
    w->p = p8(p32(p32(o, (b)->idleTimeoutSeconds), (b)->ndAllowClearTimeoutSeconds), (b)->ipsecId != NULL); \
    if ((b)->ipsecId) ipsec_id(w, (b)->ipsecId);                                                        \
    UINT32 n_ = (b)->saList ? (b)->numSAs : 0;                                                          \
    if (!(o = res(w, 12))) return;                                                                      \
    w->p = p32(p32(p32(o, (b)->napContext), (b)->qmSaId), n_);                                          \
    for (UINT32 i_ = 0; i_ < n_; ++i_) sa(w, &(b)->saList[i_]);                                         \
    if (opt(w, (b)->keyModuleState)) {                                                                  \
        if (!(o = res(w, 16))) return;                                                                  \
        w->p = pguid(o, &(b)->keyModuleState->keyModuleKey);                                            \
        blob(w, &(b)->keyModuleState->stateBlob);                                                       \
    }                                                                                                   \
    if (!(o = res(w, 20 + 24))) return;                                                                 \
    o = p32(p64(p32(p32(o, (uint32_t)(b)->ipVersion), (b)->peerV4PrivateAddress), (b)->mmSaId),         \
            (uint32_t)(b)->pfsGroup);

static void bundle0(W *w, const IPSEC_SA_BUNDLE0 *b)
{
    FWPK_PAGES_BUNDLE_COMMON(w, b)
    w->p = o;
}

static void bundle1(W *w, const IPSEC_SA_BUNDLE1 *b)
{
    FWPK_PAGES_BUNDLE_COMMON(w, b)
    w->p = p64(pguid(o, &b->saLookupContext), b->qmFilterId);
}

/* OPT UDP (u16 local, u16 remote), OPT FILTER. */
static void udp_and_filter(W *w, const IPSEC_V4_UDP_ENCAPSULATION0 *u, const FWPM_FILTER0 *f)
{
    uint8_t *o = res(w, 6);
    if (!o) return;
    *o++ = u != NULL;
    if (u) o = p16(p16(o, u->localUdpEncapPort), u->remoteUdpEncapPort);
    w->p = p8(o, f != NULL);
    if (f) filter(w, f);
}

static void details0(W *w, const IPSEC_SA_DETAILS0 *d)
{
    uint8_t *o = res(w, 8);
    if (!o) return;
    w->p = p32(p32(o, (uint32_t)d->ipVersion), (uint32_t)d->saDirection);
    traffic0(w, &d->traffic);
    bundle0(w, &d->saBundle);
    udp_and_filter(w, d->udpEncapsulation, d->transportFilter);
}

static void details1(W *w, const IPSEC_SA_DETAILS1 *d)
{
    uint8_t *o = res(w, 8);
    if (!o) return;
    w->p = p32(p32(o, (uint32_t)d->ipVersion), (uint32_t)d->saDirection);
    traffic1(w, &d->traffic);
    bundle1(w, &d->saBundle);
    udp_and_filter(w, d->udpEncapsulation, d->transportFilter);
    if (!(o = res(w, 16))) return;
    w->p = p64(p64(o, d->virtualIfTunnelInfo.virtualIfTunnelId), d->virtualIfTunnelInfo.trafficSelectorId);
}

static void context0(W *w, const IPSEC_SA_CONTEXT0 *c)
{
    uint8_t *o = res(w, 9);
    if (!o) return;
    w->p = p8(p64(o, c->saContextId), c->inboundSa != NULL);
    if (c->inboundSa) details0(w, c->inboundSa);
    if (opt(w, c->outboundSa)) details0(w, c->outboundSa);
}

static void context1(W *w, const IPSEC_SA_CONTEXT1 *c)
{
    uint8_t *o = res(w, 9);
    if (!o) return;
    w->p = p8(p64(o, c->saContextId), c->inboundSa != NULL);
    if (c->inboundSa) details1(w, c->inboundSa);
    if (opt(w, c->outboundSa)) details1(w, c->outboundSa);
}

/* ---- pages -------------------------------------------------------------------- */

void fwpk_pages_buf_init(fwpk_pages_buf *b)
{
    memset(b, 0, sizeof *b);
}

void fwpk_pages_buf_free(fwpk_pages_buf *b)
{
    if (!b->grow) free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

NTSTATUS fwpk_pages_encode(fwpk_pages_buf *b, FWPK_PAGES_KIND kind, const void *const *entries, UINT32 count)
{
    if (kind < FWPK_PAGES_SA_CONTEXT0 || kind > FWPK_PAGES_SESSION0) { b->len = 0; return STATUS_INVALID_PARAMETER; }
    if (!entries) count = 0;
    W w = {b->data, b->data ? b->data + b->cap : NULL, b, 0};
    uint8_t *o = res(&w, FWPK_PAGES_HEADER_SIZE);
    if (o) /* bytes 12..15: the total length, patched below */
        w.p = p32(p32(p16(p16(p32(o, FWPK_PAGES_MAGIC), (uint16_t)FWPK_PAGES_VERSION), (uint16_t)kind), count), 0);
    for (UINT32 i = 0; i < count && !w.failed; ++i) {
        size_t at = mark(&w);
        u32(&w, 0); /* record length, patched below */
        const void *e = entries[i];
        if (e) {
            switch (kind) {
            case FWPK_PAGES_SA_CONTEXT0: context0(&w, (const IPSEC_SA_CONTEXT0 *)e); break;
            case FWPK_PAGES_SA_CONTEXT1: context1(&w, (const IPSEC_SA_CONTEXT1 *)e); break;
            case FWPK_PAGES_SA_DETAILS0: details0(&w, (const IPSEC_SA_DETAILS0 *)e); break;
            case FWPK_PAGES_SA_DETAILS1: details1(&w, (const IPSEC_SA_DETAILS1 *)e); break;
            case FWPK_PAGES_FILTER0: filter(&w, (const FWPM_FILTER0 *)e); break;
            case FWPK_PAGES_SESSION0: session(&w, (const FWPM_SESSION0 *)e); break;
            }
        }
        if (!w.failed) p32(b->data + at, (uint32_t)(mark(&w) - at - 4));
    }
    if (w.failed || mark(&w) > 0xFFFFFFFFu) {
        b->len = 0;
        return STATUS_NO_MEMORY;
    }
    b->len = mark(&w);
    p32(b->data + 12, (uint32_t)b->len);
    return STATUS_SUCCESS;
}

/* ---- call + encode + free ---------------------------------------------------------- */

static NTSTATUS finish(NTSTATUS st, fwpk_pages_buf *b, FWPK_PAGES_KIND kind, void *entries, UINT32 count, int is_array)
{
    if (st == STATUS_SUCCESS) {
        if (is_array) st = fwpk_pages_encode(b, kind, (const void *const *)entries, count);
        else {
            const void *one = entries;
            st = fwpk_pages_encode(b, kind, &one, entries ? 1 : 0);
        }
    } else {
        b->len = 0;
    }
    FwpmFreeMemory0(&entries);
    return st;
}

#define FWPK_PAGES_ENUM(fn, api, T, kind)                                                             \
    NTSTATUS fn(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested, fwpk_pages_buf *b) \
    {                                                                                                  \
        T **entries = NULL;                                                                            \
        UINT32 got = 0;                                                                                \
        NTSTATUS st = api(engineHandle, enumHandle, numEntriesRequested, &entries, &got);              \
        return finish(st, b, kind, (void *)entries, got, 1);                                           \
    }

FWPK_PAGES_ENUM(fwpk_pages_session_enum0, FwpmSessionEnum0, FWPM_SESSION0, FWPK_PAGES_SESSION0)
FWPK_PAGES_ENUM(fwpk_pages_filter_enum0, FwpmFilterEnum0, FWPM_FILTER0, FWPK_PAGES_FILTER0)
FWPK_PAGES_ENUM(fwpk_pages_sa_context_enum0, IPsecSaContextEnum0, IPSEC_SA_CONTEXT0, FWPK_PAGES_SA_CONTEXT0)
FWPK_PAGES_ENUM(fwpk_pages_sa_context_enum1, IPsecSaContextEnum1, IPSEC_SA_CONTEXT1, FWPK_PAGES_SA_CONTEXT1)
FWPK_PAGES_ENUM(fwpk_pages_sa_enum0, IPsecSaEnum0, IPSEC_SA_DETAILS0, FWPK_PAGES_SA_DETAILS0)
FWPK_PAGES_ENUM(fwpk_pages_sa_enum1, IPsecSaEnum1, IPSEC_SA_DETAILS1, FWPK_PAGES_SA_DETAILS1)

NTSTATUS fwpk_pages_filter_get_by_id0(HANDLE engineHandle, UINT64 id, fwpk_pages_buf *b)
{
    FWPM_FILTER0 *f = NULL;
    NTSTATUS st = FwpmFilterGetById0(engineHandle, id, &f);
    return finish(st, b, FWPK_PAGES_FILTER0, f, 1, 0);
}

NTSTATUS fwpk_pages_filter_get_by_key0(HANDLE engineHandle, const GUID *key, fwpk_pages_buf *b)
{
    FWPM_FILTER0 *f = NULL;
    NTSTATUS st = FwpmFilterGetByKey0(engineHandle, key, &f);
    return finish(st, b, FWPK_PAGES_FILTER0, f, 1, 0);
}

NTSTATUS fwpk_pages_sa_context_get_by_id0(HANDLE engineHandle, UINT64 id, fwpk_pages_buf *b)
{
    IPSEC_SA_CONTEXT0 *c = NULL;
    NTSTATUS st = IPsecSaContextGetById0(engineHandle, id, &c);
    return finish(st, b, FWPK_PAGES_SA_CONTEXT0, c, 1, 0);
}

NTSTATUS fwpk_pages_sa_context_get_by_id1(HANDLE engineHandle, UINT64 id, fwpk_pages_buf *b)
{
    IPSEC_SA_CONTEXT1 *c = NULL;
    NTSTATUS st = IPsecSaContextGetById1(engineHandle, id, &c);
    return finish(st, b, FWPK_PAGES_SA_CONTEXT1, c, 1, 0);
}
