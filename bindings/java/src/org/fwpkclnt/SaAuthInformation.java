// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_AUTH_INFORMATION0; authKey null is an empty blob (size 0, data NULL). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaAuthInformation {
    public AuthTransform authTransform;
    public ByteBlob authKey;

    public SaAuthInformation() {}

    /** An integrity transform (Fwp.IPSEC_AUTH_TYPE_*, Fwp.IPSEC_AUTH_CONFIG_*) and its key (copied). */
    public static SaAuthInformation of(int authType, int authConfig, byte[] key) {
        AuthTransformId id = new AuthTransformId();
        id.authType = authType;
        id.authConfig = authConfig;
        SaAuthInformation a = new SaAuthInformation();
        a.authTransform = new AuthTransform();
        a.authTransform.authTransformId = id;
        a.authKey = ByteBlob.of(key);
        return a;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
