/*
 * fwpk_java.i — the Java typemaps for the shared SWIG interface ../fwpk.i.
 *
 * swig -java -package org.fwpkclnt.nativ bindings/java/fwpk_java.i
 *
 * The generated class org.fwpkclnt.nativ.fwpk is the *raw* binding: one static method per fwpmk.h
 * function, returning the NTSTATUS as an int, taking engine/enumeration handles as long and the
 * input structures as the plain value classes of org.fwpkclnt (Traffic, SaBundle, Filter, ...).
 * Java null is a NULL pointer everywhere, so every documented NULL-pointer check stays reachable.
 * Out-parameters are one-element holder arrays (long[] for handles and ids, int[] for SPIs and
 * counts, Filter[] / SaContext[] for T **, Filter[][] / SaContext[][] for the T *** of
 * enumerations; a null holder passes NULL). Native result blocks are copied into Java objects and
 * released with FwpmFreeMemory0 inside the wrapper before it returns — on success, on failure and
 * on a pending Java exception alike (the out-pointer is a C variable with a cleanup attribute,
 * which also covers the early returns of the SWIG wrapper). No Java code ever sees native memory.
 *
 * The idiomatic API (org.fwpkclnt.Engine & co.) is written on top of this layer; the conformance
 * runner uses it directly.
 */

/* ---- Loading: the JNI class loads libfwpkclnt_jni before its first native call. ---------- */
%pragma(java) jniclasscode=%{
  static {
    org.fwpkclnt.NativeLoader.load();
  }
%}

%{
#include "fwpkj.h"
%}

/* ---- Scalars ------------------------------------------------------------------------------ */
/* Every 32-bit Windows integer is a Java int (bit pattern kept: 0xFFFFFFFF is -1), every 64-bit
 * one a Java long.  NTSTATUS is an int, failures are negative. */
%apply int { NTSTATUS, INT32, LONG, BOOL, UINT32, DWORD, ULONG, IPSEC_SA_SPI, FWP_ACTION_TYPE };
%apply long long { UINT64, INT64 };

/* Handles are opaque 64-bit values validated by the library's table: a Java long. */
%typemap(jni)    HANDLE "jlong"
%typemap(jtype)  HANDLE "long"
%typemap(jstype) HANDLE "long"
%typemap(javain) HANDLE "$javainput"
%typemap(in)     HANDLE %{ $1 = (HANDLE)(intptr_t)$input; %}

/* ---- Scalar out-parameters: one-element holder arrays, null = NULL pointer ------------------ */
%define FWPKJ_SCALAR_OUT(CTYPE, NAME, JNIARR, JARR, JELEM, SETREGION)
%typemap(jni)    CTYPE *NAME #JNIARR
%typemap(jtype)  CTYPE *NAME #JARR
%typemap(jstype) CTYPE *NAME #JARR
%typemap(javain) CTYPE *NAME "$javainput"
%typemap(in) CTYPE *NAME (CTYPE temp) %{
  temp = 0;
  $1 = NULL;
  if ($input) {
    if ((*jenv)->GetArrayLength(jenv, $input) < 1) {
      SWIG_JavaThrowException(jenv, SWIG_JavaIndexOutOfBoundsException, "holder array must have a length of at least 1");
      return $null;
    }
    $1 = &temp;
  }
%}
%typemap(argout) CTYPE *NAME %{
  if ($input) {
    JELEM v_ = (JELEM)(intptr_t)temp$argnum;
    (*jenv)->SETREGION(jenv, $input, 0, 1, &v_);
  }
%}
%enddef

FWPKJ_SCALAR_OUT(HANDLE, FWPK_OUT_HANDLE, jlongArray, long[], jlong, SetLongArrayRegion)
FWPKJ_SCALAR_OUT(UINT64, FWPK_OUT_UINT64, jlongArray, long[], jlong, SetLongArrayRegion)
FWPKJ_SCALAR_OUT(IPSEC_SA_SPI, FWPK_OUT_SPI, jintArray, int[], jint, SetIntArrayRegion)

/* ---- Strings and opaque inputs ------------------------------------------------------------ */
%typemap(jni)    const wchar_t *FWPK_IN_WSTRING "jstring"
%typemap(jtype)  const wchar_t *FWPK_IN_WSTRING "String"
%typemap(jstype) const wchar_t *FWPK_IN_WSTRING "String"
%typemap(javain) const wchar_t *FWPK_IN_WSTRING "$javainput"
%typemap(in) const wchar_t *FWPK_IN_WSTRING %{
  FWPKJ_ARENA(arena$argnum);
  $1 = fwpkj_in_wstr(jenv, &arena$argnum, $input);
  if ((*jenv)->ExceptionCheck(jenv)) return $null;
%}

/* GUID keys: java.util.UUID (registry form), null = NULL. */
%typemap(jni)    const GUID *key "jobject"
%typemap(jtype)  const GUID *key "java.util.UUID"
%typemap(jstype) const GUID *key "java.util.UUID"
%typemap(javain) const GUID *key "$javainput"
%typemap(in) const GUID *key (GUID temp) %{
  $1 = NULL;
  if ($input) {
    fwpkj_in_guid(jenv, $input, &temp);
    if ((*jenv)->ExceptionCheck(jenv)) return $null;
    $1 = &temp;
  }
%}

