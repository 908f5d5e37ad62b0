package fwpk

// The page codec path (pages.go) against the field-by-field path (native.go,
// the readers the conformance runner uses through internal/bridge): equal
// values for every value type, IPv6, tokens, key-module state, every SA
// transform, every enumerator kind, both GetById versions, and the same
// error codes.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"runtime"
	"testing"
	"unsafe"

	"fwpkclnt/bindings/go/fwpk/internal/raw"
)

func tOpen(t testing.TB) *Engine {
	t.Helper()
	e, err := Open(&Session{DisplayData: DisplayData{Name: Str("pages test"), Description: Str("d\u00e9j\u00e0 vu \U0001F600")}})
	if err != nil {
		t.Fatal(err)
	}
	if t, ok := t.(interface{ Cleanup(func()) }); ok {
		t.Cleanup(func() { e.Close() })
	}
	return e
}

func seq(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i)*7
	}
	return b
}

func g(n byte) GUID {
	return GUID{0x01020304 * uint32(n), 0x0506 * uint16(n), 0x0708, [8]byte{n, 9, 10, 11, 12, 13, 14, 0xF0 | n}}
}

func u64p(v uint64) *uint64 { return &v }

// allValues: one condition per value type (NULL pointers, empty and
// non-ASCII strings, empty blobs among them).
func allConditions() []FilterCondition {
	i64, f64 := int64(-1234567890123), 3.14159
	b16, b6, b8 := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, [6]byte{1, 2, 3, 4, 5, 6}, [8]byte{8, 7, 6, 5, 4, 3, 2, 1}
	vals := []Value{
		EmptyValue(), U8(200), U16(65000), U32(0xDEADBEEF), U64(0x0123456789ABCDEF), {Type: Uint64Type},
		{Type: tcInt8, Int8: -5}, {Type: tcInt16, Int16: -30000}, {Type: tcInt32, Int32: -2147483648},
		{Type: tcInt64, Int64: &i64}, {Type: tcInt64}, {Type: tcFloat, Float32: -1.5}, {Type: tcDouble, Double64: &f64}, {Type: tcDouble},
		V6(b16), {Type: ByteArray16Type}, {Type: tcByteArray6, ByteArray6: &b6}, {Type: tcBitmapArray64, BitmapArray64: &b8},
		{Type: ByteBlobType, ByteBlob: seq(33, 5)}, {Type: ByteBlobType, ByteBlob: []byte{}}, {Type: ByteBlobType},
		{Type: tcSecurityDescriptor, ByteBlob: seq(20, 6)}, {Type: tcTokenAccessInformation, ByteBlob: seq(7, 7)},
		{Type: tcUnicodeString, UnicodeString: Str("h\u00e9llo \u4e16\u754c \U0001F600")}, {Type: tcUnicodeString, UnicodeString: Str("")},
		{Type: tcUnicodeString}, {Type: tcTokenInformation}, {Type: tcBitmapIndex, Uint8: 63},
		V4Mask(0x0A000000, 0xFF000000), {Type: V4AddrMaskType}, V6Mask(b16, 64), {Type: V6AddrMaskType},
		RangeOf(U16(10), U16(20)), RangeOf(U64(1), Value{Type: tcUnicodeString, UnicodeString: Str("z")}), {Type: RangeType},
		{Type: 77},    // unknown type: no payload
		{Type: tcSid}, // made a real SID natively (sidIndex)
	}
	cs := make([]FilterCondition, len(vals))
	for i, v := range vals {
		cs[i] = FilterCondition{ConditionIPRemoteAddress, MatchType(i % 13), v}
	}
	return cs
}

var sidIndex = len(allConditions()) - 1 // the FWP_SID condition of allConditions

func richFilter(providerContext bool) *Filter {
	f := &Filter{
		FilterKey:       g(1),
		DisplayData:     DisplayData{Str("r\u00e9seau"), Str("desc")},
		LayerKey:        LayerOutboundTransportV4,
		SubLayerKey:     SublayerUniversal,
		Weight:          U64(77),
		FilterCondition: allConditions(),
		Action:          Action{Type: ActionCalloutTerminating, CalloutKey: g(2)},
		RawContext:      0xFEEDFACE,
		FilterID:        4242,
		EffectiveWeight: U8(3),
	}
	if providerContext {
		f.DisplayData.Description = nil
		f.Flags = tcHasProviderContext | FilterFlagPersistent
		f.ProviderKey, f.Reserved = &GUID{1, 2, 3, [8]byte{4}}, &GUID{5, 6, 7, [8]byte{8}}
		f.ProviderData = seq(5, 1)
		f.ProviderContextKey = g(3)
		f.Action = Action{Type: ActionBlock, FilterType: g(4)}
		f.Weight = EmptyValue()
	}
	return f
}

