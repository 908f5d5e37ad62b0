// manual_keying — the C# port of examples/c/manual_keying.c (+ the listing of
// ipsecdump.c): installs IPsec transport filters, creates three SA contexts
// with real-size keys, then lists them page by page.  The output is the C
// example's, line for line (only the random inbound SPIs differ).
//
//   dotnet ManualKeying.dll [page-size]   (default 2)
//   dotnet ManualKeying.dll bench         the C# benchmark: two BENCH lines
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Fwpk;

internal static class Program
{
    private const uint LocalV4 = 0x0A000001; // 10.0.0.1, host byte order
    private const byte IpProtoTcp = 6, IpProtoUdp = 17;

    private enum Profile { EspAes128Sha1, EspAes256Sha256, AhSha256PlusEspAes256 }

    private sealed record Peer(uint RemoteAddress, byte Protocol, Profile Profile, uint OutboundSpi, string Description);

    private static readonly Peer[] Peers =
    {
        new(0x0A000002, IpProtoUdp, Profile.EspAes128Sha1, 0x00001001, "ESP AES-128-CBC + HMAC-SHA-1-96 (keys 16 + 20 bytes)"),
        new(0x0A000003, IpProtoTcp, Profile.EspAes256Sha256, 0x00001002, "ESP AES-256-CBC + HMAC-SHA-256-128 (keys 32 + 32 bytes)"),
        new(0x0A000004, IpProtoUdp, Profile.AhSha256PlusEspAes256, 0x00001003, "AH HMAC-SHA-256-128 + ESP AES-256-CBC (keys 32 + 32 bytes)"),
    };

    private static string StatusText(int status) =>
        $"{Engine.StatusName(status) ?? "unknown status"} (0x{status:X8})";

    private static string V4(uint a) => $"{a >> 24 & 0xFF}.{a >> 16 & 0xFF}.{a >> 8 & 0xFF}.{a & 0xFF}";

    private static ulong AddIpsecTransportFilter(Engine engine, bool outbound, uint remoteAddress, byte protocol) =>
        engine.AddFilter(new Filter
        {
            DisplayData = new DisplayData(outbound ? "manual_keying outbound" : "manual_keying inbound",
                                          "IPsec transport policy installed by the manual_keying example"),
            LayerKey = outbound ? FwpmGuids.LayerOutboundTransportV4 : FwpmGuids.LayerInboundTransportV4,
            SubLayerKey = FwpmGuids.SublayerUniversal,
            Weight = FwpValue.Empty(), // the engine picks the weight
            FilterCondition =
            {
                new FilterCondition(FwpmGuids.ConditionIpRemoteAddress, FwpMatchType.Equal, FwpValue.FromUInt32(remoteAddress)),
                new FilterCondition(FwpmGuids.ConditionIpProtocol, FwpMatchType.Equal, FwpValue.FromUInt8(protocol)),
            },
            Action = new FilterAction
            {
                Type = FwpActionType.CalloutTerminating,
                CalloutKey = outbound ? FwpmGuids.CalloutIpsecOutboundTransportV4 : FwpmGuids.CalloutIpsecInboundTransportV4,
            },
        });

    /// <summary>Deterministic stand-in for negotiated keys (never printed).</summary>
    private static byte[] Key(int size, byte seed)
    {
        var k = new byte[size];
        for (int i = 0; i < size; i++) k[i] = (byte)(seed * 31 + i * 7);
        return k;
    }

    private static List<Sa> SaList(Profile profile, uint spi, byte seed)
    {
        switch (profile)
        {
            case Profile.EspAes128Sha1:
            case Profile.EspAes256Sha256:
                bool strong = profile == Profile.EspAes256Sha256;
                return new List<Sa>
                {
                    Sa.EspAuthAndCipher(spi,
                        new SaCipherInformation(strong ? CipherTransformId.Aes256 : CipherTransformId.Aes128, Key(strong ? 32 : 16, seed)),
                        new SaAuthInformation(strong ? AuthTransformId.HmacSha256128 : AuthTransformId.HmacSha196, Key(strong ? 32 : 20, (byte)(seed + 1)))),
                };
            default:
                // two SAs: ESP at index 0, AH at index 1, one SPI for the bundle
                return new List<Sa>
                {
                    Sa.EspCipher(spi, new SaCipherInformation(CipherTransformId.Aes256, Key(32, seed))),
                    Sa.Ah(spi, new SaAuthInformation(AuthTransformId.HmacSha256128, Key(32, (byte)(seed + 1)))),
                };
        }
    }

