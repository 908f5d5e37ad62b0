package main

import (
	"fmt"
	"io"
	"net/netip"

	"fwpkclnt/bindings/go/fwpk"
)

func authName(id fwpk.AuthTransformID) string {
	switch id.AuthConfig {
	case fwpk.AuthConfigHmacMD596:
		return "HMAC-MD5-96"
	case fwpk.AuthConfigHmacSHA196:
		return "HMAC-SHA-1-96"
	case fwpk.AuthConfigHmacSHA256128:
		return "HMAC-SHA-256-128"
	case fwpk.AuthConfigGcmAES128:
		return "GMAC-AES-128"
	case fwpk.AuthConfigGcmAES192:
		return "GMAC-AES-192"
	case fwpk.AuthConfigGcmAES256:
		return "GMAC-AES-256"
	}
	return "unknown-auth"
}

func cipherName(id fwpk.CipherTransformID) string {
	switch id.CipherConfig {
	case fwpk.CipherConfigCbcDES:
		return "DES-CBC"
	case fwpk.CipherConfigCbc3DES:
		return "3DES-CBC"
	case fwpk.CipherConfigCbcAES128:
		return "AES-128-CBC"
	case fwpk.CipherConfigCbcAES192:
		return "AES-192-CBC"
	case fwpk.CipherConfigCbcAES256:
		return "AES-256-CBC"
	case fwpk.CipherConfigGcmAES128:
		return "AES-128-GCM"
	case fwpk.CipherConfigGcmAES192:
		return "AES-192-GCM"
	case fwpk.CipherConfigGcmAES256:
		return "AES-256-GCM"
	}
	return "unknown-cipher"
}

func address(v fwpk.IPVersion, a netip.Addr) string {
	if v == fwpk.IPVersionV4 {
		return formatV4(fwpk.AddrToV4(a))
	}
	v6 := a.As16()
	s := ""
	for i := 0; i < 16; i += 2 {
		if i > 0 {
			s += ":"
		}
		s += fmt.Sprintf("%x", uint(v6[i])<<8|uint(v6[i+1]))
	}
	return s
}

func printSa(out io.Writer, direction string, index int, sa *fwpk.Sa) {
	fmt.Fprintf(out, "    %-8s SA[%d] spi 0x%08X ", direction, index, sa.Spi)
	switch sa.SaTransformType {
	case fwpk.TransformAH:
		fmt.Fprintf(out, "AH %s, auth key %d bytes\n", authName(sa.AhInformation.AuthTransform.AuthTransformID), len(sa.AhInformation.AuthKey))
	case fwpk.TransformEspAuth:
		fmt.Fprintf(out, "ESP (auth only) %s, auth key %d bytes\n", authName(sa.EspAuthInformation.AuthTransform.AuthTransformID), len(sa.EspAuthInformation.AuthKey))
	case fwpk.TransformEspAuthFw:
		fmt.Fprintf(out, "ESP (auth, firewall) %s, auth key %d bytes\n", authName(sa.EspAuthFwInformation.AuthTransform.AuthTransformID), len(sa.EspAuthFwInformation.AuthKey))
	case fwpk.TransformEspCipher:
		fmt.Fprintf(out, "ESP %s, cipher key %d bytes\n", cipherName(sa.EspCipherInformation.CipherTransform.CipherTransformID), len(sa.EspCipherInformation.CipherKey))
	case fwpk.TransformEspAuthAndCipher:
		i := sa.EspAuthAndCipherInformation
		fmt.Fprintf(out, "ESP %s + %s, cipher key %d bytes, auth key %d bytes\n",
			cipherName(i.SaCipherInformation.CipherTransform.CipherTransformID), authName(i.SaAuthInformation.AuthTransform.AuthTransformID),
			len(i.SaCipherInformation.CipherKey), len(i.SaAuthInformation.AuthKey))
	default:
		fmt.Fprintf(out, "transform %d\n", int32(sa.SaTransformType))
	}
}

func printDetails(out io.Writer, direction string, d *fwpk.SaDetails) {
	if d == nil {
		fmt.Fprintf(out, "    %-8s (none yet)\n", direction)
		return
	}
	t := &d.Traffic
	kind := "transport"
	if t.TrafficType == fwpk.TrafficTypeTunnel {
		kind = "tunnel"
	}
	arrow := "->"
	if d.SaDirection == fwpk.DirectionInbound {
		arrow = "<-"
	}
	fmt.Fprintf(out, "    %-8s %s %s %s %s", direction, kind, address(t.IPVersion, t.LocalAddress), arrow,
		address(t.IPVersion, t.RemoteAddress))
	if t.TrafficType == fwpk.TrafficTypeTunnel {
		fmt.Fprintf(out, ", tunnel policy %d", t.TunnelPolicyID)
	} else {
		fmt.Fprintf(out, ", filter %d", t.IpsecFilterID)
	}
	b := &d.SaBundle
	fmt.Fprintf(out, ", qmSaId %d, lifetime %d s / %d KB, %d SA(s)\n", b.QmSaID, b.Lifetime.LifetimeSeconds, b.Lifetime.LifetimeKilobytes, len(b.SaList))
	for i := range b.SaList {
		printSa(out, direction, i, &b.SaList[i])
	}
}

// dump lists every SA context, pageSize per native Enum call, through the
// iterator's NextPage (so the page structure of the C example is visible).
func dump(eng *fwpk.Engine, pageSize uint32, out io.Writer) (int, error) {
	it, err := eng.EnumerateSaContexts0(nil, pageSize)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(out, "ipsecdump: SA contexts, %d per page\n", pageSize)
	total, page := 0, 0
	for {
		ctxs, e := it.NextPage(pageSize)
		if e != nil {
			err = e
			break
		}
		page++
		fmt.Fprintf(out, "page %d: %d context(s)\n", page, len(ctxs))
		for i := range ctxs {
			fmt.Fprintf(out, "  SA context %d\n", ctxs[i].SaContextID)
			printDetails(out, "inbound", ctxs[i].InboundSa)
			printDetails(out, "outbound", ctxs[i].OutboundSa)
		}
		total += len(ctxs)
		if uint32(len(ctxs)) < pageSize {
			break
		}
	}
	destroyErr := it.Close()
	if err == nil {
		err = destroyErr
	}
	fmt.Fprintf(out, "ipsecdump: %d SA context(s) in %d page(s); enumerator destroyed: %s\n", total, page, statusText(destroyErr))
	return total, err
}
