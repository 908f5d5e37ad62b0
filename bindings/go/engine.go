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

// Engine is an open session (FwpmEngineOpen0).  It is safe for concurrent
// use.  Close it with Close (defer eng.Close()); a finalizer closes a
// forgotten one.  After Close every method fails with ErrInvalidHandle.
type Engine struct {
	h      uintptr
	closed atomic.Bool
}

// Open opens a session with RPC_C_AUTHN_WINNT.  session may be nil (defaults).
func Open(session *Session) (*Engine, error) {
	return OpenWith(nil, RpcCAuthnWinNT, session)
}

// OpenWith is FwpmEngineOpen0 with every argument (serverName must be nil
// for this library; authIdentity is not modelled).
func OpenWith(serverName *string, authnService uint32, session *Session) (*Engine, error) {
	var a arena
	defer a.free()
	var h uintptr
	st := raw.FwpmEngineOpen0(unsafe.Pointer(a.wstr(serverName)), uint(authnService), unsafe.Pointer(a.session(session)), &h)
	if err := check("FwpmEngineOpen0", st); err != nil {
		return nil, err
	}
	e := &Engine{h: h}
	runtime.SetFinalizer(e, func(e *Engine) { e.Close() })
	return e, nil
}

// Handle is the native engine handle (for diagnostics and interop).
func (e *Engine) Handle() uintptr { return e.h }

// Close closes the session (FwpmEngineClose0): its enumerators become
// invalid and its open transaction is aborted.  Closing twice is harmless.
func (e *Engine) Close() error {
	if e == nil || !e.closed.CompareAndSwap(false, true) {
		return nil
	}
	runtime.SetFinalizer(e, nil)
	return check("FwpmEngineClose0", raw.FwpmEngineClose0(e.h))
}

// call runs f with the handle and keeps e reachable until f returned.
func (e *Engine) call(op string, f func(h uintptr) int32) error {
	st := f(e.h)
	runtime.KeepAlive(e)
	return check(op, st)
}

// ---- transactions ------------------------------------------------------------

// Transaction is an open transaction of an Engine.  Commit or Abort ends it;
// Close aborts it unless it already ended (defer tx.Close() is safe).
type Transaction struct {
	e    *Engine
	done atomic.Bool
}

// BeginTransaction is FwpmTransactionBegin0 (flags 0 or TxnReadOnly).
func (e *Engine) BeginTransaction(flags uint32) (*Transaction, error) {
	if err := e.TransactionBegin(flags); err != nil {
		return nil, err
	}
	return &Transaction{e: e}, nil
}

// Commit is FwpmTransactionCommit0.
func (t *Transaction) Commit() error {
	t.done.Store(true)
	return t.e.TransactionCommit()
}

// Abort is FwpmTransactionAbort0.
func (t *Transaction) Abort() error {
	t.done.Store(true)
	return t.e.TransactionAbort()
}

// Close aborts the transaction if it has not ended; harmless otherwise.
func (t *Transaction) Close() error {
	if t == nil || !t.done.CompareAndSwap(false, true) {
		return nil
	}
	return t.e.TransactionAbort()
}

// TransactionBegin / TransactionCommit / TransactionAbort are the plain calls.
func (e *Engine) TransactionBegin(flags uint32) error {
	return e.call("FwpmTransactionBegin0", func(h uintptr) int32 { return raw.FwpmTransactionBegin0(h, uint(flags)) })
}
func (e *Engine) TransactionCommit() error {
	return e.call("FwpmTransactionCommit0", raw.FwpmTransactionCommit0)
}
func (e *Engine) TransactionAbort() error {
	return e.call("FwpmTransactionAbort0", raw.FwpmTransactionAbort0)
}

// ---- filters --------------------------------------------------------------------

// AddFilter is FwpmFilterAdd0; it returns the engine-assigned filter ID.
func (e *Engine) AddFilter(f *Filter) (uint64, error) {
	var a arena
	defer a.free()
	var id uint64
	err := e.call("FwpmFilterAdd0", func(h uintptr) int32 { return raw.FwpmFilterAdd0(h, unsafe.Pointer(a.filter(f)), &id) })
	return id, err
}

