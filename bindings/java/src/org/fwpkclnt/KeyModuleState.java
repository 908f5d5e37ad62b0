// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of IPSEC_KEYMODULE_STATE0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class KeyModuleState {
    public UUID keyModuleKey;
    public ByteBlob stateBlob;

    public KeyModuleState() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
