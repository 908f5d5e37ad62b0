// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of IPSEC_SA_BUNDLE0/1 (the v1 superset; v0 calls ignore saLookupContext and qmFilterId). Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaBundle {
    public int flags;
    public SaLifetime lifetime;
    public int idleTimeoutSeconds;
    public int ndAllowClearTimeoutSeconds;
    public IpsecId ipsecId;
    public int napContext;
    public int qmSaId;
    public Sa[] saList;
    /** null: saList.length (0 for null). Results always set it. Given explicitly it is passed as is (raw API). */
    public Integer numSAs;
    public KeyModuleState keyModuleState;
    public int ipVersion;
    public int peerV4PrivateAddress;
    public long mmSaId;
    public int pfsGroup;
    public UUID saLookupContext;
    public long qmFilterId;

    public SaBundle() {}

    /** A bundle of the given SAs (applied in order) for traffic of ipVersion; the rest is 0/null until set. */
    public static SaBundle of(int ipVersion, Sa... sas) {
        SaBundle b = new SaBundle();
        b.ipVersion = ipVersion;
        b.saList = sas.clone();
        return b;
    }

    /** A bundle of one ESP SA with encryption and integrity: the common manual-keying case. */
    public static SaBundle esp(int ipVersion, int spi, SaCipherInformation cipher, SaAuthInformation auth) {
        return of(ipVersion, Sa.espAuthAndCipher(spi, cipher, auth));
    }

    /** A bundle of one AH SA. */
    public static SaBundle ah(int ipVersion, int spi, SaAuthInformation auth) {
        return of(ipVersion, Sa.ah(spi, auth));
    }

    /** Sets qmSaId (the same in both directions of one quick mode); returns this. */
    public SaBundle withQmSaId(int qmSaId) {
        this.qmSaId = qmSaId;
        return this;
    }

    /** Sets the lifetime; returns this. */
    public SaBundle withLifetime(int seconds, int kilobytes, int packets) {
        this.lifetime = SaLifetime.of(seconds, kilobytes, packets);
        return this;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
