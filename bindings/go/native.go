package fwpk

// Conversions between the Go value types and the native structures.  Input
// structures are built in C memory (an arena freed after the call), so no Go
// pointer is ever handed to C.  Returned blocks are read in place while the
// generated wrapper keeps them alive, then freed by it.

/*
#include <stdlib.h>
#include <stddef.h>
#include <fwpmk.h>

enum {
	OFF_VALUE_U      = offsetof(FWP_CONDITION_VALUE0, uint8),
	OFF_ACTION_U     = offsetof(FWPM_ACTION0, calloutKey),
	OFF_FILTER_CTX   = offsetof(FWPM_FILTER0, rawContext),
	OFF_SA_INFO      = offsetof(IPSEC_SA0, ahInformation),
	OFF_BUNDLE_PEER4 = offsetof(IPSEC_SA_BUNDLE0, peerV4PrivateAddress),
	OFF_TR_LOCAL     = offsetof(IPSEC_TRAFFIC0, localV4Address),
	OFF_TR_REMOTE    = offsetof(IPSEC_TRAFFIC0, remoteV4Address),
	OFF_TR_ID        = offsetof(IPSEC_TRAFFIC0, ipsecFilterId),
	OFF_GETSPI0_UDP  = offsetof(IPSEC_GETSPI0, inboundUdpEncapsulation),
	OFF_GETSPI1_UDP  = offsetof(IPSEC_GETSPI1, inboundUdpEncapsulation),
	OFF_DET0_UDP     = offsetof(IPSEC_SA_DETAILS0, udpEncapsulation),
	OFF_DET1_UDP     = offsetof(IPSEC_SA_DETAILS1, udpEncapsulation),
	SIZEOF_WCHAR     = sizeof(wchar_t),
};
*/
import "C"

import (
	"net/netip"
	"unsafe"
)

// ---- arena ------------------------------------------------------------------

type arena struct{ blocks []unsafe.Pointer }

func (a *arena) alloc(n uintptr) unsafe.Pointer {
	if n == 0 {
		n = 1
	}
	p := C.calloc(1, C.size_t(n))
	if p == nil {
		panic("fwpk: out of C memory")
	}
	a.blocks = append(a.blocks, p)
	return p
}

func (a *arena) free() {
	for _, p := range a.blocks {
		C.free(p)
	}
	a.blocks = nil
}

func at[T any](base unsafe.Pointer, off uintptr) *T { return (*T)(unsafe.Add(base, off)) }

func newC[T any](a *arena) *T {
	var z T
	return (*T)(a.alloc(unsafe.Sizeof(z)))
}

func newArr[T any](a *arena, n int) *T {
	var z T
	return (*T)(a.alloc(unsafe.Sizeof(z) * uintptr(n)))
}

func (a *arena) guidPtr(g *GUID) *C.GUID {
	if g == nil {
		return nil
	}
	p := newC[C.GUID](a)
	*p = g.toC()
	return p
}

func guidPtrFromC(p *C.GUID) *GUID {
	if p == nil {
		return nil
	}
	g := guidFromC(*p)
	return &g
}

// wstr makes a NUL-terminated wchar_t string (UTF-32 on Linux); nil → NULL.
func (a *arena) wstr(s *string) *C.wchar_t {
	if s == nil {
		return nil
	}
	r := []rune(*s)
	p := a.alloc(uintptr(len(r)+1) * C.SIZEOF_WCHAR)
	ws := unsafe.Slice((*C.wchar_t)(p), len(r)+1)
	for i, c := range r {
		ws[i] = C.wchar_t(c)
	}
	return (*C.wchar_t)(p)
}

// WString builds a wchar_t string in C memory owned by the arena (internal use).
func goWstr(p *C.wchar_t) *string {
	if p == nil {
		return nil
	}
	n := 0
	for *(*C.wchar_t)(unsafe.Add(unsafe.Pointer(p), uintptr(n)*C.SIZEOF_WCHAR)) != 0 {
		n++
	}
	ws := unsafe.Slice(p, n)
	r := make([]rune, n)
	for i, c := range ws {
		r[i] = rune(c)
	}
	s := string(r)
	return &s
}

func (a *arena) bytes(b []byte) *C.UINT8 {
	if len(b) == 0 {
		return nil
	}
	p := a.alloc(uintptr(len(b)))
	copy(unsafe.Slice((*byte)(p), len(b)), b)
	return (*C.UINT8)(p)
}

func (a *arena) blob(b []byte) C.FWP_BYTE_BLOB {
	return C.FWP_BYTE_BLOB{size: C.UINT32(len(b)), data: a.bytes(b)}
}

func goBlob(b *C.FWP_BYTE_BLOB) []byte {
	if b.data == nil || b.size == 0 {
		if b.size == 0 {
			return []byte{}
		}
		return nil
	}
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(b.data)), int(b.size))...)
}

// ---- values -----------------------------------------------------------------

func newVal[T any](a *arena, v T) unsafe.Pointer {
	p := newC[T](a)
	*p = v
	return unsafe.Pointer(p)
}

