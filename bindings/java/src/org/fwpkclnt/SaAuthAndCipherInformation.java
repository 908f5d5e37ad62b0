// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 (cipher first, as Windows). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaAuthAndCipherInformation {
    public SaCipherInformation saCipherInformation;
    public SaAuthInformation saAuthInformation;

    public SaAuthAndCipherInformation() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
