// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_CIPHER_INFORMATION0; cipherKey null is an empty blob. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaCipherInformation {
    public CipherTransform cipherTransform;
    public ByteBlob cipherKey;

    public SaCipherInformation() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
