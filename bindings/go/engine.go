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
	var h uint64
	if err := check("FwpmEngineOpen0", raw.Fwpkx_FwpmEngineOpen0(wstrBytes(serverName), authnService, s, &h)); err != nil {
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
	return check("FwpmEngineClose0", raw.Fwpkx_FwpmEngineClose0(e.h))
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
