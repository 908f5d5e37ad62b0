// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_VIRTUAL_IF_TUNNEL_INFO0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class VirtualIfTunnelInfo {
    public long virtualIfTunnelId;
    public long trafficSelectorId;

    public VirtualIfTunnelInfo() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
