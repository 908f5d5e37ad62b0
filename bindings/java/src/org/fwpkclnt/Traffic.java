// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_TRAFFIC0/1 (the v1 superset; v0 calls ignore localPort, ipProtocol, localIfLuid, realIfProfileId). IPv4 addresses are host-order ints; IPv6 addresses 16-byte arrays, used when ipVersion is V6. ipsecFilterId and tunnelPolicyId share a union: tunnel traffic uses tunnelPolicyId, any other ipsecFilterId; results set both. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Traffic {
    public int ipVersion;
    public int localV4Address;
    public byte[] localV6Address;
    public int remoteV4Address;
    public byte[] remoteV6Address;
    public int trafficType;
    public long ipsecFilterId;
    public long tunnelPolicyId;
    public int remotePort;
    public int localPort;
    public int ipProtocol;
    public long localIfLuid;
    public int realIfProfileId;

    public Traffic() {}

    /**
     * Transport-mode traffic between two address literals of one family ("10.0.0.1" or
     * "2001:db8::1"; no name lookup), matched by the transport filter ipsecFilterId; ipVersion
     * follows the family.
     */
    public static Traffic transport(String local, String remote, long ipsecFilterId) {
        Traffic t = between(local, remote);
        t.trafficType = Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT;
        t.ipsecFilterId = ipsecFilterId;
        return t;
    }

    /** Tunnel-mode traffic between two tunnel endpoints (address literals of one family). */
    public static Traffic tunnel(String local, String remote, long tunnelPolicyId) {
        Traffic t = between(local, remote);
        t.trafficType = Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL;
        t.tunnelPolicyId = tunnelPolicyId;
        return t;
    }

    /** This traffic with another filter id (e.g. the inbound transport filter for GetSpi). */
    public Traffic withIpsecFilterId(long id) {
        Traffic t = copy();
        t.ipsecFilterId = id;
        return t;
    }

    private Traffic copy() {
        Traffic t = new Traffic();
        t.ipVersion = ipVersion;
        t.localV4Address = localV4Address;
        t.localV6Address = localV6Address == null ? null : localV6Address.clone();
        t.remoteV4Address = remoteV4Address;
        t.remoteV6Address = remoteV6Address == null ? null : remoteV6Address.clone();
        t.trafficType = trafficType;
        t.ipsecFilterId = ipsecFilterId;
        t.tunnelPolicyId = tunnelPolicyId;
        t.remotePort = remotePort;
        t.localPort = localPort;
        t.ipProtocol = ipProtocol;
        t.localIfLuid = localIfLuid;
        t.realIfProfileId = realIfProfileId;
        return t;
    }

    private static Traffic between(String local, String remote) {
        Traffic t = new Traffic();
        boolean v6 = local.indexOf(':') >= 0;
        if (v6 != remote.indexOf(':') >= 0) throw new IllegalArgumentException("mixed address families: " + local + ", " + remote);
        if (v6) {
            t.ipVersion = Fwp.FWP_IP_VERSION_V6;
            t.localV6Address = Ip.v6(local);
            t.remoteV6Address = Ip.v6(remote);
        } else {
            t.ipVersion = Fwp.FWP_IP_VERSION_V4;
            t.localV4Address = Ip.v4(local);
            t.remoteV4Address = Ip.v4(remote);
        }
        return t;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
