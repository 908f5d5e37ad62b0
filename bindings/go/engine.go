package fwpk

// The idiomatic layer over the generated methods (methods_gen.go): opening
// and closing a session, transactions.  Every other *Engine method is
// generated, one per fwpmk.h function.

import (
	"runtime"
	"sync/atomic"

	"fwpkclnt/bindings/go/fwpk/internal/raw"
)

// Engine is an open session (FwpmEngineOpen0).  It is safe for concurrent
// use.  Close it with Close (defer eng.Close()); a finalizer closes a
// forgotten one.  After Close every method fails with ErrInvalidHandle.
type Engine struct {
	h      uint64
	closed atomic.Bool
	buf    atomic.Pointer[raw.Buf] // the C buffer pages are written into, reused (takeBuf)
}

// Open opens a session with RPC_C_AUTHN_WINNT.  session may be nil (defaults).
func Open(session *Session) (*Engine, error) {
	return OpenWith(nil, RpcCAuthnWinnt, session)
}

// OpenWith is FwpmEngineOpen0 with every argument (serverName must be nil
// for this library; authIdentity is not modelled: NULL).
func OpenWith(serverName *string, authnService uint32, session *Session) (*Engine, error) {
	var s []byte
	if session != nil {
		s, _ = session.MarshalBinary()
	}
	st, h := raw.CallFwpmEngineOpen0(wstrBytes(serverName), authnService, s)
	if err := check("FwpmEngineOpen0", st); err != nil {
		return nil, err
	}
	e := &Engine{h: h}
	runtime.SetFinalizer(e, func(e *Engine) { e.Close() })
	return e, nil
}

// Handle is the native engine handle (for diagnostics and interop).
func (e *Engine) Handle() uint64 { return e.h }

// Close closes the session (FwpmEngineClose0): its enumerators become
// invalid and its open transaction is aborted.  Closing twice is harmless.
func (e *Engine) Close() error {
	if e == nil || !e.closed.CompareAndSwap(false, true) {
		return nil
	}
	runtime.SetFinalizer(e, nil)
	if b := e.buf.Swap(nil); b != nil {
		b.Free()
	}
	return check("FwpmEngineClose0", raw.CallFwpmEngineClose0(e.h))
}

// maxCachedBuf: a page buffer grown beyond this is freed, not kept.
const maxCachedBuf = 4 << 20

// takeBuf gives the Engine's page buffer (or a new one when another call
// holds it, or for a call without an Engine): the shims write a page into C
// memory that then stays allocated, so a page costs no malloc and no page
// faults once the buffer has grown.  putBuf gives it back.
func takeBuf(e *Engine) *raw.Buf {
	if e != nil {
		if b := e.buf.Swap(nil); b != nil {
			return b
		}
	}
	if b := raw.NewBuf(); b != nil {
		return b
	}
	panic("fwpk: out of memory")
}

// putBuf keeps b as the Engine's buffer, or frees it (no Engine, one kept
// already, too large, or the Engine closed: Close frees the one it finds, and
// whichever of Close and putBuf swaps last frees it).
func putBuf(e *Engine, b *raw.Buf) {
	if e != nil && b.Cap() <= maxCachedBuf && e.buf.CompareAndSwap(nil, b) {
		if !e.closed.Load() {
			return
		}
		if b = e.buf.Swap(nil); b == nil {
			return
		}
	}
	b.Free()
}

// Transact runs f inside a transaction (FwpmTransactionBegin0 with flags 0
// or TxnReadOnly): committed when f returns nil, aborted when it returns an
// error or panics.  The error is f's, or the commit's.
func (e *Engine) Transact(flags uint32, f func() error) (err error) {
	if err := e.BeginTransaction(flags); err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			e.AbortTransaction()
		}
	}()
	if err := f(); err != nil {
		return err
	}
	done = true
	return e.CommitTransaction()
}
