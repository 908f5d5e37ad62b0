package main

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"fwpkclnt/bindings/go/fwpk"
)

// printID prints a filter id, context id or SPI by variable name (§5.2).
func (r *runner) printID(kind varKind, v uint64) string {
	if v == 0 {
		return "0"
	}
	for _, x := range r.vars {
		if x.kind == kind && x.val == v {
			return x.name
		}
	}
	if kind == vkSpi {
		return strconv.FormatUint(v, 10)
	}
	return "?"
}

// key prints a GUID key: a literal of the scenario, zero or gen.
func (r *runner) key(g fwpk.GUID) string {
	if g.IsZero() {
		return "zero"
	}
	for _, l := range r.lits {
		if l == g {
			return "guid:" + g.String()
		}
	}
	return "gen"
}

func (r *runner) guidNamed(t guidTable, g fwpk.GUID) string {
	for _, e := range t {
		if e.g == g {
			return e.n
		}
	}
	return r.key(g)
}

func v4(a uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", a>>24, (a>>16)&255, (a>>8)&255, a&255)
}

func hexs(b []byte) string { return fmt.Sprintf("%x", b) }

func blob(b []byte) string {
	if b == nil {
		return "null:?" // {size>0, NULL} (the size is not kept by fwpk)
	}
	if len(b) == 0 {
		return "empty"
	}
	return hexs(b)
}

// value prints a condition value (also a range bound, single=true: types
// past FWP_SINGLE_DATA_TYPE_MAX print as type:N).
func value(v fwpk.Value, isAddr, single bool) string {
	if single && v.Type > 0xff {
		return fmt.Sprintf("type:%d", v.Type)
	}
	switch v.Type {
	case fwpk.Empty:
		return "empty"
	case fwpk.Uint8Type:
		return fmt.Sprintf("u8:%d", v.Uint8)
	case fwpk.Uint16Type:
		return fmt.Sprintf("u16:%d", v.Uint16)
	case fwpk.Uint32Type:
		if isAddr {
			return "v4:" + v4(v.Uint32)
		}
		return fmt.Sprintf("u32:%d", v.Uint32)
	case fwpk.Uint64Type:
		if v.Uint64 == nil {
			return "null:u64"
		}
		return fmt.Sprintf("u64:%d", *v.Uint64)
	case fwpk.ByteArray16Type:
		if v.ByteArray16 == nil {
			return "null:v6"
		}
		return "v6:" + hexs(v.ByteArray16[:])
	case fwpk.V4AddrMaskType:
		if v.V4AddrMask == nil {
			return "null:v4mask"
		}
		return "v4mask:" + v4(v.V4AddrMask.Addr) + "/" + v4(v.V4AddrMask.Mask)
	case fwpk.V6AddrMaskType:
		if v.V6AddrMask == nil {
			return "null:v6mask"
		}
		return fmt.Sprintf("v6mask:%s/%d", hexs(v.V6AddrMask.Addr[:]), v.V6AddrMask.PrefixLength)
	case fwpk.RangeType:
		if v.RangeValue == nil {
			return "null:range"
		}
		return "range:" + value(v.RangeValue.ValueLow, isAddr, true) + ".." + value(v.RangeValue.ValueHigh, isAddr, true)
	}
	return fmt.Sprintf("type:%d", v.Type)
}

