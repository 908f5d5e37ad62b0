// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of FWP_V6_ADDR_AND_MASK. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class V6AddrAndMask {
    public byte[] addr;
    public int prefixLength;

    public V6AddrAndMask() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