    private static void KeyPeer(Engine engine, Peer peer, uint qmSaId, bool log)
    {
        string remote = V4(peer.RemoteAddress), local = V4(LocalV4);
        ulong outboundFilterId = AddIpsecTransportFilter(engine, true, peer.RemoteAddress, peer.Protocol);
        ulong inboundFilterId = AddIpsecTransportFilter(engine, false, peer.RemoteAddress, peer.Protocol);
        if (log)
        {
            Console.Write($"filter {outboundFilterId}: FWPM_LAYER_OUTBOUND_TRANSPORT_V4, remote {remote}, protocol {peer.Protocol} -> FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4\n");
            Console.Write($"filter {inboundFilterId}: FWPM_LAYER_INBOUND_TRANSPORT_V4, remote {remote}, protocol {peer.Protocol} -> FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4\n");
        }

        var outboundTraffic = IpsecTraffic.TransportV4(LocalV4, peer.RemoteAddress, outboundFilterId);
        ulong saContextId = engine.CreateSaContext0(outboundTraffic);

        uint inboundSpi = engine.GetSpi0(saContextId, new GetSpiInfo
        {
            InboundIpsecTraffic = IpsecTraffic.TransportV4(LocalV4, peer.RemoteAddress, inboundFilterId),
            IpVersion = FwpIpVersion.V4,
        });

        SaBundle Bundle(List<Sa> sas) => new()
        {
            Lifetime = new SaLifetime { LifetimeSeconds = 3600, LifetimeKilobytes = 1000000, LifetimePackets = 0x7FFFFFFF },
            IdleTimeoutSeconds = 300,
            QmSaId = qmSaId, // same for both directions of the pair
            IpVersion = FwpIpVersion.V4,
            PfsGroup = IpsecPfsGroup.None,
            SaList = sas,
        };
        engine.AddInbound0(saContextId, Bundle(SaList(peer.Profile, inboundSpi, (byte)(qmSaId * 2))));
        engine.AddOutbound0(saContextId, Bundle(SaList(peer.Profile, peer.OutboundSpi, (byte)(qmSaId * 2 + 1))));

        if (log)
            Console.Write($"SA context {saContextId}: {local} <-> {remote} protocol {peer.Protocol}, {peer.Description}, inbound SPI 0x{inboundSpi:X8}, outbound SPI 0x{peer.OutboundSpi:X8}\n");
    }

    private static void CreateContexts(Engine engine, bool log)
    {
        for (int i = 0; i < Peers.Length; i++) KeyPeer(engine, Peers[i], (uint)(i + 1), log);
    }

    private static string AuthName(AuthTransformId id) => id.AuthConfig switch
    {
        IpsecAuthConfig.HmacMd596 => "HMAC-MD5-96",
        IpsecAuthConfig.HmacSha196 => "HMAC-SHA-1-96",
        IpsecAuthConfig.HmacSha256128 => "HMAC-SHA-256-128",
        IpsecAuthConfig.GcmAes128 => "GMAC-AES-128",
        IpsecAuthConfig.GcmAes192 => "GMAC-AES-192",
        IpsecAuthConfig.GcmAes256 => "GMAC-AES-256",
        _ => "unknown-auth",
    };

    private static string CipherName(CipherTransformId id) => id.CipherConfig switch
    {
        IpsecCipherConfig.CbcDes => "DES-CBC",
        IpsecCipherConfig.Cbc3Des => "3DES-CBC",
        IpsecCipherConfig.CbcAes128 => "AES-128-CBC",
        IpsecCipherConfig.CbcAes192 => "AES-192-CBC",
        IpsecCipherConfig.CbcAes256 => "AES-256-CBC",
        IpsecCipherConfig.GcmAes128 => "AES-128-GCM",
        IpsecCipherConfig.GcmAes192 => "AES-192-GCM",
        IpsecCipherConfig.GcmAes256 => "AES-256-GCM",
        _ => "unknown-cipher",
    };

    private static string Address(FwpIpVersion v, uint v4, byte[] v6)
    {
        if (v == FwpIpVersion.V4) return V4(v4);
        var parts = new List<string>();
        for (int i = 0; i < 16; i += 2) parts.Add((v6[i] << 8 | v6[i + 1]).ToString("x"));
        return string.Join(":", parts);
    }

