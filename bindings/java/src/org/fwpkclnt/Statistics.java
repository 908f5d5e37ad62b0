// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_STATISTICS0/1 (v0 leaves the v1-only fields zero). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Statistics {
    public AggregateSaStatistics aggregateSaStatistics;
    public EspDropPacketStatistics espDropPacketStatistics;
    public AhDropPacketStatistics ahDropPacketStatistics;
    public AggregateDropPacketStatistics aggregateDropPacketStatistics;
    public TrafficStatistics inboundTrafficStatistics;
    public TrafficStatistics outboundTrafficStatistics;

    public Statistics() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
