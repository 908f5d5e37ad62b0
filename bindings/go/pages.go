package fwpk

// Enumeration pages and GetBy* blocks through the shared page codec
// (bindings/common/fwpk_pages.c, byte format bindings/common/PAGES.md): ONE
// cgo call per page runs the fwpmk.h function, flattens what it returned into
// a byte buffer and frees the native block on every path; the bytes are then
// decoded here with encoding/binary, before the next call reuses the buffer.
// The field-by-field readers of native.go (goContext1, goFilter, ...) stay for
// the conformance runner's raw steps (internal/bridge); the two paths must
// give equal values (pages_test.go).
//
// The codec is compiled into this package (no extra library): the build
// stages bindings/common beside bindings/go (gobuild.py).

/*
#cgo CFLAGS: -I${SRCDIR}/../common
#include <stdint.h>
#include <stdlib.h>
#include "fwpk_pages.c"

// The native side of one enumerator (C memory: cgo's pointer checks never see
// Go memory here, and it is released by Go code only).
typedef struct fwpkgo_state {
	fwpk_pages_buf buf; // the page buffer, reused for every page
	HANDLE h;           // the enumeration handle written by Create*EnumHandle0
} fwpkgo_state;

enum {
	FWPKGO_SESSIONS = 0,
	FWPKGO_FILTERS = 1,
	FWPKGO_SA_CONTEXTS0 = 2,
	FWPKGO_SA_CONTEXTS1 = 3,
	FWPKGO_SAS0 = 4,
	FWPKGO_SAS1 = 5,
};

static fwpkgo_state *fwpkgo_state_new(void) { return (fwpkgo_state *)calloc(1, sizeof(fwpkgo_state)); }
static void fwpkgo_state_free(fwpkgo_state *s) { fwpk_pages_buf_free(&s->buf); free(s); }

// Handles, and pointers to C memory, cross as integers: the raw layer's
// convention, and cgo then has no pointer to check on the way.
static NTSTATUS fwpkgo_create(int kind, uintptr_t eng, uintptr_t tmpl_, uintptr_t s_) {
	HANDLE e = (HANDLE)eng;
	const void *tmpl = (const void *)tmpl_;
	fwpkgo_state *s = (fwpkgo_state *)s_;
	s->h = NULL;
	switch (kind) {
	case FWPKGO_SESSIONS: return FwpmSessionCreateEnumHandle0(e, (const FWPM_SESSION_ENUM_TEMPLATE0 *)tmpl, &s->h);
	case FWPKGO_FILTERS: return FwpmFilterCreateEnumHandle0(e, (const FWPM_FILTER_ENUM_TEMPLATE0 *)tmpl, &s->h);
	case FWPKGO_SA_CONTEXTS0: case FWPKGO_SA_CONTEXTS1:
		return IPsecSaContextCreateEnumHandle0(e, (const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *)tmpl, &s->h);
	default: return IPsecSaCreateEnumHandle0(e, (const IPSEC_SA_ENUM_TEMPLATE0 *)tmpl, &s->h);
	}
}

static NTSTATUS fwpkgo_destroy(int kind, uintptr_t eng, uintptr_t h) {
	HANDLE e = (HANDLE)eng, eh = (HANDLE)h;
	switch (kind) {
	case FWPKGO_SESSIONS: return FwpmSessionDestroyEnumHandle0(e, eh);
	case FWPKGO_FILTERS: return FwpmFilterDestroyEnumHandle0(e, eh);
	case FWPKGO_SA_CONTEXTS0: case FWPKGO_SA_CONTEXTS1: return IPsecSaContextDestroyEnumHandle0(e, eh);
	default: return IPsecSaDestroyEnumHandle0(e, eh);
	}
}

static NTSTATUS fwpkgo_page(int kind, uintptr_t eng, uintptr_t h, UINT32 n, uintptr_t s) {
	HANDLE e = (HANDLE)eng, eh = (HANDLE)h;
	fwpk_pages_buf *b = &((fwpkgo_state *)s)->buf;
	switch (kind) {
	case FWPKGO_SESSIONS: return fwpk_pages_session_enum0(e, eh, n, b);
	case FWPKGO_FILTERS: return fwpk_pages_filter_enum0(e, eh, n, b);
	case FWPKGO_SA_CONTEXTS0: return fwpk_pages_sa_context_enum0(e, eh, n, b);
	case FWPKGO_SA_CONTEXTS1: return fwpk_pages_sa_context_enum1(e, eh, n, b);
	case FWPKGO_SAS0: return fwpk_pages_sa_enum0(e, eh, n, b);
	default: return fwpk_pages_sa_enum1(e, eh, n, b);
	}
}

enum { FWPKGO_FILTER_BY_ID = 0, FWPKGO_FILTER_BY_KEY = 1, FWPKGO_CONTEXT_BY_ID0 = 2, FWPKGO_CONTEXT_BY_ID1 = 3 };

static NTSTATUS fwpkgo_get(int what, uintptr_t eng, UINT64 id, uintptr_t key_, uintptr_t s) {
	HANDLE e = (HANDLE)eng;
	const GUID *key = (const GUID *)key_;
	fwpk_pages_buf *b = &((fwpkgo_state *)s)->buf;
	switch (what) {
	case FWPKGO_FILTER_BY_ID: return fwpk_pages_filter_get_by_id0(e, id, b);
	case FWPKGO_FILTER_BY_KEY: return fwpk_pages_filter_get_by_key0(e, key, b);
	case FWPKGO_CONTEXT_BY_ID0: return fwpk_pages_sa_context_get_by_id0(e, id, b);
	default: return fwpk_pages_sa_context_get_by_id1(e, id, b);
	}
}

*/
import "C"

