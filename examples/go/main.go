// manual_keying — the Go port of examples/c/manual_keying.c: what a keying
// module does with the SA-context API, through the idiomatic Go SDK.
//
// For each of three peers it adds an outbound and an inbound transport filter
// whose action hands the traffic to the IPsec callout, creates an SA context,
// obtains the inbound SPI and adds the inbound and outbound SA bundles with
// real-size keys.  Then it lists the contexts page by page.  The output is the
// C example's, line for line (only the random inbound SPIs differ).
//
// Usage: manual_keying [page-size]    (page size of the listing, default 2)
//
//	manual_keying bench               (benchmark mode, see bench.go)
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"fwpkclnt/bindings/go/fwpk"
)

const (
	localV4    = 0x0A000001 // 10.0.0.1 — addresses are host byte order
	ipprotoTCP = 6
	ipprotoUDP = 17
)

func statusText(err error) string {
	var fe *fwpk.Error
	if errors.As(err, &fe) {
		name := fe.Name
		if name == "" {
			name = "unknown status"
		}
		return fmt.Sprintf("%s (0x%08X)", name, uint32(fe.Code))
	}
	if err == nil {
		return "STATUS_SUCCESS (0x00000000)"
	}
	return err.Error()
}

func formatV4(a uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", a>>24&0xFF, a>>16&0xFF, a>>8&0xFF, a&0xFF)
}

func addIpsecTransportFilter(eng *fwpk.Engine, outbound bool, remote uint32, protocol uint8) (uint64, error) {
	f := &fwpk.Filter{
		DisplayData: fwpk.DisplayData{
			Name:        fwpk.Str("manual_keying inbound"),
			Description: fwpk.Str("IPsec transport policy installed by the manual_keying example"),
		},
		LayerKey:    fwpk.LayerInboundTransportV4,
		SubLayerKey: fwpk.SublayerUniversal,
		Weight:      fwpk.Value{}, // the engine picks the weight
		FilterCondition: []fwpk.FilterCondition{
			{FieldKey: fwpk.ConditionIpRemoteAddress, MatchType: fwpk.MatchEqual, ConditionValue: fwpk.ConditionValue{Type: fwpk.Uint32, Uint32: remote}},
			{FieldKey: fwpk.ConditionIpProtocol, MatchType: fwpk.MatchEqual, ConditionValue: fwpk.ConditionValue{Type: fwpk.Uint8, Uint8: protocol}},
		},
		Action: fwpk.Action{Type: fwpk.ActionCalloutTerminating, CalloutKey: fwpk.CalloutIpsecInboundTransportV4},
	}
	if outbound {
		f.DisplayData.Name = fwpk.Str("manual_keying outbound")
		f.LayerKey = fwpk.LayerOutboundTransportV4
		f.Action.CalloutKey = fwpk.CalloutIpsecOutboundTransportV4
	}
	return eng.AddFilter(f)
}

// fillKey is a deterministic stand-in for keys IKE would have produced.
func fillKey(size int, seed uint8) []byte {
	k := make([]byte, size)
	for i := range k {
		k[i] = byte(uint(seed)*31 + uint(i)*7)
	}
	return k
}

type profile int

const (
	espAES128SHA1 profile = iota
	espAES256SHA256
	ahSHA256PlusEspAES256
)

type peer struct {
	remote      uint32
	protocol    uint8
	profile     profile
	outboundSpi uint32
	description string
}

func buildSaList(p profile, spi uint32, seed uint8) []fwpk.Sa {
	switch p {
	case espAES128SHA1, espAES256SHA256:
		strong := p == espAES256SHA256
		cipherBytes, authBytes := 16, 20
		cipher := fwpk.CipherTransformId{CipherType: fwpk.CipherTypeAes128, CipherConfig: fwpk.CipherConfigCbcAes128}
		auth := fwpk.AuthTransformId{AuthType: fwpk.AuthSha1, AuthConfig: fwpk.AuthConfigHmacSha196}
		if strong {
			cipherBytes, authBytes = 32, 32
			cipher = fwpk.CipherTransformId{CipherType: fwpk.CipherTypeAes256, CipherConfig: fwpk.CipherConfigCbcAes256}
			auth = fwpk.AuthTransformId{AuthType: fwpk.AuthSha256, AuthConfig: fwpk.AuthConfigHmacSha256128}
		}
		return []fwpk.Sa{{
			Spi:             spi,
			SaTransformType: fwpk.TransformEspAuthAndCipher,
			EspAuthAndCipherInformation: &fwpk.SaAuthAndCipherInformation{
				SaCipherInformation: fwpk.SaCipherInformation{CipherTransform: fwpk.CipherTransform{CipherTransformId: cipher}, CipherKey: fillKey(cipherBytes, seed)},
				SaAuthInformation:   fwpk.SaAuthInformation{AuthTransform: fwpk.AuthTransform{AuthTransformId: auth}, AuthKey: fillKey(authBytes, seed+1)},
			},
		}}
	default:
		// two SAs: ESP at index 0, AH at index 1, one SPI for the bundle
		return []fwpk.Sa{
			{Spi: spi, SaTransformType: fwpk.TransformEspCipher, EspCipherInformation: &fwpk.SaCipherInformation{
				CipherTransform: fwpk.CipherTransform{CipherTransformId: fwpk.CipherTransformId{CipherType: fwpk.CipherTypeAes256, CipherConfig: fwpk.CipherConfigCbcAes256}},
				CipherKey:       fillKey(32, seed)}},
			{Spi: spi, SaTransformType: fwpk.TransformAh, AhInformation: &fwpk.SaAuthInformation{
				AuthTransform: fwpk.AuthTransform{AuthTransformId: fwpk.AuthTransformId{AuthType: fwpk.AuthSha256, AuthConfig: fwpk.AuthConfigHmacSha256128}},
				AuthKey:       fillKey(32, seed+1)}},
		}
	}
}

