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

    /**
     * GetSpi/SetSpi input for inboundTraffic; ipVersion (the one the engine reads) is the
     * traffic's. The engine ignores inboundTraffic.ipVersion, so code that leaves it 0 for IPv6
     * traffic uses {@link #of(Traffic, int)}.
     */
    public static GetSpi of(Traffic inboundTraffic) {
        return of(inboundTraffic, inboundTraffic.ipVersion);
    }

    /** GetSpi/SetSpi input whose ipVersion names the IP version of inboundTraffic (its addresses are sent in that form). */
    public static GetSpi of(Traffic inboundTraffic, int ipVersion) {
        GetSpi g = new GetSpi();
        g.inboundIpsecTraffic = inboundTraffic;
        g.ipVersion = ipVersion;
        return g;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
