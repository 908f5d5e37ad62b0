package fwpk

/*
#include <fwpmk.h>
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// DefaultPageSize is used when a page size of 0 is given to an Enum* method.
const DefaultPageSize = 100

// Iterator walks an enumeration (sessions, filters, SA contexts, SAs) page by
// page:
//
//	it, err := eng.EnumerateSaContexts(nil, 100)
//	if err != nil { ... }
//	defer it.Close()
//	for it.Next() {
//		c := it.Value()
//	}
//	if err := it.Err(); err != nil { ... }
//
// The iterator keeps its Engine alive.  It is not safe for concurrent use.
// Close releases the native enumerator (a finalizer does it for a forgotten
// one); closing twice is harmless.
type Iterator[T any] struct {
	e    *Engine
	h    uintptr
	desc *enumDesc[T]
	st   *pageState // the native side while open (carries the finalizer); nil after Close

	// Next decodes its page lazily, one record per call, straight from the
	// page buffer: only the entries the caller keeps become Go objects that
	// outlive the call.  lazyN records remain at offset lazyPos of st's
	// buffer; they are decoded into page (flush) before anything else may
	// reuse the buffer (NextPage, Close).
	page     []T
	idx      int
	lazyN    uint32
	lazyPos  uint32
	pageSize uint32
	closed   atomic.Bool
	done     bool
	err      error
	cur      T
}

// enumDesc is what an Iterator[T] calls and how it decodes (static: one per kind).
type enumDesc[T any] struct {
	kind enumKind
	page pageKind
	read func(*decoder, *T)
}

var (
	descSessions    = &enumDesc[Session]{enumSessions, pageSession0, readSession}
	descFilters     = &enumDesc[Filter]{enumFilters, pageFilter0, readFilter}
	descSaContexts0 = &enumDesc[SaContext]{enumSaContexts0, pageSaContext0, readContext0}
	descSaContexts1 = &enumDesc[SaContext]{enumSaContexts1, pageSaContext1, readContext1}
	descSas0        = &enumDesc[SaDetails]{enumSas0, pageSaDetails0, readDetails0}
	descSas1        = &enumDesc[SaDetails]{enumSas1, pageSaDetails1, readDetails1}
)

func newIterator[T any](e *Engine, pageSize uint32, d *enumDesc[T], tmpl unsafe.Pointer) (*Iterator[T], error) {
	if pageSize == 0 {
		pageSize = DefaultPageSize
	}
	st, h, err := createEnum(e, d.kind, tmpl)
	if err != nil {
		return nil, err
	}
	return &Iterator[T]{e: e, h: h, desc: d, st: st, pageSize: pageSize}, nil
}

// Handle is the native enumeration handle.
func (it *Iterator[T]) Handle() uintptr { return it.h }

// PageSize is the number of entries requested per native call.
func (it *Iterator[T]) PageSize() uint32 { return it.pageSize }

// NextPage makes one native Enum call for up to n entries.  Fewer than n
// entries means the enumeration is exhausted.
func (it *Iterator[T]) NextPage(n uint32) ([]T, error) {
	it.flush()
	st := it.st
	if st == nil { // closed: the library still answers for the stale handle
		st = getState()
		defer putState(st)
	}
	status := enumPage(st, it.desc.kind, it.e, it.h, n)
	var page []T
	err := check(enumOps[it.desc.kind].enum, status)
	if err == nil {
		page, err = decodePage(&st.dec, st.bytes(), it.desc.page, it.desc.read)
	}
	// st's finalizer (a forgotten iterator) must not run before the page is read.
	runtime.KeepAlive(it)
	runtime.KeepAlive(st)
	return page, err
}

// flush decodes the records Next has not reached yet into it.page.
func (it *Iterator[T]) flush() {
	if it.lazyN == 0 {
		return
	}
	rest := make([]T, it.lazyN)
	b := it.st.bytes()
	p := int(it.lazyPos)
	for i := range rest {
		if err := decodeRecord(&it.st.dec, b, &p, it.desc.read, &rest[i]); err != nil {
			rest, it.err = rest[:i], err
			break
		}
	}
	it.page, it.idx, it.lazyN = rest, 0, 0
}

// Next advances to the next entry, fetching a page when needed.
func (it *Iterator[T]) Next() bool {
	for {
		if it.idx < len(it.page) {
			it.cur = it.page[it.idx]
			it.idx++
			return true
		}
		if it.lazyN > 0 {
			var zero T
			it.cur = zero
			it.lazyN--
			p := int(it.lazyPos)
			if err := decodeRecord(&it.st.dec, it.st.bytes(), &p, it.desc.read, &it.cur); err != nil {
				it.cur, it.err, it.lazyN = zero, err, 0
				return false
			}
			it.lazyPos = uint32(p)
			return true
		}
		if it.done || it.err != nil {
			return false
		}
		it.page, it.idx = nil, 0
		n, err := it.fetch()
		if err != nil {
			it.err = err
			return false
		}
		if uint32(n) < it.pageSize {
			it.done = true
		}
	}
}

// fetch makes one Enum call for Next: the records stay in the page buffer
// (lazyN, lazyPos), or, once closed, are decoded by NextPage into it.page.
func (it *Iterator[T]) fetch() (int, error) {
	if it.st == nil {
		page, err := it.NextPage(it.pageSize)
		it.page = page
		return len(page), err
	}
	status := enumPage(it.st, it.desc.kind, it.e, it.h, it.pageSize)
	if err := check(enumOps[it.desc.kind].enum, status); err != nil {
		return 0, err
	}
	n, err := pageCount(it.st.bytes(), it.desc.page)
	if err != nil {
		return 0, err
	}
	it.lazyN, it.lazyPos = uint32(n), pagesHeaderSize
	return n, nil
}

// Value is the entry Next moved to.
func (it *Iterator[T]) Value() T { return it.cur }

// Err is the error that stopped Next, if any.
func (it *Iterator[T]) Err() error { return it.err }

// All returns every remaining entry, fetched page by page.
func (it *Iterator[T]) All() ([]T, error) {
	var all []T
	for it.Next() {
		all = append(all, it.cur)
	}
	return all, it.err
}

// Close destroys the native enumerator; harmless when repeated.  It fails
// (ErrInvalidHandle) only if the engine was closed first, which already
// released the enumerator.
func (it *Iterator[T]) Close() error {
	if it == nil || !it.closed.CompareAndSwap(false, true) {
		return nil
	}
	it.flush() // what Next has not read yet survives the buffer
	st := it.st
	it.st = nil
	return destroyEnum(st, it.h)
}

// ---- the enumerations -------------------------------------------------------

// EnumerateSessions is FwpmSessionCreateEnumHandle0 + FwpmSessionEnum0 (tmpl may be nil).
func (e *Engine) EnumerateSessions(tmpl *SessionEnumTemplate, pageSize uint32) (*Iterator[Session], error) {
	var a arena
	defer a.free()
	var t unsafe.Pointer
	if tmpl != nil {
		t = newVal(&a, C.FWPM_SESSION_ENUM_TEMPLATE0{reserved: C.UINT64(tmpl.Reserved)})
	}
	return newIterator(e, pageSize, descSessions, t)
}

// EnumerateFilters is FwpmFilterCreateEnumHandle0 + FwpmFilterEnum0 (tmpl may be nil).
func (e *Engine) EnumerateFilters(tmpl *FilterEnumTemplate, pageSize uint32) (*Iterator[Filter], error) {
	var a arena
	defer a.free()
	return newIterator(e, pageSize, descFilters, unsafe.Pointer(a.filterTemplate(tmpl)))
}

func (e *Engine) enumSaContexts(tmpl *SaContextEnumTemplate, pageSize uint32, v1 bool) (*Iterator[SaContext], error) {
	var t unsafe.Pointer
	var a arena
	if tmpl != nil {
		t = unsafe.Pointer(a.ctxTemplate(tmpl))
		defer a.free()
	}
	if v1 {
		return newIterator(e, pageSize, descSaContexts1, t)
	}
	return newIterator(e, pageSize, descSaContexts0, t)
}

// EnumerateSaContexts0 enumerates SA contexts with IPsecSaContextEnum0 (tmpl may be nil).
func (e *Engine) EnumerateSaContexts0(tmpl *SaContextEnumTemplate, pageSize uint32) (*Iterator[SaContext], error) {
	return e.enumSaContexts(tmpl, pageSize, false)
}

// EnumerateSaContexts enumerates SA contexts with IPsecSaContextEnum1 (tmpl may be nil).
func (e *Engine) EnumerateSaContexts(tmpl *SaContextEnumTemplate, pageSize uint32) (*Iterator[SaContext], error) {
	return e.enumSaContexts(tmpl, pageSize, true)
}

// SaContexts returns every SA context (version 1), fetched in pages of pageSize.
func (e *Engine) SaContexts(tmpl *SaContextEnumTemplate, pageSize uint32) ([]SaContext, error) {
	it, err := e.EnumerateSaContexts(tmpl, pageSize)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	return it.All()
}

func (e *Engine) enumSas(tmpl *SaEnumTemplate, pageSize uint32, v1 bool) (*Iterator[SaDetails], error) {
	var a arena
	defer a.free()
	var t unsafe.Pointer
	if tmpl != nil {
		t = newVal(&a, C.IPSEC_SA_ENUM_TEMPLATE0{saDirection: C.FWP_DIRECTION(tmpl.SaDirection)})
	}
	if v1 {
		return newIterator(e, pageSize, descSas1, t)
	}
	return newIterator(e, pageSize, descSas0, t)
}

// EnumerateSas0 enumerates IPsec SAs with IPsecSaEnum0 (tmpl nil = both directions).
func (e *Engine) EnumerateSas0(tmpl *SaEnumTemplate, pageSize uint32) (*Iterator[SaDetails], error) {
	return e.enumSas(tmpl, pageSize, false)
}

// EnumerateSas enumerates IPsec SAs with IPsecSaEnum1 (tmpl nil = both directions).
func (e *Engine) EnumerateSas(tmpl *SaEnumTemplate, pageSize uint32) (*Iterator[SaDetails], error) {
	return e.enumSas(tmpl, pageSize, true)
}
