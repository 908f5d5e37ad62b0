package fwpk_test

import (
	"net/netip"
	"testing"

	"fwpkclnt/bindings/go/fwpk"
)

// v6Filter adds a transport filter on an IPv6 layer matching 2001:db8::/32 (built from a netip.Prefix).
func v6Filter(t *testing.T, e *fwpk.Engine, layer, callout fwpk.GUID) uint64 {
	t.Helper()
	id, err := e.AddFilter(&fwpk.Filter{DisplayData: fwpk.DisplayData{Name: fwpk.Str("v6")}, LayerKey: layer,
		Action: fwpk.Action{Type: fwpk.ActionCalloutTerminating, CalloutKey: callout},
		FilterCondition: []fwpk.FilterCondition{{FieldKey: fwpk.ConditionIpRemoteAddress, MatchType: fwpk.MatchEqual,
			ConditionValue: fwpk.Prefix(netip.MustParsePrefix("2001:db8::/32"))}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.DeleteFilter(id) })
	return id
}

// IPv6 keying through the netip helpers: Traffic.SetAddresses picks the V6
// union members and IpVersion from the addresses' family, so the inbound SA
// reads back with the IPv6 addresses.
func TestGetSpiIPv6AddressesFromNetip(t *testing.T) {
	e, err := fwpk.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	fo := v6Filter(t, e, fwpk.LayerOutboundTransportV6, fwpk.CalloutIpsecOutboundTransportV6)
	fi := v6Filter(t, e, fwpk.LayerInboundTransportV6, fwpk.CalloutIpsecInboundTransportV6)
	local, remote := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	out := fwpk.Traffic{IpsecFilterId: fo}
	out.SetAddresses(local, remote)
	if out.IpVersion != fwpk.IpVersionV6 || out.LocalAddress() != local || out.RemoteAddress() != remote {
		t.Fatalf("SetAddresses: %v", out)
	}
	_, id, err := e.CreateSaContext(&out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.DeleteSaContext(id)
	in := fwpk.Traffic{IpsecFilterId: fi}
	in.SetAddresses(local, remote)
	spi, err := e.GetSpi(id, &fwpk.GetSpi{InboundIpsecTraffic: in, IpVersion: fwpk.IpVersionV6})
	if err != nil {
		t.Fatal(err)
	}
	b := fwpk.SaBundle{QmSaId: 1, IpVersion: fwpk.IpVersionV6, SaList: espSa(spi), Lifetime: fwpk.SaLifetime{LifetimeSeconds: 60}}
	if err := e.AddInbound(id, &b); err != nil {
		t.Fatal(err)
	}
	c, err := e.GetSaContext(id)
	if err != nil {
		t.Fatal(err)
	}
	got := c.InboundSa.Traffic
	if got.IpVersion != fwpk.IpVersionV6 || got.LocalAddress() != local || got.RemoteAddress() != remote {
		t.Fatalf("inbound traffic = %v, want V6 %v > %v", got, local, remote)
	}
	if o := c.OutboundSa; o != nil {
		t.Fatalf("no outbound bundle was added, got %+v", o)
	}
}

// As C keying code does, only the GETSPI says IPv6: the inbound traffic's own
// IpVersion is left 0 (V4).  The GETSPI's selects the traffic's address fields
// (annotations.toml [select]), so the IPv6 addresses reach the engine.
func TestGetSpiIPv6SetOnlyOnTheGetSpiSendsTheV6Addresses(t *testing.T) {
	e, err := fwpk.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	fo := v6Filter(t, e, fwpk.LayerOutboundTransportV6, fwpk.CalloutIpsecOutboundTransportV6)
	fi := v6Filter(t, e, fwpk.LayerInboundTransportV6, fwpk.CalloutIpsecInboundTransportV6)
	local, remote := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	out := fwpk.Traffic{IpsecFilterId: fo}
	out.SetAddresses(local, remote)
	_, id, err := e.CreateSaContext(&out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.DeleteSaContext(id)
	in := fwpk.Traffic{LocalV6Address: local.As16(), RemoteV6Address: remote.As16(), IpsecFilterId: fi}
	spi, err := e.GetSpi(id, &fwpk.GetSpi{InboundIpsecTraffic: in, IpVersion: fwpk.IpVersionV6})
	if err != nil {
		t.Fatal(err)
	}
	b := fwpk.SaBundle{QmSaId: 1, IpVersion: fwpk.IpVersionV6, SaList: espSa(spi), Lifetime: fwpk.SaLifetime{LifetimeSeconds: 60}}
	if err := e.AddInbound(id, &b); err != nil {
		t.Fatal(err)
	}
	c, err := e.GetSaContext(id)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.InboundSa.Traffic; got.IpVersion != fwpk.IpVersionV6 || got.LocalAddress() != local || got.RemoteAddress() != remote {
		t.Fatalf("inbound traffic = %v, want V6 %v > %v", got, local, remote)
	}

	out0 := fwpk.Traffic0{IpVersion: fwpk.IpVersionV6, LocalV6Address: local.As16(), RemoteV6Address: remote.As16(), IpsecFilterId: fo}
	_, id0, err := e.CreateSaContext0(&out0)
	if err != nil {
		t.Fatal(err)
	}
	defer e.DeleteSaContext(id0)
	in0 := fwpk.Traffic0{LocalV6Address: local.As16(), RemoteV6Address: remote.As16(), IpsecFilterId: fi}
	spi0, err := e.GetSpi0(id0, &fwpk.GetSpi0{InboundIpsecTraffic: in0, IpVersion: fwpk.IpVersionV6})
	if err != nil {
		t.Fatal(err)
	}
	b0 := fwpk.SaBundle0{QmSaId: 1, IpVersion: fwpk.IpVersionV6, SaList: espSa(spi0)}
	if err := e.AddInbound0(id0, &b0); err != nil {
		t.Fatal(err)
	}
	c0, err := e.GetSaContext0(id0)
	if err != nil {
		t.Fatal(err)
	}
	if got := c0.InboundSa.Traffic.RemoteV6Address; got != remote.As16() {
		t.Fatalf("version 0 inbound remote = %x, want %v", got, remote)
	}
}

func TestAddressConversionsAtTheBoundary(t *testing.T) {
	a := netip.MustParseAddr("10.1.2.3")
	if v := fwpk.AddrToV4(a); v != 0x0A010203 {
		t.Fatalf("AddrToV4 = %#x", v)
	}
	if fwpk.V4ToAddr(0x0A010203) != a || fwpk.AddrToV4(netip.MustParseAddr("::ffff:10.1.2.3")) != 0x0A010203 {
		t.Fatal("V4ToAddr / mapped round trip")
	}
	if fwpk.AddrToV4(netip.MustParseAddr("2001:db8::1")) != 0 || fwpk.AddrToV4(netip.Addr{}) != 0 {
		t.Fatal("AddrToV4 of a non-IPv4 address is not 0")
	}
	v := fwpk.Prefix(netip.MustParsePrefix("10.0.0.0/8"))
	if v.Type != fwpk.V4AddrMask || *v.V4AddrMask != (fwpk.V4AddrAndMask{Addr: 0x0A000000, Mask: 0xFF000000}) {
		t.Fatalf("Prefix(10.0.0.0/8) = %+v", v.V4AddrMask)
	}
	if p, ok := v.V4AddrMask.Prefix(); !ok || p != netip.MustParsePrefix("10.0.0.0/8") {
		t.Fatalf("V4AddrAndMask.Prefix = %v %v", p, ok)
	}
	if z := fwpk.Prefix(netip.MustParsePrefix("0.0.0.0/0")); z.V4AddrMask.Mask != 0 {
		t.Fatalf("/0 mask = %#x", z.V4AddrMask.Mask)
	}
	if _, ok := (fwpk.V4AddrAndMask{Addr: 1, Mask: 0xFF00FF00}).Prefix(); ok {
		t.Fatal("a non-contiguous mask became a prefix")
	}
	v6 := fwpk.Prefix(netip.MustParsePrefix("2001:db8::/32"))
	if v6.Type != fwpk.V6AddrMask || v6.V6AddrMask.PrefixLength != 32 || v6.V6AddrMask.Addr[1] != 0x01 {
		t.Fatalf("Prefix(2001:db8::/32) = %+v", v6.V6AddrMask)
	}
	if _, ok := (fwpk.V6AddrAndMask{PrefixLength: 129}).Prefix(); ok {
		t.Fatal("prefix length 129 became a prefix")
	}
	if x := fwpk.Addr(a); x.Type != fwpk.Uint32 || x.Uint32 != 0x0A010203 {
		t.Fatalf("Addr(v4) = %+v", x)
	}
	if x := fwpk.Addr(netip.MustParseAddr("2001:db8::1")); x.Type != fwpk.ByteArray16Type || x.ByteArray16[15] != 1 {
		t.Fatalf("Addr(v6) = %+v", x)
	}
}