import (
	"encoding/binary"
	"math"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ---- native state, recycled ----------------------------------------------------

// enumKind selects the fwpmk.h functions of an enumerator (FWPKGO_* above).
type enumKind int

const (
	enumSessions    enumKind = C.FWPKGO_SESSIONS
	enumFilters     enumKind = C.FWPKGO_FILTERS
	enumSaContexts0 enumKind = C.FWPKGO_SA_CONTEXTS0
	enumSaContexts1 enumKind = C.FWPKGO_SA_CONTEXTS1
	enumSas0        enumKind = C.FWPKGO_SAS0
	enumSas1        enumKind = C.FWPKGO_SAS1
)

var enumOps = [...]struct{ create, enum, destroy string }{
	enumSessions:    {"FwpmSessionCreateEnumHandle0", "FwpmSessionEnum0", "FwpmSessionDestroyEnumHandle0"},
	enumFilters:     {"FwpmFilterCreateEnumHandle0", "FwpmFilterEnum0", "FwpmFilterDestroyEnumHandle0"},
	enumSaContexts0: {"IPsecSaContextCreateEnumHandle0", "IPsecSaContextEnum0", "IPsecSaContextDestroyEnumHandle0"},
	enumSaContexts1: {"IPsecSaContextCreateEnumHandle0", "IPsecSaContextEnum1", "IPsecSaContextDestroyEnumHandle0"},
	enumSas0:        {"IPsecSaCreateEnumHandle0", "IPsecSaEnum0", "IPsecSaDestroyEnumHandle0"},
	enumSas1:        {"IPsecSaCreateEnumHandle0", "IPsecSaEnum1", "IPsecSaDestroyEnumHandle0"},
}

// pageState is what an open Iterator (or one GetBy* call) needs besides its
// Go values: the C-side page buffer and handle slot, and the decoder.  It
// carries the finalizer that backs up Iterator.Close, and is recycled through
// statePool instead of being freed: registering and removing a finalizer per
// enumerator cost more than the two native calls of a create+destroy pair.
// A pooled state has open == false and e == nil, so a finalizer that runs on
// one (the pool drops its objects at GC) only frees the C memory.
type pageState struct {
	c    *C.fwpkgo_state // C memory, owned
	e    *Engine         // while open: the engine the native enumerator belongs to
	kind enumKind
	open bool // a native enumerator that Close (or the finalizer) must destroy
	dec  decoder
}

// stateSlot holds the most recently released state: a create+close loop
// then costs one atomic swap each way; statePool takes the rest.
var (
	stateSlot atomic.Pointer[pageState]
	statePool sync.Pool
)

// maxPooledBuffer: larger page buffers are released when their state returns
// to the pool (a 1000-context page is ~720 KB).
const maxPooledBuffer = 64 << 10

func getState() *pageState {
	if s := stateSlot.Swap(nil); s != nil {
		return s
	}
	if s, _ := statePool.Get().(*pageState); s != nil {
		return s
	}
	c := C.fwpkgo_state_new()
	if c == nil {
		panic("fwpk: out of C memory")
	}
	s := &pageState{c: c}
	runtime.SetFinalizer(s, (*pageState).finalize)
	return s
}

// putState returns a state whose native enumerator is gone (or never existed).
func putState(s *pageState) {
	s.e, s.open = nil, false
	if s.c.buf.cap > maxPooledBuffer {
		C.fwpk_pages_buf_free(&s.c.buf)
	}
	s.dec.reset()
	if !stateSlot.CompareAndSwap(nil, s) {
		statePool.Put(s)
	}
}

// finalize: the Iterator that owned s was dropped without Close (or s was
// dropped by the pool).
func (s *pageState) finalize() {
	if s.open && !s.e.closed.Load() {
		C.fwpkgo_destroy(C.int(s.kind), C.uintptr_t(s.e.h), C.uintptr_t(uintptr(s.c.h)))
	}
	C.fwpkgo_state_free(s.c)
	s.c, s.e, s.open = nil, nil, false
}

// addr is s.c as an integer for the fwpkgo_* functions (C memory, owned by s).
func (s *pageState) addr() C.uintptr_t { return C.uintptr_t(uintptr(unsafe.Pointer(s.c))) }

// bytes is the page the last call left in the buffer (valid until the next call).
func (s *pageState) bytes() []byte {
	b := &s.c.buf
	if b.len == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(b.data)), int(b.len))
}

