// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of FWPM_FILTER_CONDITION0. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class FilterCondition {
    public UUID fieldKey;
    public int matchType;
    public FwpValue conditionValue;

    public FilterCondition() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
