// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_LIFETIME0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaLifetime {
    public int lifetimeSeconds;
    public int lifetimeKilobytes;
    public int lifetimePackets;

    public SaLifetime() {}

    public static SaLifetime of(int seconds, int kilobytes, int packets) {
        SaLifetime l = new SaLifetime();
        l.lifetimeSeconds = seconds;
        l.lifetimeKilobytes = kilobytes;
        l.lifetimePackets = packets;
        return l;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