// ---- the calls -----------------------------------------------------------------------

// createEnum runs Create*EnumHandle0 into a fresh state.
func createEnum(e *Engine, kind enumKind, tmpl unsafe.Pointer) (*pageState, uintptr, error) {
	s := getState()
	st := C.fwpkgo_create(C.int(kind), C.uintptr_t(e.h), C.uintptr_t(uintptr(tmpl)), s.addr())
	runtime.KeepAlive(e)
	if st != 0 {
		putState(s)
		return nil, 0, check(enumOps[kind].create, int32(st))
	}
	s.e, s.kind, s.open = e, kind, true
	return s, uintptr(s.c.h), nil
}

// destroyEnum runs Destroy*EnumHandle0 (unless the engine is closed: that
// released the enumerator) and recycles s.
func destroyEnum(s *pageState, h uintptr) error {
	e, kind := s.e, s.kind
	s.open = false
	var err error
	if !e.closed.Load() {
		err = check(enumOps[kind].destroy, int32(C.fwpkgo_destroy(C.int(kind), C.uintptr_t(e.h), C.uintptr_t(h))))
		runtime.KeepAlive(e)
	}
	putState(s)
	return err
}

// enumPage runs one Enum call into s's buffer.
func enumPage(s *pageState, kind enumKind, e *Engine, h uintptr, n uint32) int32 {
	st := C.fwpkgo_page(C.int(kind), C.uintptr_t(e.h), C.uintptr_t(h), C.UINT32(n), s.addr())
	runtime.KeepAlive(e)
	runtime.KeepAlive(s)
	return int32(st)
}

