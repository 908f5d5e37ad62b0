package fwpk

/*
#include <fwpmk.h>

// The GUIDs are static const in the header: expose them through functions.
#define FWPKGO_GUID(n) static GUID get_##n(void) { return n; }
FWPKGO_GUID(FWPM_LAYER_INBOUND_TRANSPORT_V4)
FWPKGO_GUID(FWPM_LAYER_INBOUND_TRANSPORT_V6)
FWPKGO_GUID(FWPM_LAYER_OUTBOUND_TRANSPORT_V4)
FWPKGO_GUID(FWPM_LAYER_OUTBOUND_TRANSPORT_V6)
FWPKGO_GUID(FWPM_LAYER_IPSEC_V4)
FWPKGO_GUID(FWPM_LAYER_IPSEC_V6)
FWPKGO_GUID(FWPM_LAYER_IKEEXT_V4)
FWPKGO_GUID(FWPM_LAYER_IKEEXT_V6)
FWPKGO_GUID(FWPM_SUBLAYER_UNIVERSAL)
FWPKGO_GUID(FWPM_CONDITION_IP_LOCAL_ADDRESS)
FWPKGO_GUID(FWPM_CONDITION_IP_REMOTE_ADDRESS)
FWPKGO_GUID(FWPM_CONDITION_IP_LOCAL_PORT)
FWPKGO_GUID(FWPM_CONDITION_IP_REMOTE_PORT)
FWPKGO_GUID(FWPM_CONDITION_IP_PROTOCOL)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4)
FWPKGO_GUID(FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6)
*/
import "C"

import (
	"fmt"
	"net/netip"
)

// GUID has the Windows layout (Data1-Data2-Data3-Data4).
type GUID struct {
	Data1 uint32
	Data2 uint16
	Data3 uint16
	Data4 [8]byte
}

// IsZero reports whether every byte is zero.
func (g GUID) IsZero() bool { return g == GUID{} }

// String is the registry form without braces, lowercase.
func (g GUID) String() string {
	return fmt.Sprintf("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		g.Data1, g.Data2, g.Data3, g.Data4[0], g.Data4[1],
		g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7])
}

func guidFromC(g C.GUID) GUID {
	var r GUID
	r.Data1 = uint32(g.Data1)
	r.Data2 = uint16(g.Data2)
	r.Data3 = uint16(g.Data3)
	for i := range r.Data4 {
		r.Data4[i] = byte(g.Data4[i])
	}
	return r
}

func (g GUID) toC() C.GUID {
	var r C.GUID
	r.Data1 = C.uint32_t(g.Data1)
	r.Data2 = C.uint16_t(g.Data2)
	r.Data3 = C.uint16_t(g.Data3)
	for i := range g.Data4 {
		r.Data4[i] = C.uint8_t(g.Data4[i])
	}
	return r
}

// Well-known keys (fwpm_guids.h), read from the header at start-up.
var (
	LayerInboundTransportV4  = guidFromC(C.get_FWPM_LAYER_INBOUND_TRANSPORT_V4())
	LayerInboundTransportV6  = guidFromC(C.get_FWPM_LAYER_INBOUND_TRANSPORT_V6())
	LayerOutboundTransportV4 = guidFromC(C.get_FWPM_LAYER_OUTBOUND_TRANSPORT_V4())
	LayerOutboundTransportV6 = guidFromC(C.get_FWPM_LAYER_OUTBOUND_TRANSPORT_V6())
	LayerIpsecV4             = guidFromC(C.get_FWPM_LAYER_IPSEC_V4())
	LayerIpsecV6             = guidFromC(C.get_FWPM_LAYER_IPSEC_V6())
	LayerIkeextV4            = guidFromC(C.get_FWPM_LAYER_IKEEXT_V4())
	LayerIkeextV6            = guidFromC(C.get_FWPM_LAYER_IKEEXT_V6())

	SublayerUniversal = guidFromC(C.get_FWPM_SUBLAYER_UNIVERSAL())

	ConditionIPLocalAddress  = guidFromC(C.get_FWPM_CONDITION_IP_LOCAL_ADDRESS())
	ConditionIPRemoteAddress = guidFromC(C.get_FWPM_CONDITION_IP_REMOTE_ADDRESS())
	ConditionIPLocalPort     = guidFromC(C.get_FWPM_CONDITION_IP_LOCAL_PORT())
	ConditionIPRemotePort    = guidFromC(C.get_FWPM_CONDITION_IP_REMOTE_PORT())
	ConditionIPProtocol      = guidFromC(C.get_FWPM_CONDITION_IP_PROTOCOL())

	CalloutIpsecInboundTransportV4  = guidFromC(C.get_FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4())
	CalloutIpsecInboundTransportV6  = guidFromC(C.get_FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6())
	CalloutIpsecOutboundTransportV4 = guidFromC(C.get_FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4())
	CalloutIpsecOutboundTransportV6 = guidFromC(C.get_FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6())
	CalloutIpsecInboundTunnelV4     = guidFromC(C.get_FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4())
	CalloutIpsecInboundTunnelV6     = guidFromC(C.get_FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6())
	CalloutIpsecOutboundTunnelV4    = guidFromC(C.get_FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4())
	CalloutIpsecOutboundTunnelV6    = guidFromC(C.get_FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6())
)