    private static void PrintSa(string direction, int index, Sa sa)
    {
        Console.Write($"    {direction,-8} SA[{index}] spi 0x{sa.Spi:X8} ");
        switch (sa.SaTransformType)
        {
            case IpsecTransformType.Ah:
                Console.Write($"AH {AuthName(sa.AhInformation!.AuthTransformId)}, auth key {sa.AhInformation.AuthKey?.Length ?? 0} bytes\n");
                break;
            case IpsecTransformType.EspAuth:
            case IpsecTransformType.EspAuthFw:
                var auth = sa.EspAuthInformation ?? sa.EspAuthFwInformation!;
                Console.Write($"ESP{(sa.SaTransformType == IpsecTransformType.EspAuthFw ? " (auth, firewall)" : " (auth only)")} {AuthName(auth.AuthTransformId)}, auth key {auth.AuthKey?.Length ?? 0} bytes\n");
                break;
            case IpsecTransformType.EspCipher:
                Console.Write($"ESP {CipherName(sa.EspCipherInformation!.CipherTransformId)}, cipher key {sa.EspCipherInformation.CipherKey?.Length ?? 0} bytes\n");
                break;
            case IpsecTransformType.EspAuthAndCipher:
                var i = sa.EspAuthAndCipherInformation!;
                Console.Write($"ESP {CipherName(i.SaCipherInformation.CipherTransformId)} + {AuthName(i.SaAuthInformation.AuthTransformId)}, cipher key {i.SaCipherInformation.CipherKey?.Length ?? 0} bytes, auth key {i.SaAuthInformation.AuthKey?.Length ?? 0} bytes\n");
                break;
            default:
                Console.Write($"transform {(int)sa.SaTransformType}\n");
                break;
        }
    }

    private static void PrintDetails(string direction, SaDetails? d)
    {
        if (d is null)
        {
            Console.Write($"    {direction,-8} (none yet)\n");
            return;
        }
        var t = d.Traffic;
        bool tunnel = t.TrafficType == IpsecTrafficType.Tunnel;
        Console.Write($"    {direction,-8} {(tunnel ? "tunnel" : "transport")} ");
        Console.Write(Address(t.IpVersion, t.LocalV4Address, t.LocalV6Address));
        Console.Write(d.SaDirection == FwpDirection.Inbound ? " <- " : " -> ");
        Console.Write(Address(t.IpVersion, t.RemoteV4Address, t.RemoteV6Address));
        Console.Write(tunnel ? $", tunnel policy {t.TunnelPolicyId}" : $", filter {t.IpsecFilterId}");
        var b = d.SaBundle;
        Console.Write($", qmSaId {b.QmSaId}, lifetime {b.Lifetime.LifetimeSeconds} s / {b.Lifetime.LifetimeKilobytes} KB, {b.SaList.Count} SA(s)\n");
        for (int i = 0; i < b.SaList.Count; i++) PrintSa(direction, i, b.SaList[i]);
    }

    /// <summary>ipsecdump.c's listing: IPsecSaContextEnum0 pages of pageSize.</summary>
    private static int Dump(Engine engine, uint pageSize)
    {
        int total = 0, page = 0;
        var e = engine.CreateSaContextEnumerator();
        Console.Write($"ipsecdump: SA contexts, {pageSize} per page\n");
        while (true)
        {
            var entries = e.Next0(pageSize);
            page++;
            Console.Write($"page {page}: {entries.Count} context(s)\n");
            foreach (var ctx in entries)
            {
                Console.Write($"  SA context {ctx.SaContextId}\n");
                PrintDetails("inbound", ctx.InboundSa);
                PrintDetails("outbound", ctx.OutboundSa);
            }
            total += entries.Count;
            if (entries.Count < pageSize) break; // fewer than requested: exhausted
        }
        int destroyStatus = 0;
        try { e.DestroyOrThrow(); } catch (FwpException ex) { destroyStatus = ex.Code; }
        Console.Write($"ipsecdump: {total} SA context(s) in {page} page(s); enumerator destroyed: {StatusText(destroyStatus)}\n");
        return total;
    }