type getKind int

const (
	getFilterByID   getKind = C.FWPKGO_FILTER_BY_ID
	getFilterByKey  getKind = C.FWPKGO_FILTER_BY_KEY
	getContextByID0 getKind = C.FWPKGO_CONTEXT_BY_ID0
	getContextByID1 getKind = C.FWPKGO_CONTEXT_BY_ID1
)

// getOne runs a GetBy* call and decodes its block (nil if the call succeeded
// without one).
func getOne[T any](e *Engine, what getKind, op string, id uint64, key *GUID, kind pageKind, read func(*decoder, *T)) (*T, error) {
	var a arena
	defer a.free()
	k := a.guidPtr(key)
	s := getState()
	defer putState(s)
	st := C.fwpkgo_get(C.int(what), C.uintptr_t(e.h), C.UINT64(id), C.uintptr_t(uintptr(unsafe.Pointer(k))), s.addr())
	runtime.KeepAlive(e)
	if err := check(op, int32(st)); err != nil {
		return nil, err
	}
	page, err := decodePage(&s.dec, s.bytes(), kind, read)
	if err != nil || len(page) == 0 {
		return nil, err
	}
	return &page[0], nil
}

// ---- the decoder ----------------------------------------------------------------------

type pageKind uint16

const (
	pageSaContext0 pageKind = C.FWPK_PAGES_SA_CONTEXT0
	pageSaContext1 pageKind = C.FWPK_PAGES_SA_CONTEXT1
	pageSaDetails0 pageKind = C.FWPK_PAGES_SA_DETAILS0
	pageSaDetails1 pageKind = C.FWPK_PAGES_SA_DETAILS1
	pageFilter0    pageKind = C.FWPK_PAGES_FILTER0
	pageSession0   pageKind = C.FWPK_PAGES_SESSION0
)

const (
	pagesMagic      = C.FWPK_PAGES_MAGIC
	pagesVersion    = C.FWPK_PAGES_VERSION
	pagesHeaderSize = C.FWPK_PAGES_HEADER_SIZE
	strNull         = 0xFFFFFFFF
)

// errMalformed: a page that does not follow PAGES.md (a codec bug).
func errMalformed() error {
	return &Error{Code: ErrInternalError.Code, Name: ErrInternalError.Name, Op: "fwpk page decoder"}
}

// slab hands out the elements of chunks of n values, so that the many small
// objects of a page (details, filters, keys, strings) cost one allocation per
// chunk instead of one each.  An element is handed out once; a value kept by
// the caller keeps (at most) its chunk alive.  Slices are cut with cap ==
// len, so appending to one never touches its neighbours.
type slab[T any] struct{ buf []T }

func (s *slab[T]) one(n int) *T {
	if len(s.buf) == 0 {
		s.buf = make([]T, n)
	}
	p := &s.buf[0]
	s.buf = s.buf[1:]
	return p
}

func (s *slab[T]) take(k, n int) []T {
	if k > len(s.buf) {
		if k > n/4 {
			return make([]T, k)
		}
		s.buf = make([]T, n)
	}
	r := s.buf[:k:k]
	s.buf = s.buf[k:]
	return r
}

// Chunk sizes (elements): a few KB each.
const (
	chunkDetails = 16
	chunkFilter  = 17 // 17 × 480 B fits the 8 KB size class
	chunkSa      = 32
	chunkInfo    = 32
	chunkString  = 128
	chunkU64     = 128
	chunkBytes   = 4096
)

