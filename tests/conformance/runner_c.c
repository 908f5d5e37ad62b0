/*
 * runner_c.c — the C conformance runner: a thin interpreter of compiled ops
 * (OPS.md) over the generated fwpkx_* shims.
 *
 *   runner_c <ops-dir> <raw-dir>
 *
 * For every NAME.ops (sorted) it executes the ops and writes NAME.raw.  It
 * knows no scenario syntax and prints no trace: compile.py and render.py do.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fwpmk.h"
#include "runner_c.h"

#define EXPIRE_DELAY "500"
#define FORGED_HANDLE 0x4242424242424242ull
#define MAX_VARS 512
#define MAX_OPEN 1024

static struct { char name[64]; uint64_t v; } g_vars[MAX_VARS];
static int g_nvars;
static uint64_t g_open[MAX_OPEN];  /* handles FwpmEngineOpen0 returned */
static int g_nopen;

static void die(const char *where, const char *what)
{
    fprintf(stderr, "runner_c: %s: %s\n", where, what);
    exit(2);
}

static uint64_t *var_slot(const char *name, int create)
{
    for (int i = 0; i < g_nvars; i++)
        if (!strcmp(g_vars[i].name, name)) return &g_vars[i].v;
    if (!create) return NULL;
    if (g_nvars >= MAX_VARS || strlen(name) >= sizeof g_vars[0].name) die(name, "too many / too long variables");
    snprintf(g_vars[g_nvars].name, sizeof g_vars[0].name, "%s", name);
    return &g_vars[g_nvars++].v;
}

static uint64_t value(const char *tok)
{
    if (tok[0] == '$') {
        uint64_t *v = var_slot(tok, 0);
        if (!v) die(tok, "unbound variable");
        return *v;
    }
    if (!strcmp(tok, "null")) return 0;
    if (!strcmp(tok, "forged")) return FORGED_HANDLE;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(tok, &end, 10);
    if (errno || *end || !*tok) die(tok, "bad number");
    return v;
}

static uint8_t *unhex(const char *tok, uint32_t *n)
{
    if (!strcmp(tok, "null")) { *n = 0; return NULL; }
    if (tok[0] != 'x') die(tok, "bad bytes");
    size_t l = strlen(tok + 1);
    if (l % 2) die(tok, "odd hex");
    uint8_t *p = malloc(l / 2 + 1);
    if (!p) die(tok, "out of memory");
    for (size_t i = 0; i < l / 2; i++) {
        unsigned v;
        if (sscanf(tok + 1 + 2 * i, "%2x", &v) != 1) die(tok, "bad hex");
        p[i] = (uint8_t)v;
    }
    *n = (uint32_t)(l / 2);
    return p;
}

static void put_hex(FILE *f, const uint8_t *p, size_t n)
{
    fputc('x', f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", p[i]);
}

/* The untraced reset of FORMAT.md §1, through the C API itself. */
static void reset(FILE *raw)
{
    for (int i = 0; i < g_nopen; i++) (void)FwpmEngineClose0((HANDLE)(uintptr_t)g_open[i]);
    g_nopen = 0;
    g_nvars = 0;
    HANDLE h = NULL, e = NULL;
    IPSEC_STATISTICS1 st;
    memset(&st, 0, sizeof st);
    if (FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &h) != STATUS_SUCCESS) die("reset", "FwpmEngineOpen0 failed");
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
    if (IPsecGetStatistics1(h, &st) != STATUS_SUCCESS) die("reset", "IPsecGetStatistics1 failed");
    (void)FwpmEngineClose0(h);
    fprintf(raw, "reset %u %u %ld\n", st.aggregateSaStatistics.totalSasAdded,
            st.aggregateSaStatistics.totalSasDeleted, (long)getpid());
}

/* FwpkStatusName, FwpkLibVersion(Number), FwpmFreeMemory0: no shim, no status. */
static int special(char **t, int nt, FILE *raw)
{
    const char *f = t[1];
    const char *s = NULL;
    if (!strcmp(f, "FwpkStatusName") && nt == 3) s = FwpkStatusName((NTSTATUS)(uint32_t)value(t[2]));
    else if (!strcmp(f, "FwpkLibVersion") && nt == 2) s = FwpkLibVersion();
    else if (!strcmp(f, "FwpkLibVersionNumber") && nt == 2) { fprintf(raw, "- %d\n", FwpkLibVersionNumber()); return 1; }
    else if (!strcmp(f, "FwpmFreeMemory0") && nt == 3) {
        void *p = NULL;
        if (!strcmp(t[2], "null")) FwpmFreeMemory0(NULL);
        else if (!strcmp(t[2], "nullptr")) FwpmFreeMemory0(&p);
        else die(f, "bad argument");
        fputs("-\n", raw);
        return 1;
    } else return 0;
    fputs("- ", raw);
    if (s) put_hex(raw, (const uint8_t *)s, strlen(s));
    else fputs("null", raw);
    fputc('\n', raw);
    return 1;
}

