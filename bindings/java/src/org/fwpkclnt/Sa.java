// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA0; the information member used is the one saTransformType selects. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Sa {
    public int spi;
    public int saTransformType;
    public SaAuthInformation ahInformation;
    public SaAuthInformation espAuthInformation;
    public SaCipherInformation espCipherInformation;
    public SaAuthAndCipherInformation espAuthAndCipherInformation;
    public SaAuthInformation espAuthFwInformation;

    public Sa() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
