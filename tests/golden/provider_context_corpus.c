/*
 * provider_context_corpus — every FWPM_PROVIDER_CONTEXT0..3 sample of the
 * golden corpus (values.py: every union arm, NULL and non-NULL pointers, empty
 * and filled arrays, every authentication method and certificate store arm)
 * is added with its own version's Add and read back with its own version's
 * GetById/GetByKey/Enum: the generated encoder gives the same bytes for what
 * went in and what came out (the library's deep copy is generated too, by
 * bindings/gen/libcopy.py, so this checks one generator against the other).
 * A sample the library must refuse gets the documented code: a type its
 * version cannot carry FWP_E_INVALID_ENUMERATOR, a NULL policy pointer
 * FWP_E_NULL_POINTER.  Every other version reads each stored sample (a
 * conversion) or reports it as not found when it cannot carry the type.
 *
 *   provider_context_corpus <corpus.txt>
 */
#include "fwpk_codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(cond, ...)                                           \
    do {                                                           \
        if (!(cond)) {                                             \
            ++failures;                                            \
            fprintf(stderr, "FAIL line %d: ", __LINE__);           \
            fprintf(stderr, __VA_ARGS__);                          \
            fprintf(stderr, "\n");                                 \
        }                                                          \
    } while (0)

static const UINT32 max_type[4] = {FWPM_GENERAL_CONTEXT, FWPM_IPSEC_DOSP_CONTEXT,
                                   FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT,
                                   FWPM_NETWORK_CONNECTION_POLICY_CONTEXT};

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

static int same_encoding(const fwpkc_type *t, const void *a, const void *b)
{
    fwpk_buf x, y;
    fwpk_buf_init(&x);
    fwpk_buf_init(&y);
    fwpk_writer wx = { &x, 0, NULL }, wy = { &y, 0, NULL };
    t->enc(&wx, a);
    t->enc(&wy, b);
    int eq = !wx.failed && !wy.failed && x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    fwpk_buf_free(&x);
    fwpk_buf_free(&y);
    return eq;
}

/* The fields of every version that a test touches, at the same offsets in all
 * four structures (checked by tests/abi; asserted here once more). */
typedef FWPM_PROVIDER_CONTEXT0 common_t;
_Static_assert(offsetof(FWPM_PROVIDER_CONTEXT3, providerContextId) == offsetof(common_t, providerContextId), "");
_Static_assert(offsetof(FWPM_PROVIDER_CONTEXT3, keyingPolicy) == offsetof(common_t, keyingPolicy), "");

static NTSTATUS add(int v, HANDLE h, const void *c, UINT64 *id)
{
    switch (v) {
    case 0: return FwpmProviderContextAdd0(h, c, NULL, id);
    case 1: return FwpmProviderContextAdd1(h, c, NULL, id);
    case 2: return FwpmProviderContextAdd2(h, c, NULL, id);
    default: return FwpmProviderContextAdd3(h, c, NULL, id);
    }
}

static NTSTATUS get_by_id(int v, HANDLE h, UINT64 id, void **out)
{
    switch (v) {
    case 0: return FwpmProviderContextGetById0(h, id, (FWPM_PROVIDER_CONTEXT0 **)out);
    case 1: return FwpmProviderContextGetById1(h, id, (FWPM_PROVIDER_CONTEXT1 **)out);
    case 2: return FwpmProviderContextGetById2(h, id, (FWPM_PROVIDER_CONTEXT2 **)out);
    default: return FwpmProviderContextGetById3(h, id, (FWPM_PROVIDER_CONTEXT3 **)out);
    }
}

static NTSTATUS get_by_key(int v, HANDLE h, const GUID *key, void **out)
{
    switch (v) {
    case 0: return FwpmProviderContextGetByKey0(h, key, (FWPM_PROVIDER_CONTEXT0 **)out);
    case 1: return FwpmProviderContextGetByKey1(h, key, (FWPM_PROVIDER_CONTEXT1 **)out);
    case 2: return FwpmProviderContextGetByKey2(h, key, (FWPM_PROVIDER_CONTEXT2 **)out);
    default: return FwpmProviderContextGetByKey3(h, key, (FWPM_PROVIDER_CONTEXT3 **)out);
    }
}

