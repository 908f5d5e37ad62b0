/*
 * fwpk_csharp.i — C# typemaps for the shared interface ../fwpk.i.
 *
 *   swig -csharp -namespace Fwpk.Native -dllimport fwpkclnt_cs \
 *        -outfile FwpkNative.cs -I<include> -I<bindings> fwpk_csharp.i
 *
 * swig generates namespace Fwpk.Native: the module class `fwpk` (one static
 * method per fwpmk.h function), `fwpkPINVOKE`, one proxy class per structure
 * and one C# enum per C enum.  The idiomatic SDK (namespace Fwpk, Fwpk/*.cs)
 * is written on top of it; Fwpk.Native stays public as the low-level layer
 * that can still say everything C can (NULL pointers included).
 * The C wrapper (fwpk_csharp_wrap.c) is built into libfwpkclnt_cs.so, which
 * links libfwpkclnt.so.
 *
 * Shapes produced here (see the NAMED PATTERNS in ../fwpk.i):
 *   NTSTATUS result                 the method throws Fwpk.FwpException (Code,
 *                                   Name, Function) when the status is not
 *                                   STATUS_SUCCESS, so it only ever returns 0
 *                                   (int, not void, because the FWP_E_* / STATUS_*
 *                                   %constants of fwpk.i share the NTSTATUS typemaps)
 *   HANDLE, void *                  System.IntPtr
 *   HANDLE *FWPK_OUT_HANDLE         IntPtr[]  (element 0 receives the handle; null = NULL)
 *   UINT64 *FWPK_OUT_UINT64         ulong[]   (null = NULL)
 *   IPSEC_SA_SPI *FWPK_OUT_SPI      uint[]    (null = NULL)
 *   const wchar_t *FWPK_IN_WSTRING  string    (converted to NUL-terminated UTF-32; null = NULL)
 *   T **FWPK_OUT_BLOCK              Fwpk.Native.EntryVisitor
 *   (T ***, UINT32 *) entries       Fwpk.Native.EntryVisitor
 *       The wrapper calls the visitor once per returned entry while the
 *       native block is alive (the visitor copies the entry into managed
 *       objects), then frees the block with FwpmFreeMemory0 in the freearg
 *       typemap — on success and on failure.  A null visitor passes NULL
 *       out-pointers (for the FWP_E_NULL_POINTER paths).  No owning native
 *       pointer ever reaches C#.
 *   FwpkCsPage*(...)                 the fast path the Fwpk layer uses: one call per
 *                                   page / GetBy* block, returned as bytes in the
 *                                   shared page format (../common/PAGES.md), see below
 *   T *FWPK_OUT_STRUCT, const T *   the structure's proxy class (null = NULL)
 *   unsigned char [N] members       byte[] (copied; setters require N bytes)
 *   proxies                         no finalizer: Fwpk disposes what it allocates;
 *                                   `Address` exposes the native address internally
 */

%{
#include <string.h>
#include <fwpmk.h>
typedef void (*fwpk_cs_visit_fn)(void *entry);
%}

/* ---- proxies: no finalizer, internal Address --------------------------- */
%typemap(csdispose) SWIGTYPE %{
  public void Dispose() {
    Dispose(true);
  }
%}
%typemap(csbody) SWIGTYPE %{
  private global::System.Runtime.InteropServices.HandleRef swigCPtr;
  protected bool swigCMemOwn;

  internal $csclassname(global::System.IntPtr cPtr, bool cMemoryOwn) {
    swigCMemOwn = cMemoryOwn;
    swigCPtr = new global::System.Runtime.InteropServices.HandleRef(this, cPtr);
  }

  internal static global::System.Runtime.InteropServices.HandleRef getCPtr($csclassname obj) {
    return (obj == null) ? new global::System.Runtime.InteropServices.HandleRef(null, global::System.IntPtr.Zero) : obj.swigCPtr;
  }

  /// <summary>The address of the native structure this proxy views.</summary>
  internal global::System.IntPtr Address => swigCPtr.Handle;
%}

