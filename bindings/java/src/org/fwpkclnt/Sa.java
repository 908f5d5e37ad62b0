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

    /** An ESP SA with encryption and integrity (IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER). */
    public static Sa espAuthAndCipher(int spi, SaCipherInformation cipher, SaAuthInformation auth) {
        Sa s = of(spi, Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER);
        s.espAuthAndCipherInformation = new SaAuthAndCipherInformation();
        s.espAuthAndCipherInformation.saCipherInformation = cipher;
        s.espAuthAndCipherInformation.saAuthInformation = auth;
        return s;
    }

    /** An ESP SA with integrity only (IPSEC_TRANSFORM_ESP_AUTH). */
    public static Sa espAuth(int spi, SaAuthInformation auth) {
        Sa s = of(spi, Fwp.IPSEC_TRANSFORM_ESP_AUTH);
        s.espAuthInformation = auth;
        return s;
    }

    /** An ESP SA with encryption only (IPSEC_TRANSFORM_ESP_CIPHER). */
    public static Sa espCipher(int spi, SaCipherInformation cipher) {
        Sa s = of(spi, Fwp.IPSEC_TRANSFORM_ESP_CIPHER);
        s.espCipherInformation = cipher;
        return s;
    }

    /** An AH SA (IPSEC_TRANSFORM_AH). */
    public static Sa ah(int spi, SaAuthInformation auth) {
        Sa s = of(spi, Fwp.IPSEC_TRANSFORM_AH);
        s.ahInformation = auth;
        return s;
    }

    private static Sa of(int spi, int type) {
        Sa s = new Sa();
        s.spi = spi;
        s.saTransformType = type;
        return s;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