// fillValue writes v into an FWP_VALUE0 or FWP_CONDITION_VALUE0 (same layout
// for the members they share).
func (a *arena) fillValue(dst unsafe.Pointer, v *Value) {
	cv := (*C.FWP_CONDITION_VALUE0)(dst)
	cv._type = C.FWP_DATA_TYPE(v.Type)
	u := unsafe.Add(dst, C.OFF_VALUE_U)
	setP := func(p unsafe.Pointer) { *(*unsafe.Pointer)(u) = p }
	switch v.Type {
	case C.FWP_UINT8, C.FWP_BITMAP_INDEX_TYPE:
		*(*uint8)(u) = v.Uint8
	case C.FWP_UINT16:
		*(*uint16)(u) = v.Uint16
	case C.FWP_UINT32:
		*(*uint32)(u) = v.Uint32
	case C.FWP_INT8:
		*(*int8)(u) = v.Int8
	case C.FWP_INT16:
		*(*int16)(u) = v.Int16
	case C.FWP_INT32:
		*(*int32)(u) = v.Int32
	case C.FWP_FLOAT:
		*(*float32)(u) = v.Float32
	case C.FWP_UINT64:
		if v.Uint64 != nil {
			setP(newVal(a, *v.Uint64))
		}
	case C.FWP_INT64:
		if v.Int64 != nil {
			setP(newVal(a, *v.Int64))
		}
	case C.FWP_DOUBLE:
		if v.Double64 != nil {
			setP(newVal(a, *v.Double64))
		}
	case C.FWP_BYTE_ARRAY16_TYPE:
		if v.ByteArray16 != nil {
			setP(newVal(a, *v.ByteArray16))
		}
	case C.FWP_BYTE_ARRAY6_TYPE:
		if v.ByteArray6 != nil {
			setP(newVal(a, *v.ByteArray6))
		}
	case C.FWP_BITMAP_ARRAY64_TYPE:
		if v.BitmapArray64 != nil {
			setP(newVal(a, *v.BitmapArray64))
		}
	case C.FWP_BYTE_BLOB_TYPE, C.FWP_SECURITY_DESCRIPTOR_TYPE, C.FWP_TOKEN_ACCESS_INFORMATION_TYPE:
		if v.ByteBlob != nil {
			setP(newVal(a, a.blob(v.ByteBlob)))
		}
	case C.FWP_UNICODE_STRING_TYPE:
		setP(unsafe.Pointer(a.wstr(v.UnicodeString)))
	case C.FWP_V4_ADDR_MASK:
		if v.V4AddrMask != nil {
			setP(newVal(a, C.FWP_V4_ADDR_AND_MASK{addr: C.UINT32(v.V4AddrMask.Addr), mask: C.UINT32(v.V4AddrMask.Mask)}))
		}
	case C.FWP_V6_ADDR_MASK:
		if v.V6AddrMask != nil {
			m := newC[C.FWP_V6_ADDR_AND_MASK](a)
			for i, b := range v.V6AddrMask.Addr {
				m.addr[i] = C.UINT8(b)
			}
			m.prefixLength = C.UINT8(v.V6AddrMask.PrefixLength)
			setP(unsafe.Pointer(m))
		}
	case C.FWP_RANGE_TYPE:
		if v.RangeValue != nil {
			r := newC[C.FWP_RANGE0](a)
			a.fillValue(unsafe.Pointer(&r.valueLow), &v.RangeValue.ValueLow)
			a.fillValue(unsafe.Pointer(&r.valueHigh), &v.RangeValue.ValueHigh)
			setP(unsafe.Pointer(r))
		}
	}
}

func goValue(src unsafe.Pointer) Value {
	cv := (*C.FWP_CONDITION_VALUE0)(src)
	v := Value{Type: DataType(cv._type)}
	u := unsafe.Add(src, C.OFF_VALUE_U)
	p := *(*unsafe.Pointer)(u)
	switch cv._type {
	case C.FWP_UINT8, C.FWP_BITMAP_INDEX_TYPE:
		v.Uint8 = *(*uint8)(u)
	case C.FWP_UINT16:
		v.Uint16 = *(*uint16)(u)
	case C.FWP_UINT32:
		v.Uint32 = *(*uint32)(u)
	case C.FWP_INT8:
		v.Int8 = *(*int8)(u)
	case C.FWP_INT16:
		v.Int16 = *(*int16)(u)
	case C.FWP_INT32:
		v.Int32 = *(*int32)(u)
	case C.FWP_FLOAT:
		v.Float32 = *(*float32)(u)
	case C.FWP_UINT64:
		if p != nil {
			x := *(*uint64)(p)
			v.Uint64 = &x
		}
	case C.FWP_INT64:
		if p != nil {
			x := *(*int64)(p)
			v.Int64 = &x
		}
	case C.FWP_DOUBLE:
		if p != nil {
			x := *(*float64)(p)
			v.Double64 = &x
		}
	case C.FWP_BYTE_ARRAY16_TYPE:
		if p != nil {
			x := *(*[16]byte)(p)
			v.ByteArray16 = &x
		}
	case C.FWP_BYTE_ARRAY6_TYPE:
		if p != nil {
			x := *(*[6]byte)(p)
			v.ByteArray6 = &x
		}
	case C.FWP_BITMAP_ARRAY64_TYPE:
		if p != nil {
			x := *(*[8]byte)(p)
			v.BitmapArray64 = &x
		}
	case C.FWP_BYTE_BLOB_TYPE, C.FWP_SECURITY_DESCRIPTOR_TYPE, C.FWP_TOKEN_ACCESS_INFORMATION_TYPE:
		if p != nil {
			v.ByteBlob = goBlob((*C.FWP_BYTE_BLOB)(p))
		}
	case C.FWP_UNICODE_STRING_TYPE:
		v.UnicodeString = goWstr((*C.wchar_t)(p))
	case C.FWP_V4_ADDR_MASK:
		if p != nil {
			m := (*C.FWP_V4_ADDR_AND_MASK)(p)
			v.V4AddrMask = &V4AddrAndMask{uint32(m.addr), uint32(m.mask)}
		}
	case C.FWP_V6_ADDR_MASK:
		if p != nil {
			m := (*C.FWP_V6_ADDR_AND_MASK)(p)
			x := &V6AddrAndMask{PrefixLength: uint8(m.prefixLength)}
			for i := range x.Addr {
				x.Addr[i] = byte(m.addr[i])
			}
			v.V6AddrMask = x
		}
	case C.FWP_RANGE_TYPE:
		if p != nil {
			r := (*C.FWP_RANGE0)(p)
			v.RangeValue = &Range{goValue(unsafe.Pointer(&r.valueLow)), goValue(unsafe.Pointer(&r.valueHigh))}
		}
	}
	return v
}