// DeleteFilter is FwpmFilterDeleteById0.
func (e *Engine) DeleteFilter(id uint64) error {
	return e.call("FwpmFilterDeleteById0", func(h uintptr) int32 { return raw.FwpmFilterDeleteById0(h, id) })
}

// DeleteFilterByKey is FwpmFilterDeleteByKey0.
func (e *Engine) DeleteFilterByKey(key GUID) error {
	var a arena
	defer a.free()
	return e.call("FwpmFilterDeleteByKey0", func(h uintptr) int32 { return raw.FwpmFilterDeleteByKey0(h, unsafe.Pointer(a.guidPtr(&key))) })
}

// GetFilter is FwpmFilterGetById0.
func (e *Engine) GetFilter(id uint64) (*Filter, error) {
	return getOne(e, getFilterByID, "FwpmFilterGetById0", id, nil, pageFilter0, readFilter)
}

// GetFilterByKey is FwpmFilterGetByKey0.
func (e *Engine) GetFilterByKey(key GUID) (*Filter, error) {
	return getOne(e, getFilterByKey, "FwpmFilterGetByKey0", 0, &key, pageFilter0, readFilter)
}

// ---- SA contexts ------------------------------------------------------------------

// CreateSaContext0 is IPsecSaContextCreate0: the new context's ID and the
// inbound filter ID (0: the engine keeps no inbound-filter cache).
func (e *Engine) CreateSaContext0(outbound *Traffic) (id, inboundFilterID uint64, err error) {
	var a arena
	defer a.free()
	err = e.call("IPsecSaContextCreate0", func(h uintptr) int32 {
		return raw.IPsecSaContextCreate0(h, unsafe.Pointer(a.traffic0(outbound)), &inboundFilterID, &id)
	})
	return
}

// CreateSaContext is IPsecSaContextCreate1 (vif may be nil).
func (e *Engine) CreateSaContext(outbound *Traffic, vif *VirtualIfTunnelInfo) (id, inboundFilterID uint64, err error) {
	var a arena
	defer a.free()
	var v unsafe.Pointer
	if vif != nil {
		v = newVal(&a, C.IPSEC_VIRTUAL_IF_TUNNEL_INFO0{virtualIfTunnelId: C.UINT64(vif.VirtualIfTunnelID), trafficSelectorId: C.UINT64(vif.TrafficSelectorID)})
	}
	err = e.call("IPsecSaContextCreate1", func(h uintptr) int32 {
		return raw.IPsecSaContextCreate1(h, unsafe.Pointer(a.traffic1(outbound)), v, &inboundFilterID, &id)
	})
	return
}

// GetSpi0 is IPsecSaContextGetSpi0: allocates the inbound SPI.
func (e *Engine) GetSpi0(id uint64, g *GetSpi) (spi uint32, err error) {
	var a arena
	defer a.free()
	err = e.call("IPsecSaContextGetSpi0", func(h uintptr) int32 { return raw.IPsecSaContextGetSpi0(h, id, unsafe.Pointer(a.getSpi0(g)), &spi) })
	return
}

// GetSpi is IPsecSaContextGetSpi1.
func (e *Engine) GetSpi(id uint64, g *GetSpi) (spi uint32, err error) {
	var a arena
	defer a.free()
	err = e.call("IPsecSaContextGetSpi1", func(h uintptr) int32 { return raw.IPsecSaContextGetSpi1(h, id, unsafe.Pointer(a.getSpi1(g)), &spi) })
	return
}

// SetSpi is IPsecSaContextSetSpi0: a caller-chosen inbound SPI.
func (e *Engine) SetSpi(id uint64, g *GetSpi, spi uint32) error {
	var a arena
	defer a.free()
	return e.call("IPsecSaContextSetSpi0", func(h uintptr) int32 { return raw.IPsecSaContextSetSpi0(h, id, unsafe.Pointer(a.getSpi1(g)), uint(spi)) })
}

