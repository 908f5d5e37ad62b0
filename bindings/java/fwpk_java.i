/*
 * fwpk_java.i — the Java typemaps of the named patterns of ../fwpk.i.
 *
 * swig -java -package org.fwpkclnt.nativ -I<build>/bindings/gen bindings/java/fwpk_java.i
 *
 * The generated class org.fwpkclnt.nativ.fwpk is the raw layer: one static method per shim
 * (fwpkx_<Function>), returning the status as an int. Handles and 64-bit values are long, 32-bit
 * values int (bit pattern kept). Encoded inputs are byte[] (null = a NULL pointer); a page result
 * is a byte[][] holder whose element 0 receives the page (a null holder passes NULL); out scalars
 * are one-element long[] / int[] holders (null = NULL). The generated org.fwpkclnt code
 * (emit_java.py) encodes, calls and decodes; nothing else calls this layer except the tests.
 */

/* The JNI class loads libfwpkclnt_jni before its first native call; it is package-private, so
 * every call passes fwpk's holder checks. */
%pragma(java) jniclasscode=%{
  static {
    org.fwpkclnt.NativeLoader.load();
  }
%}
%pragma(java) jniclassclassmodifiers="final class"

/* Out holders are checked here rather than in C: a JNI GetArrayLength per holder cost as much as
 * the Java code of an enum-handle create + destroy pair (the C side writes element 0, which
 * Set*ArrayRegion bounds-checks again). */
%pragma(java) modulecode=%{
  private static IndexOutOfBoundsException emptyHolder() {
    return new IndexOutOfBoundsException("holder array must have a length of at least 1");
  }
  static long[] holder(long[] h) { if (h != null && h.length < 1) throw emptyHolder(); return h; }
  static int[] holder(int[] h) { if (h != null && h.length < 1) throw emptyHolder(); return h; }
  static byte[][] holder(byte[][] h) { if (h != null && h.length < 1) throw emptyHolder(); return h; }
%}

%{
#include <jni.h>

/* A page is encoded into the calling thread's scratch buffer (kept between calls: no malloc,
 * realloc chain or page faults per page), then copied once into the Java byte[] that the lazy
 * views keep.  Freed when the thread ends. */
#include "fwpk_shims.h"
#include <pthread.h>
#include <stdlib.h>
static pthread_key_t fwpkj_scratch_key;
static pthread_once_t fwpkj_scratch_once = PTHREAD_ONCE_INIT;
static __thread fwpk_buf fwpkj_scratch;
static void fwpkj_scratch_free(void *p) { free(p); }
static void fwpkj_scratch_init(void) { pthread_key_create(&fwpkj_scratch_key, fwpkj_scratch_free); }
static uint8_t *fwpkj_scratch_grow(fwpk_buf *b, size_t need) {
  size_t cap = fwpkj_scratch.cap ? fwpkj_scratch.cap : 65536;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) return NULL;
    cap *= 2;
  }
  uint8_t *d = (uint8_t *)realloc(fwpkj_scratch.data, cap);
  if (!d) return NULL;
  pthread_once(&fwpkj_scratch_once, fwpkj_scratch_init);
  pthread_setspecific(fwpkj_scratch_key, d);
  fwpkj_scratch.data = b->data = d;
  fwpkj_scratch.cap = b->cap = cap;
  return d;
}
static void fwpkj_page_init(fwpk_buf *b) {
  fwpk_buf_init(b);
  b->data = fwpkj_scratch.data;
  b->cap = fwpkj_scratch.cap;
  b->grow = fwpkj_scratch_grow; /* fwpk_buf_free leaves grown memory to its owner: this thread */
}

/* Released on every exit of the wrapper (the cleanup attribute also covers SWIG's early returns). */
typedef struct { JNIEnv *env; jbyteArray arr; jbyte *p; } fwpkj_in_bytes;
static void fwpkj_in_release(fwpkj_in_bytes *x) {
  if (x->p) (*x->env)->ReleaseByteArrayElements(x->env, x->arr, x->p, JNI_ABORT);
}
%}