// ---- sessions ---------------------------------------------------------------

func (a *arena) session(s *Session) *C.FWPM_SESSION0 {
	if s == nil {
		return nil
	}
	c := newC[C.FWPM_SESSION0](a)
	c.sessionKey = s.SessionKey.toC()
	c.displayData.name = a.wstr(s.DisplayData.Name)
	c.displayData.description = a.wstr(s.DisplayData.Description)
	c.flags = C.UINT32(s.Flags)
	c.txnWaitTimeoutInMSec = C.UINT32(s.TxnWaitTimeoutInMSec)
	c.processId = C.DWORD(s.ProcessID)
	c.username = a.wstr(s.Username)
	if s.KernelMode {
		c.kernelMode = 1
	}
	return c
}

func goSession(c *C.FWPM_SESSION0) Session {
	return Session{
		SessionKey:           guidFromC(c.sessionKey),
		DisplayData:          DisplayData{goWstr(c.displayData.name), goWstr(c.displayData.description)},
		Flags:                uint32(c.flags),
		TxnWaitTimeoutInMSec: uint32(c.txnWaitTimeoutInMSec),
		ProcessID:            uint32(c.processId),
		Username:             goWstr(c.username),
		KernelMode:           c.kernelMode != 0,
	}
}

// ---- filters ------------------------------------------------------------------

func (a *arena) conditions(cs []FilterCondition) (*C.FWPM_FILTER_CONDITION0, C.UINT32) {
	if len(cs) == 0 {
		return nil, 0
	}
	arr := newArr[C.FWPM_FILTER_CONDITION0](a, len(cs))
	s := unsafe.Slice(arr, len(cs))
	for i := range cs {
		s[i].fieldKey = cs[i].FieldKey.toC()
		s[i].matchType = C.FWP_MATCH_TYPE(cs[i].MatchType)
		a.fillValue(unsafe.Pointer(&s[i].conditionValue), &cs[i].ConditionValue)
	}
	return arr, C.UINT32(len(cs))
}

func goConditions(p *C.FWPM_FILTER_CONDITION0, n C.UINT32) []FilterCondition {
	if p == nil || n == 0 {
		return nil
	}
	s := unsafe.Slice(p, int(n))
	r := make([]FilterCondition, len(s))
	for i := range s {
		r[i] = FilterCondition{guidFromC(s[i].fieldKey), MatchType(s[i].matchType), goValue(unsafe.Pointer(&s[i].conditionValue))}
	}
	return r
}

func (a *arena) filter(f *Filter) *C.FWPM_FILTER0 {
	if f == nil {
		return nil
	}
	c := newC[C.FWPM_FILTER0](a)
	base := unsafe.Pointer(c)
	c.filterKey = f.FilterKey.toC()
	c.displayData.name = a.wstr(f.DisplayData.Name)
	c.displayData.description = a.wstr(f.DisplayData.Description)
	c.flags = C.UINT32(f.Flags)
	c.providerKey = a.guidPtr(f.ProviderKey)
	c.providerData = a.blob(f.ProviderData)
	c.layerKey = f.LayerKey.toC()
	c.subLayerKey = f.SubLayerKey.toC()
	a.fillValue(unsafe.Pointer(&c.weight), &f.Weight)
	c.filterCondition, c.numFilterConditions = a.conditions(f.FilterCondition)
	c.action._type = C.FWP_ACTION_TYPE(f.Action.Type)
	actU := at[C.GUID](unsafe.Pointer(&c.action), C.OFF_ACTION_U)
	if f.Action.Type&ActionFlagCallout != 0 {
		*actU = f.Action.CalloutKey.toC()
	} else {
		*actU = f.Action.FilterType.toC()
	}
	if !f.ProviderContextKey.IsZero() {
		*at[C.GUID](base, C.OFF_FILTER_CTX) = f.ProviderContextKey.toC()
	} else {
		*at[uint64](base, C.OFF_FILTER_CTX) = f.RawContext
	}
	c.reserved = a.guidPtr(f.Reserved)
	c.filterId = C.UINT64(f.FilterID)
	a.fillValue(unsafe.Pointer(&c.effectiveWeight), &f.EffectiveWeight)
	return c
}

