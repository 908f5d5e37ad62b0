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

/* The generated encoders pass a cursor o into b->data and return the
 * advanced cursor, or NULL when the buffer could not grow (failed is then
 * set).  `end` is b->data + b->cap while an encoding runs: FWPK_ROOM(n) is
 * one compare per run of bounded members, the buffer's length is set once
 * at the end. */
typedef struct fwpk_writer {
    fwpk_buf *b;
    int failed;
    uint8_t *end;
} fwpk_writer;

typedef uint8_t *(*fwpk_enc_fn)(fwpk_writer *w, uint8_t *o, const void *v);

/* The slow path of FWPK_ROOM: room for n bytes at o (the buffer grows); the new cursor or NULL. */
uint8_t *fwpk_w_room(fwpk_writer *w, uint8_t *o, size_t n);
#define FWPK_ROOM(n) \
    do { if ((size_t)(w->end - o) < (size_t)(n) && !(o = fwpk_w_room(w, o, (size_t)(n)))) return NULL; } while (0)

/* Appends one encoding by enc to w->b (w = { b, 0 }); failed is set on no memory. */
void fwpk_w_encode(fwpk_writer *w, const void *v, fwpk_enc_fn enc);

/* Cursor stores into room already reserved with FWPK_ROOM. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FWPK_WIRE_LE 1
#else
#define FWPK_WIRE_LE 0
#endif
/* n (<= 8) little-endian bytes of v at o. */
static inline uint8_t *fwpk_ple(uint8_t *o, uint64_t v, size_t n)
{
#if FWPK_WIRE_LE
    memcpy(o, &v, n);
#else
    for (size_t i = 0; i < n; ++i) o[i] = (uint8_t)(v >> (8 * i));
#endif
    return o + n;
}
static inline uint8_t *fwpk_p8(uint8_t *o, uint8_t v) { *o = v; return o + 1; }
static inline uint8_t *fwpk_p16(uint8_t *o, uint16_t v) { return fwpk_ple(o, v, 2); }
static inline uint8_t *fwpk_p32(uint8_t *o, uint32_t v) { return fwpk_ple(o, v, 4); }
static inline uint8_t *fwpk_p64(uint8_t *o, uint64_t v) { return fwpk_ple(o, v, 8); }
static inline uint8_t *fwpk_pf32(uint8_t *o, float f) { uint32_t u; memcpy(&u, &f, 4); return fwpk_p32(o, u); }
static inline uint8_t *fwpk_pf64(uint8_t *o, double f) { uint64_t u; memcpy(&u, &f, 8); return fwpk_p64(o, u); }
static inline uint8_t *fwpk_pbytes(uint8_t *o, const void *p, size_t n) { if (n) memcpy(o, p, n); return o + n; }
/* n bytes of a size known only at run time: keys and blobs are short, so
 * two overlapping fixed-size copies beat a call to memcpy. */
static inline uint8_t *fwpk_pcopy(uint8_t *o, const void *p, size_t n)
{
    const uint8_t *s = (const uint8_t *)p;
    if (n >= 8 && n <= 16) { memcpy(o, s, 8); memcpy(o + n - 8, s + n - 8, 8); }
    else if (n > 16 && n <= 32) { memcpy(o, s, 16); memcpy(o + n - 16, s + n - 16, 16); }
    else if (n) memcpy(o, s, n);
    return o + n;
}
/* A GUID: Data1, Data2, Data3 little-endian, then Data4 (the in-memory layout on x64). */
#define fwpk_pbytes_guid(o, g) fwpk_pguid_((o), (const void *)(g))
static inline uint8_t *fwpk_pguid_(uint8_t *o, const void *g)
{
#if !FWPK_WIRE_LE
    const uint8_t *b = (const uint8_t *)g;
    uint32_t d1; uint16_t d2, d3;
    memcpy(&d1, b, 4); memcpy(&d2, b + 4, 2); memcpy(&d3, b + 6, 2);
    memcpy(fwpk_p16(fwpk_p16(fwpk_p32(o, d1), d2), d3), b + 8, 8);
#else
    memcpy(o, g, 16);
#endif
    return o + 16;
}

/* u32 byte length (0xFFFFFFFF for NULL) then UTF-8; invalid code points -> U+FFFD. */
uint8_t *fwpk_c_wstr(fwpk_writer *w, uint8_t *o, const wchar_t *s);

/* u32 byte length (0xFFFFFFFF for NULL) then the bytes, unchanged (char *). */
uint8_t *fwpk_c_astr(fwpk_writer *w, uint8_t *o, const char *s);

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
#define FWPK_R_UINT(bits)                                                        \
    static inline int fwpk_r_u##bits(fwpk_reader *r, uint##bits##_t *v)         \
    {                                                                            \
        uint64_t x = 0;                                                          \
        if (r->len - r->pos < (bits) / 8) return -1;                             \
        for (size_t i = (bits) / 8; i-- > 0;) x = (x << 8) | r->p[r->pos + i];   \
        *v = (uint##bits##_t)x;                                                  \
        r->pos += (bits) / 8;                                                    \
        return 0;                                                                \
    }
FWPK_R_UINT(8)
FWPK_R_UINT(16)
FWPK_R_UINT(32)
FWPK_R_UINT(64)

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

/* n bytes of UTF-8 -> NUL-terminated wchar_t in d (room for n + 1); invalid sequences -> U+FFFD. */
void fwpk_utf8_to_wchar(const uint8_t *s, size_t n, wchar_t *d);

/* A NUL-terminated wchar_t copy of a WSTR, in the arena (NULL for 0xFFFFFFFF). */
int fwpk_r_wstr(fwpk_reader *r, wchar_t **out);

/* A NUL-terminated copy of an ASTR, in the arena (NULL for 0xFFFFFFFF);
 * a string with an embedded NUL is malformed. */
int fwpk_r_astr(fwpk_reader *r, char **out);

/* A page (WIRE.md "Pages") of `count` entries into b (b->len is reset); a NULL
 * entry is an empty record.  0, or -1 when out of memory (b->len is then 0). */
int fwpk_page(fwpk_buf *b, uint32_t type_id, const void *const *entries, uint32_t count, fwpk_enc_fn enc);

#ifdef __cplusplus
}
#endif

#endif /* FWPK_WIRE_H */
