// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;

/** The managed form of FWPM_ACTION0; filterType, calloutKey and bitmapIndex share a union: on input calloutKey wins over filterType over bitmapIndex. Plain mutable data: copied into native memory for a call and out of it for a result. */
public final class Action {
    public int type;
    public UUID filterType;
    public UUID calloutKey;
    public int bitmapIndex;

    public Action() {}

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