static NTSTATUS enum_page(int v, HANDLE h, HANDLE e, void ***out, UINT32 *n)
{
    switch (v) {
    case 0: return FwpmProviderContextEnum0(h, e, 100, (FWPM_PROVIDER_CONTEXT0 ***)out, n);
    case 1: return FwpmProviderContextEnum1(h, e, 100, (FWPM_PROVIDER_CONTEXT1 ***)out, n);
    case 2: return FwpmProviderContextEnum2(h, e, 100, (FWPM_PROVIDER_CONTEXT2 ***)out, n);
    default: return FwpmProviderContextEnum3(h, e, 100, (FWPM_PROVIDER_CONTEXT3 ***)out, n);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s corpus.txt\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 2; }
    HANDLE h = NULL;
    if (FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h) != 0) { fprintf(stderr, "FwpmEngineOpen0 failed\n"); return 2; }
    int round_trips[4] = {0}, refused[4] = {0}, conversions = 0;
    static char line[1 << 20];
    while (fgets(line, sizeof line, f)) {
        char *sp = strchr(line, ' ');
        if (!sp || strncmp(line, "FWPM_PROVIDER_CONTEXT", 21) != 0 || sp != line + 22) continue;
        int v = line[21] - '0';
        if (v < 0 || v > 3) continue;
        *sp = 0;
        char *hex = sp + 1;
        hex[strcspn(hex, "\r\n")] = 0;
        const fwpkc_type *t = fwpkc_type_by_name(line);
        uint8_t *bytes = NULL;
        size_t n = 0;
        CHECK(t && unhex(hex, &bytes, &n) == 0, "cannot read a %s sample", line);
        if (!t) continue;
        fwpk_arena a;
        fwpk_arena_init(&a);
        fwpk_reader r = { bytes, n, 0, &a };
        void *in = NULL;
        CHECK(t->decnew(&r, &in) == 0, "cannot decode a %s sample", line);
        if (!in) { fwpk_arena_free(&a); free(bytes); continue; }
        common_t *c = in; /* the common prefix of every version */
        /* what Add requires of every context: a name, known flags, a new key */
        if (!c->displayData.name) c->displayData.name = L"corpus sample";
        c->flags = 0;
        memset(&c->providerContextKey, 0, sizeof(GUID));
        if (c->providerKey) { /* a named provider must exist */
            FWPM_PROVIDER0 p;
            memset(&p, 0, sizeof p);
            p.providerKey = *c->providerKey;
            p.displayData.name = L"corpus provider";
            NTSTATUS pst = FwpmProviderAdd0(h, &p, NULL);
            CHECK(pst == 0 || pst == FWP_E_ALREADY_EXISTS, "provider for a %s sample: 0x%08x", line, (unsigned)pst);
        }
        UINT64 id = 0;
        NTSTATUS st = add(v, h, in, &id);
        if ((UINT32)c->type > max_type[v]) {
            CHECK(st == FWP_E_INVALID_ENUMERATOR, "%s type %u: 0x%08x", line, (unsigned)c->type, (unsigned)st);
            ++refused[v];
        } else if (c->keyingPolicy == NULL) {
            CHECK(st == FWP_E_NULL_POINTER, "%s with a NULL policy: 0x%08x", line, (unsigned)st);
            ++refused[v];
        } else {
            CHECK(st == 0, "%s type %u: Add: 0x%08x", line, (unsigned)c->type, (unsigned)st);
            if (st == 0) {
                void *out = NULL, *out2 = NULL;
                CHECK(get_by_id(v, h, id, &out) == 0, "%s: GetById", line);
                if (out) {
                    common_t *o = out;
                    CHECK(o->providerContextId == id, "%s: providerContextId", line);
                    c->providerContextKey = o->providerContextKey;
                    c->providerContextId = id;
                    CHECK(same_encoding(t, in, out), "%s type %u: GetById differs from what was added",
                          line, (unsigned)c->type);
                    CHECK(get_by_key(v, h, &o->providerContextKey, &out2) == 0 && same_encoding(t, in, out2),
                          "%s: GetByKey differs", line);
                    FwpmFreeMemory0(&out2);
                    /* an enumeration of this version returns it too, identical */
                    HANDLE e = NULL;
                    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 tmpl = { NULL, c->type };
                    CHECK(FwpmProviderContextCreateEnumHandle0(h, &tmpl, &e) == 0, "%s: CreateEnumHandle", line);
                    void **page = NULL;
                    UINT32 got = 0;
                    CHECK(enum_page(v, h, e, &page, &got) == 0 && got == 1 && same_encoding(t, in, page[0]),
                          "%s: Enum gave %u entries, or a different one", line, (unsigned)got);
                    FwpmFreeMemory0((void **)&page);
                    FwpmProviderContextDestroyEnumHandle0(h, e);
                    /* every other version: converted, or not found */
                    for (int w = 0; w < 4; ++w) {
                        if (w == v) continue;
                        void *x = NULL;
                        NTSTATUS gs = get_by_id(w, h, id, &x);
                        if ((UINT32)c->type <= max_type[w]) {
                            common_t *cx = x;
                            CHECK(gs == 0 && cx && cx->type == c->type && cx->providerContextId == id &&
                                  cx->keyingPolicy != NULL,
                                  "%s type %u read as version %d: 0x%08x", line, (unsigned)c->type, w, (unsigned)gs);
                            ++conversions;
                        } else {
                            CHECK(gs == FWP_E_PROVIDER_CONTEXT_NOT_FOUND && x == NULL,
                                  "%s type %u read as version %d: 0x%08x", line, (unsigned)c->type, w, (unsigned)gs);
                        }
                        FwpmFreeMemory0(&x);
                    }
                    ++round_trips[v];
                }
                FwpmFreeMemory0(&out);
                CHECK(FwpmProviderContextDeleteById0(h, id) == 0, "%s: DeleteById", line);
            }
        }
        fwpk_arena_free(&a);
        free(bytes);
    }
    fclose(f);
    FwpmEngineClose0(h);
    for (int v = 0; v < 4; ++v) {
        printf("FWPM_PROVIDER_CONTEXT%d: %d round trips, %d refused as documented\n", v, round_trips[v], refused[v]);
        CHECK(round_trips[v] > 0, "no FWPM_PROVIDER_CONTEXT%d sample round-tripped", v);
    }
    printf("%d cross-version reads\n", conversions);
    CHECK(conversions > 0, "no cross-version read");
    return failures ? 1 : 0;
}
