// Enumerators.cs — enumeration handles as IDisposable, IEnumerable<T> objects
// over the generated Create*EnumHandle / Enum* / Destroy*EnumHandle methods.
using System;
using System.Collections;
using System.Collections.Generic;

namespace Fwpk;

/// <summary>
/// An open enumeration (a snapshot taken when it was created).  <see cref="Next"/>
/// returns one page; enumerating the object with foreach pages through the rest
/// with <see cref="PageSize"/> entries per call.  Dispose destroys the
/// enumeration handle (closing twice is harmless).  The safety net for an
/// enumerator never disposed is its session: closing the Engine (Dispose, or
/// its finalizer) destroys the session's enumeration handles; there is no
/// finalizer per enumerator.  The enumerator keeps its <see cref="Engine"/> alive.  The entries of
/// a page are views over the page's bytes: a member is decoded when read.
/// </summary>
public abstract class FwpEnumerator<T> : IEnumerable<T>, IDisposable where T : class
{
    private protected readonly Engine _engine;
    // The handle itself, not a SafeHandle: a finalizable object per enumerator
    // made a create + dispose pair cost about three times C's.  No reference
    // counting either: the library validates handles through a table and never
    // reuses a value, so a call racing with Dispose (or made after the session
    // closed) gets STATUS_INVALID_HANDLE at worst.
    private readonly ulong _raw;
    private readonly string _destroyFunction;
    private int _closed;

    private protected FwpEnumerator(Engine engine, ulong handle, string destroyFunction, int pageSize)
    {
        _engine = engine;
        _raw = handle;
        _destroyFunction = destroyFunction;
        PageSize = pageSize;
    }

    /// <summary>The generated Destroy*EnumHandle shim call.</summary>
    private protected abstract int DestroyNative(ulong engineHandle, ulong enumHandle);

    /// <summary>The session this enumerator belongs to.</summary>
    public Engine Engine => _engine;

    /// <summary>Entries requested per native call when enumerating with foreach.</summary>
    public int PageSize { get; set; }

    /// <summary>True once a page came back shorter than requested.</summary>
    public bool IsExhausted { get; private set; }

    /// <summary>True after Dispose.</summary>
    public bool IsClosed => System.Threading.Volatile.Read(ref _closed) != 0;

    /// <summary>The next page of at most <paramref name="numEntriesRequested"/> entries (the newest version of the Enum function).</summary>
    public IReadOnlyList<T> Next(uint numEntriesRequested)
    {
        var page = Page(numEntriesRequested, Fetch);
        if (page.Count < numEntriesRequested) IsExhausted = true;
        return page;
    }

    private protected abstract IReadOnlyList<T> Fetch(ulong enumHandle, uint count);

    /// <summary>One page of `fetch` (after Dispose: STATUS_INVALID_HANDLE, the library's answer for the stale handle).</summary>
    private protected IReadOnlyList<TR> Page<TR>(uint count, Func<ulong, uint, IReadOnlyList<TR>> fetch) => fetch(_raw, count);

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

    /// <summary>Destroys the handle once; later calls do nothing (after the session closed the
    /// native STATUS_INVALID_HANDLE is ignored).</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _closed, 1) == 0) DestroyNative(_engine.DangerousGetHandle(), _raw);
    }

    /// <summary>Same as Dispose.</summary>
    public void Close() => Dispose();

    /// <summary>
    /// Destroys the enumeration handle now and reports failure: a second call,
    /// or one after the session closed, throws FwpException STATUS_INVALID_HANDLE.
    /// </summary>
    public void DestroyOrThrow()
    {
        System.Threading.Volatile.Write(ref _closed, 1);
        int status = DestroyNative(_engine.DangerousGetHandle(), _raw);
        if (status != 0) throw new FwpException(status, _destroyFunction);
    }

    /// <summary>The raw enumeration handle value (for diagnostics and the low-level layer).</summary>
    public ulong DangerousGetHandle() => _raw;

    /// <summary>Pages through e with `fetch` (any version of its Enum function), disposing it at the end or when the loop is left.</summary>
    internal static IEnumerable<TR> Drain<TR>(FwpEnumerator<T> e, Func<ulong, uint, IReadOnlyList<TR>> fetch)
    {
        using (e)
        {
            int size = e.PageSize;
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(PageSize), "the page size must be positive");
            while (true)
            {
                var page = e.Page((uint)size, fetch);
                foreach (var item in page) yield return item;
                if (page.Count < size) yield break;
            }
        }
    }
}

// The enumerator of each CreateEnumHandle / Enum / DestroyEnumHandle trio
// (SaContextEnumerator, FilterEnumerator, ...) is generated (Fwpk.Engine.g.cs).
