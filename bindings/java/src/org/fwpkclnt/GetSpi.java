// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of IPSEC_GETSPI0/1 (v0 calls ignore the v1-only traffic fields). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class GetSpi {
    public Traffic inboundIpsecTraffic;
    public int ipVersion;
    public V4UdpEncapsulation inboundUdpEncapsulation;
    public UUID rngCryptoModuleID;

    public GetSpi() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
