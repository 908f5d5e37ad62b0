// Wire.cs — the primitives the generated codec (Fwpk.Types.g.cs, emitted by
// bindings/gen/emit_csharp.py) is written with: the byte format and pages of
// bindings/gen/WIRE.md.  Little-endian, no alignment.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Fwpk;

/// <summary>A value of the generated data model: it can encode itself.</summary>
public interface IWireValue
{
    /// <summary>Appends the wire encoding of this value.</summary>
    void Write(WireWriter w);
}

/// <summary>Reads the wire format from a byte array, front to back.</summary>
public struct WireReader
{
    private readonly byte[] _b;
    private int _p;

    public WireReader(byte[] bytes, int offset = 0)
    {
        _b = bytes;
        _p = offset;
    }

    /// <summary>The read position.</summary>
    public readonly int Position => _p;

    private ReadOnlySpan<byte> Take(int n)
    {
        var s = _b.AsSpan(_p, n);
        _p += n;
        return s;
    }

    /// <summary>Skips n bytes (the rest of a union carried whole).</summary>
    public void Skip(int n) => Take(n);

    /// <summary>The little-endian n-byte integer `at` bytes ahead, not consumed: a holder's
    /// member that selects the unions of the structure read next (WIRE.md).</summary>
    public readonly ulong Peek(int at, int n)
    {
        var s = _b.AsSpan(_p + at, n);
        ulong x = 0;
        for (int i = n - 1; i >= 0; i--) x = x << 8 | s[i];
        return x;
    }

    public byte U8() => Take(1)[0];
    public sbyte I8() => (sbyte)Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public short I16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public float F32() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    public double F64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    /// <summary>A C BOOL (4 bytes): any non-zero value is true.</summary>
    public bool Bool() => I32() != 0;
    /// <summary>The presence byte of a pointer.</summary>
    public bool Present() => Take(1)[0] != 0;
    public Guid Guid() => new(Take(16));
    public byte[] Bytes(int n) => Take(n).ToArray();

    /// <summary>FWP_BYTE_BLOB: null when its data pointer is NULL.</summary>
    public byte[]? Blob()
    {
        int n = (int)U32();
        return Present() ? Bytes(n) : null;
    }

    /// <summary>
    /// FWP_BYTE_BLOB *: null for a NULL pointer, <see cref="Wire.NullData"/> for a
    /// blob whose data pointer is NULL, else the bytes.
    /// </summary>
    public byte[]? OptBlob() => Present() ? (Blob() ?? Wire.NullData) : null;

    /// <summary>A wchar_t string: u32 byte length (0xFFFFFFFF = NULL), UTF-8.</summary>
    public string? WStr()
    {
        uint n = U32();
        if (n == 0xFFFFFFFF) return null;
        return Encoding.UTF8.GetString(Take((int)n));
    }
}

/// <summary>Builds the wire encoding of values in a growable buffer.</summary>
public sealed class WireWriter
{
    private byte[] _b = new byte[256];
    private int _n;

    /// <summary>Bytes written so far.</summary>
    public int Length => _n;

    public void Reset() => _n = 0;

    public byte[] ToArray() => _b.AsSpan(0, _n).ToArray();

    internal ReadOnlySpan<byte> Written => _b.AsSpan(0, _n);

    private Span<byte> Take(int n)
    {
        if (_n + n > _b.Length) Array.Resize(ref _b, Math.Max(_b.Length * 2, _n + n));
        var s = _b.AsSpan(_n, n);
        _n += n;
        return s;
    }

    public void U8(byte v) => Take(1)[0] = v;
    public void I8(sbyte v) => Take(1)[0] = (byte)v;
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), v);
    public void I16(short v) => BinaryPrimitives.WriteInt16LittleEndian(Take(2), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), v);
    public void F32(float v) => BinaryPrimitives.WriteSingleLittleEndian(Take(4), v);
    public void F64(double v) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), v);
    public void Bool(bool v) => I32(v ? 1 : 0);
    public void Present(bool present) => U8(present ? (byte)1 : (byte)0);
    public void Guid(Guid g) => g.TryWriteBytes(Take(16));
    public void Raw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>A fixed array of n bytes: null is n zeros; a longer or shorter array is an error.</summary>
    public void Bytes(byte[]? v, int n)
    {
        if (v is null) { Take(n).Clear(); return; }
        if (v.Length != n) throw new ArgumentException($"expected {n} bytes, got {v.Length}");
        Raw(v);
    }

    /// <summary>FWP_BYTE_BLOB: size = the array's length; null = NULL data.</summary>
    public void Blob(byte[]? v)
    {
        U32((uint)(v?.Length ?? 0));
        Present(v is not null);
        if (v is not null) Raw(v);
    }

    /// <summary>FWP_BYTE_BLOB *: null = NULL pointer; <see cref="Wire.NullData"/> = a blob with NULL data.</summary>
    public void OptBlob(byte[]? v)
    {
        Present(v is not null);
        if (v is not null) Blob(ReferenceEquals(v, Wire.NullData) ? null : v);
    }

    public void WStr(string? s)
    {
        if (s is null) { U32(0xFFFFFFFF); return; }
        int n = Encoding.UTF8.GetByteCount(s);
        U32((uint)n);
        Encoding.UTF8.GetBytes(s, Take(n));
    }
}

