/*
 * fwpk_go.i — Go typemaps for the shared interface ../fwpk.i.
 *
 * swig generates the package `raw` (internal/raw in the module): one Go
 * function per fwpmk.h function, nothing else.  The idiomatic package `fwpk`
 * (the module root) is the only public API; it converts between Go value
 * types and the native structures with cgo, reading returned blocks in place.
 *
 * Shapes produced here (see the NAMED PATTERNS in ../fwpk.i):
 *   HANDLE                        uintptr
 *   HANDLE *FWPK_OUT_HANDLE       *uintptr           (Go memory, written by C)
 *   UINT64 *FWPK_OUT_UINT64       *uint64            (nil = NULL)
 *   IPSEC_SA_SPI *FWPK_OUT_SPI    *uint32            (nil = NULL)
 *   const T *  (any struct in)    unsafe.Pointer     (C memory built by fwpk)
 *   T *FWPK_OUT_STRUCT            unsafe.Pointer     (pointer-free struct: Go memory ok)
 *   T **FWPK_OUT_BLOCK            func(unsafe.Pointer)     (nil = NULL out-pointer)
 *   (T ***, UINT32 *) entries     two parameters: func(entries unsafe.Pointer)
 *                                 (nil = NULL) and *uint32 for the count (nil =
 *                                 NULL; written before the visitor runs, so the
 *                                 visitor reads it).
 *       The wrapper passes the block to the visitor (which copies what it
 *       needs into Go values while the block is alive) and then frees it
 *       with FwpmFreeMemory0 — in the generated Go wrapper, on every path
 *       (success, failure, visitor panic).  No owning native pointer ever
 *       leaves the wrapper.  The NULL forms exist for the conformance runner
 *       (cmd/fwpk-conformance), which checks the library's NULL-pointer answers.
 *   FwpmFreeMemory0               raw only: FwpmFreeMemory0(p *uintptr) (nil = NULL),
 *                                 for the runner's FwpmFreeMemory0 steps; package
 *                                 fwpk never exposes it.
 *   const wchar_t *FWPK_IN_WSTRING unsafe.Pointer    (NUL-terminated wchar_t in C memory, or nil)
 *   NTSTATUS                      int32
 *   const char * (FwpkLibVersion/FwpkStatusName)  string ("" for NULL)
 */

%insert(cgo_comment_typedefs) %{
#cgo pkg-config: fwpkclnt
#include <stdint.h>
#include <fwpmk.h>
// Frees a returned block given its address as an integer (no Go memory is
// handed to C, which keeps cgo's pointer checks quiet).  No block comments
// here: this text lands inside the Go file's cgo comment.
static void fwpkgo_free_block(uintptr_t p) { void *q = (void *)p; FwpmFreeMemory0(&q); }
%}

/* Only functions and constants are wanted from swig in Go: the struct
 * proxies and GUID variables would be dead code (fwpk reads/writes the
 * structures with cgo). */
%rename("$ignore", %$isclass) "";
%rename("$ignore", %$isvariable) "";

/* ---- scalars --------------------------------------------------------------- */
%typemap(gotype) NTSTATUS "int32"
%typemap(out) NTSTATUS %{ $result = $1; %}

%typemap(gotype) HANDLE "uintptr"
%typemap(in) HANDLE %{ $1 = (HANDLE)$input; %}

/* ---- out scalars: Go passes a pointer to its own variable ------------------ */
%typemap(gotype) HANDLE *FWPK_OUT_HANDLE "*uintptr"
%typemap(in) HANDLE *FWPK_OUT_HANDLE %{ $1 = (HANDLE *)$input; %}
%typemap(argout) HANDLE *FWPK_OUT_HANDLE ""

%typemap(gotype) UINT64 *FWPK_OUT_UINT64 "*uint64"
%typemap(in) UINT64 *FWPK_OUT_UINT64 %{ $1 = (UINT64 *)$input; %}
%typemap(argout) UINT64 *FWPK_OUT_UINT64 ""

