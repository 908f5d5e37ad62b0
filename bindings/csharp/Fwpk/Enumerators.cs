// Enumerators.cs — enumeration handles as IDisposable, IEnumerable<T> objects.
using System;
using System.Collections;
using System.Collections.Generic;
using Fwpk.Native;

namespace Fwpk;

/// <summary>
/// An open enumeration (a snapshot taken when it was created).  <see cref="Next"/>
/// returns one page; enumerating the object with foreach pages through the rest
/// with <see cref="PageSize"/> entries per call.  Dispose destroys the
/// enumeration handle (closing twice is harmless; a finalizer is only a safety
/// net).  The enumerator keeps its <see cref="Engine"/> alive.
/// </summary>
public abstract class FwpEnumerator<T> : IEnumerable<T>, IDisposable
{
    private protected readonly Engine _engine;
    private protected readonly EnumSafeHandle _handle;

    private protected FwpEnumerator(Engine engine, EnumSafeHandle handle, int pageSize)
    {
        _engine = engine;
        _handle = handle;
        PageSize = pageSize;
    }

    /// <summary>The session this enumerator belongs to.</summary>
    public Engine Engine => _engine;

    /// <summary>Entries requested per native call when enumerating with foreach.</summary>
    public int PageSize { get; set; }

    /// <summary>True once a page came back shorter than requested.</summary>
    public bool IsExhausted { get; private set; }

    /// <summary>True after Dispose.</summary>
    public bool IsClosed => _handle.IsClosed;

    /// <summary>The next page of at most <paramref name="numEntriesRequested"/> entries (the newest version of the Enum function).</summary>
    public IReadOnlyList<T> Next(uint numEntriesRequested)
    {
        var page = Fetch(numEntriesRequested);
        if (page.Count < numEntriesRequested) IsExhausted = true;
        return page;
    }

    private protected abstract List<T> Fetch(uint count);

    private protected delegate List<T> PageCall(IntPtr engine, IntPtr enumHandle, uint count, bool v1);

    /// <summary>One page through the page codec: one P/Invoke, no closure.</summary>
    private protected List<T> Page(PageCall call, uint count, bool v1)
    {
        var eh = _engine.Handle;
        bool engineAdded = false, enumAdded = false;
        try
        {
            IntPtr e = eh.Acquire(ref engineAdded);
            IntPtr h = _handle.Acquire(ref enumAdded);
            return call(e, h, count, v1);
        }
        finally
        {
            _handle.Release(enumAdded);
            eh.Release(engineAdded);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        int size = PageSize;
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(PageSize), "the page size must be positive");
        while (!IsExhausted)
        {
            var page = Next((uint)size);
            foreach (var item in page) yield return item;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        _handle.Dispose();
    }

    /// <summary>Same as Dispose.</summary>
    public void Close() => Dispose();

    /// <summary>
    /// Destroys the enumeration handle now and reports failure: a second call,
    /// or one after the session closed, throws FwpException STATUS_INVALID_HANDLE.
    /// </summary>
    public void DestroyOrThrow() => _handle.ReleaseOrThrow(_handle.DestroyFunction);

    /// <summary>The raw enumeration handle value (for diagnostics and the low-level layer).</summary>
    public IntPtr DangerousGetHandle() => _handle.Raw;
}

/// <summary>IPsecSaContextCreateEnumHandle0 / IPsecSaContextEnum0/1.</summary>
public sealed class SaContextEnumerator : FwpEnumerator<SaContext>
{
    internal SaContextEnumerator(Engine e, EnumSafeHandle h, int pageSize) : base(e, h, pageSize) { }

    private static readonly PageCall Call = Pages.SaContextEnum;

    private protected override List<SaContext> Fetch(uint count) => Page(Call, count, true);

    /// <summary>One page through IPsecSaContextEnum0 (v1-only fields stay default).</summary>
    public IReadOnlyList<SaContext> Next0(uint numEntriesRequested) => Page(Call, numEntriesRequested, false);
}

/// <summary>IPsecSaCreateEnumHandle0 / IPsecSaEnum0/1.</summary>
public sealed class SaEnumerator : FwpEnumerator<SaDetails>
{
    internal SaEnumerator(Engine e, EnumSafeHandle h, int pageSize) : base(e, h, pageSize) { }

    private static readonly PageCall Call = Pages.SaEnum;

    private protected override List<SaDetails> Fetch(uint count) => Page(Call, count, true);

    /// <summary>One page through IPsecSaEnum0.</summary>
    public IReadOnlyList<SaDetails> Next0(uint numEntriesRequested) => Page(Call, numEntriesRequested, false);
}

/// <summary>FwpmFilterCreateEnumHandle0 / FwpmFilterEnum0.</summary>
public sealed class FilterEnumerator : FwpEnumerator<Filter>
{
    internal FilterEnumerator(Engine e, EnumSafeHandle h, int pageSize) : base(e, h, pageSize) { }

    private static readonly PageCall Call = static (e, h, count, _) => Pages.FilterEnum(e, h, count);

    private protected override List<Filter> Fetch(uint count) => Page(Call, count, true);
}

/// <summary>FwpmSessionCreateEnumHandle0 / FwpmSessionEnum0.</summary>
public sealed class SessionEnumerator : FwpEnumerator<Session>
{
    internal SessionEnumerator(Engine e, EnumSafeHandle h, int pageSize) : base(e, h, pageSize) { }

    private static readonly PageCall Call = static (e, h, count, _) => Pages.SessionEnum(e, h, count);

    private protected override List<Session> Fetch(uint count) => Page(Call, count, true);
}