// Enumerations.  Every field typed with one of these accepts any number, so
// out-of-range values can be passed (the library answers FWP_E_INVALID_ENUMERATOR).
type (
	Direction    uint32 // FWP_DIRECTION
	IPVersion    uint32 // FWP_IP_VERSION
	DataType     uint32 // FWP_DATA_TYPE
	MatchType    uint32 // FWP_MATCH_TYPE
	ActionType   uint32 // FWP_ACTION_TYPE
	TrafficType  uint32 // IPSEC_TRAFFIC_TYPE
	TransformType uint32 // IPSEC_TRANSFORM_TYPE
	AuthType     uint32 // IPSEC_AUTH_TYPE
	AuthConfig   uint8  // IPSEC_AUTH_CONFIG
	CipherType   uint32 // IPSEC_CIPHER_TYPE
	CipherConfig uint8  // IPSEC_CIPHER_CONFIG
	PfsGroup     uint32 // IPSEC_PFS_GROUP
	FilterEnumType uint32 // FWP_FILTER_ENUM_TYPE
	TokenType    uint32
	TokenPrincipal uint32
	TokenMode    uint32
)

const (
	DirectionOutbound Direction = C.FWP_DIRECTION_OUTBOUND
	DirectionInbound  Direction = C.FWP_DIRECTION_INBOUND

	IPVersionV4   IPVersion = C.FWP_IP_VERSION_V4
	IPVersionV6   IPVersion = C.FWP_IP_VERSION_V6
	IPVersionNone IPVersion = C.FWP_IP_VERSION_NONE

	Empty           DataType = C.FWP_EMPTY
	Uint8Type       DataType = C.FWP_UINT8
	Uint16Type      DataType = C.FWP_UINT16
	Uint32Type      DataType = C.FWP_UINT32
	Uint64Type      DataType = C.FWP_UINT64
	ByteArray16Type DataType = C.FWP_BYTE_ARRAY16_TYPE
	ByteBlobType    DataType = C.FWP_BYTE_BLOB_TYPE
	V4AddrMaskType  DataType = C.FWP_V4_ADDR_MASK
	V6AddrMaskType  DataType = C.FWP_V6_ADDR_MASK
	RangeType       DataType = C.FWP_RANGE_TYPE

	MatchEqual                MatchType = C.FWP_MATCH_EQUAL
	MatchGreater              MatchType = C.FWP_MATCH_GREATER
	MatchLess                 MatchType = C.FWP_MATCH_LESS
	MatchGreaterOrEqual       MatchType = C.FWP_MATCH_GREATER_OR_EQUAL
	MatchLessOrEqual          MatchType = C.FWP_MATCH_LESS_OR_EQUAL
	MatchRange                MatchType = C.FWP_MATCH_RANGE
	MatchFlagsAllSet          MatchType = C.FWP_MATCH_FLAGS_ALL_SET
	MatchFlagsAnySet          MatchType = C.FWP_MATCH_FLAGS_ANY_SET
	MatchFlagsNoneSet         MatchType = C.FWP_MATCH_FLAGS_NONE_SET
	MatchEqualCaseInsensitive MatchType = C.FWP_MATCH_EQUAL_CASE_INSENSITIVE
	MatchNotEqual             MatchType = C.FWP_MATCH_NOT_EQUAL
	MatchPrefix               MatchType = C.FWP_MATCH_PREFIX
	MatchNotPrefix            MatchType = C.FWP_MATCH_NOT_PREFIX

	ActionBlock              ActionType = C.FWP_ACTION_BLOCK
	ActionPermit             ActionType = C.FWP_ACTION_PERMIT
	ActionCalloutTerminating ActionType = C.FWP_ACTION_CALLOUT_TERMINATING
	ActionCalloutInspection  ActionType = C.FWP_ACTION_CALLOUT_INSPECTION
	ActionCalloutUnknown     ActionType = C.FWP_ACTION_CALLOUT_UNKNOWN
	ActionFlagCallout        ActionType = C.FWP_ACTION_FLAG_CALLOUT

	TrafficTypeTransport TrafficType = C.IPSEC_TRAFFIC_TYPE_TRANSPORT
	TrafficTypeTunnel    TrafficType = C.IPSEC_TRAFFIC_TYPE_TUNNEL

	TransformAH               TransformType = C.IPSEC_TRANSFORM_AH
	TransformEspAuth          TransformType = C.IPSEC_TRANSFORM_ESP_AUTH
	TransformEspCipher        TransformType = C.IPSEC_TRANSFORM_ESP_CIPHER
	TransformEspAuthAndCipher TransformType = C.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER
	TransformEspAuthFw        TransformType = C.IPSEC_TRANSFORM_ESP_AUTH_FW

	AuthMD5    AuthType = C.IPSEC_AUTH_MD5
	AuthSHA1   AuthType = C.IPSEC_AUTH_SHA_1
	AuthSHA256 AuthType = C.IPSEC_AUTH_SHA_256
	AuthAES128 AuthType = C.IPSEC_AUTH_AES_128
	AuthAES192 AuthType = C.IPSEC_AUTH_AES_192
	AuthAES256 AuthType = C.IPSEC_AUTH_AES_256

	AuthConfigHmacMD596     AuthConfig = C.IPSEC_AUTH_CONFIG_HMAC_MD5_96
	AuthConfigHmacSHA196    AuthConfig = C.IPSEC_AUTH_CONFIG_HMAC_SHA_1_96
	AuthConfigHmacSHA256128 AuthConfig = C.IPSEC_AUTH_CONFIG_HMAC_SHA_256_128
	AuthConfigGcmAES128     AuthConfig = C.IPSEC_AUTH_CONFIG_GCM_AES_128
	AuthConfigGcmAES192     AuthConfig = C.IPSEC_AUTH_CONFIG_GCM_AES_192
	AuthConfigGcmAES256     AuthConfig = C.IPSEC_AUTH_CONFIG_GCM_AES_256

	CipherDES    CipherType = C.IPSEC_CIPHER_TYPE_DES
	Cipher3DES   CipherType = C.IPSEC_CIPHER_TYPE_3DES
	CipherAES128 CipherType = C.IPSEC_CIPHER_TYPE_AES_128
	CipherAES192 CipherType = C.IPSEC_CIPHER_TYPE_AES_192
	CipherAES256 CipherType = C.IPSEC_CIPHER_TYPE_AES_256

	CipherConfigCbcDES    CipherConfig = C.IPSEC_CIPHER_CONFIG_CBC_DES
	CipherConfigCbc3DES   CipherConfig = C.IPSEC_CIPHER_CONFIG_CBC_3DES
	CipherConfigCbcAES128 CipherConfig = C.IPSEC_CIPHER_CONFIG_CBC_AES_128
	CipherConfigCbcAES192 CipherConfig = C.IPSEC_CIPHER_CONFIG_CBC_AES_192
	CipherConfigCbcAES256 CipherConfig = C.IPSEC_CIPHER_CONFIG_CBC_AES_256
	CipherConfigGcmAES128 CipherConfig = C.IPSEC_CIPHER_CONFIG_GCM_AES_128
	CipherConfigGcmAES192 CipherConfig = C.IPSEC_CIPHER_CONFIG_GCM_AES_192
	CipherConfigGcmAES256 CipherConfig = C.IPSEC_CIPHER_CONFIG_GCM_AES_256

	FilterEnumFullyContained FilterEnumType = C.FWP_FILTER_ENUM_FULLY_CONTAINED
	FilterEnumOverlapping    FilterEnumType = C.FWP_FILTER_ENUM_OVERLAPPING
)

