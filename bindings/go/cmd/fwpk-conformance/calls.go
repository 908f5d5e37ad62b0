package main

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"fwpkclnt/bindings/go/fwpk"
	"fwpkclnt/bindings/go/fwpk/internal/bridge"
	"fwpkclnt/bindings/go/fwpk/internal/raw"
)

type runner struct {
	vars                   []variable
	decls                  map[string]decl
	lits                   []fwpk.GUID
	src                    string
	baseAdded, baseDeleted uint32

	opened    []*fwpk.Engine           // every engine opened through fwpk (closed at reset)
	rawOpened []uintptr                // engine handles opened through raw
	engines   map[uintptr]*fwpk.Engine // the live ones, by handle
	iters     map[uintptr]*iterRec     // enumerators created through fwpk, by handle
}

// iterRec is an *fwpk.Iterator[T] of one enumeration kind.
type iterRec struct {
	eng    *fwpk.Engine
	kind   string // enumeration function it pages with
	it     interface{ Close() error }
	closed bool
}

func newRunner() *runner {
	return &runner{engines: map[uintptr]*fwpk.Engine{}, iters: map[uintptr]*iterRec{}}
}

func closeRawEngine(h uintptr) { _ = raw.FwpmEngineClose0(h) }

// cx is one call being executed.
type cx struct {
	r        *runner
	name     string
	bind     string
	a        *args
	st       int32
	noStatus bool
	bound    bool
	vals     strings.Builder
}

func (c *cx) h() uintptr                     { return c.r.handle(c.a.req("h")) }
func (c *cx) e() uintptr                     { return c.r.handle(c.a.req("e")) }
func (c *cx) id() uint64                     { return c.r.id(c.a.req("id")) }
func (c *cx) null(k string) bool             { return c.a.is(k, "null") }
func (c *cx) printf(format string, a ...any) { fmt.Fprintf(&c.vals, format, a...) }

// bindAs binds the call's $var (0 when the call failed), before printing.
func (c *cx) bindAs(kind varKind, v uint64) {
	if c.st != 0 {
		v = 0
	}
	if c.bind != "" {
		c.r.bindVar(c.bind, kind, v)
	}
	c.bound = true
}

func code(err error) int32 {
	if err == nil {
		return 0
	}
	var fe *fwpk.Error
	if errors.As(err, &fe) {
		return int32(fe.Code)
	}
	panic(err)
}

// live is the runner's open fwpk.Engine with handle h, or nil.
func (c *cx) live(h uintptr) *fwpk.Engine { return c.r.engines[h] }

// native builds v (a declaration value or nil) in C memory and applies its lies.
func native(v any, version int, patch func(unsafe.Pointer, int)) (unsafe.Pointer, func()) {
	if v == nil {
		return nil, func() {}
	}
	p, free := bridge.Native(v, version)
	if p != nil && patch != nil {
		patch(p, version)
	}
	return p, free
}

func optOut[T any](null bool, p *T) *T {
	if null {
		return nil
	}
	return p
}

// ---- the dispatch table ------------------------------------------------------

var calls = map[string]func(c *cx){}

