/*
 * fwpkj.h — conversions between the fwpmk.h structures and the plain Java value classes of
 * org.fwpkclnt, used by the typemaps of fwpk_java.i.
 *
 * Input (Java -> C): fwpkj_in_* deep-copy a Java object into memory taken from an arena; the
 * wrapper's arena is released when the wrapper returns (FWPKJ_ARENA uses a cleanup attribute).
 * They never fail except on OutOfMemoryError or a pending Java exception; malformed values (an
 * IPv6 address that is not 16 bytes, ...) are truncated/zero-padded rather than rejected, so
 * that the library, not the binding, decides what is valid.
 *
 * Output (C -> Java): fwpkj_out_* build new Java objects from a library result; the caller
 * frees the library block (FWPKJ_NATIVE_BLOCK) afterwards, whatever happened.
 */
#ifndef FWPKJ_H
#define FWPKJ_H

#include <jni.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fwpmk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fwpkj_chunk fwpkj_chunk;
typedef struct fwpkj_arena {
    fwpkj_chunk *head;
} fwpkj_arena;

void fwpkj_arena_release(fwpkj_arena *a);
void fwpkj_block_release(void *pp); /* pp: address of a T * returned by the library */

#define FWPKJ_ARENA(name) \
    fwpkj_arena name __attribute__((cleanup(fwpkj_arena_release))) = { NULL }
#define FWPKJ_NATIVE_BLOCK(type, name) \
    type name __attribute__((cleanup(fwpkj_block_release))) = NULL

/* ---- input --------------------------------------------------------------------------------- */
void fwpkj_in_guid(JNIEnv *env, jobject uuid, GUID *out);
wchar_t *fwpkj_in_wstr(JNIEnv *env, fwpkj_arena *a, jstring s);
void *fwpkj_in_bytes(JNIEnv *env, fwpkj_arena *a, jbyteArray b);

FWPM_SESSION0 *fwpkj_in_session(JNIEnv *env, fwpkj_arena *a, jobject o);
FWPM_SESSION_ENUM_TEMPLATE0 *fwpkj_in_session_template(JNIEnv *env, fwpkj_arena *a, jobject o);
FWPM_FILTER0 *fwpkj_in_filter(JNIEnv *env, fwpkj_arena *a, jobject o);
FWPM_FILTER_ENUM_TEMPLATE0 *fwpkj_in_filter_template(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_TRAFFIC0 *fwpkj_in_traffic0(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_TRAFFIC1 *fwpkj_in_traffic1(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_VIRTUAL_IF_TUNNEL_INFO0 *fwpkj_in_vif(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_GETSPI0 *fwpkj_in_getspi0(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_GETSPI1 *fwpkj_in_getspi1(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_SA_BUNDLE0 *fwpkj_in_bundle0(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_SA_BUNDLE1 *fwpkj_in_bundle1(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_SA_CONTEXT1 *fwpkj_in_context1(JNIEnv *env, fwpkj_arena *a, jobject o);
/* The v0 form of a context (details allocated from the arena; the rest shared).  For the tests. */
int fwpkj_context1_to_0(JNIEnv *env, fwpkj_arena *a, const IPSEC_SA_CONTEXT1 *c1, IPSEC_SA_CONTEXT0 *out);
IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *fwpkj_in_context_template(JNIEnv *env, fwpkj_arena *a, jobject o);
IPSEC_SA_ENUM_TEMPLATE0 *fwpkj_in_sa_template(JNIEnv *env, fwpkj_arena *a, jobject o);

/* ---- output -------------------------------------------------------------------------------- */
typedef jobject (*fwpkj_out_fn)(JNIEnv *env, const void *p);

jobject fwpkj_out_guid(JNIEnv *env, const GUID *g);
jobject fwpkj_out_session(JNIEnv *env, const FWPM_SESSION0 *s);
jobject fwpkj_out_filter(JNIEnv *env, const FWPM_FILTER0 *f);
jobject fwpkj_out_context0(JNIEnv *env, const IPSEC_SA_CONTEXT0 *c);
jobject fwpkj_out_context1(JNIEnv *env, const IPSEC_SA_CONTEXT1 *c);
jobject fwpkj_out_details0(JNIEnv *env, const IPSEC_SA_DETAILS0 *d);
jobject fwpkj_out_details1(JNIEnv *env, const IPSEC_SA_DETAILS1 *d);
void fwpkj_fill_statistics0(JNIEnv *env, const IPSEC_STATISTICS0 *s, jobject out);
void fwpkj_fill_statistics1(JNIEnv *env, const IPSEC_STATISTICS1 *s, jobject out);

/* A Java array (class `cls`, e.g. "org/fwpkclnt/SaContext") of conv(items[i]), i < n.
 * NULL with a pending exception on failure. */
jobjectArray fwpkj_out_array(JNIEnv *env, const char *cls, void *const *items, UINT32 n,
                             fwpkj_out_fn conv);

/* Enumeration pages (org.fwpkclnt.EnumPage). */
int fwpkj_page_null_entries(JNIEnv *env, jobject page);
int fwpkj_page_null_count(JNIEnv *env, jobject page);
/* Stores count and entries (only when status is STATUS_SUCCESS; else null and 0). */
void fwpkj_page_set(JNIEnv *env, jobject page, NTSTATUS status, const char *cls,
                    void *const *items, UINT32 count, fwpkj_out_fn conv);

/* Names the typemaps build from the C type ($1_basetype). */
#define fwpkj_out_FWPM_FILTER0 fwpkj_out_filter
#define fwpkj_out_FWPM_SESSION0 fwpkj_out_session
#define fwpkj_out_IPSEC_SA_CONTEXT0 fwpkj_out_context0
#define fwpkj_out_IPSEC_SA_CONTEXT1 fwpkj_out_context1
#define fwpkj_out_IPSEC_SA_DETAILS0 fwpkj_out_details0
#define fwpkj_out_IPSEC_SA_DETAILS1 fwpkj_out_details1
#define fwpkj_class_FWPM_FILTER0 "org/fwpkclnt/Filter"
#define fwpkj_class_FWPM_SESSION0 "org/fwpkclnt/Session"
#define fwpkj_class_IPSEC_SA_CONTEXT0 "org/fwpkclnt/SaContext"
#define fwpkj_class_IPSEC_SA_CONTEXT1 "org/fwpkclnt/SaContext"
#define fwpkj_class_IPSEC_SA_DETAILS0 "org/fwpkclnt/SaDetails"
#define fwpkj_class_IPSEC_SA_DETAILS1 "org/fwpkclnt/SaDetails"
#define fwpkj_fill_IPSEC_STATISTICS0 fwpkj_fill_statistics0
#define fwpkj_fill_IPSEC_STATISTICS1 fwpkj_fill_statistics1

#ifdef __cplusplus
}
#endif

#endif /* FWPKJ_H */