func richDetails(v6 bool, dir Direction) *SaDetails {
	ipv := IPVersionV4
	if v6 {
		ipv = IPVersionV6
	}
	d := &SaDetails{
		IPVersion: ipv, SaDirection: dir,
		Traffic: Traffic{IPVersion: ipv, LocalAddress: V4ToAddr(0x0A000001), RemoteAddress: V4ToAddr(0x0A000002),
			TrafficType: TrafficTypeTunnel, TunnelPolicyID: 99, RemotePort: 500, LocalPort: 4500, IPProtocol: 17,
			LocalIfLuid: 0x1122334455667788, RealIfProfileID: 3},
		SaBundle: SaBundle{
			Flags: 0x41, Lifetime: SaLifetime{1, 2, 3}, IdleTimeoutSeconds: 4, NdAllowClearTimeoutSeconds: 5,
			IpsecID: &IpsecID{MmTargetName: Str("mm"), Tokens: []Token{{1, 1, 1, 8}, {2, 0, 1, 0xFFFFFFFFFFFF}},
				ExplicitCredentials: 6, LogonID: 7},
			NapContext: 9, QmSaID: 10,
			SaList: []Sa{
				{Spi: 0x100, SaTransformType: TransformAH, AhInformation: &SaAuthInformation{AuthTransform{AuthTransformID{AuthSHA256, 2}, &GUID{Data1: 9}}, seq(32, 1)}},
				{Spi: 0x101, SaTransformType: TransformEspAuth, EspAuthInformation: &SaAuthInformation{AuthTransform{AuthTransformID{AuthSHA1, AuthConfigHmacSHA196}, nil}, seq(20, 2)}},
				{Spi: 0x102, SaTransformType: TransformEspCipher, EspCipherInformation: &SaCipherInformation{CipherTransform{CipherTransformID{CipherAES256, CipherConfigCbcAES256}, &GUID{Data2: 4}}, seq(32, 3)}},
				{Spi: 0x103, SaTransformType: TransformEspAuthAndCipher, EspAuthAndCipherInformation: &SaAuthAndCipherInformation{
					SaCipherInformation{CipherTransform{CipherTransformID{CipherAES128, CipherConfigCbcAES128}, nil}, seq(16, 4)},
					SaAuthInformation{AuthTransform{AuthTransformID{AuthSHA1, AuthConfigHmacSHA196}, nil}, nil}}},
				{Spi: 0x104, SaTransformType: TransformEspAuthFw, EspAuthFwInformation: &SaAuthInformation{AuthTransform{AuthTransformID{AuthMD5, AuthConfigHmacMD596}, nil}, seq(16, 5)}},
				{Spi: 0x105, SaTransformType: TransformAH},
				{Spi: 0x106, SaTransformType: 42},
			},
			KeyModuleState: &KeyModuleState{g(5), seq(9, 9)},
			IPVersion:      ipv, PeerV4PrivateAddress: V4ToAddr(0x0C000001), MmSaID: 11, PfsGroup: 2,
			SaLookupContext: g(6), QmFilterID: 12,
		},
		TransportFilter:     richFilter(!v6),
		VirtualIfTunnelInfo: VirtualIfTunnelInfo{13, 14},
	}
	if v6 {
		d.Traffic.LocalAddress = netip.AddrFrom16([16]byte{0xFE, 0x80, 15: 1})
		d.Traffic.RemoteAddress = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0D, 0xB8, 15: 2})
		d.Traffic.TrafficType, d.Traffic.IpsecFilterID = TrafficTypeTransport, 98
	} else {
		d.UdpEncapsulation = &V4UdpEncapsulation{4500, 4501}
	}
	return d
}

func mustEqual(t *testing.T, what string, viaFields, viaPages any) {
	t.Helper()
	if !reflect.DeepEqual(viaFields, viaPages) {
		t.Fatalf("%s: field-by-field and page codec differ:\nfields: %s\npages:  %s", what, dump(viaFields), dump(viaPages))
	}
}

func dump(v any) string {
	var b bytes.Buffer
	dumpTo(&b, reflect.ValueOf(v), 0)
	return b.String()
}

func dumpTo(b *bytes.Buffer, v reflect.Value, depth int) {
	if depth > 30 {
		b.WriteString("...")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("&")
		dumpTo(b, v.Elem(), depth+1)
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		fallthrough
	case reflect.Array:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			dumpTo(b, v.Index(i), depth+1)
			b.WriteString(" ")
		}
		b.WriteString("]")
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{")
		for i := 0; i < v.NumField(); i++ {
			b.WriteString(v.Type().Field(i).Name + ":")
			dumpTo(b, v.Field(i), depth+1)
			b.WriteString(" ")
		}
		b.WriteString("}")
	default:
		fmt.Fprintf(b, "%v", v.Interface())
	}
}

