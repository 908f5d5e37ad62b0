/*
 * fwpkj_pages.c — the JNI side of org.fwpkclnt.Pages: one native call per enumeration page or
 * GetById/GetByKey block through the shared page codec (bindings/common/fwpk_pages.h, format
 * bindings/common/PAGES.md).
 *
 * The codec encodes straight into the caller's direct ByteBuffer (Java-owned memory, normally
 * the calling thread's reusable page buffer), so a page crosses into Java without any copy.  If
 * the page does not fit, the codec's grow callback moves it to malloc() memory; the page is then
 * parked in this thread's stash and Java, told the size it needs, allocates a larger buffer and
 * fetches it (one copy, only while the thread's buffer is growing).  The fwpmk.h block is freed by
 * the codec on every path; the stash is freed by the fetch, or replaced (and freed) by the next
 * park on the same thread.
 *
 * Return value of Pages.call (a jlong):
 *   >= 0                       the page is in the buffer, this many bytes long;
 *   in [INT_MIN, 0)            the failure status (an NTSTATUS, negative as an int);
 *   < INT_MIN                  the page is parked: it needs -(r + 2^32) bytes (Pages.fetch).
 */
#include <jni.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fwpk_pages.h"
#include "fwpkj.h"

/* Pages.java's op codes. */
enum {
    OP_SESSION_ENUM0 = 1,
    OP_FILTER_ENUM0 = 2,
    OP_SA_CONTEXT_ENUM0 = 3,
    OP_SA_CONTEXT_ENUM1 = 4,
    OP_SA_ENUM0 = 5,
    OP_SA_ENUM1 = 6,
    OP_FILTER_GET_BY_ID0 = 7,
    OP_FILTER_GET_BY_KEY0 = 8,
    OP_SA_CONTEXT_GET_BY_ID0 = 9,
    OP_SA_CONTEXT_GET_BY_ID1 = 10
};

/* A page that did not fit the caller's buffer, waiting for Pages.fetch on this thread. */
static __thread uint8_t *stash_data;
static __thread size_t stash_len;

static void stash_clear(void)
{
    free(stash_data);
    stash_data = NULL;
    stash_len = 0;
}

/* The grow callback: ctx is the Java buffer's address.  Leaves it for malloc() memory. */
static uint8_t *grow_off_java(fwpk_pages_buf *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) return NULL;
        cap *= 2;
    }
    uint8_t *d;
    if (b->data == (uint8_t *)b->ctx || b->data == NULL) {
        d = (uint8_t *)malloc(cap);
        if (!d) return NULL;
        if (b->len) memcpy(d, b->data, b->len);
    } else {
        d = (uint8_t *)realloc(b->data, cap);
        if (!d) return NULL;
    }
    b->data = d;
    b->cap = cap;
    return d;
}

static void buf_over(JNIEnv *env, jobject bb, fwpk_pages_buf *b)
{
    memset(b, 0, sizeof *b);
    b->grow = grow_off_java;
    if (bb) {
        void *p = (*env)->GetDirectBufferAddress(env, bb);
        jlong cap = (*env)->GetDirectBufferCapacity(env, bb);
        if (p && cap > 0) {
            b->data = (uint8_t *)p;
            b->cap = (size_t)cap;
        }
    }
    b->ctx = b->data;
}

/* The status / length / parked-size word for the page in b (see the header comment). */
static jlong finish(NTSTATUS st, fwpk_pages_buf *b)
{
    int off_java = b->data != NULL && b->data != (uint8_t *)b->ctx;
    if (st != STATUS_SUCCESS) {
        if (off_java) free(b->data);
        return (jlong)(jint)st;
    }
    if (!off_java) return (jlong)b->len;
    stash_clear();
    stash_data = b->data;
    stash_len = b->len;
    return -(jlong)b->len - ((jlong)1 << 32);
}

JNIEXPORT jlong JNICALL Java_org_fwpkclnt_Pages_call(JNIEnv *env, jclass cls, jint op, jlong engine, jlong handle,
                                                     jlong arg, jlong keyMsb, jlong keyLsb, jobject bb)
{
    fwpk_pages_buf b;
    buf_over(env, bb, &b);
    HANDLE e = (HANDLE)(intptr_t)engine;
    HANDLE h = (HANDLE)(intptr_t)handle;
    UINT32 n = (UINT32)arg;
    NTSTATUS st;
    switch (op) {
    case OP_SESSION_ENUM0: st = fwpk_pages_session_enum0(e, h, n, &b); break;
    case OP_FILTER_ENUM0: st = fwpk_pages_filter_enum0(e, h, n, &b); break;
    case OP_SA_CONTEXT_ENUM0: st = fwpk_pages_sa_context_enum0(e, h, n, &b); break;
    case OP_SA_CONTEXT_ENUM1: st = fwpk_pages_sa_context_enum1(e, h, n, &b); break;
    case OP_SA_ENUM0: st = fwpk_pages_sa_enum0(e, h, n, &b); break;
    case OP_SA_ENUM1: st = fwpk_pages_sa_enum1(e, h, n, &b); break;
    case OP_FILTER_GET_BY_ID0: st = fwpk_pages_filter_get_by_id0(e, (UINT64)arg, &b); break;
    case OP_FILTER_GET_BY_KEY0: {
        GUID g;
        uint64_t m = (uint64_t)keyMsb, l = (uint64_t)keyLsb;
        g.Data1 = (uint32_t)(m >> 32);
        g.Data2 = (uint16_t)(m >> 16);
        g.Data3 = (uint16_t)m;
        for (int i = 0; i < 8; i++) g.Data4[i] = (uint8_t)(l >> (56 - 8 * i));
        st = fwpk_pages_filter_get_by_key0(e, &g, &b);
        break;
    }
    case OP_SA_CONTEXT_GET_BY_ID0: st = fwpk_pages_sa_context_get_by_id0(e, (UINT64)arg, &b); break;
    case OP_SA_CONTEXT_GET_BY_ID1: st = fwpk_pages_sa_context_get_by_id1(e, (UINT64)arg, &b); break;
    default: st = STATUS_INVALID_PARAMETER; break;
    }
    return finish(st, &b);
}

