// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_DETAILS0/1 (v0 results leave the v1-only fields zero). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaDetails {
    public int ipVersion;
    public int saDirection;
    public Traffic traffic;
    public SaBundle saBundle;
    public V4UdpEncapsulation udpEncapsulation;
    public Filter transportFilter;
    public VirtualIfTunnelInfo virtualIfTunnelInfo;

    public SaDetails() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
