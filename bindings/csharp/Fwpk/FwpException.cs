// FwpException.cs — every failure of an fwpmk.h function, as a .NET exception.
using System;

namespace Fwpk;

/// <summary>
/// A call into fwpkclnt failed.  <see cref="Code"/> is the exact NTSTATUS /
/// FWP_E_* value the C function returned, <see cref="Name"/> its symbolic name
/// (from the generated status table), <see cref="Function"/> the C function.
/// </summary>
public sealed class FwpException : Exception
{
    /// <summary>The status code, as the C function returned it.</summary>
    public int Code { get; }

    /// <summary>
    /// The status code as an <see cref="Fwpk.ErrorCode"/>: compares with
    /// <c>ErrorCode.NotFound</c> and with the unsigned literal <c>0x80320008</c> alike.
    /// </summary>
    public ErrorCode ErrorCode => (ErrorCode)Code;

    /// <summary>"FWP_E_NOT_FOUND", "STATUS_INVALID_HANDLE", ... or "0xXXXXXXXX" for a code the headers do not define.</summary>
    public string Name { get; }

    /// <summary>The fwpmk.h function that failed (e.g. "IPsecSaContextCreate1"), or null.</summary>
    public string? Function { get; }

    public FwpException(int code, string? function = null)
        : this(code, StatusName(code), function) { }

    private FwpException(int code, string name, string? function)
        : base(function is null ? $"{name} (0x{code:X8})" : $"{function}: {name} (0x{code:X8})")
    {
        Code = code;
        Name = name;
        Function = function;
        HResult = code;
    }

    /// <summary>The symbolic name of any status code, or "0xXXXXXXXX".</summary>
    public static string StatusName(int code) => ((ErrorCode)code).ToString();
}
