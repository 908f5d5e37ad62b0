// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.Arrays;

/**
 * The managed form of FWP_BYTE_BLOB (keys, provider data, key-module state). {@link #of(byte[])}
 * is the normal way to build one. On input the native blob gets {@link #size} bytes: {@link #data}
 * copied and zero-padded, or a NULL data pointer when data is null (which lets tests send
 * {size &gt; 0, NULL}).
 */
public final class ByteBlob {
    public int size;
    public byte[] data;

    public ByteBlob() {}

    public ByteBlob(int size, byte[] data) {
        this.size = size;
        this.data = data;
    }

    public static ByteBlob of(byte[] data) {
        return new ByteBlob(data.length, data.clone());
    }

    /** The bytes as an array (empty for size 0). */
    public byte[] toArray() {
        if (data == null) return new byte[0];
        return data.length == size ? data.clone() : Arrays.copyOf(data, size);
    }

    @Override public String toString() { return "ByteBlob{size=" + Integer.toUnsignedString(size) + "}"; }
    @Override public boolean equals(Object o) { return Values.deepEquals(this, o); }
    @Override public int hashCode() { return Values.deepHash(this); }
}
