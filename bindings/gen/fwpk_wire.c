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

uint8_t *fwpk_w_grow(fwpk_writer *w, size_t n)
{
    fwpk_buf *b = w->b;
    if (w->failed) return NULL;
    if (n > SIZE_MAX - b->len) { w->failed = 1; return NULL; }
    size_t need = b->len + n;
    if (b->data && b->cap >= need) return b->data + b->len;
    uint8_t *d = b->grow ? b->grow(b, need) : realloc_grow(b, need);
    if (!d || b->cap < need) { w->failed = 1; return NULL; }
    return b->data + b->len;
}

void fwpk_w_wstr(fwpk_writer *w, const wchar_t *s)
{
    if (!s) { fwpk_w_u32(w, 0xFFFFFFFFu); return; }
    size_t n = wcslen(s);
    if (n > (SIZE_MAX - 4) / 4) { w->failed = 1; return; }
    uint8_t *len = fwpk_w_res(w, 4 + 4 * n);
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
    uint32_t bytes = (uint32_t)(o - len - 4);
    len[0] = (uint8_t)bytes; len[1] = (uint8_t)(bytes >> 8); len[2] = (uint8_t)(bytes >> 16); len[3] = (uint8_t)(bytes >> 24);
    w->b->len += 4 + bytes;
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

int fwpk_r_wstr(fwpk_reader *r, wchar_t **out)
{
    uint32_t n;
    *out = NULL;
    if (fwpk_r_u32(r, &n)) return -1;
    if (n == 0xFFFFFFFFu) return 0;
    if (r->len - r->pos < n) return -1;
    const uint8_t *s = r->p + r->pos;
    wchar_t *d = (wchar_t *)fwpk_arena_alloc(r->arena, ((size_t)n + 1) * sizeof(wchar_t));
    if (!d) return -1;
    size_t k = 0;
    for (uint32_t i = 0; i < n;) {
        uint32_t c = s[i], need;
        if (c < 0x80) need = 0;
        else if ((c & 0xE0) == 0xC0) { c &= 0x1F; need = 1; }
        else if ((c & 0xF0) == 0xE0) { c &= 0x0F; need = 2; }
        else if ((c & 0xF8) == 0xF0) { c &= 0x07; need = 3; }
        else { d[k++] = 0xFFFD; ++i; continue; }
        uint32_t j = 1;
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
    r->pos += n;
    *out = d;
    return 0;
}

/* ---- pages -------------------------------------------------------------------- */

static void put32_at(fwpk_buf *b, size_t at, uint32_t v)
{
    uint8_t *o = b->data + at;
    o[0] = (uint8_t)v; o[1] = (uint8_t)(v >> 8); o[2] = (uint8_t)(v >> 16); o[3] = (uint8_t)(v >> 24);
}

size_t fwpk_page_begin(fwpk_writer *w, uint32_t type_id)
{
    size_t start = w->b->len;
    fwpk_w_u32(w, FWPK_WIRE_MAGIC);
    fwpk_w_u16(w, FWPK_WIRE_VERSION);
    fwpk_w_u16(w, 0);
    fwpk_w_u32(w, type_id);
    fwpk_w_u32(w, 0);
    fwpk_w_u32(w, 0);
    return start;
}

size_t fwpk_page_record_begin(fwpk_writer *w)
{
    size_t mark = w->b->len;
    fwpk_w_u32(w, 0);
    return mark;
}

void fwpk_page_record_end(fwpk_writer *w, size_t mark)
{
    if (w->failed) return;
    put32_at(w->b, mark, (uint32_t)(w->b->len - mark - 4));
}

int fwpk_page_end(fwpk_writer *w, size_t start, uint32_t count)
{
    if (w->failed || w->b->len - start > 0xFFFFFFFFu) {
        w->b->len = 0;
        return -1;
    }
    put32_at(w->b, start + 12, count);
    put32_at(w->b, start + 16, (uint32_t)(w->b->len - start));
    return 0;
}
