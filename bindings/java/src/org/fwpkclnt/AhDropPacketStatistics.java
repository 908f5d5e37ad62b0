// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_AH_DROP_PACKET_STATISTICS0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class AhDropPacketStatistics {
    public int invalidSpisOnInbound;
    public int authenticationFailuresOnInbound;
    public int replayCheckFailuresOnInbound;
    public int saNotInitializedOnInbound;

    public AhDropPacketStatistics() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
