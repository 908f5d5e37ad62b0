// ErrorCode.cs — every status code fwpkclnt returns (include/fwpk_base.h,
// include/fwpk_errors.h).  Written from the headers; FWP_E_X is ErrorCode.X,
// STATUS_X is ErrorCode.StatusX.  FwpException.Name gives the C spelling.
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
public readonly struct ErrorCode : IEquatable<ErrorCode>
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

    /// <summary>The C name ("FWP_E_NOT_FOUND"), or "0xXXXXXXXX" for a code the library never returns.</summary>
    public override string ToString() => FwpException.StatusName(unchecked((int)Value));

    /// <summary>STATUS_SUCCESS (0x00000000)</summary>
    public static readonly ErrorCode Success = new(0x00000000);
    /// <summary>STATUS_UNSUCCESSFUL (0xC0000001)</summary>
    public static readonly ErrorCode StatusUnsuccessful = new(0xC0000001);
    /// <summary>STATUS_NOT_IMPLEMENTED (0xC0000002)</summary>
    public static readonly ErrorCode StatusNotImplemented = new(0xC0000002);
    /// <summary>STATUS_INVALID_HANDLE (0xC0000008)</summary>
    public static readonly ErrorCode StatusInvalidHandle = new(0xC0000008);
    /// <summary>STATUS_INVALID_PARAMETER (0xC000000D)</summary>
    public static readonly ErrorCode StatusInvalidParameter = new(0xC000000D);
    /// <summary>STATUS_NO_MEMORY (0xC0000017)</summary>
    public static readonly ErrorCode StatusNoMemory = new(0xC0000017);
    /// <summary>STATUS_ACCESS_DENIED (0xC0000022)</summary>
    public static readonly ErrorCode StatusAccessDenied = new(0xC0000022);
    /// <summary>STATUS_INTERNAL_ERROR (0xC00000E5)</summary>
    public static readonly ErrorCode StatusInternalError = new(0xC00000E5);
    /// <summary>FWP_E_CALLOUT_NOT_FOUND (0x80320001)</summary>
    public static readonly ErrorCode CalloutNotFound = new(0x80320001);
    /// <summary>FWP_E_CONDITION_NOT_FOUND (0x80320002)</summary>
    public static readonly ErrorCode ConditionNotFound = new(0x80320002);
    /// <summary>FWP_E_FILTER_NOT_FOUND (0x80320003)</summary>
    public static readonly ErrorCode FilterNotFound = new(0x80320003);
    /// <summary>FWP_E_LAYER_NOT_FOUND (0x80320004)</summary>
    public static readonly ErrorCode LayerNotFound = new(0x80320004);
    /// <summary>FWP_E_PROVIDER_NOT_FOUND (0x80320005)</summary>
    public static readonly ErrorCode ProviderNotFound = new(0x80320005);
    /// <summary>FWP_E_PROVIDER_CONTEXT_NOT_FOUND (0x80320006)</summary>
    public static readonly ErrorCode ProviderContextNotFound = new(0x80320006);
    /// <summary>FWP_E_SUBLAYER_NOT_FOUND (0x80320007)</summary>
    public static readonly ErrorCode SublayerNotFound = new(0x80320007);
    /// <summary>FWP_E_NOT_FOUND (0x80320008)</summary>
    public static readonly ErrorCode NotFound = new(0x80320008);
    /// <summary>FWP_E_ALREADY_EXISTS (0x80320009)</summary>
    public static readonly ErrorCode AlreadyExists = new(0x80320009);
    /// <summary>FWP_E_IN_USE (0x8032000A)</summary>
    public static readonly ErrorCode InUse = new(0x8032000A);
    /// <summary>FWP_E_DYNAMIC_SESSION_IN_PROGRESS (0x8032000B)</summary>
    public static readonly ErrorCode DynamicSessionInProgress = new(0x8032000B);
    /// <summary>FWP_E_WRONG_SESSION (0x8032000C)</summary>
    public static readonly ErrorCode WrongSession = new(0x8032000C);
    /// <summary>FWP_E_NO_TXN_IN_PROGRESS (0x8032000D)</summary>
    public static readonly ErrorCode NoTxnInProgress = new(0x8032000D);
    /// <summary>FWP_E_TXN_IN_PROGRESS (0x8032000E)</summary>
    public static readonly ErrorCode TxnInProgress = new(0x8032000E);
    /// <summary>FWP_E_TXN_ABORTED (0x8032000F)</summary>
    public static readonly ErrorCode TxnAborted = new(0x8032000F);
    /// <summary>FWP_E_SESSION_ABORTED (0x80320010)</summary>
    public static readonly ErrorCode SessionAborted = new(0x80320010);
    /// <summary>FWP_E_INCOMPATIBLE_TXN (0x80320011)</summary>
    public static readonly ErrorCode IncompatibleTxn = new(0x80320011);
    /// <summary>FWP_E_TIMEOUT (0x80320012)</summary>
    public static readonly ErrorCode Timeout = new(0x80320012);
    /// <summary>FWP_E_NET_EVENTS_DISABLED (0x80320013)</summary>
    public static readonly ErrorCode NetEventsDisabled = new(0x80320013);
    /// <summary>FWP_E_INCOMPATIBLE_LAYER (0x80320014)</summary>
    public static readonly ErrorCode IncompatibleLayer = new(0x80320014);
    /// <summary>FWP_E_KM_CLIENTS_ONLY (0x80320015)</summary>
    public static readonly ErrorCode KmClientsOnly = new(0x80320015);
    /// <summary>FWP_E_LIFETIME_MISMATCH (0x80320016)</summary>
    public static readonly ErrorCode LifetimeMismatch = new(0x80320016);
    /// <summary>FWP_E_BUILTIN_OBJECT (0x80320017)</summary>
    public static readonly ErrorCode BuiltinObject = new(0x80320017);
    /// <summary>FWP_E_TOO_MANY_CALLOUTS (0x80320018)</summary>
    public static readonly ErrorCode TooManyCallouts = new(0x80320018);
    /// <summary>FWP_E_NOTIFICATION_DROPPED (0x80320019)</summary>
    public static readonly ErrorCode NotificationDropped = new(0x80320019);
    /// <summary>FWP_E_TRAFFIC_MISMATCH (0x8032001A)</summary>
    public static readonly ErrorCode TrafficMismatch = new(0x8032001A);
    /// <summary>FWP_E_INCOMPATIBLE_SA_STATE (0x8032001B)</summary>
    public static readonly ErrorCode IncompatibleSaState = new(0x8032001B);
    /// <summary>FWP_E_NULL_POINTER (0x8032001C)</summary>
    public static readonly ErrorCode NullPointer = new(0x8032001C);
    /// <summary>FWP_E_INVALID_ENUMERATOR (0x8032001D)</summary>
    public static readonly ErrorCode InvalidEnumerator = new(0x8032001D);
    /// <summary>FWP_E_INVALID_FLAGS (0x8032001E)</summary>
    public static readonly ErrorCode InvalidFlags = new(0x8032001E);
    /// <summary>FWP_E_INVALID_NET_MASK (0x8032001F)</summary>
    public static readonly ErrorCode InvalidNetMask = new(0x8032001F);
    /// <summary>FWP_E_INVALID_RANGE (0x80320020)</summary>
    public static readonly ErrorCode InvalidRange = new(0x80320020);
    /// <summary>FWP_E_INVALID_INTERVAL (0x80320021)</summary>
    public static readonly ErrorCode InvalidInterval = new(0x80320021);
    /// <summary>FWP_E_ZERO_LENGTH_ARRAY (0x80320022)</summary>
    public static readonly ErrorCode ZeroLengthArray = new(0x80320022);
    /// <summary>FWP_E_NULL_DISPLAY_NAME (0x80320023)</summary>
    public static readonly ErrorCode NullDisplayName = new(0x80320023);
    /// <summary>FWP_E_INVALID_ACTION_TYPE (0x80320024)</summary>
    public static readonly ErrorCode InvalidActionType = new(0x80320024);
    /// <summary>FWP_E_INVALID_WEIGHT (0x80320025)</summary>
    public static readonly ErrorCode InvalidWeight = new(0x80320025);
    /// <summary>FWP_E_MATCH_TYPE_MISMATCH (0x80320026)</summary>
    public static readonly ErrorCode MatchTypeMismatch = new(0x80320026);
    /// <summary>FWP_E_TYPE_MISMATCH (0x80320027)</summary>
    public static readonly ErrorCode TypeMismatch = new(0x80320027);
    /// <summary>FWP_E_OUT_OF_BOUNDS (0x80320028)</summary>
    public static readonly ErrorCode OutOfBounds = new(0x80320028);
    /// <summary>FWP_E_RESERVED (0x80320029)</summary>
    public static readonly ErrorCode Reserved = new(0x80320029);
    /// <summary>FWP_E_DUPLICATE_CONDITION (0x8032002A)</summary>
    public static readonly ErrorCode DuplicateCondition = new(0x8032002A);
    /// <summary>FWP_E_DUPLICATE_KEYMOD (0x8032002B)</summary>
    public static readonly ErrorCode DuplicateKeymod = new(0x8032002B);
    /// <summary>FWP_E_ACTION_INCOMPATIBLE_WITH_LAYER (0x8032002C)</summary>
    public static readonly ErrorCode ActionIncompatibleWithLayer = new(0x8032002C);
    /// <summary>FWP_E_ACTION_INCOMPATIBLE_WITH_SUBLAYER (0x8032002D)</summary>
    public static readonly ErrorCode ActionIncompatibleWithSublayer = new(0x8032002D);
    /// <summary>FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER (0x8032002E)</summary>
    public static readonly ErrorCode ContextIncompatibleWithLayer = new(0x8032002E);
    /// <summary>FWP_E_CONTEXT_INCOMPATIBLE_WITH_CALLOUT (0x8032002F)</summary>
    public static readonly ErrorCode ContextIncompatibleWithCallout = new(0x8032002F);
    /// <summary>FWP_E_INCOMPATIBLE_AUTH_METHOD (0x80320030)</summary>
    public static readonly ErrorCode IncompatibleAuthMethod = new(0x80320030);
    /// <summary>FWP_E_INCOMPATIBLE_DH_GROUP (0x80320031)</summary>
    public static readonly ErrorCode IncompatibleDhGroup = new(0x80320031);
    /// <summary>FWP_E_EM_NOT_SUPPORTED (0x80320032)</summary>
    public static readonly ErrorCode EmNotSupported = new(0x80320032);
    /// <summary>FWP_E_NEVER_MATCH (0x80320033)</summary>
    public static readonly ErrorCode NeverMatch = new(0x80320033);
    /// <summary>FWP_E_PROVIDER_CONTEXT_MISMATCH (0x80320034)</summary>
    public static readonly ErrorCode ProviderContextMismatch = new(0x80320034);
    /// <summary>FWP_E_INVALID_PARAMETER (0x80320035)</summary>
    public static readonly ErrorCode InvalidParameter = new(0x80320035);
    /// <summary>FWP_E_TOO_MANY_SUBLAYERS (0x80320036)</summary>
    public static readonly ErrorCode TooManySublayers = new(0x80320036);
    /// <summary>FWP_E_CALLOUT_NOTIFICATION_FAILED (0x80320037)</summary>
    public static readonly ErrorCode CalloutNotificationFailed = new(0x80320037);
    /// <summary>FWP_E_INVALID_AUTH_TRANSFORM (0x80320038)</summary>
    public static readonly ErrorCode InvalidAuthTransform = new(0x80320038);
    /// <summary>FWP_E_INVALID_CIPHER_TRANSFORM (0x80320039)</summary>
    public static readonly ErrorCode InvalidCipherTransform = new(0x80320039);
}
