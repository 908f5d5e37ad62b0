// SPDX-License-Identifier: MIT
package org.fwpkclnt;

/**
 * The managed form of FWP_VALUE0 and FWP_CONDITION_VALUE0: a tagged value whose {@link #type} (an
 * FWP_DATA_TYPE) selects the member that holds it. Integers of every width live in {@link #integer}
 * (zero-extended for unsigned types), FWP_FLOAT/FWP_DOUBLE in {@link #floating}, byte arrays, blobs
 * and SIDs in {@link #bytes}. {@link #v4AddrMask}, {@link #v6AddrMask} and {@link #rangeValue}
 * exist only in condition values.
 *
 * <p>{@link #nullPointer} sends the pointer member of a pointer-held type (FWP_UINT64, FWP_INT64,
 * FWP_DOUBLE, arrays, blobs, strings, masks, ranges) as NULL — only useful to test the library's
 * FWP_E_NULL_POINTER checks.
 */
public final class FwpValue {
    public int type;
    public long integer;
    public double floating;
    public byte[] bytes;
    public String unicodeString;
    public V4AddrAndMask v4AddrMask;
    public V6AddrAndMask v6AddrMask;
    public Range rangeValue;
    public boolean nullPointer;

    public FwpValue() {}

    public static FwpValue empty() { return new FwpValue(); }

    private static FwpValue integer(int type, long v) {
        FwpValue x = new FwpValue();
        x.type = type;
        x.integer = v;
        return x;
    }

    public static FwpValue uint8(int v) { return integer(Fwp.FWP_UINT8, v & 0xFFL); }
    public static FwpValue uint16(int v) { return integer(Fwp.FWP_UINT16, v & 0xFFFFL); }
    public static FwpValue uint32(int v) { return integer(Fwp.FWP_UINT32, v & 0xFFFFFFFFL); }
    public static FwpValue uint64(long v) { return integer(Fwp.FWP_UINT64, v); }
    public static FwpValue int8(int v) { return integer(Fwp.FWP_INT8, (byte) v); }
    public static FwpValue int16(int v) { return integer(Fwp.FWP_INT16, (short) v); }
    public static FwpValue int32(int v) { return integer(Fwp.FWP_INT32, v); }
    public static FwpValue int64(long v) { return integer(Fwp.FWP_INT64, v); }

    public static FwpValue float32(float v) {
        FwpValue x = new FwpValue();
        x.type = Fwp.FWP_FLOAT;
        x.floating = v;
        return x;
    }

    public static FwpValue double64(double v) {
        FwpValue x = new FwpValue();
        x.type = Fwp.FWP_DOUBLE;
        x.floating = v;
        return x;
    }

    private static FwpValue bytes(int type, byte[] b) {
        FwpValue x = new FwpValue();
        x.type = type;
        x.bytes = b;
        return x;
    }

    /** FWP_BYTE_ARRAY16_TYPE: one IPv6 address (16 bytes). */
    public static FwpValue byteArray16(byte[] b) { return bytes(Fwp.FWP_BYTE_ARRAY16_TYPE, b); }
    public static FwpValue byteArray6(byte[] b) { return bytes(Fwp.FWP_BYTE_ARRAY6_TYPE, b); }
    public static FwpValue byteBlob(byte[] b) { return bytes(Fwp.FWP_BYTE_BLOB_TYPE, b); }

    public static FwpValue unicodeString(String s) {
        FwpValue x = new FwpValue();
        x.type = Fwp.FWP_UNICODE_STRING_TYPE;
        x.unicodeString = s;
        return x;
    }

    /** FWP_V4_ADDR_MASK, host byte order (e.g. {@code v4AddrMask(Ip.v4("10.0.0.0"), 0xFFFFFF00)}). */
    public static FwpValue v4AddrMask(int addr, int mask) {
        FwpValue x = new FwpValue();
        x.type = Fwp.FWP_V4_ADDR_MASK;
        x.v4AddrMask = new V4AddrAndMask();
        x.v4AddrMask.addr = addr;
        x.v4AddrMask.mask = mask;
        return x;
    }

    public static FwpValue v6AddrMask(byte[] addr, int prefixLength) {
        FwpValue x = new FwpValue();
        x.type = Fwp.FWP_V6_ADDR_MASK;
        x.v6AddrMask = new V6AddrAndMask();
        x.v6AddrMask.addr = addr;
        x.v6AddrMask.prefixLength = prefixLength;
        return x;
    }

    public static FwpValue range(FwpValue low, FwpValue high) {
        FwpValue x = new FwpValue();
        x.type = Fwp.FWP_RANGE_TYPE;
        x.rangeValue = new Range();
        x.rangeValue.valueLow = low;
        x.rangeValue.valueHigh = high;
        return x;
    }

    @Override public String toString() { return Values.describe(this); }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
