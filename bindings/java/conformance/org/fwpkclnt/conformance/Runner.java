// SPDX-License-Identifier: MIT
package org.fwpkclnt.conformance;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fwpkclnt.Action;
import org.fwpkclnt.AuthTransform;
import org.fwpkclnt.AuthTransformId;
import org.fwpkclnt.ByteBlob;
import org.fwpkclnt.CipherTransform;
import org.fwpkclnt.CipherTransformId;
import org.fwpkclnt.DisplayData;
import org.fwpkclnt.EnumPage;
import org.fwpkclnt.Engine;
import org.fwpkclnt.Filter;
import org.fwpkclnt.FilterCondition;
import org.fwpkclnt.FilterEnumTemplate;
import org.fwpkclnt.Fwp;
import org.fwpkclnt.FwpException;
import org.fwpkclnt.FwpValue;
import org.fwpkclnt.Fwpk;
import org.fwpkclnt.GetSpi;
import org.fwpkclnt.Guids;
import org.fwpkclnt.Ip;
import org.fwpkclnt.IpsecId;
import org.fwpkclnt.KeyModuleState;
import org.fwpkclnt.ProviderContextEnumTemplate;
import org.fwpkclnt.Sa;
import org.fwpkclnt.SaAuthAndCipherInformation;
import org.fwpkclnt.SaAuthInformation;
import org.fwpkclnt.SaBundle;
import org.fwpkclnt.SaCipherInformation;
import org.fwpkclnt.SaContext;
import org.fwpkclnt.SaContextEnumTemplate;
import org.fwpkclnt.SaDetails;
import org.fwpkclnt.SaEnumTemplate;
import org.fwpkclnt.SaLifetime;
import org.fwpkclnt.Session;
import org.fwpkclnt.SessionEnumTemplate;
import org.fwpkclnt.Statistics;
import org.fwpkclnt.Token;
import org.fwpkclnt.Traffic;
import org.fwpkclnt.V4UdpEncapsulation;
import org.fwpkclnt.VirtualIfTunnelInfo;
import org.fwpkclnt.nativ.fwpk;

/**
 * The Java conformance runner (tests/conformance/FORMAT.md), a port of runner_c.c:
 *
 * <pre>runner &lt;scenario-dir&gt; &lt;trace-out-dir&gt;</pre>
 *
 * One parser, one dispatch table by call name. Every step goes through the Java binding: the raw
 * layer {@link fwpk} (Java null = NULL pointer, holder arrays, lying counts, raw handles and enum
 * integers) for the calls, the idiomatic layer for values ({@link FwpValue}, {@link Ip},
 * {@link Guids}, {@link Fwp}), the status names ({@link Fwpk}) and the untraced reset
 * ({@link Engine}). The trace is written as bytes (ISO-8859-1, the C runner's (char) cast of
 * wide names), ASCII in practice.
 */
public final class Runner {
    static final String EXPIRE_DELAY = "500";
    static final long FORGED_HANDLE = 0x4242424242424242L;

    // ------------------------------------------------------------------ errors

