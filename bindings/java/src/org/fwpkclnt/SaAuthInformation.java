// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_AUTH_INFORMATION0; authKey null is an empty blob (size 0, data NULL). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaAuthInformation {
    public AuthTransform authTransform;
    public ByteBlob authKey;

    public SaAuthInformation() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