func keyPeer(eng *fwpk.Engine, p peer, qmSaID uint32, log io.Writer) error {
	remote, local := formatV4(p.remote), formatV4(localV4)
	outFilter, err := addIpsecTransportFilter(eng, true, p.remote, p.protocol)
	if err != nil {
		return err
	}
	inFilter, err := addIpsecTransportFilter(eng, false, p.remote, p.protocol)
	if err != nil {
		return err
	}
	if log != nil {
		fmt.Fprintf(log, "filter %d: FWPM_LAYER_OUTBOUND_TRANSPORT_V4, remote %s, protocol %d -> FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4\n", outFilter, remote, p.protocol)
		fmt.Fprintf(log, "filter %d: FWPM_LAYER_INBOUND_TRANSPORT_V4, remote %s, protocol %d -> FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4\n", inFilter, remote, p.protocol)
	}
	outbound := fwpk.Traffic0{IpVersion: fwpk.IpVersionV4, LocalV4Address: localV4, RemoteV4Address: p.remote,
		TrafficType: fwpk.TrafficTypeTransport, IpsecFilterId: outFilter}
	_, id, err := eng.CreateSaContext0(&outbound)
	if err != nil {
		return err
	}
	inbound := outbound
	inbound.IpsecFilterId = inFilter
	spi, err := eng.GetSpi0(id, &fwpk.GetSpi0{InboundIpsecTraffic: inbound})
	if err != nil {
		return err
	}
	bundle := fwpk.SaBundle0{
		Lifetime:           fwpk.SaLifetime{LifetimeSeconds: 3600, LifetimeKilobytes: 1000000, LifetimePackets: 0x7FFFFFFF},
		IdleTimeoutSeconds: 300,
		QmSaId:             qmSaID, // same for both directions of the pair
		IpVersion:          fwpk.IpVersionV4,
	}
	bundle.SaList = buildSaList(p.profile, spi, uint8(qmSaID*2))
	if err := eng.AddInbound0(id, &bundle); err != nil {
		return err
	}
	bundle.SaList = buildSaList(p.profile, p.outboundSpi, uint8(qmSaID*2+1))
	if err := eng.AddOutbound0(id, &bundle); err != nil {
		return err
	}
	if log != nil {
		fmt.Fprintf(log, "SA context %d: %s <-> %s protocol %d, %s, inbound SPI 0x%08X, outbound SPI 0x%08X\n",
			id, local, remote, p.protocol, p.description, spi, p.outboundSpi)
	}
	return nil
}

func createContexts(eng *fwpk.Engine, log io.Writer) error {
	peers := []peer{
		{0x0A000002, ipprotoUDP, espAES128SHA1, 0x00001001, "ESP AES-128-CBC + HMAC-SHA-1-96 (keys 16 + 20 bytes)"},
		{0x0A000003, ipprotoTCP, espAES256SHA256, 0x00001002, "ESP AES-256-CBC + HMAC-SHA-256-128 (keys 32 + 32 bytes)"},
		{0x0A000004, ipprotoUDP, ahSHA256PlusEspAES256, 0x00001003, "AH HMAC-SHA-256-128 + ESP AES-256-CBC (keys 32 + 32 bytes)"},
	}
	for i, p := range peers {
		if err := keyPeer(eng, p, uint32(i+1), log); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "bench" {
		os.Exit(bench(os.Args[2:]))
	}
	pageSize := uint32(2)
	if len(os.Args) > 2 {
		fmt.Fprintf(os.Stderr, "usage: %s [page-size] | bench\n", os.Args[0])
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "usage: %s [page-size] | bench\n", os.Args[0])
			os.Exit(2)
		}
		pageSize = uint32(n)
	}
	fmt.Printf("manual_keying: libfwpkclnt %s\n", fwpk.LibVersion())

	// Not SessionFlagDynamic: SA contexts cannot be created in a dynamic session.
	eng, err := fwpk.Open(&fwpk.Session{DisplayData: fwpk.DisplayData{Name: fwpk.Str("manual_keying")}})
	if err != nil {
		fmt.Fprintf(os.Stderr, "FwpmEngineOpen0: %s\n", statusText(err))
		os.Exit(1)
	}
	defer eng.Close()
	fmt.Println("session opened")

	if err := createContexts(eng, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "keying failed: %s\n", statusText(err))
		os.Exit(1)
	}
	fmt.Println("\nSA contexts now in the engine (they live as long as this process):")
	n, err := dump(eng, pageSize, os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "dump failed: %s\n", statusText(err))
		os.Exit(1)
	}
	err = eng.Close()
	fmt.Printf("session closed: %s\n", statusText(err))
	if err != nil || n != 3 {
		os.Exit(1)
	}
}
