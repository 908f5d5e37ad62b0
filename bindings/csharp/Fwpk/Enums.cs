// Enums.cs — the enumerations and flag sets of fwptypes.h, ipsectypes.h and
// fwpmtypes.h with .NET names.  Values are the C values; any integer can be
// cast to them, so out-of-range values still reach the library unchanged.
using System;

namespace Fwpk;

public enum FwpDirection { Outbound = 0, Inbound = 1, Max = 2 }

public enum FwpIpVersion { V4 = 0, V6 = 1, None = 2, Max = 3 }

public enum FwpDataType
{
    Empty = 0, UInt8 = 1, UInt16 = 2, UInt32 = 3, UInt64 = 4, Int8 = 5, Int16 = 6, Int32 = 7, Int64 = 8,
    Float = 9, Double = 10, ByteArray16 = 11, ByteBlob = 12, Sid = 13, SecurityDescriptor = 14,
    TokenInformation = 15, TokenAccessInformation = 16, UnicodeString = 17, ByteArray6 = 18,
    BitmapIndex = 19, BitmapArray64 = 20, SingleDataTypeMax = 0xff,
    V4AddrMask = 0x100, V6AddrMask = 0x101, Range = 0x102, Max = 0x103,
}

public enum FwpMatchType
{
    Equal = 0, Greater = 1, Less = 2, GreaterOrEqual = 3, LessOrEqual = 4, Range = 5, FlagsAllSet = 6,
    FlagsAnySet = 7, FlagsNoneSet = 8, EqualCaseInsensitive = 9, NotEqual = 10, Prefix = 11, NotPrefix = 12, Max = 13,
}

public enum FwpFilterEnumType { FullyContained = 0, Overlapping = 1, Max = 2 }

[Flags]
public enum FwpFilterEnumFlags : uint
{
    None = 0, BestTerminatingMatch = 0x1, Sorted = 0x2, BoottimeOnly = 0x4, IncludeBoottime = 0x8, IncludeDisabled = 0x10,
}

/// <summary>FWP_ACTION_TYPE values (FWP_ACTION_*).</summary>
public enum FwpActionType : uint
{
    Block = 0x00001001, Permit = 0x00001002, CalloutTerminating = 0x00005003, CalloutInspection = 0x00006004,
    CalloutUnknown = 0x00004005, Continue = 0x00002006, None = 0x00002007, NoneNoMatch = 0x00002008,
    FlagTerminating = 0x1000, FlagNonTerminating = 0x2000, FlagCallout = 0x4000,
}

[Flags]
public enum SessionFlags : uint { None = 0, Dynamic = 0x1, Reserved = 0x10000000 }

[Flags]
public enum TransactionFlags : uint { ReadWrite = 0, ReadOnly = 0x1 }

[Flags]
public enum FilterFlags : uint
{
    None = 0, Persistent = 0x1, Boottime = 0x2, HasProviderContext = 0x4, ClearActionRight = 0x8,
    PermitIfCalloutUnregistered = 0x10, Disabled = 0x20, Indexed = 0x40,
}

public enum ProviderContextType
{
    IpsecKeyingContext = 0, IpsecIkeQmTransportContext = 1, IpsecIkeQmTunnelContext = 2,
    IpsecAuthipQmTransportContext = 3, IpsecAuthipQmTunnelContext = 4, IpsecIkeMmContext = 5,
    IpsecAuthipMmContext = 6, ClassifyOptionsContext = 7, GeneralContext = 8, IpsecIkev2QmTunnelContext = 9,
    IpsecIkev2MmContext = 10, IpsecDospContext = 11, IpsecIkev2QmTransportContext = 12, Max = 13,
}

public enum IpsecTrafficType { Transport = 0, Tunnel = 1, Max = 2 }

public enum IpsecTransformType { Ah = 1, EspAuth = 2, EspCipher = 3, EspAuthAndCipher = 4, EspAuthFw = 5, Max = 6 }

public enum IpsecAuthType { Md5 = 0, Sha1 = 1, Sha256 = 2, Aes128 = 3, Aes192 = 4, Aes256 = 5, Max = 6 }

/// <summary>IPSEC_AUTH_CONFIG (a UINT8).</summary>
public enum IpsecAuthConfig : byte { HmacMd596 = 0, HmacSha196 = 1, HmacSha256128 = 2, GcmAes128 = 3, GcmAes192 = 4, GcmAes256 = 5, Max = 6 }

public enum IpsecCipherType { Des = 1, TripleDes = 2, Aes128 = 3, Aes192 = 4, Aes256 = 5, Max = 6 }

/// <summary>IPSEC_CIPHER_CONFIG (a UINT8).</summary>
public enum IpsecCipherConfig : byte
{
    CbcDes = 1, Cbc3Des = 2, CbcAes128 = 3, CbcAes192 = 4, CbcAes256 = 5, GcmAes128 = 6, GcmAes192 = 7, GcmAes256 = 8, Max = 9,
}

public enum IpsecPfsGroup { None = 0, Pfs1 = 1, Pfs2 = 2, Pfs2048 = 3, Pfs14 = 3, EcP256 = 4, EcP384 = 5, Mm = 6, Pfs24 = 7, Max = 8 }

public enum IpsecTokenType { Machine = 0, Impersonation = 1, Max = 2 }

public enum IpsecTokenPrincipal { Local = 0, Peer = 1, Max = 2 }

public enum IpsecTokenMode { Main = 0, Extended = 1, Max = 2 }

[Flags]
public enum IpsecSaBundleFlags : uint
{
    None = 0, NdSecure = 0x1, NdBoundary = 0x2, NdPeerNatBoundary = 0x4, GuaranteeEncryption = 0x8, Nlb = 0x10,
    NoMachineLuidVerify = 0x20, NoImpersonationLuidVerify = 0x40, NoExplicitCredMatch = 0x80,
    AllowNullTargetNameMatch = 0x200, ClearDfOnTunnel = 0x400, AssumeUdpContextOutbound = 0x800,
    NdPeerBoundary = 0x1000, SuppressDuplicateDeletion = 0x2000, PeerSupportsGuaranteeEncryption = 0x4000,
    ForceInboundConnections = 0x8000, ForceOutboundConnections = 0x10000, ForwardPathInitiator = 0x20000,
}

/// <summary>IPsecSaContextUpdate0 flags (IPSEC_SA_DETAILS_UPDATE_* / IPSEC_SA_BUNDLE_UPDATE_*).</summary>
[Flags]
public enum IpsecSaContextUpdateFlags : ulong
{
    None = 0, Traffic = 0x01, UdpEncapsulation = 0x02, BundleFlags = 0x04, NapContext = 0x08,
    KeyModuleState = 0x10, PeerV4PrivateAddress = 0x20, MmSaId = 0x40,
}

/// <summary>RPC authentication services accepted by FwpmEngineOpen0.</summary>
public enum RpcAuthnService : uint { None = 0, WinNT = 10, Default = 0xFFFFFFFF }