/* v0/v1 twins share an interface so that Fwpk converts them with one routine. */
%typemap(csinterfaces) struct IPSEC_TRAFFIC0_, struct IPSEC_TRAFFIC1_ "global::System.IDisposable, Fwpk.Native.IIpsecTraffic"
%typemap(csinterfaces) struct IPSEC_SA_BUNDLE0_, struct IPSEC_SA_BUNDLE1_ "global::System.IDisposable, Fwpk.Native.IIpsecSaBundle"
%typemap(csinterfaces) struct FWP_VALUE0_, struct FWP_CONDITION_VALUE0_ "global::System.IDisposable, Fwpk.Native.IFwpValue"

/* ---- status codes: failure -> Fwpk.FwpException ----------------------- */
%typemap(csout, excode=SWIGEXCODE) NTSTATUS {
    int status = $imcall;$excode
    if (status != 0) throw Fwpk.FwpException.FromStatus(status, "$imfuncname");
    return status;
  }

/* ---- handles and untyped pointers: System.IntPtr ------------------------ */
%typemap(ctype)  HANDLE, void * "void *"
%typemap(imtype) HANDLE, void * "global::System.IntPtr"
%typemap(cstype) HANDLE, void * "global::System.IntPtr"
%typemap(in)     HANDLE, void * %{ $1 = ($1_ltype)$input; %}
%typemap(out)    HANDLE, void * %{ $result = (void *)$1; %}
%typemap(csin)   HANDLE, void * "$csinput"
%typemap(csout, excode=SWIGEXCODE) HANDLE, void * {
    global::System.IntPtr ret = $imcall;$excode
    return ret;
  }
%typemap(csvarin, excode=SWIGEXCODE2) HANDLE, void * %{
    set {
      $imcall;$excode
    } %}
%typemap(csvarout, excode=SWIGEXCODE2) HANDLE, void * %{
    get {
      global::System.IntPtr ret = $imcall;$excode
      return ret;
    } %}

/* ---- scalar out-parameters: one-element arrays (null = NULL) ------------ */
%define FWPK_CS_OUT_SCALAR(CTYPE, PATTERN, CSTYPE)
%typemap(ctype)  CTYPE *PATTERN "CTYPE *"
%typemap(imtype, inattributes="[global::System.Runtime.InteropServices.In, global::System.Runtime.InteropServices.Out]") CTYPE *PATTERN "CSTYPE[]"
%typemap(cstype) CTYPE *PATTERN "CSTYPE[]"
%typemap(csin)   CTYPE *PATTERN "$csinput"
%typemap(in)     CTYPE *PATTERN %{ $1 = ($1_ltype)$input; %}
%typemap(argout) CTYPE *PATTERN ""
%enddef
FWPK_CS_OUT_SCALAR(HANDLE, FWPK_OUT_HANDLE, global::System.IntPtr)
FWPK_CS_OUT_SCALAR(UINT64, FWPK_OUT_UINT64, ulong)
FWPK_CS_OUT_SCALAR(IPSEC_SA_SPI, FWPK_OUT_SPI, uint)

/* ---- wide-string input: UTF-32 (wchar_t is 4 bytes on Linux) ------------ */
%typemap(ctype)  const wchar_t *FWPK_IN_WSTRING "const void *"
%typemap(imtype) const wchar_t *FWPK_IN_WSTRING "byte[]"
%typemap(cstype) const wchar_t *FWPK_IN_WSTRING "string"
%typemap(csin)   const wchar_t *FWPK_IN_WSTRING "Fwpk.Native.Mem.Utf32z($csinput)"
%typemap(in)     const wchar_t *FWPK_IN_WSTRING %{ $1 = ($1_ltype)$input; %}

/* ---- caller-allocated output structures: the proxy ---------------------- */
%apply SWIGTYPE * { SWIGTYPE *FWPK_OUT_STRUCT };

/* ---- fixed byte arrays in structures: byte[] ----------------------------- */
%typemap(ctype)  unsigned char [ANY] "unsigned char *"
%typemap(imtype, out="global::System.IntPtr") unsigned char [ANY] "byte[]"
%typemap(cstype) unsigned char [ANY] "byte[]"
%typemap(in)     unsigned char [ANY] %{ $1 = ($1_ltype)$input; %}
%typemap(out)    unsigned char [ANY] %{ $result = (unsigned char *)$1; %}
%typemap(memberin) unsigned char [ANY] %{
  if ($input) memcpy($1, $input, sizeof(unsigned char) * $1_dim0);
%}
%typemap(csin) unsigned char [ANY] "$csinput"
%typemap(csvarin, excode=SWIGEXCODE2) unsigned char [ANY] %{
    set {
      if (value == null || value.Length != $1_dim0) throw new global::System.ArgumentException("expected $1_dim0 bytes");
      $imcall;$excode
    } %}