func goFilter(c *C.FWPM_FILTER0) *Filter {
	if c == nil {
		return nil
	}
	base := unsafe.Pointer(c)
	f := &Filter{
		FilterKey:       guidFromC(c.filterKey),
		DisplayData:     DisplayData{goWstr(c.displayData.name), goWstr(c.displayData.description)},
		Flags:           uint32(c.flags),
		ProviderKey:     guidPtrFromC(c.providerKey),
		ProviderData:    goBlob(&c.providerData),
		LayerKey:        guidFromC(c.layerKey),
		SubLayerKey:     guidFromC(c.subLayerKey),
		Weight:          goValue(unsafe.Pointer(&c.weight)),
		FilterCondition: goConditions(c.filterCondition, c.numFilterConditions),
		Reserved:        guidPtrFromC(c.reserved),
		FilterID:        uint64(c.filterId),
		EffectiveWeight: goValue(unsafe.Pointer(&c.effectiveWeight)),
	}
	f.Action.Type = ActionType(c.action._type)
	g := guidFromC(*at[C.GUID](unsafe.Pointer(&c.action), C.OFF_ACTION_U))
	if f.Action.Type&ActionFlagCallout != 0 {
		f.Action.CalloutKey = g
	} else {
		f.Action.FilterType = g
	}
	f.RawContext = *at[uint64](base, C.OFF_FILTER_CTX)
	return f
}

func (a *arena) filterTemplate(t *FilterEnumTemplate) *C.FWPM_FILTER_ENUM_TEMPLATE0 {
	if t == nil {
		return nil
	}
	c := newC[C.FWPM_FILTER_ENUM_TEMPLATE0](a)
	c.providerKey = a.guidPtr(t.ProviderKey)
	c.layerKey = t.LayerKey.toC()
	c.enumType = C.FWP_FILTER_ENUM_TYPE(t.EnumType)
	c.flags = C.UINT32(t.Flags)
	if t.ProviderContextTemplate != nil {
		p := newC[C.FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0](a)
		p.providerKey = a.guidPtr(t.ProviderContextTemplate.ProviderKey)
		p.providerContextType = C.FWPM_PROVIDER_CONTEXT_TYPE(t.ProviderContextTemplate.ProviderContextType)
		c.providerContextTemplate = p
	}
	c.filterCondition, c.numFilterConditions = a.conditions(t.FilterCondition)
	c.actionMask = C.UINT32(t.ActionMask)
	c.calloutKey = a.guidPtr(t.CalloutKey)
	return c
}

// ---- traffic ------------------------------------------------------------------

// fillTraffic writes an IPSEC_TRAFFIC0 (v1=false) or IPSEC_TRAFFIC1.
func fillTraffic(dst unsafe.Pointer, t *Traffic, v1 bool) {
	c := (*C.IPSEC_TRAFFIC0)(dst)
	c.ipVersion = C.FWP_IP_VERSION(t.IPVersion)
	// Each address by its own family, not t.IPVersion: see Traffic.
	putAddr(dst, C.OFF_TR_LOCAL, t.LocalAddress)
	putAddr(dst, C.OFF_TR_REMOTE, t.RemoteAddress)
	c.trafficType = C.IPSEC_TRAFFIC_TYPE(t.TrafficType)
	if t.TrafficType == TrafficTypeTunnel {
		*at[uint64](dst, C.OFF_TR_ID) = t.TunnelPolicyID
	} else {
		*at[uint64](dst, C.OFF_TR_ID) = t.IpsecFilterID
	}
	c.remotePort = C.UINT16(t.RemotePort)
	if v1 {
		c1 := (*C.IPSEC_TRAFFIC1)(dst)
		c1.localPort = C.UINT16(t.LocalPort)
		c1.ipProtocol = C.UINT8(t.IPProtocol)
		c1.localIfLuid = C.UINT64(t.LocalIfLuid)
		c1.realIfProfileId = C.UINT32(t.RealIfProfileID)
	}
}

// putAddr writes a into the V4/V6 union at off: 4 host-order bytes for IPv4,
// 16 for IPv6, zeros for the zero Addr.
func putAddr(dst unsafe.Pointer, off uintptr, a netip.Addr) {
	switch {
	case a.Is4():
		*at[uint32](dst, off) = AddrToV4(a)
	case a.Is6():
		*at[[16]byte](dst, off) = a.As16()
	default:
		*at[[16]byte](dst, off) = [16]byte{}
	}
}

func goTraffic(src unsafe.Pointer, v1 bool) Traffic {
	c := (*C.IPSEC_TRAFFIC0)(src)
	t := Traffic{IPVersion: IPVersion(c.ipVersion), TrafficType: TrafficType(c.trafficType), RemotePort: uint16(c.remotePort)}
	if t.IPVersion == IPVersionV6 {
		t.LocalAddress = netip.AddrFrom16(*at[[16]byte](src, C.OFF_TR_LOCAL))
		t.RemoteAddress = netip.AddrFrom16(*at[[16]byte](src, C.OFF_TR_REMOTE))
	} else {
		t.LocalAddress = V4ToAddr(*at[uint32](src, C.OFF_TR_LOCAL))
		t.RemoteAddress = V4ToAddr(*at[uint32](src, C.OFF_TR_REMOTE))
	}
	id := *at[uint64](src, C.OFF_TR_ID)
	if t.TrafficType == TrafficTypeTunnel {
		t.TunnelPolicyID = id
	} else {
		t.IpsecFilterID = id
	}
	if v1 {
		c1 := (*C.IPSEC_TRAFFIC1)(src)
		t.LocalPort = uint16(c1.localPort)
		t.IPProtocol = uint8(c1.ipProtocol)
		t.LocalIfLuid = uint64(c1.localIfLuid)
		t.RealIfProfileID = uint32(c1.realIfProfileId)
	}
	return t
}

func (a *arena) traffic0(t *Traffic) *C.IPSEC_TRAFFIC0 {
	if t == nil {
		return nil
	}
	c := newC[C.IPSEC_TRAFFIC0](a)
	fillTraffic(unsafe.Pointer(c), t, false)
	return c
}

