package fwpk

// netip helpers over the generated value types, which keep the C members
// (host-order uint32 for IPv4, 16 bytes for IPv6; which union arm counts is
// the structure's IpVersion, as in C).

import "net/netip"

// V4ToAddr is the address of a host-order IPv4 integer (the C members' form).
func V4ToAddr(a uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
}

// AddrToV4 is the host-order integer of an IPv4 (or IPv4-mapped) address, 0 otherwise.
func AddrToV4(a netip.Addr) uint32 {
	if !a.Unmap().Is4() {
		return 0
	}
	b := a.Unmap().As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// addrPair sets the V4/V6 arms of a traffic structure from two addresses of
// one family and returns the IpVersion that selects them.
func addrPair(local, remote netip.Addr, l4, r4 *uint32, l6, r6 *[16]byte) IpVersion {
	if local.Is6() && !local.Is4In6() || remote.Is6() && !remote.Is4In6() {
		*l6, *r6 = local.As16(), remote.As16()
		return IpVersionV6
	}
	*l4, *r4 = AddrToV4(local), AddrToV4(remote)
	return IpVersionV4
}

func addrOf(v IpVersion, a4 uint32, a6 [16]byte) netip.Addr {
	if v == IpVersionV6 {
		return netip.AddrFrom16(a6)
	}
	return V4ToAddr(a4)
}

// SetAddresses sets IpVersion from the addresses' family (IPv6 if either is
// IPv6) and the matching local/remote union members.
func (t *Traffic) SetAddresses(local, remote netip.Addr) {
	t.IpVersion = addrPair(local, remote, &t.LocalV4Address, &t.RemoteV4Address, &t.LocalV6Address, &t.RemoteV6Address)
}

// LocalAddress is the local address IpVersion selects (V6: the 16 bytes, else IPv4).
func (t Traffic) LocalAddress() netip.Addr {
	return addrOf(t.IpVersion, t.LocalV4Address, t.LocalV6Address)
}

// RemoteAddress is the remote address IpVersion selects.
func (t Traffic) RemoteAddress() netip.Addr {
	return addrOf(t.IpVersion, t.RemoteV4Address, t.RemoteV6Address)
}

// SetAddresses: as Traffic.SetAddresses (version 0 of the structure).
func (t *Traffic0) SetAddresses(local, remote netip.Addr) {
	t.IpVersion = addrPair(local, remote, &t.LocalV4Address, &t.RemoteV4Address, &t.LocalV6Address, &t.RemoteV6Address)
}

// LocalAddress: as Traffic.LocalAddress.
func (t Traffic0) LocalAddress() netip.Addr {
	return addrOf(t.IpVersion, t.LocalV4Address, t.LocalV6Address)
}

// RemoteAddress: as Traffic.RemoteAddress.
func (t Traffic0) RemoteAddress() netip.Addr {
	return addrOf(t.IpVersion, t.RemoteV4Address, t.RemoteV6Address)
}

// Addr is a condition value matching one address (FWP_UINT32 host order, or
// FWP_BYTE_ARRAY16_TYPE).
func Addr(a netip.Addr) ConditionValue {
	if a.Unmap().Is4() {
		return ConditionValue{Type: Uint32, Uint32: AddrToV4(a)}
	}
	b := a.As16()
	return ConditionValue{Type: ByteArray16Type, ByteArray16: &b}
}

// Prefix is a condition value matching a subnet (FWP_V4_ADDR_MASK or FWP_V6_ADDR_MASK).
func Prefix(p netip.Prefix) ConditionValue {
	if p.Addr().Unmap().Is4() {
		bits := p.Bits()
		if p.Addr().Is4In6() {
			bits -= 96
		}
		return V4Mask(AddrToV4(p.Addr()), ^uint32(0)<<(32-uint(bits)))
	}
	return ConditionValue{Type: V6AddrMask, V6AddrMask: &V6AddrAndMask{Addr: p.Addr().As16(), PrefixLength: uint8(p.Bits())}}
}

// V4Mask is a FWP_V4_ADDR_MASK condition value from host-order integers (any
// mask, also one no prefix can hold: the engine answers FWP_E_INVALID_NET_MASK).
func V4Mask(addr, mask uint32) ConditionValue {
	return ConditionValue{Type: V4AddrMask, V4AddrMask: &V4AddrAndMask{Addr: addr, Mask: mask}}
}

// Prefix converts back; ok is false for a mask that is not a prefix.
func (m V4AddrAndMask) Prefix() (p netip.Prefix, ok bool) {
	bits := 0
	for x := m.Mask; x&0x80000000 != 0; x <<= 1 {
		bits++
	}
	if bits < 32 && m.Mask != ^uint32(0)<<(32-uint(bits)) || bits == 0 && m.Mask != 0 {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(V4ToAddr(m.Addr), bits), true
}

// Prefix converts back; ok is false for a prefix length over 128.
func (m V6AddrAndMask) Prefix() (p netip.Prefix, ok bool) {
	if m.PrefixLength > 128 {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(netip.AddrFrom16(m.Addr), int(m.PrefixLength)), true
}