// filter prints FwpmFilterGetBy*0 results (§5.3).
func (r *runner) filter(f *fwpk.Filter) string {
	var b strings.Builder
	name := "null"
	if f.DisplayData.Name != nil {
		name = *f.DisplayData.Name
	}
	fmt.Fprintf(&b, " id=%s key=%s name=%s flags=%d layer=%s action=%s", r.printID(vkFilter, f.FilterID),
		r.key(f.FilterKey), name, f.Flags, r.guidNamed(tLayer, f.LayerKey), tAction.name(uint64(f.Action.Type)))
	if f.Action.Type&fwpk.ActionFlagCallout != 0 {
		b.WriteString(" callout=" + r.guidNamed(tCallout, f.Action.CalloutKey))
	}
	w := f.EffectiveWeight
	switch {
	case w.Type == fwpk.Uint64Type && w.Uint64 != nil:
		fmt.Fprintf(&b, " eweight=u64:%d", *w.Uint64)
	case w.Type == fwpk.Empty:
		b.WriteString(" eweight=empty")
	default:
		fmt.Fprintf(&b, " eweight=type:%d", w.Type)
	}
	b.WriteString(" conds=[")
	for i, c := range f.FilterCondition {
		if i > 0 {
			b.WriteString(",")
		}
		isAddr := c.FieldKey == fwpk.ConditionIPLocalAddress || c.FieldKey == fwpk.ConditionIPRemoteAddress
		fmt.Fprintf(&b, "%s/%s/%s", r.guidNamed(tField, c.FieldKey), tMatch.name(uint64(c.MatchType)), value(c.ConditionValue, isAddr, false))
	}
	b.WriteString("]")
	return b.String()
}

func addr(v fwpk.IPVersion, a netip.Addr) string {
	if v == fwpk.IPVersionV6 {
		a6 := a.As16()
		return hexs(a6[:])
	}
	return v4(fwpk.AddrToV4(a))
}

func (r *runner) traffic(t *fwpk.Traffic, v1 bool) string {
	s := tIPV.name(uint64(t.IPVersion)) + "/" + tTType.name(uint64(t.TrafficType)) + "/" +
		addr(t.IPVersion, t.LocalAddress) + ">" + addr(t.IPVersion, t.RemoteAddress)
	if t.TrafficType == fwpk.TrafficTypeTunnel {
		s += fmt.Sprintf("/policy=%d", t.TunnelPolicyID)
	} else {
		s += "/f=" + r.printID(vkFilter, t.IpsecFilterID)
	}
	s += fmt.Sprintf("/rport=%d", t.RemotePort)
	if v1 {
		s += fmt.Sprintf("/lport=%d/proto=%d/luid=%d/profile=%d", t.LocalPort, t.IPProtocol, t.LocalIfLuid, t.RealIfProfileID)
	}
	return s
}

func auth(ai *fwpk.SaAuthInformation) string {
	if ai == nil {
		return ":auth=null"
	}
	id := ai.AuthTransform.AuthTransformID
	return ":auth=" + tAuth.name(uint64(id.AuthType)) + "/" + tAuthC.name(uint64(id.AuthConfig)) + ":akey=" + blob(ai.AuthKey)
}

func cipher(ci *fwpk.SaCipherInformation) string {
	if ci == nil {
		return ":cipher=null"
	}
	id := ci.CipherTransform.CipherTransformID
	return ":cipher=" + tCipher.name(uint64(id.CipherType)) + "/" + tCiphC.name(uint64(id.CipherConfig)) + ":ckey=" + blob(ci.CipherKey)
}

func (r *runner) sa(s *fwpk.Sa) string {
	out := tXform.name(uint64(s.SaTransformType)) + ":spi=" + r.printID(vkSpi, uint64(s.Spi))
	switch s.SaTransformType {
	case fwpk.TransformAH:
		out += auth(s.AhInformation)
	case fwpk.TransformEspAuth:
		out += auth(s.EspAuthInformation)
	case fwpk.TransformEspAuthFw:
		out += auth(s.EspAuthFwInformation)
	case fwpk.TransformEspCipher:
		out += cipher(s.EspCipherInformation)
	case fwpk.TransformEspAuthAndCipher:
		if x := s.EspAuthAndCipherInformation; x == nil {
			out += ":auth=null:cipher=null"
		} else {
			out += auth(&x.SaAuthInformation) + cipher(&x.SaCipherInformation)
		}
	}
	return out
}

