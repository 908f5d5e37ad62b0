// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_ESP_DROP_PACKET_STATISTICS0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class EspDropPacketStatistics {
    public int invalidSpisOnInbound;
    public int decryptionFailuresOnInbound;
    public int authenticationFailuresOnInbound;
    public int replayCheckFailuresOnInbound;
    public int saNotInitializedOnInbound;

    public EspDropPacketStatistics() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