    private static int Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "bench") return Bench.Run(args.Length == 2 && args[1] == "--profile");
        uint pageSize = 2;
        if (args.Length > 1 || (args.Length == 1 && (!int.TryParse(args[0], out int p) || p <= 0)))
        {
            Console.Error.WriteLine("usage: ManualKeying [page-size] | bench");
            return 2;
        }
        if (args.Length == 1) pageSize = uint.Parse(args[0]);

        Console.Write($"manual_keying: libfwpkclnt {Engine.LibraryVersion}\n");
        Engine engine;
        try
        {
            // Not SessionFlags.Dynamic: SA contexts cannot be created in a dynamic session.
            engine = Engine.Open(new Session { DisplayData = new DisplayData("manual_keying") });
        }
        catch (FwpException ex)
        {
            Console.Error.WriteLine($"FwpmEngineOpen0: {StatusText(ex.Code)}");
            return 1;
        }
        Console.Write("session opened\n");
        int count;
        try
        {
            CreateContexts(engine, true);
            Console.Write("\nSA contexts now in the engine (they live as long as this process):\n");
            count = Dump(engine, pageSize);
        }
        catch (FwpException ex)
        {
            Console.Error.WriteLine($"failed: {ex.Message}");
            engine.Dispose();
            return 1;
        }
        int closeStatus = 0;
        try { engine.CloseOrThrow(); } catch (FwpException ex) { closeStatus = ex.Code; }
        Console.Write($"session closed: {StatusText(closeStatus)}\n");
        return closeStatus == 0 && count == 3 ? 0 : 1;
    }
}

/// <summary>
/// `dotnet ManualKeying.dll bench`: prints
///   BENCH csharp enum_handle_pair_ns FLOAT
///   BENCH csharp enumerate_1e5_ns_per_context FLOAT
/// `bench --profile` adds PROFILE lines: where the enumeration time goes
/// (native call + page encoding vs decoding into objects) and the allocations.
/// </summary>
internal static class Bench
{
    public static int Run(bool profile = false)
    {
        using var engine = Engine.Open();

        // 1. create + destroy an SA-context enumerator, 1e6 times.
        const int pairs = 1_000_000;
        for (int i = 0; i < 10_000; i++) engine.CreateSaContextEnumerator().Dispose(); // warm-up
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < pairs; i++) engine.CreateSaContextEnumerator().Dispose();
        sw.Stop();
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enum_handle_pair_ns {sw.Elapsed.TotalNanoseconds / pairs:F1}"));
        if (profile) ProfilePair(engine);