static void call(char **t, int nt, FILE *raw)
{
    if (special(t, nt, raw)) return;
    const fn_t *fn = fwpk_conf_functions;
    while (fn->name && strcmp(fn->name, t[1])) fn++;
    if (!fn->name) die(t[1], "no such function");
    arg_t a[FWPK_CONF_MAX_ARGS];
    memset(a, 0, sizeof a);
    int i = 2;
    for (int k = 0; k < fn->nargs; k++, i++) {
        if (i >= nt) die(t[1], "too few arguments");
        switch (fn->roles[k]) {
        case R_IN_U64: a[k].u = value(t[i]); break;
        case R_IN_BYTES: a[k].p = unhex(t[i], &a[k].n); break;
        default:
            if (strcmp(t[i], "out") && strcmp(t[i], "null")) die(t[1], "bad output argument");
            a[k].out = !strcmp(t[i], "out");
            fwpk_buf_init(&a[k].buf);
        }
    }
    const char *bind = NULL;
    int bind_arg = -1;
    while (i < nt) {
        if (!strcmp(t[i], "patch") && i + 4 < nt) {
            int k = atoi(t[i + 1]);
            unsigned long off = strtoul(t[i + 2], NULL, 10);
            size_t w = !strcmp(t[i + 3], "u64") ? 8 : 4;
            uint64_t v = value(t[i + 4]);
            if (k < 0 || k >= fn->nargs || !a[k].p || off + w > a[k].n) die(t[1], "bad patch");
            for (size_t b = 0; b < w; b++) a[k].p[off + b] = (uint8_t)(v >> (8 * b));
            i += 5;
        } else if (!strcmp(t[i], "bind") && i + 2 < nt) {
            bind_arg = atoi(t[i + 1]);
            bind = t[i + 2];
            if (bind_arg < 0 || bind_arg >= fn->nargs) die(t[1], "bad bind");
            i += 3;
        } else die(t[1], "unexpected token");
    }
    int32_t st = fn->call(a);
    fprintf(raw, "%08x", (unsigned)st);
    for (int k = 0; k < fn->nargs && st == 0; k++) {
        if (!a[k].out) continue;
        switch (fn->roles[k]) {
        case R_OUT_HANDLE: fputs(a[k].u ? " handle" : " null", raw); break;
        case R_OUT_U32: fprintf(raw, " %u", a[k].u32); break;
        case R_OUT_U64: fprintf(raw, " %llu", (unsigned long long)a[k].u); break;
        case R_OUT_PAGE:
            fputc(' ', raw);
            if (a[k].buf.len) put_hex(raw, a[k].buf.data, a[k].buf.len);
            else fputs("null", raw);
            break;
        default: break;
        }
    }
    fputc('\n', raw);
    if (st == 0 && !strcmp(fn->name, "FwpmEngineOpen0"))
        for (int k = 0; k < fn->nargs; k++)
            if (fn->roles[k] == R_OUT_HANDLE && a[k].out && a[k].u && g_nopen < MAX_OPEN) g_open[g_nopen++] = a[k].u;
    if (bind) {
        uint64_t v = 0;
        if (st == 0 && a[bind_arg].out) v = fn->roles[bind_arg] == R_OUT_U32 ? a[bind_arg].u32 : a[bind_arg].u;
        *var_slot(bind, 1) = v;
    }
    for (int k = 0; k < fn->nargs; k++) {
        free(a[k].p);
        fwpk_buf_free(&a[k].buf);
    }
}

static void run(const char *ops_path, const char *raw_path)
{
    FILE *in = fopen(ops_path, "r");
    if (!in) die(ops_path, strerror(errno));
    FILE *raw = fopen(raw_path, "w");
    if (!raw) die(raw_path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t l;
    while ((l = getline(&line, &cap, in)) > 0) {
        if (line[l - 1] == '\n') line[--l] = 0;
        char *t[64];
        int nt = 0;
        for (char *s = strtok(line, " "); s; s = strtok(NULL, " ")) {
            if (nt == 64) die(ops_path, "too many tokens");
            t[nt++] = s;
        }
        if (!nt || t[0][0] == '#' || !strcmp(t[0], "lit")) continue;
        if (!strcmp(t[0], "reset")) reset(raw);
        else if (!strcmp(t[0], "sleep") && nt == 2) {
            uint64_t ms = value(t[1]);
            struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        } else if (!strcmp(t[0], "call") && nt >= 2) call(t, nt, raw);
        else if (!strcmp(t[0], "error")) break;
        else die(ops_path, "unknown op");
    }
    free(line);
    fclose(in);
    if (fclose(raw)) die(raw_path, "write failed");
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <ops-dir> <raw-dir>\n", argv[0]);
        return 2;
    }
    const char *env = getenv("FWPKCLNT_EXPIRE_DELAY_MS");
    if (!env || strcmp(env, EXPIRE_DELAY)) setenv("FWPKCLNT_EXPIRE_DELAY_MS", EXPIRE_DELAY, 1);
    DIR *d = opendir(argv[1]);
    if (!d) die(argv[1], strerror(errno));
    char **names = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".ops")) continue;
        names = realloc(names, sizeof *names * (size_t)(n + 1));
        names[n] = strndup(de->d_name, l - 4);
        if (!names || !names[n]) die(argv[1], "out of memory");
        n++;
    }
    closedir(d);
    if (!n) die(argv[1], "no .ops files");
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", argv[2]);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') { *p = 0; mkdir(tmp, 0777); *p = '/'; }
    mkdir(tmp, 0777);
    for (int i = 0; i < n; i++) {
        char in[4096], out[4096];
        snprintf(in, sizeof in, "%s/%s.ops", argv[1], names[i]);
        snprintf(out, sizeof out, "%s/%s.raw", argv[2], names[i]);
        run(in, out);
        free(names[i]);
    }
    free(names);
    for (int i = 0; i < g_nopen; i++) (void)FwpmEngineClose0((HANDLE)(uintptr_t)g_open[i]);
    printf("runner_c: %d scenarios run, raw logs in %s\n", n, argv[2]);
    return 0;
}
