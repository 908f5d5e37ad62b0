// SPDX-License-Identifier: MIT
package org.fwpkclnt.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.fwpkclnt.Codecs;
import org.fwpkclnt.Engine;
import org.fwpkclnt.ErrorCode;
import org.fwpkclnt.Filter;
import org.fwpkclnt.Fwpk;
import org.fwpkclnt.SaContext;
import org.fwpkclnt.Statistics;
import org.fwpkclnt.nativ.fwpk;

/**
 * The Java conformance runner: a thin interpreter of the compiled operations of
 * tests/conformance/OPS.md.
 *
 * <pre>runner &lt;ops-dir&gt; &lt;raw-dir&gt;</pre>
 *
 * Each {@code call} goes to the raw shim of the same name through the generated dispatch table
 * ({@link Dispatch}, emitted by bindings/gen/emit_java.py), so NULL pointers, forged handles and
 * lying counts reach the library as written; every page a call returns is decoded by the
 * generated Java codec and encoded again before it is logged, so the raw log also tests the SDK's
 * decoder and encoder. The untraced reset uses the SDK ({@link Engine}).
 */
public final class Runner {
    static final long FORGED_HANDLE = 0x4242424242424242L;
    static final HexFormat HEX = HexFormat.of();

    /** Variables of the scenario being run. */
    final Map<String, Long> vars = new HashMap<>();
    /** Engine handles FwpmEngineOpen0 returned since the last reset. */
    final List<Long> opened = new ArrayList<>();
    final StringBuilder raw = new StringBuilder();

    static IllegalStateException trouble(String fmt, Object... args) {
        return new IllegalStateException(String.format(fmt, args));
    }

    long var(String name) {
        Long v = vars.get(name);
        if (v == null) throw trouble("unbound %s", name);
        return v;
    }

    /** A decimal literal (the bits of a UINT64) or $var. */
    long scalar(String t) {
        return t.startsWith("$") ? var(t) : Long.parseUnsignedLong(t);
    }

    static byte[] bytes(String t) {
        if (t.equals("null")) return null;
        if (!t.startsWith("x")) throw trouble("bad bytes token %s", t);
        return HEX.parseHex(t.substring(1));
    }

    static String hex(byte[] b) {
        return b == null ? "null" : "x" + HEX.formatHex(b);
    }

    static String utf8(String s) {
        return s == null ? "null" : hex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A returned page, through the generated decoder and encoder (the bytes must survive both). */
    static String page(byte[] p) {
        if (p == null) return "null";
        String ctype = Codecs.typeName(java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8));
        return hex(ctype == null ? p : Codecs.encodePage(ctype, Codecs.decodePage(p)));
    }

    void reset() {
        for (long h : opened) fwpk.fwpkx_FwpmEngineClose0(h);
        opened.clear();
        Statistics s;
        try (Engine e = Engine.open()) {
            long h = e.createSaContextEnumHandle(null);
            SaContext[] contexts = e.enumSaContext(h, -1);
            e.destroySaContextEnumHandle(h);
            for (SaContext c : contexts) e.deleteSaContext(c.saContextId());
            h = e.createFilterEnumHandle(null);
            Filter[] filters = e.enumFilter(h, -1);
            e.destroyFilterEnumHandle(h);
            for (Filter f : filters) e.deleteFilter(f.filterId());
            s = e.getStatistics();
        }
        vars.clear();
        raw.append("reset ").append(Integer.toUnsignedString(s.aggregateSaStatistics().totalSasAdded())).append(' ')
           .append(Integer.toUnsignedString(s.aggregateSaStatistics().totalSasDeleted())).append(' ')
           .append(ProcessHandle.current().pid()).append('\n');
    }

    /** The functions that are not shims (OPS.md §1.1, "Special functions"): no status. */
    boolean special(String fn, String[] t) {
        switch (fn) {
        case "FwpkStatusName":
            raw.append("- ").append(utf8(ErrorCode.nameOf((int) scalar(t[2])))).append('\n');
            return true;
        case "FwpkLibVersion":
            raw.append("- ").append(utf8(Fwpk.libVersion())).append('\n');
            return true;
        case "FwpkLibVersionNumber":
            raw.append("- ").append(Fwpk.libVersionNumber()).append('\n');
            return true;
        case "FwpmFreeMemory0": // Java never holds native memory: nothing to free, nothing to log
            raw.append("-\n");
            return true;
        default:
            return false;
        }
    }