// decoder reads one record at a time (b, p) and owns the slabs.
type decoder struct {
	b []byte
	p int

	// The last two strings read: every SA carries a copy of its transport
	// filter, so a name repeats; strings are immutable, sharing is invisible.
	s0, s1 string

	detSlab    slab[SaDetails]
	filterSlab slab[Filter]
	saSlab     slab[Sa]
	aciSlab    slab[SaAuthAndCipherInformation]
	aiSlab     slab[SaAuthInformation]
	ciSlab     slab[SaCipherInformation]
	strSlab    slab[string]
	u64Slab    slab[uint64]
	byteSlab   slab[byte]
}

func (d *decoder) reset() {
	if d.s0 != "" || d.s1 != "" {
		d.s0, d.s1 = "", ""
	}
}

func (d *decoder) u8() uint8 {
	v := d.b[d.p]
	d.p++
	return v
}

func (d *decoder) u16() uint16 {
	v := binary.LittleEndian.Uint16(d.b[d.p:])
	d.p += 2
	return v
}

func (d *decoder) u32() uint32 {
	v := binary.LittleEndian.Uint32(d.b[d.p:])
	d.p += 4
	return v
}

func (d *decoder) u64() uint64 {
	v := binary.LittleEndian.Uint64(d.b[d.p:])
	d.p += 8
	return v
}

func (d *decoder) opt() bool { return d.u8() != 0 }

// next returns the next n bytes of the record (a view, not a copy).
func (d *decoder) next(n int) []byte {
	r := d.b[d.p : d.p+n]
	d.p += n
	return r
}

// count reads an array count and checks that at least min bytes per element remain.
func (d *decoder) count(min int) int {
	n := int(d.u32())
	if n > (len(d.b)-d.p)/min {
		panic(malformed{})
	}
	return n
}

func (d *decoder) guid() GUID {
	b := d.b[d.p : d.p+16]
	d.p += 16
	return GUID{binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint16(b[4:]), binary.LittleEndian.Uint16(b[6:]), *(*[8]byte)(b[8:16])}
}

func (d *decoder) optGUID() *GUID {
	if !d.opt() {
		return nil
	}
	g := d.guid()
	return &g
}

// str: WSTR (0xFFFFFFFF = NULL).
func (d *decoder) str() *string {
	n := d.u32()
	if n == strNull {
		return nil
	}
	b := d.next(int(n))
	var s string
	switch {
	case string(b) == d.s0:
		s = d.s0
	case string(b) == d.s1:
		s = d.s1
	default:
		s = string(b)
		d.s0, d.s1 = s, d.s0
	}
	p := d.strSlab.one(chunkString)
	*p = s
	return p
}

// blob: BLOB, read as goBlob reads an FWP_BYTE_BLOB (size 0: empty; data NULL: nil).
func (d *decoder) blob() []byte {
	size := d.u32()
	has := d.opt()
	if size == 0 {
		return []byte{}
	}
	if !has {
		return nil
	}
	src := d.next(int(size))
	dst := d.byteSlab.take(len(src), chunkBytes)
	copy(dst, src)
	return dst
}

