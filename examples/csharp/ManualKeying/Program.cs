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
            DisplayData = new DisplayData
            {
                Name = outbound ? "manual_keying outbound" : "manual_keying inbound",
                Description = "IPsec transport policy installed by the manual_keying example",
            },
            LayerKey = outbound ? FwpmGuids.LayerOutboundTransportV4 : FwpmGuids.LayerInboundTransportV4,
            SubLayerKey = FwpmGuids.SublayerUniversal,
            Weight = Value.Empty(), // the engine picks the weight
            FilterCondition =
            [
                new FilterCondition { FieldKey = FwpmGuids.ConditionIpRemoteAddress, MatchType = MatchType.Equal, ConditionValue = ConditionValue.FromUInt32(remoteAddress) },
                new FilterCondition { FieldKey = FwpmGuids.ConditionIpProtocol, MatchType = MatchType.Equal, ConditionValue = ConditionValue.FromUInt8(protocol) },
            ],
            Action = new FwpmAction
            {
                Type = ActionType.CalloutTerminating,
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

    private static Sa[] SaList(Profile profile, uint spi, byte seed)
    {
        switch (profile)
        {
            case Profile.EspAes128Sha1:
            case Profile.EspAes256Sha256:
                bool strong = profile == Profile.EspAes256Sha256;
                return
                [
                    Sa.EspAuthAndCipher(spi,
                        SaCipherInformation.Of(strong ? CipherTransformId.Aes256 : CipherTransformId.Aes128, Key(strong ? 32 : 16, seed)),
                        SaAuthInformation.Of(strong ? AuthTransformId.HmacSha256128 : AuthTransformId.HmacSha196, Key(strong ? 32 : 20, (byte)(seed + 1)))),
                ];
            default:
                // two SAs: ESP at index 0, AH at index 1, one SPI for the bundle
                return
                [
                    Sa.EspCipher(spi, SaCipherInformation.Of(CipherTransformId.Aes256, Key(32, seed))),
                    Sa.Ah(spi, SaAuthInformation.Of(AuthTransformId.HmacSha256128, Key(32, (byte)(seed + 1)))),
                ];
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

        var outboundTraffic = Traffic0.TransportV4(LocalV4, peer.RemoteAddress, outboundFilterId);
        ulong saContextId = engine.CreateSaContext0(outboundTraffic);

        uint inboundSpi = engine.GetSpi0(saContextId, new GetSpi0
        {
            InboundIpsecTraffic = Traffic0.TransportV4(LocalV4, peer.RemoteAddress, inboundFilterId),
            IpVersion = IpVersion.V4,
        });

        SaBundle0 Bundle(Sa[] sas) => new()
        {
            Lifetime = new SaLifetime { LifetimeSeconds = 3600, LifetimeKilobytes = 1000000, LifetimePackets = 0x7FFFFFFF },
            IdleTimeoutSeconds = 300,
            QmSaId = qmSaId, // same for both directions of the pair
            IpVersion = IpVersion.V4,
            PfsGroup = PfsGroup.PfsNone,
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
        AuthConfig.HmacMd596 => "HMAC-MD5-96",
        AuthConfig.HmacSha196 => "HMAC-SHA-1-96",
        AuthConfig.HmacSha256128 => "HMAC-SHA-256-128",
        AuthConfig.GcmAes128 => "GMAC-AES-128",
        AuthConfig.GcmAes192 => "GMAC-AES-192",
        AuthConfig.GcmAes256 => "GMAC-AES-256",
        _ => "unknown-auth",
    };

    private static string CipherName(CipherTransformId id) => id.CipherConfig switch
    {
        CipherConfig.CbcDes => "DES-CBC",
        CipherConfig.Cbc3des => "3DES-CBC",
        CipherConfig.CbcAes128 => "AES-128-CBC",
        CipherConfig.CbcAes192 => "AES-192-CBC",
        CipherConfig.CbcAes256 => "AES-256-CBC",
        CipherConfig.GcmAes128 => "AES-128-GCM",
        CipherConfig.GcmAes192 => "AES-192-GCM",
        CipherConfig.GcmAes256 => "AES-256-GCM",
        _ => "unknown-cipher",
    };

    private static string Address(IpVersion v, uint v4, byte[] v6)
    {
        if (v == IpVersion.V4) return V4(v4);
        var parts = new List<string>();
        for (int i = 0; i < 16; i += 2) parts.Add((v6[i] << 8 | v6[i + 1]).ToString("x"));
        return string.Join(":", parts);
    }

    private static void PrintSa(string direction, int index, Sa sa)
    {
        Console.Write($"    {direction,-8} SA[{index}] spi 0x{sa.Spi:X8} ");
        switch (sa.SaTransformType)
        {
            case TransformType.Ah:
                Console.Write($"AH {AuthName(sa.AhInformation!.AuthTransform.AuthTransformId)}, auth key {sa.AhInformation.AuthKey?.Length ?? 0} bytes\n");
                break;
            case TransformType.EspAuth:
            case TransformType.EspAuthFw:
                var auth = sa.SaTransformType == TransformType.EspAuth ? sa.EspAuthInformation! : sa.EspAuthFwInformation!;
                Console.Write($"ESP{(sa.SaTransformType == TransformType.EspAuthFw ? " (auth, firewall)" : " (auth only)")} {AuthName(auth.AuthTransform.AuthTransformId)}, auth key {auth.AuthKey?.Length ?? 0} bytes\n");
                break;
            case TransformType.EspCipher:
                Console.Write($"ESP {CipherName(sa.EspCipherInformation!.CipherTransform.CipherTransformId)}, cipher key {sa.EspCipherInformation.CipherKey?.Length ?? 0} bytes\n");
                break;
            case TransformType.EspAuthAndCipher:
                var i = sa.EspAuthAndCipherInformation!;
                Console.Write($"ESP {CipherName(i.SaCipherInformation.CipherTransform.CipherTransformId)} + {AuthName(i.SaAuthInformation.AuthTransform.AuthTransformId)}, cipher key {i.SaCipherInformation.CipherKey?.Length ?? 0} bytes, auth key {i.SaAuthInformation.AuthKey?.Length ?? 0} bytes\n");
                break;
            default:
                Console.Write($"transform {(int)sa.SaTransformType}\n");
                break;
        }
    }

    private static void PrintDetails(string direction, SaDetails0? d)
    {
        if (d is null)
        {
            Console.Write($"    {direction,-8} (none yet)\n");
            return;
        }
        var t = d.Traffic;
        bool tunnel = t.TrafficType == TrafficType.Tunnel;
        Console.Write($"    {direction,-8} {(tunnel ? "tunnel" : "transport")} ");
        Console.Write(Address(t.IpVersion, t.LocalV4Address, t.LocalV6Address));
        Console.Write(d.SaDirection == Direction.Inbound ? " <- " : " -> ");
        Console.Write(Address(t.IpVersion, t.RemoteV4Address, t.RemoteV6Address));
        Console.Write(tunnel ? $", tunnel policy {t.TunnelPolicyId}" : $", filter {t.IpsecFilterId}");
        var b = d.SaBundle;
        var sas = b.SaList ?? [];
        Console.Write($", qmSaId {b.QmSaId}, lifetime {b.Lifetime.LifetimeSeconds} s / {b.Lifetime.LifetimeKilobytes} KB, {sas.Length} SA(s)\n");
        for (int i = 0; i < sas.Length; i++) PrintSa(direction, i, sas[i]);
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
            engine = Engine.Open(new Session { DisplayData = new DisplayData { Name = "manual_keying" } });
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
///   BENCH csharp enum_handle_pair_ns FLOAT                    create + destroy an SA-context enumerator
///   BENCH csharp enumerate_1e5_ns_per_context FLOAT           1e5 contexts, reading only SaContextId
///   BENCH csharp enumerate_1e5_all_fields_ns_per_context FLOAT  the same, every member decoded
/// `bench --profile` adds PROFILE lines (bytes allocated per context).
/// </summary>
internal static class Bench
{
    // Process CPU time (GC threads included): on a shared machine, wall time mostly measures the wait for a core.
    private static double CpuNs() => Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100.0;

    private static double Best(Func<double> f)
    {
        double b = double.MaxValue;
        for (int i = 0; i < 5; i++) b = Math.Min(b, f());
        return b;
    }

    public static int Run(bool profile = false)
    {
        using var engine = Engine.Open();

        // 1. create + destroy an SA-context enumerator.
        const int pairs = 1_000_000;
        for (int i = 0; i < 10_000; i++) engine.CreateSaContextEnumerator().Dispose(); // warm-up
        double pc0 = CpuNs();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < pairs; i++) engine.CreateSaContextEnumerator().Dispose();
        sw.Stop();
        double pairCpu = (CpuNs() - pc0) / pairs;
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enum_handle_pair_ns {sw.Elapsed.TotalNanoseconds / pairs:F1}"));
        if (profile)
        {
            // on the empty store: a handle's snapshot costs O(contexts) once the store is filled;
            // the same pair through the raw shims, so that the SDK's own cost is the difference
            Console.WriteLine(FormattableString.Invariant($"PROFILE raw_shim_enum_handle_pair_cpu_ns {RawShim(engine, 0):F1}"));
            long p0 = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100_000; i++) engine.CreateSaContextEnumerator().Dispose();
            Console.WriteLine(FormattableString.Invariant($"PROFILE enum_handle_pair_allocated_bytes {(GC.GetAllocatedBytesForCurrentThread() - p0) / 100_000.0:F1} B"));
        }

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
            ulong id = engine.CreateSaContext(Traffic.TransportV4(0x0A000001, remote, fo));
            uint spi = engine.GetSpi(id, new GetSpi { InboundIpsecTraffic = Traffic.TransportV4(0x0A000001, remote, fi), IpVersion = IpVersion.V4 });
            engine.AddInbound(id, EspBundle(spi, cipherKey, authKey));
            engine.AddOutbound(id, EspBundle(0x1000u + (uint)i, cipherKey, authKey));
        }
        GC.Collect();
        long n = 0;
        ulong sum = 0;
        double idsCpu = double.MaxValue, allCpu = double.MaxValue;
        double idsOnly = Best(() =>
        {
            double c0 = CpuNs();
            var t = Stopwatch.StartNew();
            n = 0;
            foreach (var c in engine.EnumerateSaContexts(pageSize: 1000)) { sum += c.SaContextId; n++; }
            idsCpu = Math.Min(idsCpu, (CpuNs() - c0) / n);
            return t.Elapsed.TotalNanoseconds / n;
        });
        if (n < contexts) { Console.Error.WriteLine($"bench: enumerated {n} contexts"); return 1; }
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enumerate_1e5_ns_per_context {idsOnly:F1}"));
        double all = Best(() =>
        {
            double c0 = CpuNs();
            var t = Stopwatch.StartNew();
            n = 0;
            foreach (var c in engine.EnumerateSaContexts(pageSize: 1000))
            {
                sum += c.SaContextId + (c.InboundSa?.SaBundle.QmSaId ?? 0) + (c.OutboundSa?.SaBundle.QmSaId ?? 0); // decodes every member
                n++;
            }
            allCpu = Math.Min(allCpu, (CpuNs() - c0) / n);
            return t.Elapsed.TotalNanoseconds / n;
        });
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enumerate_1e5_all_fields_ns_per_context {all:F1}"));
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enum_handle_pair_cpu_ns {pairCpu:F1}"));
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enumerate_1e5_cpu_ns_per_context {idsCpu:F1}"));
        Console.WriteLine(FormattableString.Invariant($"BENCH csharp enumerate_1e5_all_fields_cpu_ns_per_context {allCpu:F1}"));
        if (profile)
        {
            // The shims alone (no managed page, no views; the pair's twin is above): the SDK's own cost is the difference.
            Console.WriteLine(FormattableString.Invariant($"PROFILE raw_shim_enumerate_1e5_cpu_ns_per_context {RawShim(engine, 1000):F1}"));
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            foreach (var c in engine.EnumerateSaContexts(pageSize: 1000)) sum += c.SaContextId;
            Console.WriteLine(FormattableString.Invariant($"PROFILE ids_only_allocated_bytes_per_context {(GC.GetAllocatedBytesForCurrentThread() - b0) / (double)contexts:F1} B"));
        }
        return sum == 0 ? 1 : 0;
    }

    /// <summary>Best of 5, CPU ns: pageSize 0 = per create + destroy pair (1e6 pairs), else per
    /// context of a whole enumeration through fwpkx_IPsecSaContextEnum1 into one reused buffer.</summary>
    private static unsafe double RawShim(Engine engine, uint pageSize) => Best(() =>
    {
        ulong h = engine.DangerousGetHandle(), eh;
        var buf = (Fwpk.Native.FwpkBuf*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)sizeof(Fwpk.Native.FwpkBuf));
        long n = 0;
        double c0 = CpuNs();
        if (pageSize == 0)
            for (; n < 1_000_000; n++)
            {
                Fwpk.Native.Shim.IPsecSaContextCreateEnumHandle0(h, null, 0, &eh);
                Fwpk.Native.Shim.IPsecSaContextDestroyEnumHandle0(h, eh);
            }
        else
        {
            Fwpk.Native.Shim.IPsecSaContextCreateEnumHandle0(h, null, 0, &eh);
            for (uint got = pageSize; got == pageSize; n += got, buf->Len = 0)
                if (Fwpk.Native.Shim.IPsecSaContextEnum1(h, eh, pageSize, buf, &got) != 0) throw new InvalidOperationException("Enum1");
            Fwpk.Native.Shim.IPsecSaContextDestroyEnumHandle0(h, eh);
        }
        double r = (CpuNs() - c0) / n;
        buf->Free();
        System.Runtime.InteropServices.NativeMemory.Free(buf);
        return r;
    });

    private static SaBundle EspBundle(uint spi, byte[] cipherKey, byte[] authKey) => new()
    {
        IpVersion = IpVersion.V4,
        QmSaId = 1,
        SaList = [Sa.EspAuthAndCipher(spi, SaCipherInformation.Of(CipherTransformId.Aes128, cipherKey), SaAuthInformation.Of(AuthTransformId.HmacSha196, authKey))],
    };

    private static Filter BenchFilter(bool outbound) => new()
    {
        DisplayData = new DisplayData { Name = outbound ? "bench outbound" : "bench inbound" },
        LayerKey = outbound ? FwpmGuids.LayerOutboundTransportV4 : FwpmGuids.LayerInboundTransportV4,
        Action = new FwpmAction
        {
            Type = ActionType.CalloutTerminating,
            CalloutKey = outbound ? FwpmGuids.CalloutIpsecOutboundTransportV4 : FwpmGuids.CalloutIpsecInboundTransportV4,
        },
    };
}
