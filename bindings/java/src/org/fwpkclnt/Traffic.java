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

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