/* The static const GUIDs of fwpm_guids.h are read-only globals (swig reads them through a
 * GUID *): UUID getters. */
%typemap(jni)     GUID *, const GUID * "jobject"
%typemap(jtype)   GUID *, const GUID * "java.util.UUID"
%typemap(jstype)  GUID *, const GUID * "java.util.UUID"
%typemap(javaout) GUID *, const GUID * { return $jnicall; }
%typemap(out)     GUID *, const GUID * %{ $result = fwpkj_out_guid(jenv, $1); %}

/* ---- Input structures: a plain org.fwpkclnt value object, deep-copied into native memory ---- */
/* The copy lives in an arena released when the wrapper returns (cleanup attribute). */
%define FWPKJ_STRUCT_IN(CTYPE, NAME, JCLASS, CONV)
%typemap(jni)    const CTYPE *NAME "jobject"
%typemap(jtype)  const CTYPE *NAME "org.fwpkclnt." #JCLASS
%typemap(jstype) const CTYPE *NAME "org.fwpkclnt." #JCLASS
%typemap(javain) const CTYPE *NAME "$javainput"
%typemap(in) const CTYPE *NAME %{
  FWPKJ_ARENA(arena$argnum);
  $1 = NULL;
  if ($input) {
    $1 = (CTYPE *)CONV(jenv, &arena$argnum, $input);
    if ((*jenv)->ExceptionCheck(jenv)) return $null;
  }
%}
%enddef

FWPKJ_STRUCT_IN(FWPM_SESSION0, session, Session, fwpkj_in_session)
FWPKJ_STRUCT_IN(FWPM_SESSION_ENUM_TEMPLATE0, enumTemplate, SessionEnumTemplate, fwpkj_in_session_template)
FWPKJ_STRUCT_IN(FWPM_FILTER0, filter, Filter, fwpkj_in_filter)
FWPKJ_STRUCT_IN(FWPM_FILTER_ENUM_TEMPLATE0, enumTemplate, FilterEnumTemplate, fwpkj_in_filter_template)
FWPKJ_STRUCT_IN(IPSEC_TRAFFIC0, outboundTraffic, Traffic, fwpkj_in_traffic0)
FWPKJ_STRUCT_IN(IPSEC_TRAFFIC1, outboundTraffic, Traffic, fwpkj_in_traffic1)
FWPKJ_STRUCT_IN(IPSEC_VIRTUAL_IF_TUNNEL_INFO0, virtualIfTunnelInfo, VirtualIfTunnelInfo, fwpkj_in_vif)
FWPKJ_STRUCT_IN(IPSEC_GETSPI0, getSpi, GetSpi, fwpkj_in_getspi0)
FWPKJ_STRUCT_IN(IPSEC_GETSPI1, getSpi, GetSpi, fwpkj_in_getspi1)
FWPKJ_STRUCT_IN(IPSEC_SA_BUNDLE0, inboundBundle, SaBundle, fwpkj_in_bundle0)
FWPKJ_STRUCT_IN(IPSEC_SA_BUNDLE1, inboundBundle, SaBundle, fwpkj_in_bundle1)
FWPKJ_STRUCT_IN(IPSEC_SA_BUNDLE0, outboundBundle, SaBundle, fwpkj_in_bundle0)
FWPKJ_STRUCT_IN(IPSEC_SA_BUNDLE1, outboundBundle, SaBundle, fwpkj_in_bundle1)
FWPKJ_STRUCT_IN(IPSEC_SA_CONTEXT1, newValues, SaContext, fwpkj_in_context1)
FWPKJ_STRUCT_IN(IPSEC_SA_CONTEXT_ENUM_TEMPLATE0, enumTemplate, SaContextEnumTemplate, fwpkj_in_context_template)
FWPKJ_STRUCT_IN(IPSEC_SA_ENUM_TEMPLATE0, enumTemplate, SaEnumTemplate, fwpkj_in_sa_template)

/* ---- Returned blocks: T ** (Get) and T *** (Enum) ---------------------------------------- */
/* The native block is held in a C variable whose cleanup attribute calls FwpmFreeMemory0 on
 * every exit path of the wrapper (the freearg of the usual pattern, made unskippable); the
 * argout typemap copies it into Java objects first.  fwpkj_out_<C type> is the converter. */