// encodeDecode encodes native structure p with the C codec and decodes the page.
func encodeDecode(t *testing.T, kind pageKind, p unsafe.Pointer) any {
	t.Helper()
	b, st := encodeForTest(kind, p)
	if st != 0 {
		t.Fatalf("encode: 0x%08X", uint32(st))
	}
	v, err := decodeForTest(b, kind)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Structures built natively (the builders of native.go): every member the
// codec writes, read both ways.
func TestPagesEncodedStructures(t *testing.T) {
	for _, pc := range []bool{false, true} {
		var a arena
		nf := a.filter(richFilter(pc))
		free := setConditionSidForTest(unsafe.Pointer(nf), sidIndex)
		want := goFilter(nf)
		if want.FilterCondition[sidIndex].ConditionValue.Type != tcSid {
			t.Fatal("sid condition not set")
		}
		got := encodeDecode(t, pageFilter0, unsafe.Pointer(nf)).([]Filter)
		mustEqual(t, "FWPM_FILTER0", []Filter{*want}, got)
		if pc && got[0].RawContext != uint64(g(3).Data1)|uint64(g(3).Data2)<<32|uint64(g(3).Data3)<<48 {
			t.Fatalf("raw context of a provider-context filter: %x", got[0].RawContext)
		}
		free()
		a.free()
	}

	var a arena
	defer a.free()
	ns := a.session(&Session{SessionKey: g(7), DisplayData: DisplayData{Str("s\u00e9ssion"), nil}, Flags: SessionFlagDynamic,
		TxnWaitTimeoutInMSec: 5, ProcessID: 6, Username: Str("root"), KernelMode: true})
	defer setSessionSidForTest(unsafe.Pointer(ns))()
	mustEqual(t, "FWPM_SESSION0", []Session{goSession(ns)}, encodeDecode(t, pageSession0, unsafe.Pointer(ns)))

	for _, v6 := range []bool{false, true} {
		c := &SaContext{SaContextID: 77, InboundSa: richDetails(v6, DirectionInbound)}
		if !v6 {
			c.OutboundSa = richDetails(false, DirectionOutbound)
		}
		nc := a.context1(c)
		want := goContext1(nc)
		mustEqual(t, "IPSEC_SA_CONTEXT1", []SaContext{want}, encodeDecode(t, pageSaContext1, unsafe.Pointer(nc)))
		// the builders and readers round-trip (except what goFilter never fills)
		if want.InboundSa.SaBundle.IpsecID == nil || len(want.InboundSa.SaBundle.SaList) != 7 || want.InboundSa.SaBundle.KeyModuleState == nil {
			t.Fatalf("incomplete fixture %s", dump(want))
		}
		mustEqual(t, "IPSEC_SA_DETAILS1", []SaDetails{*goDetails1(nc.inboundSa)}, encodeDecode(t, pageSaDetails1, unsafe.Pointer(nc.inboundSa)))
	}
}

// ---- the engine's own results ------------------------------------------------------

// fieldsEnum runs an Enum function through internal/raw and reads the
// entries with the field-by-field readers (bridge.Go's).
func fieldsEnum[T any](t *testing.T, e *Engine, kind enumKind, tmpl unsafe.Pointer, n uint32, native string) []T {
	t.Helper()
	var h uintptr
	var st int32
	switch kind {
	case enumSessions:
		st = raw.FwpmSessionCreateEnumHandle0(e.h, tmpl, &h)
	case enumFilters:
		st = raw.FwpmFilterCreateEnumHandle0(e.h, tmpl, &h)
	case enumSaContexts0, enumSaContexts1:
		st = raw.IPsecSaContextCreateEnumHandle0(e.h, tmpl, &h)
	default:
		st = raw.IPsecSaCreateEnumHandle0(e.h, tmpl, &h)
	}
	if st != 0 {
		t.Fatalf("create: 0x%08X", uint32(st))
	}
	var out []T
	var k uint32
	visit := func(p unsafe.Pointer) {
		for _, x := range unsafe.Slice((*unsafe.Pointer)(p), int(k)) {
			switch v := goOf(x, native).(type) {
			case T:
				out = append(out, v)
			case *T:
				out = append(out, *v)
			}
		}
	}
	switch kind {
	case enumSessions:
		st = raw.FwpmSessionEnum0(e.h, h, uint(n), visit, &k)
		raw.FwpmSessionDestroyEnumHandle0(e.h, h)
	case enumFilters:
		st = raw.FwpmFilterEnum0(e.h, h, uint(n), visit, &k)
		raw.FwpmFilterDestroyEnumHandle0(e.h, h)
	case enumSaContexts0:
		st = raw.IPsecSaContextEnum0(e.h, h, uint(n), visit, &k)
		raw.IPsecSaContextDestroyEnumHandle0(e.h, h)
	case enumSaContexts1:
		st = raw.IPsecSaContextEnum1(e.h, h, uint(n), visit, &k)
		raw.IPsecSaContextDestroyEnumHandle0(e.h, h)
	case enumSas0:
		st = raw.IPsecSaEnum0(e.h, h, uint(n), visit, &k)
		raw.IPsecSaDestroyEnumHandle0(e.h, h)
	default:
		st = raw.IPsecSaEnum1(e.h, h, uint(n), visit, &k)
		raw.IPsecSaDestroyEnumHandle0(e.h, h)
	}
	if st != 0 {
		t.Fatalf("enum: 0x%08X", uint32(st))
	}
	return out
}

func bundleOf(spi uint32, ipv IPVersion, sas ...Sa) SaBundle {
	for i := range sas {
		sas[i].Spi = spi
	}
	return SaBundle{QmSaID: 3, IPVersion: ipv, SaList: sas, Lifetime: SaLifetime{3600, 100000, 1000}, PfsGroup: 2, MmSaID: 5}
}

// populate creates IPv4 and IPv6 contexts with every SA transform, IPsec IDs
// with tokens, key-module state, UDP encapsulation, and one without SAs.
func populate(t *testing.T, e *Engine) []uint64 {
	t.Helper()
	filter := func(layer, callout GUID, name *string) uint64 {
		id, err := e.AddFilter(&Filter{DisplayData: DisplayData{Name: name, Description: Str("\u00e9t\u00e9")}, LayerKey: layer,
			Action: Action{Type: ActionCalloutTerminating, CalloutKey: callout}, Weight: U8(3), RawContext: 0xABCD,
			FilterCondition: []FilterCondition{
				{ConditionIPRemotePort, MatchEqual, U16(500)},
				{ConditionIPRemoteAddress, MatchRange, RangeOf(U32(0x0A000000), U32(0x0AFFFFFF))},
				{ConditionIPLocalAddress, MatchEqual, V4Mask(0x0A000000, 0xFF000000)},
			}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	filter6 := func(layer, callout GUID) uint64 {
		id, err := e.AddFilter(&Filter{DisplayData: DisplayData{Name: Str("v6 \U0001F600")}, LayerKey: layer,
			Action: Action{Type: ActionCalloutTerminating, CalloutKey: callout}, Weight: U64(1 << 40),
			FilterCondition: []FilterCondition{{ConditionIPRemoteAddress, MatchEqual, V6Mask([16]byte{0x20, 0x01, 0x0D, 0xB8}, 32)}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	fo, fi := filter(LayerOutboundTransportV4, CalloutIpsecOutboundTransportV4, Str("out")), filter(LayerInboundTransportV4, CalloutIpsecInboundTransportV4, Str("in"))
	fo6, fi6 := filter6(LayerOutboundTransportV6, CalloutIpsecOutboundTransportV6), filter6(LayerInboundTransportV6, CalloutIpsecInboundTransportV6)
	t.Cleanup(func() {
		for _, id := range []uint64{fo, fi, fo6, fi6} {
			e.DeleteFilter(id)
		}
	})
	auth := func(t AuthType, c AuthConfig, n int) *SaAuthInformation {
		return &SaAuthInformation{AuthTransform{AuthTransformID{t, c}, nil}, seq(n, byte(n))}
	}
	ciph := func(t CipherType, c CipherConfig, n int) SaCipherInformation {
		return SaCipherInformation{CipherTransform{CipherTransformID{t, c}, nil}, seq(n, byte(n))}
	}
	kinds := [][]Sa{
		{{SaTransformType: TransformEspAuthAndCipher, EspAuthAndCipherInformation: &SaAuthAndCipherInformation{ciph(CipherAES128, CipherConfigCbcAES128, 16), *auth(AuthSHA1, AuthConfigHmacSHA196, 20)}}},
		{{SaTransformType: TransformAH, AhInformation: auth(AuthSHA256, AuthConfigHmacSHA256128, 32)}},
		{{SaTransformType: TransformEspAuth, EspAuthInformation: auth(AuthSHA1, AuthConfigHmacSHA196, 20)}},
		{{SaTransformType: TransformEspCipher, EspCipherInformation: func() *SaCipherInformation { c := ciph(Cipher3DES, CipherConfigCbc3DES, 24); return &c }()}},
		{{SaTransformType: TransformEspAuthFw, EspAuthFwInformation: auth(AuthMD5, AuthConfigHmacMD596, 16)}},
		{{SaTransformType: TransformEspCipher, EspCipherInformation: func() *SaCipherInformation { c := ciph(CipherAES256, CipherConfigCbcAES256, 32); return &c }()},
			{Spi: 0x7777, SaTransformType: TransformAH, AhInformation: auth(AuthSHA1, AuthConfigHmacSHA196, 20)}},
	}
	var ids []uint64
	for i, sas := range kinds {
		for _, v6 := range []bool{false, true} {
			tr := Traffic{IPVersion: IPVersionV4, LocalAddress: V4ToAddr(0x0A000001), RemoteAddress: V4ToAddr(0x0A100000 + uint32(i)), IpsecFilterID: fo,
				RemotePort: 500, LocalPort: 4500, IPProtocol: 17}
			ipv := IPVersionV4
			in := fi
			if v6 {
				ipv, in = IPVersionV6, fi6
				tr = Traffic{IPVersion: IPVersionV6, LocalAddress: netip.AddrFrom16([16]byte{0x20, 0x01, 0x0D, 0xB8, 15: 1}),
					RemoteAddress: netip.AddrFrom16([16]byte{0x20, 0x01, 0x0D, 0xB8, 14: byte(i), 15: 2}), IpsecFilterID: fo6}
			}
			id, _, err := e.CreateSaContext(&tr, &VirtualIfTunnelInfo{uint64(i), 2})
			if err != nil {
				t.Fatal(i, v6, err)
			}
			ids = append(ids, id)
			tr.IpsecFilterID = in
			var udp *V4UdpEncapsulation
			if !v6 && i%2 == 0 {
				udp = &V4UdpEncapsulation{4500, 4500}
			}
			spi, err := e.GetSpi(id, &GetSpi{InboundIpsecTraffic: tr, IPVersion: ipv, InboundUdpEncapsulation: udp})
			if err != nil {
				t.Fatal(i, v6, err)
			}
			b := bundleOf(spi, ipv, append([]Sa(nil), sas...)...)
			if i%2 == 0 {
				b.IpsecID = &IpsecID{MmTargetName: Str("mm\u00e9"), EmTargetName: nil, Tokens: []Token{{1, 1, 1, 0x1234}, {0, 1, 0, 5}}, ExplicitCredentials: 1}
				b.KeyModuleState = &KeyModuleState{g(byte(i)), seq(12, 3)}
			} else if i == 3 {
				b.KeyModuleState = &KeyModuleState{g(9), []byte{}}
			}
			if v6 {
				err = e.AddInbound0(id, &b)
			} else {
				b.SaLookupContext, b.QmFilterID = g(8), 77
				err = e.AddInbound(id, &b)
			}
			if err != nil {
				t.Fatal(i, v6, err)
			}
			b = bundleOf(0x1000+uint32(i), ipv, append([]Sa(nil), sas...)...)
			if err := e.AddOutbound(id, &b); err != nil {
				t.Fatal(i, v6, err)
			}
		}
	}
	// one context without SAs
	tr := Traffic{IPVersion: IPVersionV4, LocalAddress: V4ToAddr(0x0A000001), RemoteAddress: V4ToAddr(0x0A1000FF), IpsecFilterID: fo}
	id, _, err := e.CreateSaContext0(&tr)
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, id)
	t.Cleanup(func() {
		for _, id := range ids {
			e.DeleteSaContext(id)
		}
	})
	return ids
}

func TestPagesEngineResults(t *testing.T) {
	e := tOpen(t)
	e2 := tOpen(t) // a second session for the session enumeration
	_ = e2
	ids := populate(t, e)

	for _, id := range ids {
		var w0, w1 *SaContext
		raw.IPsecSaContextGetById0(e.h, id, func(p unsafe.Pointer) { x := goOf(p, "IPSEC_SA_CONTEXT0").(SaContext); w0 = &x })
		raw.IPsecSaContextGetById1(e.h, id, func(p unsafe.Pointer) { x := goOf(p, "IPSEC_SA_CONTEXT1").(SaContext); w1 = &x })
		g0, err := e.GetSaContext0(id)
		if err != nil {
			t.Fatal(err)
		}
		g1, err := e.GetSaContext(id)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "IPsecSaContextGetById0", w0, g0)
		mustEqual(t, "IPsecSaContextGetById1", w1, g1)
	}
	c, _ := e.GetSaContext(ids[1]) // IPv6, ESP auth+cipher, tokens, key-module state
	if in := c.InboundSa; in == nil || in.IPVersion != IPVersionV6 || in.Traffic.RemoteAddress.As16()[0] != 0x20 ||
		in.SaBundle.IpsecID == nil || len(in.SaBundle.IpsecID.Tokens) != 2 || in.SaBundle.KeyModuleState == nil {
		t.Fatalf("fixture: %s", dump(c))
	}

	fid := c.InboundSa.TransportFilter.FilterID
	var wf *Filter
	raw.FwpmFilterGetById0(e.h, fid, func(p unsafe.Pointer) { wf = goOf(p, "FWPM_FILTER0").(*Filter) })
	gf, err := e.GetFilter(fid)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "FwpmFilterGetById0", wf, gf)
	gk, err := e.GetFilterByKey(gf.FilterKey)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "FwpmFilterGetByKey0", wf, gk)

	var a arena
	defer a.free()
	tmpl := &SaContextEnumTemplate{RemoteSubNet: V4Mask(0x0A100000, 0xFFFF0000)}
	all := func(kind enumKind) (any, any) {
		switch kind {
		case enumSessions:
			it, _ := e.EnumerateSessions(nil, 3)
			defer it.Close()
			v, err := it.All()
			if err != nil {
				t.Fatal(err)
			}
			return fieldsEnum[Session](t, e, kind, nil, 10000, "FWPM_SESSION0"), v
		case enumFilters:
			it, _ := e.EnumerateFilters(nil, 2)
			defer it.Close()
			v, err := it.All()
			if err != nil {
				t.Fatal(err)
			}
			return fieldsEnum[Filter](t, e, kind, nil, 10000, "FWPM_FILTER0"), v
		case enumSaContexts0, enumSaContexts1:
			it, _ := e.enumSaContexts(tmpl, 4, kind == enumSaContexts1)
			defer it.Close()
			v, err := it.All()
			if err != nil {
				t.Fatal(err)
			}
			native := map[enumKind]string{enumSaContexts0: "IPSEC_SA_CONTEXT0", enumSaContexts1: "IPSEC_SA_CONTEXT1"}[kind]
			return fieldsEnum[SaContext](t, e, kind, unsafe.Pointer(a.ctxTemplate(tmpl)), 10000, native), v
		default:
			it, _ := e.enumSas(nil, 5, kind == enumSas1)
			defer it.Close()
			v, err := it.All()
			if err != nil {
				t.Fatal(err)
			}
			native := map[enumKind]string{enumSas0: "IPSEC_SA_DETAILS0", enumSas1: "IPSEC_SA_DETAILS1"}[kind]
			return fieldsEnum[SaDetails](t, e, kind, nil, 10000, native), v
		}
	}
	for _, k := range []enumKind{enumSessions, enumFilters, enumSaContexts0, enumSaContexts1, enumSas0, enumSas1} {
		want, got := all(k)
		if reflect.ValueOf(want).Len() < 2 {
			t.Fatalf("%s: only %d entries", enumOps[k].enum, reflect.ValueOf(want).Len())
		}
		mustEqual(t, enumOps[k].enum, want, got)
	}

	// NextPage (eager) and Next (lazy) agree, also when mixed and across Close.
	it, _ := e.EnumerateSaContexts(nil, 5)
	var mixed []SaContext
	for i := 0; it.Next(); i++ {
		mixed = append(mixed, it.Value())
		if i == 1 {
			p, err := it.NextPage(3) // the rest of Next's page is decoded first
			if err != nil || len(p) != 3 {
				t.Fatal(err, len(p))
			}
			mixed = append(mixed, p...)
		}
		if i == 5 {
			it.Close() // what was fetched stays readable
		}
	}
	wantErrCode(t, it.Err(), ErrInvalidHandle)
	want, _ := e.SaContexts(nil, 0)
	// Next read 0,1, then NextPage 5..7 (after flushing 2..4), then 2..4, then page 8..12 up to index 5 of Next,
	// then the rest of that page after Close.
	order := []int{0, 1, 5, 6, 7, 2, 3, 4, 8, 9, 10, 11, 12}
	if len(mixed) != len(order) {
		t.Fatalf("mixed: %d entries", len(mixed))
	}
	for i, j := range order {
		mustEqual(t, "mixed iteration", want[j], mixed[i])
	}
}

func wantErrCode(t *testing.T, err error, s *Error) {
	t.Helper()
	var fe *Error
	if !errors.Is(err, s) || !errors.As(err, &fe) || fe.Code != s.Code || fe.Name != s.Name {
		t.Fatalf("got %v, want %s", err, s.Name)
	}
}

// The codec path returns the same codes as the raw calls.
func TestPagesErrorCodes(t *testing.T) {
	e := tOpen(t)
	codes := func(st int32, err error, op string) {
		t.Helper()
		var fe *Error
		if !errors.As(err, &fe) || int32(fe.Code) != st || fe.Op != op || st == 0 {
			t.Fatalf("%s: raw 0x%08X, codec %v", op, uint32(st), err)
		}
	}
	_, err := e.GetSaContext(1 << 60)
	codes(raw.IPsecSaContextGetById1(e.h, 1<<60, func(unsafe.Pointer) {}), err, "IPsecSaContextGetById1")
	wantErrCode(t, err, ErrNotFound)
	_, err = e.GetSaContext0(1 << 60)
	codes(raw.IPsecSaContextGetById0(e.h, 1<<60, func(unsafe.Pointer) {}), err, "IPsecSaContextGetById0")
	_, err = e.GetFilter(1 << 60)
	codes(raw.FwpmFilterGetById0(e.h, 1<<60, func(unsafe.Pointer) {}), err, "FwpmFilterGetById0")
	wantErrCode(t, err, ErrFilterNotFound)
	var a arena
	defer a.free()
	key := g(99)
	_, err = e.GetFilterByKey(key)
	codes(raw.FwpmFilterGetByKey0(e.h, unsafe.Pointer(a.guidPtr(&key)), func(unsafe.Pointer) {}), err, "FwpmFilterGetByKey0")
	wantErrCode(t, err, ErrFilterNotFound)

	// enumerators: a destroyed handle, then a closed engine
	it, err := e.EnumerateSas(nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	h := it.Handle()
	it.Close()
	var k uint32
	_, err = it.NextPage(1)
	codes(raw.IPsecSaEnum1(e.h, h, 1, func(unsafe.Pointer) {}, &k), err, "IPsecSaEnum1")
	e2, _ := Open(nil)
	its, _ := e2.EnumerateSessions(nil, 1)
	itf, _ := e2.EnumerateFilters(nil, 1)
	itc, _ := e2.EnumerateSaContexts0(nil, 1)
	e2.Close()
	_, err = its.NextPage(1)
	wantErrCode(t, err, ErrInvalidHandle)
	_, err = itf.NextPage(1)
	wantErrCode(t, err, ErrInvalidHandle)
	if itc.Next() {
		t.Fatal("Next on a closed engine")
	}
	wantErrCode(t, itc.Err(), ErrInvalidHandle)
	_, err = e2.GetSaContext(1)
	wantErrCode(t, err, ErrInvalidHandle)
	_, err = e2.GetFilterByKey(GUID{})
	wantErrCode(t, err, ErrInvalidHandle)
	for _, c := range []interface{ Close() error }{its, itf, itc} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Malformed pages (a codec bug) are errors, never panics; records longer
// than this decoder knows are skipped to their end.
func TestPagesDecoderRobustness(t *testing.T) {
	var a arena
	defer a.free()
	nc := a.context1(&SaContext{SaContextID: 5, InboundSa: richDetails(false, DirectionInbound)})
	page, st := encodeForTest(pageSaContext1, unsafe.Pointer(nc))
	if st != 0 {
		t.Fatal(st)
	}
	want, err := decodeForTest(page, pageSaContext1)
	if err != nil {
		t.Fatal(err)
	}
	// truncated anywhere, or a wrong header
	for n := 0; n < len(page); n += 1 + n/8 {
		b := append([]byte(nil), page[:n]...)
		if n >= 16 {
			binary.LittleEndian.PutUint32(b[12:], uint32(n))
		}
		if _, err := decodeForTest(b, pageSaContext1); !errors.Is(err, ErrInternalError) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
	for _, off := range []int{0, 4, 6, 12} {
		b := append([]byte(nil), page...)
		b[off]++
		if _, err := decodeForTest(b, pageSaContext1); !errors.Is(err, ErrInternalError) {
			t.Fatalf("header byte %d: %v", off, err)
		}
	}
	if _, err := decodeForTest(page, pageSaContext0); !errors.Is(err, ErrInternalError) {
		t.Fatal("wrong kind accepted")
	}
	// a corrupted byte inside the record: an error or some value, no panic
	for off := 16; off < len(page); off++ {
		b := append([]byte(nil), page...)
		b[off] ^= 0xFF
		decodeForTest(b, pageSaContext1)
	}
	// a later version's longer record: the extra bytes are skipped
	ext := append([]byte(nil), page[:len(page)]...)
	ext = append(ext, 1, 2, 3, 4, 5)
	binary.LittleEndian.PutUint32(ext[16:], binary.LittleEndian.Uint32(ext[16:])+5)
	binary.LittleEndian.PutUint32(ext[12:], uint32(len(ext)))
	two := append(append([]byte(nil), ext...), ext[16:]...)
	binary.LittleEndian.PutUint32(two[8:], 2)
	binary.LittleEndian.PutUint32(two[12:], uint32(len(two)))
	got, err := decodeForTest(two, pageSaContext1)
	if err != nil {
		t.Fatal(err)
	}
	w := want.([]SaContext)
	mustEqual(t, "extended records", []SaContext{w[0], w[0]}, got)
}

// Forgotten iterators are finalised (native enumerator destroyed, page buffer
// freed) and recycled states never leak into a closed Iterator.
func TestPagesStateRecycling(t *testing.T) {
	e := tOpen(t)
	populate(t, e)
	for i := 0; i < 200; i++ {
		it, err := e.EnumerateSas(nil, 3)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			it.Next()
			it.Close()
			// a closed iterator keeps its handle: the library answers for it
			if _, err := it.NextPage(1); !errors.Is(err, ErrInvalidHandle) {
				t.Fatal(err)
			}
		}
	}
	runtime.GC()
	runtime.GC()
	it, _ := e.EnumerateSas(nil, 100)
	defer it.Close()
	all, err := it.All()
	if err != nil || len(all) < 20 {
		t.Fatal(err, len(all))
	}
}

// BenchmarkDecodeSaContext1: the Go half of an enumeration (no native call):
// one op decodes one record of a captured 1000-context page, as Next does.
func BenchmarkDecodeSaContext1(b *testing.B) {
	e := tOpen(b)
	mk := func(layer, callout GUID) uint64 {
		id, err := e.AddFilter(&Filter{DisplayData: DisplayData{Name: Str("bench")}, LayerKey: layer,
			Action: Action{Type: ActionCalloutTerminating, CalloutKey: callout}})
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	fo, fi := mk(LayerOutboundTransportV4, CalloutIpsecOutboundTransportV4), mk(LayerInboundTransportV4, CalloutIpsecInboundTransportV4)
	defer e.DeleteFilter(fo)
	defer e.DeleteFilter(fi)
	sa := func(spi uint32) []Sa {
		return []Sa{{Spi: spi, SaTransformType: TransformEspAuthAndCipher, EspAuthAndCipherInformation: &SaAuthAndCipherInformation{
			SaCipherInformation{CipherTransform{CipherTransformID{CipherAES128, CipherConfigCbcAES128}, nil}, make([]byte, 16)},
			SaAuthInformation{AuthTransform{AuthTransformID{AuthSHA1, AuthConfigHmacSHA196}, nil}, make([]byte, 20)}}}}
	}
	for i := 0; i < 1000; i++ {
		tr := Traffic{IPVersion: IPVersionV4, LocalAddress: V4ToAddr(0x0A000001), RemoteAddress: V4ToAddr(0x0E100000 + uint32(i)), IpsecFilterID: fo}
		id, _, err := e.CreateSaContext0(&tr)
		if err != nil {
			b.Fatal(err)
		}
		defer e.DeleteSaContext(id)
		tr.IpsecFilterID = fi
		spi, err := e.GetSpi0(id, &GetSpi{InboundIpsecTraffic: tr, IPVersion: IPVersionV4})
		if err != nil {
			b.Fatal(err)
		}
		bd := SaBundle{QmSaID: 1, IPVersion: IPVersionV4, SaList: sa(spi)}
		e.AddInbound0(id, &bd)
		bd.SaList = sa(0x1000 + uint32(i))
		e.AddOutbound0(id, &bd)
	}
	var a arena
	defer a.free()
	s, h, err := createEnum(e, enumSaContexts1, unsafe.Pointer(a.ctxTemplate(&SaContextEnumTemplate{RemoteSubNet: V4Mask(0x0E100000, 0xFFFF0000)})))
	if err != nil {
		b.Fatal(err)
	}
	if st := enumPage(s, enumSaContexts1, e, h, 1000); st != 0 {
		b.Fatal(st)
	}
	page := append([]byte(nil), s.bytes()...)
	destroyEnum(s, h)
	n, _ := pageCount(page, pageSaContext1)
	if n != 1000 {
		b.Fatal(n)
	}
	b.SetBytes(int64(len(page) / n))
	var d decoder
	var cur SaContext
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; {
		p := pagesHeaderSize
		for r := 0; r < n && i < b.N; r, i = r+1, i+1 {
			cur = SaContext{}
			if err := decodeRecord(&d, page, &p, readContext1, &cur); err != nil {
				b.Fatal(err)
			}
		}
	}
}