// value: VALUE (cond = false) or CONDITION_VALUE (cond = true), as goValue
// reads them, into the zero Value v (in place: a Value is 136 bytes).
func (d *decoder) value(v *Value, cond bool) {
	v.Type = DataType(d.u32())
	switch v.Type {
	case C.FWP_UINT8, C.FWP_BITMAP_INDEX_TYPE:
		v.Uint8 = d.u8()
	case C.FWP_INT8:
		v.Int8 = int8(d.u8())
	case C.FWP_UINT16:
		v.Uint16 = d.u16()
	case C.FWP_INT16:
		v.Int16 = int16(d.u16())
	case C.FWP_UINT32:
		v.Uint32 = d.u32()
	case C.FWP_INT32:
		v.Int32 = int32(d.u32())
	case C.FWP_FLOAT:
		v.Float32 = math.Float32frombits(d.u32())
	case C.FWP_UINT64:
		if d.opt() {
			x := d.u64Slab.one(chunkU64)
			*x = d.u64()
			v.Uint64 = x
		}
	case C.FWP_INT64:
		if d.opt() {
			x := int64(d.u64())
			v.Int64 = &x
		}
	case C.FWP_DOUBLE:
		if d.opt() {
			x := math.Float64frombits(d.u64())
			v.Double64 = &x
		}
	case C.FWP_BYTE_ARRAY16_TYPE:
		if d.opt() {
			x := *(*[16]byte)(d.next(16))
			v.ByteArray16 = &x
		}
	case C.FWP_BYTE_ARRAY6_TYPE:
		if d.opt() {
			x := *(*[6]byte)(d.next(6))
			v.ByteArray6 = &x
		}
	case C.FWP_BITMAP_ARRAY64_TYPE:
		if d.opt() {
			x := *(*[8]byte)(d.next(8))
			v.BitmapArray64 = &x
		}
	case C.FWP_BYTE_BLOB_TYPE, C.FWP_SECURITY_DESCRIPTOR_TYPE, C.FWP_TOKEN_ACCESS_INFORMATION_TYPE:
		if d.opt() {
			v.ByteBlob = d.blob()
		}
	case C.FWP_SID: // not modelled: skipped
		if d.opt() {
			d.next(int(d.u32()))
		}
	case C.FWP_UNICODE_STRING_TYPE:
		v.UnicodeString = d.str()
	case C.FWP_V4_ADDR_MASK:
		if cond && d.opt() {
			v.V4AddrMask = &V4AddrAndMask{d.u32(), d.u32()}
		}
	case C.FWP_V6_ADDR_MASK:
		if cond && d.opt() {
			x := &V6AddrAndMask{Addr: *(*[16]byte)(d.next(16))}
			x.PrefixLength = d.u8()
			v.V6AddrMask = x
		}
	case C.FWP_RANGE_TYPE:
		if cond && d.opt() {
			r := &Range{}
			d.value(&r.ValueLow, false)
			d.value(&r.ValueHigh, false)
			v.RangeValue = r
		}
	}
}

func readFilter(d *decoder, f *Filter) {
	f.FilterKey = d.guid()
	f.DisplayData.Name = d.str()
	f.DisplayData.Description = d.str()
	f.Flags = d.u32()
	f.ProviderKey = d.optGUID()
	f.ProviderData = d.blob()
	f.LayerKey = d.guid()
	f.SubLayerKey = d.guid()
	d.value(&f.Weight, false)
	if n := d.count(20); n > 0 {
		f.FilterCondition = make([]FilterCondition, n)
		for i := range f.FilterCondition {
			c := &f.FilterCondition[i]
			c.FieldKey = d.guid()
			c.MatchType = MatchType(d.u32())
			d.value(&c.ConditionValue, true)
		}
	}
	f.Action.Type = ActionType(d.u32())
	if g := d.guid(); f.Action.Type&ActionFlagCallout != 0 {
		f.Action.CalloutKey = g
	} else {
		f.Action.FilterType = g
	}
	// goFilter reads the union's first 8 bytes as rawContext whichever member
	// is set (ProviderContextKey is never filled on output).
	if f.Flags&C.FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT != 0 {
		f.RawContext = binary.LittleEndian.Uint64(d.next(16))
	} else {
		f.RawContext = d.u64()
	}
	f.Reserved = d.optGUID()
	f.FilterID = d.u64()
	d.value(&f.EffectiveWeight, false)
}

func readSession(d *decoder, s *Session) {
	s.SessionKey = d.guid()
	s.DisplayData.Name = d.str()
	s.DisplayData.Description = d.str()
	s.Flags = d.u32()
	s.TxnWaitTimeoutInMSec = d.u32()
	s.ProcessID = d.u32()
	if d.opt() { // sid: not modelled
		d.next(int(d.u32()))
	}
	s.Username = d.str()
	s.KernelMode = d.u32() != 0
}