    /** A scenario the runner cannot execute (FORMAT.md §5.4). */
    static final class RunnerError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunnerError(String msg) {
            super(msg, null, false, false);
        }
    }

    static RunnerError rerr(String fmt, Object... args) {
        return new RunnerError(String.format(fmt, args));
    }

    // ------------------------------------------------------------------ name tables

    /** name -> value, in table order (printing takes the first name of a value). */
    static final class Names {
        final String[] names;
        final long[] values;

        Names(Object... pairs) {
            names = new String[pairs.length / 2];
            values = new long[pairs.length / 2];
            for (int i = 0; i < names.length; i++) {
                names[i] = (String) pairs[2 * i];
                values[i] = ((Number) pairs[2 * i + 1]).longValue();
            }
        }

        long parse(String s) {
            for (int i = 0; i < names.length; i++) if (names[i].equals(s)) return values[i];
            return num(s);
        }

        /** The name of v (a UINT32-sized C enum value), or its unsigned decimal. */
        String print(int v) {
            long u = v & 0xFFFFFFFFL;
            for (int i = 0; i < names.length; i++) if (values[i] == u) return names[i];
            return Long.toUnsignedString(u);
        }
    }

    static final Names T_IPV = new Names("V4", 0, "V6", 1, "NONE", 2);
    static final Names T_DIR = new Names("OUT", Fwp.FWP_DIRECTION_OUTBOUND, "IN", Fwp.FWP_DIRECTION_INBOUND);
    static final Names T_TTYPE = new Names("TRANSPORT", 0, "TUNNEL", Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL);
    static final Names T_XFORM = new Names("AH", 1, "ESP_AUTH", 2, "ESP_CIPHER", 3, "ESP_AUTH_AND_CIPHER", 4,
            "ESP_AUTH_FW", 5);
    static final Names T_AUTH = new Names("MD5", 0, "SHA_1", 1, "SHA_256", 2, "AES_128", 3, "AES_192", 4,
            "AES_256", 5);
    static final Names T_AUTHCFG = new Names("HMAC_MD5_96", 0, "HMAC_SHA_1_96", 1, "HMAC_SHA_256_128", 2,
            "GCM_AES_128", 3, "GCM_AES_192", 4, "GCM_AES_256", 5);
    static final Names T_CIPHER = new Names("DES", 1, "3DES", 2, "AES_128", 3, "AES_192", 4, "AES_256", 5);
    static final Names T_CIPHERCFG = new Names("CBC_DES", 1, "CBC_3DES", 2, "CBC_AES_128", 3, "CBC_AES_192", 4,
            "CBC_AES_256", 5, "GCM_AES_128", 6, "GCM_AES_192", 7, "GCM_AES_256", 8);
    static final Names T_MATCH = new Names("EQUAL", 0, "GREATER", 1, "LESS", 2, "GREATER_OR_EQUAL", 3,
            "LESS_OR_EQUAL", 4, "RANGE", 5, "FLAGS_ALL_SET", 6, "FLAGS_ANY_SET", 7, "FLAGS_NONE_SET", 8,
            "EQUAL_CASE_INSENSITIVE", 9, "NOT_EQUAL", 10, "PREFIX", 11, "NOT_PREFIX", 12);
    static final Names T_ACTION = new Names("BLOCK", Fwp.FWP_ACTION_BLOCK, "PERMIT", Fwp.FWP_ACTION_PERMIT,
            "CALLOUT_TERMINATING", Fwp.FWP_ACTION_CALLOUT_TERMINATING,
            "CALLOUT_INSPECTION", Fwp.FWP_ACTION_CALLOUT_INSPECTION,
            "CALLOUT_UNKNOWN", Fwp.FWP_ACTION_CALLOUT_UNKNOWN);
    static final Names T_ENUMTYPE = new Names("FULLY_CONTAINED", 0, "OVERLAPPING", 1);

    /** name -> GUID, in table order. */
    static final class GuidNames {
        final String[] names;
        final UUID[] guids;

        GuidNames(Object... pairs) {
            names = new String[pairs.length / 2];
            guids = new UUID[pairs.length / 2];
            for (int i = 0; i < names.length; i++) {
                names[i] = (String) pairs[2 * i];
                guids[i] = (UUID) pairs[2 * i + 1];
            }
        }

        UUID parse(String s) {
            for (int i = 0; i < names.length; i++) if (names[i].equals(s)) return guids[i];
            return parseGuid(s);
        }

        String name(UUID g) {
            for (int i = 0; i < names.length; i++) if (guids[i].equals(g)) return names[i];
            return null;
        }
    }

    static final GuidNames T_LAYER = new GuidNames(
            "INBOUND_TRANSPORT_V4", Guids.FWPM_LAYER_INBOUND_TRANSPORT_V4,
            "INBOUND_TRANSPORT_V6", Guids.FWPM_LAYER_INBOUND_TRANSPORT_V6,
            "OUTBOUND_TRANSPORT_V4", Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V4,
            "OUTBOUND_TRANSPORT_V6", Guids.FWPM_LAYER_OUTBOUND_TRANSPORT_V6,
            "IPSEC_V4", Guids.FWPM_LAYER_IPSEC_V4, "IPSEC_V6", Guids.FWPM_LAYER_IPSEC_V6,
            "IKEEXT_V4", Guids.FWPM_LAYER_IKEEXT_V4, "IKEEXT_V6", Guids.FWPM_LAYER_IKEEXT_V6);
    static final GuidNames T_CALLOUT = new GuidNames(
            "IPSEC_INBOUND_TRANSPORT_V4", Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4,
            "IPSEC_INBOUND_TRANSPORT_V6", Guids.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6,
            "IPSEC_OUTBOUND_TRANSPORT_V4", Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4,
            "IPSEC_OUTBOUND_TRANSPORT_V6", Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6,
            "IPSEC_INBOUND_TUNNEL_V4", Guids.FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4,
            "IPSEC_INBOUND_TUNNEL_V6", Guids.FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6,
            "IPSEC_OUTBOUND_TUNNEL_V4", Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4,
            "IPSEC_OUTBOUND_TUNNEL_V6", Guids.FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6);
    static final GuidNames T_FIELD = new GuidNames(
            "local_addr", Guids.FWPM_CONDITION_IP_LOCAL_ADDRESS,
            "remote_addr", Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS,
            "local_port", Guids.FWPM_CONDITION_IP_LOCAL_PORT,
            "remote_port", Guids.FWPM_CONDITION_IP_REMOTE_PORT,
            "protocol", Guids.FWPM_CONDITION_IP_PROTOCOL);

    // ------------------------------------------------------------------ numbers, addresses, keys

    static final Pattern DEC = Pattern.compile("[0-9]+");
    static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");

    /** A scenario number: decimal or 0x hex, the range of UINT64 (strtoull). */
    static long num(String s) {
        try {
            if (s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
                String h = s.substring(2);
                if (!HEX.matcher(h).matches()) throw rerr("bad number '%s'", s);
                return h.isEmpty() ? 0 : Long.parseUnsignedLong(h, 16);
            }
            if (!DEC.matcher(s).matches()) throw rerr("bad number '%s'", s);
            return Long.parseUnsignedLong(s, 10);
        } catch (NumberFormatException e) {
            throw rerr("bad number '%s'", s);
        }
    }

    static int u32(String s) {
        return (int) num(s);
    }

    static final Pattern GUID_BODY = Pattern.compile(
            "([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})");

    static UUID guidBody(String s) {
        Matcher m = GUID_BODY.matcher(s);
        if (!m.matches()) return null;
        long msb = (Long.parseLong(m.group(1), 16) << 32) | (Long.parseLong(m.group(2), 16) << 16)
                | Long.parseLong(m.group(3), 16);
        long lsb = (Long.parseLong(m.group(4), 16) << 48) | Long.parseLong(m.group(5), 16);
        return new UUID(msb, lsb);
    }

    static UUID parseGuid(String s) {
        if (s.equals("zero")) return Guids.ZERO;
        if (!s.startsWith("guid:")) throw rerr("bad guid '%s'", s);
        UUID g = guidBody(s.substring(5));
        if (g == null) throw rerr("bad guid '%s'", s);
        return g;
    }

    /** Dotted quad -> host-order UINT32 (inet_pton rules: 4 parts, 0..255, no leading zeros). */
    static int parseV4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) throw rerr("bad v4 '%s'", s);
        int v = 0;
        for (String x : p) {
            if (x.isEmpty() || x.length() > 3 || !DEC.matcher(x).matches() || (x.length() > 1 && x.charAt(0) == '0'))
                throw rerr("bad v4 '%s'", s);
            int b = Integer.parseInt(x);
            if (b > 255) throw rerr("bad v4 '%s'", s);
            v = (v << 8) | b;
        }
        return v;
    }

    static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:]+");

    /** Textual IPv6 (RFC 4291, "::" allowed, no zone, no embedded v4) -> 16 bytes. */
    static byte[] parseV6(String s) {
        if (!V6_CHARS.matcher(s).matches() || s.indexOf(':') < 0) throw rerr("bad v6 '%s'", s);
        try {
            return Ip.v6(s); // a literal: no name lookup
        } catch (IllegalArgumentException e) {
            throw rerr("bad v6 '%s'", s);
        }
    }

    static int prefixMask(long p) {
        return p == 0 ? 0 : (int) (0xFFFFFFFFL << (32 - p));
    }

    /** Key form: HEX, "empty" -> {0, NULL}, "null:N" -> {N, NULL}. */
    static ByteBlob parseBlob(String s) {
        if (s.equals("empty")) return new ByteBlob(0, null);
        if (s.startsWith("null:")) return new ByteBlob(u32(s.substring(5)), null);
        if (s.length() % 2 != 0) throw rerr("odd hex '%s'", s);
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16), lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0 || s.charAt(2 * i) > 0x7F || s.charAt(2 * i + 1) > 0x7F) throw rerr("bad hex '%s'", s);
            b[i] = (byte) (hi << 4 | lo);
        }
        return new ByteBlob(b.length, b);
    }

    static final Pattern TWO = Pattern.compile("([0-9]+):([0-9]+).*");
    static final Pattern THREE = Pattern.compile("([0-9]+):([0-9]+):([0-9]+).*");

    static long[] nums(Pattern p, String s, String what) {
        Matcher m = p.matcher(s);
        if (!m.matches()) throw rerr("bad %s '%s'", what, s);
        long[] r = new long[m.groupCount()];
        try {
            for (int i = 0; i < r.length; i++) r[i] = Long.parseUnsignedLong(m.group(i + 1));
        } catch (NumberFormatException e) {
            throw rerr("bad %s '%s'", what, s);
        }
        return r;
    }

    // ------------------------------------------------------------------ per-scenario state

    static final int VK_HANDLE = 1, VK_FILTER = 2, VK_CTX = 3, VK_SPI = 4;

    static final class Var {
        int kind;
        long val;
    }

    /** Variables in first-binding order (rebinding keeps the position, as in the C runner). */
    final LinkedHashMap<String, Var> vars = new LinkedHashMap<>();
    /** Declarations: NAME -> built value object (never mutated once stored). */
    final Map<String, Object> decls = new HashMap<>();
    /** GUID literals written anywhere in the scenario. */
    final List<UUID> lits = new ArrayList<>();

    int baseAdded, baseDeleted;
    final List<Long> openHandles = new ArrayList<>();
    final long selfPid = ProcessHandle.current().pid();

    void bind(String name, int kind, long v) {
        Var x = vars.get(name);
        if (x == null) {
            x = new Var();
            vars.put(name, x);
        }
        x.kind = kind;
        x.val = v;
    }

    long varVal(String s) {
        Var x = vars.get(s);
        if (x == null) throw rerr("unbound %s", s);
        return x.val;
    }

    long idval(String s) {
        return s.startsWith("$") ? varVal(s) : num(s);
    }

    long hval(String s) {
        if (s.equals("null")) return 0;
        if (s.equals("forged")) return FORGED_HANDLE;
        if (!s.startsWith("$")) throw rerr("bad handle '%s'", s);
        return varVal(s);
    }

    String id(int kind, long v) {
        if (v == 0) return "0";
        for (Map.Entry<String, Var> e : vars.entrySet())
            if (e.getValue().kind == kind && e.getValue().val == v) return e.getKey();
        return kind == VK_SPI ? Long.toUnsignedString(v) : "?";
    }

    String key(UUID g) {
        if (g == null || g.equals(Guids.ZERO)) return "zero";
        for (UUID l : lits) if (l.equals(g)) return "guid:" + g.toString();
        return "gen";
    }

    String guidNamed(GuidNames t, UUID g) {
        String n = g == null ? null : t.name(g);
        return n != null ? n : key(g);
    }

    @SuppressWarnings("unchecked")
    <T> T decl(String name, Class<T> kind) {
        Object o = decls.get(name);
        if (o == null) throw rerr("unknown declaration %s", name);
        if (!kind.isInstance(o)) throw rerr("declaration %s has wrong kind", name);
        return (T) o;
    }

    /** null when the value is absent or "null". */
    <T> T declOpt(String v, Class<T> kind) {
        return v == null || v.equals("null") ? null : decl(v, kind);
    }

    // ------------------------------------------------------------------ arguments

    static final class Args {
        final List<String> k = new ArrayList<>(), v = new ArrayList<>();
        final List<Boolean> used = new ArrayList<>();

        String get(String key) {
            for (int i = 0; i < k.size(); i++)
                if (k.get(i).equals(key)) {
                    used.set(i, true);
                    return v.get(i);
                }
            return null;
        }

        String req(String key) {
            String x = get(key);
            if (x == null) throw rerr("missing %s=", key);
            return x;
        }

        boolean is(String key, String val) {
            String x = get(key);
            return x != null && x.equals(val);
        }

        String or(String key, String dflt) {
            String x = get(key);
            return x != null ? x : dflt;
        }

        void checkUsed() {
            for (int i = 0; i < k.size(); i++) if (!used.get(i)) throw rerr("unknown key %s", k.get(i));
        }
    }

    // ------------------------------------------------------------------ values (§2.1)

    FwpValue parseCvalue(String s) {
        if (s.equals("empty")) return FwpValue.empty();
        int colon = s.indexOf(':');
        if (colon < 0 || colon >= 32) throw rerr("bad value '%s'", s);
        String kind = s.substring(0, colon), v = s.substring(colon + 1);
        switch (kind) {
        case "u8": return FwpValue.uint8((int) num(v));
        case "u16": return FwpValue.uint16((int) num(v));
        case "u32": return FwpValue.uint32((int) num(v));
        case "u64": return FwpValue.uint64(num(v));
        case "v4": return FwpValue.uint32(parseV4(v));
        case "v6": return FwpValue.byteArray16(parseV6(v));
        case "v4mask":
        case "v6mask": {
            int sl = v.lastIndexOf('/');
            if (sl < 0 || sl >= 64) throw rerr("bad mask '%s'", s);
            String addr = v.substring(0, sl), m = v.substring(sl + 1);
            if (kind.equals("v4mask")) {
                int mask;
                if (m.indexOf('.') >= 0) mask = parseV4(m);
                else {
                    long p = num(m);
                    if (Long.compareUnsigned(p, 32) > 0) throw rerr("bad prefix '%s'", s);
                    mask = prefixMask(p);
                }
                return FwpValue.v4AddrMask(parseV4(addr), mask);
            }
            return FwpValue.v6AddrMask(parseV6(addr), (int) (num(m) & 0xFF));
        }
        case "range": {
            int dd = v.indexOf("..");
            if (dd < 0 || dd >= 64) throw rerr("bad range '%s'", s);
            return FwpValue.range(parseCvalue(v.substring(0, dd)), parseCvalue(v.substring(dd + 2)));
        }
        case "null": {
            FwpValue x = new FwpValue();
            switch (v) {
            case "u64": x.type = Fwp.FWP_UINT64; break;
            case "v6": x.type = Fwp.FWP_BYTE_ARRAY16_TYPE; break;
            case "v4mask": x.type = Fwp.FWP_V4_ADDR_MASK; break;
            case "v6mask": x.type = Fwp.FWP_V6_ADDR_MASK; break;
            case "range": x.type = Fwp.FWP_RANGE_TYPE; break;
            default: throw rerr("bad null kind '%s'", s);
            }
            x.nullPointer = true;
            return x;
        }
        case "type": {
            FwpValue x = new FwpValue();
            x.type = (int) num(v);
            x.nullPointer = true; // union all-zero: pointer members NULL
            return x;
        }
        default:
            throw rerr("bad value kind '%s'", s);
        }
    }

    static String v4(int a) {
        return Ip.v4String(a);
    }

    static String hex(byte[] p, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(String.format("%02x", p != null && i < p.length ? p[i] & 0xFF : 0));
        return b.toString();
    }

    static String blob(ByteBlob bl) {
        int size = bl == null ? 0 : bl.size;
        if (size == 0) return "empty";
        if (bl.data == null) return "null:" + Integer.toUnsignedString(size);
        return hex(bl.data, size);
    }

    static String cvalue(FwpValue cv, boolean isAddr) {
        if (cv == null) return "empty";
        switch (cv.type) {
        case Fwp.FWP_EMPTY: return "empty";
        case Fwp.FWP_UINT8: return "u8:" + (cv.integer & 0xFF);
        case Fwp.FWP_UINT16: return "u16:" + (cv.integer & 0xFFFF);
        case Fwp.FWP_UINT32:
            return isAddr ? "v4:" + v4((int) cv.integer) : "u32:" + (cv.integer & 0xFFFFFFFFL);
        case Fwp.FWP_UINT64:
            return cv.nullPointer ? "null:u64" : "u64:" + Long.toUnsignedString(cv.integer);
        case Fwp.FWP_BYTE_ARRAY16_TYPE:
            return cv.nullPointer || cv.bytes == null ? "null:v6" : "v6:" + hex(cv.bytes, 16);
        case Fwp.FWP_V4_ADDR_MASK:
            if (cv.v4AddrMask == null) return "null:v4mask";
            return "v4mask:" + v4(cv.v4AddrMask.addr) + "/" + v4(cv.v4AddrMask.mask);
        case Fwp.FWP_V6_ADDR_MASK:
            if (cv.v6AddrMask == null) return "null:v6mask";
            return "v6mask:" + hex(cv.v6AddrMask.addr, 16) + "/" + (cv.v6AddrMask.prefixLength & 0xFF);
        case Fwp.FWP_RANGE_TYPE:
            if (cv.rangeValue == null) return "null:range";
            return "range:" + value0(cv.rangeValue.valueLow, isAddr) + ".." + value0(cv.rangeValue.valueHigh, isAddr);
        default:
            return "type:" + Integer.toUnsignedString(cv.type);
        }
    }

    /** Range bounds (FWP_VALUE0) print like condition values of the same field. */
    static String value0(FwpValue v, boolean isAddr) {
        if (v != null && Integer.compareUnsigned(v.type, Fwp.FWP_SINGLE_DATA_TYPE_MAX) > 0)
            return "type:" + Integer.toUnsignedString(v.type);
        return cvalue(v, isAddr);
    }

    /** A wide string as the C runner prints it: each character cast to char (one byte). */
    static String wname(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append((char) (cp & 0xFF)));
        return b.toString();
    }

    // ------------------------------------------------------------------ declarations (§3)

    interface Decl {
        void build(Runner r, String name, Args a);
    }

    static final Map<String, Decl> DECLS = new HashMap<>();

    static {
        DECLS.put("cond", Runner::declCond);
        DECLS.put("filter", Runner::declFilter);
        DECLS.put("ftmpl", Runner::declFtmpl);
        DECLS.put("traffic", Runner::declTraffic);
        DECLS.put("getspi", Runner::declGetspi);
        DECLS.put("sa", Runner::declSa);
        DECLS.put("bundle", Runner::declBundle);
        DECLS.put("details", Runner::declDetails);
        DECLS.put("ctxval", Runner::declCtxval);
        DECLS.put("ctmpl", Runner::declCtmpl);
    }

    /** conds= / ncond=: the array (null for none/null) and the count override. */
    FilterCondition[] conds(Args a, Integer[] count) {
        String c = a.get("conds"), nc = a.get("ncond");
        FilterCondition[] arr = null;
        if (c != null && !c.equals("null") && !c.equals("none")) {
            List<FilterCondition> l = new ArrayList<>();
            for (String t : c.split(",")) {
                if (t.isEmpty()) continue;
                l.add(decl(t, FilterCondition.class));
            }
            arr = l.toArray(new FilterCondition[0]);
        }
        count[0] = nc != null ? Integer.valueOf(u32(nc)) : null;
        return arr;
    }

    void declCond(String name, Args a) {
        FilterCondition c = new FilterCondition();
        c.fieldKey = T_FIELD.parse(a.req("field"));
        c.matchType = (int) T_MATCH.parse(a.req("match"));
        c.conditionValue = parseCvalue(a.req("value"));
        decls.put(name, c);
    }

    void declFilter(String name, Args a) {
        Filter f = new Filter();
        String v;
        f.layerKey = T_LAYER.parse(a.req("layer"));
        f.action = new Action();
        f.action.type = (int) T_ACTION.parse(a.req("action"));
        f.action.calloutKey = Guids.ZERO;
        if ((v = a.get("callout")) != null) f.action.calloutKey = T_CALLOUT.parse(v);
        Integer[] n = new Integer[1];
        f.filterCondition = conds(a, n);
        f.numFilterConditions = n[0];
        f.displayData = new DisplayData();
        v = a.get("name");
        f.displayData.name = v == null ? name : v.equals("null") ? null : v;
        if ((v = a.get("flags")) != null) f.flags = u32(v);
        f.weight = FwpValue.empty();
        if ((v = a.get("weight")) != null) f.weight = parseCvalue(v);
        f.filterKey = Guids.ZERO;
        if ((v = a.get("key")) != null) f.filterKey = parseGuid(v);
        f.subLayerKey = Guids.ZERO;
        if ((v = a.get("sublayer")) != null) f.subLayerKey = v.equals("UNIVERSAL") ? Guids.FWPM_SUBLAYER_UNIVERSAL : parseGuid(v);
        if ((v = a.get("provider")) != null) f.providerKey = parseGuid(v);
        if ((v = a.get("pdata")) != null) f.providerData = parseBlob(v);
        if ((v = a.get("reserved")) != null) {
            if (!v.equals("set")) throw rerr("reserved=set");
            f.reserved = Guids.ZERO;
        }
        decls.put(name, f);
    }

    void declFtmpl(String name, Args a) {
        FilterEnumTemplate t = new FilterEnumTemplate();
        String v;
        t.layerKey = Guids.ZERO;
        if ((v = a.get("layer")) != null) t.layerKey = T_LAYER.parse(v);
        t.enumType = 0;
        if ((v = a.get("enumtype")) != null) t.enumType = (int) T_ENUMTYPE.parse(v);
        if ((v = a.get("flags")) != null) t.flags = u32(v);
        Integer[] n = new Integer[1];
        t.filterCondition = conds(a, n);
        t.numFilterConditions = n[0];
        t.actionMask = 0xFFFFFFFF;
        if ((v = a.get("actionmask")) != null) t.actionMask = u32(v);
        if ((v = a.get("callout")) != null) t.calloutKey = T_CALLOUT.parse(v);
        if ((v = a.get("provider")) != null) t.providerKey = parseGuid(v);
        if ((v = a.get("pctx")) != null) {
            if (!v.equals("set")) throw rerr("pctx=set");
            t.providerContextTemplate = new ProviderContextEnumTemplate();
        }
        decls.put(name, t);
    }

    void declTraffic(String name, Args a) {
        Traffic t = new Traffic();
        String v;
        t.ipVersion = (int) T_IPV.parse(a.req("v"));
        if ((v = a.get("type")) != null) t.trafficType = (int) T_TTYPE.parse(v);
        boolean v6 = t.ipVersion == Fwp.FWP_IP_VERSION_V6;
        if (v6) {
            t.localV6Address = new byte[16];
            t.remoteV6Address = new byte[16];
        }
        if ((v = a.get("local")) != null) {
            if (v6) t.localV6Address = parseV6(v);
            else t.localV4Address = parseV4(v);
        }
        if ((v = a.get("remote")) != null) {
            if (v6) t.remoteV6Address = parseV6(v);
            else t.remoteV4Address = parseV4(v);
        }
        // ipsecFilterId / tunnelPolicyId are one union: the binding reads the member of the type
        long union = 0;
        if ((v = a.get("filter")) != null) union = idval(v);
        if ((v = a.get("policy")) != null) union = idval(v);
        t.ipsecFilterId = union;
        t.tunnelPolicyId = union;
        if ((v = a.get("rport")) != null) t.remotePort = (int) (num(v) & 0xFFFF);
        if ((v = a.get("lport")) != null) t.localPort = (int) (num(v) & 0xFFFF);
        if ((v = a.get("proto")) != null) t.ipProtocol = (int) (num(v) & 0xFF);
        if ((v = a.get("luid")) != null) t.localIfLuid = num(v);
        if ((v = a.get("profile")) != null) t.realIfProfileId = u32(v);
        decls.put(name, t);
    }

    static V4UdpEncapsulation parseUdp(String v) {
        if (v == null || v.equals("null")) return null;
        long[] x = nums(TWO, v, "udp");
        V4UdpEncapsulation u = new V4UdpEncapsulation();
        u.localUdpEncapPort = (int) (x[0] & 0xFFFF);
        u.remoteUdpEncapPort = (int) (x[1] & 0xFFFF);
        return u;
    }

    void declGetspi(String name, Args a) {
        GetSpi g = new GetSpi();
        String v;
        Traffic t = decl(a.req("traffic"), Traffic.class);
        g.inboundIpsecTraffic = t;
        g.ipVersion = t.ipVersion;
        if ((v = a.get("v")) != null) g.ipVersion = (int) T_IPV.parse(v);
        g.inboundUdpEncapsulation = parseUdp(a.get("udp"));
        if ((v = a.get("rng")) != null) {
            if (!v.equals("set")) throw rerr("rng=set");
            g.rngCryptoModuleID = Guids.ZERO;
        }
        decls.put(name, g);
    }

    void declSa(String name, Args a) {
        Sa s = new Sa();
        String v;
        s.saTransformType = (int) T_XFORM.parse(a.req("type"));
        s.spi = (int) idval(a.req("spi"));
        SaAuthInformation ai = new SaAuthInformation();
        ai.authTransform = new AuthTransform();
        ai.authTransform.authTransformId = new AuthTransformId();
        ai.authTransform.authTransformId.authType = (int) T_AUTH.parse(a.or("auth", "SHA_1"));
        ai.authTransform.authTransformId.authConfig = ai.authTransform.authTransformId.authType;
        if ((v = a.get("authcfg")) != null) ai.authTransform.authTransformId.authConfig = (int) T_AUTHCFG.parse(v);
        ai.authKey = parseBlob(a.or("akey", "00112233445566778899aabbccddeeff"));
        if ((v = a.get("amodule")) != null) {
            if (!v.equals("set")) throw rerr("amodule=set");
            ai.authTransform.cryptoModuleId = Guids.ZERO;
        }
        SaCipherInformation ci = new SaCipherInformation();
        ci.cipherTransform = new CipherTransform();
        ci.cipherTransform.cipherTransformId = new CipherTransformId();
        ci.cipherTransform.cipherTransformId.cipherType = (int) T_CIPHER.parse(a.or("cipher", "AES_128"));
        ci.cipherTransform.cipherTransformId.cipherConfig = ci.cipherTransform.cipherTransformId.cipherType;
        if ((v = a.get("ciphercfg")) != null) ci.cipherTransform.cipherTransformId.cipherConfig = (int) T_CIPHERCFG.parse(v);
        ci.cipherKey = parseBlob(a.or("ckey", "ffeeddccbbaa99887766554433221100"));
        if ((v = a.get("cmodule")) != null) {
            if (!v.equals("set")) throw rerr("cmodule=set");
            ci.cipherTransform.cryptoModuleId = Guids.ZERO;
        }
        switch (s.saTransformType) {
        case 1: s.ahInformation = ai; break;
        case 2: s.espAuthInformation = ai; break;
        case 5: s.espAuthFwInformation = ai; break;
        case 3: s.espCipherInformation = ci; break;
        case 4:
            s.espAuthAndCipherInformation = new SaAuthAndCipherInformation();
            s.espAuthAndCipherInformation.saCipherInformation = ci;
            s.espAuthAndCipherInformation.saAuthInformation = ai;
            break;
        default: // an undefined type: the union points at a zeroed auth-and-cipher information
            s.espAuthAndCipherInformation = new SaAuthAndCipherInformation();
            break;
        }
        if ((v = a.get("info")) != null) {
            if (!v.equals("null")) throw rerr("info=null");
            s.ahInformation = s.espAuthInformation = s.espAuthFwInformation = null;
            s.espCipherInformation = null;
            s.espAuthAndCipherInformation = null;
        }
        decls.put(name, s);
    }

    void declBundle(String name, Args a) {
        SaBundle b = new SaBundle();
        String v = a.req("sas");
        int n = 0;
        if (!v.equals("null")) {
            List<Sa> l = new ArrayList<>();
            for (String t : v.split(",")) {
                if (t.isEmpty()) continue;
                l.add(decl(t, Sa.class));
            }
            b.saList = l.toArray(new Sa[0]);
            n = b.saList.length;
        }
        b.numSAs = n;
        if ((v = a.get("numsas")) != null) b.numSAs = u32(v);
        if ((v = a.get("flags")) != null) b.flags = u32(v);
        b.lifetime = new SaLifetime();
        if ((v = a.get("life")) != null) {
            long[] x = nums(THREE, v, "life");
            b.lifetime.lifetimeSeconds = (int) x[0];
            b.lifetime.lifetimeKilobytes = (int) x[1];
            b.lifetime.lifetimePackets = (int) x[2];
        }
        if ((v = a.get("idle")) != null) b.idleTimeoutSeconds = u32(v);
        if ((v = a.get("nd")) != null) b.ndAllowClearTimeoutSeconds = u32(v);
        if ((v = a.get("nap")) != null) b.napContext = u32(v);
        b.qmSaId = 1;
        if ((v = a.get("qm")) != null) b.qmSaId = u32(v);
        b.ipVersion = 0;
        if ((v = a.get("v")) != null) b.ipVersion = (int) T_IPV.parse(v);
        if ((v = a.get("peer4")) != null) b.peerV4PrivateAddress = parseV4(v);
        if ((v = a.get("mmsa")) != null) b.mmSaId = num(v);
        if ((v = a.get("pfs")) != null) b.pfsGroup = u32(v);
        String ip = a.get("ipsecid"), lg = a.get("logon"), tk = a.get("tokens");
        if (ip != null || lg != null || tk != null) {
            b.ipsecId = new IpsecId();
            b.ipsecId.numTokens = 0;
            if (lg != null) b.ipsecId.logonId = num(lg);
            if (tk != null) {
                if (tk.startsWith("null:")) b.ipsecId.numTokens = u32(tk.substring(5));
                else {
                    long[] x = nums(THREE, tk, "tokens");
                    Token t = new Token();
                    t.type = (int) x[0];
                    t.principal = (int) x[1];
                    t.mode = (int) x[2];
                    b.ipsecId.tokens = new Token[] {t};
                    b.ipsecId.numTokens = 1;
                }
            }
        }
        if ((v = a.get("keymod")) != null) {
            b.keyModuleState = new KeyModuleState();
            b.keyModuleState.keyModuleKey = Guids.ZERO;
            b.keyModuleState.stateBlob = parseBlob(v);
        }
        decls.put(name, b);
    }

    void declDetails(String name, Args a) {
        SaDetails d = new SaDetails();
        String v;
        Traffic t = decl(a.req("traffic"), Traffic.class);
        d.traffic = t;
        d.saBundle = decl(a.req("bundle"), SaBundle.class);
        d.ipVersion = t.ipVersion;
        if ((v = a.get("v")) != null) d.ipVersion = (int) T_IPV.parse(v);
        d.saDirection = Fwp.FWP_DIRECTION_OUTBOUND;
        if ((v = a.get("dir")) != null) d.saDirection = (int) T_DIR.parse(v);
        d.udpEncapsulation = parseUdp(a.get("udp"));
        decls.put(name, d);
    }

    void declCtxval(String name, Args a) {
        SaContext c = new SaContext();
        c.saContextId = idval(a.req("id"));
        c.inboundSa = declOpt(a.get("in"), SaDetails.class);
        c.outboundSa = declOpt(a.get("out"), SaDetails.class);
        decls.put(name, c);
    }

    void declCtmpl(String name, Args a) {
        SaContextEnumTemplate t = new SaContextEnumTemplate();
        String v;
        t.localSubNet = FwpValue.empty();
        t.remoteSubNet = FwpValue.empty();
        if ((v = a.get("local")) != null) t.localSubNet = parseCvalue(v);
        if ((v = a.get("remote")) != null) t.remoteSubNet = parseCvalue(v);
        decls.put(name, t);
    }

    // ------------------------------------------------------------------ printing results (§5.3)

    void printFilter(StringBuilder b, Filter f) {
        b.append(" id=").append(id(VK_FILTER, f.filterId));
        b.append(" key=").append(key(f.filterKey));
        b.append(" name=").append(wname(f.displayData == null ? null : f.displayData.name));
        b.append(" flags=").append(Integer.toUnsignedString(f.flags));
        b.append(" layer=").append(guidNamed(T_LAYER, f.layerKey));
        int act = f.action == null ? 0 : f.action.type;
        b.append(" action=").append(T_ACTION.print(act));
        if ((act & Fwp.FWP_ACTION_FLAG_CALLOUT) != 0)
            b.append(" callout=").append(guidNamed(T_CALLOUT, f.action.calloutKey));
        b.append(" eweight=");
        FwpValue ew = f.effectiveWeight;
        int ewt = ew == null ? Fwp.FWP_EMPTY : ew.type;
        if (ewt == Fwp.FWP_UINT64 && !ew.nullPointer) b.append("u64:").append(Long.toUnsignedString(ew.integer));
        else if (ewt == Fwp.FWP_EMPTY) b.append("empty");
        else b.append("type:").append(Integer.toUnsignedString(ewt));
        b.append(" conds=[");
        FilterCondition[] cs = f.filterCondition;
        for (int i = 0; cs != null && i < cs.length; i++) {
            FilterCondition c = cs[i];
            if (i > 0) b.append(',');
            b.append(guidNamed(T_FIELD, c.fieldKey)).append('/').append(T_MATCH.print(c.matchType)).append('/');
            boolean isAddr = Guids.FWPM_CONDITION_IP_LOCAL_ADDRESS.equals(c.fieldKey)
                    || Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS.equals(c.fieldKey);
            b.append(cvalue(c.conditionValue, isAddr));
        }
        b.append(']');
    }

    static String addr(int ipv, byte[] v6, int v4) {
        return ipv == Fwp.FWP_IP_VERSION_V6 ? hex(v6, 16) : v4(v4);
    }

    void printTraffic(StringBuilder b, Traffic t, boolean ver1) {
        if (t == null) t = new Traffic();
        b.append(T_IPV.print(t.ipVersion)).append('/').append(T_TTYPE.print(t.trafficType)).append('/');
        b.append(addr(t.ipVersion, t.localV6Address, t.localV4Address)).append('>');
        b.append(addr(t.ipVersion, t.remoteV6Address, t.remoteV4Address));
        if (t.trafficType == Fwp.IPSEC_TRAFFIC_TYPE_TUNNEL)
            b.append("/policy=").append(Long.toUnsignedString(t.tunnelPolicyId));
        else b.append("/f=").append(id(VK_FILTER, t.ipsecFilterId));
        b.append("/rport=").append(t.remotePort & 0xFFFF);
        if (ver1)
            b.append("/lport=").append(t.localPort & 0xFFFF).append("/proto=").append(t.ipProtocol & 0xFF)
                    .append("/luid=").append(Long.toUnsignedString(t.localIfLuid))
                    .append("/profile=").append(Integer.toUnsignedString(t.realIfProfileId));
    }

    static void printAuth(StringBuilder b, SaAuthInformation ai) {
        if (ai == null) {
            b.append(":auth=null");
            return;
        }
        AuthTransformId id = ai.authTransform == null ? null : ai.authTransform.authTransformId;
        b.append(":auth=").append(T_AUTH.print(id == null ? 0 : id.authType)).append('/')
                .append(T_AUTHCFG.print(id == null ? 0 : id.authConfig));
        b.append(":akey=").append(blob(ai.authKey));
    }

    static void printCipher(StringBuilder b, SaCipherInformation ci) {
        if (ci == null) {
            b.append(":cipher=null");
            return;
        }
        CipherTransformId id = ci.cipherTransform == null ? null : ci.cipherTransform.cipherTransformId;
        b.append(":cipher=").append(T_CIPHER.print(id == null ? 0 : id.cipherType)).append('/')
                .append(T_CIPHERCFG.print(id == null ? 0 : id.cipherConfig));
        b.append(":ckey=").append(blob(ci.cipherKey));
    }

    void printSa(StringBuilder b, Sa s) {
        b.append(T_XFORM.print(s.saTransformType)).append(":spi=").append(id(VK_SPI, s.spi & 0xFFFFFFFFL));
        switch (s.saTransformType) {
        case 1: printAuth(b, s.ahInformation); break;
        case 2: printAuth(b, s.espAuthInformation); break;
        case 5: printAuth(b, s.espAuthFwInformation); break;
        case 3: printCipher(b, s.espCipherInformation); break;
        case 4:
            if (s.espAuthAndCipherInformation == null) {
                b.append(":auth=null:cipher=null");
                break;
            }
            printAuth(b, s.espAuthAndCipherInformation.saAuthInformation);
            printCipher(b, s.espAuthAndCipherInformation.saCipherInformation);
            break;
        default:
            break;
        }
    }

    void printBundle(StringBuilder b, SaBundle s) {
        SaLifetime l = s.lifetime != null ? s.lifetime : new SaLifetime();
        b.append("(flags=").append(Integer.toUnsignedString(s.flags))
                .append(",life=").append(Integer.toUnsignedString(l.lifetimeSeconds)).append(':')
                .append(Integer.toUnsignedString(l.lifetimeKilobytes)).append(':')
                .append(Integer.toUnsignedString(l.lifetimePackets))
                .append(",idle=").append(Integer.toUnsignedString(s.idleTimeoutSeconds))
                .append(",nd=").append(Integer.toUnsignedString(s.ndAllowClearTimeoutSeconds))
                .append(",id=").append(s.ipsecId != null ? "set" : "none")
                .append(",nap=").append(Integer.toUnsignedString(s.napContext))
                .append(",qm=").append(Integer.toUnsignedString(s.qmSaId))
                .append(",km=").append(s.keyModuleState == null ? "none" : blob(s.keyModuleState.stateBlob))
                .append(",v=").append(T_IPV.print(s.ipVersion))
                .append(",peer4=").append(v4(s.peerV4PrivateAddress))
                .append(",mmsa=").append(Long.toUnsignedString(s.mmSaId))
                .append(",pfs=").append(Integer.toUnsignedString(s.pfsGroup))
                .append(",sas=[");
        for (int i = 0; s.saList != null && i < s.saList.length; i++) {
            if (i > 0) b.append('+');
            printSa(b, s.saList[i]);
        }
        b.append("])");
    }

    void printDetails(StringBuilder b, SaDetails d, boolean ver1) {
        if (d == null) {
            b.append("null");
            return;
        }
        b.append("{v=").append(T_IPV.print(d.ipVersion)).append(",dir=").append(T_DIR.print(d.saDirection));
        b.append(",traffic=");
        printTraffic(b, d.traffic, ver1);
        b.append(",udp=");
        if (d.udpEncapsulation != null)
            b.append(d.udpEncapsulation.localUdpEncapPort & 0xFFFF).append(':')
                    .append(d.udpEncapsulation.remoteUdpEncapPort & 0xFFFF);
        else b.append("null");
        b.append(",filter=").append(d.transportFilter != null ? id(VK_FILTER, d.transportFilter.filterId) : "null");
        b.append(",bundle=");
        printBundle(b, d.saBundle != null ? d.saBundle : new SaBundle());
        if (ver1) {
            VirtualIfTunnelInfo v = d.virtualIfTunnelInfo != null ? d.virtualIfTunnelInfo : new VirtualIfTunnelInfo();
            b.append(",vif=").append(Long.toUnsignedString(v.virtualIfTunnelId)).append(':')
                    .append(Long.toUnsignedString(v.trafficSelectorId));
        }
        b.append('}');
    }

    void printSaEnumEntry(StringBuilder b, SaDetails d) {
        if (d.saDirection == Fwp.FWP_DIRECTION_INBOUND) b.append("in:");
        else if (d.saDirection == Fwp.FWP_DIRECTION_OUTBOUND) b.append("out:");
        else b.append(Integer.toUnsignedString(d.saDirection)).append(':');
        Sa[] l = d.saBundle == null ? null : d.saBundle.saList;
        for (int i = 0; l != null && i < l.length; i++) {
            if (i > 0) b.append('+');
            b.append(id(VK_SPI, l[i].spi & 0xFFFFFFFFL));
        }
    }

    /** Every counter of the structure outside aggregateSaStatistics is 0. */
    static boolean statsZero(Statistics s) {
        Object[] parts = {s.espDropPacketStatistics, s.ahDropPacketStatistics, s.aggregateDropPacketStatistics,
            s.inboundTrafficStatistics, s.outboundTrafficStatistics};
        try {
            for (Object p : parts) {
                if (p == null) continue;
                for (Field f : p.getClass().getFields()) {
                    if (Modifier.isStatic(f.getModifiers())) continue;
                    if (f.getType() == int.class && f.getInt(p) != 0) return false;
                    if (f.getType() == long.class && f.getLong(p) != 0) return false;
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    // ------------------------------------------------------------------ calls (§4)

    /** What one call produced. */
    static final class Result {
        int st = Fwp.STATUS_SUCCESS;
        boolean noStatus;
        final StringBuilder vals = new StringBuilder();
        int bindKind;
        long bindV;
        /** Set when the call bound its variable itself (before printing). */
        boolean bound;
    }

    interface Call {
        void exec(Runner r, String fname, String bindvar, Args a, Result res);
    }

    static final Map<String, Call> CALLS = new HashMap<>();

    static {
        CALLS.put("FwpmEngineOpen0", Runner::engineOpen);
        CALLS.put("FwpmEngineClose0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            a.checkUsed();
            res.st = fwpk.FwpmEngineClose0(h);
        });
        CALLS.put("FwpmTransactionBegin0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            String v = a.get("flags");
            int fl = v != null ? u32(v) : 0;
            a.checkUsed();
            res.st = fwpk.FwpmTransactionBegin0(h, fl);
        });
        CALLS.put("FwpmTransactionCommit0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            a.checkUsed();
            res.st = fwpk.FwpmTransactionCommit0(h);
        });
        CALLS.put("FwpmTransactionAbort0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            a.checkUsed();
            res.st = fwpk.FwpmTransactionAbort0(h);
        });
        for (String n : new String[] {"FwpmSessionCreateEnumHandle0", "FwpmFilterCreateEnumHandle0",
            "IPsecSaContextCreateEnumHandle0", "IPsecSaCreateEnumHandle0"})
            CALLS.put(n, Runner::createEnumHandle);
        for (String n : new String[] {"FwpmSessionEnum0", "FwpmFilterEnum0", "IPsecSaContextEnum0",
            "IPsecSaContextEnum1", "IPsecSaEnum0", "IPsecSaEnum1"})
            CALLS.put(n, Runner::enumerate);
        for (String n : new String[] {"FwpmSessionDestroyEnumHandle0", "FwpmFilterDestroyEnumHandle0",
            "IPsecSaContextDestroyEnumHandle0", "IPsecSaDestroyEnumHandle0"})
            CALLS.put(n, Runner::destroyEnumHandle);
        CALLS.put("FwpmFilterAdd0", Runner::filterAdd);
        CALLS.put("FwpmFilterDeleteById0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            long id = r.idval(a.req("id"));
            a.checkUsed();
            res.st = fwpk.FwpmFilterDeleteById0(h, id);
        });
        CALLS.put("FwpmFilterDeleteByKey0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            String v = a.req("key");
            UUID k = v.equals("null") ? null : parseGuid(v);
            a.checkUsed();
            res.st = fwpk.FwpmFilterDeleteByKey0(h, k);
        });
        CALLS.put("FwpmFilterGetById0", Runner::filterGet);
        CALLS.put("FwpmFilterGetByKey0", Runner::filterGet);
        CALLS.put("IPsecSaContextCreate0", Runner::contextCreate);
        CALLS.put("IPsecSaContextCreate1", Runner::contextCreate);
        CALLS.put("IPsecSaContextGetSpi0", Runner::getSpi);
        CALLS.put("IPsecSaContextGetSpi1", Runner::getSpi);
        CALLS.put("IPsecSaContextSetSpi0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            long id = r.idval(a.req("id"));
            GetSpi g = r.declOpt(a.req("getspi"), GetSpi.class);
            int spi = (int) r.idval(a.req("spi"));
            a.checkUsed();
            res.st = fwpk.IPsecSaContextSetSpi0(h, id, g, spi);
        });
        for (String n : new String[] {"IPsecSaContextAddInbound0", "IPsecSaContextAddInbound1",
            "IPsecSaContextAddOutbound0", "IPsecSaContextAddOutbound1"})
            CALLS.put(n, Runner::addSa);
        CALLS.put("IPsecSaContextUpdate0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            long fl = num(a.req("flags"));
            SaContext c = r.declOpt(a.req("values"), SaContext.class);
            a.checkUsed();
            res.st = fwpk.IPsecSaContextUpdate0(h, fl, c);
        });
        CALLS.put("IPsecSaContextGetById0", Runner::contextGet);
        CALLS.put("IPsecSaContextGetById1", Runner::contextGet);
        CALLS.put("IPsecSaContextDeleteById0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            long id = r.idval(a.req("id"));
            a.checkUsed();
            res.st = fwpk.IPsecSaContextDeleteById0(h, id);
        });
        CALLS.put("IPsecSaContextExpire0", (r, f, bv, a, res) -> {
            long h = r.hval(a.req("h"));
            long id = r.idval(a.req("id"));
            a.checkUsed();
            res.st = fwpk.IPsecSaContextExpire0(h, id);
        });
        CALLS.put("IPsecGetStatistics0", Runner::statistics);
        CALLS.put("IPsecGetStatistics1", Runner::statistics);
        CALLS.put("FwpkStatusName", (r, f, bv, a, res) -> {
            long code = num(a.req("code"));
            a.checkUsed();
            String n = Fwpk.statusName((int) code);
            res.noStatus = true;
            res.vals.append(" name=").append(n != null ? n : "null");
        });
        CALLS.put("FwpkLibVersion", (r, f, bv, a, res) -> {
            a.checkUsed();
            res.noStatus = true;
            String s = Fwpk.libVersion();
            res.vals.append(" version=").append(s != null ? s : "null");
        });
        CALLS.put("FwpkLibVersionNumber", (r, f, bv, a, res) -> {
            a.checkUsed();
            res.noStatus = true;
            res.vals.append(" number=").append(Fwpk.libVersionNumber());
        });
        CALLS.put("FwpmFreeMemory0", (r, f, bv, a, res) -> {
            String v = a.req("p");
            a.checkUsed();
            res.noStatus = true;
            if (v.equals("null")) fwpk.FwpmFreeMemory0(false);
            else if (v.equals("nullptr")) fwpk.FwpmFreeMemory0(true);
            else throw rerr("bad p=");
        });
    }

    void engineOpen(String fname, String bindvar, Args a, Result res) {
        Session s = new Session();
        s.displayData = new DisplayData();
        s.sessionKey = Guids.ZERO;
        String v = a.get("name");
        if (v == null) s.displayData.name = bindvar != null ? bindvar.substring(1) : "session";
        else if (!v.equals("null")) s.displayData.name = v;
        if (a.is("dynamic", "1")) s.flags = Fwp.FWPM_SESSION_FLAG_DYNAMIC;
        if ((v = a.get("flags")) != null) s.flags = u32(v);
        if ((v = a.get("timeout")) != null) s.txnWaitTimeoutInMSec = u32(v);
        if ((v = a.get("key")) != null) s.sessionKey = parseGuid(v);
        a.get("dynamic");
        String server = null;
        if ((v = a.get("server")) != null && !v.equals("null")) server = v;
        int authn = Fwp.RPC_C_AUTHN_WINNT;
        if ((v = a.get("authn")) != null) authn = u32(v);
        boolean nosess = a.is("session", "null");
        boolean noout = a.is("out", "null");
        a.checkUsed();
        long[] h = noout ? null : new long[1];
        res.st = fwpk.FwpmEngineOpen0(server, authn, nosess ? null : s, h);
        long hv = h != null ? h[0] : 0;
        if (res.st == Fwp.STATUS_SUCCESS && hv != 0) openHandles.add(hv);
        res.bindKind = VK_HANDLE;
        res.bindV = res.st == Fwp.STATUS_SUCCESS ? hv : 0;
    }

    void createEnumHandle(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean noout = a.is("out", "null");
        long[] e = noout ? null : new long[1];
        String v;
        switch (fname) {
        case "FwpmSessionCreateEnumHandle0": {
            SessionEnumTemplate t = null;
            if ((v = a.get("reserved")) != null) {
                t = new SessionEnumTemplate();
                t.reserved = num(v);
            }
            a.checkUsed();
            res.st = fwpk.FwpmSessionCreateEnumHandle0(h, t, e);
            break;
        }
        case "FwpmFilterCreateEnumHandle0": {
            FilterEnumTemplate t = declOpt(a.get("tmpl"), FilterEnumTemplate.class);
            a.checkUsed();
            res.st = fwpk.FwpmFilterCreateEnumHandle0(h, t, e);
            break;
        }
        case "IPsecSaContextCreateEnumHandle0": {
            SaContextEnumTemplate t = declOpt(a.get("tmpl"), SaContextEnumTemplate.class);
            a.checkUsed();
            res.st = fwpk.IPsecSaContextCreateEnumHandle0(h, t, e);
            break;
        }
        default: {
            SaEnumTemplate t = null;
            if ((v = a.get("dir")) != null) {
                t = new SaEnumTemplate();
                t.saDirection = (int) T_DIR.parse(v);
            }
            a.checkUsed();
            res.st = fwpk.IPsecSaCreateEnumHandle0(h, t, e);
            break;
        }
        }
        res.bindKind = VK_HANDLE;
        res.bindV = res.st == Fwp.STATUS_SUCCESS && e != null ? e[0] : 0;
    }

    void enumerate(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h")), e = hval(a.req("e"));
        int n = u32(a.req("n"));
        boolean noent = a.is("entries", "null"), nocnt = a.is("count", "null");
        a.checkUsed();
        EnumPage page = new EnumPage();
        page.nullEntries = noent;
        page.nullCount = nocnt;
        String list;
        switch (fname) {
        case "FwpmSessionEnum0": res.st = fwpk.FwpmSessionEnum0(h, e, n, page); list = "sessions"; break;
        case "FwpmFilterEnum0": res.st = fwpk.FwpmFilterEnum0(h, e, n, page); list = "ids"; break;
        case "IPsecSaContextEnum0": res.st = fwpk.IPsecSaContextEnum0(h, e, n, page); list = "ctxs"; break;
        case "IPsecSaContextEnum1": res.st = fwpk.IPsecSaContextEnum1(h, e, n, page); list = "ctxs"; break;
        case "IPsecSaEnum0": res.st = fwpk.IPsecSaEnum0(h, e, n, page); list = "sas"; break;
        default: res.st = fwpk.IPsecSaEnum1(h, e, n, page); list = "sas"; break;
        }
        if (res.st != Fwp.STATUS_SUCCESS || noent || nocnt) return;
        StringBuilder b = res.vals;
        b.append(" count=").append(Integer.toUnsignedString(page.count)).append(' ').append(list).append("=[");
        Object[] ents = page.entries != null ? page.entries : new Object[0];
        // the binding turns a NULL array into an empty one
        if (page.count != 0 && ents.length == 0) b.append("NULL-ARRAY");
        for (int i = 0; i < ents.length; i++) {
            if (i > 0) b.append(',');
            Object o = ents[i];
            if (o instanceof Session) {
                Session s = (Session) o;
                b.append("{name=").append(wname(s.displayData == null ? null : s.displayData.name));
                b.append(",flags=").append(Integer.toUnsignedString(s.flags));
                b.append(",timeout=").append(Integer.toUnsignedString(s.txnWaitTimeoutInMSec));
                b.append(",key=").append(key(s.sessionKey));
                if ((s.processId & 0xFFFFFFFFL) == selfPid) b.append(",pid=self");
                else b.append(",pid=").append(Integer.toUnsignedString(s.processId));
                b.append(",kernel=").append(s.kernelMode ? 1 : 0).append('}');
            } else if (o instanceof Filter) {
                b.append(id(VK_FILTER, ((Filter) o).filterId));
            } else if (o instanceof SaContext) {
                SaContext c = (SaContext) o;
                b.append(id(VK_CTX, c.saContextId)).append(':').append(c.inboundSa != null ? 'i' : '-')
                        .append(c.outboundSa != null ? 'o' : '-');
            } else if (o instanceof SaDetails) {
                printSaEnumEntry(b, (SaDetails) o);
            }
        }
        b.append(']');
    }

    void destroyEnumHandle(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h")), e = hval(a.req("e"));
        a.checkUsed();
        switch (fname) {
        case "FwpmSessionDestroyEnumHandle0": res.st = fwpk.FwpmSessionDestroyEnumHandle0(h, e); break;
        case "FwpmFilterDestroyEnumHandle0": res.st = fwpk.FwpmFilterDestroyEnumHandle0(h, e); break;
        case "IPsecSaContextDestroyEnumHandle0": res.st = fwpk.IPsecSaContextDestroyEnumHandle0(h, e); break;
        default: res.st = fwpk.IPsecSaDestroyEnumHandle0(h, e); break;
        }
    }

    void filterAdd(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        Filter f = declOpt(a.req("filter"), Filter.class);
        boolean noid = a.is("idout", "null");
        a.checkUsed();
        long[] id = noid ? null : new long[1];
        res.st = fwpk.FwpmFilterAdd0(h, f, id);
        res.bindKind = VK_FILTER;
        res.bindV = res.st == Fwp.STATUS_SUCCESS && id != null ? id[0] : 0;
        if (res.st == Fwp.STATUS_SUCCESS && !noid) {
            bindEarly(bindvar, res);
            res.vals.append(" id=").append(id(VK_FILTER, id[0]));
        }
    }

    void filterGet(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean bykey = fname.equals("FwpmFilterGetByKey0");
        long id = 0;
        UUID k = null;
        if (bykey) {
            String v = a.req("key");
            if (!v.equals("null")) k = parseGuid(v);
        } else id = idval(a.req("id"));
        boolean noout = a.is("out", "null");
        a.checkUsed();
        Filter[] out = noout ? null : new Filter[1];
        res.st = bykey ? fwpk.FwpmFilterGetByKey0(h, k, out) : fwpk.FwpmFilterGetById0(h, id, out);
        if (res.st == Fwp.STATUS_SUCCESS && !noout) {
            if (out[0] != null) printFilter(res.vals, out[0]);
            else res.vals.append(" VIOLATION=null-result");
        }
    }

    void contextCreate(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean v1 = fname.endsWith("1");
        Traffic t = declOpt(a.req("traffic"), Traffic.class);
        boolean noin = a.is("inbound", "null"), noid = a.is("idout", "null");
        VirtualIfTunnelInfo vif = null;
        String v;
        if (v1 && (v = a.get("vif")) != null && !v.equals("null")) {
            long[] x = nums(TWO, v, "vif");
            vif = new VirtualIfTunnelInfo();
            vif.virtualIfTunnelId = x[0];
            vif.trafficSelectorId = x[1];
        }
        a.checkUsed();
        long[] inb = noin ? null : new long[1], id = noid ? null : new long[1];
        res.st = v1 ? fwpk.IPsecSaContextCreate1(h, t, vif, inb, id) : fwpk.IPsecSaContextCreate0(h, t, inb, id);
        long idv = id != null ? id[0] : 0;
        res.bindKind = VK_CTX;
        res.bindV = res.st == Fwp.STATUS_SUCCESS ? idv : 0;
        if (res.st == Fwp.STATUS_SUCCESS) {
            bindEarly(bindvar, res);
            res.vals.append(" id=").append(id(VK_CTX, idv));
            if (!noin) res.vals.append(" inbound=").append(Long.toUnsignedString(inb[0]));
        }
    }

    void getSpi(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean v1 = fname.endsWith("1");
        long id = idval(a.req("id"));
        GetSpi g = declOpt(a.req("getspi"), GetSpi.class);
        boolean noout = a.is("out", "null");
        a.checkUsed();
        int[] spi = noout ? null : new int[1];
        res.st = v1 ? fwpk.IPsecSaContextGetSpi1(h, id, g, spi) : fwpk.IPsecSaContextGetSpi0(h, id, g, spi);
        long sv = spi != null ? spi[0] & 0xFFFFFFFFL : 0;
        res.bindKind = VK_SPI;
        res.bindV = res.st == Fwp.STATUS_SUCCESS ? sv : 0;
        if (res.st == Fwp.STATUS_SUCCESS && !noout) {
            bindEarly(bindvar, res);
            res.vals.append(" spi=").append(id(VK_SPI, sv)).append(" range=").append(sv >= 256 ? "ok" : "bad");
        }
    }

    void addSa(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean in = fname.startsWith("IPsecSaContextAddInbound");
        boolean v1 = fname.endsWith("1");
        long id = idval(a.req("id"));
        SaBundle b = declOpt(a.req("bundle"), SaBundle.class);
        a.checkUsed();
        if (v1) res.st = in ? fwpk.IPsecSaContextAddInbound1(h, id, b) : fwpk.IPsecSaContextAddOutbound1(h, id, b);
        else res.st = in ? fwpk.IPsecSaContextAddInbound0(h, id, b) : fwpk.IPsecSaContextAddOutbound0(h, id, b);
    }

    void contextGet(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean v1 = fname.endsWith("1");
        long id = idval(a.req("id"));
        boolean noout = a.is("out", "null");
        a.checkUsed();
        SaContext[] out = noout ? null : new SaContext[1];
        res.st = v1 ? fwpk.IPsecSaContextGetById1(h, id, out) : fwpk.IPsecSaContextGetById0(h, id, out);
        if (res.st == Fwp.STATUS_SUCCESS && !noout) {
            SaContext c = out[0];
            if (c == null) {
                res.vals.append(" VIOLATION=null-result");
                return;
            }
            res.vals.append(" id=").append(id(VK_CTX, c.saContextId));
            res.vals.append(" in=");
            printDetails(res.vals, c.inboundSa, v1);
            res.vals.append(" out=");
            printDetails(res.vals, c.outboundSa, v1);
        }
    }

    void statistics(String fname, String bindvar, Args a, Result res) {
        long h = hval(a.req("h"));
        boolean v1 = fname.endsWith("1");
        boolean noout = a.is("out", "null");
        a.checkUsed();
        Statistics s = noout ? null : new Statistics();
        res.st = v1 ? fwpk.IPsecGetStatistics1(h, s) : fwpk.IPsecGetStatistics0(h, s);
        if (res.st == Fwp.STATUS_SUCCESS && !noout) {
            org.fwpkclnt.AggregateSaStatistics ag = s.aggregateSaStatistics;
            res.vals.append(" active=").append(Integer.toUnsignedString(ag.activeSas))
                    .append(" pending=").append(Integer.toUnsignedString(ag.pendingSaNegotiations))
                    .append(" added=").append(Integer.toUnsignedString(ag.totalSasAdded - baseAdded))
                    .append(" deleted=").append(Integer.toUnsignedString(ag.totalSasDeleted - baseDeleted))
                    .append(" rekeys=").append(Integer.toUnsignedString(ag.successfulRekeys))
                    .append(" tunnels=").append(Integer.toUnsignedString(ag.activeTunnels))
                    .append(" offloaded=").append(Integer.toUnsignedString(ag.offloadedSas))
                    .append(" counters=").append(statsZero(s) ? "zero" : "nonzero");
        }
    }

    /** Binds the call's variable before its values are printed (FORMAT.md §5.2). */
    void bindEarly(String bindvar, Result res) {
        if (bindvar != null) {
            bind(bindvar, res.bindKind, res.bindV);
            res.bound = true;
        }
    }

    void execCall(String fname, String bindvar, Args a, StringBuilder line) {
        Call c = CALLS.get(fname);
        if (c == null) throw rerr("unknown call %s", fname);
        Result res = new Result();
        c.exec(this, fname, bindvar, a, res);
        if (bindvar != null && !res.bound) {
            if (res.bindKind == 0) throw rerr("%s binds nothing", fname);
            bind(bindvar, res.bindKind, res.bindV);
        }
        if (res.noStatus) line.append('-');
        else line.append(statusName(res.st));
        if (res.st == Fwp.STATUS_SUCCESS || res.noStatus) line.append(res.vals);
    }

    static String statusName(int st) {
        String n = Fwpk.statusName(st);
        return n != null ? n : String.format("0x%08X", st);
    }

    // ------------------------------------------------------------------ reset (§1)

    void resetEngine() {
        for (long h : openHandles) fwpk.FwpmEngineClose0(h);
        openHandles.clear();
        Engine engine;
        try {
            engine = Engine.open();
        } catch (FwpException e) {
            System.err.println("reset: FwpmEngineOpen0 failed: " + e.getMessage());
            return;
        }
        try (engine) {
            long h = engine.handle();
            long[] e = new long[1];
            if (fwpk.IPsecSaContextCreateEnumHandle0(h, null, e) == Fwp.STATUS_SUCCESS) {
                EnumPage page = new EnumPage();
                if (fwpk.IPsecSaContextEnum0(h, e[0], 0xFFFFFFFF, page) == Fwp.STATUS_SUCCESS && page.entries != null)
                    for (Object o : page.entries) {
                        try {
                            engine.deleteSaContext(((SaContext) o).saContextId);
                        } catch (FwpException ignored) {
                            // ignore results
                        }
                    }
                fwpk.IPsecSaContextDestroyEnumHandle0(h, e[0]);
            }
            if (fwpk.FwpmFilterCreateEnumHandle0(h, null, e) == Fwp.STATUS_SUCCESS) {
                EnumPage page = new EnumPage();
                if (fwpk.FwpmFilterEnum0(h, e[0], 0xFFFFFFFF, page) == Fwp.STATUS_SUCCESS && page.entries != null)
                    for (Object o : page.entries) {
                        try {
                            engine.deleteFilter(((Filter) o).filterId);
                        } catch (FwpException ignored) {
                            // ignore results
                        }
                    }
                fwpk.FwpmFilterDestroyEnumHandle0(h, e[0]);
            }
            try {
                Statistics st = engine.getStatistics();
                baseAdded = st.aggregateSaStatistics.totalSasAdded;
                baseDeleted = st.aggregateSaStatistics.totalSasDeleted;
            } catch (FwpException ignored) {
                // keep the previous baseline
            }
        }
    }

    // ------------------------------------------------------------------ scenario driver

    static boolean isDecl(String verb) {
        return DECLS.containsKey(verb);
    }

    /** Runs one scenario file and returns its trace. */
    String runScenario(Path path) {
        StringBuilder trace = new StringBuilder();
        String src;
        try {
            src = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            trace.append("0 - RUNNER_ERROR\n");
            return trace.toString();
        }
        resetEngine();
        vars.clear();
        decls.clear();
        lits.clear();
        for (int p = src.indexOf("guid:"); p >= 0; p = src.indexOf("guid:", p + 5)) {
            if (src.length() - p >= 41) {
                UUID g = guidBody(src.substring(p + 5, p + 41));
                if (g != null) lits.add(g);
            }
        }

        int step = 0;
        for (String ln : src.split("\n")) {
            if (ln.endsWith("\r")) ln = ln.substring(0, ln.length() - 1);
            List<String> tok = new ArrayList<>();
            for (String t : ln.split("[ \t]+")) {
                if (t.isEmpty()) continue;
                if (t.startsWith("#") || t.equals("->")) break;
                tok.add(t);
            }
            int nt = tok.size();
            if (nt == 0) continue;
            int i = 0;
            String bindvar = null;
            if (tok.get(0).startsWith("$") && nt >= 2 && tok.get(1).equals("=")) {
                bindvar = tok.get(0);
                i = 2;
            }
            if (i >= nt) {
                trace.append(step + 1).append(' ').append(tok.get(0)).append(" RUNNER_ERROR\n");
                break;
            }
            String verb = tok.get(i++);
            boolean decl = isDecl(verb), sleep = verb.equals("sleep"), call = !decl && !sleep;
            if (call) step++;
            try {
                if (sleep) {
                    if (bindvar != null || nt - i != 1) throw rerr("sleep MS");
                    long ms = num(tok.get(i));
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    continue;
                }
                String dname = null;
                if (decl) {
                    if (bindvar != null || i >= nt || tok.get(i).indexOf('=') >= 0)
                        throw rerr("declaration syntax: %s NAME key=value...", verb);
                    dname = tok.get(i++);
                }
                Args a = new Args();
                for (; i < nt; i++) {
                    String t = tok.get(i);
                    int eq = t.indexOf('=');
                    if (eq < 0) throw rerr("bad argument '%s'", t);
                    a.k.add(t.substring(0, eq));
                    a.v.add(t.substring(eq + 1));
                    a.used.add(false);
                }
                if (decl) {
                    DECLS.get(verb).build(this, dname, a);
                    a.checkUsed();
                    continue;
                }
                StringBuilder line = new StringBuilder();
                line.append(step).append(' ').append(verb).append(' ');
                execCall(verb, bindvar, a, line);
                trace.append(line).append('\n');
            } catch (RunnerError e) {
                System.err.printf("%s: step %d (%s): %s%n", path, step, verb, e.getMessage());
                trace.append(call ? step : step + 1).append(' ').append(verb).append(" RUNNER_ERROR\n");
                break;
            }
        }
        return trace.toString();
    }

    public static void main(String[] argv) {
        if (argv.length < 2 || argv.length > 4) {
            System.err.println("usage: Runner <scenario-dir> <trace-out-dir> [<expected-dir> [<known-failures-file>]]");
            System.exit(2);
        }
        // The library reads the delay from the C environ at each Expire call; the JVM cannot set it.
        String env = System.getenv("FWPKCLNT_EXPIRE_DELAY_MS");
        if (!EXPIRE_DELAY.equals(env)) {
            System.err.println("conformance-java: FWPKCLNT_EXPIRE_DELAY_MS must be " + EXPIRE_DELAY
                    + " in the environment (is " + env + "); run it through meson test or set it");
            System.exit(2);
        }
        Path scen = Paths.get(argv[0]), out = Paths.get(argv[1]);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(scen, "*.scn")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.length() > 4 && Files.isRegularFile(p)) files.add(p);
            }
        } catch (IOException e) {
            System.err.println("cannot open " + scen + ": " + e);
            System.exit(2);
        }
        if (files.isEmpty()) {
            System.err.println("no scenarios in " + scen);
            System.exit(2);
        }
        // byte order of the file names
        files.sort((x, y) -> compareBytes(x.getFileName().toString(), y.getFileName().toString()));
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            System.err.println("cannot create " + out + ": " + e);
            System.exit(2);
        }
        Runner r = new Runner();
        int n = 0;
        for (Path p : files) {
            String fn = p.getFileName().toString();
            String name = fn.substring(0, fn.length() - 4);
            String trace = r.runScenario(p);
            try {
                Files.write(out.resolve(name + ".trace"), trace.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                System.err.println("cannot write " + out.resolve(name + ".trace") + ": " + e);
                System.exit(1);
            }
            n++;
        }
        for (long h : r.openHandles) fwpk.FwpmEngineClose0(h);
        r.openHandles.clear();
        System.out.println("conformance-java: " + n + " scenario traces written to " + out);
    }

    static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8), y = b.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = (x[i] & 0xFF) - (y[i] & 0xFF);
            if (c != 0) return c;
        }
        return x.length - y.length;
    }
}
