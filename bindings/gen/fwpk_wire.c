/* fwpk_wire.c — see fwpk_wire.h (runtime of the generated codec). */
#include "fwpk_wire.h"

#include <stdlib.h>

void fwpk_buf_init(fwpk_buf *b)
{
    memset(b, 0, sizeof *b);
}

void fwpk_buf_free(fwpk_buf *b)
{
    if (!b->grow) free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static uint8_t *realloc_grow(fwpk_buf *b, size_t need)
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

uint8_t *fwpk_w_room(fwpk_writer *w, uint8_t *o, size_t n)
{
    fwpk_buf *b = w->b;
    if (w->failed) return NULL;
    if (o) b->len = (size_t)(o - b->data);
    if (n > SIZE_MAX - b->len) { w->failed = 1; return NULL; }
    size_t need = b->len + n;
    if (!b->data || b->cap < need) {
        uint8_t *d = b->grow ? b->grow(b, need) : realloc_grow(b, need);
        if (!d || b->cap < need) { w->failed = 1; return NULL; }
    }
    w->end = b->data + b->cap;
    return b->data + b->len;
}

void fwpk_w_encode(fwpk_writer *w, const void *v, fwpk_enc_fn enc)
{
    uint8_t *o = fwpk_w_room(w, NULL, 0);
    if (o && (o = enc(w, o, v))) w->b->len = (size_t)(o - w->b->data);
}

static uint8_t *put32(uint8_t *o, size_t v) { return fwpk_p32(o, (uint32_t)v); }

uint8_t *fwpk_c_wstr(fwpk_writer *w, uint8_t *o, const wchar_t *s)
{
    if (!s) {
        FWPK_ROOM(4);
        return put32(o, 0xFFFFFFFFu);
    }
    size_t n = wcslen(s);
    if (n > (SIZE_MAX - 4) / 4) { w->failed = 1; return NULL; }
    FWPK_ROOM(4 + 4 * n);
    uint8_t *start = o + 4, *q = start;
    /* ASCII first: an OR over the string, then a narrowing copy (the compiler vectorises both) */
    uint32_t any = 0;
    for (size_t i = 0; i < n; ++i) any |= (uint32_t)s[i];
    if (any < 0x80) {
        for (size_t i = 0; i < n; ++i) q[i] = (uint8_t)s[i];
        return put32(o, n) + n;
    }
    for (size_t i = 0; i < n; ++i) {
        uint32_t c = (uint32_t)s[i];
        if (c < 0x80) { *q++ = (uint8_t)c; continue; }
#if WCHAR_MAX <= 0xFFFF
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && (uint32_t)s[i + 1] >= 0xDC00 && (uint32_t)s[i + 1] <= 0xDFFF) {
            c = 0x10000u + ((c - 0xD800u) << 10) + ((uint32_t)s[i + 1] - 0xDC00u);
            ++i;
        }
#endif
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
        if (c < 0x800) {
            *q++ = (uint8_t)(0xC0 | (c >> 6));
        } else if (c < 0x10000) {
            *q++ = (uint8_t)(0xE0 | (c >> 12));
            *q++ = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        } else {
            *q++ = (uint8_t)(0xF0 | (c >> 18));
            *q++ = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
            *q++ = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        }
        *q++ = (uint8_t)(0x80 | (c & 0x3F));
    }
    put32(o, (size_t)(q - start));
    return q;
}

uint8_t *fwpk_c_astr(fwpk_writer *w, uint8_t *o, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (s && n >= 0xFFFFFFFFu) { w->failed = 1; return NULL; }
    FWPK_ROOM(4 + n);
    o = put32(o, s ? n : 0xFFFFFFFFu);
    return fwpk_pbytes(o, s, n);
}

/* ---- arena ------------------------------------------------------------------ */

struct fwpk_arena_chunk {
    struct fwpk_arena_chunk *next;
    max_align_t data[];
};

void fwpk_arena_init(fwpk_arena *a) { a->head = NULL; }

void *fwpk_arena_alloc(fwpk_arena *a, size_t n)
{
    if (n > SIZE_MAX - sizeof(struct fwpk_arena_chunk) - 1) return NULL;
    struct fwpk_arena_chunk *c = (struct fwpk_arena_chunk *)calloc(1, sizeof *c + (n ? n : 1));
    if (!c) return NULL;
    c->next = a->head;
    a->head = c;
    return c->data;
}

