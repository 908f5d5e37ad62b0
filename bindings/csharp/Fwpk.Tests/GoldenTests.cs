using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fwpk;
using Xunit;

namespace Fwpk.Tests;

/// <summary>
/// The golden corpus (tests/golden/README.md): every encoded structure and
/// page, synthetic and from the engine, decodes with the generated C# codec
/// and encodes back to the same bytes.  Pages are decoded as lazy views at
/// their record offsets, as the SDK reads engine results.
/// </summary>
public class GoldenTests
{
    private static List<(string Kind, byte[] Data)> Corpus()
    {
        string? path = Environment.GetEnvironmentVariable("FWPK_GOLDEN_CORPUS");
        Assert.False(string.IsNullOrEmpty(path), "FWPK_GOLDEN_CORPUS names the corpus (set by dotnet_build.py test)");
        var items = File.ReadLines(path!).Where(l => l.Trim().Length > 0)
            .Select(l => { int sp = l.IndexOf(' '); return (l[..sp], Convert.FromHexString(l[(sp + 1)..].Trim())); }).ToList();
        Assert.NotEmpty(items);
        return items;
    }

    private static byte[] ReencodePage(byte[] page)
    {
        uint id = Wire.PageTypeId(page);
        string name = WireTypes.NameOf(id) ?? throw new Xunit.Sdk.XunitException($"page type 0x{id:X8} is not in the schema");
        var records = new List<byte[]?>();
        if (WireTypes.View(name, page, Wire.PageHeader) is not null)
        {
            foreach (var r in WireTypes.ReadPage(page).Records) records.Add(r is null ? null : Wire.Encode(r));
        }
        else
        {
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(12)), p = Wire.PageHeader;
            for (int i = 0; i < count; i++)
            {
                int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(p));
                records.Add(n == 0 ? null : WireTypes.Reencode(name, page.AsSpan(p + 4, n).ToArray()));
                p += 4 + n;
            }
        }
        var w = new WireWriter();
        w.U32(Wire.PageMagic); w.U16(Wire.PageVersion); w.U16(0); w.U32(id); w.U32((uint)records.Count);
        int total = Wire.PageHeader + records.Sum(r => 4 + (r?.Length ?? 0));
        w.U32((uint)total);
        foreach (var r in records) { w.U32((uint)(r?.Length ?? 0)); if (r is not null) w.Raw(r); }
        return w.ToArray();
    }

    [Fact]
    public void EveryCorpusItemDecodesAndEncodesToTheSameBytes()
    {
        int pages = 0, structs = 0;
        var bad = new List<string>();
        foreach (var (kind, data) in Corpus())
        {
            byte[]? again = kind == "page" ? ReencodePage(data) : WireTypes.Reencode(kind, data);
            if (kind == "page") pages++; else structs++;
            if (again is null || !again.AsSpan().SequenceEqual(data))
                bad.Add($"{kind}: {Convert.ToHexString(data)[..Math.Min(80, data.Length * 2)]}");
        }
        Assert.True(bad.Count == 0, $"{bad.Count} corpus item(s) did not round-trip:\n" + string.Join("\n", bad.Take(10)));
        Assert.True(pages > 0 && structs > 0);
    }

    [Fact]
    public void DecodedValuesHaveValueEqualityAndText()
    {
        foreach (var (kind, data) in Corpus())
        {
            if (kind == "page" || WireTypes.View(kind, data, 0) is null) continue;
            var a = WireTypes.Decode(kind, data);
            var b = WireTypes.Decode(kind, (byte[])data.Clone());
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.StartsWith(a.GetType().Name + " {", a.ToString());
        }
    }

    [Fact]
    public void FixedOffsetMembersAreReadWithoutDecodingTheRecord()
    {
        // A record view answers saContextId from the page bytes; a member after
        // the first variable-length one decodes the record (and gives the same values).
        var ctx = new SaContext { SaContextId = 42, OutboundSa = new SaDetails { SaBundle = new SaBundle { QmSaId = 7 } } };
        var w = new WireWriter();
        w.U32(Wire.PageMagic); w.U16(Wire.PageVersion); w.U16(0); w.U32(WireTypes.TypeIdOf("IPSEC_SA_CONTEXT1")); w.U32(1);
        var rec = Wire.Encode(ctx);
        w.U32((uint)(Wire.PageHeader + 4 + rec.Length)); w.U32((uint)rec.Length); w.Raw(rec);
        var page = w.ToArray();
        var view = (SaContext)WireTypes.ReadPage(page).Records[0]!;
        Assert.Equal(42ul, view.SaContextId);
        Assert.Equal(7u, view.OutboundSa!.SaBundle.QmSaId);
        Assert.Null(view.InboundSa);
        Assert.Equal(ctx, view);
    }
}
