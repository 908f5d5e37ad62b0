package fwpk

/*
#include <fwpmk.h>
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"fwpkclnt/bindings/go/fwpk/internal/raw"
)

// DefaultPageSize is used when a page size of 0 is given to an Enum* method.
const DefaultPageSize = 100

// Iterator walks an enumeration (sessions, filters, SA contexts, SAs) page by
// page:
//
//	it, err := eng.EnumSaContexts(nil, 100)
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
	e        *Engine
	h        uintptr
	pageSize uint32
	enum     func(eh, h uintptr, n uint32, out *[]T) int32
	destroy  func(eh, h uintptr) int32
	enumOp   string
	destOp   string

	page   []T
	idx    int
	cur    T
	err    error
	done   bool
	closed atomic.Bool
}

func newIterator[T any](e *Engine, pageSize uint32, createOp, enumOp, destOp string,
	create func(eh uintptr, h *uintptr) int32,
	enum func(eh, h uintptr, n uint32, out *[]T) int32,
	destroy func(eh, h uintptr) int32) (*Iterator[T], error) {
	if pageSize == 0 {
		pageSize = DefaultPageSize
	}
	var h uintptr
	if err := e.call(createOp, func(eh uintptr) int32 { return create(eh, &h) }); err != nil {
		return nil, err
	}
	it := &Iterator[T]{e: e, h: h, pageSize: pageSize, enum: enum, destroy: destroy, enumOp: enumOp, destOp: destOp}
	runtime.SetFinalizer(it, func(it *Iterator[T]) { it.Close() })
	return it, nil
}

// Handle is the native enumeration handle.
func (it *Iterator[T]) Handle() uintptr { return it.h }

// PageSize is the number of entries requested per native call.
func (it *Iterator[T]) PageSize() uint32 { return it.pageSize }

// NextPage makes one native Enum call for up to n entries.  Fewer than n
// entries means the enumeration is exhausted.
func (it *Iterator[T]) NextPage(n uint32) ([]T, error) {
	var out []T
	err := it.e.call(it.enumOp, func(eh uintptr) int32 { return it.enum(eh, it.h, n, &out) })
	runtime.KeepAlive(it)
	return out, err
}

// Next advances to the next entry, fetching a page when needed.
func (it *Iterator[T]) Next() bool {
	for it.idx >= len(it.page) {
		if it.done || it.err != nil {
			return false
		}
		page, err := it.NextPage(it.pageSize)
		if err != nil {
			it.err = err
			return false
		}
		it.page, it.idx = page, 0
		if uint32(len(page)) < it.pageSize {
			it.done = true
		}
	}
	it.cur = it.page[it.idx]
	it.idx++
	return true
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
	runtime.SetFinalizer(it, nil)
	if it.e.closed.Load() {
		return nil
	}
	return it.e.call(it.destOp, func(eh uintptr) int32 { return it.destroy(eh, it.h) })
}

// ---- the enumerations -------------------------------------------------------

// EnumSessions is FwpmSessionCreateEnumHandle0 + FwpmSessionEnum0 (tmpl may be nil).
func (e *Engine) EnumSessions(tmpl *SessionEnumTemplate, pageSize uint32) (*Iterator[Session], error) {
	var a arena
	defer a.free()
	var t unsafe.Pointer
	if tmpl != nil {
		t = newVal(&a, C.FWPM_SESSION_ENUM_TEMPLATE0{reserved: C.UINT64(tmpl.Reserved)})
	}
	return newIterator(e, pageSize, "FwpmSessionCreateEnumHandle0", "FwpmSessionEnum0", "FwpmSessionDestroyEnumHandle0",
		func(eh uintptr, h *uintptr) int32 { return raw.FwpmSessionCreateEnumHandle0(eh, t, h) },
		func(eh, h uintptr, n uint32, out *[]Session) int32 {
			var k uint32
			st := raw.FwpmSessionEnum0(eh, h, uint(n), func(p unsafe.Pointer) {
				for _, c := range unsafe.Slice((**C.FWPM_SESSION0)(p), int(k)) {
					*out = append(*out, goSession(c))
				}
			}, &k)
			return st
		}, raw.FwpmSessionDestroyEnumHandle0)
}

// EnumFilters is FwpmFilterCreateEnumHandle0 + FwpmFilterEnum0 (tmpl may be nil).
func (e *Engine) EnumFilters(tmpl *FilterEnumTemplate, pageSize uint32) (*Iterator[Filter], error) {
	var a arena
	defer a.free()
	t := unsafe.Pointer(a.filterTemplate(tmpl))
	return newIterator(e, pageSize, "FwpmFilterCreateEnumHandle0", "FwpmFilterEnum0", "FwpmFilterDestroyEnumHandle0",
		func(eh uintptr, h *uintptr) int32 { return raw.FwpmFilterCreateEnumHandle0(eh, t, h) },
		func(eh, h uintptr, n uint32, out *[]Filter) int32 {
			var k uint32
			st := raw.FwpmFilterEnum0(eh, h, uint(n), func(p unsafe.Pointer) {
				for _, c := range unsafe.Slice((**C.FWPM_FILTER0)(p), int(k)) {
					*out = append(*out, *goFilter(c))
				}
			}, &k)
			return st
		}, raw.FwpmFilterDestroyEnumHandle0)
}

func (e *Engine) enumSaContexts(tmpl *SaContextEnumTemplate, pageSize uint32, v1 bool) (*Iterator[SaContext], error) {
	var a arena
	defer a.free()
	t := unsafe.Pointer(a.ctxTemplate(tmpl))
	enumOp := "IPsecSaContextEnum0"
	enum := func(eh, h uintptr, n uint32, out *[]SaContext) int32 {
		var k uint32
		st := raw.IPsecSaContextEnum0(eh, h, uint(n), func(p unsafe.Pointer) {
			s := unsafe.Slice((**C.IPSEC_SA_CONTEXT0)(p), int(k))
			*out = make([]SaContext, len(s))
			for i, c := range s {
				(*out)[i] = goContext0(c)
			}
		}, &k)
		return st
	}
	if v1 {
		enumOp = "IPsecSaContextEnum1"
		enum = func(eh, h uintptr, n uint32, out *[]SaContext) int32 {
			var k uint32
			st := raw.IPsecSaContextEnum1(eh, h, uint(n), func(p unsafe.Pointer) {
				s := unsafe.Slice((**C.IPSEC_SA_CONTEXT1)(p), int(k))
				*out = make([]SaContext, len(s))
				for i, c := range s {
					(*out)[i] = goContext1(c)
				}
			}, &k)
			return st
		}
	}
	return newIterator(e, pageSize, "IPsecSaContextCreateEnumHandle0", enumOp, "IPsecSaContextDestroyEnumHandle0",
		func(eh uintptr, h *uintptr) int32 { return raw.IPsecSaContextCreateEnumHandle0(eh, t, h) },
		enum, raw.IPsecSaContextDestroyEnumHandle0)
}

// EnumSaContexts0 enumerates SA contexts with IPsecSaContextEnum0 (tmpl may be nil).
func (e *Engine) EnumSaContexts0(tmpl *SaContextEnumTemplate, pageSize uint32) (*Iterator[SaContext], error) {
	return e.enumSaContexts(tmpl, pageSize, false)
}

// EnumSaContexts enumerates SA contexts with IPsecSaContextEnum1 (tmpl may be nil).
func (e *Engine) EnumSaContexts(tmpl *SaContextEnumTemplate, pageSize uint32) (*Iterator[SaContext], error) {
	return e.enumSaContexts(tmpl, pageSize, true)
}

// SaContexts returns every SA context (version 1), fetched in pages of pageSize.
func (e *Engine) SaContexts(tmpl *SaContextEnumTemplate, pageSize uint32) ([]SaContext, error) {
	it, err := e.EnumSaContexts(tmpl, pageSize)
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
	enumOp := "IPsecSaEnum0"
	enum := func(eh, h uintptr, n uint32, out *[]SaDetails) int32 {
		var k uint32
		st := raw.IPsecSaEnum0(eh, h, uint(n), func(p unsafe.Pointer) {
			for _, c := range unsafe.Slice((**C.IPSEC_SA_DETAILS0)(p), int(k)) {
				*out = append(*out, *goDetails0(c))
			}
		}, &k)
		return st
	}
	if v1 {
		enumOp = "IPsecSaEnum1"
		enum = func(eh, h uintptr, n uint32, out *[]SaDetails) int32 {
			var k uint32
			st := raw.IPsecSaEnum1(eh, h, uint(n), func(p unsafe.Pointer) {
				for _, c := range unsafe.Slice((**C.IPSEC_SA_DETAILS1)(p), int(k)) {
					*out = append(*out, *goDetails1(c))
				}
			}, &k)
			return st
		}
	}
	return newIterator(e, pageSize, "IPsecSaCreateEnumHandle0", enumOp, "IPsecSaDestroyEnumHandle0",
		func(eh uintptr, h *uintptr) int32 { return raw.IPsecSaCreateEnumHandle0(eh, t, h) },
		enum, raw.IPsecSaDestroyEnumHandle0)
}

// EnumSas0 enumerates IPsec SAs with IPsecSaEnum0 (tmpl nil = both directions).
func (e *Engine) EnumSas0(tmpl *SaEnumTemplate, pageSize uint32) (*Iterator[SaDetails], error) {
	return e.enumSas(tmpl, pageSize, false)
}

// EnumSas enumerates IPsec SAs with IPsecSaEnum1 (tmpl nil = both directions).
func (e *Engine) EnumSas(tmpl *SaEnumTemplate, pageSize uint32) (*Iterator[SaDetails], error) {
	return e.enumSas(tmpl, pageSize, true)
}
