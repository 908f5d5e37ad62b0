package fwpk_test

import (
	"sync"
	"testing"

	"fwpkclnt/bindings/go/fwpk"
)

// Benchmarks of the binding overhead (issue #5): compare with the C figures of
// the same workload (examples/go bench prints both Go numbers).
//
//	go test -run '^$' -bench . -benchmem -cpuprofile cpu.out
//	go tool pprof -top fwpk.test cpu.out

func BenchmarkEnumHandlePair(b *testing.B) {
	e, err := fwpk.Open(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it, err := e.EnumerateSaContexts(nil, 1)
		if err != nil {
			b.Fatal(err)
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

const benchContexts = 10000

var (
	benchOnce sync.Once
	benchEng  *fwpk.Engine
	benchErr  error
)

// benchEngine holds benchContexts SA contexts with inbound and outbound
// ESP AES-128-CBC (16-byte key) + HMAC-SHA1 (20-byte key) bundles, as the
// example's bench mode and the C reference build them.
func benchEngine(b *testing.B) *fwpk.Engine {
	benchOnce.Do(func() {
		e, err := fwpk.Open(nil)
		if err != nil {
			benchErr = err
			return
		}
		mk := func(layer, callout fwpk.GUID) uint64 {
			id, err := e.AddFilter(&fwpk.Filter{DisplayData: fwpk.DisplayData{Name: fwpk.Str("bench")}, LayerKey: layer,
				Action: fwpk.Action{Type: fwpk.ActionCalloutTerminating, CalloutKey: callout}})
			if err != nil && benchErr == nil {
				benchErr = err
			}
			return id
		}
		fo := mk(fwpk.LayerOutboundTransportV4, fwpk.CalloutIpsecOutboundTransportV4)
		fi := mk(fwpk.LayerInboundTransportV4, fwpk.CalloutIpsecInboundTransportV4)
		sa := func(spi uint32) []fwpk.Sa {
			return []fwpk.Sa{{Spi: spi, SaTransformType: fwpk.TransformEspAuthAndCipher, EspAuthAndCipherInformation: &fwpk.SaAuthAndCipherInformation{
				SaCipherInformation: fwpk.SaCipherInformation{CipherTransform: fwpk.CipherTransform{CipherTransformId: fwpk.CipherTransformId{CipherType: fwpk.CipherTypeAes128, CipherConfig: fwpk.CipherConfigCbcAes128}}, CipherKey: make([]byte, 16)},
				SaAuthInformation:   fwpk.SaAuthInformation{AuthTransform: fwpk.AuthTransform{AuthTransformId: fwpk.AuthTransformId{AuthType: fwpk.AuthSha1, AuthConfig: fwpk.AuthConfigHmacSha196}}, AuthKey: make([]byte, 20)},
			}}}
		}
		for i := 0; i < benchContexts && benchErr == nil; i++ {
			tr := fwpk.Traffic0{IpVersion: fwpk.IpVersionV4, LocalV4Address: 0x0A000001, RemoteV4Address: 0x0F000000 + uint32(i), IpsecFilterId: fo}
			_, id, err := e.CreateSaContext0(&tr)
			if err != nil {
				benchErr = err
				break
			}
			tr.IpsecFilterId = fi
			spi, err := e.GetSpi0(id, &fwpk.GetSpi0{InboundIpsecTraffic: tr})
			if err != nil {
				benchErr = err
				break
			}
			bd := fwpk.SaBundle0{QmSaId: 1, IpVersion: fwpk.IpVersionV4, SaList: sa(spi)}
			if benchErr = e.AddInbound0(id, &bd); benchErr != nil {
				break
			}
			bd.SaList = sa(0x1000 + uint32(i))
			benchErr = e.AddOutbound0(id, &bd)
		}
		benchEng = e
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchEng
}

// BenchmarkEnumerateSaContexts: one op = one SA context enumerated (page size 1000).
func BenchmarkEnumerateSaContexts(b *testing.B) {
	e := benchEngine(b)
	tmpl := &fwpk.SaContextEnumTemplate{RemoteSubNet: fwpk.V4Mask(0x0F000000, 0xFF000000)}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for n < b.N {
		it, err := e.EnumerateSaContexts(tmpl, 1000)
		if err != nil {
			b.Fatal(err)
		}
		for n < b.N && it.Next() {
			n++
		}
		if err := it.Err(); err != nil {
			b.Fatal(err)
		}
		it.Close()
	}
}

// BenchmarkDecodeSaContexts: one op = one SA context enumerated and decoded
// in full (page size 1000), as the example's all-fields pass.
func BenchmarkDecodeSaContexts(b *testing.B) {
	e := benchEngine(b)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for n < b.N {
		it, err := e.EnumerateSaContexts(nil, 1000)
		if err != nil {
			b.Fatal(err)
		}
		for n < b.N && it.Next() {
			c, err := it.Value().Decode()
			if err != nil || c.InboundSa == nil {
				b.Fatal(err)
			}
			n++
		}
		if err := it.Err(); err != nil {
			b.Fatal(err)
		}
		it.Close()
	}
}
