// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_TOKEN0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Token {
    public int type;
    public int principal;
    public int mode;
    public long token;

    public Token() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
