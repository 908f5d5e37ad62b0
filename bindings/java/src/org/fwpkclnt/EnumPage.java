// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/**
 * The out-parameters (entries, numEntriesReturned) of one raw *Enum0/1 call
 * (org.fwpkclnt.nativ.fwpk). After a successful call {@link #entries} is an array of the entry
 * class (Session[], Filter[], SaContext[] or SaDetails[]; empty when nothing was returned) and
 * {@link #count} the native count; after a failure entries is null and count what the library
 * left. {@link #nullEntries} / {@link #nullCount} pass a NULL out-pointer instead (to test the
 * library's checks). The idiomatic API (Engine, Enumerator) never exposes this class's users to
 * native memory: the block was copied and freed before the call returned.
 */
public final class EnumPage {
    public Object[] entries;
    public int count;
    public boolean nullEntries;
    public boolean nullCount;

    public EnumPage() {}
}
