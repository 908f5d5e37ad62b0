package fwpk

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"reflect"
	"strings"
	"testing"
)

// roundTrip decodes one encoded value of C type name, re-encodes it and
// requires the same bytes; the decoded value must equal its own re-decoding.
func roundTrip(t *testing.T, name string, data []byte) {
	t.Helper()
	newV, ok := wireTypes[name]
	if !ok {
		t.Fatalf("no Go type for %s", name)
	}
	v := newV()
	if err := v.UnmarshalBinary(data); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out, err := v.MarshalBinary()
	if err != nil || !bytes.Equal(out, data) {
		t.Fatalf("%s: re-encoded %x, want %x (%v)", name, out, data, err)
	}
	w := newV()
	if err := w.UnmarshalBinary(out); err != nil {
		t.Fatal(err)
	}
	eq := reflect.ValueOf(v).Elem().MethodByName("Equal")
	if !eq.Call([]reflect.Value{reflect.ValueOf(w).Elem()})[0].Bool() {
		t.Fatalf("%s: Equal false after a round trip: %s / %s", name, v, w)
	}
	if v.String() == "" {
		t.Fatalf("%s: empty String", name)
	}
}

// roundTripPage re-encodes every record of a page and rebuilds the page.
func roundTripPage(t *testing.T, data []byte) {
	t.Helper()
	if len(data) < pageHeader {
		t.Fatal("short page")
	}
	id := binary.LittleEndian.Uint32(data[8:])
	name, ok := typeIDs[id]
	if !ok {
		t.Fatalf("unknown page type 0x%08x", id)
	}
	var recs [][]byte
	_, err := pageRecords(data, id, 0, func(rec []byte) {
		if rec != nil {
			roundTrip(t, name, rec)
		}
		recs = append(recs, rec)
	})
	if err != nil {
		t.Fatal(err)
	}
	page := AppendPage(nil, name, recs...)
	if !bytes.Equal(page, data) {
		t.Fatalf("%s page re-encoded differently", name)
	}
}

// Every item of the golden corpus (tests/golden: structures sampled from the
// schema and real engine pages, each checked with the Python reference codec)
// decodes and re-encodes byte for byte; gobuild.py test sets FWPK_GOLDEN_CORPUS.
func TestGoldenCorpusRoundTrips(t *testing.T) {
	path := os.Getenv("FWPK_GOLDEN_CORPUS")
	if path == "" {
		t.Fatal("FWPK_GOLDEN_CORPUS is not set (gobuild.py test sets it)")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	items, pages := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		kind, hexdata, ok := strings.Cut(line, " ")
		data, err := hex.DecodeString(hexdata)
		if !ok || err != nil {
			t.Fatalf("bad corpus line %q", line)
		}
		if kind == "page" {
			roundTripPage(t, data)
			pages++
		} else {
			roundTrip(t, kind, data)
			items++
		}
	}
	if items < len(wireTypes) || pages == 0 {
		t.Fatalf("corpus too small: %d items, %d pages for %d types", items, pages, len(wireTypes))
	}
}

// Truncated or padded encodings are errors, never panics or huge allocations.
func TestCodecRejectsMalformedBytes(t *testing.T) {
	good, _ := (SaBundle{SaList: []Sa{{Spi: 1}}, IpsecId: &IpsecId{MmTargetName: Str("x")}}).MarshalBinary()
	var b SaBundle
	for n := 0; n < len(good); n++ {
		if err := b.UnmarshalBinary(good[:n]); err == nil {
			t.Fatalf("truncated at %d: no error", n)
		}
	}
	if err := b.UnmarshalBinary(append(good, 0)); err == nil {
		t.Fatal("trailing byte: no error")
	}
	// IPSEC_ID0: two NULL strings, then 2^32-1 tokens present with no bytes behind them
	lying := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1}
	var id IpsecId
	if err := id.UnmarshalBinary(lying); err == nil || id.Tokens != nil {
		t.Fatalf("lying count: %v %d", err, len(id.Tokens))
	}
	var c SaContext
	if err := c.UnmarshalBinary([]byte{1, 2, 3}); err == nil {
		t.Fatal("short SaContext: no error")
	}
	if _, err := pageRecords([]byte("not a page at all, really"), typeIDSaContext, 0, func([]byte) {}); err == nil {
		t.Fatal("bad page: no error")
	}
}

// GUIDs print in registry form and parse back; the well-known keys come from the headers.
func TestGUIDTextAndLayout(t *testing.T) {
	g := MustParseGUID("5926dfc8-e3cf-4426-a283-dc393f5d0f9d")
	if g.String() != "5926dfc8-e3cf-4426-a283-dc393f5d0f9d" || g != LayerInboundTransportV4 {
		t.Fatalf("%s", g)
	}
	if g[0] != 0xc8 || g[3] != 0x59 || g[4] != 0xcf || g[8] != 0xa2 {
		t.Fatalf("not the memory layout: %x", g[:])
	}
	if _, err := ParseGUID("5926dfc8e3cf4426a283dc393f5d0f9d"); err == nil {
		t.Fatal("no dashes: no error")
	}
}