%typemap(csvarout, excode=SWIGEXCODE2) unsigned char [ANY] %{
    get {
      global::System.IntPtr p = $imcall;$excode
      byte[] ret = new byte[$1_dim0];
      global::System.Runtime.InteropServices.Marshal.Copy(p, ret, 0, $1_dim0);
      return ret;
    } %}

/* ---- returned memory: visited, copied, freed inside the wrapper --------- */
%typemap(ctype)  (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "fwpk_cs_visit_fn"
%typemap(imtype) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "Fwpk.Native.EntryVisitor"
%typemap(cstype) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "Fwpk.Native.EntryVisitor"
%typemap(csin)   (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) "$csinput"
%typemap(in) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT)
    ($*1_ltype entries_tmp = NULL, UINT32 count_tmp = 0, fwpk_cs_visit_fn visit_tmp = NULL) {
  visit_tmp = $input;
  $1 = visit_tmp ? &entries_tmp : NULL;
  $2 = visit_tmp ? &count_tmp : NULL;
}
%typemap(argout) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) {
  if (result == 0 && visit_tmp$argnum && entries_tmp$argnum) {
    UINT32 i_;
    for (i_ = 0; i_ < count_tmp$argnum; ++i_) visit_tmp$argnum((void *)entries_tmp$argnum[i_]);
  }
}
%typemap(freearg) (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) {
  FwpmFreeMemory0((void **)&entries_tmp$argnum);
}

%typemap(ctype)  SWIGTYPE **FWPK_OUT_BLOCK "fwpk_cs_visit_fn"
%typemap(imtype) SWIGTYPE **FWPK_OUT_BLOCK "Fwpk.Native.EntryVisitor"
%typemap(cstype) SWIGTYPE **FWPK_OUT_BLOCK "Fwpk.Native.EntryVisitor"
%typemap(csin)   SWIGTYPE **FWPK_OUT_BLOCK "$csinput"
%typemap(in) SWIGTYPE **FWPK_OUT_BLOCK ($*1_ltype block_tmp = NULL, fwpk_cs_visit_fn visit_tmp = NULL) {
  visit_tmp = $input;
  $1 = visit_tmp ? &block_tmp : NULL;
}
%typemap(argout) SWIGTYPE **FWPK_OUT_BLOCK {
  if (result == 0 && visit_tmp$argnum && block_tmp$argnum) visit_tmp$argnum((void *)block_tmp$argnum);
}
%typemap(freearg) SWIGTYPE **FWPK_OUT_BLOCK {
  FwpmFreeMemory0((void **)&block_tmp$argnum);
}

/* ---- pages: whole returned structures in one call (../common/PAGES.md) ---
 * The Fwpk layer reads enumeration pages and GetBy* blocks through these
 * instead of the visitor: FwpkCsPage*() calls the fwpmk.h function, flattens
 * what it returned into the calling thread's page buffer with the shared
 * codec (../common/fwpk_pages.c), frees the native block (every path), and
 * returns the status with the page's address and length (out IntPtr / out
 * nuint).  The page stays valid until the thread's next FwpkCsPage*() call;
 * it belongs to the wrapper (freed when the thread exits, and a buffer over
 * FWPK_CS_PAGE_KEEP is dropped at the next call).  No owning pointer reaches
 * C#.  The status is returned, not thrown: Fwpk names the fwpmk.h function in
 * its FwpException.
 *
 *   HANDLE *FWPK_CS_OUT_HANDLE      out IntPtr (FwpkCs*CreateEnumHandle0: no array)
 *   const GUID *FWPK_CS_IN_GUID     ref Guid
 */