%typemap(jni)    SWIGTYPE **FWPK_OUT_BLOCK "jobjectArray"
%typemap(javain) SWIGTYPE **FWPK_OUT_BLOCK "$javainput"
%typemap(in) SWIGTYPE **FWPK_OUT_BLOCK %{
  FWPKJ_NATIVE_BLOCK($*1_ltype, block$argnum);
  $1 = NULL;
  if ($input) {
    if ((*jenv)->GetArrayLength(jenv, $input) < 1) {
      SWIG_JavaThrowException(jenv, SWIG_JavaIndexOutOfBoundsException, "holder array must have a length of at least 1");
      return $null;
    }
    $1 = &block$argnum;
  }
%}
%typemap(argout) SWIGTYPE **FWPK_OUT_BLOCK %{
  if ($input) {
    jobject o_ = NULL;
    if (block$argnum != NULL) o_ = fwpkj_out_$1_basetype(jenv, block$argnum);
    if (!(*jenv)->ExceptionCheck(jenv)) (*jenv)->SetObjectArrayElement(jenv, $input, 0, o_);
    if (o_) (*jenv)->DeleteLocalRef(jenv, o_);
  }
%}
/* The Java holder type of each. */
%typemap(jtype)  FWPM_FILTER0 **filter "org.fwpkclnt.Filter[]"
%typemap(jstype) FWPM_FILTER0 **filter "org.fwpkclnt.Filter[]"
%typemap(jtype)  IPSEC_SA_CONTEXT0 **saContext "org.fwpkclnt.SaContext[]"
%typemap(jstype) IPSEC_SA_CONTEXT0 **saContext "org.fwpkclnt.SaContext[]"
%typemap(jtype)  IPSEC_SA_CONTEXT1 **saContext "org.fwpkclnt.SaContext[]"
%typemap(jstype) IPSEC_SA_CONTEXT1 **saContext "org.fwpkclnt.SaContext[]"

/* Enumeration pages: (entries, numEntriesReturned) is one Java argument, an
 * org.fwpkclnt.EnumPage that receives `entries` (an array of the entry class, empty when none)
 * and `count`.  null passes NULL for both; page.nullEntries / page.nullCount pass NULL for one. */
%typemap(jni)    (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "jobject"
%typemap(jtype)  (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "org.fwpkclnt.EnumPage"
%typemap(jstype) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "org.fwpkclnt.EnumPage"
%typemap(javain) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "$javainput"
%typemap(in) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) %{
  FWPKJ_NATIVE_BLOCK($*1_ltype, block$argnum);
  UINT32 count$argnum = 0;
  $1 = NULL;
  $2 = NULL;
  if ($input) {
    if (!fwpkj_page_null_entries(jenv, $input)) $1 = &block$argnum;
    if (!fwpkj_page_null_count(jenv, $input)) $2 = &count$argnum;
  }
%}
%typemap(argout) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) %{
  if ($input) {
    fwpkj_page_set(jenv, $input, result, fwpkj_class_$1_basetype, (void *const *)block$argnum,
                   count$argnum, (fwpkj_out_fn)fwpkj_out_$1_basetype);
  }
%}

/* ---- Statistics: the caller's structure, filled into the given Statistics object ---------- */
%typemap(jni)    SWIGTYPE *FWPK_OUT_STRUCT "jobject"
%typemap(jtype)  SWIGTYPE *FWPK_OUT_STRUCT "org.fwpkclnt.Statistics"
%typemap(jstype) SWIGTYPE *FWPK_OUT_STRUCT "org.fwpkclnt.Statistics"
%typemap(javain) SWIGTYPE *FWPK_OUT_STRUCT "$javainput"
%typemap(in) SWIGTYPE *FWPK_OUT_STRUCT %{
  $*1_ltype stats$argnum;
  memset(&stats$argnum, 0, sizeof stats$argnum);
  $1 = $input ? &stats$argnum : NULL;
%}
%typemap(argout) SWIGTYPE *FWPK_OUT_STRUCT %{
  if ($input && result == STATUS_SUCCESS) fwpkj_fill_$1_basetype(jenv, &stats$argnum, $input);
%}

/* ---- Enums and constants ------------------------------------------------------------------ */
/* C enums become int constants of fwpkConstants (the fields are ints so that out-of-range values,
 * which the library must reject, stay expressible). */
%include "enumtypeunsafe.swg"

/* Structures are not wrapped as proxy classes: the value classes of org.fwpkclnt replace them. */
%rename("$ignore", %$isclass) "";
%rename("$ignore", %$isunion) "";

%include "../fwpk.i"

/* ---- FwpmFreeMemory0 ---------------------------------------------------------------------- */
/* fwpk.i hides FwpmFreeMemory0: Java never holds a native block.  The conformance scenarios still
 * call it with the two arguments that free nothing, so the raw layer offers exactly those:
 * FwpmFreeMemory0(false) passes NULL, FwpmFreeMemory0(true) the address of a NULL pointer. */
%typemap(jni)    void **fwpkj_null_block "jboolean"
%typemap(jtype)  void **fwpkj_null_block "boolean"
%typemap(jstype) void **fwpkj_null_block "boolean"
%typemap(javain) void **fwpkj_null_block "$javainput"
%typemap(in) void **fwpkj_null_block (void *temp) %{
  temp = NULL;
  $1 = $input ? &temp : NULL;
%}
%rename(FwpmFreeMemory0) fwpkj_free_memory0;
%inline %{
static void fwpkj_free_memory0(void **fwpkj_null_block) { FwpmFreeMemory0(fwpkj_null_block); }
%}