// AddInbound0 is IPsecSaContextAddInbound0.
func (e *Engine) AddInbound0(id uint64, b *SaBundle) error {
	var a arena
	defer a.free()
	return e.call("IPsecSaContextAddInbound0", func(h uintptr) int32 { return raw.IPsecSaContextAddInbound0(h, id, unsafe.Pointer(a.bundle0(b))) })
}

// AddInbound is IPsecSaContextAddInbound1.
func (e *Engine) AddInbound(id uint64, b *SaBundle) error {
	var a arena
	defer a.free()
	return e.call("IPsecSaContextAddInbound1", func(h uintptr) int32 { return raw.IPsecSaContextAddInbound1(h, id, unsafe.Pointer(a.bundle1(b))) })
}

// AddOutbound0 is IPsecSaContextAddOutbound0.
func (e *Engine) AddOutbound0(id uint64, b *SaBundle) error {
	var a arena
	defer a.free()
	return e.call("IPsecSaContextAddOutbound0", func(h uintptr) int32 { return raw.IPsecSaContextAddOutbound0(h, id, unsafe.Pointer(a.bundle0(b))) })
}

// AddOutbound is IPsecSaContextAddOutbound1.
func (e *Engine) AddOutbound(id uint64, b *SaBundle) error {
	var a arena
	defer a.free()
	return e.call("IPsecSaContextAddOutbound1", func(h uintptr) int32 { return raw.IPsecSaContextAddOutbound1(h, id, unsafe.Pointer(a.bundle1(b))) })
}

// UpdateSaContext is IPsecSaContextUpdate0 (flags: SaDetailsUpdate* / SaBundleUpdate*).
func (e *Engine) UpdateSaContext(flags uint64, newValues *SaContext) error {
	var a arena
	defer a.free()
	return e.call("IPsecSaContextUpdate0", func(h uintptr) int32 { return raw.IPsecSaContextUpdate0(h, flags, unsafe.Pointer(a.context1(newValues))) })
}

// GetSaContext0 is IPsecSaContextGetById0.
func (e *Engine) GetSaContext0(id uint64) (*SaContext, error) {
	return getOne(e, getContextByID0, "IPsecSaContextGetById0", id, nil, pageSaContext0, readContext0)
}

// GetSaContext is IPsecSaContextGetById1.
func (e *Engine) GetSaContext(id uint64) (*SaContext, error) {
	return getOne(e, getContextByID1, "IPsecSaContextGetById1", id, nil, pageSaContext1, readContext1)
}

// DeleteSaContext is IPsecSaContextDeleteById0.
func (e *Engine) DeleteSaContext(id uint64) error {
	return e.call("IPsecSaContextDeleteById0", func(h uintptr) int32 { return raw.IPsecSaContextDeleteById0(h, id) })
}

// ExpireSaContext is IPsecSaContextExpire0.
func (e *Engine) ExpireSaContext(id uint64) error {
	return e.call("IPsecSaContextExpire0", func(h uintptr) int32 { return raw.IPsecSaContextExpire0(h, id) })
}

// ---- statistics -------------------------------------------------------------------

// GetStatistics0 is IPsecGetStatistics0.
func (e *Engine) GetStatistics0() (Statistics, error) {
	var c C.IPSEC_STATISTICS1 // large enough for either version
	err := e.call("IPsecGetStatistics0", func(h uintptr) int32 { return raw.IPsecGetStatistics0(h, unsafe.Pointer(&c)) })
	if err != nil {
		return Statistics{}, err
	}
	return goStatistics(&c, false), nil
}

// GetStatistics is IPsecGetStatistics1.
func (e *Engine) GetStatistics() (Statistics, error) {
	var c C.IPSEC_STATISTICS1
	err := e.call("IPsecGetStatistics1", func(h uintptr) int32 { return raw.IPsecGetStatistics1(h, unsafe.Pointer(&c)) })
	if err != nil {
		return Statistics{}, err
	}
	return goStatistics(&c, true), nil
}
