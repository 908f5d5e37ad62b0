package fwpk

/*
#include <stddef.h>
#include <fwpmk.h>

static size_t fwpkgo_layout(int i) {
static const size_t t[] = {
	offsetof(FWPM_FILTER0, providerData),
	offsetof(FWPM_FILTER0, numFilterConditions),
	offsetof(FWPM_FILTER_ENUM_TEMPLATE0, numFilterConditions),
	offsetof(FWP_BYTE_BLOB, size),
	sizeof(IPSEC_SA0),
	offsetof(IPSEC_SA0, ahInformation),
	offsetof(IPSEC_SA_AUTH_INFORMATION0, authKey),
	offsetof(IPSEC_SA_CIPHER_INFORMATION0, cipherKey),
	offsetof(IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0, saAuthInformation),
	offsetof(IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0, saCipherInformation),
	offsetof(IPSEC_SA_BUNDLE0, numSAs),
	offsetof(IPSEC_SA_BUNDLE0, saList),
	offsetof(IPSEC_SA_BUNDLE0, ipsecId),
	offsetof(IPSEC_SA_BUNDLE0, keyModuleState),
	offsetof(IPSEC_SA_BUNDLE1, numSAs),
	offsetof(IPSEC_SA_BUNDLE1, saList),
	offsetof(IPSEC_SA_BUNDLE1, ipsecId),
	offsetof(IPSEC_SA_BUNDLE1, keyModuleState),
	offsetof(IPSEC_ID0, numTokens),
	offsetof(IPSEC_KEYMODULE_STATE0, stateBlob),
	offsetof(IPSEC_SA_DETAILS1, saBundle),
	offsetof(IPSEC_SA_CONTEXT1, inboundSa),
	offsetof(IPSEC_SA_CONTEXT1, outboundSa),
	sizeof(IPSEC_STATISTICS1),
};
return t[i];
}
*/
import "C"

import (
	"unsafe"

	"fwpkclnt/bindings/go/fwpk/internal/bridge"
)

// The conformance runner's hooks (see internal/bridge).
func init() {
	bridge.Native = nativeOf
	bridge.Go = goOf
	names := []string{
		"FWPM_FILTER0.providerData", "FWPM_FILTER0.numFilterConditions",
		"FWPM_FILTER_ENUM_TEMPLATE0.numFilterConditions", "FWP_BYTE_BLOB.size",
		"IPSEC_SA0", "IPSEC_SA0.information",
		"IPSEC_SA_AUTH_INFORMATION0.authKey", "IPSEC_SA_CIPHER_INFORMATION0.cipherKey",
		"IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0.saAuthInformation",
		"IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0.saCipherInformation",
		"IPSEC_SA_BUNDLE0.numSAs", "IPSEC_SA_BUNDLE0.saList", "IPSEC_SA_BUNDLE0.ipsecId", "IPSEC_SA_BUNDLE0.keyModuleState",
		"IPSEC_SA_BUNDLE1.numSAs", "IPSEC_SA_BUNDLE1.saList", "IPSEC_SA_BUNDLE1.ipsecId", "IPSEC_SA_BUNDLE1.keyModuleState",
		"IPSEC_ID0.numTokens", "IPSEC_KEYMODULE_STATE0.stateBlob",
		"IPSEC_SA_DETAILS1.saBundle", "IPSEC_SA_CONTEXT1.inboundSa", "IPSEC_SA_CONTEXT1.outboundSa",
		"IPSEC_STATISTICS1",
	}
	layout := make(map[string]uintptr, len(names))
	for i, n := range names {
		layout[n] = uintptr(C.fwpkgo_layout(C.int(i)))
	}
	bridge.Offset = func(name string) uintptr {
		off, ok := layout[name]
		if !ok {
			panic("fwpk: no native layout entry " + name)
		}
		return off
	}
}

func nativeOf(v any, version int) (unsafe.Pointer, func()) {
	a := new(arena)
	var p unsafe.Pointer
	switch x := v.(type) {
	case *Filter:
		p = unsafe.Pointer(a.filter(x))
	case *FilterEnumTemplate:
		p = unsafe.Pointer(a.filterTemplate(x))
	case *Session:
		p = unsafe.Pointer(a.session(x))
	case *GUID:
		p = unsafe.Pointer(a.guidPtr(x))
	case *string:
		p = unsafe.Pointer(a.wstr(x))
	case *SaContextEnumTemplate:
		p = unsafe.Pointer(a.ctxTemplate(x))
	case *SessionEnumTemplate:
		if x != nil {
			p = newVal(a, C.FWPM_SESSION_ENUM_TEMPLATE0{reserved: C.UINT64(x.Reserved)})
		}
	case *SaEnumTemplate:
		if x != nil {
			p = newVal(a, C.IPSEC_SA_ENUM_TEMPLATE0{saDirection: C.FWP_DIRECTION(x.SaDirection)})
		}
	case *VirtualIfTunnelInfo:
		if x != nil {
			p = newVal(a, C.IPSEC_VIRTUAL_IF_TUNNEL_INFO0{virtualIfTunnelId: C.UINT64(x.VirtualIfTunnelID), trafficSelectorId: C.UINT64(x.TrafficSelectorID)})
		}
	case *SaContext:
		p = unsafe.Pointer(a.context1(x))
	case *Traffic:
		if version == 0 {
			p = unsafe.Pointer(a.traffic0(x))
		} else {
			p = unsafe.Pointer(a.traffic1(x))
		}
	case *GetSpi:
		if version == 0 {
			p = unsafe.Pointer(a.getSpi0(x))
		} else {
			p = unsafe.Pointer(a.getSpi1(x))
		}
	case *SaBundle:
		if version == 0 {
			p = unsafe.Pointer(a.bundle0(x))
		} else {
			p = unsafe.Pointer(a.bundle1(x))
		}
	default:
		a.free()
		panic("fwpk: no native form for this value")
	}
	return p, a.free
}

func goOf(p unsafe.Pointer, kind string) any {
	switch kind {
	case "FWPM_FILTER0":
		return goFilter((*C.FWPM_FILTER0)(p))
	case "FWPM_SESSION0":
		return goSession((*C.FWPM_SESSION0)(p))
	case "IPSEC_SA_CONTEXT0":
		return goContext0((*C.IPSEC_SA_CONTEXT0)(p))
	case "IPSEC_SA_CONTEXT1":
		return goContext1((*C.IPSEC_SA_CONTEXT1)(p))
	case "IPSEC_SA_DETAILS0":
		return goDetails0((*C.IPSEC_SA_DETAILS0)(p))
	case "IPSEC_SA_DETAILS1":
		return goDetails1((*C.IPSEC_SA_DETAILS1)(p))
	case "IPSEC_STATISTICS0":
		return goStatistics((*C.IPSEC_STATISTICS1)(p), false)
	case "IPSEC_STATISTICS1":
		return goStatistics((*C.IPSEC_STATISTICS1)(p), true)
	}
	panic("fwpk: no Go form for " + kind)
}
