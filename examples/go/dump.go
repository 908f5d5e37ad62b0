package main

import (
	"fmt"
	"io"
	"net/netip"

	"fwpkclnt/bindings/go/fwpk"
)

func authName(id fwpk.AuthTransformId) string {
	switch id.AuthConfig {
	case fwpk.AuthConfigHmacMd596:
		return "HMAC-MD5-96"
	case fwpk.AuthConfigHmacSha196:
		return "HMAC-SHA-1-96"
	case fwpk.AuthConfigHmacSha256128:
		return "HMAC-SHA-256-128"
	case fwpk.AuthConfigGcmAes128:
		return "GMAC-AES-128"
	case fwpk.AuthConfigGcmAes192:
		return "GMAC-AES-192"
	case fwpk.AuthConfigGcmAes256:
		return "GMAC-AES-256"
	}
	return "unknown-auth"
}

func cipherName(id fwpk.CipherTransformId) string {
	switch id.CipherConfig {
	case fwpk.CipherConfigCbcDes:
		return "DES-CBC"
	case fwpk.CipherConfigCbc3des:
		return "3DES-CBC"
	case fwpk.CipherConfigCbcAes128:
		return "AES-128-CBC"
	case fwpk.CipherConfigCbcAes192:
		return "AES-192-CBC"
	case fwpk.CipherConfigCbcAes256:
		return "AES-256-CBC"
	case fwpk.CipherConfigGcmAes128:
		return "AES-128-GCM"
	case fwpk.CipherConfigGcmAes192:
		return "AES-192-GCM"
	case fwpk.CipherConfigGcmAes256:
		return "AES-256-GCM"
	}
	return "unknown-cipher"
}

func address(a netip.Addr) string {
	if a.Is4() {
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
	case fwpk.TransformAh:
		fmt.Fprintf(out, "AH %s, auth key %d bytes\n", authName(sa.AhInformation.AuthTransform.AuthTransformId), len(sa.AhInformation.AuthKey))
	case fwpk.TransformEspAuth:
		fmt.Fprintf(out, "ESP (auth only) %s, auth key %d bytes\n", authName(sa.EspAuthInformation.AuthTransform.AuthTransformId), len(sa.EspAuthInformation.AuthKey))
	case fwpk.TransformEspAuthFw:
		fmt.Fprintf(out, "ESP (auth, firewall) %s, auth key %d bytes\n", authName(sa.EspAuthFwInformation.AuthTransform.AuthTransformId), len(sa.EspAuthFwInformation.AuthKey))
	case fwpk.TransformEspCipher:
		fmt.Fprintf(out, "ESP %s, cipher key %d bytes\n", cipherName(sa.EspCipherInformation.CipherTransform.CipherTransformId), len(sa.EspCipherInformation.CipherKey))
	case fwpk.TransformEspAuthAndCipher:
		i := sa.EspAuthAndCipherInformation
		fmt.Fprintf(out, "ESP %s + %s, cipher key %d bytes, auth key %d bytes\n",
			cipherName(i.SaCipherInformation.CipherTransform.CipherTransformId), authName(i.SaAuthInformation.AuthTransform.AuthTransformId),
			len(i.SaCipherInformation.CipherKey), len(i.SaAuthInformation.AuthKey))
	default:
		fmt.Fprintf(out, "transform %d\n", int32(sa.SaTransformType))
	}
}

func printDetails(out io.Writer, direction string, d *fwpk.SaDetails0) {
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
	fmt.Fprintf(out, "    %-8s %s %s %s %s", direction, kind, address(t.LocalAddress()), arrow,
		address(t.RemoteAddress()))
	if t.TrafficType == fwpk.TrafficTypeTunnel {
		fmt.Fprintf(out, ", tunnel policy %d", t.TunnelPolicyId())
	} else {
		fmt.Fprintf(out, ", filter %d", t.IpsecFilterId)
	}
	b := &d.SaBundle
	fmt.Fprintf(out, ", qmSaId %d, lifetime %d s / %d KB, %d SA(s)\n", b.QmSaId, b.Lifetime.LifetimeSeconds, b.Lifetime.LifetimeKilobytes, len(b.SaList))
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
		for _, v := range ctxs {
			c, e := v.Decode()
			if e != nil {
				return total, e
			}
			fmt.Fprintf(out, "  SA context %d\n", c.SaContextId)
			printDetails(out, "inbound", c.InboundSa)
			printDetails(out, "outbound", c.OutboundSa)
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
