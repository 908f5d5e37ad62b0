// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import org.fwpkclnt.nativ.fwpk;

/** Library-wide helpers: version and status names. */
public final class Fwpk {
    private Fwpk() {}

    /** FwpkLibVersion(): the loaded library's version string, e.g. "1.1.0". */
    public static String libVersion() {
        return fwpk.FwpkLibVersion();
    }

    /** FwpkLibVersionNumber(): major * 1000000 + minor * 1000 + patch. */
    public static int libVersionNumber() {
        return fwpk.FwpkLibVersionNumber();
    }

    /** The library's own FwpkStatusName(code), or null for a code it never returns (the SDK's
     *  exceptions name codes with the generated {@link ErrorCode#nameOf(int)}). */
    public static String statusName(int code) {
        return fwpk.FwpkStatusName(code);
    }
}