%typemap(ctype)  const uint8_t **FWPK_CS_PAGE_DATA "const uint8_t **"
%typemap(imtype) const uint8_t **FWPK_CS_PAGE_DATA "out global::System.IntPtr"
%typemap(cstype) const uint8_t **FWPK_CS_PAGE_DATA "out global::System.IntPtr"
%typemap(csin)   const uint8_t **FWPK_CS_PAGE_DATA "out $csinput"
%typemap(in)     const uint8_t **FWPK_CS_PAGE_DATA %{ $1 = ($1_ltype)$input; %}
%typemap(ctype)  size_t *FWPK_CS_PAGE_LEN "size_t *"
%typemap(imtype) size_t *FWPK_CS_PAGE_LEN "out nuint"
%typemap(cstype) size_t *FWPK_CS_PAGE_LEN "out nuint"
%typemap(csin)   size_t *FWPK_CS_PAGE_LEN "out $csinput"
%typemap(in)     size_t *FWPK_CS_PAGE_LEN %{ $1 = ($1_ltype)$input; %}
%typemap(ctype)  HANDLE *FWPK_CS_OUT_HANDLE "HANDLE *"
%typemap(imtype) HANDLE *FWPK_CS_OUT_HANDLE "out global::System.IntPtr"
%typemap(cstype) HANDLE *FWPK_CS_OUT_HANDLE "out global::System.IntPtr"
%typemap(csin)   HANDLE *FWPK_CS_OUT_HANDLE "out $csinput"
%typemap(in)     HANDLE *FWPK_CS_OUT_HANDLE %{ $1 = ($1_ltype)$input; %}
%typemap(ctype)  const GUID *FWPK_CS_IN_GUID "const GUID *"
%typemap(imtype) const GUID *FWPK_CS_IN_GUID "ref global::System.Guid"
%typemap(cstype) const GUID *FWPK_CS_IN_GUID "ref global::System.Guid"
%typemap(csin)   const GUID *FWPK_CS_IN_GUID "ref $csinput"
%typemap(in)     const GUID *FWPK_CS_IN_GUID %{ $1 = ($1_ltype)$input; %}

%{
#include <pthread.h>
#include <stdlib.h>
#include "fwpk_pages.h"

#define FWPK_CS_PAGE_KEEP ((size_t)4 << 20)

static pthread_key_t fwpk_cs_page_key;
static pthread_once_t fwpk_cs_page_once = PTHREAD_ONCE_INIT;
static int fwpk_cs_page_key_ok;

static void fwpk_cs_page_destroy(void *p)
{
    fwpk_pages_buf_free((fwpk_pages_buf *)p);
    free(p);
}

static void fwpk_cs_page_key_init(void)
{
    fwpk_cs_page_key_ok = pthread_key_create(&fwpk_cs_page_key, fwpk_cs_page_destroy) == 0;
}

/* The calling thread's page buffer (realloc-backed), or NULL. */
static fwpk_pages_buf *fwpk_cs_page_buf(void)
{
    pthread_once(&fwpk_cs_page_once, fwpk_cs_page_key_init);
    if (!fwpk_cs_page_key_ok) return NULL;
    fwpk_pages_buf *b = (fwpk_pages_buf *)pthread_getspecific(fwpk_cs_page_key);
    if (!b) {
        b = (fwpk_pages_buf *)calloc(1, sizeof *b);
        if (!b) return NULL;
        if (pthread_setspecific(fwpk_cs_page_key, b) != 0) { free(b); return NULL; }
    } else if (b->cap > FWPK_CS_PAGE_KEEP) {
        fwpk_pages_buf_free(b); /* the previous page was huge: do not keep its buffer */
    }
    return b;
}

/* Runs CALL (a fwpk_pages_* call on buffer b) and publishes the page. */
#define FWPK_CS_PAGE(CALL)                                  \
    fwpk_pages_buf *b = fwpk_cs_page_buf();                 \
    NTSTATUS st;                                            \
    *page = NULL;                                           \
    *pageLength = 0;                                        \
    if (!b) return STATUS_NO_MEMORY;                        \
    st = CALL;                                              \
    if (st == STATUS_SUCCESS) {                             \
        *page = b->data;                                    \
        *pageLength = b->len;                               \
    }                                                       \
    return st;
%}