        // 2. 1e5 SA contexts with inbound/outbound ESP bundles (16/20-byte keys),
        //    enumerated with page size 1000 through IEnumerable<SaContext>.
        const int contexts = 100_000;
        ulong fo = engine.AddFilter(BenchFilter(true));
        ulong fi = engine.AddFilter(BenchFilter(false));
        var cipherKey = new byte[16];
        var authKey = new byte[20];
        for (int i = 0; i < contexts; i++)
        {
            uint remote = 0x0B000000u + (uint)i;
            ulong id = engine.CreateSaContext(IpsecTraffic.TransportV4(0x0A000001, remote, fo));
            uint spi = engine.GetSpi(id, new GetSpiInfo { InboundIpsecTraffic = IpsecTraffic.TransportV4(0x0A000001, remote, fi), IpVersion = FwpIpVersion.V4 });
            engine.AddInbound(id, EspBundle(spi, cipherKey, authKey));
            engine.AddOutbound(id, EspBundle(0x1000u + (uint)i, cipherKey, authKey));
        }
        GC.Collect();
        sw.Restart();
        long n = 0;
        foreach (var c in engine.EnumerateSaContexts(pageSize: 1000)) n++;
        sw.Stop();
        if (n < contexts) { Console.Error.WriteLine($"bench: enumerated {n} contexts"); return 1; }
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enumerate_1e5_ns_per_context {sw.Elapsed.TotalNanoseconds / n:F1}"));
        if (profile) Profile(engine, contexts);
        return 0;
    }

    private static void Line(string what, double value, string unit) =>
        Console.WriteLine(FormattableString.Invariant($"PROFILE {what} {value:F1} {unit}"));

    /// <summary>The enum-handle pair on the empty store: the two P/Invokes alone vs the SDK's enumerator object.</summary>
    private static void ProfilePair(Engine engine)
    {
        double best(Func<double> f) { double b = double.MaxValue; for (int i = 0; i < 5; i++) b = Math.Min(b, f()); return b; }
        IntPtr eh = engine.DangerousGetHandle();
        double rawPair = best(() =>
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 200_000; i++)
            {
                Fwpk.Native.fwpk.FwpkCsSaContextCreateEnumHandle0(eh, null, out IntPtr h);
                Fwpk.Native.fwpk.IPsecSaContextDestroyEnumHandle0(eh, h);
            }
            return sw.Elapsed.TotalNanoseconds / 200_000;
        });
        Line("enum_handle_pair_pinvokes_only_ns", rawPair, "ns");
        long pairBytes0 = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) engine.CreateSaContextEnumerator().Dispose();
        Line("enum_handle_pair_allocated_bytes", (GC.GetAllocatedBytesForCurrentThread() - pairBytes0) / 100_000.0, "B");

    }

    /// <summary>Breakdown of one enumeration of the store (best of 5 each).</summary>
    private static void Profile(Engine engine, int contexts)
    {
        double best(Func<double> f) { double b = double.MaxValue; for (int i = 0; i < 5; i++) b = Math.Min(b, f()); return b; }

        // (a) the native part alone: one FwpkCsPage call per page (IPsecSaContextEnum1 +
        //     page encoding + free), the page left undecoded.
        double native = best(() =>
        {
            using var e = engine.CreateSaContextEnumerator();
            var sw = Stopwatch.StartNew();
            for (;;)
            {
                Fwpk.Native.fwpk.FwpkCsPageSaContextEnum1(engine.DangerousGetHandle(), e.DangerousGetHandle(), 1000, out IntPtr p, out nuint len);
                if (System.Runtime.InteropServices.Marshal.ReadInt32(p, 8) < 1000) break;
            }
            return sw.Elapsed.TotalNanoseconds / contexts;
        });
        Line("native_call_and_encode_ns_per_context", native, "ns");

        // (b) the whole enumeration, with GC and allocation counts.
        long gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        double total = best(() =>
        {
            var sw = Stopwatch.StartNew();
            long n = 0;
            foreach (var c in engine.EnumerateSaContexts(pageSize: 1000)) n++;
            return sw.Elapsed.TotalNanoseconds / n;
        });
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / 5;
        Line("enumerate_total_ns_per_context", total, "ns");
        Line("decode_and_allocate_ns_per_context", total - native, "ns");
        Line("allocated_bytes_per_context", (double)bytes / contexts, "B");
        Line("gen0_collections_per_1e5", (GC.CollectionCount(0) - gc0) / 5.0, "");
        Line("gen1_collections_per_1e5", (GC.CollectionCount(1) - gc1) / 5.0, "");
        Line("gen2_collections_per_1e5", (GC.CollectionCount(2) - gc2) / 5.0, "");

        // (c) the same pages, each decoded and dropped at once (no page of 1000 objects kept alive).
        double oneByOne = best(() =>
        {
            using var e = engine.CreateSaContextEnumerator();
            var sw = Stopwatch.StartNew();
            long n = 0;
            for (;;)
            {
                var page = e.Next(1000);
                n += page.Count;
                if (page.Count < 1000) break;
            }
            return sw.Elapsed.TotalNanoseconds / n;
        });
        Line("enumerate_next_pages_ns_per_context", oneByOne, "ns");

        // (d) GetSaContext (GetById1): one call per context.
        var ids = new List<ulong>();
        foreach (var c in engine.EnumerateSaContexts(pageSize: 1000)) { ids.Add(c.SaContextId); if (ids.Count == 10000) break; }
        double get = best(() =>
        {
            var sw = Stopwatch.StartNew();
            foreach (var id in ids) engine.GetSaContext(id);
            return sw.Elapsed.TotalNanoseconds / ids.Count;
        });
        Line("get_by_id_ns_per_call", get, "ns");
    }

    private static SaBundle EspBundle(uint spi, byte[] cipherKey, byte[] authKey) => new()
    {
        IpVersion = FwpIpVersion.V4,
        QmSaId = 1,
        SaList = { Sa.EspAuthAndCipher(spi, new SaCipherInformation(CipherTransformId.Aes128, cipherKey), new SaAuthInformation(AuthTransformId.HmacSha196, authKey)) },
    };

    private static Filter BenchFilter(bool outbound) => new()
    {
        DisplayData = new DisplayData(outbound ? "bench outbound" : "bench inbound"),
        LayerKey = outbound ? FwpmGuids.LayerOutboundTransportV4 : FwpmGuids.LayerInboundTransportV4,
        Action = new FilterAction
        {
            Type = FwpActionType.CalloutTerminating,
            CalloutKey = outbound ? FwpmGuids.CalloutIpsecOutboundTransportV4 : FwpmGuids.CalloutIpsecInboundTransportV4,
        },
    };
}