// Flags.
const (
	SessionFlagDynamic = uint32(C.FWPM_SESSION_FLAG_DYNAMIC)
	TxnReadOnly        = uint32(C.FWPM_TXN_READ_ONLY)

	FilterFlagPersistent = uint32(C.FWPM_FILTER_FLAG_PERSISTENT)
	FilterFlagBoottime   = uint32(C.FWPM_FILTER_FLAG_BOOTTIME)

	RpcCAuthnWinNT   = uint32(C.RPC_C_AUTHN_WINNT)
	RpcCAuthnDefault = uint32(C.RPC_C_AUTHN_DEFAULT)

	SaDetailsUpdateTraffic              = uint64(C.IPSEC_SA_DETAILS_UPDATE_TRAFFIC)
	SaDetailsUpdateUdpEncapsulation     = uint64(C.IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION)
	SaBundleUpdateFlags                 = uint64(C.IPSEC_SA_BUNDLE_UPDATE_FLAGS)
	SaBundleUpdateNapContext            = uint64(C.IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT)
	SaBundleUpdateKeyModuleState        = uint64(C.IPSEC_SA_BUNDLE_UPDATE_KEY_MODULE_STATE)
	SaBundleUpdatePeerV4PrivateAddress  = uint64(C.IPSEC_SA_BUNDLE_UPDATE_PEER_V4_PRIVATE_ADDRESS)
	SaBundleUpdateMmSaID                = uint64(C.IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID)
)

