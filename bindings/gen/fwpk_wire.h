/*
 * fwpk_wire.h — the hand-written runtime of the generated codec (WIRE.md):
 * the output buffer, the writer and reader primitives, the arena that holds
 * decoded inputs, and UTF-8 <-> wchar_t.  The generated fwpk_codec.c and
 * fwpk_shims.c are built on it; nothing here knows a structure.
 *
 * Plain C11, no global state.  Little-endian, unaligned.
 */
#ifndef FWPK_WIRE_H
#define FWPK_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FWPK_WIRE_MAGIC       0x47505746u /* "FWPG" */
#define FWPK_WIRE_VERSION     2u
#define FWPK_WIRE_PAGE_HEADER 20u

/*
 * The caller's output buffer.  Bytes [0, len) are the result.  When the
 * writer needs `need` bytes in all (need > cap) it calls grow(b, need), which
 * must point b->data at a buffer of at least `need` bytes that starts with the
 * old b->len bytes, set b->cap and return b->data — or return NULL (the
 * encoding then fails with STATUS_NO_MEMORY).  grow == NULL means realloc();
 * release such a buffer with fwpk_buf_free().  `ctx` belongs to grow.
 */
typedef struct fwpk_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    uint8_t *(*grow)(struct fwpk_buf *b, size_t need);
    void *ctx;
} fwpk_buf;

void fwpk_buf_init(fwpk_buf *b);
void fwpk_buf_free(fwpk_buf *b);

/* ---- writer ---------------------------------------------------------------- */

typedef struct fwpk_writer {
    fwpk_buf *b;
    int failed;
} fwpk_writer;

/* Room for n more bytes at b->data + b->len, or NULL (failed is then set). */
uint8_t *fwpk_w_grow(fwpk_writer *w, size_t n);

static inline uint8_t *fwpk_w_res(fwpk_writer *w, size_t n)
{
    fwpk_buf *b = w->b;
    return (b->cap - b->len >= n && b->data) ? b->data + b->len : fwpk_w_grow(w, n);
}

static inline void fwpk_w_u8(fwpk_writer *w, uint8_t v)
{
    uint8_t *o = fwpk_w_res(w, 1);
    if (o) { *o = v; w->b->len += 1; }
}

static inline void fwpk_w_u16(fwpk_writer *w, uint16_t v)
{
    uint8_t *o = fwpk_w_res(w, 2);
    if (o) { o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8); w->b->len += 2; }
}

static inline void fwpk_w_u32(fwpk_writer *w, uint32_t v)
{
    uint8_t *o = fwpk_w_res(w, 4);
    if (o) {
        o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8); o[2] = (uint8_t)(v >> 16); o[3] = (uint8_t)(v >> 24);
        w->b->len += 4;
    }
}

static inline void fwpk_w_u64(fwpk_writer *w, uint64_t v)
{
    uint8_t *o = fwpk_w_res(w, 8);
    if (o) {
        for (int i = 0; i < 8; ++i) o[i] = (uint8_t)(v >> (8 * i));
        w->b->len += 8;
    }
}

static inline void fwpk_w_bytes(fwpk_writer *w, const void *p, size_t n)
{
    if (!n) return;
    uint8_t *o = fwpk_w_res(w, n);
    if (o) { memcpy(o, p, n); w->b->len += n; }
}

static inline void fwpk_w_f32(fwpk_writer *w, float f) { uint32_t u; memcpy(&u, &f, 4); fwpk_w_u32(w, u); }
static inline void fwpk_w_f64(fwpk_writer *w, double f) { uint64_t u; memcpy(&u, &f, 8); fwpk_w_u64(w, u); }

/* Cursor stores into room already reserved with fwpk_w_res (the generated
 * encoder reserves the bound of a run of bounded members once, stores with
 * these, then sets b->len from the cursor: one check per run, and no reload
 * of the writer between stores). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FWPK_WIRE_LE 1
#else
#define FWPK_WIRE_LE 0
#endif
static inline uint8_t *fwpk_p8(uint8_t *o, uint8_t v) { *o = v; return o + 1; }
static inline uint8_t *fwpk_p16(uint8_t *o, uint16_t v)
{
#if FWPK_WIRE_LE
    memcpy(o, &v, 2);
#else
    o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8);
#endif
    return o + 2;
}
static inline uint8_t *fwpk_p32(uint8_t *o, uint32_t v)
{
#if FWPK_WIRE_LE
    memcpy(o, &v, 4);
#else
    o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8); o[2] = (uint8_t)(v >> 16); o[3] = (uint8_t)(v >> 24);
#endif
    return o + 4;
}
static inline uint8_t *fwpk_p64(uint8_t *o, uint64_t v)
{
#if FWPK_WIRE_LE
    memcpy(o, &v, 8);
    return o + 8;
#else
    return fwpk_p32(fwpk_p32(o, (uint32_t)v), (uint32_t)(v >> 32));
#endif
}
static inline uint8_t *fwpk_pf32(uint8_t *o, float f) { uint32_t u; memcpy(&u, &f, 4); return fwpk_p32(o, u); }
static inline uint8_t *fwpk_pf64(uint8_t *o, double f) { uint64_t u; memcpy(&u, &f, 8); return fwpk_p64(o, u); }
static inline uint8_t *fwpk_pbytes(uint8_t *o, const void *p, size_t n) { if (n) memcpy(o, p, n); return o + n; }
/* A GUID: Data1, Data2, Data3 little-endian, then Data4 (the in-memory layout on x64). */
#define fwpk_pbytes_guid(o, g) fwpk_pguid_((o), (const void *)(g))
static inline uint8_t *fwpk_pguid_(uint8_t *o, const void *g)
{
#if FWPK_WIRE_LE
    memcpy(o, g, 16);
    return o + 16;
#else
    const uint8_t *b = (const uint8_t *)g;
    uint32_t d1; uint16_t d2, d3;
    memcpy(&d1, b, 4); memcpy(&d2, b + 4, 2); memcpy(&d3, b + 6, 2);
    o = fwpk_p16(fwpk_p16(fwpk_p32(o, d1), d2), d3);
    memcpy(o, b + 8, 8);
    return o + 8;
#endif
}