// Value types print their members by name (enums by C name, the selected union
// arm only) and compare by content.
func TestValueTypesPrintAndCompare(t *testing.T) {
	a := Traffic{IpVersion: IpVersionV4, LocalV4Address: 0x0A000001, TrafficType: TrafficTypeTunnel}
	a.SetTunnelPolicyId(42)
	s := a.String()
	for _, want := range []string{"Traffic{IpVersion: FWP_IP_VERSION_V4", "LocalV4Address: 167772161", "TrafficType: IPSEC_TRAFFIC_TYPE_TUNNEL", "IpsecFilterId: 42"} {
		if !strings.Contains(s, want) {
			t.Fatalf("%q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "LocalV6Address") {
		t.Fatalf("%q prints the unselected arm", s)
	}
	b := a
	if !a.Equal(b) || a.TunnelPolicyId() != 42 {
		t.Fatal("copy not equal")
	}
	b.LocalV4Address++
	if a.Equal(b) {
		t.Fatal("different values equal")
	}
	x := SaBundle{SaList: []Sa{{Spi: 1, AhInformation: &SaAuthInformation{AuthKey: []byte{1}}}}}
	y := SaBundle{SaList: []Sa{{Spi: 1, AhInformation: &SaAuthInformation{AuthKey: []byte{1}}}}}
	if !x.Equal(y) {
		t.Fatal("deep equal values differ")
	}
	y.SaList[0].AhInformation.AuthKey = []byte{}
	if x.Equal(y) || (Sa{AhInformation: &SaAuthInformation{}}).Equal(Sa{AhInformation: &SaAuthInformation{AuthKey: []byte{}}}) {
		t.Fatal("a NULL and an empty key are the same wire value")
	}
}

// A view reads a fixed-offset member without decoding or allocating, and
// decodes the rest on demand.
func TestViewReadsFixedMembersInPlace(t *testing.T) {
	c := SaContext{SaContextId: 77, InboundSa: &SaDetails{SaDirection: DirectionInbound}}
	rec, _ := c.MarshalBinary()
	views, err := readPage(AppendPage(nil, "IPSEC_SA_CONTEXT1", rec, rec), typeIDSaContext, saContextViewFixedLen, newSaContextView, "test")
	if err != nil || len(views) != 2 {
		t.Fatal(err, len(views))
	}
	if n := testing.AllocsPerRun(100, func() {
		if views[1].SaContextId() != 77 {
			t.Fatal("id")
		}
	}); n != 0 {
		t.Fatalf("%v allocations per id read", n)
	}
	if in := views[0].InboundSa(); in == nil || in.SaDirection != DirectionInbound || views[0].OutboundSa() != nil {
		t.Fatal("lazy members")
	}
	if d, err := views[0].Decode(); err != nil || !d.Equal(c) {
		t.Fatal(err, d)
	}
	// a record shorter than the fixed prefix, or a NULL entry, is a malformed page
	if _, err := readPage(AppendPage(nil, "IPSEC_SA_CONTEXT1", rec[:4]), typeIDSaContext, saContextViewFixedLen, newSaContextView, "test"); err == nil {
		t.Fatal("short record accepted")
	}
	if _, err := readPage(AppendPage(nil, "IPSEC_SA_CONTEXT1", nil), typeIDSaContext, saContextViewFixedLen, newSaContextView, "test"); err == nil {
		t.Fatal("NULL entry accepted")
	}
	if _, err := readPage(AppendPage(nil, "IPSEC_SA_CONTEXT0", rec), typeIDSaContext, saContextViewFixedLen, newSaContextView, "test"); err == nil {
		t.Fatal("page of another type accepted")
	}
}

// BenchmarkDecodeEngineSaContext: one full decode of each IPSEC_SA_CONTEXT1
// record of the golden corpus's engine pages (the Go half of "all fields").
func BenchmarkDecodeEngineSaContext(b *testing.B) {
	text, err := os.ReadFile(os.Getenv("FWPK_GOLDEN_CORPUS"))
	if err != nil {
		b.Skip("FWPK_GOLDEN_CORPUS: ", err)
	}
	var views []SaContextView
	for _, line := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(line, "page ") {
			data, _ := hex.DecodeString(line[5:])
			if v, err := readPage(data, typeIDSaContext, saContextViewFixedLen, newSaContextView, "bench"); err == nil {
				views = append(views, v...)
			}
		}
	}
	if len(views) == 0 {
		b.Skip("no IPSEC_SA_CONTEXT1 page in the corpus")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := views[i%len(views)].Decode(); err != nil {
			b.Fatal(err)
		}
	}
}
