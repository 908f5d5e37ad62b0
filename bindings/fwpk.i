/*
 * fwpk.i — the ONE SWIG interface of the fwpkclnt SDKs (C#, Java, Go).
 *
 * SWIG wraps only the uniform, generated function surface: one
 * `fwpkx_<Function>` shim per fwpmk.h function (bindings/gen/WIRE.md,
 * "Shims"; generated into <build>/bindings/gen/fwpk_shims.h).  Structures
 * never cross as SWIG proxies: they cross as bytes in the wire format, and
 * each SDK's generated value types encode and decode them.  So this file
 * names no structure and no function of the API: a function added to
 * fwpmk.h appears here through the generated header.
 *
 *   bindings/<lang>/fwpk_<lang>.i   the file swig runs on: defines the
 *                                   typemaps of the NAMED PATTERNS below,
 *                                   then `%include "../fwpk.i"` (run swig with
 *                                   -I<build>/bindings/gen for fwpk_shims.h
 *                                   and the generated fwpk_shims_apply.i).
 *
 * NAMED PATTERNS (each shim parameter has exactly one of these shapes):
 *   uint64_t                                  a handle or a UINT64 by value
 *   uint8_t / uint16_t / uint32_t / int32_t   a scalar by value
 *   (const uint8_t *FWPK_IN_BYTES, uint32_t FWPK_IN_LEN)
 *                                             an encoded input structure or a
 *                                             UTF-8 string; a NULL pointer is
 *                                             passed as NULL (the raw layer's null)
 *   fwpk_buf *FWPK_OUT_PAGE                   an encoded result (a page); the
 *                                             wrapper copies b->data[0, len) into
 *                                             managed memory and frees the buffer
 *                                             on EVERY path (freearg); NULL allowed
 *   uint64_t *FWPK_OUT_U64, uint32_t *FWPK_OUT_U32
 *                                             out scalars (handles, ids, SPIs,
 *                                             counts); NULL allowed
 *
 * No %exception: shims never throw and the C ABI lets no exception out.
 */

%module fwpk

%{
#include <fwpmk.h>
#include "fwpk_shims.h"
%}

%include <stdint.i>

%include "fwpk_shims_apply.i"   /* generated: every (bytes, length) pair of the shims */
%apply fwpk_buf *FWPK_OUT_PAGE { fwpk_buf * };
%apply uint64_t *FWPK_OUT_U64 { uint64_t * };
%apply uint32_t *FWPK_OUT_U32 { uint32_t * };

/* The status name table of the library (the one code-to-name function). */
%rename(FwpkStatusName) fwpk_status_name_;
%inline %{
static const char *fwpk_status_name_(int32_t status) { return FwpkStatusName((NTSTATUS)status); }
%}

%ignore fwpk_buf;
%ignore fwpk_buf_init;
%ignore fwpk_buf_free;
%include "fwpk_shims.h"
