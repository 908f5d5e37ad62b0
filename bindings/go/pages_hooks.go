package fwpk

// Test support for pages_test.go (cgo is not available in _test files): encode
// native structures that the caller already holds, and fill the members that
// package fwpk does not model (SIDs), so that the decoder's skipping is tested.

/*
#include <stdlib.h>
#include <string.h>
#include "fwpk_pages.h"

static NTSTATUS fwpkgo_test_encode(int kind, const void *entry, fwpk_pages_buf *b) {
	const void *one = entry;
	return fwpk_pages_encode(b, (FWPK_PAGES_KIND)kind, &one, 1);
}

// S-1-5-32-544, in C memory owned by the caller (free()).
static SID *fwpkgo_test_sid(void) {
	SID *s = (SID *)calloc(1, 8 + 4 * 2);
	UINT8 *b = (UINT8 *)s;
	b[0] = 1; b[1] = 2; b[7] = 5;
	UINT32 a[2] = {32, 544};
	memcpy(b + 8, a, sizeof a);
	return s;
}

static void *fwpkgo_test_cond_sid(FWPM_FILTER0 *f, UINT32 i) {
	SID *s = fwpkgo_test_sid();
	f->filterCondition[i].conditionValue.type = FWP_SID;
	f->filterCondition[i].conditionValue.sid = s;
	return s;
}

static void *fwpkgo_test_session_sid(FWPM_SESSION0 *x) {
	SID *s = fwpkgo_test_sid();
	x->sid = s;
	return s;
}
*/
import "C"

import "unsafe"

// encodeForTest encodes one native structure of the page kind into a Go copy of the page.
func encodeForTest(kind pageKind, p unsafe.Pointer) ([]byte, int32) {
	var b C.fwpk_pages_buf // Go memory without Go pointers: allowed by cgo's rules
	st := C.fwpkgo_test_encode(C.int(kind), p, &b)
	defer C.fwpk_pages_buf_free(&b)
	if st != 0 {
		return nil, int32(st)
	}
	return C.GoBytes(unsafe.Pointer(b.data), C.int(b.len)), 0
}

// setConditionSidForTest makes condition i of a native FWPM_FILTER0 an
// FWP_SID value; the returned function frees the SID.
func setConditionSidForTest(filter unsafe.Pointer, i int) func() {
	s := C.fwpkgo_test_cond_sid((*C.FWPM_FILTER0)(filter), C.UINT32(i))
	return func() { C.free(s) }
}

// setSessionSidForTest gives a native FWPM_SESSION0 a SID.
func setSessionSidForTest(session unsafe.Pointer) func() {
	s := C.fwpkgo_test_session_sid((*C.FWPM_SESSION0)(session))
	return func() { C.free(s) }
}

// decodeForTest decodes a page with a fresh decoder.
func decodeForTest(b []byte, kind pageKind) (any, error) {
	var d decoder
	switch kind {
	case pageSaContext0:
		return decodePage(&d, b, kind, readContext0)
	case pageSaContext1:
		return decodePage(&d, b, kind, readContext1)
	case pageSaDetails0:
		return decodePage(&d, b, kind, readDetails0)
	case pageSaDetails1:
		return decodePage(&d, b, kind, readDetails1)
	case pageFilter0:
		return decodePage(&d, b, kind, readFilter)
	default:
		return decodePage(&d, b, kind, readSession)
	}
}

// Data types and flags package fwpk names no constant for (tests only; unexported).
const (
	tcInt8                   DataType = C.FWP_INT8
	tcInt16                  DataType = C.FWP_INT16
	tcInt32                  DataType = C.FWP_INT32
	tcInt64                  DataType = C.FWP_INT64
	tcFloat                  DataType = C.FWP_FLOAT
	tcDouble                 DataType = C.FWP_DOUBLE
	tcByteArray6             DataType = C.FWP_BYTE_ARRAY6_TYPE
	tcBitmapArray64          DataType = C.FWP_BITMAP_ARRAY64_TYPE
	tcBitmapIndex            DataType = C.FWP_BITMAP_INDEX_TYPE
	tcSecurityDescriptor     DataType = C.FWP_SECURITY_DESCRIPTOR_TYPE
	tcTokenAccessInformation DataType = C.FWP_TOKEN_ACCESS_INFORMATION_TYPE
	tcTokenInformation       DataType = C.FWP_TOKEN_INFORMATION_TYPE
	tcUnicodeString          DataType = C.FWP_UNICODE_STRING_TYPE
	tcSid                    DataType = C.FWP_SID

	tcHasProviderContext = uint32(C.FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT)
)
