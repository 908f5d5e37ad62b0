// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_AGGREGATE_SA_STATISTICS0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class AggregateSaStatistics {
    public int activeSas;
    public int pendingSaNegotiations;
    public int totalSasAdded;
    public int totalSasDeleted;
    public int successfulRekeys;
    public int activeTunnels;
    public int offloadedSas;

    public AggregateSaStatistics() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
