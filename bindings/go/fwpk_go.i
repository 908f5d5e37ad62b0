/*
 * fwpk_go.i — the Go typemaps of the NAMED PATTERNS of ../fwpk.i.
 *
 * swig generates package `raw` (internal/raw in the module): one Go function
 * per shim, `raw.Fwpkx_<Function>`, nothing else.  Package fwpk (the module
 * root) is the public API; its generated methods (methods_gen.go) encode the
 * inputs, call raw and decode the pages.  The conformance interpreter calls
 * raw directly for what the public API forbids (NULLs, forged handles).
 *
 *   uint64_t / uint32_t / ...            uint64 / uint32 / ... (stdint.i)
 *   (const uint8_t *, uint32_t)          []byte   (nil = NULL; empty non-nil = a
 *                                                  non-NULL pointer, length 0)
 *   fwpk_buf *FWPK_OUT_PAGE              *[]byte  (nil = NULL; else the page,
 *                                                  copied into Go memory; the C
 *                                                  buffer is freed on every path)
 *   uint64_t *FWPK_OUT_U64 / uint32_t *  *uint64 / *uint32 (nil = NULL; Go memory
 *                                                  without Go pointers)
 *   int32_t status                       int32
 */

%insert(cgo_comment_typedefs) %{
#cgo pkg-config: fwpkclnt
#include <stdint.h>
#include <stdlib.h>
#include "fwpk_shims.h"
// The out-page buffer, reached from Go as an integer (no Go pointer is
// handed to C).  No block comments here: this text is inside the Go file's
// cgo comment.
static uintptr_t fwpkgo_buf_new(void) { return (uintptr_t)calloc(1, sizeof(fwpk_buf)); }
static void *fwpkgo_buf_data(uintptr_t b) { return ((fwpk_buf *)b)->data; }
static int fwpkgo_buf_len(uintptr_t b) { return (int)((fwpk_buf *)b)->len; }
static void fwpkgo_buf_free(uintptr_t b) { fwpk_buf_free((fwpk_buf *)b); free((void *)b); }
%}

/* Exact widths (stdint.i would give int/uint for the 32-bit types). */
%define FWPKGO_SCALAR(CTYPE, GOTYPE)
%typemap(gotype) CTYPE "GOTYPE"
%typemap(in) CTYPE %{ $1 = ($1_ltype)$input; %}
%typemap(out) CTYPE %{ $result = $1; %}
%enddef
FWPKGO_SCALAR(int32_t, int32)
FWPKGO_SCALAR(uint8_t, uint8)
FWPKGO_SCALAR(uint16_t, uint16)
FWPKGO_SCALAR(uint32_t, uint32)
FWPKGO_SCALAR(uint64_t, uint64)

%typemap(gotype) (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN) "[]byte"
%typemap(in) (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN)
%{
  $1 = ($1_ltype)$input.array;
  $2 = ($2_ltype)$input.len;
%}

%typemap(gotype) fwpk_buf *FWPK_OUT_PAGE "*[]byte"
%typemap(imtype) fwpk_buf *FWPK_OUT_PAGE "uintptr"
%typemap(goin) fwpk_buf *FWPK_OUT_PAGE %{
	if $input != nil {
		$result = uintptr(C.fwpkgo_buf_new())
		if $result == 0 {
			panic("fwpk: out of memory")
		}
		defer C.fwpkgo_buf_free(C.uintptr_t($result))
	}
%}
%typemap(in) fwpk_buf *FWPK_OUT_PAGE %{ $1 = (fwpk_buf *)$input; %}
%typemap(goargout) fwpk_buf *FWPK_OUT_PAGE %{
	if $1 != nil {
		*$1 = C.GoBytes(C.fwpkgo_buf_data(C.uintptr_t($input)), C.fwpkgo_buf_len(C.uintptr_t($input)))
	}
%}

%typemap(gotype) uint64_t *FWPK_OUT_U64 "*uint64"
%typemap(in) uint64_t *FWPK_OUT_U64 %{ $1 = (uint64_t *)$input; %}
%typemap(gotype) uint32_t *FWPK_OUT_U32 "*uint32"
%typemap(in) uint32_t *FWPK_OUT_U32 %{ $1 = (uint32_t *)$input; %}

%include "../fwpk.i"