/* ---- Scalars: uint64_t (handles, ids) is long; uint32_t / int32_t are int. -------------------- */
%typemap(jni)    uint64_t "jlong"
%typemap(jtype)  uint64_t "long"
%typemap(jstype) uint64_t "long"
%typemap(javain) uint64_t "$javainput"
%typemap(in)     uint64_t %{ $1 = (uint64_t)$input; %}
%typemap(jni)    uint32_t "jint"
%typemap(jtype)  uint32_t "int"
%typemap(jstype) uint32_t "int"
%typemap(javain) uint32_t "$javainput"
%typemap(in)     uint32_t %{ $1 = (uint32_t)$input; %}

/* ---- Encoded inputs: byte[] (null = NULL) ---------------------------------------------------- */
%typemap(jni)    (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN) "jbyteArray"
%typemap(jtype)  (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN) "byte[]"
%typemap(jstype) (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN) "byte[]"
%typemap(javain) (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN) "$javainput"
%typemap(in) (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN) %{
  fwpkj_in_bytes in$argnum __attribute__((cleanup(fwpkj_in_release))) = { jenv, $input, NULL };
  $1 = NULL;
  $2 = 0;
  if ($input) {
    $2 = (uint32_t)(*jenv)->GetArrayLength(jenv, $input);
    in$argnum.p = (*jenv)->GetByteArrayElements(jenv, $input, NULL);
    if (!in$argnum.p) return $null; /* OutOfMemoryError pending */
    $1 = ($1_ltype)in$argnum.p;
  }
%}

/* ---- Page results: byte[][] holder ----------------------------------------------------------- */
%typemap(jni)    fwpk_buf *FWPK_OUT_PAGE "jobjectArray"
%typemap(jtype)  fwpk_buf *FWPK_OUT_PAGE "byte[][]"
%typemap(jstype) fwpk_buf *FWPK_OUT_PAGE "byte[][]"
%typemap(javain) fwpk_buf *FWPK_OUT_PAGE "holder($javainput)"
%typemap(in) fwpk_buf *FWPK_OUT_PAGE %{
  fwpk_buf page$argnum __attribute__((cleanup(fwpk_buf_free)));
  fwpkj_page_init(&page$argnum);
  $1 = $input ? &page$argnum : NULL;
%}
%typemap(argout) fwpk_buf *FWPK_OUT_PAGE %{
  if ($input) {
    jbyteArray a_ = NULL;
    if (page$argnum.len > 0) {
      a_ = (*jenv)->NewByteArray(jenv, (jsize)page$argnum.len);
      if (!a_) return $null;
      (*jenv)->SetByteArrayRegion(jenv, a_, 0, (jsize)page$argnum.len, (const jbyte *)page$argnum.data);
    }
    (*jenv)->SetObjectArrayElement(jenv, $input, 0, a_);
    if (a_) (*jenv)->DeleteLocalRef(jenv, a_);
  }
%}

/* ---- Out scalars: one-element holders, null = NULL ------------------------------------------- */
%define FWPKJ_SCALAR_OUT(CTYPE, NAME, JNIARR, JARR, JELEM, SETREGION)
%typemap(jni)    CTYPE *NAME #JNIARR
%typemap(jtype)  CTYPE *NAME #JARR
%typemap(jstype) CTYPE *NAME #JARR
%typemap(javain) CTYPE *NAME "holder($javainput)"
%typemap(in) CTYPE *NAME (CTYPE temp) %{
  temp = 0;
  $1 = $input ? &temp : NULL;
%}
%typemap(argout) CTYPE *NAME %{
  if ($input) {
    JELEM v_ = (JELEM)temp$argnum;
    (*jenv)->SETREGION(jenv, $input, 0, 1, &v_);
  }
%}
%enddef

FWPKJ_SCALAR_OUT(uint64_t, FWPK_OUT_U64, jlongArray, long[], jlong, SetLongArrayRegion)
FWPKJ_SCALAR_OUT(uint32_t, FWPK_OUT_U32, jintArray, int[], jint, SetIntArrayRegion)

%include "../fwpk.i"

/* The library's version (fwpk_version.h): not a shim, two plain functions. */
%rename(FwpkLibVersion) fwpkj_lib_version_;
%rename(FwpkLibVersionNumber) fwpkj_lib_version_number_;
%inline %{
static const char *fwpkj_lib_version_(void) { return FwpkLibVersion(); }
static int32_t fwpkj_lib_version_number_(void) { return (int32_t)FwpkLibVersionNumber(); }
%}
