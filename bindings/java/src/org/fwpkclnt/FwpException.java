// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/**
 * A failed fwpmk.h call: the exact NTSTATUS the library returned ({@link #code()}), its symbolic
 * name from the generated status table ({@link #name()}, e.g. "FWP_E_NOT_FOUND") and the function
 * that returned it.
 */
public class FwpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String name;
    private final String function;

    public FwpException(String function, int code) {
        this(function, code, statusName(code));
    }

    private FwpException(String function, int code, String name) {
        super(function + " failed: " + name + " (0x" + String.format("%08X", code) + ")");
        this.code = code;
        this.name = name;
        this.function = function;
    }

    static String statusName(int code) {
        String n = ErrorCode.nameOf(code);
        return n != null ? n : String.format("0x%08X", code);
    }

    /** The NTSTATUS / FWP_E_* value, e.g. 0x80320008 (negative as a Java int). */
    public int code() {
        return code;
    }

    /** The symbolic name (ErrorCode), or "0x%08X" for a code the headers do not name. */
    public String name() {
        return name;
    }

    /** The code as an ErrorCode constant, or null if unknown. */
    public ErrorCode errorCode() {
        return ErrorCode.fromCode(code);
    }

    /** The fwpmk.h function that failed, e.g. "IPsecSaContextCreate1". */
    public String function() {
        return function;
    }

    public boolean is(ErrorCode e) {
        return e != null && e.code() == code;
    }

    static void check(String function, int status) {
        if (status != Fwp.STATUS_SUCCESS) throw new FwpException(function, status);
    }
}
