// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/** The managed form of IPSEC_SA_CONTEXT_ENUM_TEMPLATE0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class SaContextEnumTemplate {
    public FwpValue localSubNet;
    public FwpValue remoteSubNet;

    public SaContextEnumTemplate() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
