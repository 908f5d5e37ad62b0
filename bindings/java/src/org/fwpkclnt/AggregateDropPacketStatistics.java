// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_AGGREGATE_DROP_PACKET_STATISTICS0/1 (totalDropPacketsInbound is v1 only). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class AggregateDropPacketStatistics {
    public int invalidSpisOnInbound;
    public int decryptionFailuresOnInbound;
    public int authenticationFailuresOnInbound;
    public int udpEspValidationFailuresOnInbound;
    public int replayCheckFailuresOnInbound;
    public int invalidClearTextInbound;
    public int saNotInitializedOnInbound;
    public int receiveOverIncorrectSaInbound;
    public int secureReceivesNotMatchingFilters;
    public int totalDropPacketsInbound;

    public AggregateDropPacketStatistics() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
