package fwpk_test

import (
	"crypto/rand"
	"testing"

	"fwpkclnt/bindings/go/fwpk"
)

func TestAddTunnelWithTwoConditionsReadsItsQuickModeContextBackAndDeletesItByKey(t *testing.T) {
	e := open(t)
	var key fwpk.GUID
	if _, err := rand.Read(key[:]); err != nil {
		t.Fatal(err)
	}
	local, remote := uint32(0x0AF00001)|uint32(key[0])<<8, uint32(0x0AF00002)|uint32(key[0])<<8
	qm := &fwpk.ProviderContext{
		ProviderContextKey: key,
		DisplayData:        fwpk.DisplayData{Name: fwpk.Str("go tunnel")},
		Type:               fwpk.IpsecIkeQmTunnelContext,
		IkeQmTunnelPolicy: &fwpk.TunnelPolicy{TunnelEndpoints: fwpk.TunnelEndpoints{
			IpVersion: fwpk.IpVersionV4, LocalV4Address: local, RemoteV4Address: remote}},
	}
	cond := func(field fwpk.GUID, addr uint32) fwpk.FilterCondition {
		return fwpk.FilterCondition{FieldKey: field, MatchType: fwpk.MatchEqual,
			ConditionValue: fwpk.ConditionValue{Type: fwpk.Uint32, Uint32: addr}}
	}
	// the count parameter is the slice's length: no count in the signature
	conds := []fwpk.FilterCondition{cond(fwpk.ConditionIpLocalAddress, local), cond(fwpk.ConditionIpRemoteAddress, remote)}
	if err := e.AddIPsecTunnel(fwpk.TunnelFlagPointToPoint, nil, qm, conds, fwpk.GUID{}); err != nil {
		t.Fatal(err)
	}
	back, err := e.GetProviderContextByKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if back.Type != fwpk.IpsecIkeQmTunnelContext || back.IkeQmTunnelPolicy == nil ||
		back.IkeQmTunnelPolicy.TunnelEndpoints.RemoteV4Address != remote {
		t.Fatalf("read back %+v", back)
	}
	if err := e.DeleteIPsecTunnelByKey(key); err != nil {
		t.Fatal(err)
	}
	_, err = e.GetProviderContextByKey(key)
	wantErr(t, err, fwpk.ErrProviderContextNotFound)
}