func (r *runner) bundle(b *fwpk.SaBundle) string {
	id, km := "none", "none"
	if b.IpsecID != nil {
		id = "set"
	}
	if b.KeyModuleState != nil {
		km = blob(b.KeyModuleState.StateBlob)
	}
	sas := make([]string, len(b.SaList))
	for i := range b.SaList {
		sas[i] = r.sa(&b.SaList[i])
	}
	l := b.Lifetime
	return fmt.Sprintf("(flags=%d,life=%d:%d:%d,idle=%d,nd=%d,id=%s,nap=%d,qm=%d,km=%s,v=%s,peer4=%s,mmsa=%d,pfs=%d,sas=[%s])",
		b.Flags, l.LifetimeSeconds, l.LifetimeKilobytes, l.LifetimePackets, b.IdleTimeoutSeconds, b.NdAllowClearTimeoutSeconds,
		id, b.NapContext, b.QmSaID, km, tIPV.name(uint64(b.IPVersion)), v4(fwpk.AddrToV4(b.PeerV4PrivateAddress)), b.MmSaID, b.PfsGroup,
		strings.Join(sas, "+"))
}

// details prints an SA context's inbound / outbound side (§5.3).
func (r *runner) details(d *fwpk.SaDetails, v1 bool) string {
	if d == nil {
		return "null"
	}
	udp, filt := "null", "null"
	if u := d.UdpEncapsulation; u != nil {
		udp = fmt.Sprintf("%d:%d", u.LocalUdpEncapPort, u.RemoteUdpEncapPort)
	}
	if d.TransportFilter != nil {
		filt = r.printID(vkFilter, d.TransportFilter.FilterID)
	}
	s := fmt.Sprintf("{v=%s,dir=%s,traffic=%s,udp=%s,filter=%s,bundle=%s", tIPV.name(uint64(d.IPVersion)),
		tDir.name(uint64(d.SaDirection)), r.traffic(&d.Traffic, v1), udp, filt, r.bundle(&d.SaBundle))
	if v1 {
		s += fmt.Sprintf(",vif=%d:%d", d.VirtualIfTunnelInfo.VirtualIfTunnelID, d.VirtualIfTunnelInfo.TrafficSelectorID)
	}
	return s + "}"
}

// entry prints one enumeration entry.
func (r *runner) entry(e any) string {
	switch x := e.(type) {
	case fwpk.Session:
		name := "null"
		if x.DisplayData.Name != nil {
			name = *x.DisplayData.Name
		}
		pid := strconv.FormatUint(uint64(x.ProcessID), 10)
		if int(x.ProcessID) == os.Getpid() {
			pid = "self"
		}
		kernel := 0
		if x.KernelMode {
			kernel = 1
		}
		return fmt.Sprintf("{name=%s,flags=%d,timeout=%d,key=%s,pid=%s,kernel=%d}", name, x.Flags, x.TxnWaitTimeoutInMSec, r.key(x.SessionKey), pid, kernel)
	case fwpk.Filter:
		return r.printID(vkFilter, x.FilterID)
	case fwpk.SaContext:
		io := []byte("--")
		if x.InboundSa != nil {
			io[0] = 'i'
		}
		if x.OutboundSa != nil {
			io[1] = 'o'
		}
		return r.printID(vkCtx, x.SaContextID) + ":" + string(io)
	case fwpk.SaDetails:
		dir := map[fwpk.Direction]string{fwpk.DirectionInbound: "in", fwpk.DirectionOutbound: "out"}[x.SaDirection]
		if dir == "" {
			dir = strconv.FormatUint(uint64(x.SaDirection), 10)
		}
		spis := make([]string, len(x.SaBundle.SaList))
		for i, s := range x.SaBundle.SaList {
			spis[i] = r.printID(vkSpi, uint64(s.Spi))
		}
		return dir + ":" + strings.Join(spis, "+")
	}
	panic(fmt.Sprintf("unexpected entry %T", e))
}

func (r *runner) statistics(s *fwpk.Statistics) string {
	ag := s.AggregateSaStatistics
	rest := *s
	rest.AggregateSaStatistics = fwpk.AggregateSaStatistics{}
	counters := "zero"
	if rest != (fwpk.Statistics{}) {
		counters = "nonzero"
	}
	return fmt.Sprintf(" active=%d pending=%d added=%d deleted=%d rekeys=%d tunnels=%d offloaded=%d counters=%s",
		ag.ActiveSas, ag.PendingSaNegotiations, ag.TotalSasAdded-r.baseAdded, ag.TotalSasDeleted-r.baseDeleted,
		ag.SuccessfulRekeys, ag.ActiveTunnels, ag.OffloadedSas, counters)
}
