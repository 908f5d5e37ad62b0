/*
 * fwpkj.c — conversions between fwpmk.h structures and the org.fwpkclnt value classes (see
 * fwpkj.h).  Class references, field and method IDs are looked up once and cached.
 */
#include "fwpkj.h"

#include <stdlib.h>

/* ---- caches ------------------------------------------------------------------------------ */

static void fwpkj_fatal(JNIEnv *env, const char *what)
{
    (*env)->FatalError(env, what);
}

static jclass cls_cached(JNIEnv *env, jclass *slot, const char *name)
{
    jclass c = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (c) return c;
    jclass local = (*env)->FindClass(env, name);
    if (!local) {
        fwpkj_fatal(env, name);
        return NULL;
    }
    jclass global = (jclass)(*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    jclass expected = NULL;
    if (!__atomic_compare_exchange_n(slot, &expected, global, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        (*env)->DeleteGlobalRef(env, global);
        return expected;
    }
    return global;
}

static jfieldID fid_cached(JNIEnv *env, jfieldID *slot, jclass c, const char *name, const char *sig)
{
    jfieldID f = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (f) return f;
    f = (*env)->GetFieldID(env, c, name, sig);
    if (!f) {
        fwpkj_fatal(env, name);
        return NULL;
    }
    __atomic_store_n(slot, f, __ATOMIC_RELEASE);
    return f;
}

static jmethodID mid_cached(JNIEnv *env, jmethodID *slot, jclass c, const char *name, const char *sig, int is_static)
{
    jmethodID m = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (m) return m;
    m = is_static ? (*env)->GetStaticMethodID(env, c, name, sig) : (*env)->GetMethodID(env, c, name, sig);
    if (!m) {
        fwpkj_fatal(env, name);
        return NULL;
    }
    __atomic_store_n(slot, m, __ATOMIC_RELEASE);
    return m;
}

#define CLS(N) __extension__({ static jclass s_; cls_cached(env, &s_, "org/fwpkclnt/" #N); })
#define JCLS(path) __extension__({ static jclass s_; cls_cached(env, &s_, path); })
#define FID(N, name, sig) __extension__({ static jfieldID s_; fid_cached(env, &s_, CLS(N), name, sig); })
#define SIG(N) "Lorg/fwpkclnt/" #N ";"
#define ASIG(N) "[Lorg/fwpkclnt/" #N ";"
#define SIG_UUID "Ljava/util/UUID;"
#define SIG_STR "Ljava/lang/String;"
#define SIG_INTEGER "Ljava/lang/Integer;"

#define GI(o, N, f) ((*env)->GetIntField(env, (o), FID(N, f, "I")))
#define GJ(o, N, f) ((*env)->GetLongField(env, (o), FID(N, f, "J")))
#define GZ(o, N, f) ((*env)->GetBooleanField(env, (o), FID(N, f, "Z")))
#define GD(o, N, f) ((*env)->GetDoubleField(env, (o), FID(N, f, "D")))
#define GO(o, N, f, sig) ((*env)->GetObjectField(env, (o), FID(N, f, sig)))
#define SI(o, N, f, v) ((*env)->SetIntField(env, (o), FID(N, f, "I"), (jint)(v)))
#define SJ(o, N, f, v) ((*env)->SetLongField(env, (o), FID(N, f, "J"), (jlong)(v)))
#define SZ(o, N, f, v) ((*env)->SetBooleanField(env, (o), FID(N, f, "Z"), (jboolean)((v) ? 1 : 0)))
#define SD(o, N, f, v) ((*env)->SetDoubleField(env, (o), FID(N, f, "D"), (jdouble)(v)))
/* Stores a new local reference and releases it. */
#define SO(o, N, f, sig, v) set_obj(env, (o), FID(N, f, sig), (v))
#define NEW(N) ((*env)->AllocObject(env, CLS(N)))
#define DEL(x) do { if (x) (*env)->DeleteLocalRef(env, (x)); } while (0)
#define FAILED() ((*env)->ExceptionCheck(env))

static void set_obj(JNIEnv *env, jobject o, jfieldID f, jobject v)
{
    if (!o) return;
    (*env)->SetObjectField(env, o, f, v);
    DEL(v);
}

/* ---- arena ------------------------------------------------------------------------------- */

struct fwpkj_chunk {
    fwpkj_chunk *next;
    max_align_t data[];
};

void fwpkj_arena_release(fwpkj_arena *a)
{
    fwpkj_chunk *c = a->head;
    while (c) {
        fwpkj_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

void fwpkj_block_release(void *pp)
{
    FwpmFreeMemory0((void **)pp);
}

static void throw_oom(JNIEnv *env)
{
    jclass c = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
    if (c) (*env)->ThrowNew(env, c, "fwpkclnt: native allocation failed");
}

static void *arena_alloc(JNIEnv *env, fwpkj_arena *a, size_t n)
{
    if (FAILED()) return NULL;
    fwpkj_chunk *c = (fwpkj_chunk *)calloc(1, sizeof *c + (n ? n : 1));
    if (!c) {
        throw_oom(env);
        return NULL;
    }
    c->next = a->head;
    a->head = c;
    return c->data;
}

#define ALLOC(T) ((T *)arena_alloc(env, a, sizeof(T)))

/* ---- boxed Integer ------------------------------------------------------------------------ */

/* Reads an Integer field: *out = its value and 1, or 0 when the field is null. */
static int get_integer(JNIEnv *env, jobject boxed, UINT32 *out)
{
    static jmethodID m;
    if (!boxed) return 0;
    jmethodID mid = mid_cached(env, &m, JCLS("java/lang/Integer"), "intValue", "()I", 0);
    *out = (UINT32)(*env)->CallIntMethod(env, boxed, mid);
    return 1;
}

static jobject new_integer(JNIEnv *env, UINT32 v)
{
    static jmethodID m;
    jclass c = JCLS("java/lang/Integer");
    jmethodID mid = mid_cached(env, &m, c, "valueOf", "(I)Ljava/lang/Integer;", 1);
    return (*env)->CallStaticObjectMethod(env, c, mid, (jint)v);
}

/* ---- GUID <-> java.util.UUID ------------------------------------------------------------- */

void fwpkj_in_guid(JNIEnv *env, jobject uuid, GUID *out)
{
    static jmethodID msb_m, lsb_m;
    memset(out, 0, sizeof *out);
    if (!uuid) return;
    jclass c = JCLS("java/util/UUID");
    jlong msb = (*env)->CallLongMethod(env, uuid, mid_cached(env, &msb_m, c, "getMostSignificantBits", "()J", 0));
    jlong lsb = (*env)->CallLongMethod(env, uuid, mid_cached(env, &lsb_m, c, "getLeastSignificantBits", "()J", 0));
    uint64_t m = (uint64_t)msb, l = (uint64_t)lsb;
    out->Data1 = (uint32_t)(m >> 32);
    out->Data2 = (uint16_t)(m >> 16);
    out->Data3 = (uint16_t)m;
    for (int i = 0; i < 8; i++) out->Data4[i] = (uint8_t)(l >> (56 - 8 * i));
}

static GUID *in_guid_ptr(JNIEnv *env, fwpkj_arena *a, jobject uuid)
{
    if (!uuid) return NULL;
    GUID *g = ALLOC(GUID);
    if (g) fwpkj_in_guid(env, uuid, g);
    return g;
}

jobject fwpkj_out_guid(JNIEnv *env, const GUID *g)
{
    static jmethodID ctor;
    if (!g) return NULL;
    jclass c = JCLS("java/util/UUID");
    uint64_t m = ((uint64_t)g->Data1 << 32) | ((uint64_t)g->Data2 << 16) | g->Data3;
    uint64_t l = 0;
    for (int i = 0; i < 8; i++) l = (l << 8) | g->Data4[i];
    return (*env)->NewObject(env, c, mid_cached(env, &ctor, c, "<init>", "(JJ)V", 0), (jlong)m, (jlong)l);
}

/* ---- strings and bytes ------------------------------------------------------------------- */

wchar_t *fwpkj_in_wstr(JNIEnv *env, fwpkj_arena *a, jstring s)
{
    if (!s) return NULL;
    jsize n = (*env)->GetStringLength(env, s);
    jchar *u = (jchar *)arena_alloc(env, a, (size_t)n * sizeof(jchar));
    wchar_t *w = (wchar_t *)arena_alloc(env, a, ((size_t)n + 1) * sizeof(wchar_t));
    if (!u || !w) return NULL;
    (*env)->GetStringRegion(env, s, 0, n, u);
    size_t k = 0;
    for (jsize i = 0; i < n; i++) {
        uint32_t c = u[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
            i++;
        }
        w[k++] = (wchar_t)c;
    }
    w[k] = 0;
    return w;
}

static jstring out_wstr(JNIEnv *env, const wchar_t *w)
{
    if (!w) return NULL;
    size_t n = 0, units = 0;
    for (; w[n]; n++) units += ((uint32_t)w[n] > 0xFFFF && (uint32_t)w[n] <= 0x10FFFF) ? 2 : 1;
    jchar stackbuf[128] = {0};
    jchar *u = units <= 128 ? stackbuf : (jchar *)malloc(units * sizeof(jchar));
    if (!u) {
        throw_oom(env);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = (uint32_t)w[i];
        if (c > 0xFFFF && c <= 0x10FFFF) {
            c -= 0x10000;
            u[k++] = (jchar)(0xD800 + (c >> 10));
            u[k++] = (jchar)(0xDC00 + (c & 0x3FF));
        } else {
            u[k++] = (jchar)(c > 0xFFFF ? 0xFFFD : c);
        }
    }
    jstring s = (*env)->NewString(env, u, (jsize)k);
    if (u != stackbuf) free(u);
    return s;
}

void *fwpkj_in_bytes(JNIEnv *env, fwpkj_arena *a, jbyteArray b)
{
    if (!b) return NULL;
    jsize n = (*env)->GetArrayLength(env, b);
    void *p = arena_alloc(env, a, (size_t)n);
    if (p) (*env)->GetByteArrayRegion(env, b, 0, n, (jbyte *)p);
    return p;
}

/* Copies up to n bytes of the array into dst (zero-padded). */
static void in_fixed_bytes(JNIEnv *env, jbyteArray b, UINT8 *dst, jsize n)
{
    memset(dst, 0, (size_t)n);
    if (!b) return;
    jsize len = (*env)->GetArrayLength(env, b);
    (*env)->GetByteArrayRegion(env, b, 0, len < n ? len : n, (jbyte *)dst);
}

static jbyteArray out_bytes(JNIEnv *env, const void *p, size_t n)
{
    if (!p) return NULL;
    jbyteArray b = (*env)->NewByteArray(env, (jsize)n);
    if (b && n) (*env)->SetByteArrayRegion(env, b, 0, (jsize)n, (const jbyte *)p);
    return b;
}

/* ByteBlob{size, data} <-> FWP_BYTE_BLOB */
static void in_blob(JNIEnv *env, fwpkj_arena *a, jobject o, FWP_BYTE_BLOB *out)
{
    out->size = 0;
    out->data = NULL;
    if (!o) return;
    out->size = (UINT32)GI(o, ByteBlob, "size");
    jbyteArray d = (jbyteArray)GO(o, ByteBlob, "data", "[B");
    if (d) {
        UINT8 *p = (UINT8 *)arena_alloc(env, a, out->size);
        if (p) {
            jsize len = (*env)->GetArrayLength(env, d);
            jsize n = (UINT32)len < out->size ? len : (jsize)out->size;
            (*env)->GetByteArrayRegion(env, d, 0, n, (jbyte *)p);
        }
        out->data = p;
        DEL(d);
    }
}

static jobject out_blob(JNIEnv *env, const FWP_BYTE_BLOB *b)
{
    jobject o = NEW(ByteBlob);
    if (!o) return NULL;
    SI(o, ByteBlob, "size", b->size);
    SO(o, ByteBlob, "data", "[B", out_bytes(env, b->data, b->size));
    return o;
}

/* ---- display data, sessions ------------------------------------------------------------ */

static void in_display(JNIEnv *env, fwpkj_arena *a, jobject o, FWPM_DISPLAY_DATA0 *d)
{
    d->name = d->description = NULL;
    if (!o) return;
    jstring n = (jstring)GO(o, DisplayData, "name", SIG_STR);
    jstring s = (jstring)GO(o, DisplayData, "description", SIG_STR);
    d->name = fwpkj_in_wstr(env, a, n);
    d->description = fwpkj_in_wstr(env, a, s);
    DEL(n);
    DEL(s);
}

static jobject out_display(JNIEnv *env, const FWPM_DISPLAY_DATA0 *d)
{
    jobject o = NEW(DisplayData);
    if (!o) return NULL;
    SO(o, DisplayData, "name", SIG_STR, out_wstr(env, d->name));
    SO(o, DisplayData, "description", SIG_STR, out_wstr(env, d->description));
    return o;
}

static size_t sid_size(const SID *s)
{
    return offsetof(SID, SubAuthority) + (size_t)s->SubAuthorityCount * sizeof(DWORD);
}

FWPM_SESSION0 *fwpkj_in_session(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    FWPM_SESSION0 *s = ALLOC(FWPM_SESSION0);
    if (!s) return NULL;
    jobject x;
    x = GO(o, Session, "sessionKey", SIG_UUID);
    fwpkj_in_guid(env, x, &s->sessionKey);
    DEL(x);
    x = GO(o, Session, "displayData", SIG(DisplayData));
    in_display(env, a, x, &s->displayData);
    DEL(x);
    s->flags = (UINT32)GI(o, Session, "flags");
    s->txnWaitTimeoutInMSec = (UINT32)GI(o, Session, "txnWaitTimeoutInMSec");
    s->processId = (DWORD)GI(o, Session, "processId");
    x = GO(o, Session, "sid", "[B");
    if (x) {
        jsize n = (*env)->GetArrayLength(env, (jbyteArray)x);
        SID *sid = (SID *)arena_alloc(env, a, (size_t)n > sizeof(SID) ? (size_t)n : sizeof(SID));
        if (sid) (*env)->GetByteArrayRegion(env, (jbyteArray)x, 0, n, (jbyte *)sid);
        s->sid = sid;
        DEL(x);
    }
    x = GO(o, Session, "username", SIG_STR);
    s->username = fwpkj_in_wstr(env, a, (jstring)x);
    DEL(x);
    s->kernelMode = GZ(o, Session, "kernelMode") ? 1 : 0;
    return s;
}

jobject fwpkj_out_session(JNIEnv *env, const FWPM_SESSION0 *s)
{
    jobject o = NEW(Session);
    if (!o) return NULL;
    SO(o, Session, "sessionKey", SIG_UUID, fwpkj_out_guid(env, &s->sessionKey));
    SO(o, Session, "displayData", SIG(DisplayData), out_display(env, &s->displayData));
    SI(o, Session, "flags", s->flags);
    SI(o, Session, "txnWaitTimeoutInMSec", s->txnWaitTimeoutInMSec);
    SI(o, Session, "processId", s->processId);
    if (s->sid) SO(o, Session, "sid", "[B", out_bytes(env, s->sid, sid_size(s->sid)));
    SO(o, Session, "username", SIG_STR, out_wstr(env, s->username));
    SZ(o, Session, "kernelMode", s->kernelMode);
    return o;
}

FWPM_SESSION_ENUM_TEMPLATE0 *fwpkj_in_session_template(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    FWPM_SESSION_ENUM_TEMPLATE0 *t = ALLOC(FWPM_SESSION_ENUM_TEMPLATE0);
    if (t) t->reserved = (UINT64)GJ(o, SessionEnumTemplate, "reserved");
    return t;
}

/* ---- values ------------------------------------------------------------------------------ */

_Static_assert(sizeof(FWP_VALUE0) == sizeof(FWP_CONDITION_VALUE0), "value layouts");

static void in_cvalue(JNIEnv *env, fwpkj_arena *a, jobject o, FWP_CONDITION_VALUE0 *v);

static void *in_value_bytes(JNIEnv *env, fwpkj_arena *a, jobject o, size_t n)
{
    jbyteArray b = (jbyteArray)GO(o, FwpValue, "bytes", "[B");
    if (!b) return NULL;
    UINT8 *p = (UINT8 *)arena_alloc(env, a, n);
    if (p) in_fixed_bytes(env, b, p, (jsize)n);
    DEL(b);
    return p;
}

static FWP_BYTE_BLOB *in_value_blob(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    jbyteArray b = (jbyteArray)GO(o, FwpValue, "bytes", "[B");
    if (!b) return NULL;
    FWP_BYTE_BLOB *blob = ALLOC(FWP_BYTE_BLOB);
    if (blob) {
        blob->size = (UINT32)(*env)->GetArrayLength(env, b);
        blob->data = (UINT8 *)fwpkj_in_bytes(env, a, b);
    }
    DEL(b);
    return blob;
}

static void in_cvalue(JNIEnv *env, fwpkj_arena *a, jobject o, FWP_CONDITION_VALUE0 *v)
{
    memset(v, 0, sizeof *v);
    if (!o) return;
    v->type = (FWP_DATA_TYPE)GI(o, FwpValue, "type");
    int np = GZ(o, FwpValue, "nullPointer");
    jlong i = GJ(o, FwpValue, "integer");
    jdouble d = GD(o, FwpValue, "floating");
    switch ((int)v->type) {
    case FWP_UINT8: v->uint8 = (UINT8)i; break;
    case FWP_UINT16: v->uint16 = (UINT16)i; break;
    case FWP_UINT32: v->uint32 = (UINT32)i; break;
    case FWP_INT8: v->int8 = (INT8)i; break;
    case FWP_INT16: v->int16 = (INT16)i; break;
    case FWP_INT32: v->int32 = (INT32)i; break;
    case FWP_FLOAT: v->float32 = (float)d; break;
    case FWP_UINT64:
        if (!np && (v->uint64 = ALLOC(UINT64))) *v->uint64 = (UINT64)i;
        break;
    case FWP_INT64:
        if (!np && (v->int64 = ALLOC(INT64))) *v->int64 = (INT64)i;
        break;
    case FWP_DOUBLE:
        if (!np && (v->double64 = ALLOC(double))) *v->double64 = d;
        break;
    case FWP_BYTE_ARRAY16_TYPE:
        if (!np) v->byteArray16 = (FWP_BYTE_ARRAY16 *)in_value_bytes(env, a, o, 16);
        break;
    case FWP_BYTE_ARRAY6_TYPE:
        if (!np) v->byteArray6 = (FWP_BYTE_ARRAY6 *)in_value_bytes(env, a, o, 6);
        break;
    case FWP_BITMAP_ARRAY64_TYPE:
        if (!np) v->bitmapArray64 = (FWP_BITMAP_ARRAY64 *)in_value_bytes(env, a, o, 8);
        break;
    case FWP_BYTE_BLOB_TYPE:
    case FWP_SECURITY_DESCRIPTOR_TYPE:
    case FWP_TOKEN_ACCESS_INFORMATION_TYPE:
        if (!np) v->byteBlob = in_value_blob(env, a, o);
        break;
    case FWP_SID:
        if (!np) {
            jbyteArray b = (jbyteArray)GO(o, FwpValue, "bytes", "[B");
            if (b) {
                jsize n = (*env)->GetArrayLength(env, b);
                v->sid = (SID *)in_value_bytes(env, a, o, (size_t)n > sizeof(SID) ? (size_t)n : sizeof(SID));
                DEL(b);
            }
        }
        break;
    case FWP_UNICODE_STRING_TYPE:
        if (!np) {
            jstring s = (jstring)GO(o, FwpValue, "unicodeString", SIG_STR);
            v->unicodeString = fwpkj_in_wstr(env, a, s);
            DEL(s);
        }
        break;
    case FWP_V4_ADDR_MASK:
        if (!np) {
            jobject m = GO(o, FwpValue, "v4AddrMask", SIG(V4AddrAndMask));
            if (m && (v->v4AddrMask = ALLOC(FWP_V4_ADDR_AND_MASK))) {
                v->v4AddrMask->addr = (UINT32)GI(m, V4AddrAndMask, "addr");
                v->v4AddrMask->mask = (UINT32)GI(m, V4AddrAndMask, "mask");
            }
            DEL(m);
        }
        break;
    case FWP_V6_ADDR_MASK:
        if (!np) {
            jobject m = GO(o, FwpValue, "v6AddrMask", SIG(V6AddrAndMask));
            if (m && (v->v6AddrMask = ALLOC(FWP_V6_ADDR_AND_MASK))) {
                jbyteArray b = (jbyteArray)GO(m, V6AddrAndMask, "addr", "[B");
                in_fixed_bytes(env, b, v->v6AddrMask->addr, 16);
                DEL(b);
                v->v6AddrMask->prefixLength = (UINT8)GI(m, V6AddrAndMask, "prefixLength");
            }
            DEL(m);
        }
        break;
    case FWP_RANGE_TYPE:
        if (!np) {
            jobject r = GO(o, FwpValue, "rangeValue", SIG(Range));
            if (r && (v->rangeValue = ALLOC(FWP_RANGE0))) {
                FWP_CONDITION_VALUE0 tmp;
                jobject lo = GO(r, Range, "valueLow", SIG(FwpValue));
                in_cvalue(env, a, lo, &tmp);
                memcpy(&v->rangeValue->valueLow, &tmp, sizeof tmp);
                DEL(lo);
                jobject hi = GO(r, Range, "valueHigh", SIG(FwpValue));
                in_cvalue(env, a, hi, &tmp);
                memcpy(&v->rangeValue->valueHigh, &tmp, sizeof tmp);
                DEL(hi);
            }
            DEL(r);
        }
        break;
    default:
        break; /* FWP_EMPTY, FWP_TOKEN_INFORMATION_TYPE (not modelled: NULL), unknown types */
    }
}

static void in_value(JNIEnv *env, fwpkj_arena *a, jobject o, FWP_VALUE0 *v)
{
    FWP_CONDITION_VALUE0 tmp;
    in_cvalue(env, a, o, &tmp);
    memcpy(v, &tmp, sizeof tmp);
}

static jobject out_cvalue(JNIEnv *env, const FWP_CONDITION_VALUE0 *v);

static jobject out_value(JNIEnv *env, const FWP_VALUE0 *v)
{
    FWP_CONDITION_VALUE0 tmp;
    memcpy(&tmp, v, sizeof tmp);
    /* an FWP_VALUE0 has no mask or range members */
    if (tmp.type == FWP_V4_ADDR_MASK || tmp.type == FWP_V6_ADDR_MASK || tmp.type == FWP_RANGE_TYPE)
        tmp.v4AddrMask = NULL;
    return out_cvalue(env, &tmp);
}

static jobject out_cvalue(JNIEnv *env, const FWP_CONDITION_VALUE0 *v)
{
    jobject o = NEW(FwpValue);
    if (!o) return NULL;
    SI(o, FwpValue, "type", v->type);
    int np = 0;
    switch ((int)v->type) {
    case FWP_UINT8: SJ(o, FwpValue, "integer", v->uint8); break;
    case FWP_UINT16: SJ(o, FwpValue, "integer", v->uint16); break;
    case FWP_UINT32: SJ(o, FwpValue, "integer", v->uint32); break;
    case FWP_INT8: SJ(o, FwpValue, "integer", v->int8); break;
    case FWP_INT16: SJ(o, FwpValue, "integer", v->int16); break;
    case FWP_INT32: SJ(o, FwpValue, "integer", v->int32); break;
    case FWP_FLOAT: SD(o, FwpValue, "floating", v->float32); break;
    case FWP_UINT64:
        if (v->uint64) SJ(o, FwpValue, "integer", *v->uint64); else np = 1;
        break;
    case FWP_INT64:
        if (v->int64) SJ(o, FwpValue, "integer", *v->int64); else np = 1;
        break;
    case FWP_DOUBLE:
        if (v->double64) SD(o, FwpValue, "floating", *v->double64); else np = 1;
        break;
    case FWP_BYTE_ARRAY16_TYPE:
        if (v->byteArray16) SO(o, FwpValue, "bytes", "[B", out_bytes(env, v->byteArray16, 16)); else np = 1;
        break;
    case FWP_BYTE_ARRAY6_TYPE:
        if (v->byteArray6) SO(o, FwpValue, "bytes", "[B", out_bytes(env, v->byteArray6, 6)); else np = 1;
        break;
    case FWP_BITMAP_ARRAY64_TYPE:
        if (v->bitmapArray64) SO(o, FwpValue, "bytes", "[B", out_bytes(env, v->bitmapArray64, 8)); else np = 1;
        break;
    case FWP_BYTE_BLOB_TYPE:
    case FWP_SECURITY_DESCRIPTOR_TYPE:
    case FWP_TOKEN_ACCESS_INFORMATION_TYPE:
        if (v->byteBlob && (v->byteBlob->data || !v->byteBlob->size))
            SO(o, FwpValue, "bytes", "[B", out_bytes(env, v->byteBlob->data ? (const void *)v->byteBlob->data : (const void *)"", v->byteBlob->size));
        else
            np = 1;
        break;
    case FWP_SID:
        if (v->sid) SO(o, FwpValue, "bytes", "[B", out_bytes(env, v->sid, sid_size(v->sid))); else np = 1;
        break;
    case FWP_UNICODE_STRING_TYPE:
        if (v->unicodeString) SO(o, FwpValue, "unicodeString", SIG_STR, out_wstr(env, v->unicodeString)); else np = 1;
        break;
    case FWP_TOKEN_INFORMATION_TYPE:
        np = v->tokenInformation == NULL;
        break;
    case FWP_V4_ADDR_MASK:
        if (v->v4AddrMask) {
            jobject m = NEW(V4AddrAndMask);
            SI(m, V4AddrAndMask, "addr", v->v4AddrMask->addr);
            SI(m, V4AddrAndMask, "mask", v->v4AddrMask->mask);
            SO(o, FwpValue, "v4AddrMask", SIG(V4AddrAndMask), m);
        } else {
            np = 1;
        }
        break;
    case FWP_V6_ADDR_MASK:
        if (v->v6AddrMask) {
            jobject m = NEW(V6AddrAndMask);
            SO(m, V6AddrAndMask, "addr", "[B", out_bytes(env, v->v6AddrMask->addr, 16));
            SI(m, V6AddrAndMask, "prefixLength", v->v6AddrMask->prefixLength);
            SO(o, FwpValue, "v6AddrMask", SIG(V6AddrAndMask), m);
        } else {
            np = 1;
        }
        break;
    case FWP_RANGE_TYPE:
        if (v->rangeValue) {
            jobject r = NEW(Range);
            SO(r, Range, "valueLow", SIG(FwpValue), out_value(env, &v->rangeValue->valueLow));
            SO(r, Range, "valueHigh", SIG(FwpValue), out_value(env, &v->rangeValue->valueHigh));
            SO(o, FwpValue, "rangeValue", SIG(Range), r);
        } else {
            np = 1;
        }
        break;
    default:
        break;
    }
    if (np) SZ(o, FwpValue, "nullPointer", 1);
    return o;
}

/* ---- filters ------------------------------------------------------------------------------ */

static FWPM_FILTER_CONDITION0 *in_conditions(JNIEnv *env, fwpkj_arena *a, jobjectArray arr, UINT32 *count)
{
    *count = 0;
    if (!arr) return NULL;
    jsize n = (*env)->GetArrayLength(env, arr);
    *count = (UINT32)n;
    FWPM_FILTER_CONDITION0 *c = (FWPM_FILTER_CONDITION0 *)arena_alloc(env, a, (size_t)n * sizeof *c);
    if (!c) return NULL;
    for (jsize i = 0; i < n && !FAILED(); i++) {
        jobject fc = (*env)->GetObjectArrayElement(env, arr, i);
        if (!fc) continue;
        jobject x = GO(fc, FilterCondition, "fieldKey", SIG_UUID);
        fwpkj_in_guid(env, x, &c[i].fieldKey);
        DEL(x);
        c[i].matchType = (FWP_MATCH_TYPE)GI(fc, FilterCondition, "matchType");
        x = GO(fc, FilterCondition, "conditionValue", SIG(FwpValue));
        in_cvalue(env, a, x, &c[i].conditionValue);
        DEL(x);
        DEL(fc);
    }
    return c;
}

FWPM_FILTER0 *fwpkj_in_filter(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    FWPM_FILTER0 *f = ALLOC(FWPM_FILTER0);
    if (!f) return NULL;
    jobject x;
    x = GO(o, Filter, "filterKey", SIG_UUID);
    fwpkj_in_guid(env, x, &f->filterKey);
    DEL(x);
    x = GO(o, Filter, "displayData", SIG(DisplayData));
    in_display(env, a, x, &f->displayData);
    DEL(x);
    f->flags = (UINT32)GI(o, Filter, "flags");
    x = GO(o, Filter, "providerKey", SIG_UUID);
    f->providerKey = in_guid_ptr(env, a, x);
    DEL(x);
    x = GO(o, Filter, "providerData", SIG(ByteBlob));
    in_blob(env, a, x, &f->providerData);
    DEL(x);
    x = GO(o, Filter, "layerKey", SIG_UUID);
    fwpkj_in_guid(env, x, &f->layerKey);
    DEL(x);
    x = GO(o, Filter, "subLayerKey", SIG_UUID);
    fwpkj_in_guid(env, x, &f->subLayerKey);
    DEL(x);
    x = GO(o, Filter, "weight", SIG(FwpValue));
    in_value(env, a, x, &f->weight);
    DEL(x);
    x = GO(o, Filter, "filterCondition", ASIG(FilterCondition));
    f->filterCondition = in_conditions(env, a, (jobjectArray)x, &f->numFilterConditions);
    DEL(x);
    x = GO(o, Filter, "numFilterConditions", SIG_INTEGER);
    get_integer(env, x, &f->numFilterConditions);
    DEL(x);
    x = GO(o, Filter, "action", SIG(Action));
    if (x) {
        f->action.type = (FWP_ACTION_TYPE)GI(x, Action, "type");
        jobject ck = GO(x, Action, "calloutKey", SIG_UUID);
        jobject ft = GO(x, Action, "filterType", SIG_UUID);
        if (ck) fwpkj_in_guid(env, ck, &f->action.calloutKey);
        else if (ft) fwpkj_in_guid(env, ft, &f->action.filterType);
        else f->action.bitmapIndex = (UINT8)GI(x, Action, "bitmapIndex");
        DEL(ck);
        DEL(ft);
        DEL(x);
    }
    x = GO(o, Filter, "providerContextKey", SIG_UUID);
    if (x) fwpkj_in_guid(env, x, &f->providerContextKey);
    else f->rawContext = (UINT64)GJ(o, Filter, "rawContext");
    DEL(x);
    x = GO(o, Filter, "reserved", SIG_UUID);
    f->reserved = in_guid_ptr(env, a, x);
    DEL(x);
    f->filterId = (UINT64)GJ(o, Filter, "filterId");
    x = GO(o, Filter, "effectiveWeight", SIG(FwpValue));
    in_value(env, a, x, &f->effectiveWeight);
    DEL(x);
    return f;
}

static jobject out_conditions(JNIEnv *env, const FWPM_FILTER_CONDITION0 *c, UINT32 n)
{
    if (!c) n = 0;
    jobjectArray arr = (*env)->NewObjectArray(env, (jsize)n, CLS(FilterCondition), NULL);
    for (UINT32 i = 0; arr && i < n && !FAILED(); i++) {
        jobject fc = NEW(FilterCondition);
        SO(fc, FilterCondition, "fieldKey", SIG_UUID, fwpkj_out_guid(env, &c[i].fieldKey));
        SI(fc, FilterCondition, "matchType", c[i].matchType);
        SO(fc, FilterCondition, "conditionValue", SIG(FwpValue), out_cvalue(env, &c[i].conditionValue));
        (*env)->SetObjectArrayElement(env, arr, (jsize)i, fc);
        DEL(fc);
    }
    return arr;
}

jobject fwpkj_out_filter(JNIEnv *env, const FWPM_FILTER0 *f)
{
    jobject o = NEW(Filter);
    if (!o) return NULL;
    SO(o, Filter, "filterKey", SIG_UUID, fwpkj_out_guid(env, &f->filterKey));
    SO(o, Filter, "displayData", SIG(DisplayData), out_display(env, &f->displayData));
    SI(o, Filter, "flags", f->flags);
    SO(o, Filter, "providerKey", SIG_UUID, fwpkj_out_guid(env, f->providerKey));
    SO(o, Filter, "providerData", SIG(ByteBlob), out_blob(env, &f->providerData));
    SO(o, Filter, "layerKey", SIG_UUID, fwpkj_out_guid(env, &f->layerKey));
    SO(o, Filter, "subLayerKey", SIG_UUID, fwpkj_out_guid(env, &f->subLayerKey));
    SO(o, Filter, "weight", SIG(FwpValue), out_value(env, &f->weight));
    SO(o, Filter, "filterCondition", ASIG(FilterCondition), out_conditions(env, f->filterCondition, f->numFilterConditions));
    SO(o, Filter, "numFilterConditions", SIG_INTEGER, new_integer(env, f->filterCondition ? f->numFilterConditions : 0));
    jobject act = NEW(Action);
    SI(act, Action, "type", f->action.type);
    if (f->action.type & FWP_ACTION_FLAG_CALLOUT)
        SO(act, Action, "calloutKey", SIG_UUID, fwpkj_out_guid(env, &f->action.calloutKey));
    else
        SO(act, Action, "filterType", SIG_UUID, fwpkj_out_guid(env, &f->action.filterType));
    SO(o, Filter, "action", SIG(Action), act);
    if (f->flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT)
        SO(o, Filter, "providerContextKey", SIG_UUID, fwpkj_out_guid(env, &f->providerContextKey));
    else
        SJ(o, Filter, "rawContext", f->rawContext);
    SO(o, Filter, "reserved", SIG_UUID, fwpkj_out_guid(env, f->reserved));
    SJ(o, Filter, "filterId", f->filterId);
    SO(o, Filter, "effectiveWeight", SIG(FwpValue), out_value(env, &f->effectiveWeight));
    return o;
}

FWPM_FILTER_ENUM_TEMPLATE0 *fwpkj_in_filter_template(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    FWPM_FILTER_ENUM_TEMPLATE0 *t = ALLOC(FWPM_FILTER_ENUM_TEMPLATE0);
    if (!t) return NULL;
    jobject x;
    x = GO(o, FilterEnumTemplate, "providerKey", SIG_UUID);
    t->providerKey = in_guid_ptr(env, a, x);
    DEL(x);
    x = GO(o, FilterEnumTemplate, "layerKey", SIG_UUID);
    fwpkj_in_guid(env, x, &t->layerKey);
    DEL(x);
    t->enumType = (FWP_FILTER_ENUM_TYPE)GI(o, FilterEnumTemplate, "enumType");
    t->flags = (UINT32)GI(o, FilterEnumTemplate, "flags");
    x = GO(o, FilterEnumTemplate, "providerContextTemplate", SIG(ProviderContextEnumTemplate));
    if (x && (t->providerContextTemplate = ALLOC(FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0))) {
        jobject k = GO(x, ProviderContextEnumTemplate, "providerKey", SIG_UUID);
        t->providerContextTemplate->providerKey = in_guid_ptr(env, a, k);
        DEL(k);
        t->providerContextTemplate->providerContextType =
            (FWPM_PROVIDER_CONTEXT_TYPE)GI(x, ProviderContextEnumTemplate, "providerContextType");
    }
    DEL(x);
    x = GO(o, FilterEnumTemplate, "filterCondition", ASIG(FilterCondition));
    t->filterCondition = in_conditions(env, a, (jobjectArray)x, &t->numFilterConditions);
    DEL(x);
    x = GO(o, FilterEnumTemplate, "numFilterConditions", SIG_INTEGER);
    get_integer(env, x, &t->numFilterConditions);
    DEL(x);
    t->actionMask = (UINT32)GI(o, FilterEnumTemplate, "actionMask");
    x = GO(o, FilterEnumTemplate, "calloutKey", SIG_UUID);
    t->calloutKey = in_guid_ptr(env, a, x);
    DEL(x);
    return t;
}

/* ---- traffic, GetSpi ---------------------------------------------------------------------- */

/* addr_version picks the V4/V6 member of the address union: the traffic's own ipVersion
 * (addr_version < 0), or under a GETSPI the GETSPI's, which the engine reads instead (IPv6
 * keying code leaves inboundIpsecTraffic.ipVersion 0: docs/decisions.md, "IP version of
 * GetSpi's inbound traffic"). */
static void in_traffic_as(JNIEnv *env, jobject o, IPSEC_TRAFFIC1 *t, int addr_version)
{
    memset(t, 0, sizeof *t);
    if (!o) return;
    t->ipVersion = (FWP_IP_VERSION)GI(o, Traffic, "ipVersion");
    if ((addr_version < 0 ? (int)t->ipVersion : addr_version) == FWP_IP_VERSION_V6) {
        jbyteArray l = (jbyteArray)GO(o, Traffic, "localV6Address", "[B");
        jbyteArray r = (jbyteArray)GO(o, Traffic, "remoteV6Address", "[B");
        in_fixed_bytes(env, l, t->localV6Address, 16);
        in_fixed_bytes(env, r, t->remoteV6Address, 16);
        DEL(l);
        DEL(r);
    } else {
        t->localV4Address = (UINT32)GI(o, Traffic, "localV4Address");
        t->remoteV4Address = (UINT32)GI(o, Traffic, "remoteV4Address");
    }
    t->trafficType = (IPSEC_TRAFFIC_TYPE)GI(o, Traffic, "trafficType");
    if (t->trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL)
        t->tunnelPolicyId = (UINT64)GJ(o, Traffic, "tunnelPolicyId");
    else
        t->ipsecFilterId = (UINT64)GJ(o, Traffic, "ipsecFilterId");
    t->remotePort = (UINT16)GI(o, Traffic, "remotePort");
    t->localPort = (UINT16)GI(o, Traffic, "localPort");
    t->ipProtocol = (UINT8)GI(o, Traffic, "ipProtocol");
    t->localIfLuid = (UINT64)GJ(o, Traffic, "localIfLuid");
    t->realIfProfileId = (UINT32)GI(o, Traffic, "realIfProfileId");
}

static void in_traffic(JNIEnv *env, jobject o, IPSEC_TRAFFIC1 *t)
{
    in_traffic_as(env, o, t, -1);
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

static void traffic0_to_1(const IPSEC_TRAFFIC0 *t0, IPSEC_TRAFFIC1 *t1)
{
    memset(t1, 0, sizeof *t1);
    t1->ipVersion = t0->ipVersion;
    memcpy(t1->localV6Address, t0->localV6Address, 16);
    memcpy(t1->remoteV6Address, t0->remoteV6Address, 16);
    t1->trafficType = t0->trafficType;
    t1->ipsecFilterId = t0->ipsecFilterId;
    t1->remotePort = t0->remotePort;
}

IPSEC_TRAFFIC1 *fwpkj_in_traffic1(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_TRAFFIC1 *t = ALLOC(IPSEC_TRAFFIC1);
    if (t) in_traffic(env, o, t);
    return t;
}

IPSEC_TRAFFIC0 *fwpkj_in_traffic0(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_TRAFFIC1 t1;
    IPSEC_TRAFFIC0 *t = ALLOC(IPSEC_TRAFFIC0);
    if (!t) return NULL;
    in_traffic(env, o, &t1);
    traffic1_to_0(&t1, t);
    return t;
}

static jobject out_traffic(JNIEnv *env, const IPSEC_TRAFFIC1 *t)
{
    jobject o = NEW(Traffic);
    if (!o) return NULL;
    SI(o, Traffic, "ipVersion", t->ipVersion);
    if (t->ipVersion == FWP_IP_VERSION_V6) {
        SO(o, Traffic, "localV6Address", "[B", out_bytes(env, t->localV6Address, 16));
        SO(o, Traffic, "remoteV6Address", "[B", out_bytes(env, t->remoteV6Address, 16));
    } else {
        SI(o, Traffic, "localV4Address", t->localV4Address);
        SI(o, Traffic, "remoteV4Address", t->remoteV4Address);
    }
    SI(o, Traffic, "trafficType", t->trafficType);
    SJ(o, Traffic, "ipsecFilterId", t->ipsecFilterId);
    SJ(o, Traffic, "tunnelPolicyId", t->tunnelPolicyId);
    SI(o, Traffic, "remotePort", t->remotePort);
    SI(o, Traffic, "localPort", t->localPort);
    SI(o, Traffic, "ipProtocol", t->ipProtocol);
    SJ(o, Traffic, "localIfLuid", t->localIfLuid);
    SI(o, Traffic, "realIfProfileId", t->realIfProfileId);
    return o;
}

IPSEC_VIRTUAL_IF_TUNNEL_INFO0 *fwpkj_in_vif(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_VIRTUAL_IF_TUNNEL_INFO0 *v = ALLOC(IPSEC_VIRTUAL_IF_TUNNEL_INFO0);
    if (!v) return NULL;
    v->virtualIfTunnelId = (UINT64)GJ(o, VirtualIfTunnelInfo, "virtualIfTunnelId");
    v->trafficSelectorId = (UINT64)GJ(o, VirtualIfTunnelInfo, "trafficSelectorId");
    return v;
}

static IPSEC_V4_UDP_ENCAPSULATION0 *in_udp(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    if (!o) return NULL;
    IPSEC_V4_UDP_ENCAPSULATION0 *u = ALLOC(IPSEC_V4_UDP_ENCAPSULATION0);
    if (!u) return NULL;
    u->localUdpEncapPort = (UINT16)GI(o, V4UdpEncapsulation, "localUdpEncapPort");
    u->remoteUdpEncapPort = (UINT16)GI(o, V4UdpEncapsulation, "remoteUdpEncapPort");
    return u;
}

static jobject out_udp(JNIEnv *env, const IPSEC_V4_UDP_ENCAPSULATION0 *u)
{
    if (!u) return NULL;
    jobject o = NEW(V4UdpEncapsulation);
    SI(o, V4UdpEncapsulation, "localUdpEncapPort", u->localUdpEncapPort);
    SI(o, V4UdpEncapsulation, "remoteUdpEncapPort", u->remoteUdpEncapPort);
    return o;
}

static void in_getspi(JNIEnv *env, fwpkj_arena *a, jobject o, IPSEC_GETSPI1 *g)
{
    memset(g, 0, sizeof *g);
    g->ipVersion = (FWP_IP_VERSION)GI(o, GetSpi, "ipVersion");
    jobject x = GO(o, GetSpi, "inboundIpsecTraffic", SIG(Traffic));
    in_traffic_as(env, x, &g->inboundIpsecTraffic, (int)g->ipVersion);
    DEL(x);
    x = GO(o, GetSpi, "inboundUdpEncapsulation", SIG(V4UdpEncapsulation));
    g->inboundUdpEncapsulation = in_udp(env, a, x);
    DEL(x);
    x = GO(o, GetSpi, "rngCryptoModuleID", SIG_UUID);
    g->rngCryptoModuleID = in_guid_ptr(env, a, x);
    DEL(x);
}

IPSEC_GETSPI1 *fwpkj_in_getspi1(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_GETSPI1 *g = ALLOC(IPSEC_GETSPI1);
    if (g) in_getspi(env, a, o, g);
    return g;
}

IPSEC_GETSPI0 *fwpkj_in_getspi0(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_GETSPI1 g1;
    IPSEC_GETSPI0 *g = ALLOC(IPSEC_GETSPI0);
    if (!g) return NULL;
    in_getspi(env, a, o, &g1);
    traffic1_to_0(&g1.inboundIpsecTraffic, &g->inboundIpsecTraffic);
    g->ipVersion = g1.ipVersion;
    g->inboundUdpEncapsulation = g1.inboundUdpEncapsulation;
    g->rngCryptoModuleID = g1.rngCryptoModuleID;
    return g;
}

/* ---- SAs and bundles --------------------------------------------------------------------- */

static IPSEC_SA_AUTH_INFORMATION0 *in_auth_info(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_AUTH_INFORMATION0 *i = ALLOC(IPSEC_SA_AUTH_INFORMATION0);
    if (!i) return NULL;
    jobject t = GO(o, SaAuthInformation, "authTransform", SIG(AuthTransform));
    if (t) {
        jobject id = GO(t, AuthTransform, "authTransformId", SIG(AuthTransformId));
        if (id) {
            i->authTransform.authTransformId.authType = (IPSEC_AUTH_TYPE)GI(id, AuthTransformId, "authType");
            i->authTransform.authTransformId.authConfig = (IPSEC_AUTH_CONFIG)GI(id, AuthTransformId, "authConfig");
        }
        DEL(id);
        jobject m = GO(t, AuthTransform, "cryptoModuleId", SIG_UUID);
        i->authTransform.cryptoModuleId = in_guid_ptr(env, a, m);
        DEL(m);
    }
    DEL(t);
    jobject k = GO(o, SaAuthInformation, "authKey", SIG(ByteBlob));
    in_blob(env, a, k, &i->authKey);
    DEL(k);
    return i;
}

static IPSEC_SA_CIPHER_INFORMATION0 *in_cipher_info(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_CIPHER_INFORMATION0 *i = ALLOC(IPSEC_SA_CIPHER_INFORMATION0);
    if (!i) return NULL;
    jobject t = GO(o, SaCipherInformation, "cipherTransform", SIG(CipherTransform));
    if (t) {
        jobject id = GO(t, CipherTransform, "cipherTransformId", SIG(CipherTransformId));
        if (id) {
            i->cipherTransform.cipherTransformId.cipherType = (IPSEC_CIPHER_TYPE)GI(id, CipherTransformId, "cipherType");
            i->cipherTransform.cipherTransformId.cipherConfig = (IPSEC_CIPHER_CONFIG)GI(id, CipherTransformId, "cipherConfig");
        }
        DEL(id);
        jobject m = GO(t, CipherTransform, "cryptoModuleId", SIG_UUID);
        i->cipherTransform.cryptoModuleId = in_guid_ptr(env, a, m);
        DEL(m);
    }
    DEL(t);
    jobject k = GO(o, SaCipherInformation, "cipherKey", SIG(ByteBlob));
    in_blob(env, a, k, &i->cipherKey);
    DEL(k);
    return i;
}

static IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 *in_auth_cipher_info(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 *i = ALLOC(IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0);
    if (!i) return NULL;
    jobject c = GO(o, SaAuthAndCipherInformation, "saCipherInformation", SIG(SaCipherInformation));
    if (c) {
        IPSEC_SA_CIPHER_INFORMATION0 *ci = in_cipher_info(env, a, c);
        if (ci) i->saCipherInformation = *ci;
    }
    DEL(c);
    jobject au = GO(o, SaAuthAndCipherInformation, "saAuthInformation", SIG(SaAuthInformation));
    if (au) {
        IPSEC_SA_AUTH_INFORMATION0 *ai = in_auth_info(env, a, au);
        if (ai) i->saAuthInformation = *ai;
    }
    DEL(au);
    return i;
}

static void in_sa(JNIEnv *env, fwpkj_arena *a, jobject o, IPSEC_SA0 *sa)
{
    memset(sa, 0, sizeof *sa);
    if (!o) return;
    sa->spi = (IPSEC_SA_SPI)GI(o, Sa, "spi");
    sa->saTransformType = (IPSEC_TRANSFORM_TYPE)GI(o, Sa, "saTransformType");
    jobject ah = GO(o, Sa, "ahInformation", SIG(SaAuthInformation));
    jobject ea = GO(o, Sa, "espAuthInformation", SIG(SaAuthInformation));
    jobject ec = GO(o, Sa, "espCipherInformation", SIG(SaCipherInformation));
    jobject eac = GO(o, Sa, "espAuthAndCipherInformation", SIG(SaAuthAndCipherInformation));
    jobject fw = GO(o, Sa, "espAuthFwInformation", SIG(SaAuthInformation));
    /* The three auth-only members are interchangeable: the one named after the type wins. */
    jobject auth = NULL;
    switch ((int)sa->saTransformType) {
    case IPSEC_TRANSFORM_AH: auth = ah ? ah : ea ? ea : fw; break;
    case IPSEC_TRANSFORM_ESP_AUTH: auth = ea ? ea : ah ? ah : fw; break;
    case IPSEC_TRANSFORM_ESP_AUTH_FW: auth = fw ? fw : ea ? ea : ah; break;
    default: break;
    }
    switch ((int)sa->saTransformType) {
    case IPSEC_TRANSFORM_AH:
    case IPSEC_TRANSFORM_ESP_AUTH:
    case IPSEC_TRANSFORM_ESP_AUTH_FW:
        if (auth) sa->ahInformation = in_auth_info(env, a, auth);
        break;
    case IPSEC_TRANSFORM_ESP_CIPHER:
        if (ec) sa->espCipherInformation = in_cipher_info(env, a, ec);
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
        if (eac) sa->espAuthAndCipherInformation = in_auth_cipher_info(env, a, eac);
        break;
    default: /* an undefined type: whatever member is set, as the largest information */
        if (eac) sa->espAuthAndCipherInformation = in_auth_cipher_info(env, a, eac);
        else if (ec) sa->espCipherInformation = in_cipher_info(env, a, ec);
        else if (ah || ea || fw) sa->ahInformation = in_auth_info(env, a, ah ? ah : ea ? ea : fw);
        break;
    }
    DEL(ah);
    DEL(ea);
    DEL(ec);
    DEL(eac);
    DEL(fw);
}

static IPSEC_ID0 *in_ipsec_id(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    if (!o) return NULL;
    IPSEC_ID0 *id = ALLOC(IPSEC_ID0);
    if (!id) return NULL;
    jstring s = (jstring)GO(o, IpsecId, "mmTargetName", SIG_STR);
    id->mmTargetName = fwpkj_in_wstr(env, a, s);
    DEL(s);
    s = (jstring)GO(o, IpsecId, "emTargetName", SIG_STR);
    id->emTargetName = fwpkj_in_wstr(env, a, s);
    DEL(s);
    jobjectArray toks = (jobjectArray)GO(o, IpsecId, "tokens", ASIG(Token));
    if (toks) {
        jsize n = (*env)->GetArrayLength(env, toks);
        id->numTokens = (UINT32)n;
        id->tokens = (IPSEC_TOKEN0 *)arena_alloc(env, a, (size_t)n * sizeof(IPSEC_TOKEN0));
        for (jsize i = 0; id->tokens && i < n && !FAILED(); i++) {
            jobject t = (*env)->GetObjectArrayElement(env, toks, i);
            if (!t) continue;
            id->tokens[i].type = (IPSEC_TOKEN_TYPE)GI(t, Token, "type");
            id->tokens[i].principal = (IPSEC_TOKEN_PRINCIPAL)GI(t, Token, "principal");
            id->tokens[i].mode = (IPSEC_TOKEN_MODE)GI(t, Token, "mode");
            id->tokens[i].token = (IPSEC_TOKEN_HANDLE)GJ(t, Token, "token");
            DEL(t);
        }
        DEL(toks);
    }
    jobject n = GO(o, IpsecId, "numTokens", SIG_INTEGER);
    get_integer(env, n, &id->numTokens);
    DEL(n);
    id->explicitCredentials = (UINT64)GJ(o, IpsecId, "explicitCredentials");
    id->logonId = (UINT64)GJ(o, IpsecId, "logonId");
    return id;
}

static void in_bundle(JNIEnv *env, fwpkj_arena *a, jobject o, IPSEC_SA_BUNDLE1 *b)
{
    memset(b, 0, sizeof *b);
    if (!o) return;
    b->flags = (UINT32)GI(o, SaBundle, "flags");
    jobject x = GO(o, SaBundle, "lifetime", SIG(SaLifetime));
    if (x) {
        b->lifetime.lifetimeSeconds = (UINT32)GI(x, SaLifetime, "lifetimeSeconds");
        b->lifetime.lifetimeKilobytes = (UINT32)GI(x, SaLifetime, "lifetimeKilobytes");
        b->lifetime.lifetimePackets = (UINT32)GI(x, SaLifetime, "lifetimePackets");
        DEL(x);
    }
    b->idleTimeoutSeconds = (UINT32)GI(o, SaBundle, "idleTimeoutSeconds");
    b->ndAllowClearTimeoutSeconds = (UINT32)GI(o, SaBundle, "ndAllowClearTimeoutSeconds");
    x = GO(o, SaBundle, "ipsecId", SIG(IpsecId));
    b->ipsecId = in_ipsec_id(env, a, x);
    DEL(x);
    b->napContext = (UINT32)GI(o, SaBundle, "napContext");
    b->qmSaId = (UINT32)GI(o, SaBundle, "qmSaId");
    jobjectArray sas = (jobjectArray)GO(o, SaBundle, "saList", ASIG(Sa));
    if (sas) {
        jsize n = (*env)->GetArrayLength(env, sas);
        b->numSAs = (UINT32)n;
        b->saList = (IPSEC_SA0 *)arena_alloc(env, a, (size_t)n * sizeof(IPSEC_SA0));
        for (jsize i = 0; b->saList && i < n && !FAILED(); i++) {
            jobject s = (*env)->GetObjectArrayElement(env, sas, i);
            in_sa(env, a, s, &b->saList[i]);
            DEL(s);
        }
        DEL(sas);
    }
    x = GO(o, SaBundle, "numSAs", SIG_INTEGER);
    get_integer(env, x, &b->numSAs);
    DEL(x);
    x = GO(o, SaBundle, "keyModuleState", SIG(KeyModuleState));
    if (x && (b->keyModuleState = ALLOC(IPSEC_KEYMODULE_STATE0))) {
        jobject k = GO(x, KeyModuleState, "keyModuleKey", SIG_UUID);
        fwpkj_in_guid(env, k, &b->keyModuleState->keyModuleKey);
        DEL(k);
        k = GO(x, KeyModuleState, "stateBlob", SIG(ByteBlob));
        in_blob(env, a, k, &b->keyModuleState->stateBlob);
        DEL(k);
    }
    DEL(x);
    b->ipVersion = (FWP_IP_VERSION)GI(o, SaBundle, "ipVersion");
    b->peerV4PrivateAddress = (UINT32)GI(o, SaBundle, "peerV4PrivateAddress");
    b->mmSaId = (UINT64)GJ(o, SaBundle, "mmSaId");
    b->pfsGroup = (IPSEC_PFS_GROUP)GI(o, SaBundle, "pfsGroup");
    x = GO(o, SaBundle, "saLookupContext", SIG_UUID);
    fwpkj_in_guid(env, x, &b->saLookupContext);
    DEL(x);
    b->qmFilterId = (UINT64)GJ(o, SaBundle, "qmFilterId");
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

static void bundle0_to_1(const IPSEC_SA_BUNDLE0 *b0, IPSEC_SA_BUNDLE1 *b1)
{
    memset(b1, 0, sizeof *b1);
    b1->flags = b0->flags;
    b1->lifetime = b0->lifetime;
    b1->idleTimeoutSeconds = b0->idleTimeoutSeconds;
    b1->ndAllowClearTimeoutSeconds = b0->ndAllowClearTimeoutSeconds;
    b1->ipsecId = b0->ipsecId;
    b1->napContext = b0->napContext;
    b1->qmSaId = b0->qmSaId;
    b1->numSAs = b0->numSAs;
    b1->saList = b0->saList;
    b1->keyModuleState = b0->keyModuleState;
    b1->ipVersion = b0->ipVersion;
    b1->peerV4PrivateAddress = b0->peerV4PrivateAddress;
    b1->mmSaId = b0->mmSaId;
    b1->pfsGroup = b0->pfsGroup;
}

IPSEC_SA_BUNDLE1 *fwpkj_in_bundle1(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_BUNDLE1 *b = ALLOC(IPSEC_SA_BUNDLE1);
    if (b) in_bundle(env, a, o, b);
    return b;
}

IPSEC_SA_BUNDLE0 *fwpkj_in_bundle0(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_BUNDLE1 b1;
    IPSEC_SA_BUNDLE0 *b = ALLOC(IPSEC_SA_BUNDLE0);
    if (!b) return NULL;
    in_bundle(env, a, o, &b1);
    bundle1_to_0(&b1, b);
    return b;
}

static jobject out_auth_info(JNIEnv *env, const IPSEC_SA_AUTH_INFORMATION0 *i)
{
    jobject o = NEW(SaAuthInformation);
    jobject t = NEW(AuthTransform);
    jobject id = NEW(AuthTransformId);
    SI(id, AuthTransformId, "authType", i->authTransform.authTransformId.authType);
    SI(id, AuthTransformId, "authConfig", i->authTransform.authTransformId.authConfig);
    SO(t, AuthTransform, "authTransformId", SIG(AuthTransformId), id);
    SO(t, AuthTransform, "cryptoModuleId", SIG_UUID, fwpkj_out_guid(env, i->authTransform.cryptoModuleId));
    SO(o, SaAuthInformation, "authTransform", SIG(AuthTransform), t);
    SO(o, SaAuthInformation, "authKey", SIG(ByteBlob), out_blob(env, &i->authKey));
    return o;
}

static jobject out_cipher_info(JNIEnv *env, const IPSEC_SA_CIPHER_INFORMATION0 *i)
{
    jobject o = NEW(SaCipherInformation);
    jobject t = NEW(CipherTransform);
    jobject id = NEW(CipherTransformId);
    SI(id, CipherTransformId, "cipherType", i->cipherTransform.cipherTransformId.cipherType);
    SI(id, CipherTransformId, "cipherConfig", i->cipherTransform.cipherTransformId.cipherConfig);
    SO(t, CipherTransform, "cipherTransformId", SIG(CipherTransformId), id);
    SO(t, CipherTransform, "cryptoModuleId", SIG_UUID, fwpkj_out_guid(env, i->cipherTransform.cryptoModuleId));
    SO(o, SaCipherInformation, "cipherTransform", SIG(CipherTransform), t);
    SO(o, SaCipherInformation, "cipherKey", SIG(ByteBlob), out_blob(env, &i->cipherKey));
    return o;
}

static jobject out_sa(JNIEnv *env, const IPSEC_SA0 *sa)
{
    jobject o = NEW(Sa);
    if (!o) return NULL;
    SI(o, Sa, "spi", sa->spi);
    SI(o, Sa, "saTransformType", sa->saTransformType);
    switch ((int)sa->saTransformType) {
    case IPSEC_TRANSFORM_AH:
        if (sa->ahInformation) SO(o, Sa, "ahInformation", SIG(SaAuthInformation), out_auth_info(env, sa->ahInformation));
        break;
    case IPSEC_TRANSFORM_ESP_AUTH:
        if (sa->espAuthInformation) SO(o, Sa, "espAuthInformation", SIG(SaAuthInformation), out_auth_info(env, sa->espAuthInformation));
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_FW:
        if (sa->espAuthFwInformation) SO(o, Sa, "espAuthFwInformation", SIG(SaAuthInformation), out_auth_info(env, sa->espAuthFwInformation));
        break;
    case IPSEC_TRANSFORM_ESP_CIPHER:
        if (sa->espCipherInformation) SO(o, Sa, "espCipherInformation", SIG(SaCipherInformation), out_cipher_info(env, sa->espCipherInformation));
        break;
    case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
        if (sa->espAuthAndCipherInformation) {
            jobject i = NEW(SaAuthAndCipherInformation);
            SO(i, SaAuthAndCipherInformation, "saCipherInformation", SIG(SaCipherInformation),
               out_cipher_info(env, &sa->espAuthAndCipherInformation->saCipherInformation));
            SO(i, SaAuthAndCipherInformation, "saAuthInformation", SIG(SaAuthInformation),
               out_auth_info(env, &sa->espAuthAndCipherInformation->saAuthInformation));
            SO(o, Sa, "espAuthAndCipherInformation", SIG(SaAuthAndCipherInformation), i);
        }
        break;
    default:
        break;
    }
    return o;
}

static jobject out_ipsec_id(JNIEnv *env, const IPSEC_ID0 *id)
{
    if (!id) return NULL;
    jobject o = NEW(IpsecId);
    SO(o, IpsecId, "mmTargetName", SIG_STR, out_wstr(env, id->mmTargetName));
    SO(o, IpsecId, "emTargetName", SIG_STR, out_wstr(env, id->emTargetName));
    UINT32 n = id->tokens ? id->numTokens : 0;
    jobjectArray arr = (*env)->NewObjectArray(env, (jsize)n, CLS(Token), NULL);
    for (UINT32 i = 0; arr && i < n && !FAILED(); i++) {
        jobject t = NEW(Token);
        SI(t, Token, "type", id->tokens[i].type);
        SI(t, Token, "principal", id->tokens[i].principal);
        SI(t, Token, "mode", id->tokens[i].mode);
        SJ(t, Token, "token", id->tokens[i].token);
        (*env)->SetObjectArrayElement(env, arr, (jsize)i, t);
        DEL(t);
    }
    SO(o, IpsecId, "tokens", ASIG(Token), arr);
    SO(o, IpsecId, "numTokens", SIG_INTEGER, new_integer(env, n));
    SJ(o, IpsecId, "explicitCredentials", id->explicitCredentials);
    SJ(o, IpsecId, "logonId", id->logonId);
    return o;
}

static jobject out_bundle(JNIEnv *env, const IPSEC_SA_BUNDLE1 *b)
{
    jobject o = NEW(SaBundle);
    if (!o) return NULL;
    SI(o, SaBundle, "flags", b->flags);
    jobject l = NEW(SaLifetime);
    SI(l, SaLifetime, "lifetimeSeconds", b->lifetime.lifetimeSeconds);
    SI(l, SaLifetime, "lifetimeKilobytes", b->lifetime.lifetimeKilobytes);
    SI(l, SaLifetime, "lifetimePackets", b->lifetime.lifetimePackets);
    SO(o, SaBundle, "lifetime", SIG(SaLifetime), l);
    SI(o, SaBundle, "idleTimeoutSeconds", b->idleTimeoutSeconds);
    SI(o, SaBundle, "ndAllowClearTimeoutSeconds", b->ndAllowClearTimeoutSeconds);
    SO(o, SaBundle, "ipsecId", SIG(IpsecId), out_ipsec_id(env, b->ipsecId));
    SI(o, SaBundle, "napContext", b->napContext);
    SI(o, SaBundle, "qmSaId", b->qmSaId);
    UINT32 n = b->saList ? b->numSAs : 0;
    jobjectArray arr = (*env)->NewObjectArray(env, (jsize)n, CLS(Sa), NULL);
    for (UINT32 i = 0; arr && i < n && !FAILED(); i++) {
        jobject s = out_sa(env, &b->saList[i]);
        (*env)->SetObjectArrayElement(env, arr, (jsize)i, s);
        DEL(s);
    }
    SO(o, SaBundle, "saList", ASIG(Sa), arr);
    SO(o, SaBundle, "numSAs", SIG_INTEGER, new_integer(env, n));
    if (b->keyModuleState) {
        jobject k = NEW(KeyModuleState);
        SO(k, KeyModuleState, "keyModuleKey", SIG_UUID, fwpkj_out_guid(env, &b->keyModuleState->keyModuleKey));
        SO(k, KeyModuleState, "stateBlob", SIG(ByteBlob), out_blob(env, &b->keyModuleState->stateBlob));
        SO(o, SaBundle, "keyModuleState", SIG(KeyModuleState), k);
    }
    SI(o, SaBundle, "ipVersion", b->ipVersion);
    SI(o, SaBundle, "peerV4PrivateAddress", b->peerV4PrivateAddress);
    SJ(o, SaBundle, "mmSaId", b->mmSaId);
    SI(o, SaBundle, "pfsGroup", b->pfsGroup);
    SO(o, SaBundle, "saLookupContext", SIG_UUID, fwpkj_out_guid(env, &b->saLookupContext));
    SJ(o, SaBundle, "qmFilterId", b->qmFilterId);
    return o;
}

/* ---- details and contexts ----------------------------------------------------------------- */

jobject fwpkj_out_details1(JNIEnv *env, const IPSEC_SA_DETAILS1 *d)
{
    if (!d) return NULL;
    jobject o = NEW(SaDetails);
    if (!o) return NULL;
    SI(o, SaDetails, "ipVersion", d->ipVersion);
    SI(o, SaDetails, "saDirection", d->saDirection);
    SO(o, SaDetails, "traffic", SIG(Traffic), out_traffic(env, &d->traffic));
    SO(o, SaDetails, "saBundle", SIG(SaBundle), out_bundle(env, &d->saBundle));
    SO(o, SaDetails, "udpEncapsulation", SIG(V4UdpEncapsulation), out_udp(env, d->udpEncapsulation));
    if (d->transportFilter) SO(o, SaDetails, "transportFilter", SIG(Filter), fwpkj_out_filter(env, d->transportFilter));
    jobject v = NEW(VirtualIfTunnelInfo);
    SJ(v, VirtualIfTunnelInfo, "virtualIfTunnelId", d->virtualIfTunnelInfo.virtualIfTunnelId);
    SJ(v, VirtualIfTunnelInfo, "trafficSelectorId", d->virtualIfTunnelInfo.trafficSelectorId);
    SO(o, SaDetails, "virtualIfTunnelInfo", SIG(VirtualIfTunnelInfo), v);
    return o;
}

jobject fwpkj_out_details0(JNIEnv *env, const IPSEC_SA_DETAILS0 *d)
{
    if (!d) return NULL;
    IPSEC_SA_DETAILS1 d1;
    memset(&d1, 0, sizeof d1);
    d1.ipVersion = d->ipVersion;
    d1.saDirection = d->saDirection;
    traffic0_to_1(&d->traffic, &d1.traffic);
    bundle0_to_1(&d->saBundle, &d1.saBundle);
    d1.udpEncapsulation = d->udpEncapsulation;
    d1.transportFilter = d->transportFilter;
    jobject o = fwpkj_out_details1(env, &d1);
    if (o) SO(o, SaDetails, "virtualIfTunnelInfo", SIG(VirtualIfTunnelInfo), NULL);
    return o;
}

jobject fwpkj_out_context1(JNIEnv *env, const IPSEC_SA_CONTEXT1 *c)
{
    jobject o = NEW(SaContext);
    if (!o) return NULL;
    SJ(o, SaContext, "saContextId", c->saContextId);
    SO(o, SaContext, "inboundSa", SIG(SaDetails), fwpkj_out_details1(env, c->inboundSa));
    SO(o, SaContext, "outboundSa", SIG(SaDetails), fwpkj_out_details1(env, c->outboundSa));
    return o;
}

jobject fwpkj_out_context0(JNIEnv *env, const IPSEC_SA_CONTEXT0 *c)
{
    jobject o = NEW(SaContext);
    if (!o) return NULL;
    SJ(o, SaContext, "saContextId", c->saContextId);
    SO(o, SaContext, "inboundSa", SIG(SaDetails), fwpkj_out_details0(env, c->inboundSa));
    SO(o, SaContext, "outboundSa", SIG(SaDetails), fwpkj_out_details0(env, c->outboundSa));
    return o;
}

static IPSEC_SA_DETAILS1 *in_details1(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    if (!o) return NULL;
    IPSEC_SA_DETAILS1 *d = ALLOC(IPSEC_SA_DETAILS1);
    if (!d) return NULL;
    d->ipVersion = (FWP_IP_VERSION)GI(o, SaDetails, "ipVersion");
    d->saDirection = (FWP_DIRECTION)GI(o, SaDetails, "saDirection");
    jobject x = GO(o, SaDetails, "traffic", SIG(Traffic));
    in_traffic(env, x, &d->traffic);
    DEL(x);
    x = GO(o, SaDetails, "saBundle", SIG(SaBundle));
    in_bundle(env, a, x, &d->saBundle);
    DEL(x);
    x = GO(o, SaDetails, "udpEncapsulation", SIG(V4UdpEncapsulation));
    d->udpEncapsulation = in_udp(env, a, x);
    DEL(x);
    x = GO(o, SaDetails, "transportFilter", SIG(Filter));
    if (x) d->transportFilter = fwpkj_in_filter(env, a, x);
    DEL(x);
    x = GO(o, SaDetails, "virtualIfTunnelInfo", SIG(VirtualIfTunnelInfo));
    if (x) {
        IPSEC_VIRTUAL_IF_TUNNEL_INFO0 *v = fwpkj_in_vif(env, a, x);
        if (v) d->virtualIfTunnelInfo = *v;
        DEL(x);
    }
    return d;
}

IPSEC_SA_CONTEXT1 *fwpkj_in_context1(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_CONTEXT1 *c = ALLOC(IPSEC_SA_CONTEXT1);
    if (!c) return NULL;
    c->saContextId = (UINT64)GJ(o, SaContext, "saContextId");
    jobject x = GO(o, SaContext, "inboundSa", SIG(SaDetails));
    c->inboundSa = in_details1(env, a, x);
    DEL(x);
    x = GO(o, SaContext, "outboundSa", SIG(SaDetails));
    c->outboundSa = in_details1(env, a, x);
    DEL(x);
    return c;
}

static IPSEC_SA_DETAILS0 *details1_to_0(JNIEnv *env, fwpkj_arena *a, const IPSEC_SA_DETAILS1 *d1)
{
    if (!d1) return NULL;
    IPSEC_SA_DETAILS0 *d = ALLOC(IPSEC_SA_DETAILS0);
    if (!d) return NULL;
    d->ipVersion = d1->ipVersion;
    d->saDirection = d1->saDirection;
    traffic1_to_0(&d1->traffic, &d->traffic);
    bundle1_to_0(&d1->saBundle, &d->saBundle);
    d->udpEncapsulation = d1->udpEncapsulation;
    d->transportFilter = d1->transportFilter;
    return d;
}

int fwpkj_context1_to_0(JNIEnv *env, fwpkj_arena *a, const IPSEC_SA_CONTEXT1 *c1, IPSEC_SA_CONTEXT0 *out)
{
    memset(out, 0, sizeof *out);
    out->saContextId = c1->saContextId;
    out->inboundSa = details1_to_0(env, a, c1->inboundSa);
    out->outboundSa = details1_to_0(env, a, c1->outboundSa);
    return !FAILED() && (!c1->inboundSa || out->inboundSa) && (!c1->outboundSa || out->outboundSa);
}

IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *fwpkj_in_context_template(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *t = ALLOC(IPSEC_SA_CONTEXT_ENUM_TEMPLATE0);
    if (!t) return NULL;
    jobject x = GO(o, SaContextEnumTemplate, "localSubNet", SIG(FwpValue));
    in_cvalue(env, a, x, &t->localSubNet);
    DEL(x);
    x = GO(o, SaContextEnumTemplate, "remoteSubNet", SIG(FwpValue));
    in_cvalue(env, a, x, &t->remoteSubNet);
    DEL(x);
    return t;
}

IPSEC_SA_ENUM_TEMPLATE0 *fwpkj_in_sa_template(JNIEnv *env, fwpkj_arena *a, jobject o)
{
    IPSEC_SA_ENUM_TEMPLATE0 *t = ALLOC(IPSEC_SA_ENUM_TEMPLATE0);
    if (t) t->saDirection = (FWP_DIRECTION)GI(o, SaEnumTemplate, "saDirection");
    return t;
}

/* ---- statistics --------------------------------------------------------------------------- */

static void fill_statistics(JNIEnv *env, const IPSEC_STATISTICS1 *s, jobject out)
{
    jobject x = NEW(AggregateSaStatistics);
    const IPSEC_AGGREGATE_SA_STATISTICS0 *ag = &s->aggregateSaStatistics;
    SI(x, AggregateSaStatistics, "activeSas", ag->activeSas);
    SI(x, AggregateSaStatistics, "pendingSaNegotiations", ag->pendingSaNegotiations);
    SI(x, AggregateSaStatistics, "totalSasAdded", ag->totalSasAdded);
    SI(x, AggregateSaStatistics, "totalSasDeleted", ag->totalSasDeleted);
    SI(x, AggregateSaStatistics, "successfulRekeys", ag->successfulRekeys);
    SI(x, AggregateSaStatistics, "activeTunnels", ag->activeTunnels);
    SI(x, AggregateSaStatistics, "offloadedSas", ag->offloadedSas);
    SO(out, Statistics, "aggregateSaStatistics", SIG(AggregateSaStatistics), x);

    x = NEW(EspDropPacketStatistics);
    const IPSEC_ESP_DROP_PACKET_STATISTICS0 *esp = &s->espDropPacketStatistics;
    SI(x, EspDropPacketStatistics, "invalidSpisOnInbound", esp->invalidSpisOnInbound);
    SI(x, EspDropPacketStatistics, "decryptionFailuresOnInbound", esp->decryptionFailuresOnInbound);
    SI(x, EspDropPacketStatistics, "authenticationFailuresOnInbound", esp->authenticationFailuresOnInbound);
    SI(x, EspDropPacketStatistics, "replayCheckFailuresOnInbound", esp->replayCheckFailuresOnInbound);
    SI(x, EspDropPacketStatistics, "saNotInitializedOnInbound", esp->saNotInitializedOnInbound);
    SO(out, Statistics, "espDropPacketStatistics", SIG(EspDropPacketStatistics), x);

    x = NEW(AhDropPacketStatistics);
    const IPSEC_AH_DROP_PACKET_STATISTICS0 *ah = &s->ahDropPacketStatistics;
    SI(x, AhDropPacketStatistics, "invalidSpisOnInbound", ah->invalidSpisOnInbound);
    SI(x, AhDropPacketStatistics, "authenticationFailuresOnInbound", ah->authenticationFailuresOnInbound);
    SI(x, AhDropPacketStatistics, "replayCheckFailuresOnInbound", ah->replayCheckFailuresOnInbound);
    SI(x, AhDropPacketStatistics, "saNotInitializedOnInbound", ah->saNotInitializedOnInbound);
    SO(out, Statistics, "ahDropPacketStatistics", SIG(AhDropPacketStatistics), x);

    x = NEW(AggregateDropPacketStatistics);
    const IPSEC_AGGREGATE_DROP_PACKET_STATISTICS1 *dr = &s->aggregateDropPacketStatistics;
    SI(x, AggregateDropPacketStatistics, "invalidSpisOnInbound", dr->invalidSpisOnInbound);
    SI(x, AggregateDropPacketStatistics, "decryptionFailuresOnInbound", dr->decryptionFailuresOnInbound);
    SI(x, AggregateDropPacketStatistics, "authenticationFailuresOnInbound", dr->authenticationFailuresOnInbound);
    SI(x, AggregateDropPacketStatistics, "udpEspValidationFailuresOnInbound", dr->udpEspValidationFailuresOnInbound);
    SI(x, AggregateDropPacketStatistics, "replayCheckFailuresOnInbound", dr->replayCheckFailuresOnInbound);
    SI(x, AggregateDropPacketStatistics, "invalidClearTextInbound", dr->invalidClearTextInbound);
    SI(x, AggregateDropPacketStatistics, "saNotInitializedOnInbound", dr->saNotInitializedOnInbound);
    SI(x, AggregateDropPacketStatistics, "receiveOverIncorrectSaInbound", dr->receiveOverIncorrectSaInbound);
    SI(x, AggregateDropPacketStatistics, "secureReceivesNotMatchingFilters", dr->secureReceivesNotMatchingFilters);
    SI(x, AggregateDropPacketStatistics, "totalDropPacketsInbound", dr->totalDropPacketsInbound);
    SO(out, Statistics, "aggregateDropPacketStatistics", SIG(AggregateDropPacketStatistics), x);

    for (int dir = 0; dir < 2; dir++) {
        const IPSEC_TRAFFIC_STATISTICS1 *t = dir ? &s->outboundTrafficStatistics : &s->inboundTrafficStatistics;
        x = NEW(TrafficStatistics);
        SJ(x, TrafficStatistics, "encryptedByteCount", t->encryptedByteCount);
        SJ(x, TrafficStatistics, "authenticatedAHByteCount", t->authenticatedAHByteCount);
        SJ(x, TrafficStatistics, "authenticatedESPByteCount", t->authenticatedESPByteCount);
        SJ(x, TrafficStatistics, "transportByteCount", t->transportByteCount);
        SJ(x, TrafficStatistics, "tunnelByteCount", t->tunnelByteCount);
        SJ(x, TrafficStatistics, "offloadByteCount", t->offloadByteCount);
        SJ(x, TrafficStatistics, "totalSuccessfulPackets", t->totalSuccessfulPackets);
        if (dir) SO(out, Statistics, "outboundTrafficStatistics", SIG(TrafficStatistics), x);
        else SO(out, Statistics, "inboundTrafficStatistics", SIG(TrafficStatistics), x);
    }
}

void fwpkj_fill_statistics1(JNIEnv *env, const IPSEC_STATISTICS1 *s, jobject out)
{
    fill_statistics(env, s, out);
}

void fwpkj_fill_statistics0(JNIEnv *env, const IPSEC_STATISTICS0 *s, jobject out)
{
    IPSEC_STATISTICS1 s1;
    memset(&s1, 0, sizeof s1);
    s1.aggregateSaStatistics = s->aggregateSaStatistics;
    s1.espDropPacketStatistics = s->espDropPacketStatistics;
    s1.ahDropPacketStatistics = s->ahDropPacketStatistics;
    memcpy(&s1.aggregateDropPacketStatistics, &s->aggregateDropPacketStatistics, sizeof s->aggregateDropPacketStatistics);
    memcpy(&s1.inboundTrafficStatistics, &s->inboundTrafficStatistics, sizeof s->inboundTrafficStatistics);
    memcpy(&s1.outboundTrafficStatistics, &s->outboundTrafficStatistics, sizeof s->outboundTrafficStatistics);
    fill_statistics(env, &s1, out);
}

/* ---- arrays ------------------------------------------------------------------------------- */

jobjectArray fwpkj_out_array(JNIEnv *env, const char *cls, void *const *items, UINT32 n, fwpkj_out_fn conv)
{
    jclass c = (*env)->FindClass(env, cls);
    if (!c) return NULL;
    if (!items) n = 0;
    jobjectArray arr = (*env)->NewObjectArray(env, (jsize)n, c, NULL);
    (*env)->DeleteLocalRef(env, c);
    if (!arr) return NULL;
    for (UINT32 i = 0; i < n; i++) {
        if ((*env)->PushLocalFrame(env, 64) != 0) return NULL;
        jobject o = items[i] ? conv(env, items[i]) : NULL;
        if (FAILED()) {
            (*env)->PopLocalFrame(env, NULL);
            return NULL;
        }
        (*env)->SetObjectArrayElement(env, arr, (jsize)i, o);
        (*env)->PopLocalFrame(env, NULL);
    }
    return arr;
}

/* ---- enumeration pages -------------------------------------------------------------------- */

int fwpkj_page_null_entries(JNIEnv *env, jobject page)
{
    return GZ(page, EnumPage, "nullEntries");
}

int fwpkj_page_null_count(JNIEnv *env, jobject page)
{
    return GZ(page, EnumPage, "nullCount");
}

void fwpkj_page_set(JNIEnv *env, jobject page, NTSTATUS status, const char *cls,
                    void *const *items, UINT32 count, fwpkj_out_fn conv)
{
    jobjectArray arr = NULL;
    if (status == STATUS_SUCCESS) {
        arr = fwpkj_out_array(env, cls, items, items ? count : 0, conv);
        if (FAILED()) return;
    }
    SI(page, EnumPage, "count", count);
    SO(page, EnumPage, "entries", "[Ljava/lang/Object;", arr);
}