func (d *decoder) traffic(t *Traffic, v1 bool) {
	t.IPVersion = IPVersion(d.u32())
	if t.IPVersion == IPVersionV6 {
		t.LocalAddress = netip.AddrFrom16(*(*[16]byte)(d.next(16)))
		t.RemoteAddress = netip.AddrFrom16(*(*[16]byte)(d.next(16)))
	} else {
		t.LocalAddress = V4ToAddr(d.u32())
		t.RemoteAddress = V4ToAddr(d.u32())
	}
	t.TrafficType = TrafficType(d.u32())
	if id := d.u64(); t.TrafficType == TrafficTypeTunnel {
		t.TunnelPolicyID = id
	} else {
		t.IpsecFilterID = id
	}
	t.RemotePort = d.u16()
	if v1 {
		t.LocalPort = d.u16()
		t.IPProtocol = d.u8()
		t.LocalIfLuid = d.u64()
		t.RealIfProfileID = d.u32()
	}
}

func (d *decoder) auth(a *SaAuthInformation) {
	a.AuthTransform.AuthTransformID.AuthType = AuthType(d.u32())
	a.AuthTransform.AuthTransformID.AuthConfig = AuthConfig(d.u8())
	a.AuthTransform.CryptoModuleID = d.optGUID()
	a.AuthKey = d.blob()
}

func (d *decoder) cipher(c *SaCipherInformation) {
	c.CipherTransform.CipherTransformID.CipherType = CipherType(d.u32())
	c.CipherTransform.CipherTransformID.CipherConfig = CipherConfig(d.u8())
	c.CipherTransform.CryptoModuleID = d.optGUID()
	c.CipherKey = d.blob()
}

func (d *decoder) sa(s *Sa) {
	s.Spi = d.u32()
	s.SaTransformType = TransformType(d.u32())
	switch s.SaTransformType {
	case TransformAH, TransformEspAuth, TransformEspAuthFw:
		if d.opt() {
			a := d.aiSlab.one(chunkInfo)
			d.auth(a)
			switch s.SaTransformType {
			case TransformAH:
				s.AhInformation = a
			case TransformEspAuth:
				s.EspAuthInformation = a
			default:
				s.EspAuthFwInformation = a
			}
		}
	case TransformEspCipher:
		if d.opt() {
			c := d.ciSlab.one(chunkInfo)
			d.cipher(c)
			s.EspCipherInformation = c
		}
	case TransformEspAuthAndCipher:
		if d.opt() {
			x := d.aciSlab.one(chunkInfo)
			d.cipher(&x.SaCipherInformation)
			d.auth(&x.SaAuthInformation)
			s.EspAuthAndCipherInformation = x
		}
	}
}

func (d *decoder) bundle(b *SaBundle, v1 bool) {
	b.Flags = d.u32()
	b.Lifetime.LifetimeSeconds = d.u32()
	b.Lifetime.LifetimeKilobytes = d.u32()
	b.Lifetime.LifetimePackets = d.u32()
	b.IdleTimeoutSeconds = d.u32()
	b.NdAllowClearTimeoutSeconds = d.u32()
	if d.opt() {
		id := &IpsecID{}
		id.MmTargetName = d.str()
		id.EmTargetName = d.str()
		if n := d.count(20); n > 0 {
			id.Tokens = make([]Token, n)
			for i := range id.Tokens {
				id.Tokens[i] = Token{TokenType(d.u32()), TokenPrincipal(d.u32()), TokenMode(d.u32()), d.u64()}
			}
		}
		id.ExplicitCredentials = d.u64()
		id.LogonID = d.u64()
		b.IpsecID = id
	}
	b.NapContext = d.u32()
	b.QmSaID = d.u32()
	if n := d.count(9); n > 0 {
		b.SaList = d.saSlab.take(n, chunkSa)
		for i := range b.SaList {
			d.sa(&b.SaList[i])
		}
	}
	if d.opt() {
		k := &KeyModuleState{KeyModuleKey: d.guid()}
		k.StateBlob = d.blob()
		b.KeyModuleState = k
	}
	b.IPVersion = IPVersion(d.u32())
	b.PeerV4PrivateAddress = V4ToAddr(d.u32())
	b.MmSaID = d.u64()
	b.PfsGroup = PfsGroup(d.u32())
	if v1 {
		b.SaLookupContext = d.guid()
		b.QmFilterID = d.u64()
	}
}

