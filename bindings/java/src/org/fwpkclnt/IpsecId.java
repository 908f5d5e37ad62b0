// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_ID0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class IpsecId {
    public String mmTargetName;
    public String emTargetName;
    public Token[] tokens;
    /** null: tokens.length (0 for null). Results always set it. Given explicitly it is passed as is (raw API). */
    public Integer numTokens;
    public long explicitCredentials;
    public long logonId;

    public IpsecId() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