func (a *arena) traffic1(t *Traffic) *C.IPSEC_TRAFFIC1 {
	if t == nil {
		return nil
	}
	c := newC[C.IPSEC_TRAFFIC1](a)
	fillTraffic(unsafe.Pointer(c), t, true)
	return c
}

func (a *arena) udp(u *V4UdpEncapsulation) unsafe.Pointer {
	if u == nil {
		return nil
	}
	return newVal(a, C.IPSEC_V4_UDP_ENCAPSULATION0{localUdpEncapPort: C.UINT16(u.LocalUdpEncapPort), remoteUdpEncapPort: C.UINT16(u.RemoteUdpEncapPort)})
}

func goUdp(p unsafe.Pointer) *V4UdpEncapsulation {
	if p == nil {
		return nil
	}
	c := (*C.IPSEC_V4_UDP_ENCAPSULATION0)(p)
	return &V4UdpEncapsulation{uint16(c.localUdpEncapPort), uint16(c.remoteUdpEncapPort)}
}

func (a *arena) getSpi0(g *GetSpi) *C.IPSEC_GETSPI0 {
	if g == nil {
		return nil
	}
	c := newC[C.IPSEC_GETSPI0](a)
	fillTraffic(unsafe.Pointer(&c.inboundIpsecTraffic), &g.InboundIpsecTraffic, false)
	c.ipVersion = C.FWP_IP_VERSION(g.IPVersion)
	*at[unsafe.Pointer](unsafe.Pointer(c), C.OFF_GETSPI0_UDP) = a.udp(g.InboundUdpEncapsulation)
	c.rngCryptoModuleID = a.guidPtr(g.RngCryptoModuleID)
	return c
}

func (a *arena) getSpi1(g *GetSpi) *C.IPSEC_GETSPI1 {
	if g == nil {
		return nil
	}
	c := newC[C.IPSEC_GETSPI1](a)
	fillTraffic(unsafe.Pointer(&c.inboundIpsecTraffic), &g.InboundIpsecTraffic, true)
	c.ipVersion = C.FWP_IP_VERSION(g.IPVersion)
	*at[unsafe.Pointer](unsafe.Pointer(c), C.OFF_GETSPI1_UDP) = a.udp(g.InboundUdpEncapsulation)
	c.rngCryptoModuleID = a.guidPtr(g.RngCryptoModuleID)
	return c
}

// ---- SAs and bundles ------------------------------------------------------------

func (a *arena) authInfo(s *SaAuthInformation, dst *C.IPSEC_SA_AUTH_INFORMATION0) {
	dst.authTransform.authTransformId.authType = C.IPSEC_AUTH_TYPE(s.AuthTransform.AuthTransformID.AuthType)
	dst.authTransform.authTransformId.authConfig = C.IPSEC_AUTH_CONFIG(s.AuthTransform.AuthTransformID.AuthConfig)
	dst.authTransform.cryptoModuleId = (*C.IPSEC_CRYPTO_MODULE_ID)(a.guidPtr(s.AuthTransform.CryptoModuleID))
	dst.authKey = a.blob(s.AuthKey)
}

func (a *arena) cipherInfo(s *SaCipherInformation, dst *C.IPSEC_SA_CIPHER_INFORMATION0) {
	dst.cipherTransform.cipherTransformId.cipherType = C.IPSEC_CIPHER_TYPE(s.CipherTransform.CipherTransformID.CipherType)
	dst.cipherTransform.cipherTransformId.cipherConfig = C.IPSEC_CIPHER_CONFIG(s.CipherTransform.CipherTransformID.CipherConfig)
	dst.cipherTransform.cryptoModuleId = (*C.IPSEC_CRYPTO_MODULE_ID)(a.guidPtr(s.CipherTransform.CryptoModuleID))
	dst.cipherKey = a.blob(s.CipherKey)
}

func goAuthInfo(c *C.IPSEC_SA_AUTH_INFORMATION0) *SaAuthInformation {
	return &SaAuthInformation{
		AuthTransform: AuthTransform{
			AuthTransformID: AuthTransformID{AuthType(c.authTransform.authTransformId.authType), AuthConfig(c.authTransform.authTransformId.authConfig)},
			CryptoModuleID:  guidPtrFromC((*C.GUID)(c.authTransform.cryptoModuleId)),
		},
		AuthKey: goBlob(&c.authKey),
	}
}

func goCipherInfo(c *C.IPSEC_SA_CIPHER_INFORMATION0) *SaCipherInformation {
	return &SaCipherInformation{
		CipherTransform: CipherTransform{
			CipherTransformID: CipherTransformID{CipherType(c.cipherTransform.cipherTransformId.cipherType), CipherConfig(c.cipherTransform.cipherTransformId.cipherConfig)},
			CryptoModuleID:    guidPtrFromC((*C.GUID)(c.cipherTransform.cryptoModuleId)),
		},
		CipherKey: goBlob(&c.cipherKey),
	}
}

