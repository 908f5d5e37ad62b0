package main

import (
	"net/netip"
	"strings"
	"unsafe"

	"fwpkclnt/bindings/go/fwpk"
	"fwpkclnt/bindings/go/fwpk/internal/bridge"
)

// A declaration: the fwpk value it builds and its lies — what the value type
// cannot express, written into the native structure by the raw path
// (patch(p, version) with p the structure bridge.Native built).  nil = none.
type decl struct {
	kind  string
	val   any // *fwpk.Filter, fwpk.FilterCondition, ...
	patch func(p unsafe.Pointer, version int)
}

func (r *runner) decl(name, kind string) decl {
	d, ok := r.decls[name]
	if !ok {
		fail("unknown declaration %s", name)
	}
	if d.kind != kind {
		fail("declaration %s has wrong kind", name)
	}
	return d
}

// optDecl is nil (with no patch) for `null` or an absent key.
func (r *runner) optDecl(v string, given bool, kind string) decl {
	if !given || v == "null" {
		return decl{kind: kind}
	}
	return r.decl(v, kind)
}

// ---- native writes used by the patches ----------------------------------------

func off(name string) uintptr { return bridge.Offset(name) }

func at[T any](p unsafe.Pointer, o uintptr) *T { return (*T)(unsafe.Add(p, o)) }

func ptrAt(p unsafe.Pointer, o uintptr) unsafe.Pointer { return *at[unsafe.Pointer](p, o) }

// blobNull makes the FWP_BYTE_BLOB at p {n, NULL} (the builder left {0, NULL}).
func blobNull(p unsafe.Pointer, n uint32) { *at[uint32](p, off("FWP_BYTE_BLOB.size")) = n }