    void call(String[] t) {
        String fn = t[1];
        if (special(fn, t)) return;
        String[] roles = Dispatch.ROLES.get(fn);
        if (roles == null) throw trouble("unknown function %s", fn);
        if (t.length < 2 + roles.length) throw trouble("%s: %d arguments for %d", fn, t.length - 2, roles.length);
        Object[] a = new Object[roles.length];
        for (int i = 0; i < roles.length; i++) {
            String x = t[2 + i];
            boolean isNull = x.equals("null");
            switch (roles[i]) {
            case "handle": a[i] = isNull ? 0L : x.equals("forged") ? FORGED_HANDLE : var(x); break;
            case "u64": a[i] = scalar(x); break;
            case "u32": case "u16": case "u8": a[i] = (int) scalar(x); break;
            case "bytes": a[i] = bytes(x); break;
            case "out_handle": case "out_u64": a[i] = isNull ? null : new long[1]; break;
            case "out_u32": a[i] = isNull ? null : new int[1]; break;
            case "out_page": a[i] = isNull ? null : new byte[1][]; break;
            default: throw trouble("role %s", roles[i]);
            }
        }
        List<String[]> binds = new ArrayList<>();
        for (int i = 2 + roles.length; i < t.length; ) {
            if (t[i].equals("patch") && i + 4 < t.length) {
                byte[] b = (byte[]) a[Integer.parseInt(t[i + 1])];
                int off = Integer.parseInt(t[i + 2]), w = t[i + 3].equals("u64") ? 8 : 4;
                long v = var(t[i + 4]);
                for (int k = 0; k < w; k++) b[off + k] = (byte) (v >>> (8 * k));
                i += 5;
            } else if (t[i].equals("bind") && i + 2 < t.length) {
                binds.add(new String[] {t[i + 1], t[i + 2]});
                i += 3;
            } else {
                throw trouble("%s: unexpected token %s", fn, t[i]);
            }
        }
        int status = Dispatch.call(fn, a);
        raw.append(String.format("%08x", status));
        if (status == 0) {
            for (int i = 0; i < roles.length; i++) {
                if (a[i] == null || !roles[i].startsWith("out_")) continue;
                raw.append(' ');
                switch (roles[i]) {
                case "out_handle": raw.append(((long[]) a[i])[0] != 0 ? "handle" : "null"); break;
                case "out_u64": raw.append(Long.toUnsignedString(((long[]) a[i])[0])); break;
                case "out_u32": raw.append(Integer.toUnsignedString(((int[]) a[i])[0])); break;
                default: raw.append(page(((byte[][]) a[i])[0])); break;
                }
            }
            if (fn.equals("FwpmEngineOpen0") && a[a.length - 1] != null) opened.add(((long[]) a[a.length - 1])[0]);
        }
        raw.append('\n');
        for (String[] b : binds) {
            Object o = a[Integer.parseInt(b[0])];
            long v = 0;
            if (status == 0 && o instanceof long[]) v = ((long[]) o)[0];
            else if (status == 0 && o instanceof int[]) v = Integer.toUnsignedLong(((int[]) o)[0]);
            vars.put(b[1], v);
        }
    }

    void run(Path ops) throws IOException, InterruptedException {
        for (String line : Files.readAllLines(ops, StandardCharsets.US_ASCII)) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] t = line.split(" ", -1);
            switch (t[0]) {
            case "lit": break;
            case "reset": reset(); break;
            case "sleep": Thread.sleep(Long.parseLong(t[1])); break;
            case "call": call(t); break;
            case "error": return;
            default: throw trouble("unknown op %s", t[0]);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Runner <ops-dir> <raw-dir>");
            System.exit(2);
        }
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Paths.get(args[0]), "*.ops")) {
            ds.forEach(all::add);
        }
        all.sort(null);
        Path out = Paths.get(args[1]);
        Files.createDirectories(out);
        Runner r = new Runner();
        for (Path ops : all) {
            r.raw.setLength(0);
            try {
                r.run(ops);
            } catch (RuntimeException e) {
                System.err.println(ops.getFileName() + ": " + e);
                System.exit(1);
            }
            String name = ops.getFileName().toString().replaceAll("\\.ops$", ".raw");
            Files.write(out.resolve(name), r.raw.toString().getBytes(StandardCharsets.US_ASCII));
        }
        for (long h : r.opened) fwpk.fwpkx_FwpmEngineClose0(h);
        System.out.println("conformance-java: " + all.size() + " scenarios");
    }
}