func (a *arena) sa(s *Sa, dst *C.IPSEC_SA0) {
	dst.spi = C.IPSEC_SA_SPI(s.Spi)
	dst.saTransformType = C.IPSEC_TRANSFORM_TYPE(s.SaTransformType)
	var info unsafe.Pointer
	auth := func(x *SaAuthInformation) {
		if x != nil {
			p := newC[C.IPSEC_SA_AUTH_INFORMATION0](a)
			a.authInfo(x, p)
			info = unsafe.Pointer(p)
		}
	}
	switch s.SaTransformType {
	case TransformAH:
		auth(s.AhInformation)
	case TransformEspAuth:
		auth(s.EspAuthInformation)
	case TransformEspAuthFw:
		auth(s.EspAuthFwInformation)
	case TransformEspCipher:
		if s.EspCipherInformation != nil {
			p := newC[C.IPSEC_SA_CIPHER_INFORMATION0](a)
			a.cipherInfo(s.EspCipherInformation, p)
			info = unsafe.Pointer(p)
		}
	default: // ESP_AUTH_AND_CIPHER, and out-of-range types (a zeroed structure)
		if x := s.EspAuthAndCipherInformation; x != nil {
			p := newC[C.IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0](a)
			a.cipherInfo(&x.SaCipherInformation, &p.saCipherInformation)
			a.authInfo(&x.SaAuthInformation, &p.saAuthInformation)
			info = unsafe.Pointer(p)
		}
	}
	*at[unsafe.Pointer](unsafe.Pointer(dst), C.OFF_SA_INFO) = info
}

func goSa(c *C.IPSEC_SA0) Sa {
	s := Sa{Spi: uint32(c.spi), SaTransformType: TransformType(c.saTransformType)}
	info := *at[unsafe.Pointer](unsafe.Pointer(c), C.OFF_SA_INFO)
	if info == nil {
		return s
	}
	switch s.SaTransformType {
	case TransformAH:
		s.AhInformation = goAuthInfo((*C.IPSEC_SA_AUTH_INFORMATION0)(info))
	case TransformEspAuth:
		s.EspAuthInformation = goAuthInfo((*C.IPSEC_SA_AUTH_INFORMATION0)(info))
	case TransformEspAuthFw:
		s.EspAuthFwInformation = goAuthInfo((*C.IPSEC_SA_AUTH_INFORMATION0)(info))
	case TransformEspCipher:
		s.EspCipherInformation = goCipherInfo((*C.IPSEC_SA_CIPHER_INFORMATION0)(info))
	case TransformEspAuthAndCipher:
		p := (*C.IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0)(info)
		s.EspAuthAndCipherInformation = &SaAuthAndCipherInformation{*goCipherInfo(&p.saCipherInformation), *goAuthInfo(&p.saAuthInformation)}
	}
	return s
}

// fillBundle writes an IPSEC_SA_BUNDLE0 (v1=false) or IPSEC_SA_BUNDLE1.
func (a *arena) fillBundle(dst unsafe.Pointer, b *SaBundle, v1 bool) {
	c := (*C.IPSEC_SA_BUNDLE0)(dst)
	c.flags = C.UINT32(b.Flags)
	c.lifetime.lifetimeSeconds = C.UINT32(b.Lifetime.LifetimeSeconds)
	c.lifetime.lifetimeKilobytes = C.UINT32(b.Lifetime.LifetimeKilobytes)
	c.lifetime.lifetimePackets = C.UINT32(b.Lifetime.LifetimePackets)
	c.idleTimeoutSeconds = C.UINT32(b.IdleTimeoutSeconds)
	c.ndAllowClearTimeoutSeconds = C.UINT32(b.NdAllowClearTimeoutSeconds)
	if id := b.IpsecID; id != nil {
		p := newC[C.IPSEC_ID0](a)
		p.mmTargetName = a.wstr(id.MmTargetName)
		p.emTargetName = a.wstr(id.EmTargetName)
		p.numTokens = C.UINT32(len(id.Tokens))
		if len(id.Tokens) > 0 {
			arr := newArr[C.IPSEC_TOKEN0](a, len(id.Tokens))
			s := unsafe.Slice(arr, len(id.Tokens))
			for i, t := range id.Tokens {
				s[i]._type = C.IPSEC_TOKEN_TYPE(t.Type)
				s[i].principal = C.IPSEC_TOKEN_PRINCIPAL(t.Principal)
				s[i].mode = C.IPSEC_TOKEN_MODE(t.Mode)
				s[i].token = C.IPSEC_TOKEN_HANDLE(t.Token)
			}
			p.tokens = arr
		}
		p.explicitCredentials = C.UINT64(id.ExplicitCredentials)
		p.logonId = C.UINT64(id.LogonID)
		c.ipsecId = p
	}
	c.napContext = C.UINT32(b.NapContext)
	c.qmSaId = C.UINT32(b.QmSaID)
	c.numSAs = C.UINT32(len(b.SaList))
	if len(b.SaList) > 0 {
		arr := newArr[C.IPSEC_SA0](a, len(b.SaList))
		s := unsafe.Slice(arr, len(b.SaList))
		for i := range b.SaList {
			a.sa(&b.SaList[i], &s[i])
		}
		c.saList = arr
	}
	if k := b.KeyModuleState; k != nil {
		p := newC[C.IPSEC_KEYMODULE_STATE0](a)
		p.keyModuleKey = k.KeyModuleKey.toC()
		p.stateBlob = a.blob(k.StateBlob)
		c.keyModuleState = p
	}
	c.ipVersion = C.FWP_IP_VERSION(b.IPVersion)
	*at[uint32](dst, C.OFF_BUNDLE_PEER4) = AddrToV4(b.PeerV4PrivateAddress)
	c.mmSaId = C.UINT64(b.MmSaID)
	c.pfsGroup = C.IPSEC_PFS_GROUP(b.PfsGroup)
	if v1 {
		c1 := (*C.IPSEC_SA_BUNDLE1)(dst)
		c1.saLookupContext = b.SaLookupContext.toC()
		c1.qmFilterId = C.UINT64(b.QmFilterID)
	}
}

