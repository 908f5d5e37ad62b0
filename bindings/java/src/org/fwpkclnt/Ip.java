// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers: IPv4 addresses are host-order ints in the WFP structures, IPv6 ones 16 bytes. */
public final class Ip {
    private Ip() {}

    /** "10.0.0.1" -> 0x0A000001. */
    public static int v4(String dotted) {
        String[] p = dotted.split("\\.", -1);
        if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        int v = 0;
        for (String s : p) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            v = (v << 8) | b;
        }
        return v;
    }

    /** 0x0A000001 -> "10.0.0.1". */
    public static String v4String(int addr) {
        return ((addr >>> 24) & 0xFF) + "." + ((addr >>> 16) & 0xFF) + "." + ((addr >>> 8) & 0xFF) + "." + (addr & 0xFF);
    }

    /** "2001:db8::1" -> its 16 bytes (network order). Literals only: no name lookup happens. */
    public static byte[] v6(String text) {
        if (text.indexOf(':') < 0) throw new IllegalArgumentException("not an IPv6 address: " + text);
        try {
            byte[] b = InetAddress.getByName(text).getAddress();
            if (b.length != 16) throw new IllegalArgumentException("not an IPv6 address: " + text);
            return b;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }
}