%typemap(gotype) IPSEC_SA_SPI *FWPK_OUT_SPI "*uint32"
%typemap(in) IPSEC_SA_SPI *FWPK_OUT_SPI %{ $1 = (IPSEC_SA_SPI *)$input; %}
%typemap(argout) IPSEC_SA_SPI *FWPK_OUT_SPI ""

/* ---- structure inputs / caller-allocated outputs ---------------------------- */
%typemap(gotype) SWIGTYPE const * "unsafe.Pointer"
%typemap(in) SWIGTYPE const * %{ $1 = ($1_ltype)$input; %}

%typemap(gotype) SWIGTYPE *FWPK_OUT_STRUCT "unsafe.Pointer"
%typemap(in) SWIGTYPE *FWPK_OUT_STRUCT %{ $1 = ($1_ltype)$input; %}

%typemap(gotype) const wchar_t *FWPK_IN_WSTRING "unsafe.Pointer"
%typemap(in) const wchar_t *FWPK_IN_WSTRING %{ $1 = ($1_ltype)$input; %}

/* ---- returned blocks ----------------------------------------------------------- */
%typemap(gotype) SWIGTYPE **FWPK_OUT_BLOCK "func(unsafe.Pointer)"
%typemap(imtype) SWIGTYPE **FWPK_OUT_BLOCK "*uintptr"
%typemap(goin) SWIGTYPE **FWPK_OUT_BLOCK %{
	if $input != nil {
		$result = new(uintptr)
	}
%}
%typemap(in) SWIGTYPE **FWPK_OUT_BLOCK %{ $1 = ($1_ltype)$input; if ($1) *$1 = NULL; %}
%typemap(argout) SWIGTYPE **FWPK_OUT_BLOCK ""
%typemap(freearg) SWIGTYPE **FWPK_OUT_BLOCK ""
%typemap(goargout) SWIGTYPE **FWPK_OUT_BLOCK %{
	if $input != nil && *$input != 0 {
		func() {
			defer C.fwpkgo_free_block(C.uintptr_t(*$input))
			if $1 != nil {
				$1(*(*unsafe.Pointer)(unsafe.Pointer($input)))
			}
		}()
	}
%}

/* The enumeration pages: entries and count are two Go parameters, so that
 * either can be NULL on its own.  Typemaps on the parameter names (every
 * Enum function of fwpmk.h uses them); they replace the pair pattern of
 * ../fwpk.i, whose %apply then finds no pair typemap: the pragma below
 * silences that warning 453 (Go defines every other pattern of ../fwpk.i). */
%typemap(gotype) SWIGTYPE ***entries "func(unsafe.Pointer)"
%typemap(imtype) SWIGTYPE ***entries "*uintptr"
%typemap(goin) SWIGTYPE ***entries %{
	if $input != nil {
		$result = new(uintptr)
	}
%}
%typemap(in) SWIGTYPE ***entries %{ $1 = ($1_ltype)$input; if ($1) *$1 = NULL; %}
%typemap(argout) SWIGTYPE ***entries ""
%typemap(freearg) SWIGTYPE ***entries ""
%typemap(goargout) SWIGTYPE ***entries %{
	if $input != nil && *$input != 0 {
		func() {
			defer C.fwpkgo_free_block(C.uintptr_t(*$input))
			if $1 != nil {
				$1(*(*unsafe.Pointer)(unsafe.Pointer($input)))
			}
		}()
	}
%}

%typemap(gotype) UINT32 *numEntriesReturned "*uint32"
%typemap(in) UINT32 *numEntriesReturned %{ $1 = (UINT32 *)$input; if ($1) *$1 = 0; %}
%typemap(argout) UINT32 *numEntriesReturned ""

#pragma SWIG nowarn=453
%include "../fwpk.i"

/* FwpmFreeMemory0 is %ignored by ../fwpk.i; raw gets it under its own name
 * through this one-line forwarder (package fwpk never calls it). */
%typemap(gotype) void **fwpkgo_p "*uintptr"
%typemap(in) void **fwpkgo_p %{ $1 = (void **)$input; %}
%rename(FwpmFreeMemory0) fwpkgo_free_memory0;
%inline %{
static void fwpkgo_free_memory0(void **fwpkgo_p) { FwpmFreeMemory0(fwpkgo_p); }
%}