func goBundle(src unsafe.Pointer, v1 bool) SaBundle {
	c := (*C.IPSEC_SA_BUNDLE0)(src)
	b := SaBundle{
		Flags:                      uint32(c.flags),
		Lifetime:                   SaLifetime{uint32(c.lifetime.lifetimeSeconds), uint32(c.lifetime.lifetimeKilobytes), uint32(c.lifetime.lifetimePackets)},
		IdleTimeoutSeconds:         uint32(c.idleTimeoutSeconds),
		NdAllowClearTimeoutSeconds: uint32(c.ndAllowClearTimeoutSeconds),
		NapContext:                 uint32(c.napContext),
		QmSaID:                     uint32(c.qmSaId),
		IPVersion:                  IPVersion(c.ipVersion),
		PeerV4PrivateAddress:       V4ToAddr(*at[uint32](src, C.OFF_BUNDLE_PEER4)),
		MmSaID:                     uint64(c.mmSaId),
		PfsGroup:                   PfsGroup(c.pfsGroup),
	}
	if id := c.ipsecId; id != nil {
		x := &IpsecID{MmTargetName: goWstr(id.mmTargetName), EmTargetName: goWstr(id.emTargetName),
			ExplicitCredentials: uint64(id.explicitCredentials), LogonID: uint64(id.logonId)}
		if id.tokens != nil && id.numTokens > 0 {
			for _, t := range unsafe.Slice(id.tokens, int(id.numTokens)) {
				x.Tokens = append(x.Tokens, Token{TokenType(t._type), TokenPrincipal(t.principal), TokenMode(t.mode), uint64(t.token)})
			}
		}
		b.IpsecID = x
	}
	if c.saList != nil && c.numSAs > 0 {
		s := unsafe.Slice(c.saList, int(c.numSAs))
		b.SaList = make([]Sa, len(s))
		for i := range s {
			b.SaList[i] = goSa(&s[i])
		}
	}
	if k := c.keyModuleState; k != nil {
		b.KeyModuleState = &KeyModuleState{guidFromC(k.keyModuleKey), goBlob(&k.stateBlob)}
	}
	if v1 {
		c1 := (*C.IPSEC_SA_BUNDLE1)(src)
		b.SaLookupContext = guidFromC(c1.saLookupContext)
		b.QmFilterID = uint64(c1.qmFilterId)
	}
	return b
}

func (a *arena) bundle0(b *SaBundle) *C.IPSEC_SA_BUNDLE0 {
	if b == nil {
		return nil
	}
	c := newC[C.IPSEC_SA_BUNDLE0](a)
	a.fillBundle(unsafe.Pointer(c), b, false)
	return c
}

func (a *arena) bundle1(b *SaBundle) *C.IPSEC_SA_BUNDLE1 {
	if b == nil {
		return nil
	}
	c := newC[C.IPSEC_SA_BUNDLE1](a)
	a.fillBundle(unsafe.Pointer(c), b, true)
	return c
}

// ---- details and contexts -----------------------------------------------------

func goDetails0(c *C.IPSEC_SA_DETAILS0) *SaDetails {
	if c == nil {
		return nil
	}
	return &SaDetails{
		IPVersion:        IPVersion(c.ipVersion),
		SaDirection:      Direction(c.saDirection),
		Traffic:          goTraffic(unsafe.Pointer(&c.traffic), false),
		SaBundle:         goBundle(unsafe.Pointer(&c.saBundle), false),
		UdpEncapsulation: goUdp(*at[unsafe.Pointer](unsafe.Pointer(c), C.OFF_DET0_UDP)),
		TransportFilter:  goFilter((*C.FWPM_FILTER0)(unsafe.Pointer(c.transportFilter))),
	}
}

func goDetails1(c *C.IPSEC_SA_DETAILS1) *SaDetails {
	if c == nil {
		return nil
	}
	return &SaDetails{
		IPVersion:           IPVersion(c.ipVersion),
		SaDirection:         Direction(c.saDirection),
		Traffic:             goTraffic(unsafe.Pointer(&c.traffic), true),
		SaBundle:            goBundle(unsafe.Pointer(&c.saBundle), true),
		UdpEncapsulation:    goUdp(*at[unsafe.Pointer](unsafe.Pointer(c), C.OFF_DET1_UDP)),
		TransportFilter:     goFilter((*C.FWPM_FILTER0)(unsafe.Pointer(c.transportFilter))),
		VirtualIfTunnelInfo: VirtualIfTunnelInfo{uint64(c.virtualIfTunnelInfo.virtualIfTunnelId), uint64(c.virtualIfTunnelInfo.trafficSelectorId)},
	}
}

func (a *arena) details1(d *SaDetails) *C.IPSEC_SA_DETAILS1 {
	if d == nil {
		return nil
	}
	c := newC[C.IPSEC_SA_DETAILS1](a)
	c.ipVersion = C.FWP_IP_VERSION(d.IPVersion)
	c.saDirection = C.FWP_DIRECTION(d.SaDirection)
	fillTraffic(unsafe.Pointer(&c.traffic), &d.Traffic, true)
	a.fillBundle(unsafe.Pointer(&c.saBundle), &d.SaBundle, true)
	*at[unsafe.Pointer](unsafe.Pointer(c), C.OFF_DET1_UDP) = a.udp(d.UdpEncapsulation)
	c.transportFilter = (*C.struct_FWPM_FILTER0_)(unsafe.Pointer(a.filter(d.TransportFilter)))
	c.virtualIfTunnelInfo.virtualIfTunnelId = C.UINT64(d.VirtualIfTunnelInfo.VirtualIfTunnelID)
	c.virtualIfTunnelInfo.trafficSelectorId = C.UINT64(d.VirtualIfTunnelInfo.TrafficSelectorID)
	return c
}