func init() {
	calls["FwpmEngineOpen0"] = engineOpen
	calls["FwpmEngineClose0"] = engineClose
	for _, n := range []string{"FwpmTransactionBegin0", "FwpmTransactionCommit0", "FwpmTransactionAbort0"} {
		calls[n] = transaction
	}
	for n := range enumKinds {
		calls[n] = enumPage
	}
	for n := range createKinds {
		calls[n] = enumCreate
	}
	for n := range destroyKinds {
		calls[n] = enumDestroy
	}
	calls["FwpmFilterAdd0"] = filterAdd
	calls["FwpmFilterDeleteById0"] = filterDelete
	calls["FwpmFilterDeleteByKey0"] = filterDelete
	calls["FwpmFilterGetById0"] = filterGet
	calls["FwpmFilterGetByKey0"] = filterGet
	calls["IPsecSaContextCreate0"] = ctxCreate
	calls["IPsecSaContextCreate1"] = ctxCreate
	calls["IPsecSaContextGetSpi0"] = getSpi
	calls["IPsecSaContextGetSpi1"] = getSpi
	calls["IPsecSaContextSetSpi0"] = setSpi
	for _, n := range []string{"IPsecSaContextAddInbound0", "IPsecSaContextAddInbound1", "IPsecSaContextAddOutbound0", "IPsecSaContextAddOutbound1"} {
		calls[n] = addSa
	}
	calls["IPsecSaContextUpdate0"] = ctxUpdate
	calls["IPsecSaContextGetById0"] = ctxGet
	calls["IPsecSaContextGetById1"] = ctxGet
	calls["IPsecSaContextDeleteById0"] = ctxDelete
	calls["IPsecSaContextExpire0"] = ctxDelete
	calls["IPsecGetStatistics0"] = statistics
	calls["IPsecGetStatistics1"] = statistics
	calls["FwpkStatusName"] = func(c *cx) {
		code := uint32(num(c.a.req("code")))
		c.a.checkUsed()
		c.noStatus = true
		c.printf(" name=%s", orNull(fwpk.StatusName(int32(code))))
	}
	calls["FwpkLibVersion"] = func(c *cx) {
		c.a.checkUsed()
		c.noStatus = true
		c.printf(" version=%s", orNull(fwpk.LibVersion()))
	}
	calls["FwpkLibVersionNumber"] = func(c *cx) {
		c.a.checkUsed()
		c.noStatus = true
		c.printf(" number=%d", fwpk.LibVersionNumber())
	}
	calls["FwpmFreeMemory0"] = func(c *cx) { // never exposed by fwpk: raw only
		v := c.a.req("p")
		c.a.checkUsed()
		c.noStatus = true
		switch v {
		case "null":
			raw.FwpmFreeMemory0(nil)
		case "nullptr":
			var p uintptr
			raw.FwpmFreeMemory0(&p)
			if p != 0 {
				c.printf(" VIOLATION=p-changed")
			}
		default:
			fail("bad p=")
		}
	}
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// call executes one call line and returns "STATUS[ values]".
func (r *runner) call(name, bind string, a *args) string {
	f, ok := calls[name]
	if !ok {
		fail("unknown call %s", name)
	}
	c := &cx{r: r, name: name, bind: bind, a: a}
	f(c)
	if bind != "" && !c.bound {
		fail("%s binds nothing", name)
	}
	if c.noStatus {
		return "-" + c.vals.String()
	}
	s := statusName(c.st)
	if c.st == 0 {
		s += c.vals.String()
	}
	return s
}

func statusName(st int32) string {
	if n := fwpk.StatusName(st); n != "" {
		return n
	}
	return fmt.Sprintf("0x%08X", uint32(st))
}

// ---- sessions and transactions ------------------------------------------------

func engineOpen(c *cx) {
	a := c.a
	s := &fwpk.Session{}
	name := "session"
	if c.bind != "" {
		name = c.bind[1:]
	}
	if v := a.opt("name", name); v != "null" {
		s.DisplayData.Name = fwpk.Str(v)
	}
	if a.is("dynamic", "1") {
		s.Flags = fwpk.SessionFlagDynamic
	}
	if v, ok := a.get("flags"); ok {
		s.Flags = uint32(num(v))
	}
	s.TxnWaitTimeoutInMSec = uint32(num(a.opt("timeout", "0")))
	s.SessionKey = parseGUID(a.opt("key", "zero"))
	var server *string
	if v := a.opt("server", "null"); v != "null" {
		server = &v
	}
	authn := uint32(num(a.opt("authn", "10")))
	if c.null("session") {
		s = nil
	}
	noOut := c.null("out")
	a.checkUsed()
	if !noOut {
		e, err := fwpk.OpenWith(server, authn, s)
		c.st = code(err)
		if err != nil {
			c.bindAs(vkHandle, 0)
			return
		}
		c.r.opened = append(c.r.opened, e)
		c.r.engines[e.Handle()] = e
		c.bindAs(vkHandle, uint64(e.Handle()))
		return
	}
	ps, f1 := native(server, 0, nil)
	defer f1()
	pss, f2 := native(s, 0, nil)
	defer f2()
	c.st = raw.FwpmEngineOpen0(ps, uint(authn), pss, nil)
	c.bindAs(vkHandle, 0)
}

func engineClose(c *cx) {
	h := c.h()
	c.a.checkUsed()
	if e := c.live(h); e != nil {
		c.st = code(e.Close())
		delete(c.r.engines, h)
		return
	}
	c.st = raw.FwpmEngineClose0(h)
}

func transaction(c *cx) {
	h := c.h()
	var flags uint32
	if c.name == "FwpmTransactionBegin0" {
		flags = uint32(num(c.a.opt("flags", "0")))
	}
	c.a.checkUsed()
	e := c.live(h)
	switch c.name {
	case "FwpmTransactionBegin0":
		if e != nil {
			c.st = code(e.TransactionBegin(flags))
		} else {
			c.st = raw.FwpmTransactionBegin0(h, uint(flags))
		}
	case "FwpmTransactionCommit0":
		if e != nil {
			c.st = code(e.TransactionCommit())
		} else {
			c.st = raw.FwpmTransactionCommit0(h)
		}
	default:
		if e != nil {
			c.st = code(e.TransactionAbort())
		} else {
			c.st = raw.FwpmTransactionAbort0(h)
		}
	}
}

// ---- enumerations ---------------------------------------------------------------

type enumKind struct {
	list   string // printed list name
	native string // bridge.Go kind of an entry
	raw    func(h, e uintptr, n uint, visit func(unsafe.Pointer), k *uint32) int32
	next   func(it any, n uint32) ([]any, error)
}

func page[T any](it any, n uint32) ([]any, error) {
	p, err := it.(*fwpk.Iterator[T]).NextPage(n)
	out := make([]any, len(p))
	for i := range p {
		out[i] = p[i]
	}
	return out, err
}

var enumKinds = map[string]enumKind{
	"FwpmSessionEnum0":    {"sessions", "FWPM_SESSION0", raw.FwpmSessionEnum0, page[fwpk.Session]},
	"FwpmFilterEnum0":     {"ids", "FWPM_FILTER0", raw.FwpmFilterEnum0, page[fwpk.Filter]},
	"IPsecSaContextEnum0": {"ctxs", "IPSEC_SA_CONTEXT0", raw.IPsecSaContextEnum0, page[fwpk.SaContext]},
	"IPsecSaContextEnum1": {"ctxs", "IPSEC_SA_CONTEXT1", raw.IPsecSaContextEnum1, page[fwpk.SaContext]},
	"IPsecSaEnum0":        {"sas", "IPSEC_SA_DETAILS0", raw.IPsecSaEnum0, page[fwpk.SaDetails]},
	"IPsecSaEnum1":        {"sas", "IPSEC_SA_DETAILS1", raw.IPsecSaEnum1, page[fwpk.SaDetails]},
}

// createKinds: the template argument, the native call and the fwpk constructor
// (its iterator pages with the Enum function it returns).
type createKind struct {
	raw  func(h uintptr, tmpl unsafe.Pointer, e *uintptr) int32
	make func(c *cx, e *fwpk.Engine, tmpl decl) (interface{ Close() error }, uintptr, string, error)
	tmpl func(c *cx) decl
}

func iter[T any](it *fwpk.Iterator[T], err error) (interface{ Close() error }, uintptr, error) {
	if err != nil {
		return nil, 0, err
	}
	return it, it.Handle(), nil
}

// version picks the Enum version a context/SA iterator pages with: the one
// the scenario uses most (the other goes through raw).
func (r *runner) version(fn string) int {
	if strings.Count(r.src, fn+"1 ") > strings.Count(r.src, fn+"0 ") {
		return 1
	}
	return 0
}

var createKinds = map[string]createKind{
	"FwpmSessionCreateEnumHandle0": {raw.FwpmSessionCreateEnumHandle0,
		func(c *cx, e *fwpk.Engine, t decl) (interface{ Close() error }, uintptr, string, error) {
			tm, _ := t.val.(*fwpk.SessionEnumTemplate)
			it, h, err := iter(e.EnumerateSessions(tm, 0))
			return it, h, "FwpmSessionEnum0", err
		},
		func(c *cx) decl {
			if v, ok := c.a.get("reserved"); ok {
				return decl{val: &fwpk.SessionEnumTemplate{Reserved: num(v)}}
			}
			return decl{}
		}},
	"FwpmFilterCreateEnumHandle0": {raw.FwpmFilterCreateEnumHandle0,
		func(c *cx, e *fwpk.Engine, t decl) (interface{ Close() error }, uintptr, string, error) {
			tm, _ := t.val.(*fwpk.FilterEnumTemplate)
			it, h, err := iter(e.EnumerateFilters(tm, 0))
			return it, h, "FwpmFilterEnum0", err
		},
		func(c *cx) decl { v, ok := c.a.get("tmpl"); return c.r.optDecl(v, ok, "ftmpl") }},
	"IPsecSaContextCreateEnumHandle0": {raw.IPsecSaContextCreateEnumHandle0,
		func(c *cx, e *fwpk.Engine, t decl) (interface{ Close() error }, uintptr, string, error) {
			tm, _ := t.val.(*fwpk.SaContextEnumTemplate)
			if c.r.version("IPsecSaContextEnum") == 1 {
				it, h, err := iter(e.EnumerateSaContexts(tm, 0))
				return it, h, "IPsecSaContextEnum1", err
			}
			it, h, err := iter(e.EnumerateSaContexts0(tm, 0))
			return it, h, "IPsecSaContextEnum0", err
		},
		func(c *cx) decl { v, ok := c.a.get("tmpl"); return c.r.optDecl(v, ok, "ctmpl") }},
	"IPsecSaCreateEnumHandle0": {raw.IPsecSaCreateEnumHandle0,
		func(c *cx, e *fwpk.Engine, t decl) (interface{ Close() error }, uintptr, string, error) {
			tm, _ := t.val.(*fwpk.SaEnumTemplate)
			if c.r.version("IPsecSaEnum") == 1 {
				it, h, err := iter(e.EnumerateSas(tm, 0))
				return it, h, "IPsecSaEnum1", err
			}
			it, h, err := iter(e.EnumerateSas0(tm, 0))
			return it, h, "IPsecSaEnum0", err
		},
		func(c *cx) decl {
			if v, ok := c.a.get("dir"); ok {
				return decl{val: &fwpk.SaEnumTemplate{SaDirection: fwpk.Direction(tDir.parse(v))}}
			}
			return decl{}
		}},
}

func enumCreate(c *cx) {
	k := createKinds[c.name]
	h := c.h()
	t := k.tmpl(c)
	noOut := c.null("out")
	c.a.checkUsed()
	if e := c.live(h); e != nil && !noOut && t.patch == nil {
		it, eh, kind, err := k.make(c, e, t)
		c.st = code(err)
		if err == nil {
			c.r.iters[eh] = &iterRec{eng: e, kind: kind, it: it}
		}
		c.bindAs(vkHandle, uint64(eh))
		return
	}
	p, free := native(t.val, 0, t.patch)
	defer free()
	var eh uintptr
	c.st = k.raw(h, p, optOut(noOut, &eh))
	c.bindAs(vkHandle, uint64(eh))
}

func enumPage(c *cx) {
	k := enumKinds[c.name]
	h, eh := c.h(), c.e()
	n := uint32(num(c.a.req("n")))
	noEnt, noCnt := c.null("entries"), c.null("count")
	c.a.checkUsed()
	var entries []any
	if rec := c.r.iters[eh]; rec != nil && !rec.closed && rec.kind == c.name && c.live(h) == rec.eng && !noEnt && !noCnt {
		var err error
		entries, err = k.next(rec.it, n)
		c.st = code(err)
	} else {
		var cnt uint32
		var visit func(unsafe.Pointer)
		if !noEnt {
			visit = func(p unsafe.Pointer) {
				for _, e := range unsafe.Slice((*unsafe.Pointer)(p), int(cnt)) {
					x := bridge.Go(e, k.native)
					if d, ok := x.(*fwpk.SaDetails); ok {
						x = *d
					} else if f, ok := x.(*fwpk.Filter); ok {
						x = *f
					}
					entries = append(entries, x)
				}
			}
		}
		c.st = k.raw(h, eh, uint(n), visit, optOut(noCnt, &cnt))
	}
	if c.st != 0 || noEnt || noCnt {
		return
	}
	c.printf(" count=%d %s=[", len(entries), k.list)
	for i, e := range entries {
		if i > 0 {
			c.printf(",")
		}
		c.vals.WriteString(c.r.entry(e))
	}
	c.printf("]")
}

var destroyKinds = map[string]func(h, e uintptr) int32{
	"FwpmSessionDestroyEnumHandle0":    raw.FwpmSessionDestroyEnumHandle0,
	"FwpmFilterDestroyEnumHandle0":     raw.FwpmFilterDestroyEnumHandle0,
	"IPsecSaContextDestroyEnumHandle0": raw.IPsecSaContextDestroyEnumHandle0,
	"IPsecSaDestroyEnumHandle0":        raw.IPsecSaDestroyEnumHandle0,
}

// sameFamily: the destroy function belongs to the iterator's enumeration.
func sameFamily(destroy, enum string) bool {
	fam := map[string]string{"FwpmSessionDestroyEnumHandle0": "FwpmSessionEnum", "FwpmFilterDestroyEnumHandle0": "FwpmFilterEnum",
		"IPsecSaContextDestroyEnumHandle0": "IPsecSaContextEnum", "IPsecSaDestroyEnumHandle0": "IPsecSaEnum"}[destroy]
	return strings.TrimRight(enum, "01") == fam
}

func enumDestroy(c *cx) {
	h, eh := c.h(), c.e()
	c.a.checkUsed()
	if rec := c.r.iters[eh]; rec != nil && !rec.closed && sameFamily(c.name, rec.kind) && c.live(h) == rec.eng {
		c.st = code(rec.it.Close())
		rec.closed = true
		return
	}
	c.st = destroyKinds[c.name](h, eh)
}

// ---- filters ------------------------------------------------------------------------

func filterAdd(c *cx) {
	h := c.h()
	d := c.r.optDecl(c.a.req("filter"), true, "filter")
	noID := c.null("idout")
	c.a.checkUsed()
	var id uint64
	if e := c.live(h); e != nil && d.patch == nil && !noID {
		f, _ := d.val.(*fwpk.Filter)
		var err error
		id, err = e.AddFilter(f)
		c.st = code(err)
	} else {
		p, free := native(d.val, 0, d.patch)
		defer free()
		c.st = raw.FwpmFilterAdd0(h, p, optOut(noID, &id))
	}
	c.bindAs(vkFilter, id)
	if c.st == 0 && !noID {
		c.printf(" id=%s", c.r.printID(vkFilter, id))
	}
}

// key is guid:… or null (nil).
func (c *cx) key() *fwpk.GUID {
	v := c.a.req("key")
	if v == "null" {
		return nil
	}
	g := parseGUID(v)
	return &g
}

func filterDelete(c *cx) {
	h := c.h()
	byKey := c.name == "FwpmFilterDeleteByKey0"
	var id uint64
	var key *fwpk.GUID
	if byKey {
		key = c.key()
	} else {
		id = c.id()
	}
	c.a.checkUsed()
	e := c.live(h)
	switch {
	case !byKey && e != nil:
		c.st = code(e.DeleteFilter(id))
	case !byKey:
		c.st = raw.FwpmFilterDeleteById0(h, id)
	case e != nil && key != nil:
		c.st = code(e.DeleteFilterByKey(*key))
	default:
		p, free := native(key, 0, nil)
		defer free()
		c.st = raw.FwpmFilterDeleteByKey0(h, p)
	}
}

func filterGet(c *cx) {
	h := c.h()
	byKey := c.name == "FwpmFilterGetByKey0"
	var id uint64
	var key *fwpk.GUID
	if byKey {
		key = c.key()
	} else {
		id = c.id()
	}
	noOut := c.null("out")
	c.a.checkUsed()
	var f *fwpk.Filter
	var err error
	e := c.live(h)
	switch {
	case e != nil && !noOut && !byKey:
		f, err = e.GetFilter(id)
		c.st = code(err)
	case e != nil && !noOut && key != nil:
		f, err = e.GetFilterByKey(*key)
		c.st = code(err)
	default:
		var visit func(unsafe.Pointer)
		if !noOut {
			visit = func(p unsafe.Pointer) { f = bridge.Go(p, "FWPM_FILTER0").(*fwpk.Filter) }
		}
		if byKey {
			p, free := native(key, 0, nil)
			defer free()
			c.st = raw.FwpmFilterGetByKey0(h, p, visit)
		} else {
			c.st = raw.FwpmFilterGetById0(h, id, visit)
		}
	}
	if c.st == 0 && !noOut {
		if f == nil {
			c.printf(" VIOLATION=null-result")
			return
		}
		c.vals.WriteString(c.r.filter(f))
	}
}

// ---- SA contexts ------------------------------------------------------------------------

func version(name string) int {
	if strings.HasSuffix(name, "1") {
		return 1
	}
	return 0
}

func ctxCreate(c *cx) {
	h := c.h()
	v := version(c.name)
	d := c.r.optDecl(c.a.req("traffic"), true, "traffic")
	var t *fwpk.Traffic
	if d.val != nil {
		x := d.val.(fwpk.Traffic)
		t = &x
	}
	noIn, noID := c.null("inbound"), c.null("idout")
	var vif *fwpk.VirtualIfTunnelInfo
	if v == 1 { // Create0 has no vif= (an unknown key there)
		if s, ok := c.a.get("vif"); ok && s != "null" {
			x, y, ok := strings.Cut(s, ":")
			xv, ok1 := parseNum(x)
			yv, ok2 := parseNum(y)
			if !ok || !ok1 || !ok2 {
				fail("bad vif")
			}
			vif = &fwpk.VirtualIfTunnelInfo{VirtualIfTunnelID: xv, TrafficSelectorID: yv}
		}
	}
	c.a.checkUsed()
	var id uint64
	inb := uint64(0xDEAD)
	if e := c.live(h); e != nil && !noIn && !noID {
		var err error
		if v == 1 {
			id, inb, err = e.CreateSaContext(t, vif)
		} else {
			id, inb, err = e.CreateSaContext0(t)
		}
		c.st = code(err)
	} else {
		var tv any
		if t != nil {
			tv = t
		}
		p, free := native(tv, v, nil)
		defer free()
		if v == 1 {
			var vv any
			if vif != nil {
				vv = vif
			}
			pv, free2 := native(vv, 0, nil)
			defer free2()
			c.st = raw.IPsecSaContextCreate1(h, p, pv, optOut(noIn, &inb), optOut(noID, &id))
		} else {
			c.st = raw.IPsecSaContextCreate0(h, p, optOut(noIn, &inb), optOut(noID, &id))
		}
	}
	c.bindAs(vkCtx, id)
	if c.st == 0 {
		c.printf(" id=%s", c.r.printID(vkCtx, id))
		if !noIn {
			c.printf(" inbound=%d", inb)
		}
	}
}

// getspiArg is getspi=NAME|null as a *fwpk.GetSpi (nil for null).
func (c *cx) getspiArg() *fwpk.GetSpi {
	d := c.r.optDecl(c.a.req("getspi"), true, "getspi")
	g, _ := d.val.(*fwpk.GetSpi)
	return g
}

func anyOf[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}

func getSpi(c *cx) {
	h := c.h()
	v := version(c.name)
	id := c.id()
	g := c.getspiArg()
	noOut := c.null("out")
	c.a.checkUsed()
	var spi uint32
	if e := c.live(h); e != nil && !noOut {
		var err error
		if v == 1 {
			spi, err = e.GetSpi(id, g)
		} else {
			spi, err = e.GetSpi0(id, g)
		}
		c.st = code(err)
	} else {
		p, free := native(anyOf(g), v, nil)
		defer free()
		if v == 1 {
			c.st = raw.IPsecSaContextGetSpi1(h, id, p, optOut(noOut, &spi))
		} else {
			c.st = raw.IPsecSaContextGetSpi0(h, id, p, optOut(noOut, &spi))
		}
	}
	c.bindAs(vkSpi, uint64(spi))
	if c.st == 0 && !noOut {
		rng := "bad"
		if spi >= 256 {
			rng = "ok"
		}
		c.printf(" spi=%s range=%s", c.r.printID(vkSpi, uint64(spi)), rng)
	}
}

func setSpi(c *cx) {
	h := c.h()
	id := c.id()
	g := c.getspiArg()
	spi := uint32(c.r.id(c.a.req("spi")))
	c.a.checkUsed()
	if e := c.live(h); e != nil {
		c.st = code(e.SetSpi(id, g, spi))
		return
	}
	p, free := native(anyOf(g), 1, nil)
	defer free()
	c.st = raw.IPsecSaContextSetSpi0(h, id, p, uint(spi))
}

func addSa(c *cx) {
	h := c.h()
	v := version(c.name)
	in := strings.Contains(c.name, "Inbound")
	id := c.id()
	d := c.r.optDecl(c.a.req("bundle"), true, "bundle")
	c.a.checkUsed()
	b, _ := d.val.(*fwpk.SaBundle)
	if e := c.live(h); e != nil && d.patch == nil {
		fns := map[string]func(uint64, *fwpk.SaBundle) error{"IPsecSaContextAddInbound0": e.AddInbound0,
			"IPsecSaContextAddInbound1": e.AddInbound, "IPsecSaContextAddOutbound0": e.AddOutbound0, "IPsecSaContextAddOutbound1": e.AddOutbound}
		c.st = code(fns[c.name](id, b))
		return
	}
	p, free := native(anyOf(b), v, d.patch)
	defer free()
	rawFns := map[bool][2]func(uintptr, uint64, unsafe.Pointer) int32{
		true:  {raw.IPsecSaContextAddInbound0, raw.IPsecSaContextAddInbound1},
		false: {raw.IPsecSaContextAddOutbound0, raw.IPsecSaContextAddOutbound1}}
	c.st = rawFns[in][v](h, id, p)
}

func ctxUpdate(c *cx) {
	h := c.h()
	flags := num(c.a.req("flags"))
	d := c.r.optDecl(c.a.req("values"), true, "ctxval")
	c.a.checkUsed()
	ctx, _ := d.val.(*fwpk.SaContext)
	if e := c.live(h); e != nil && d.patch == nil {
		c.st = code(e.UpdateSaContext(flags, ctx))
		return
	}
	p, free := native(anyOf(ctx), 1, d.patch)
	defer free()
	c.st = raw.IPsecSaContextUpdate0(h, flags, p)
}

func ctxGet(c *cx) {
	h := c.h()
	v := version(c.name)
	id := c.id()
	noOut := c.null("out")
	c.a.checkUsed()
	var ctx *fwpk.SaContext
	if e := c.live(h); e != nil && !noOut {
		var err error
		if v == 1 {
			ctx, err = e.GetSaContext(id)
		} else {
			ctx, err = e.GetSaContext0(id)
		}
		c.st = code(err)
	} else {
		var visit func(unsafe.Pointer)
		if !noOut {
			visit = func(p unsafe.Pointer) {
				x := bridge.Go(p, fmt.Sprintf("IPSEC_SA_CONTEXT%d", v)).(fwpk.SaContext)
				ctx = &x
			}
		}
		if v == 1 {
			c.st = raw.IPsecSaContextGetById1(h, id, visit)
		} else {
			c.st = raw.IPsecSaContextGetById0(h, id, visit)
		}
	}
	if c.st == 0 && !noOut {
		if ctx == nil {
			c.printf(" VIOLATION=null-result")
			return
		}
		c.printf(" id=%s in=%s out=%s", c.r.printID(vkCtx, ctx.SaContextID), c.r.details(ctx.InboundSa, v == 1), c.r.details(ctx.OutboundSa, v == 1))
	}
}

func ctxDelete(c *cx) {
	h := c.h()
	id := c.id()
	c.a.checkUsed()
	e := c.live(h)
	switch {
	case e != nil && c.name == "IPsecSaContextDeleteById0":
		c.st = code(e.DeleteSaContext(id))
	case e != nil:
		c.st = code(e.ExpireSaContext(id))
	case c.name == "IPsecSaContextDeleteById0":
		c.st = raw.IPsecSaContextDeleteById0(h, id)
	default:
		c.st = raw.IPsecSaContextExpire0(h, id)
	}
}

func statistics(c *cx) {
	h := c.h()
	v := version(c.name)
	noOut := c.null("out")
	c.a.checkUsed()
	var st fwpk.Statistics
	if e := c.live(h); e != nil && !noOut {
		var err error
		if v == 1 {
			st, err = e.GetStatistics()
		} else {
			st, err = e.GetStatistics0()
		}
		c.st = code(err)
	} else {
		var p unsafe.Pointer
		if !noOut { // caller-allocated, pointer-free: Go memory
			buf := make([]uint64, (off("IPSEC_STATISTICS1")+7)/8)
			p = unsafe.Pointer(&buf[0])
		}
		if v == 1 {
			c.st = raw.IPsecGetStatistics1(h, p)
		} else {
			c.st = raw.IPsecGetStatistics0(h, p)
		}
		if c.st == 0 && p != nil {
			st = bridge.Go(p, fmt.Sprintf("IPSEC_STATISTICS%d", v)).(fwpk.Statistics)
		}
	}
	if c.st == 0 && !noOut {
		c.vals.WriteString(c.r.statistics(&st))
	}
}
