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

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
