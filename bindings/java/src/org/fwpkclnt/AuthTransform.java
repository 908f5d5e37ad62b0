// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of IPSEC_AUTH_TRANSFORM0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class AuthTransform {
    public AuthTransformId authTransformId;
    public UUID cryptoModuleId;

    public AuthTransform() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
