// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_CIPHER_INFORMATION0; cipherKey null is an empty blob. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaCipherInformation {
    public CipherTransform cipherTransform;
    public ByteBlob cipherKey;

    public SaCipherInformation() {}

    /** A cipher transform (Fwp.IPSEC_CIPHER_TYPE_*, Fwp.IPSEC_CIPHER_CONFIG_*) and its key (copied). */
    public static SaCipherInformation of(int cipherType, int cipherConfig, byte[] key) {
        CipherTransformId id = new CipherTransformId();
        id.cipherType = cipherType;
        id.cipherConfig = cipherConfig;
        SaCipherInformation c = new SaCipherInformation();
        c.cipherTransform = new CipherTransform();
        c.cipherTransform.cipherTransformId = id;
        c.cipherKey = ByteBlob.of(key);
        return c;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
