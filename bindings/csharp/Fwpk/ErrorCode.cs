// ErrorCode.cs — the hand-written half of ErrorCode; the values and the name
// table are generated from the headers (Fwpk.Constants.g.cs): FWP_E_X is
// ErrorCode.X, STATUS_X is ErrorCode.StatusX, STATUS_SUCCESS is Success.
using System;

namespace Fwpk;

/// <summary>
/// An NTSTATUS / FWP_E_* code, by value.  A struct over the unsigned 32-bit
/// value rather than an enum so that it compares with the hexadecimal literals
/// of the headers and of Windows documentation as written:
/// <c>ex.ErrorCode == 0x80320008</c> compiles (the literal is a uint) and is
/// true for <see cref="NotFound"/>; <c>ex.ErrorCode == ErrorCode.NotFound</c>
/// works too.  <c>(int)code</c> gives the HResult-style signed value
/// (<see cref="FwpException.Code"/>).  Any 32-bit value is representable.
/// </summary>
public readonly partial struct ErrorCode : IEquatable<ErrorCode>
{
    /// <summary>The code as the headers spell it (0x80320008).</summary>
    public uint Value { get; }

    public ErrorCode(uint value) => Value = value;

    public static implicit operator ErrorCode(uint value) => new(value);
    public static explicit operator uint(ErrorCode code) => code.Value;
    /// <summary>The signed, HResult-style value (what <see cref="FwpException.Code"/> holds).</summary>
    public static explicit operator int(ErrorCode code) => unchecked((int)code.Value);
    public static explicit operator ErrorCode(int code) => new(unchecked((uint)code));

    public static bool operator ==(ErrorCode a, ErrorCode b) => a.Value == b.Value;
    public static bool operator !=(ErrorCode a, ErrorCode b) => a.Value != b.Value;
    public bool Equals(ErrorCode other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is ErrorCode c && c.Value == Value;
    public override int GetHashCode() => (int)Value;

    /// <summary>The C name ("FWP_E_NOT_FOUND"), or "0xXXXXXXXX" for a code the headers do not define.</summary>
    public override string ToString() => Names.TryGetValue(Value, out var n) ? n : $"0x{Value:X8}";
}