/// <summary>Helpers of the generated codec: pages, fixed-offset reads, equality, text.</summary>
public static class Wire
{
    public const uint PageMagic = 0x47505746;
    public const ushort PageVersion = 2;
    public const int PageHeader = 20;

    /// <summary>A non-null pointer for an empty input (fixed() gives null for an empty array).</summary>
    internal static readonly unsafe byte* EmptyPtr = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(1);

    /// <summary>
    /// The value of a pointer-held FWP_BYTE_BLOB (FWP_VALUE0.byteBlob, .sd, ...)
    /// whose data pointer is NULL (size 0), as opposed to null (no blob at all)
    /// and an empty array (a blob with non-NULL data of size 0).  Compared by reference.
    /// </summary>
    public static readonly byte[] NullData = new byte[0];

    internal delegate T ReadFn<T>(ref WireReader r);

    internal static T[] Array<T>(int n, ref WireReader r, ReadFn<T> read)
    {
        if (n < 0) throw new FormatException("negative count");
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = read(ref r);
        return a;
    }

    // Fixed-offset reads of a page-record view.
    internal static byte U8At(byte[] b, int o) => b[o];
    internal static sbyte I8At(byte[] b, int o) => (sbyte)b[o];
    internal static ushort U16At(byte[] b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));
    internal static short I16At(byte[] b, int o) => BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(o));
    internal static uint U32At(byte[] b, int o) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
    internal static int I32At(byte[] b, int o) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(o));
    internal static ulong U64At(byte[] b, int o) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o));
    internal static long I64At(byte[] b, int o) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(o));
    internal static float F32At(byte[] b, int o) => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(o));
    internal static double F64At(byte[] b, int o) => BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(o));
    internal static bool BoolAt(byte[] b, int o) => I32At(b, o) != 0;
    internal static Guid GuidAt(byte[] b, int o) => new(b.AsSpan(o, 16));

    [ThreadStatic] private static WireWriter? _writer;

    /// <summary>The wire encoding of v.</summary>
    public static byte[] Encode(IWireValue v)
    {
        var w = _writer ??= new WireWriter();
        w.Reset();
        v.Write(w);
        var r = w.ToArray();
        if (w.Length > 1 << 20) _writer = null; // do not keep a huge buffer
        return r;
    }

    internal static byte[] EncodeGuid(Guid g) => g.ToByteArray();

    /// <summary>The encodings of vs back to back (a counted array parameter, WIRE.md); null for null.</summary>
    internal static byte[]? EncodeAll<T>(IReadOnlyList<T>? vs) where T : IWireValue
    {
        if (vs is null) return null;
        var w = new WireWriter();
        foreach (var v in vs) v.Write(w);
        return w.ToArray();
    }

    /// <summary>The type id of a page (FNV-1a of the C typedef name).</summary>
    public static uint PageTypeId(byte[] page) => CheckHeader(page);

    private static uint CheckHeader(ReadOnlySpan<byte> page)
    {
        if (page.Length < PageHeader || BinaryPrimitives.ReadUInt32LittleEndian(page) != PageMagic
            || BinaryPrimitives.ReadUInt16LittleEndian(page[4..]) != PageVersion
            || BinaryPrimitives.ReadUInt32LittleEndian(page[16..]) != (uint)page.Length)
            throw new FormatException("not a version-2 page");
        return BinaryPrimitives.ReadUInt32LittleEndian(page[8..]);
    }

    /// <summary>
    /// The records of a page as views over its bytes (a NULL entry is null).
    /// The page array is never written again, so the views can keep it.
    /// </summary>
    public static T[] Page<T>(byte[] page, uint typeId, Func<byte[], int, T> view) where T : class
    {
        if (CheckHeader(page) != typeId) throw new FormatException("page of another type");
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(12));
        var list = new T[count];
        int p = PageHeader;
        for (int i = 0; i < count; i++)
        {
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(p));
            p += 4;
            if (n != 0) list[i] = view(page, p);
            p += n;
            if (p > page.Length) throw new FormatException("truncated page");
        }
        return list;
    }

    /// <summary>The one record of a page of count 1.</summary>
    public static T Single<T>(byte[] page, uint typeId, Func<byte[], int, T> view) where T : class => One(Page(page, typeId, view));

    private static T One<T>(T[] l) where T : class =>
        l.Length == 1 && l[0] is { } x ? x : throw new FormatException("expected one record");

    /// <summary>Whole records are copied out of a native page in arrays of at most this size.</summary>
    private const int Chunk = 32 << 10;

    /// <summary>
    /// The records of a page a shim wrote (native memory, reused by the next
    /// call) as views over managed copies: whole records are copied in arrays
    /// of at most 32 KiB (one record larger than that gets its own).  One array
    /// per page (~740 KB for 1 000 SA contexts) went to the large-object heap
    /// and cost a gen2 collection every few pages; small arrays are gen0 allocations.
    /// </summary>
    internal static unsafe T[] Page<T>(Native.FwpkBuf* buf, uint typeId, Func<byte[], int, T> view) where T : class
    {
        var page = new ReadOnlySpan<byte>(buf->Data, checked((int)buf->Len));
        if (CheckHeader(page) != typeId) throw new FormatException("page of another type");
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(page[12..]);
        var list = new T[count];
        for (int i = 0, p = PageHeader; i < count;)
        {
            int j = i, q = p;
            do
            {
                if (q > page.Length - 4) throw new FormatException("truncated page");
                long end = q + 4L + BinaryPrimitives.ReadUInt32LittleEndian(page[q..]);
                if (end > page.Length) throw new FormatException("truncated page");
                if (j > i && end - p > Chunk) break;
                q = (int)end;
                j++;
            } while (j < count);
            var a = GC.AllocateUninitializedArray<byte>(q - p);
            page[p..q].CopyTo(a);
            for (int o = 0; i < j; i++)
            {
                int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(a.AsSpan(o));
                if (n != 0) list[i] = view(a, o + 4);
                o += 4 + n;
            }
            p = q;
        }
        return list;
    }

    /// <summary>The one record of a native page of count 1.</summary>
    internal static unsafe T Single<T>(Native.FwpkBuf* buf, uint typeId, Func<byte[], int, T> view) where T : class =>
        One(Page(buf, typeId, view));

    /// <summary>Value equality of the generated types: the same wire bytes.</summary>
    internal static bool SameBytes(IWireValue a, IWireValue b) => Encode(a).AsSpan().SequenceEqual(Encode(b));

    internal static int HashBytes(IWireValue v)
    {
        var h = new HashCode();
        h.AddBytes(Encode(v));
        return h.ToHashCode();
    }

    internal static void Text<T>(StringBuilder s, T v)
    {
        switch (v)
        {
            case null: s.Append("null"); break;
            case string str: s.Append('"').Append(str).Append('"'); break;
            case byte[] b: s.Append(Convert.ToHexString(b)); break;
            case System.Collections.IEnumerable e:
                s.Append('[');
                bool first = true;
                foreach (var x in e)
                {
                    if (!first) s.Append(", ");
                    first = false;
                    Text(s, x);
                }
                s.Append(']');
                break;
            case IFormattable f: s.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: s.Append(v.ToString()); break;
        }
    }
}

public static partial class WireTypes
{
    /// <summary>The C structure name and the records (views; null = a NULL entry) of a page of any schema type.</summary>
    public static (string Name, IWireValue?[] Records) ReadPage(byte[] page)
    {
        uint id = Wire.PageTypeId(page);
        string name = NameOf(id) ?? throw new FormatException($"unknown page type id 0x{id:X8}");
        return (name, Wire.Page(page, id, (b, o) => View(name, b, o)!));
    }

    /// <summary>The value whose encoding is `bytes` (a structure of the schema named cname), fully decoded.</summary>
    public static IWireValue Decode(string cname, byte[] bytes)
    {
        var v = View(cname, bytes, 0) ?? throw new ArgumentException($"not a schema structure: {cname}");
        v.Write(new WireWriter()); // decodes every member
        return v;
    }
}
