// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers: IPv4 addresses are host-order ints in the WFP structures, IPv6 ones 16 bytes;
 * IPsec traffic between two address literals. */
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

    /**
     * IPsec traffic (IPSEC_TRAFFIC1) of the given type between two address literals of one family
     * ("10.0.0.1" or "2001:db8::1"; no name lookup), matched by filterId (ipsecFilterId, or for
     * tunnel traffic tunnelPolicyId: the same union); ipVersion follows the family.
     */
    public static Traffic traffic(int trafficType, String local, String remote, long filterId) {
        boolean v6 = local.indexOf(':') >= 0;
        if (v6 != remote.indexOf(':') >= 0) throw new IllegalArgumentException("mixed address families: " + local + ", " + remote);
        Traffic.Builder t = Traffic.builder().trafficType(trafficType).ipsecFilterId(filterId);
        if (v6) t.ipVersion(Fwp.FWP_IP_VERSION_V6).localV6Address(v6(local)).remoteV6Address(v6(remote));
        else t.ipVersion(Fwp.FWP_IP_VERSION_V4).localV4Address(v4(local)).remoteV4Address(v4(remote));
        return t.build();
    }

    /** Transport-mode traffic matched by the transport filter ipsecFilterId. */
    public static Traffic transport(String local, String remote, long ipsecFilterId) {
        return traffic(Fwp.IPSEC_TRAFFIC_TYPE_TRANSPORT, local, remote, ipsecFilterId);
    }

    /** Tunnel-mode traffic between two tunnel endpoints. */
    public static Traffic tunnel(String local, String remote, long tunnelPolicyId) {
        return traffic(Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL, local, remote, tunnelPolicyId);
    }
}
