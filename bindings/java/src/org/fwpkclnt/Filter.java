// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of FWPM_FILTER0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Filter {
    public UUID filterKey;
    public DisplayData displayData;
    public int flags;
    public UUID providerKey;
    public ByteBlob providerData;
    public UUID layerKey;
    public UUID subLayerKey;
    public FwpValue weight;
    public FilterCondition[] filterCondition;
    /** null: filterCondition.length (0 for null). Results always set it. Given explicitly it is passed as is (raw API). */
    public Integer numFilterConditions;
    public Action action;
    public long rawContext;
    public UUID providerContextKey;
    public UUID reserved;
    public long filterId;
    public FwpValue effectiveWeight;

    public Filter() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