/* Copies this thread's parked page into bb (capacity >= its size) and frees it; bb null just
 * frees it.  Returns the page length, or -1 if nothing was parked or bb is too small. */
JNIEXPORT jlong JNICALL Java_org_fwpkclnt_Pages_fetch(JNIEnv *env, jclass cls, jobject bb)
{
    jlong r = -1;
    if (bb && stash_data) {
        void *p = (*env)->GetDirectBufferAddress(env, bb);
        jlong cap = (*env)->GetDirectBufferCapacity(env, bb);
        if (p && cap >= 0 && (size_t)cap >= stash_len) {
            memcpy(p, stash_data, stash_len);
            r = (jlong)stash_len;
        }
    }
    stash_clear();
    return r;
}

/* ---- for the tests: the same structures through both paths ------------------------------- */

/* Java -> native through the fwpkj_in_* converters (as the raw layer passes input structures);
 * kind is an FWPK_PAGES_KIND.  The v0 forms are made from the v1 ones.  NULL on failure. */
static const void *test_native(JNIEnv *env, fwpkj_arena *a, jint kind, jobject o, IPSEC_SA_CONTEXT0 *c0)
{
    switch (kind) {
    case FWPK_PAGES_FILTER0: return fwpkj_in_filter(env, a, o);
    case FWPK_PAGES_SESSION0: return fwpkj_in_session(env, a, o);
    case FWPK_PAGES_SA_CONTEXT1: return fwpkj_in_context1(env, a, o);
    case FWPK_PAGES_SA_DETAILS1: {
        IPSEC_SA_CONTEXT1 *c = fwpkj_in_context1(env, a, o);
        return c ? c->inboundSa : NULL;
    }
    case FWPK_PAGES_SA_CONTEXT0:
    case FWPK_PAGES_SA_DETAILS0: {
        IPSEC_SA_CONTEXT1 *c = fwpkj_in_context1(env, a, o);
        if (!c || !fwpkj_context1_to_0(env, a, c, c0)) return NULL;
        return kind == FWPK_PAGES_SA_CONTEXT0 ? (const void *)c0 : (const void *)c0->inboundSa;
    }
    default: return NULL;
    }
}

/* The structure `o` (a Filter, Session or — for the context and details kinds — an SaContext
 * whose inboundSa is the details) converted to native memory and encoded as a one-record page of
 * `kind` into bb (the call's return convention). */
JNIEXPORT jlong JNICALL Java_org_fwpkclnt_Pages_encodeForTest(JNIEnv *env, jclass cls, jint kind, jobject o, jobject bb)
{
    FWPKJ_ARENA(a);
    IPSEC_SA_CONTEXT0 c0;
    const void *p = test_native(env, &a, kind, o, &c0);
    if ((*env)->ExceptionCheck(env)) return (jlong)(jint)STATUS_NO_MEMORY;
    fwpk_pages_buf b;
    buf_over(env, bb, &b);
    NTSTATUS st = fwpk_pages_encode(&b, (FWPK_PAGES_KIND)kind, &p, 1);
    return finish(st, &b);
}

/* The same native structure read back field by field (fwpkj_out_*, the raw layer's readers). */
JNIEXPORT jobject JNICALL Java_org_fwpkclnt_Pages_readForTest(JNIEnv *env, jclass cls, jint kind, jobject o)
{
    FWPKJ_ARENA(a);
    IPSEC_SA_CONTEXT0 c0;
    const void *p = test_native(env, &a, kind, o, &c0);
    if ((*env)->ExceptionCheck(env) || !p) return NULL;
    switch (kind) {
    case FWPK_PAGES_FILTER0: return fwpkj_out_filter(env, (const FWPM_FILTER0 *)p);
    case FWPK_PAGES_SESSION0: return fwpkj_out_session(env, (const FWPM_SESSION0 *)p);
    case FWPK_PAGES_SA_CONTEXT1: return fwpkj_out_context1(env, (const IPSEC_SA_CONTEXT1 *)p);
    case FWPK_PAGES_SA_CONTEXT0: return fwpkj_out_context0(env, (const IPSEC_SA_CONTEXT0 *)p);
    case FWPK_PAGES_SA_DETAILS1: return fwpkj_out_details1(env, (const IPSEC_SA_DETAILS1 *)p);
    default: return fwpkj_out_details0(env, (const IPSEC_SA_DETAILS0 *)p);
    }
}
