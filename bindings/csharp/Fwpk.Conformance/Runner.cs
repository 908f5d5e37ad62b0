// Runner.cs — the C# conformance runner: a thin interpreter of the compiled
// scenarios (tests/conformance/OPS.md).
//
//   dotnet Fwpk.Conformance.dll <ops-dir> <raw-dir>
//
// Each `call` goes to the generated shim of the same name through the
// generated dispatch table (Fwpk.Conformance.g.cs, from emit_csharp.py): the
// ops pass NULL pointers, forged handles and lying counts, which only the raw
// layer can express.  `reset` uses the public SDK.  The trace is rendered
// from the raw log by tests/conformance/render.py, the same for every language.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Fwpk.Conformance;

/// <summary>One `call` op: its argument tokens (patched), and the outputs the shim produced.</summary>
internal sealed class Call
{
    private readonly string[] _args;
    private readonly Dictionary<int, byte[]?> _bytes = new();
    internal readonly Dictionary<int, object?> Outputs = new();
    private readonly Func<string, ulong> _var;

    internal Call(string[] args, Func<string, ulong> var)
    {
        _args = args;
        _var = var;
    }

    /// <summary>An in_handle / in_scalar argument: a decimal literal, $var, null (0) or forged.</summary>
    internal ulong U(int k) => _args[k] switch
    {
        "null" => 0,
        "forged" => 0x4242424242424242,
        var t when t.StartsWith('$') => _var(t),
        var t => ulong.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture),
    };

    /// <summary>An in_wstr / in_struct argument: null or the bytes of x + hex.</summary>
    internal byte[]? B(int k)
    {
        if (_bytes.TryGetValue(k, out var b)) return b;
        var t = _args[k];
        b = t == "null" ? null : Convert.FromHexString(t.AsSpan(1));
        _bytes[k] = b;
        return b;
    }

    internal bool Out(int k) => _args[k] == "out";
    internal void SetU(int k, ulong v) { if (Out(k)) Outputs[k] = v; }
    internal void SetPage(int k, byte[]? page) { if (Out(k)) Outputs[k] = page; }
}

internal static partial class Dispatch { }

