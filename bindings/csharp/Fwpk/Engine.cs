// Engine.cs — an fwpkclnt engine session (FwpmEngineOpen0 .. FwpmEngineClose0),
// its transactions and enumerations.  Every other fwpmk.h function is a
// generated method of this partial class (Fwpk.Engine.g.cs, from
// bindings/gen/emit_csharp.py), named by bindings/gen/names.py.
using System;
using System.Collections.Generic;

namespace Fwpk;

/// <summary>
/// An open WFP engine session.  Dispose (or <c>using</c>) closes it, which also
/// releases its enumerators, aborts its transaction and, for a dynamic session,
/// deletes the filters it added.  Closing twice is harmless; any call after
/// Close fails with <see cref="FwpException"/> STATUS_INVALID_HANDLE.  Safe to
/// use from several threads at once.
/// </summary>
public sealed partial class Engine : IDisposable
{
    private readonly EngineSafeHandle _handle;

    private Engine(ulong raw) => _handle = new EngineSafeHandle(raw);

    /// <summary>FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, session, &amp;handle).</summary>
    public static Engine Open(Session? session = null) => Open(null, RpcCAuthn.Winnt, session);

    /// <summary>FwpmEngineOpen0 with an explicit authentication service.</summary>
    public static Engine Open(uint authnService, Session? session) => Open(null, authnService, session);

    /// <summary>
    /// FwpmEngineOpen0 with a server name (the library accepts only null; a
    /// name gives FWP_E_INVALID_PARAMETER).
    /// </summary>
    public static Engine Open(string? serverName, uint authnService, Session? session) =>
        new(OpenEngineCore(serverName, authnService, session));

    /// <summary>The library version string (FwpkLibVersion).</summary>
    public static string LibraryVersion => Native.Lib.Version();

    /// <summary>The library version number (FwpkLibVersionNumber), major*1000000 + minor*1000 + patch.</summary>
    public static int LibraryVersionNumber => Native.Lib.FwpkLibVersionNumber();

    /// <summary>The C name of a status code ("FWP_E_NOT_FOUND"), or null for a code the headers do not define.</summary>
    public static string? StatusName(int status) =>
        ErrorCode.Names.TryGetValue(unchecked((uint)status), out var n) ? n : null;

    /// <summary>True after Close/Dispose.</summary>
    public bool IsClosed => _handle.IsClosed;

    /// <summary>FwpmEngineClose0.  Harmless when already closed.</summary>
    public void Close() => _handle.Dispose();

    public void Dispose() => Close();

    /// <summary>
    /// FwpmEngineClose0 now, reporting failure: a second call throws
    /// FwpException STATUS_INVALID_HANDLE (Close/Dispose stay silent).
    /// </summary>
    public void CloseOrThrow() => _handle.ReleaseOrThrow("FwpmEngineClose0");

    /// <summary>The raw engine handle value (for the low-level layer Fwpk.Native.Shim).</summary>
    public ulong DangerousGetHandle() => _handle.Raw;

    /// <summary>
    /// The handle value, with a reference held so that a concurrent Close cannot
    /// release it during the call (after Close: the stale value, which the
    /// library answers with STATUS_INVALID_HANDLE).  Pair with <see cref="Release"/>.
    /// </summary>
    internal ulong Acquire(ref bool added) => _handle.Acquire(ref added);

    internal void Release(bool added) => _handle.Release(added);

    internal EngineSafeHandle Handle => _handle;

    // ---- transactions ------------------------------------------------------------

    /// <summary>FwpmTransactionBegin0.  Dispose the result without Commit to abort.</summary>
    public Transaction BeginTransaction(uint flags = 0)
    {
        BeginTransactionCore(flags);
        return new Transaction(this);
    }

    /// <summary>FwpmTransactionBegin0 (prefer <see cref="BeginTransaction"/>).</summary>
    public void TransactionBegin(uint flags) => BeginTransactionCore(flags);

    /// <summary>FwpmTransactionCommit0.</summary>
    public void TransactionCommit() => CommitTransactionCore();

    /// <summary>FwpmTransactionAbort0.</summary>
    public void TransactionAbort() => AbortTransactionCore();

    // The enumerations (Create*Enumerator, Enumerate*) are generated (Fwpk.Engine.g.cs).
}

/// <summary>
/// An open transaction (FwpmTransactionBegin0).  <see cref="Commit"/> commits;
/// Dispose without Commit aborts.  Disposing twice is harmless.
/// </summary>
public sealed class Transaction : IDisposable
{
    private readonly Engine _engine;
    private int _done;

    internal Transaction(Engine engine) => _engine = engine;

    /// <summary>True after Commit, Abort or Dispose.</summary>
    public bool IsCompleted => _done != 0;

    /// <summary>FwpmTransactionCommit0.</summary>
    public void Commit()
    {
        _engine.TransactionCommit();
        _done = 1;
    }

    /// <summary>FwpmTransactionAbort0.</summary>
    public void Abort()
    {
        _engine.TransactionAbort();
        _done = 1;
    }

    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _done, 1) != 0) return;
        try { _engine.TransactionAbort(); }
        catch (FwpException) { /* session closed or no transaction any more */ }
    }
}
