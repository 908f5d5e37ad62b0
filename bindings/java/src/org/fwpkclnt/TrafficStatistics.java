// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_TRAFFIC_STATISTICS0/1 (totalSuccessfulPackets is v1 only). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class TrafficStatistics {
    public long encryptedByteCount;
    public long authenticatedAHByteCount;
    public long authenticatedESPByteCount;
    public long transportByteCount;
    public long tunnelByteCount;
    public long offloadByteCount;
    public long totalSuccessfulPackets;

    public TrafficStatistics() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