// DisplayData is FWPM_DISPLAY_DATA0.  A nil pointer is a NULL string.
type DisplayData struct {
	Name        *string
	Description *string
}

// Str returns a pointer to s, for DisplayData and IpsecID fields.
func Str(s string) *string { return &s }

// Session is FWPM_SESSION0: the options of Open, and what session enumeration returns.
type Session struct {
	SessionKey           GUID
	DisplayData          DisplayData
	Flags                uint32
	TxnWaitTimeoutInMSec uint32
	ProcessID            uint32 // output only
	Username             *string // output only
	KernelMode           bool    // output only
	// sid is not modelled (the library always returns NULL).
}

// V4AddrAndMask is FWP_V4_ADDR_AND_MASK (host byte order).  It stays a
// pair of integers because the engine must be able to see (and reject with
// FWP_E_INVALID_NET_MASK) a mask no netip.Prefix can hold; build one from a
// netip.Prefix with the Prefix value constructor, read one with Prefix().
type V4AddrAndMask struct{ Addr, Mask uint32 }

// Prefix is the mask as a netip.Prefix; ok is false for a non-contiguous mask.
func (m V4AddrAndMask) Prefix() (p netip.Prefix, ok bool) {
	bits := bitsLen32(m.Mask)
	if m.Mask != ^uint32(0)<<(32-uint(bits)) {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(V4ToAddr(m.Addr), bits), true
}

func bitsLen32(m uint32) int {
	n := 0
	for m&0x80000000 != 0 {
		n, m = n+1, m<<1
	}
	return n
}

// V4ToAddr is the netip.Addr of a host-byte-order IPv4 address.
func V4ToAddr(a uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
}

// AddrToV4 is the host-byte-order value of an IPv4 (or IPv4-mapped) address; 0 for any other.
func AddrToV4(a netip.Addr) uint32 {
	if !a.Is4() && !a.Is4In6() {
		return 0
	}
	b := a.Unmap().As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// V6AddrAndMask is FWP_V6_ADDR_AND_MASK.
type V6AddrAndMask struct {
	Addr         [16]byte
	PrefixLength uint8
}

// Prefix is the value as a netip.Prefix; ok is false for a prefix length over 128.
func (m V6AddrAndMask) Prefix() (p netip.Prefix, ok bool) {
	if m.PrefixLength > 128 {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(netip.AddrFrom16(m.Addr), int(m.PrefixLength)), true
}

// Range is FWP_RANGE0.
type Range struct{ ValueLow, ValueHigh Value }

// Value is FWP_VALUE0 and FWP_CONDITION_VALUE0: Type selects the member.
// Members the native union holds by pointer are pointers here; nil is NULL.
type Value struct {
	Type          DataType
	Uint8         uint8
	Uint16        uint16
	Uint32        uint32
	Uint64        *uint64
	Int8          int8
	Int16         int16
	Int32         int32
	Int64         *int64
	Float32       float32
	Double64      *float64
	ByteArray16   *[16]byte
	ByteBlob      []byte // FWP_BYTE_BLOB_TYPE / SECURITY_DESCRIPTOR / TOKEN_ACCESS_INFORMATION
	UnicodeString *string
	ByteArray6    *[6]byte
	BitmapArray64 *[8]byte
	V4AddrMask    *V4AddrAndMask // condition values only
	V6AddrMask    *V6AddrAndMask // condition values only
	RangeValue    *Range         // condition values only
}

// Value constructors.
func EmptyValue() Value           { return Value{Type: Empty} }
func U8(v uint8) Value            { return Value{Type: Uint8Type, Uint8: v} }
func U16(v uint16) Value          { return Value{Type: Uint16Type, Uint16: v} }
func U32(v uint32) Value          { return Value{Type: Uint32Type, Uint32: v} }
func U64(v uint64) Value          { return Value{Type: Uint64Type, Uint64: &v} }
func V4(addr uint32) Value        { return U32(addr) }
func V6(addr [16]byte) Value      { return Value{Type: ByteArray16Type, ByteArray16: &addr} }
func V4Mask(addr, mask uint32) Value {
	return Value{Type: V4AddrMaskType, V4AddrMask: &V4AddrAndMask{addr, mask}}
}
func V6Mask(addr [16]byte, prefix uint8) Value {
	return Value{Type: V6AddrMaskType, V6AddrMask: &V6AddrAndMask{addr, prefix}}
}
func RangeOf(lo, hi Value) Value { return Value{Type: RangeType, RangeValue: &Range{lo, hi}} }

// Addr is an address condition value: FWP_UINT32 (host order) for IPv4,
// FWP_BYTE_ARRAY16_TYPE for anything else (the zero Addr gives 16 zero bytes).
func Addr(a netip.Addr) Value {
	if a.Is4() {
		return V4(AddrToV4(a))
	}
	return V6(a.As16())
}

// Prefix is an address-and-mask condition value: FWP_V4_ADDR_MASK (the
// prefix's contiguous mask) or FWP_V6_ADDR_MASK.  V4Mask and V6Mask stay for
// values a netip.Prefix cannot hold (a non-contiguous mask, a prefix > 128);
// an invalid Prefix gives prefix length 255, which the engine rejects.
func Prefix(p netip.Prefix) Value {
	if p.Addr().Is4() {
		return V4Mask(AddrToV4(p.Addr()), ^uint32(0)<<(32-uint(p.Bits())))
	}
	return V6Mask(p.Addr().As16(), uint8(p.Bits()))
}

// FilterCondition is FWPM_FILTER_CONDITION0.
type FilterCondition struct {
	FieldKey       GUID
	MatchType      MatchType
	ConditionValue Value
}

// Action is FWPM_ACTION0.  CalloutKey is used for callout actions,
// FilterType otherwise (they share storage natively).
type Action struct {
	Type       ActionType
	CalloutKey GUID
	FilterType GUID
}

// Filter is FWPM_FILTER0.
type Filter struct {
	FilterKey           GUID
	DisplayData         DisplayData
	Flags               uint32
	ProviderKey         *GUID
	ProviderData        []byte
	LayerKey            GUID
	SubLayerKey         GUID
	Weight              Value
	FilterCondition     []FilterCondition
	Action              Action
	RawContext          uint64 // shares storage with ProviderContextKey
	ProviderContextKey  GUID   // used instead of RawContext when not zero
	Reserved            *GUID
	FilterID            uint64 // output only
	EffectiveWeight     Value  // output only
}

// ProviderContextEnumTemplate is FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0.
type ProviderContextEnumTemplate struct {
	ProviderKey         *GUID
	ProviderContextType uint32
}

// FilterEnumTemplate is FWPM_FILTER_ENUM_TEMPLATE0.
type FilterEnumTemplate struct {
	ProviderKey             *GUID
	LayerKey                GUID
	EnumType                FilterEnumType
	Flags                   uint32
	ProviderContextTemplate *ProviderContextEnumTemplate
	FilterCondition         []FilterCondition
	ActionMask              uint32
	CalloutKey              *GUID
}

// SessionEnumTemplate is FWPM_SESSION_ENUM_TEMPLATE0.
type SessionEnumTemplate struct{ Reserved uint64 }

// Traffic is IPSEC_TRAFFIC0 and IPSEC_TRAFFIC1 (the version-0 calls ignore
// the version-1-only fields).  The native V4/V6 address union is written
// from each address's own family (an IPv4 address fills the 4-byte member,
// an IPv6 one the 16-byte member, the zero Addr zeros), not from IPVersion:
// a GetSpi's inbound traffic may leave IPVersion 0 and let GetSpi.IPVersion
// name the version (docs/decisions.md, "IP version of GetSpi's inbound
// traffic").  Read back, IPVersion V6 yields IPv6 addresses, anything else
// IPv4 ones.  IpsecFilterID and TunnelPolicyID share storage: TrafficType
// tunnel selects TunnelPolicyID.
type Traffic struct {
	IPVersion       IPVersion
	LocalAddress    netip.Addr
	RemoteAddress   netip.Addr
	TrafficType     TrafficType
	IpsecFilterID   uint64
	TunnelPolicyID  uint64
	RemotePort      uint16
	LocalPort       uint16 // version 1
	IPProtocol      uint8  // version 1
	LocalIfLuid     uint64 // version 1
	RealIfProfileID uint32 // version 1
}

// V4UdpEncapsulation is IPSEC_V4_UDP_ENCAPSULATION0.
type V4UdpEncapsulation struct{ LocalUdpEncapPort, RemoteUdpEncapPort uint16 }

// GetSpi is IPSEC_GETSPI0 / IPSEC_GETSPI1.  IPVersion is the version the
// engine reads for the inbound traffic; InboundIpsecTraffic.IPVersion may stay 0
// (its addresses go to the native union by their own family: see Traffic).
type GetSpi struct {
	InboundIpsecTraffic     Traffic
	IPVersion               IPVersion
	InboundUdpEncapsulation *V4UdpEncapsulation
	RngCryptoModuleID       *GUID
}

// VirtualIfTunnelInfo is IPSEC_VIRTUAL_IF_TUNNEL_INFO0.
type VirtualIfTunnelInfo struct{ VirtualIfTunnelID, TrafficSelectorID uint64 }

// SaLifetime is IPSEC_SA_LIFETIME0.
type SaLifetime struct{ LifetimeSeconds, LifetimeKilobytes, LifetimePackets uint32 }

// AuthTransformID is IPSEC_AUTH_TRANSFORM_ID0.
type AuthTransformID struct {
	AuthType   AuthType
	AuthConfig AuthConfig
}

// AuthTransform is IPSEC_AUTH_TRANSFORM0.
type AuthTransform struct {
	AuthTransformID AuthTransformID
	CryptoModuleID  *GUID
}

// CipherTransformID is IPSEC_CIPHER_TRANSFORM_ID0.
type CipherTransformID struct {
	CipherType   CipherType
	CipherConfig CipherConfig
}

// CipherTransform is IPSEC_CIPHER_TRANSFORM0.
type CipherTransform struct {
	CipherTransformID CipherTransformID
	CryptoModuleID    *GUID
}

// SaAuthInformation is IPSEC_SA_AUTH_INFORMATION0.
type SaAuthInformation struct {
	AuthTransform AuthTransform
	AuthKey       []byte
}

// SaCipherInformation is IPSEC_SA_CIPHER_INFORMATION0.
type SaCipherInformation struct {
	CipherTransform CipherTransform
	CipherKey       []byte
}

// SaAuthAndCipherInformation is IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0.
type SaAuthAndCipherInformation struct {
	SaCipherInformation SaCipherInformation
	SaAuthInformation   SaAuthInformation
}

// Sa is IPSEC_SA0.  SaTransformType selects the information member (they
// share one pointer natively): AH → AhInformation, ESP_AUTH →
// EspAuthInformation, ESP_CIPHER → EspCipherInformation,
// ESP_AUTH_AND_CIPHER → EspAuthAndCipherInformation, ESP_AUTH_FW →
// EspAuthFwInformation.
type Sa struct {
	Spi                         uint32
	SaTransformType             TransformType
	AhInformation               *SaAuthInformation
	EspAuthInformation          *SaAuthInformation
	EspCipherInformation        *SaCipherInformation
	EspAuthAndCipherInformation *SaAuthAndCipherInformation
	EspAuthFwInformation        *SaAuthInformation
}

// Token is IPSEC_TOKEN0.
type Token struct {
	Type      TokenType
	Principal TokenPrincipal
	Mode      TokenMode
	Token     uint64
}

// IpsecID is IPSEC_ID0.
type IpsecID struct {
	MmTargetName        *string
	EmTargetName        *string
	Tokens              []Token
	ExplicitCredentials uint64
	LogonID             uint64
}

// KeyModuleState is IPSEC_KEYMODULE_STATE0.
type KeyModuleState struct {
	KeyModuleKey GUID
	StateBlob    []byte
}

// SaBundle is IPSEC_SA_BUNDLE0 / IPSEC_SA_BUNDLE1 (numSAs = len(SaList)).
type SaBundle struct {
	Flags                      uint32
	Lifetime                   SaLifetime
	IdleTimeoutSeconds         uint32
	NdAllowClearTimeoutSeconds uint32
	IpsecID                    *IpsecID
	NapContext                 uint32
	QmSaID                     uint32
	SaList                     []Sa
	KeyModuleState             *KeyModuleState
	IPVersion                  IPVersion
	PeerV4PrivateAddress       netip.Addr // IPv4 only; the zero Addr writes 0
	MmSaID                     uint64
	PfsGroup                   PfsGroup
	SaLookupContext            GUID   // version 1
	QmFilterID                 uint64 // version 1
}

// SaDetails is IPSEC_SA_DETAILS0 / IPSEC_SA_DETAILS1.
type SaDetails struct {
	IPVersion           IPVersion
	SaDirection         Direction
	Traffic             Traffic
	SaBundle            SaBundle
	UdpEncapsulation    *V4UdpEncapsulation
	TransportFilter     *Filter
	VirtualIfTunnelInfo VirtualIfTunnelInfo // version 1
}

// SaContext is IPSEC_SA_CONTEXT0 / IPSEC_SA_CONTEXT1.
type SaContext struct {
	SaContextID uint64
	InboundSa   *SaDetails
	OutboundSa  *SaDetails
}

// SaContextEnumTemplate is IPSEC_SA_CONTEXT_ENUM_TEMPLATE0.
type SaContextEnumTemplate struct{ LocalSubNet, RemoteSubNet Value }

// SaEnumTemplate is IPSEC_SA_ENUM_TEMPLATE0.
type SaEnumTemplate struct{ SaDirection Direction }

// Statistics is IPSEC_STATISTICS0 / IPSEC_STATISTICS1 (the version-1-only
// counters are 0 from GetStatistics0).
type Statistics struct {
	AggregateSaStatistics         AggregateSaStatistics
	EspDropPacketStatistics       EspDropPacketStatistics
	AhDropPacketStatistics        AhDropPacketStatistics
	AggregateDropPacketStatistics AggregateDropPacketStatistics
	InboundTrafficStatistics      TrafficStatistics
	OutboundTrafficStatistics     TrafficStatistics
}

// AggregateSaStatistics is IPSEC_AGGREGATE_SA_STATISTICS0.
type AggregateSaStatistics struct {
	ActiveSas, PendingSaNegotiations, TotalSasAdded, TotalSasDeleted uint32
	SuccessfulRekeys, ActiveTunnels, OffloadedSas                    uint32
}

// EspDropPacketStatistics is IPSEC_ESP_DROP_PACKET_STATISTICS0.
type EspDropPacketStatistics struct {
	InvalidSpisOnInbound, DecryptionFailuresOnInbound, AuthenticationFailuresOnInbound uint32
	ReplayCheckFailuresOnInbound, SaNotInitializedOnInbound                            uint32
}

// AhDropPacketStatistics is IPSEC_AH_DROP_PACKET_STATISTICS0.
type AhDropPacketStatistics struct {
	InvalidSpisOnInbound, AuthenticationFailuresOnInbound  uint32
	ReplayCheckFailuresOnInbound, SaNotInitializedOnInbound uint32
}

// AggregateDropPacketStatistics is IPSEC_AGGREGATE_DROP_PACKET_STATISTICS0/1.
type AggregateDropPacketStatistics struct {
	InvalidSpisOnInbound, DecryptionFailuresOnInbound, AuthenticationFailuresOnInbound uint32
	UdpEspValidationFailuresOnInbound, ReplayCheckFailuresOnInbound, InvalidClearTextInbound uint32
	SaNotInitializedOnInbound, ReceiveOverIncorrectSaInbound, SecureReceivesNotMatchingFilters uint32
	TotalDropPacketsInbound uint32 // version 1
}

// TrafficStatistics is IPSEC_TRAFFIC_STATISTICS0/1.
type TrafficStatistics struct {
	EncryptedByteCount, AuthenticatedAHByteCount, AuthenticatedESPByteCount uint64
	TransportByteCount, TunnelByteCount, OffloadByteCount                   uint64
	TotalSuccessfulPackets                                                   uint64 // version 1
}