internal static class Runner
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    private static readonly List<ulong> Open = new();
    private static readonly Dictionary<string, ulong> Vars = new();

    private static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Fwpk.Conformance <ops-dir> <raw-dir>");
            return 2;
        }
        if (Environment.GetEnvironmentVariable("FWPKCLNT_EXPIRE_DELAY_MS") != "500") setenv("FWPKCLNT_EXPIRE_DELAY_MS", "500", 1);
        try
        {
            Directory.CreateDirectory(args[1]);
            foreach (var ops in Directory.GetFiles(args[0], "*.ops").OrderBy(Path.GetFileName, StringComparer.Ordinal))
            {
                var raw = new StringBuilder();
                Run(File.ReadAllLines(ops), raw);
                File.WriteAllText(Path.Combine(args[1], Path.GetFileNameWithoutExtension(ops) + ".raw"), raw.ToString(), new UTF8Encoding(false));
            }
            CloseOpen();
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"runner: {e.Message}");
            return 1;
        }
    }

    private static void Run(string[] lines, StringBuilder raw)
    {
        foreach (var line in lines)
        {
            var t = line.Split(' ');
            if (line.Length == 0 || t[0].StartsWith('#') || t[0] == "lit") continue;
            switch (t[0])
            {
                case "reset": Reset(raw); break;
                case "sleep": Thread.Sleep(int.Parse(t[1], CultureInfo.InvariantCulture)); break;
                case "call": CallOp(t, raw); break;
                case "error": return;
                default: throw new InvalidDataException($"unknown op '{t[0]}'");
            }
        }
    }

    private static void CloseOpen()
    {
        foreach (var h in Open) Native.Shim.FwpmEngineClose0(h);
        Open.Clear();
    }

    /// <summary>OPS.md §1.2, through the public SDK.</summary>
    private static void Reset(StringBuilder raw)
    {
        CloseOpen();
        Vars.Clear();
        using var e = Engine.Open();
        using (var en = e.CreateSaContextEnumerator())
            foreach (var c in en.Next(0xFFFFFFFF)) Try(() => e.DeleteSaContext(c.SaContextId));
        using (var en = e.CreateFilterEnumerator())
            foreach (var f in en.Next(0xFFFFFFFF)) Try(() => e.DeleteFilter(f.FilterId));
        var s = e.GetStatistics().AggregateSaStatistics;
        raw.Append(CultureInfo.InvariantCulture, $"reset {s.TotalSasAdded} {s.TotalSasDeleted} {Environment.ProcessId}\n");
    }

    private static void Try(System.Action a)
    {
        try { a(); } catch (FwpException) { }
    }

    private static string Hex(byte[] b) => "x" + Convert.ToHexString(b).ToLowerInvariant();

    private static string Str(string? s) => s is null ? "null" : Hex(Encoding.UTF8.GetBytes(s));

    /// <summary>FwpkStatusName, FwpkLibVersion(Number), FwpmFreeMemory0: no shim, no status.</summary>
    private static bool Special(string[] t, StringBuilder raw)
    {
        switch (t[1])
        {
            case "FwpkStatusName":
                raw.Append("- ").Append(Str(Engine.StatusName(unchecked((int)(uint)ulong.Parse(t[2], CultureInfo.InvariantCulture))))).Append('\n');
                return true;
            case "FwpkLibVersion":
                raw.Append("- ").Append(Str(Engine.LibraryVersion)).Append('\n');
                return true;
            case "FwpkLibVersionNumber":
                raw.Append(CultureInfo.InvariantCulture, $"- {Engine.LibraryVersionNumber}\n");
                return true;
            case "FwpmFreeMemory0": // not expressible in C#: the SDK frees every block itself
                raw.Append("-\n");
                return true;
        }
        return false;
    }

    private static void CallOp(string[] t, StringBuilder raw)
    {
        if (Special(t, raw)) return;
        if (!Dispatch.Table.TryGetValue(t[1], out var fn)) throw new InvalidDataException($"no such function {t[1]}");
        int n = fn.Roles.Length;
        var c = new Call(t[2..(2 + n)], v => Vars.TryGetValue(v, out var x) ? x : throw new InvalidDataException($"unbound {v}"));
        string? bind = null;
        int bindArg = -1;
        for (int i = 2 + n; i < t.Length;)
        {
            if (t[i] == "patch")
            {
                int k = int.Parse(t[i + 1], CultureInfo.InvariantCulture), off = int.Parse(t[i + 2], CultureInfo.InvariantCulture);
                int w = t[i + 3] == "u64" ? 8 : 4;
                ulong v = t[i + 4].StartsWith('$') ? Vars[t[i + 4]] : ulong.Parse(t[i + 4], CultureInfo.InvariantCulture);
                var b = c.B(k) ?? throw new InvalidDataException("patch of a null argument");
                for (int j = 0; j < w; j++) b[off + j] = (byte)(v >> (8 * j));
                i += 5;
            }
            else if (t[i] == "bind")
            {
                bindArg = int.Parse(t[i + 1], CultureInfo.InvariantCulture);
                bind = t[i + 2];
                i += 3;
            }
            else throw new InvalidDataException($"unexpected token {t[i]}");
        }
        int st = fn.Fn(c);
        raw.Append(((uint)st).ToString("x8", CultureInfo.InvariantCulture));
        for (int k = 0; k < n && st == 0; k++)
        {
            if (!c.Out(k)) continue;
            var o = c.Outputs[k];
            raw.Append(' ').Append(fn.Roles[k] switch
            {
                'H' => (ulong)o! != 0 ? "handle" : "null",
                'U' => ((ulong)o!).ToString(CultureInfo.InvariantCulture),
                _ => o is byte[] page ? Hex(page) : "null",
            });
        }
        raw.Append('\n');
        if (st == 0 && t[1] == "FwpmEngineOpen0")
            for (int k = 0; k < n; k++)
                if (fn.Roles[k] == 'H' && c.Out(k) && (ulong)c.Outputs[k]! != 0) Open.Add((ulong)c.Outputs[k]!);
        if (bind is not null)
            Vars[bind] = st == 0 && c.Out(bindArg) ? (ulong)c.Outputs[bindArg]! : 0;
    }
}