/* u32 byte length (0xFFFFFFFF for NULL) then UTF-8; invalid code points -> U+FFFD. */
void fwpk_w_wstr(fwpk_writer *w, const wchar_t *s);

/* ---- arena (decoded inputs live here until the call returns) ----------------- */

typedef struct fwpk_arena {
    struct fwpk_arena_chunk *head;
} fwpk_arena;

void fwpk_arena_init(fwpk_arena *a);
/* Zeroed memory for n bytes (n may be 0: a unique non-NULL pointer), or NULL. */
void *fwpk_arena_alloc(fwpk_arena *a, size_t n);
void fwpk_arena_free(fwpk_arena *a);

/* ---- reader ---------------------------------------------------------------- */

typedef struct fwpk_reader {
    const uint8_t *p;
    size_t len;
    size_t pos;
    fwpk_arena *arena;
} fwpk_reader;

/* Each returns 0, or -1 when the input is too short (malformed). */
static inline int fwpk_r_u8(fwpk_reader *r, uint8_t *v)
{
    if (r->len - r->pos < 1) return -1;
    *v = r->p[r->pos++];
    return 0;
}

static inline int fwpk_r_u16(fwpk_reader *r, uint16_t *v)
{
    if (r->len - r->pos < 2) return -1;
    const uint8_t *q = r->p + r->pos;
    *v = (uint16_t)(q[0] | (q[1] << 8));
    r->pos += 2;
    return 0;
}

static inline int fwpk_r_u32(fwpk_reader *r, uint32_t *v)
{
    if (r->len - r->pos < 4) return -1;
    const uint8_t *q = r->p + r->pos;
    *v = (uint32_t)q[0] | ((uint32_t)q[1] << 8) | ((uint32_t)q[2] << 16) | ((uint32_t)q[3] << 24);
    r->pos += 4;
    return 0;
}

static inline int fwpk_r_u64(fwpk_reader *r, uint64_t *v)
{
    if (r->len - r->pos < 8) return -1;
    const uint8_t *q = r->p + r->pos;
    uint64_t x = 0;
    for (int i = 7; i >= 0; --i) x = (x << 8) | q[i];
    *v = x;
    r->pos += 8;
    return 0;
}

static inline int fwpk_r_bytes(fwpk_reader *r, void *dst, size_t n)
{
    if (r->len - r->pos < n) return -1;
    if (n) memcpy(dst, r->p + r->pos, n);
    r->pos += n;
    return 0;
}

static inline int fwpk_r_f32(fwpk_reader *r, float *f) { uint32_t u; if (fwpk_r_u32(r, &u)) return -1; memcpy(f, &u, 4); return 0; }
static inline int fwpk_r_f64(fwpk_reader *r, double *f) { uint64_t u; if (fwpk_r_u64(r, &u)) return -1; memcpy(f, &u, 8); return 0; }

/* Room for n elements of at least `min` encoded bytes each?  Refuses counts the
 * remaining input cannot hold, so a forged count cannot make us allocate. */
static inline int fwpk_r_fits(const fwpk_reader *r, uint64_t n, size_t min)
{
    return n <= (uint64_t)(r->len - r->pos) / (min ? min : 1) || (min == 0 && n <= (1u << 20));
}

/* A NUL-terminated wchar_t copy of a WSTR, in the arena (NULL for 0xFFFFFFFF). */
int fwpk_r_wstr(fwpk_reader *r, wchar_t **out);

/* Pages: header + records.  fwpk_page_begin writes the header; each record
 * is fwpk_page_record_begin / encode / fwpk_page_record_end; fwpk_page_end
 * patches count and length.  Returns 0 or -1 (out of memory). */
size_t fwpk_page_begin(fwpk_writer *w, uint32_t type_id);
size_t fwpk_page_record_begin(fwpk_writer *w);
void fwpk_page_record_end(fwpk_writer *w, size_t mark);
int fwpk_page_end(fwpk_writer *w, size_t start, uint32_t count);

#ifdef __cplusplus
}
#endif

#endif /* FWPK_WIRE_H */
