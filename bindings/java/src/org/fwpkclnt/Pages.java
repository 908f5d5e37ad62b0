// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads the pages of the shared page codec (bindings/common/fwpk_pages.c; byte format:
 * bindings/common/PAGES.md) into the plain value classes of this package.
 *
 * <p>One JNI call per enumeration page or GetById/GetByKey block ({@code jni/fwpkj_pages.c}): the
 * native side calls the fwpmk.h function, encodes what it returned straight into the calling
 * thread's direct page buffer, frees the native block and returns the page's length (or the
 * function's status). The page is decoded here, on the same thread, before the next call can
 * reuse the buffer, into new objects (nothing keeps a reference to the buffer). The values are
 * exactly what the raw layer's field-by-field readers (fwpkj_out_* in jni/fwpkj.c) produce —
 * PagesTest checks that, member by member. Immutable values that repeat across records (the
 * transport filter's strings and GUIDs, carried by every SA) are shared between the objects of
 * a thread's pages: that is invisible through equals() and the values themselves.
 */
final class Pages {
    static {
        NativeLoader.load();
    }

    // Page header (PAGES.md).
    static final int MAGIC = 0x47505746; // "FWPG"
    static final int VERSION = 1;
    static final int HEADER_SIZE = 16;

    // Record kinds (FWPK_PAGES_KIND).
    static final int KIND_SA_CONTEXT0 = 1;
    static final int KIND_SA_CONTEXT1 = 2;
    static final int KIND_SA_DETAILS0 = 3;
    static final int KIND_SA_DETAILS1 = 4;
    static final int KIND_FILTER0 = 5;
    static final int KIND_SESSION0 = 6;

    // Native operations (jni/fwpkj_pages.c).
    static final int OP_SESSION_ENUM0 = 1;
    static final int OP_FILTER_ENUM0 = 2;
    static final int OP_SA_CONTEXT_ENUM0 = 3;
    static final int OP_SA_CONTEXT_ENUM1 = 4;
    static final int OP_SA_ENUM0 = 5;
    static final int OP_SA_ENUM1 = 6;
    static final int OP_FILTER_GET_BY_ID0 = 7;
    static final int OP_FILTER_GET_BY_KEY0 = 8;
    static final int OP_SA_CONTEXT_GET_BY_ID0 = 9;
    static final int OP_SA_CONTEXT_GET_BY_ID1 = 10;

    /**
     * Calls op and encodes its result into {@code buf} (a direct buffer). Returns the page length
     * (&gt;= 0), the failure status (an NTSTATUS, in [Integer.MIN_VALUE, 0)), or, when the page
     * did not fit, {@code -(size + 2^32)}: the page is then parked natively for {@link #fetch}.
     * Enumerations take (handle, arg = count); GetById (arg = id); GetByKey (keyMsb, keyLsb).
     */
    private static native long call(int op, long engine, long handle, long arg, long keyMsb, long keyLsb, ByteBuffer buf);

    /** Copies the parked page into buf and frees it (buf null: just frees it); -1 if none/too small. */
    private static native long fetch(ByteBuffer buf);

    /** Tests: o (Filter, Session, or an SaContext — its inboundSa for the details kinds) converted
     * by the raw layer's input converters and encoded as a one-record page of kind; call's return. */
    private static native long encodeForTest(int kind, Object o, ByteBuffer buf);

    /** Tests: the same native structure read back by the raw layer's field-by-field readers. */
    static native Object readForTest(int kind, Object o);

    // ---- the per-thread state: page buffer, scratch bytes, caches of immutable values --------

    private static final int INITIAL_BUFFER = 64 * 1024;
    /** A thread keeps its page buffer up to this size; a larger page gets a buffer of its own. */
    private static final int KEEP_MAX = 8 * 1024 * 1024;

    private static final ThreadLocal<Pages> LOCAL = ThreadLocal.withInitial(Pages::new);

    private ByteBuffer buf = ByteBuffer.allocateDirect(INITIAL_BUFFER).order(ByteOrder.LITTLE_ENDIAN);

    // The page being decoded and the cursor.
    private ByteBuffer b;
    private int p;
    private int end;

    private byte[] scratch = new byte[256];

    // Strings: a small round-robin cache keyed by the UTF-8 bytes.
    private static final int STRINGS = 8;
    private final byte[][] strBytes = new byte[STRINGS][];
    private final String[] strValue = new String[STRINGS];
    private int strNext;

    // UUIDs: direct-mapped by the bits.
    private static final int GUIDS = 64;
    private final UUID[] guid = new UUID[GUIDS];

    private Pages() {}

    // ---- calls ---------------------------------------------------------------------------------

    /** One enumeration page: an array of the kind's class (empty when nothing was returned). */
    static Object[] enumPage(int op, String function, long engine, long handle, int count) {
        return LOCAL.get().run(op, function, engine, handle, count & 0xFFFFFFFFL, 0, 0, -1);
    }

    static SaContext saContextGetById(long engine, long id, boolean v1) {
        return (SaContext) LOCAL.get().run(v1 ? OP_SA_CONTEXT_GET_BY_ID1 : OP_SA_CONTEXT_GET_BY_ID0,
                                           v1 ? "IPsecSaContextGetById1" : "IPsecSaContextGetById0", engine, 0, id, 0, 0, 1)[0];
    }

    static Filter filterGetById(long engine, long id) {
        return (Filter) LOCAL.get().run(OP_FILTER_GET_BY_ID0, "FwpmFilterGetById0", engine, 0, id, 0, 0, 1)[0];
    }

    /** key null is passed as the GUID 0 (the idiomatic API never passes NULL). */
    static Filter filterGetByKey(long engine, UUID key) {
        long msb = key == null ? 0 : key.getMostSignificantBits(), lsb = key == null ? 0 : key.getLeastSignificantBits();
        return (Filter) LOCAL.get().run(OP_FILTER_GET_BY_KEY0, "FwpmFilterGetByKey0", engine, 0, 0, msb, lsb, 1)[0];
    }

    /** Tests: o through the codec and this decoder (see encodeForTest). */
    static Object encodeAndDecode(int kind, Object o) {
        Pages s = LOCAL.get();
        long r = encodeForTest(kind, o, s.buf);
        int len = s.landed(r, "fwpk_pages_encode");
        return s.decode(s.buf, len, kind, 1)[0];
    }

    /** Raw page bytes of o, for the malformed-page tests. */
    static byte[] encodeForTestBytes(int kind, Object o) {
        Pages s = LOCAL.get();
        int len = s.landed(encodeForTest(kind, o, s.buf), "fwpk_pages_encode");
        byte[] out = new byte[len];
        s.buf.get(0, out);
        return out;
    }

    /** Tests: decodes a page given as bytes. */
    static Object[] decodeForTest(byte[] page, int kind) {
        ByteBuffer bb = ByteBuffer.allocateDirect(Math.max(page.length, 1)).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(0, page);
        return new Pages().decode(bb, page.length, kind, -1);
    }

    private Object[] run(int op, String function, long engine, long handle, long arg, long msb, long lsb, int expect) {
        long r = call(op, engine, handle, arg, msb, lsb, buf);
        int kind;
        switch (op) {
        case OP_SESSION_ENUM0: kind = KIND_SESSION0; break;
        case OP_FILTER_ENUM0: case OP_FILTER_GET_BY_ID0: case OP_FILTER_GET_BY_KEY0: kind = KIND_FILTER0; break;
        case OP_SA_CONTEXT_ENUM0: case OP_SA_CONTEXT_GET_BY_ID0: kind = KIND_SA_CONTEXT0; break;
        case OP_SA_CONTEXT_ENUM1: case OP_SA_CONTEXT_GET_BY_ID1: kind = KIND_SA_CONTEXT1; break;
        case OP_SA_ENUM0: kind = KIND_SA_DETAILS0; break;
        default: kind = KIND_SA_DETAILS1; break;
        }
        ByteBuffer page = buf;
        int len;
        if (r >= Integer.MIN_VALUE) {
            len = landed(r, function);
        } else {
            page = parked(r, function);
            len = page.limit();
        }
        return decode(page, len, kind, expect);
    }

    /** The length of a page that landed in buf, or the failure as an FwpException. */
    private int landed(long r, String function) {
        if (r < 0 && r >= Integer.MIN_VALUE) throw new FwpException(function, (int) r);
        if (r < 0) return parked(r, function).limit(); // only from encodeForTest
        return (int) r;
    }

    /** Moves a parked page into a buffer large enough (kept as this thread's if not too large). */
    private ByteBuffer parked(long r, String function) {
        long need = -(r + (1L << 32));
        ByteBuffer nb;
        try {
            if (need > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("page of " + need + " bytes");
            int cap = (int) need;
            if (need <= KEEP_MAX) cap = Math.max(Integer.highestOneBit((int) need - 1) << 1, INITIAL_BUFFER);
            nb = ByteBuffer.allocateDirect(cap).order(ByteOrder.LITTLE_ENDIAN);
        } catch (OutOfMemoryError e) {
            fetch(null); // frees the parked page
            throw new FwpException(function, Fwp.STATUS_NO_MEMORY);
        }
        long got = fetch(nb);
        if (got != need) throw malformed();
        if (nb.capacity() <= KEEP_MAX) buf = nb;
        nb.limit((int) need);
        return nb;
    }

    static FwpException malformed() {
        return new FwpException("page decoder: malformed page", Fwp.STATUS_INTERNAL_ERROR);
    }

    // ---- the page --------------------------------------------------------------------------------

    /** The records of a page (expect: the required count, -1 for any). */
    private Object[] decode(ByteBuffer page, int length, int kind, int expect) {
        try {
            this.b = page;
            this.p = 0;
            this.end = length;
            if (length < HEADER_SIZE || length > page.capacity()) throw malformed();
            if (u32() != MAGIC || u16() != VERSION || u16() != kind) throw malformed();
            int count = u32();
            if (u32() != length || Integer.toUnsignedLong(count) > (length - HEADER_SIZE) / 4) throw malformed();
            if (expect >= 0 && count != expect) throw malformed();
            Object[] out;
            switch (kind) {
            case KIND_SA_CONTEXT0: case KIND_SA_CONTEXT1: out = new SaContext[count]; break;
            case KIND_SA_DETAILS0: case KIND_SA_DETAILS1: out = new SaDetails[count]; break;
            case KIND_FILTER0: out = new Filter[count]; break;
            default: out = new Session[count]; break;
            }
            boolean v1 = kind == KIND_SA_CONTEXT1 || kind == KIND_SA_DETAILS1;
            for (int i = 0; i < count; i++) {
                int size = u32();
                int start = p;
                if (size <= 0 || size > end - start) throw malformed();
                int recordEnd = start + size;
                int outerEnd = end;
                end = recordEnd; // a record's reads stay inside the record
                switch (kind) {
                case KIND_SA_CONTEXT0: case KIND_SA_CONTEXT1: out[i] = saContext(v1); break;
                case KIND_SA_DETAILS0: case KIND_SA_DETAILS1: out[i] = details(v1); break;
                case KIND_FILTER0: out[i] = filter(); break;
                default: out[i] = session(); break;
                }
                end = outerEnd;
                p = recordEnd; // a newer codec may append members: skip what this version does not know
            }
            return out;
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw malformed();
        } finally {
            this.b = null;
        }
    }

    // ---- primitives --------------------------------------------------------------------------------

    private int at(int n) {
        int q = p;
        if (n > end - q) throw malformed();
        p = q + n;
        return q;
    }

    private int u8() {
        return b.get(at(1)) & 0xFF;
    }

    private int u16() {
        return b.getShort(at(2)) & 0xFFFF;
    }

    private int u32() {
        return b.getInt(at(4));
    }

    private long u64() {
        return b.getLong(at(8));
    }

    private boolean opt() {
        return b.get(at(1)) != 0;
    }

    private byte[] bytes(int n) {
        if (n < 0) throw malformed();
        byte[] r = new byte[n];
        if (n > 0) b.get(at(n), r);
        return r;
    }

    /** GUID: Data1, Data2, Data3 little-endian, then Data4 (the UUID's low 64 bits, big-endian). */
    private UUID guid() {
        int q = at(16);
        long msb = ((long) b.getInt(q) << 32) | ((long) (b.getShort(q + 4) & 0xFFFF) << 16) | (b.getShort(q + 6) & 0xFFFF);
        long lsb = Long.reverseBytes(b.getLong(q + 8));
        long h = msb ^ lsb;
        int slot = (int) (h ^ (h >>> 29) ^ (h >>> 47)) & (GUIDS - 1);
        UUID u = guid[slot];
        if (u != null && u.getMostSignificantBits() == msb && u.getLeastSignificantBits() == lsb) return u;
        return guid[slot] = new UUID(msb, lsb);
    }

    private UUID optGuid() {
        return opt() ? guid() : null;
    }

    /** BLOB as a ByteBlob (data null when the C pointer was NULL). */
    private ByteBlob blob() {
        ByteBlob bl = new ByteBlob();
        int size = u32();
        bl.size = size;
        if (opt()) bl.data = bytes(size);
        return bl;
    }

    /** WSTR: u32 UTF-8 length (0xFFFFFFFF = NULL), the bytes. */
    private String str() {
        int n = u32();
        if (n == -1) return null;
        if (n < 0) throw malformed();
        if (n == 0) return "";
        int q = at(n);
        byte[] s = scratch;
        if (s.length < n) scratch = s = new byte[Math.max(n, s.length * 2)];
        b.get(q, s, 0, n);
        for (int i = 0; i < STRINGS; i++) {
            byte[] k = strBytes[i];
            if (k != null && k.length == n && Arrays.equals(k, 0, n, s, 0, n)) return strValue[i];
        }
        String v = new String(s, 0, n, StandardCharsets.UTF_8);
        int slot = strNext;
        strNext = (slot + 1) & (STRINGS - 1);
        strBytes[slot] = Arrays.copyOf(s, n);
        strValue[slot] = v;
        return v;
    }

    // ---- records (what fwpkj_out_* produce, member by member) -------------------------------------

    /** FWP_VALUE0 (condition false) or FWP_CONDITION_VALUE0. */
    private FwpValue value(boolean condition) {
        FwpValue v = new FwpValue();
        int type = u32();
        v.type = type;
        switch (type) {
        case Fwp.FWP_UINT8: v.integer = u8(); break;
        case Fwp.FWP_INT8: v.integer = (byte) u8(); break;
        case Fwp.FWP_BITMAP_INDEX_TYPE: u8(); break; // the raw readers keep no member for it
        case Fwp.FWP_UINT16: v.integer = u16(); break;
        case Fwp.FWP_INT16: v.integer = (short) u16(); break;
        case Fwp.FWP_UINT32: v.integer = u32() & 0xFFFFFFFFL; break;
        case Fwp.FWP_INT32: v.integer = u32(); break;
        case Fwp.FWP_FLOAT: v.floating = Float.intBitsToFloat(u32()); break;
        case Fwp.FWP_UINT64:
        case Fwp.FWP_INT64:
            if (opt()) v.integer = u64(); else v.nullPointer = true;
            break;
        case Fwp.FWP_DOUBLE:
            if (opt()) v.floating = Double.longBitsToDouble(u64()); else v.nullPointer = true;
            break;
        case Fwp.FWP_BYTE_ARRAY16_TYPE:
            if (opt()) v.bytes = bytes(16); else v.nullPointer = true;
            break;
        case Fwp.FWP_BYTE_ARRAY6_TYPE:
            if (opt()) v.bytes = bytes(6); else v.nullPointer = true;
            break;
        case Fwp.FWP_BITMAP_ARRAY64_TYPE:
            if (opt()) v.bytes = bytes(8); else v.nullPointer = true;
            break;
        case Fwp.FWP_BYTE_BLOB_TYPE:
        case Fwp.FWP_SECURITY_DESCRIPTOR_TYPE:
        case Fwp.FWP_TOKEN_ACCESS_INFORMATION_TYPE:
            if (opt()) {
                int size = u32();
                if (opt()) v.bytes = bytes(size);
                else if (size == 0) v.bytes = new byte[0];
                else v.nullPointer = true; // {size > 0, NULL}
            } else {
                v.nullPointer = true;
            }
            break;
        case Fwp.FWP_SID:
            if (opt()) v.bytes = bytes(u32()); else v.nullPointer = true;
            break;
        case Fwp.FWP_UNICODE_STRING_TYPE: {
            String s = str();
            if (s != null) v.unicodeString = s; else v.nullPointer = true;
            break;
        }
        case Fwp.FWP_V4_ADDR_MASK:
            if (!condition || !opt()) {
                v.nullPointer = true; // an FWP_VALUE0 has no mask member
            } else {
                V4AddrAndMask m = new V4AddrAndMask();
                m.addr = u32();
                m.mask = u32();
                v.v4AddrMask = m;
            }
            break;
        case Fwp.FWP_V6_ADDR_MASK:
            if (!condition || !opt()) {
                v.nullPointer = true;
            } else {
                V6AddrAndMask m = new V6AddrAndMask();
                m.addr = bytes(16);
                m.prefixLength = u8();
                v.v6AddrMask = m;
            }
            break;
        case Fwp.FWP_RANGE_TYPE:
            if (!condition || !opt()) {
                v.nullPointer = true;
            } else {
                Range r = new Range();
                r.valueLow = value(false);
                r.valueHigh = value(false);
                v.rangeValue = r;
            }
            break;
        default:
            // FWP_EMPTY, FWP_TOKEN_INFORMATION_TYPE (the library never returns a NULL one), unknown
            break;
        }
        return v;
    }

    private DisplayData display() {
        DisplayData d = new DisplayData();
        d.name = str();
        d.description = str();
        return d;
    }

    private Filter filter() {
        Filter f = new Filter();
        f.filterKey = guid();
        f.displayData = display();
        int flags = u32();
        f.flags = flags;
        f.providerKey = optGuid();
        f.providerData = blob();
        f.layerKey = guid();
        f.subLayerKey = guid();
        f.weight = value(false);
        int n = u32();
        if (n < 0 || n > end - p) throw malformed();
        FilterCondition[] cs = new FilterCondition[n];
        for (int i = 0; i < n; i++) {
            FilterCondition c = new FilterCondition();
            c.fieldKey = guid();
            c.matchType = u32();
            c.conditionValue = value(true);
            cs[i] = c;
        }
        f.filterCondition = cs;
        f.numFilterConditions = n;
        Action a = new Action();
        a.type = u32();
        if ((a.type & Fwp.FWP_ACTION_FLAG_CALLOUT) != 0) a.calloutKey = guid();
        else a.filterType = guid();
        f.action = a;
        if ((flags & Fwp.FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT) != 0) f.providerContextKey = guid();
        else f.rawContext = u64();
        f.reserved = optGuid();
        f.filterId = u64();
        f.effectiveWeight = value(false);
        return f;
    }

    private Session session() {
        Session s = new Session();
        s.sessionKey = guid();
        s.displayData = display();
        s.flags = u32();
        s.txnWaitTimeoutInMSec = u32();
        s.processId = u32();
        if (opt()) s.sid = bytes(u32());
        s.username = str();
        s.kernelMode = u32() != 0;
        return s;
    }

    private Traffic traffic(boolean v1) {
        Traffic t = new Traffic();
        int ipVersion = u32();
        t.ipVersion = ipVersion;
        if (ipVersion == Fwp.FWP_IP_VERSION_V6) {
            t.localV6Address = bytes(16);
            t.remoteV6Address = bytes(16);
        } else {
            t.localV4Address = u32();
            t.remoteV4Address = u32();
        }
        t.trafficType = u32();
        long id = u64();
        t.ipsecFilterId = id; // the union: both names
        t.tunnelPolicyId = id;
        t.remotePort = u16();
        if (v1) {
            t.localPort = u16();
            t.ipProtocol = u8();
            t.localIfLuid = u64();
            t.realIfProfileId = u32();
        }
        return t;
    }

    private SaAuthInformation auth() {
        AuthTransformId id = new AuthTransformId();
        id.authType = u32();
        id.authConfig = u8();
        AuthTransform t = new AuthTransform();
        t.authTransformId = id;
        t.cryptoModuleId = optGuid();
        SaAuthInformation a = new SaAuthInformation();
        a.authTransform = t;
        a.authKey = blob();
        return a;
    }

    private SaCipherInformation cipher() {
        CipherTransformId id = new CipherTransformId();
        id.cipherType = u32();
        id.cipherConfig = u8();
        CipherTransform t = new CipherTransform();
        t.cipherTransformId = id;
        t.cryptoModuleId = optGuid();
        SaCipherInformation c = new SaCipherInformation();
        c.cipherTransform = t;
        c.cipherKey = blob();
        return c;
    }

    private Sa sa() {
        Sa sa = new Sa();
        sa.spi = u32();
        int type = u32();
        sa.saTransformType = type;
        switch (type) {
        case Fwp.IPSEC_TRANSFORM_AH: if (opt()) sa.ahInformation = auth(); break;
        case Fwp.IPSEC_TRANSFORM_ESP_AUTH: if (opt()) sa.espAuthInformation = auth(); break;
        case Fwp.IPSEC_TRANSFORM_ESP_AUTH_FW: if (opt()) sa.espAuthFwInformation = auth(); break;
        case Fwp.IPSEC_TRANSFORM_ESP_CIPHER: if (opt()) sa.espCipherInformation = cipher(); break;
        case Fwp.IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
            if (opt()) {
                SaAuthAndCipherInformation i = new SaAuthAndCipherInformation();
                i.saCipherInformation = cipher();
                i.saAuthInformation = auth();
                sa.espAuthAndCipherInformation = i;
            }
            break;
        default:
            break;
        }
        return sa;
    }

    private IpsecId ipsecId() {
        IpsecId id = new IpsecId();
        id.mmTargetName = str();
        id.emTargetName = str();
        int n = u32();
        if (n < 0 || n > end - p) throw malformed();
        Token[] tokens = new Token[n];
        for (int i = 0; i < n; i++) {
            Token t = new Token();
            t.type = u32();
            t.principal = u32();
            t.mode = u32();
            t.token = u64();
            tokens[i] = t;
        }
        id.tokens = tokens;
        id.numTokens = n;
        id.explicitCredentials = u64();
        id.logonId = u64();
        return id;
    }

    private static final UUID ZERO = new UUID(0, 0);

    private SaBundle bundle(boolean v1) {
        SaBundle bu = new SaBundle();
        bu.flags = u32();
        SaLifetime l = new SaLifetime();
        l.lifetimeSeconds = u32();
        l.lifetimeKilobytes = u32();
        l.lifetimePackets = u32();
        bu.lifetime = l;
        bu.idleTimeoutSeconds = u32();
        bu.ndAllowClearTimeoutSeconds = u32();
        if (opt()) bu.ipsecId = ipsecId();
        bu.napContext = u32();
        bu.qmSaId = u32();
        int n = u32();
        if (n < 0 || n > end - p) throw malformed();
        Sa[] list = new Sa[n];
        for (int i = 0; i < n; i++) list[i] = sa();
        bu.saList = list;
        bu.numSAs = n;
        if (opt()) {
            KeyModuleState k = new KeyModuleState();
            k.keyModuleKey = guid();
            k.stateBlob = blob();
            bu.keyModuleState = k;
        }
        bu.ipVersion = u32();
        bu.peerV4PrivateAddress = u32();
        bu.mmSaId = u64();
        bu.pfsGroup = u32();
        if (v1) {
            bu.saLookupContext = guid();
            bu.qmFilterId = u64();
        } else {
            bu.saLookupContext = ZERO; // the raw reader reads a v0 bundle as a v1 one with zeros
        }
        return bu;
    }

    private SaDetails details(boolean v1) {
        SaDetails d = new SaDetails();
        d.ipVersion = u32();
        d.saDirection = u32();
        d.traffic = traffic(v1);
        d.saBundle = bundle(v1);
        if (opt()) {
            V4UdpEncapsulation u = new V4UdpEncapsulation();
            u.localUdpEncapPort = u16();
            u.remoteUdpEncapPort = u16();
            d.udpEncapsulation = u;
        }
        if (opt()) d.transportFilter = filter();
        if (v1) {
            VirtualIfTunnelInfo vi = new VirtualIfTunnelInfo();
            vi.virtualIfTunnelId = u64();
            vi.trafficSelectorId = u64();
            d.virtualIfTunnelInfo = vi;
        }
        return d;
    }

    private SaContext saContext(boolean v1) {
        SaContext c = new SaContext();
        c.saContextId = u64();
        if (opt()) c.inboundSa = details(v1);
        if (opt()) c.outboundSa = details(v1);
        return c;
    }
}
