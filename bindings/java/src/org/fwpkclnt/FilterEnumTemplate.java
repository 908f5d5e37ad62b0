// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of FWPM_FILTER_ENUM_TEMPLATE0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class FilterEnumTemplate {
    public UUID providerKey;
    public UUID layerKey;
    public int enumType;
    public int flags;
    public ProviderContextEnumTemplate providerContextTemplate;
    public FilterCondition[] filterCondition;
    /** null: filterCondition.length (0 for null); given explicitly it is passed as is (raw API). */
    public Integer numFilterConditions;
    public int actionMask;
    public UUID calloutKey;

    public FilterEnumTemplate() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