void fwpk_arena_free(fwpk_arena *a)
{
    struct fwpk_arena_chunk *c = a->head;
    while (c) {
        struct fwpk_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
}

/* ---- reader ----------------------------------------------------------------- */

void fwpk_utf8_to_wchar(const uint8_t *s, size_t n, wchar_t *d)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = s[i], need;
        if (c < 0x80) need = 0;
        else if ((c & 0xE0) == 0xC0) { c &= 0x1F; need = 1; }
        else if ((c & 0xF0) == 0xE0) { c &= 0x0F; need = 2; }
        else if ((c & 0xF8) == 0xF0) { c &= 0x07; need = 3; }
        else { d[k++] = 0xFFFD; ++i; continue; }
        size_t j = 1;
        while (j <= need && i + j < n && (s[i + j] & 0xC0) == 0x80) { c = (c << 6) | (s[i + j] & 0x3F); ++j; }
        if (j <= need) { d[k++] = 0xFFFD; i += j; continue; }
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
#if WCHAR_MAX <= 0xFFFF
        if (c >= 0x10000) {
            d[k++] = (wchar_t)(0xD800 + ((c - 0x10000) >> 10));
            c = 0xDC00 + ((c - 0x10000) & 0x3FF);
        }
#endif
        d[k++] = (wchar_t)c;
        i += need + 1;
    }
    d[k] = 0;
}

int fwpk_r_wstr(fwpk_reader *r, wchar_t **out)
{
    uint32_t n;
    *out = NULL;
    if (fwpk_r_u32(r, &n)) return -1;
    if (n == 0xFFFFFFFFu) return 0;
    if (r->len - r->pos < n) return -1;
    wchar_t *d = (wchar_t *)fwpk_arena_alloc(r->arena, ((size_t)n + 1) * sizeof(wchar_t));
    if (!d) return -1;
    fwpk_utf8_to_wchar(r->p + r->pos, n, d);
    r->pos += n;
    *out = d;
    return 0;
}

int fwpk_r_astr(fwpk_reader *r, char **out)
{
    uint32_t n;
    *out = NULL;
    if (fwpk_r_u32(r, &n)) return -1;
    if (n == 0xFFFFFFFFu) return 0;
    if (r->len - r->pos < n) return -1;
    /* an embedded NUL could not round-trip through a C string */
    if (n && memchr(r->p + r->pos, 0, n)) return -1;
    char *d = (char *)fwpk_arena_alloc(r->arena, (size_t)n + 1);
    if (!d) return -1;
    memcpy(d, r->p + r->pos, n);
    d[n] = 0;
    r->pos += n;
    *out = d;
    return 0;
}

/* ---- pages -------------------------------------------------------------------- */

int fwpk_page(fwpk_buf *b, uint32_t type_id, const void *const *entries, uint32_t count, fwpk_enc_fn enc)
{
    fwpk_writer wr = { b, 0, NULL }, *w = &wr;
    b->len = 0;
    uint8_t *o = fwpk_w_room(w, NULL, FWPK_WIRE_PAGE_HEADER);
    if (!o) return -1;
    o = put32(o, FWPK_WIRE_MAGIC);
    o = fwpk_p16(fwpk_p16(o, FWPK_WIRE_VERSION), 0);
    o = put32(put32(o, type_id), count) + 4;  /* the length is patched below */
    for (uint32_t i = 0; i < count; ++i) {
        if ((size_t)(w->end - o) < 4 && !(o = fwpk_w_room(w, o, 4))) break;
        size_t mark = (size_t)(o - b->data);
        o += 4;
        if (entries[i] && !(o = enc(w, o, entries[i]))) break;
        put32(b->data + mark, (size_t)(o - b->data) - mark - 4);
        /* records of a page are alike: after the first, grow once for all of them
         * (an eighth more), not by doublings that copy the page again and again */
        if (i == 0 && count > 1) {
            size_t rec = (size_t)(o - b->data) - mark, more = rec + rec / 8;
            if (more && (count - 1) <= (SIZE_MAX / 2) / more) {
                size_t want = more * (count - 1);
                if ((size_t)(w->end - o) < want && !(o = fwpk_w_room(w, o, want))) break;
            }
        }
    }
    if (!o || (size_t)(o - b->data) > 0xFFFFFFFFu) {
        b->len = 0;
        return -1;
    }
    b->len = (size_t)(o - b->data);
    put32(b->data + 16, b->len);
    return 0;
}