func (d *decoder) details(x *SaDetails, v1 bool) {
	x.IPVersion = IPVersion(d.u32())
	x.SaDirection = Direction(d.u32())
	d.traffic(&x.Traffic, v1)
	d.bundle(&x.SaBundle, v1)
	if d.opt() {
		x.UdpEncapsulation = &V4UdpEncapsulation{d.u16(), d.u16()}
	}
	if d.opt() {
		f := d.filterSlab.one(chunkFilter)
		readFilter(d, f)
		x.TransportFilter = f
	}
	if v1 {
		x.VirtualIfTunnelInfo = VirtualIfTunnelInfo{d.u64(), d.u64()}
	}
}

func (d *decoder) optDetails(v1 bool) *SaDetails {
	if !d.opt() {
		return nil
	}
	x := d.detSlab.one(chunkDetails)
	d.details(x, v1)
	return x
}

func readDetails0(d *decoder, x *SaDetails) { d.details(x, false) }
func readDetails1(d *decoder, x *SaDetails) { d.details(x, true) }

func readContext0(d *decoder, c *SaContext) {
	c.SaContextID = d.u64()
	c.InboundSa = d.optDetails(false)
	c.OutboundSa = d.optDetails(false)
}

func readContext1(d *decoder, c *SaContext) {
	c.SaContextID = d.u64()
	c.InboundSa = d.optDetails(true)
	c.OutboundSa = d.optDetails(true)
}

// malformed is the panic of a read past a record's end (or of an impossible count).
type malformed struct{}

// pageCount checks a page's header and returns its record count.
func pageCount(b []byte, kind pageKind) (int, error) {
	if len(b) < pagesHeaderSize || binary.LittleEndian.Uint32(b) != pagesMagic ||
		binary.LittleEndian.Uint16(b[4:]) != pagesVersion || pageKind(binary.LittleEndian.Uint16(b[6:])) != kind ||
		uint64(binary.LittleEndian.Uint32(b[12:])) != uint64(len(b)) {
		return 0, errMalformed()
	}
	n := int(binary.LittleEndian.Uint32(b[8:]))
	if n > (len(b)-pagesHeaderSize)/4 {
		return 0, errMalformed()
	}
	return n, nil
}

// decodeRecord reads the record at *p into out (which must be zero) and
// leaves *p at the record's end, whatever read consumed (PAGES.md: later
// versions may append members to a record).
func decodeRecord[T any](d *decoder, b []byte, p *int, read func(*decoder, *T), out *T) (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch r.(type) {
			case malformed, runtime.Error:
				err = errMalformed()
			default:
				panic(r)
			}
		}
		d.b = nil
	}()
	at := *p
	ln := int(binary.LittleEndian.Uint32(b[at:]))
	at += 4
	if ln > len(b)-at {
		return errMalformed()
	}
	d.b, d.p = b[at:at+ln], 0
	if ln > 0 {
		read(d, out)
	}
	*p = at + ln
	return nil
}

// decodePage reads every record of a page.  A page of count 0 gives nil (the
// library returns a NULL array then).
func decodePage[T any](d *decoder, b []byte, kind pageKind, read func(*decoder, *T)) ([]T, error) {
	n, err := pageCount(b, kind)
	if err != nil || n == 0 {
		return nil, err
	}
	out := make([]T, n)
	p := pagesHeaderSize
	for i := range out {
		if err := decodeRecord(d, b, &p, read, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