func (a *arena) context1(s *SaContext) *C.IPSEC_SA_CONTEXT1 {
	if s == nil {
		return nil
	}
	c := newC[C.IPSEC_SA_CONTEXT1](a)
	c.saContextId = C.UINT64(s.SaContextID)
	c.inboundSa = a.details1(s.InboundSa)
	c.outboundSa = a.details1(s.OutboundSa)
	return c
}

func goContext0(c *C.IPSEC_SA_CONTEXT0) SaContext {
	return SaContext{uint64(c.saContextId), goDetails0(c.inboundSa), goDetails0(c.outboundSa)}
}

func goContext1(c *C.IPSEC_SA_CONTEXT1) SaContext {
	return SaContext{uint64(c.saContextId), goDetails1(c.inboundSa), goDetails1(c.outboundSa)}
}

// ---- templates and statistics ------------------------------------------------------

func (a *arena) ctxTemplate(t *SaContextEnumTemplate) *C.IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 {
	if t == nil {
		return nil
	}
	c := newC[C.IPSEC_SA_CONTEXT_ENUM_TEMPLATE0](a)
	a.fillValue(unsafe.Pointer(&c.localSubNet), &t.LocalSubNet)
	a.fillValue(unsafe.Pointer(&c.remoteSubNet), &t.RemoteSubNet)
	return c
}

func goStatistics(c *C.IPSEC_STATISTICS1, v1 bool) Statistics {
	// IPSEC_STATISTICS0 and 1 differ after espDrop/ahDrop; read each by its own type.
	var s Statistics
	ag := &c.aggregateSaStatistics
	s.AggregateSaStatistics = AggregateSaStatistics{uint32(ag.activeSas), uint32(ag.pendingSaNegotiations), uint32(ag.totalSasAdded),
		uint32(ag.totalSasDeleted), uint32(ag.successfulRekeys), uint32(ag.activeTunnels), uint32(ag.offloadedSas)}
	e := &c.espDropPacketStatistics
	s.EspDropPacketStatistics = EspDropPacketStatistics{uint32(e.invalidSpisOnInbound), uint32(e.decryptionFailuresOnInbound),
		uint32(e.authenticationFailuresOnInbound), uint32(e.replayCheckFailuresOnInbound), uint32(e.saNotInitializedOnInbound)}
	h := &c.ahDropPacketStatistics
	s.AhDropPacketStatistics = AhDropPacketStatistics{uint32(h.invalidSpisOnInbound), uint32(h.authenticationFailuresOnInbound),
		uint32(h.replayCheckFailuresOnInbound), uint32(h.saNotInitializedOnInbound)}
	if v1 {
		d := &c.aggregateDropPacketStatistics
		s.AggregateDropPacketStatistics = AggregateDropPacketStatistics{uint32(d.invalidSpisOnInbound), uint32(d.decryptionFailuresOnInbound),
			uint32(d.authenticationFailuresOnInbound), uint32(d.udpEspValidationFailuresOnInbound), uint32(d.replayCheckFailuresOnInbound),
			uint32(d.invalidClearTextInbound), uint32(d.saNotInitializedOnInbound), uint32(d.receiveOverIncorrectSaInbound),
			uint32(d.secureReceivesNotMatchingFilters), uint32(d.totalDropPacketsInbound)}
		tr := func(t *C.IPSEC_TRAFFIC_STATISTICS1) TrafficStatistics {
			return TrafficStatistics{uint64(t.encryptedByteCount), uint64(t.authenticatedAHByteCount), uint64(t.authenticatedESPByteCount),
				uint64(t.transportByteCount), uint64(t.tunnelByteCount), uint64(t.offloadByteCount), uint64(t.totalSuccessfulPackets)}
		}
		s.InboundTrafficStatistics = tr(&c.inboundTrafficStatistics)
		s.OutboundTrafficStatistics = tr(&c.outboundTrafficStatistics)
		return s
	}
	c0 := (*C.IPSEC_STATISTICS0)(unsafe.Pointer(c))
	d := &c0.aggregateDropPacketStatistics
	s.AggregateDropPacketStatistics = AggregateDropPacketStatistics{uint32(d.invalidSpisOnInbound), uint32(d.decryptionFailuresOnInbound),
		uint32(d.authenticationFailuresOnInbound), uint32(d.udpEspValidationFailuresOnInbound), uint32(d.replayCheckFailuresOnInbound),
		uint32(d.invalidClearTextInbound), uint32(d.saNotInitializedOnInbound), uint32(d.receiveOverIncorrectSaInbound),
		uint32(d.secureReceivesNotMatchingFilters), 0}
	tr := func(t *C.IPSEC_TRAFFIC_STATISTICS0) TrafficStatistics {
		return TrafficStatistics{uint64(t.encryptedByteCount), uint64(t.authenticatedAHByteCount), uint64(t.authenticatedESPByteCount),
			uint64(t.transportByteCount), uint64(t.tunnelByteCount), uint64(t.offloadByteCount), 0}
	}
	s.InboundTrafficStatistics = tr(&c0.inboundTrafficStatistics)
	s.OutboundTrafficStatistics = tr(&c0.outboundTrafficStatistics)
	return s
}
