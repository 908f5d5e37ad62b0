package fwpk

import "sync/atomic"

// DefaultPageSize is used when a page size of 0 is given to an Enumerate* method.
const DefaultPageSize = 100

// Iterator walks an enumeration page by page, one native Enum call per page:
//
//	it, err := eng.EnumerateSaContexts(nil, 100)
//	if err != nil { ... }
//	defer it.Close()
//	for it.Next() {
//		id := it.Value().SaContextId() // a view: reads the page in place
//	}
//	if err := it.Err(); err != nil { ... }
//
// V is a generated view (SaContextView, FilterView, ...): members at fixed
// offsets are read from the page without decoding, Decode() gives the value.
// A page is Go memory (copied out of the Engine's reused C page buffer): a
// view stays valid as long as it is held, and the iterator holds nothing
// native between pages except the enumeration handle, which Close destroys
// (closing twice is harmless).  A forgotten
// iterator's handle is released with its session: the library destroys a
// session's enumeration handles in FwpmEngineClose0, which Engine.Close or the
// Engine's finalizer calls (one finalizer per Engine, none per iterator: a
// finalizer would triple the cost of a create + close pair).  The iterator
// keeps its Engine alive.  It is not safe for concurrent use.
type Iterator[V any] struct {
	e        *Engine
	h        uint64
	pageSize uint32
	enum     func(*Engine, uint64, uint32) ([]V, error)
	destroy  func(*Engine, uint64) error
	closed   atomic.Bool
	page     []V
	idx      int
	done     bool
	err      error
	cur      V
}

// newIterator is the Enumerate* methods' tail: the iterator over handle h,
// or err (the handle's creation failed).
func newIterator[V any](e *Engine, h uint64, err error, pageSize uint32, enum func(*Engine, uint64, uint32) ([]V, error),
	destroy func(*Engine, uint64) error) (*Iterator[V], error) {
	if err != nil {
		return nil, err
	}
	if pageSize == 0 {
		pageSize = DefaultPageSize
	}
	return &Iterator[V]{e: e, h: h, pageSize: pageSize, enum: enum, destroy: destroy}, nil
}

// Handle is the native enumeration handle.
func (it *Iterator[V]) Handle() uint64 { return it.h }

// PageSize is the number of entries requested per native call.
func (it *Iterator[V]) PageSize() uint32 { return it.pageSize }

// NextPage makes one native Enum call for up to n entries.  Fewer than n
// entries means the enumeration is exhausted.  (After Close the library
// answers for the stale handle: ErrInvalidHandle.)
func (it *Iterator[V]) NextPage(n uint32) ([]V, error) {
	page, err := it.enum(it.e, it.h, n)
	return page, err
}

// Next advances to the next entry, fetching a page when needed.
func (it *Iterator[V]) Next() bool {
	for it.idx >= len(it.page) {
		if it.done || it.err != nil {
			return false
		}
		it.page, it.idx = nil, 0
		page, err := it.NextPage(it.pageSize)
		if err != nil {
			it.err = err
			return false
		}
		it.page = page
		if uint32(len(page)) < it.pageSize {
			it.done = true
		}
	}
	it.cur = it.page[it.idx]
	it.idx++
	return true
}

// Value is the entry Next moved to.
func (it *Iterator[V]) Value() V { return it.cur }

// Err is the error that stopped Next, if any.
func (it *Iterator[V]) Err() error { return it.err }

// All returns every remaining entry, fetched page by page.
func (it *Iterator[V]) All() ([]V, error) {
	var all []V
	for it.Next() {
		all = append(all, it.cur)
	}
	return all, it.err
}

// Close destroys the native enumeration handle; harmless when repeated, and
// after the Engine's Close (which released the handle already).
func (it *Iterator[V]) Close() error {
	if it == nil || !it.closed.CompareAndSwap(false, true) {
		return nil
	}
	if it.e.closed.Load() {
		return nil
	}
	return it.destroy(it.e, it.h)
}