func join(fs ...func(unsafe.Pointer, int)) func(unsafe.Pointer, int) {
	var live []func(unsafe.Pointer, int)
	for _, f := range fs {
		if f != nil {
			live = append(live, f)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return func(p unsafe.Pointer, v int) {
		for _, f := range live {
			f(p, v)
		}
	}
}

// ---- declarations (FORMAT.md §3) ------------------------------------------------

func (r *runner) declare(kind, name string, a *args) {
	d := decl{kind: kind}
	switch kind {
	case "cond":
		d.val = fwpk.FilterCondition{FieldKey: tField.parse(a.req("field")),
			MatchType: fwpk.MatchType(tMatch.parse(a.req("match"))), ConditionValue: parseValue(a.req("value"))}
	case "filter":
		f := &fwpk.Filter{LayerKey: tLayer.parse(a.req("layer")), Weight: fwpk.EmptyValue()}
		f.Action.Type = fwpk.ActionType(tAction.parse(a.req("action")))
		if v, ok := a.get("callout"); ok {
			f.Action.CalloutKey = tCallout.parse(v) // one union natively
			f.Action.FilterType = f.Action.CalloutKey
		}
		var lie func(unsafe.Pointer, int)
		f.FilterCondition, lie = r.conds(a, "FWPM_FILTER0.numFilterConditions")
		if v := a.opt("name", name); v != "null" {
			f.DisplayData.Name = fwpk.Str(v)
		}
		f.Flags = uint32(num(a.opt("flags", "0")))
		if v, ok := a.get("weight"); ok {
			f.Weight = parseValue(v)
		}
		f.FilterKey = parseGUID(a.opt("key", "zero"))
		if v := a.opt("sublayer", "zero"); v == "UNIVERSAL" {
			f.SubLayerKey = fwpk.SublayerUniversal
		} else {
			f.SubLayerKey = parseGUID(v)
		}
		if v, ok := a.get("provider"); ok {
			g := parseGUID(v)
			f.ProviderKey = &g
		}
		var nullN uint32
		f.ProviderData, nullN = parseBlob(a.opt("pdata", "empty"))
		if nullN > 0 {
			lie = join(lie, func(p unsafe.Pointer, _ int) { blobNull(unsafe.Add(p, off("FWPM_FILTER0.providerData")), nullN) })
		}
		if v, ok := a.get("reserved"); ok {
			if v != "set" {
				fail("reserved=set")
			}
			f.Reserved = &fwpk.GUID{}
		}
		d.val, d.patch = f, lie
	case "ftmpl":
		t := &fwpk.FilterEnumTemplate{LayerKey: tLayer.parse(a.opt("layer", "zero")),
			EnumType: fwpk.FilterEnumType(tEnumType.parse(a.opt("enumtype", "FULLY_CONTAINED"))),
			Flags:    uint32(num(a.opt("flags", "0"))), ActionMask: uint32(num(a.opt("actionmask", "0xFFFFFFFF")))}
		t.FilterCondition, d.patch = r.conds(a, "FWPM_FILTER_ENUM_TEMPLATE0.numFilterConditions")
		if v, ok := a.get("callout"); ok {
			g := tCallout.parse(v)
			t.CalloutKey = &g
		}
		if v, ok := a.get("provider"); ok {
			g := parseGUID(v)
			t.ProviderKey = &g
		}
		if v, ok := a.get("pctx"); ok {
			if v != "set" {
				fail("pctx=set")
			}
			t.ProviderContextTemplate = &fwpk.ProviderContextEnumTemplate{}
		}
		d.val = t
	case "traffic":
		t := fwpk.Traffic{IPVersion: fwpk.IPVersion(tIPV.parse(a.req("v"))),
			TrafficType: fwpk.TrafficType(tTType.parse(a.opt("type", "TRANSPORT")))}
		v6 := t.IPVersion == fwpk.IPVersionV6
		if v, ok := a.get("local"); ok {
			if v6 {
				t.LocalAddress = netip.AddrFrom16(parseV6(v))
			} else {
				t.LocalAddress = fwpk.V4ToAddr(parseV4(v))
			}
		}
		if v, ok := a.get("remote"); ok {
			if v6 {
				t.RemoteAddress = netip.AddrFrom16(parseV6(v))
			} else {
				t.RemoteAddress = fwpk.V4ToAddr(parseV4(v))
			}
		}
		// ipsecFilterId and tunnelPolicyId are one union natively.
		if v, ok := a.get("filter"); ok {
			t.IpsecFilterID = r.id(v)
			t.TunnelPolicyID = t.IpsecFilterID
		}
		if v, ok := a.get("policy"); ok {
			t.TunnelPolicyID = r.id(v)
			t.IpsecFilterID = t.TunnelPolicyID
		}
		t.RemotePort = uint16(num(a.opt("rport", "0")))
		t.LocalPort = uint16(num(a.opt("lport", "0")))
		t.IPProtocol = uint8(num(a.opt("proto", "0")))
		t.LocalIfLuid = num(a.opt("luid", "0"))
		t.RealIfProfileID = uint32(num(a.opt("profile", "0")))
		d.val = t
	case "getspi":
		t := r.decl(a.req("traffic"), "traffic").val.(fwpk.Traffic)
		g := &fwpk.GetSpi{InboundIpsecTraffic: t, IPVersion: t.IPVersion}
		if v, ok := a.get("v"); ok {
			g.IPVersion = fwpk.IPVersion(tIPV.parse(v))
		}
		v, ok := a.get("udp")
		g.InboundUdpEncapsulation = parseUDP(v, ok)
		if v, ok := a.get("rng"); ok {
			if v != "set" {
				fail("rng=set")
			}
			g.RngCryptoModuleID = &fwpk.GUID{}
		}
		d.val = g
	case "sa":
		d.val, d.patch = r.declSa(a)
	case "bundle":
		d.val, d.patch = r.declBundle(a)
	case "details":
		t := r.decl(a.req("traffic"), "traffic").val.(fwpk.Traffic)
		b := r.decl(a.req("bundle"), "bundle")
		det := &fwpk.SaDetails{IPVersion: t.IPVersion, SaDirection: fwpk.Direction(tDir.parse(a.opt("dir", "OUT"))),
			Traffic: t, SaBundle: *b.val.(*fwpk.SaBundle)}
		if v, ok := a.get("v"); ok {
			det.IPVersion = fwpk.IPVersion(tIPV.parse(v))
		}
		v, ok := a.get("udp")
		det.UdpEncapsulation = parseUDP(v, ok)
		d.val = det
		if b.patch != nil { // p is the IPSEC_SA_DETAILS1
			d.patch = func(p unsafe.Pointer, _ int) { b.patch(unsafe.Add(p, off("IPSEC_SA_DETAILS1.saBundle")), 1) }
		}
	case "ctxval":
		c := &fwpk.SaContext{SaContextID: r.id(a.req("id"))}
		in, inOK := a.get("in")
		out, outOK := a.get("out")
		di, do := r.optDecl(in, inOK, "details"), r.optDecl(out, outOK, "details")
		if di.val != nil {
			c.InboundSa = di.val.(*fwpk.SaDetails)
		}
		if do.val != nil {
			c.OutboundSa = do.val.(*fwpk.SaDetails)
		}
		sub := func(dd decl, member string) func(unsafe.Pointer, int) {
			if dd.patch == nil {
				return nil
			}
			return func(p unsafe.Pointer, v int) { dd.patch(ptrAt(p, off(member)), v) }
		}
		d.val, d.patch = c, join(sub(di, "IPSEC_SA_CONTEXT1.inboundSa"), sub(do, "IPSEC_SA_CONTEXT1.outboundSa"))
	case "ctmpl":
		t := &fwpk.SaContextEnumTemplate{LocalSubNet: fwpk.EmptyValue(), RemoteSubNet: fwpk.EmptyValue()}
		if v, ok := a.get("local"); ok {
			t.LocalSubNet = parseValue(v)
		}
		if v, ok := a.get("remote"); ok {
			t.RemoteSubNet = parseValue(v)
		}
		d.val = t
	}
	r.decls[name] = d
}

// conds builds conds=/ncond=; a count that differs from the list is a lie
// written at the count member (countAt).
func (r *runner) conds(a *args, countAt string) ([]fwpk.FilterCondition, func(unsafe.Pointer, int)) {
	var cs []fwpk.FilterCondition
	if c, ok := a.get("conds"); ok && c != "null" && c != "none" {
		for _, n := range strings.Split(c, ",") {
			if n == "" {
				continue
			}
			cs = append(cs, r.decl(n, "cond").val.(fwpk.FilterCondition))
		}
	}
	nc, ok := a.get("ncond")
	if !ok {
		return cs, nil
	}
	n := uint32(num(nc))
	if int(n) == len(cs) {
		return cs, nil
	}
	return cs, func(p unsafe.Pointer, _ int) { *at[uint32](p, off(countAt)) = n }
}

func (r *runner) declSa(a *args) (fwpk.Sa, func(unsafe.Pointer, int)) {
	s := fwpk.Sa{SaTransformType: fwpk.TransformType(tXform.parse(a.req("type"))), Spi: uint32(r.id(a.req("spi")))}
	auth := &fwpk.SaAuthInformation{}
	authT := fwpk.AuthType(tAuth.parse(a.opt("auth", "SHA_1")))
	auth.AuthTransform.AuthTransformID = fwpk.AuthTransformID{AuthType: authT, AuthConfig: fwpk.AuthConfig(authT)}
	if v, ok := a.get("authcfg"); ok {
		auth.AuthTransform.AuthTransformID.AuthConfig = fwpk.AuthConfig(tAuthC.parse(v))
	}
	var akeyNull, ckeyNull uint32
	auth.AuthKey, akeyNull = parseBlob(a.opt("akey", "00112233445566778899aabbccddeeff"))
	if v, ok := a.get("amodule"); ok {
		if v != "set" {
			fail("amodule=set")
		}
		auth.AuthTransform.CryptoModuleID = &fwpk.GUID{}
	}
	ciph := &fwpk.SaCipherInformation{}
	ct := fwpk.CipherType(tCipher.parse(a.opt("cipher", "AES_128")))
	ciph.CipherTransform.CipherTransformID = fwpk.CipherTransformID{CipherType: ct, CipherConfig: fwpk.CipherConfig(ct)}
	if v, ok := a.get("ciphercfg"); ok {
		ciph.CipherTransform.CipherTransformID.CipherConfig = fwpk.CipherConfig(tCiphC.parse(v))
	}
	ciph.CipherKey, ckeyNull = parseBlob(a.opt("ckey", "ffeeddccbbaa99887766554433221100"))
	if v, ok := a.get("cmodule"); ok {
		if v != "set" {
			fail("cmodule=set")
		}
		ciph.CipherTransform.CryptoModuleID = &fwpk.GUID{}
	}
	// The lies: keys {N, NULL}, at the information the type selects.
	var authAt, cipherAt string
	switch s.SaTransformType {
	case fwpk.TransformAH:
		s.AhInformation = auth
		authAt = "IPSEC_SA_AUTH_INFORMATION0.authKey"
	case fwpk.TransformEspAuth:
		s.EspAuthInformation = auth
		authAt = "IPSEC_SA_AUTH_INFORMATION0.authKey"
	case fwpk.TransformEspAuthFw:
		s.EspAuthFwInformation = auth
		authAt = "IPSEC_SA_AUTH_INFORMATION0.authKey"
	case fwpk.TransformEspCipher:
		s.EspCipherInformation = ciph
		cipherAt = "IPSEC_SA_CIPHER_INFORMATION0.cipherKey"
	case fwpk.TransformEspAuthAndCipher:
		s.EspAuthAndCipherInformation = &fwpk.SaAuthAndCipherInformation{SaCipherInformation: *ciph, SaAuthInformation: *auth}
		authAt, cipherAt = "IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0.saAuthInformation", "IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0.saCipherInformation"
	default: // out-of-range type: a zeroed IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0
		s.EspAuthAndCipherInformation = &fwpk.SaAuthAndCipherInformation{}
	}
	if v, ok := a.get("info"); ok {
		if v != "null" {
			fail("info=null")
		}
		s = fwpk.Sa{SaTransformType: s.SaTransformType, Spi: s.Spi}
		authAt, cipherAt = "", ""
	}
	var lies []func(unsafe.Pointer, int)
	if akeyNull > 0 && authAt != "" {
		lies = append(lies, func(info unsafe.Pointer, _ int) {
			p := unsafe.Add(info, off(authAt))
			if s.SaTransformType == fwpk.TransformEspAuthAndCipher {
				p = unsafe.Add(p, off("IPSEC_SA_AUTH_INFORMATION0.authKey"))
			}
			blobNull(p, akeyNull)
		})
	}
	if ckeyNull > 0 && cipherAt != "" {
		lies = append(lies, func(info unsafe.Pointer, _ int) {
			p := unsafe.Add(info, off(cipherAt))
			if s.SaTransformType == fwpk.TransformEspAuthAndCipher {
				p = unsafe.Add(p, off("IPSEC_SA_CIPHER_INFORMATION0.cipherKey"))
			}
			blobNull(p, ckeyNull)
		})
	}
	lie := join(lies...)
	if lie == nil {
		return s, nil
	}
	// p is the IPSEC_SA0.
	return s, func(p unsafe.Pointer, v int) { lie(ptrAt(p, off("IPSEC_SA0.information")), v) }
}

func (r *runner) declBundle(a *args) (*fwpk.SaBundle, func(unsafe.Pointer, int)) {
	b := &fwpk.SaBundle{QmSaID: 1, IPVersion: fwpk.IPVersionV4}
	var lies []func(unsafe.Pointer, int)
	// Every lie gets the IPSEC_SA_BUNDLE0/1 and its version.
	member := func(v int, m string) uintptr {
		if v == 0 {
			return off("IPSEC_SA_BUNDLE0." + m)
		}
		return off("IPSEC_SA_BUNDLE1." + m)
	}
	sas := a.req("sas")
	if sas != "null" {
		for i, n := range strings.Split(sas, ",") {
			if n == "" {
				continue
			}
			d := r.decl(n, "sa")
			b.SaList = append(b.SaList, d.val.(fwpk.Sa))
			if d.patch != nil {
				i, patch := i, d.patch
				lies = append(lies, func(p unsafe.Pointer, v int) {
					patch(unsafe.Add(ptrAt(p, member(v, "saList")), uintptr(i)*off("IPSEC_SA0")), v)
				})
			}
		}
	}
	if v, ok := a.get("numsas"); ok {
		if n := uint32(num(v)); int(n) != len(b.SaList) {
			lies = append(lies, func(p unsafe.Pointer, v int) { *at[uint32](p, member(v, "numSAs")) = n })
		}
	}
	b.Flags = uint32(num(a.opt("flags", "0")))
	if v, ok := a.get("life"); ok {
		f := strings.Split(v, ":")
		if len(f) != 3 {
			fail("bad life")
		}
		b.Lifetime = fwpk.SaLifetime{LifetimeSeconds: uint32(num(f[0])), LifetimeKilobytes: uint32(num(f[1])), LifetimePackets: uint32(num(f[2]))}
	}
	b.IdleTimeoutSeconds = uint32(num(a.opt("idle", "0")))
	b.NdAllowClearTimeoutSeconds = uint32(num(a.opt("nd", "0")))
	b.NapContext = uint32(num(a.opt("nap", "0")))
	b.QmSaID = uint32(num(a.opt("qm", "1")))
	b.IPVersion = fwpk.IPVersion(tIPV.parse(a.opt("v", "V4")))
	if v, ok := a.get("peer4"); ok {
		b.PeerV4PrivateAddress = fwpk.V4ToAddr(parseV4(v))
	}
	b.MmSaID = num(a.opt("mmsa", "0"))
	b.PfsGroup = fwpk.PfsGroup(num(a.opt("pfs", "0")))
	_, ip := a.get("ipsecid")
	lg, lgOK := a.get("logon")
	tk, tkOK := a.get("tokens")
	if ip || lgOK || tkOK {
		b.IpsecID = &fwpk.IpsecID{}
		if lgOK {
			b.IpsecID.LogonID = num(lg)
		}
		if tkOK {
			if strings.HasPrefix(tk, "null:") {
				if n := uint32(num(tk[5:])); n > 0 { // numTokens = N, tokens = NULL
					lies = append(lies, func(p unsafe.Pointer, v int) {
						*at[uint32](ptrAt(p, member(v, "ipsecId")), off("IPSEC_ID0.numTokens")) = n
					})
				}
			} else {
				f := strings.Split(tk, ":")
				if len(f) != 3 {
					fail("bad tokens")
				}
				b.IpsecID.Tokens = []fwpk.Token{{Type: fwpk.TokenType(num(f[0])), Principal: fwpk.TokenPrincipal(num(f[1])), Mode: fwpk.TokenMode(num(f[2]))}}
			}
		}
	}
	if v, ok := a.get("keymod"); ok {
		blob, nullN := parseBlob(v)
		b.KeyModuleState = &fwpk.KeyModuleState{StateBlob: blob}
		if nullN > 0 {
			lies = append(lies, func(p unsafe.Pointer, v int) {
				blobNull(unsafe.Add(ptrAt(p, member(v, "keyModuleState")), off("IPSEC_KEYMODULE_STATE0.stateBlob")), nullN)
			})
		}
	}
	return b, join(lies...)
}