/* ---- sizes of array elements the Fwpk layer lays out itself ------------- */
%inline %{
size_t FwpkCsSizeOfSa0(void) { return sizeof(IPSEC_SA0); }
size_t FwpkCsSizeOfFilterCondition0(void) { return sizeof(FWPM_FILTER_CONDITION0); }
size_t FwpkCsSizeOfToken0(void) { return sizeof(IPSEC_TOKEN0); }
%}

%include "../fwpk.i"

/* ---- pages and out-handle helpers (declared after the headers: they use their types) */
%apply const uint8_t **FWPK_CS_PAGE_DATA { const uint8_t **page };
%apply size_t *FWPK_CS_PAGE_LEN { size_t *pageLength };
%apply const GUID *FWPK_CS_IN_GUID { const GUID *key };
%apply HANDLE *FWPK_CS_OUT_HANDLE { HANDLE *newEnumHandle };
%inline %{
int FwpkCsPageSessionEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                           const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_session_enum0(engineHandle, enumHandle, numEntriesRequested, b)) }
int FwpkCsPageFilterEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                          const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_filter_enum0(engineHandle, enumHandle, numEntriesRequested, b)) }
int FwpkCsPageSaContextEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                             const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_sa_context_enum0(engineHandle, enumHandle, numEntriesRequested, b)) }
int FwpkCsPageSaContextEnum1(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                             const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_sa_context_enum1(engineHandle, enumHandle, numEntriesRequested, b)) }
int FwpkCsPageSaEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                      const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_sa_enum0(engineHandle, enumHandle, numEntriesRequested, b)) }
int FwpkCsPageSaEnum1(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
                      const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_sa_enum1(engineHandle, enumHandle, numEntriesRequested, b)) }
int FwpkCsPageFilterGetById0(HANDLE engineHandle, UINT64 id, const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_filter_get_by_id0(engineHandle, id, b)) }
int FwpkCsPageFilterGetByKey0(HANDLE engineHandle, const GUID *key,
                              const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_filter_get_by_key0(engineHandle, key, b)) }
int FwpkCsPageSaContextGetById0(HANDLE engineHandle, UINT64 id, const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_sa_context_get_by_id0(engineHandle, id, b)) }
int FwpkCsPageSaContextGetById1(HANDLE engineHandle, UINT64 id, const uint8_t **page, size_t *pageLength)
{ FWPK_CS_PAGE(fwpk_pages_sa_context_get_by_id1(engineHandle, id, b)) }

/* Encodes one structure of `kind` (FWPK_PAGES_KIND) at `entry` into the
 * thread's page buffer without calling or freeing anything: the codec test
 * hook (the Fwpk tests compare its pages with the proxy readers). */
int FwpkCsPageEncode(int kind, void *entry, const uint8_t **page, size_t *pageLength)
{ const void *one = entry; FWPK_CS_PAGE(fwpk_pages_encode(b, (FWPK_PAGES_KIND)kind, &one, 1)) }

/* CreateEnumHandle0 with the handle in an out parameter (no array to allocate). */
int FwpkCsSessionCreateEnumHandle0(HANDLE engineHandle, const FWPM_SESSION_ENUM_TEMPLATE0 *enumTemplate, HANDLE *newEnumHandle)
{ *newEnumHandle = NULL; return FwpmSessionCreateEnumHandle0(engineHandle, enumTemplate, newEnumHandle); }
int FwpkCsFilterCreateEnumHandle0(HANDLE engineHandle, const FWPM_FILTER_ENUM_TEMPLATE0 *enumTemplate, HANDLE *newEnumHandle)
{ *newEnumHandle = NULL; return FwpmFilterCreateEnumHandle0(engineHandle, enumTemplate, newEnumHandle); }
int FwpkCsSaContextCreateEnumHandle0(HANDLE engineHandle, const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *enumTemplate, HANDLE *newEnumHandle)
{ *newEnumHandle = NULL; return IPsecSaContextCreateEnumHandle0(engineHandle, enumTemplate, newEnumHandle); }
int FwpkCsSaCreateEnumHandle0(HANDLE engineHandle, const IPSEC_SA_ENUM_TEMPLATE0 *enumTemplate, HANDLE *newEnumHandle)
{ *newEnumHandle = NULL; return IPsecSaCreateEnumHandle0(engineHandle, enumTemplate, newEnumHandle); }
%}
