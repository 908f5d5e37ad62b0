/*
 * roundtrip_c — the C codec's side of the golden checks.  Reads lines
 * "TYPE HEX" (one encoded structure) or "page HEX" (one page) from stdin,
 * decodes them into C structures with the generated decoder, encodes them
 * again with the generated encoder and prints the hex of the result (or
 * "malformed") on one line per input.
 */
#include "fwpk_codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unhex(const char *s, uint8_t **out, size_t *n)
{
    size_t len = strlen(s);
    if (len % 2) return -1;
    uint8_t *d = malloc(len / 2 + 1);
    if (!d) return -1;
    for (size_t i = 0; i < len / 2; ++i) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) { free(d); return -1; }
        d[i] = (uint8_t)v;
    }
    *out = d;
    *n = len / 2;
    return 0;
}

static void put_hex(const fwpk_buf *b)
{
    for (size_t i = 0; i < b->len; ++i) printf("%02x", b->data[i]);
    printf("\n");
}

static int one_struct(const fwpkc_type *t, const uint8_t *d, size_t n, fwpk_buf *out)
{
    fwpk_arena a;
    fwpk_arena_init(&a);
    fwpk_reader r = { d, n, 0, &a };
    void *v = NULL;
    int bad = t->decnew(&r, &v) || r.pos != r.len;
    if (!bad) {
        fwpk_writer w = { out, 0, NULL };
        out->len = 0;
        t->enc(&w, v);
        bad = w.failed;
    }
    fwpk_arena_free(&a);
    return bad;
}

static int one_page(const uint8_t *d, size_t n, fwpk_buf *out)
{
    if (n < FWPK_WIRE_PAGE_HEADER) return -1;
    uint32_t id = d[8] | d[9] << 8 | d[10] << 16 | (uint32_t)d[11] << 24;
    uint32_t count = d[12] | d[13] << 8 | d[14] << 16 | (uint32_t)d[15] << 24;
    const fwpkc_type *t = fwpkc_type_by_id(id);
    if (!t || count > n) return -1;
    fwpk_arena a;
    fwpk_arena_init(&a);
    void **entries = fwpk_arena_alloc(&a, count * sizeof(void *));
    size_t pos = FWPK_WIRE_PAGE_HEADER;
    int bad = entries == NULL;
    for (uint32_t i = 0; !bad && i < count; ++i) {
        if (n - pos < 4) { bad = 1; break; }
        uint32_t len = d[pos] | d[pos + 1] << 8 | d[pos + 2] << 16 | (uint32_t)d[pos + 3] << 24;
        pos += 4;
        if (n - pos < len) { bad = 1; break; }
        if (len) {
            fwpk_reader r = { d + pos, len, 0, &a };
            bad = t->decnew(&r, &entries[i]) || r.pos != r.len;
        }
        pos += len;
    }
    if (!bad) bad = pos != n || t->page(out, entries, count);
    fwpk_arena_free(&a);
    return bad;
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    fwpk_buf out;
    fwpk_buf_init(&out);
    while (getline(&line, &cap, stdin) > 0) {
        char *sp = strchr(line, ' ');
        if (!sp) continue;
        *sp = 0;
        char *hex = sp + 1;
        hex[strcspn(hex, "\r\n")] = 0;
        uint8_t *d;
        size_t n;
        if (unhex(hex, &d, &n)) { printf("malformed\n"); continue; }
        int bad;
        if (strcmp(line, "page") == 0) {
            bad = one_page(d, n, &out);
        } else {
            const fwpkc_type *t = fwpkc_type_by_name(line);
            bad = !t || one_struct(t, d, n, &out);
        }
        if (bad) printf("malformed\n");
        else put_hex(&out);
        free(d);
    }
    free(line);
    fwpk_buf_free(&out);
    return 0;
}
