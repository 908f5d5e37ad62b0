package fwpk_test

import (
	"errors"
	"runtime"
	"sync"
	"testing"

	"fwpkclnt/bindings/go/fwpk"
)

func open(t *testing.T) *fwpk.Engine {
	t.Helper()
	e, err := fwpk.Open(&fwpk.Session{DisplayData: fwpk.DisplayData{Name: fwpk.Str("go test")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func wantErr(t *testing.T, err error, sentinel *fwpk.Error) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("got %v, want %s", err, sentinel.Name)
	}
	var fe *fwpk.Error
	if !errors.As(err, &fe) || fe.Code != sentinel.Code || fe.Name != sentinel.Name {
		t.Fatalf("error %#v does not carry code %d / %s", err, sentinel.Code, sentinel.Name)
	}
}

func filters(t *testing.T, e *fwpk.Engine) (out, in uint64) {
	t.Helper()
	mk := func(layer, callout fwpk.GUID) uint64 {
		id, err := e.AddFilter(&fwpk.Filter{DisplayData: fwpk.DisplayData{Name: fwpk.Str("f")}, LayerKey: layer,
			Action: fwpk.Action{Type: fwpk.ActionCalloutTerminating, CalloutKey: callout}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	return mk(fwpk.LayerOutboundTransportV4, fwpk.CalloutIpsecOutboundTransportV4),
		mk(fwpk.LayerInboundTransportV4, fwpk.CalloutIpsecInboundTransportV4)
}

func espSa(spi uint32) []fwpk.Sa {
	return []fwpk.Sa{{Spi: spi, SaTransformType: fwpk.TransformEspAuthAndCipher, EspAuthAndCipherInformation: &fwpk.SaAuthAndCipherInformation{
		SaCipherInformation: fwpk.SaCipherInformation{CipherTransform: fwpk.CipherTransform{CipherTransformId: fwpk.CipherTransformId{CipherType: fwpk.CipherTypeAes128, CipherConfig: fwpk.CipherConfigCbcAes128}}, CipherKey: make([]byte, 16)},
		SaAuthInformation:   fwpk.SaAuthInformation{AuthTransform: fwpk.AuthTransform{AuthTransformId: fwpk.AuthTransformId{AuthType: fwpk.AuthSha1, AuthConfig: fwpk.AuthConfigHmacSha196}}, AuthKey: []byte("0123456789abcdefghij")},
	}}}
}

// newContext creates a complete SA context (both bundles) and returns its id and inbound SPI.
func newContext(t *testing.T, e *fwpk.Engine, fo, fi uint64, remote uint32) (uint64, uint32) {
	t.Helper()
	tr0 := fwpk.Traffic0{IpVersion: fwpk.IpVersionV4, LocalV4Address: 0x0A000001, RemoteV4Address: remote, IpsecFilterId: fo}
	inb, id, err := e.CreateSaContext0(&tr0)
	if err != nil || inb != 0 || id == 0 {
		t.Fatalf("create: %v id=%d inbound=%d", err, id, inb)
	}
	tr := fwpk.Traffic{IpVersion: fwpk.IpVersionV4, LocalV4Address: 0x0A000001, RemoteV4Address: remote, IpsecFilterId: fi}
	spi, err := e.GetSpi(id, &fwpk.GetSpi{InboundIpsecTraffic: tr, IpVersion: fwpk.IpVersionV4})
	if err != nil || spi < 256 {
		t.Fatalf("getspi: %v %d", err, spi)
	}
	b := fwpk.SaBundle{QmSaId: 7, IpVersion: fwpk.IpVersionV4, SaList: espSa(spi), Lifetime: fwpk.SaLifetime{LifetimeSeconds: 60}}
	if err := e.AddInbound(id, &b); err != nil {
		t.Fatal(err)
	}
	b0 := fwpk.SaBundle0{QmSaId: 7, IpVersion: fwpk.IpVersionV4, SaList: espSa(0x1234), Lifetime: b.Lifetime}
	if err := e.AddOutbound0(id, &b0); err != nil {
		t.Fatal(err)
	}
	return id, spi
}

func cleanup(t *testing.T, e *fwpk.Engine, ids ...uint64) {
	for _, id := range ids {
		e.DeleteSaContext(id)
	}
}

func TestVersionAndStatusNames(t *testing.T) {
	// fwpk.Version is meson.project_version(), written by gobuild.py.
	if fwpk.LibVersion() != fwpk.Version || fwpk.LibVersionNumber() != fwpk.VersionNumber {
		t.Fatalf("version %q %d, SDK %q", fwpk.LibVersion(), fwpk.LibVersionNumber(), fwpk.Version)
	}
	if fwpk.StatusName(int32(fwpk.ErrNotFound.Code)) != "FWP_E_NOT_FOUND" || fwpk.StatusName(0) != "STATUS_SUCCESS" || fwpk.StatusName(12345) != "" {
		t.Fatal("status names")
	}
	if uint32(fwpk.ErrInvalidHandle.Code) != 0xC0000008 || uint32(fwpk.ErrInvalidEnumerator.Code) != 0x8032001D {
		t.Fatal("codes")
	}
}

func TestSaContextLifecycle(t *testing.T) {
	e := open(t)
	fo, fi := filters(t, e)
	defer e.DeleteFilter(fo)
	defer e.DeleteFilter(fi)
	id, spi := newContext(t, e, fo, fi, 0x0A000002)
	defer cleanup(t, e, id)

	c, err := e.GetSaContext(id)
	if err != nil {
		t.Fatal(err)
	}
	if c.SaContextId != id || c.InboundSa == nil || c.OutboundSa == nil {
		t.Fatalf("context %+v", c)
	}
	in := c.InboundSa
	if in.SaDirection != fwpk.DirectionInbound || in.Traffic.RemoteAddress() != fwpk.V4ToAddr(0x0A000002) || in.Traffic.IpsecFilterId != fi ||
		len(in.SaBundle.SaList) != 1 || in.SaBundle.SaList[0].Spi != spi || in.SaBundle.QmSaId != 7 {
		t.Fatalf("inbound %+v", in)
	}
	info := in.SaBundle.SaList[0].EspAuthAndCipherInformation
	if info == nil || len(info.SaCipherInformation.CipherKey) != 16 || string(info.SaAuthInformation.AuthKey) != "0123456789abcdefghij" {
		t.Fatalf("keys %+v", info)
	}
	if in.TransportFilter == nil || in.TransportFilter.FilterId != fi || *in.TransportFilter.DisplayData.Name != "f" {
		t.Fatalf("transport filter %+v", in.TransportFilter)
	}
	c0, err := e.GetSaContext0(id)
	if err != nil || c0.OutboundSa.SaBundle.SaList[0].Spi != 0x1234 {
		t.Fatal(err, c0)
	}
	// error paths with exact codes
	_, err = e.GetSaContext(999999)
	wantErr(t, err, fwpk.ErrNotFound)
	wantErr(t, e.AddOutbound0(id, &fwpk.SaBundle0{QmSaId: 7, SaList: espSa(0x99999)}), fwpk.ErrIncompatibleSaState)
	_, _, err = e.CreateSaContext0(&fwpk.Traffic0{IpVersion: 7})
	wantErr(t, err, fwpk.ErrInvalidEnumerator)
	_, _, err = e.CreateSaContext(&fwpk.Traffic{IpVersion: fwpk.IpVersionNone}, nil)
	wantErr(t, err, fwpk.ErrInvalidParameter)
	_, _, err = e.CreateSaContext0(nil)
	wantErr(t, err, fwpk.ErrNullPointer)
	wantErr(t, e.ExpireSaContext(999999), fwpk.ErrNotFound)

	st, err := e.GetStatistics()
	if err != nil || st.AggregateSaStatistics.ActiveSas < 2 {
		t.Fatal(err, st)
	}
	if _, err := e.GetStatistics0(); err != nil {
		t.Fatal(err)
	}
	// SA enumeration: inbound then outbound of our context
	it, err := e.EnumerateSas(&fwpk.SaEnumTemplate{SaDirection: fwpk.DirectionInbound}, 1)
	if err != nil {
		t.Fatal(err)
	}
	sas, err := it.All()
	it.Close()
	if err != nil || len(sas) == 0 {
		t.Fatal(err, len(sas))
	}
	for _, s := range sas {
		if s.SaDirection() != fwpk.DirectionInbound {
			t.Fatal("direction")
		}
	}
}

func TestFiltersAndSessions(t *testing.T) {
	e := open(t)
	key := fwpk.MustParseGUID("12345678-0001-0002-0102-030405060708")
	id, err := e.AddFilter(&fwpk.Filter{FilterKey: key, DisplayData: fwpk.DisplayData{Name: fwpk.Str("ünïcode")},
		LayerKey: fwpk.LayerInboundTransportV4, Weight: fwpk.Value{Type: fwpk.Uint8, Uint8: 3}, Action: fwpk.Action{Type: fwpk.ActionPermit},
		FilterCondition: []fwpk.FilterCondition{
			{FieldKey: fwpk.ConditionIpRemoteAddress, MatchType: fwpk.MatchEqual, ConditionValue: fwpk.V4Mask(0x0A000000, 0xFF000000)},
			{FieldKey: fwpk.ConditionIpLocalPort, MatchType: fwpk.MatchRange, ConditionValue: fwpk.ConditionValue{Type: fwpk.RangeType,
				RangeValue: &fwpk.Range{ValueLow: fwpk.Value{Type: fwpk.Uint16, Uint16: 1}, ValueHigh: fwpk.Value{Type: fwpk.Uint16, Uint16: 9}}}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := e.GetFilterByKey(key)
	if err != nil || f.FilterId != id || *f.DisplayData.Name != "ünïcode" || len(f.FilterCondition) != 2 ||
		f.FilterCondition[0].ConditionValue.V4AddrMask.Mask != 0xFF000000 || f.FilterCondition[1].ConditionValue.RangeValue.ValueHigh.Uint16 != 9 ||
		f.EffectiveWeight.Uint64 == nil || *f.EffectiveWeight.Uint64 != 3<<60|2<<52|20 { // range 3 over the automatic weight (docs/decisions.md)
		t.Fatalf("%v %+v", err, f)
	}
	_, err = e.AddFilter(&fwpk.Filter{LayerKey: fwpk.LayerInboundTransportV4, Action: fwpk.Action{Type: fwpk.ActionPermit}})
	wantErr(t, err, fwpk.ErrNullDisplayName)
	_, err = e.AddFilter(&fwpk.Filter{FilterKey: key, DisplayData: fwpk.DisplayData{Name: fwpk.Str("dup")}, LayerKey: fwpk.LayerInboundTransportV4, Action: fwpk.Action{Type: fwpk.ActionPermit}})
	wantErr(t, err, fwpk.ErrAlreadyExists)

	it, err := e.EnumerateFilters(&fwpk.FilterEnumTemplate{LayerKey: fwpk.LayerInboundTransportV4, ActionMask: 0xFFFFFFFF}, 2)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for it.Next() {
		found = found || it.Value().FilterId() == id
	}
	if it.Err() != nil || !found {
		t.Fatal(it.Err(), found)
	}
	it.Close()
	_, err = e.EnumerateFilters(&fwpk.FilterEnumTemplate{ActionMask: 0}, 2)
	wantErr(t, err, fwpk.ErrNeverMatch)

	if err := e.DeleteFilterByKey(key); err != nil {
		t.Fatal(err)
	}
	_, err = e.GetFilter(id)
	wantErr(t, err, fwpk.ErrFilterNotFound)

	si, err := e.EnumerateSessions(nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := si.All()
	si.Close()
	ok := false
	for _, v := range ss {
		s, err := v.Decode()
		if err != nil {
			t.Fatal(err)
		}
		ok = ok || (s.DisplayData.Name != nil && *s.DisplayData.Name == "go test" && s.KernelMode != 0 && !s.SessionKey.IsZero())
	}
	if err != nil || !ok {
		t.Fatal(err, ss)
	}
	_, err = e.EnumerateSessions(&fwpk.SessionEnumTemplate{Reserved: 1}, 1)
	wantErr(t, err, fwpk.ErrReserved)
}

func TestTransactions(t *testing.T) {
	e := open(t)
	permit := func(name string) *fwpk.Filter {
		return &fwpk.Filter{DisplayData: fwpk.DisplayData{Name: fwpk.Str(name)}, LayerKey: fwpk.LayerInboundTransportV4, Action: fwpk.Action{Type: fwpk.ActionPermit}}
	}
	if err := e.BeginTransaction(fwpk.TxnReadOnly); err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.BeginTransaction(0), fwpk.ErrTxnInProgress)
	_, err := e.AddFilter(permit("x"))
	wantErr(t, err, fwpk.ErrIncompatibleTxn)
	_, err = e.GetStatistics()
	wantErr(t, err, fwpk.ErrTxnInProgress)
	if err := e.CommitTransaction(); err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.CommitTransaction(), fwpk.ErrNoTxnInProgress)
	wantErr(t, e.BeginTransaction(0x80), fwpk.ErrInvalidFlags)

	// Transact: f's error aborts (and is returned), nil commits
	var id uint64
	abort := errors.New("abort")
	if err := e.Transact(0, func() (err error) {
		if id, err = e.AddFilter(permit("x")); err != nil {
			return err
		}
		return abort
	}); err != abort {
		t.Fatal(err)
	}
	_, err = e.GetFilter(id)
	wantErr(t, err, fwpk.ErrFilterNotFound)
	if err := e.Transact(0, func() (err error) { id, err = e.AddFilter(permit("y")); return err }); err != nil {
		t.Fatal(err)
	}
	if f, err := e.GetFilter(id); err != nil || *f.DisplayData.Name != "y" {
		t.Fatal(err)
	}
	// a panic aborts too
	func() {
		defer func() { recover() }()
		e.Transact(0, func() error { panic("boom") })
	}()
	wantErr(t, e.CommitTransaction(), fwpk.ErrNoTxnInProgress)
	e.DeleteFilter(id)
}

func TestDisposal(t *testing.T) {
	e, err := fwpk.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	it, err := e.EnumerateSaContexts(nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil { // twice: harmless
		t.Fatal(err)
	}
	_, err = e.GetStatistics()
	wantErr(t, err, fwpk.ErrInvalidHandle)
	_, err = e.EnumerateSaContexts(nil, 1)
	wantErr(t, err, fwpk.ErrInvalidHandle)
	_, err = it.NextPage(5)
	wantErr(t, err, fwpk.ErrInvalidHandle)
	if it.Next() {
		t.Fatal("Next after close")
	}
	wantErr(t, it.Err(), fwpk.ErrInvalidHandle)
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	// an enumerator closed first, then used
	e2 := open(t)
	it2, err := e2.EnumerateSaContexts(nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	it2.Close()
	_, err = it2.NextPage(1)
	wantErr(t, err, fwpk.ErrInvalidHandle)
	// dynamic sessions cannot create SA contexts
	d, err := fwpk.Open(&fwpk.Session{Flags: fwpk.SessionFlagDynamic})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, _, err = d.CreateSaContext0(&fwpk.Traffic0{})
	wantErr(t, err, fwpk.ErrDynamicSessionInProgress)
	_, err = fwpk.OpenWith(nil, 5, nil)
	wantErr(t, err, fwpk.ErrInvalidParameter)
	_, err = fwpk.Open(&fwpk.Session{Flags: fwpk.SessionFlagDynamic | 0x10000000})
	wantErr(t, err, fwpk.ErrInvalidFlags)
}

func TestEnumerationPaging(t *testing.T) {
	e := open(t)
	fo, fi := filters(t, e)
	var ids []uint64
	for i := 0; i < 5; i++ {
		id, _ := newContext(t, e, fo, fi, 0x0C000001+uint32(i))
		ids = append(ids, id)
	}
	defer cleanup(t, e, ids...)
	mine := map[uint64]bool{}
	for _, id := range ids {
		mine[id] = true
	}
	tmpl := &fwpk.SaContextEnumTemplate{LocalSubNet: fwpk.ConditionValue{Type: fwpk.Empty}, RemoteSubNet: fwpk.V4Mask(0x0C000000, 0xFF000000)}
	for _, ps := range []uint32{1, 2, 100} {
		it, err := e.EnumerateSaContexts(tmpl, ps)
		if err != nil {
			t.Fatal(err)
		}
		all, err := it.All()
		if err != nil || len(all) != 5 {
			t.Fatalf("page %d: %v %d", ps, err, len(all))
		}
		for i, c := range all {
			if c.SaContextId() != ids[i] || !mine[c.SaContextId()] {
				t.Fatal("order")
			}
		}
		// exhausted: further pages are empty, no error
		if p, err := it.NextPage(10); err != nil || len(p) != 0 {
			t.Fatal(p, err)
		}
		it.Close()
	}
	// raw pages through NextPage
	it0, _ := e.EnumerateSaContexts0(tmpl, 2)
	p1, _ := it0.NextPage(2)
	p2, _ := it0.NextPage(0)
	p3, _ := it0.NextPage(10)
	if len(p1) != 2 || len(p2) != 0 || len(p3) != 3 || p3[2].SaContextId() != ids[4] {
		t.Fatal(len(p1), len(p2), len(p3))
	}
	it0.Close()
	// template errors
	_, err := e.EnumerateSaContexts(&fwpk.SaContextEnumTemplate{LocalSubNet: fwpk.ConditionValue{Type: fwpk.Uint16, Uint16: 1}}, 1)
	wantErr(t, err, fwpk.ErrTypeMismatch)
	_, err = e.EnumerateSaContexts(&fwpk.SaContextEnumTemplate{LocalSubNet: fwpk.ConditionValue{Type: fwpk.V4AddrMask}}, 1)
	wantErr(t, err, fwpk.ErrNullPointer)
	_, err = e.EnumerateSaContexts(&fwpk.SaContextEnumTemplate{LocalSubNet: fwpk.V4Mask(1, 0xFF00FF00)}, 1)
	wantErr(t, err, fwpk.ErrInvalidNetMask)
	_, err = e.EnumerateSas(&fwpk.SaEnumTemplate{SaDirection: 9}, 1)
	wantErr(t, err, fwpk.ErrInvalidEnumerator)
	// snapshot: a context deleted after creation of the handle is still listed
	it, _ := e.EnumerateSaContexts(tmpl, 100)
	e.DeleteSaContext(ids[0])
	all, _ := it.All()
	it.Close()
	if len(all) != 5 {
		t.Fatal("snapshot", len(all))
	}
}

func TestGCSafety(t *testing.T) {
	var it *fwpk.Iterator[fwpk.SaContextView]
	func() {
		e, err := fwpk.Open(nil)
		if err != nil {
			t.Fatal(err)
		}
		fo, fi := filters(t, e)
		for i := 0; i < 3; i++ {
			newContext(t, e, fo, fi, 0x0D000001+uint32(i))
		}
		it, err = e.EnumerateSaContexts(&fwpk.SaContextEnumTemplate{RemoteSubNet: fwpk.V4Mask(0x0D000000, 0xFF000000)}, 1)
		if err != nil {
			t.Fatal(err)
		}
		// the session reference is dropped here: only the iterator holds it
	}()
	n := 0
	for it.Next() {
		runtime.GC()
		runtime.GC()
		n++
	}
	if it.Err() != nil || n != 3 {
		t.Fatal(it.Err(), n)
	}
	it.Close()
	// forgotten engines and iterators are finalised without crashing
	for i := 0; i < 50; i++ {
		e, _ := fwpk.Open(nil)
		e.EnumerateSaContexts(nil, 1)
	}
	runtime.GC()
	runtime.GC()
}

func TestConcurrentUse(t *testing.T) {
	e := open(t)
	fo, fi := filters(t, e)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	var mu sync.Mutex
	var ids []uint64
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			own, err := fwpk.Open(nil)
			if err != nil {
				errs <- err
				return
			}
			defer own.Close()
			for i := 0; i < 20; i++ {
				eng := e
				if i%2 == 1 {
					eng = own
				}
				tr := fwpk.Traffic0{IpVersion: fwpk.IpVersionV4, LocalV4Address: 1, RemoteV4Address: 0x0E000000 + uint32(g*100+i), IpsecFilterId: fo}
				_, id, err := eng.CreateSaContext0(&tr)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				ids = append(ids, id)
				mu.Unlock()
				tr.IpsecFilterId = fi
				if _, err := eng.GetSpi0(id, &fwpk.GetSpi0{InboundIpsecTraffic: tr}); err != nil {
					errs <- err
					return
				}
				it, err := eng.EnumerateSaContexts(nil, 7)
				if err != nil {
					errs <- err
					return
				}
				if _, err := it.All(); err != nil {
					errs <- err
				}
				it.Close()
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	cleanup(t, e, ids...)
	if len(ids) != 160 {
		t.Fatal(len(ids))
	}
}

// Pages are written into the Engine's one reused C buffer and copied out:
// views of earlier pages, taken by goroutines enumerating on the same Engine
// at once, must still decode to what the engine holds after the buffer has
// been overwritten many times.
func TestViewsOfEarlierPagesSurviveTheReusedPageBuffer(t *testing.T) {
	e := open(t)
	fo, fi := filters(t, e)
	var ids []uint64
	for i := 0; i < 6; i++ {
		id, _ := newContext(t, e, fo, fi, 0x0F0A0001+uint32(i))
		ids = append(ids, id)
	}
	defer cleanup(t, e, ids...)
	tmpl := &fwpk.SaContextEnumTemplate{RemoteSubNet: fwpk.V4Mask(0x0F0A0000, 0xFFFF0000)}
	views := make([][]fwpk.SaContextView, 4)
	var wg sync.WaitGroup
	for g := range views {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < 20; r++ {
				it, err := e.EnumerateSaContexts(tmpl, 1)
				if err != nil {
					t.Error(err)
					return
				}
				all, err := it.All()
				it.Close()
				if err != nil || len(all) != len(ids) {
					t.Error(err, len(all))
					return
				}
				if r == 0 {
					views[g] = all
				}
			}
		}(g)
	}
	wg.Wait()
	for _, vs := range views {
		for i, v := range vs {
			got, err := v.Decode()
			want, werr := e.GetSaContext(ids[i])
			if err != nil || werr != nil || v.SaContextId() != ids[i] || !got.Equal(*want) {
				t.Fatalf("view %d: %v %v\n got %v\nwant %v", i, err, werr, got, want)
			}
		}
	}
}

// Close frees the Engine's page buffer while other goroutines may hold it:
// exactly one of Close and the call giving it back frees it (a double free
// would abort the process), and the calls fail with ErrInvalidHandle.
func TestCloseDuringEnumerationsFailsThemCleanly(t *testing.T) {
	for round := 0; round < 20; round++ {
		e, err := fwpk.Open(nil)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := 0; g < 3; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					it, err := e.EnumerateSaContexts(nil, 10)
					if err == nil {
						_, err = it.All()
						it.Close()
					}
					if err != nil {
						if !errors.Is(err, fwpk.ErrInvalidHandle) {
							t.Error(err)
						}
						return
					}
				}
			}()
		}
		runtime.Gosched()
		e.Close()
		wg.Wait()
	}
}
