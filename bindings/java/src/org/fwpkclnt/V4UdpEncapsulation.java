// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_V4_UDP_ENCAPSULATION0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class V4UdpEncapsulation {
    public int localUdpEncapPort;
    public int remoteUdpEncapPort;

    public V4UdpEncapsulation() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
