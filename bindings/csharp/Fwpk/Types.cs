// Types.cs — plain .NET value types for the structures of fwpmk.h.  Property
// names are the Windows field names in PascalCase (saContextId -> SaContextId).
// Where Windows has a v0 and a v1 structure, the type here carries the v1
// fields; the v0 functions ignore the v1-only ones.  Conversion to and from the
// native structures happens inside the binding (NativeConvert.cs).
using System;
using System.Collections.Generic;
using System.Net;

namespace Fwpk;

/// <summary>
/// Marks the internal constructors the page decoder uses: they leave the
/// reference-typed members unset (the decoder sets every one of them), where the
/// public constructors give them fresh default objects.
/// </summary>
internal readonly struct Uninit { }

/// <summary>
/// Members whose default is a fresh object (a zero IPv6 address, an empty
/// FwpValue, an empty list) are created on first read: a decoded entry whose
/// member has the default value allocates nothing for it.  Observably the same
/// as an initializer: every read returns the same object, a set value (null
/// included) is returned as set.
/// </summary>
internal static class LazyDefault
{
    internal static T Get<T>(ref T? field, bool set) where T : class, new()
    {
        if (field is not null || set) return field!;
        System.Threading.Interlocked.CompareExchange(ref field, new T(), null);
        return field!;
    }

    internal static byte[] Bytes16(ref byte[]? field, bool set)
    {
        if (field is not null || set) return field!;
        System.Threading.Interlocked.CompareExchange(ref field, new byte[16], null);
        return field!;
    }
}

/// <summary>FWPM_DISPLAY_DATA0.</summary>
public sealed class DisplayData
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public DisplayData() { }
    public DisplayData(string? name, string? description = null) { Name = name; Description = description; }
}

/// <summary>FWPM_SESSION0 — the options of <see cref="Engine.Open(Session?)"/> and the entries of a session enumeration.</summary>
public sealed class Session
{
    public Session() => DisplayData = new();
#pragma warning disable CS8618
    internal Session(Uninit _) { }
#pragma warning restore CS8618
    public Guid SessionKey { get; set; }
    public DisplayData DisplayData { get; set; }
    public SessionFlags Flags { get; set; }
    public uint TxnWaitTimeoutInMSec { get; set; }
    public uint ProcessId { get; set; }
    /// <summary>The SID bytes, or null (sid NULL).</summary>
    public byte[]? Sid { get; set; }
    public string? Username { get; set; }
    public bool KernelMode { get; set; }
}

/// <summary>FWP_V4_ADDR_AND_MASK (host byte order).</summary>
public sealed class V4AddrAndMask
{
    public uint Addr { get; set; }
    public uint Mask { get; set; }
    public V4AddrAndMask() { }
    public V4AddrAndMask(uint addr, uint mask) { Addr = addr; Mask = mask; }
}

/// <summary>FWP_V6_ADDR_AND_MASK.</summary>
public sealed class V6AddrAndMask
{
    public byte[] Addr { get; set; }
    public byte PrefixLength { get; set; }
    public V6AddrAndMask() => Addr = new byte[16];
    public V6AddrAndMask(byte[] addr, byte prefixLength) { Addr = addr; PrefixLength = prefixLength; }
}

/// <summary>FWP_RANGE0.</summary>
public sealed class FwpRange
{
    public FwpValue ValueLow { get; set; }
    public FwpValue ValueHigh { get; set; }
    public FwpRange() { ValueLow = new(); ValueHigh = new(); }
    public FwpRange(FwpValue low, FwpValue high) { ValueLow = low; ValueHigh = high; }
}

/// <summary>
/// FWP_VALUE0 and FWP_CONDITION_VALUE0: a type tag and the member of the union
/// that the tag selects.  Set <see cref="Type"/> and the matching property (or
/// use the factory methods).  A pointer-held member left null is passed as a
/// NULL pointer.  FWP_TOKEN_INFORMATION_TYPE values are passed as NULL.
/// </summary>
public sealed class FwpValue
{
    public FwpDataType Type { get; set; }
    public byte UInt8 { get; set; }
    public ushort UInt16 { get; set; }
    public uint UInt32 { get; set; }
    public ulong? UInt64 { get; set; }
    public sbyte Int8 { get; set; }
    public short Int16 { get; set; }
    public int Int32 { get; set; }
    public long? Int64 { get; set; }
    public float Float32 { get; set; }
    public double? Double64 { get; set; }
    /// <summary>byteArray16, byteArray6, bitmapArray64, byteBlob, sid, sd, tokenAccessInformation.</summary>
    public byte[]? Bytes { get; set; }
    public string? UnicodeString { get; set; }
    public V4AddrAndMask? V4AddrMask { get; set; }
    public V6AddrAndMask? V6AddrMask { get; set; }
    public FwpRange? RangeValue { get; set; }

    public static FwpValue Empty() => new() { Type = FwpDataType.Empty };
    public static FwpValue FromUInt8(byte v) => new() { Type = FwpDataType.UInt8, UInt8 = v };
    public static FwpValue FromUInt16(ushort v) => new() { Type = FwpDataType.UInt16, UInt16 = v };
    public static FwpValue FromUInt32(uint v) => new() { Type = FwpDataType.UInt32, UInt32 = v };
    public static FwpValue FromUInt64(ulong v) => new() { Type = FwpDataType.UInt64, UInt64 = v };
    public static FwpValue FromByteArray16(byte[] v) => new() { Type = FwpDataType.ByteArray16, Bytes = v };
    public static FwpValue FromV4AddrMask(uint addr, uint mask) => new() { Type = FwpDataType.V4AddrMask, V4AddrMask = new(addr, mask) };
    public static FwpValue FromV6AddrMask(byte[] addr, byte prefix) => new() { Type = FwpDataType.V6AddrMask, V6AddrMask = new(addr, prefix) };
    public static FwpValue FromRange(FwpValue low, FwpValue high) => new() { Type = FwpDataType.Range, RangeValue = new(low, high) };

    public override string ToString() => Type switch
    {
        FwpDataType.Empty => "empty",
        FwpDataType.UInt8 => $"uint8:{UInt8}",
        FwpDataType.UInt16 => $"uint16:{UInt16}",
        FwpDataType.UInt32 => $"uint32:{UInt32}",
        FwpDataType.UInt64 => $"uint64:{UInt64}",
        FwpDataType.V4AddrMask => $"v4mask:{V4AddrMask?.Addr:X8}/{V4AddrMask?.Mask:X8}",
        _ => Type.ToString(),
    };
}

/// <summary>FWPM_FILTER_CONDITION0.</summary>
public sealed class FilterCondition
{
    public Guid FieldKey { get; set; }
    public FwpMatchType MatchType { get; set; }
    public FwpValue ConditionValue { get; set; }
    public FilterCondition() => ConditionValue = new();
    public FilterCondition(Guid fieldKey, FwpMatchType matchType, FwpValue value) { FieldKey = fieldKey; MatchType = matchType; ConditionValue = value; }
}

/// <summary>FWPM_ACTION0: the type and the union member (filterType / calloutKey share storage).</summary>
public sealed class FilterAction
{
    public FwpActionType Type { get; set; }
    /// <summary>filterType or calloutKey (the same union member).</summary>
    public Guid CalloutKey { get; set; }
    public Guid FilterType { get => CalloutKey; set => CalloutKey = value; }
}

/// <summary>FWPM_FILTER0.</summary>
public sealed class Filter
{
    public Filter()
    {
        DisplayData = new();
        Action = new();
    }
#pragma warning disable CS8618
    internal Filter(Uninit _) { }
#pragma warning restore CS8618
    public Guid FilterKey { get; set; }
    public DisplayData DisplayData { get; set; }
    public FilterFlags Flags { get; set; }
    public Guid? ProviderKey { get; set; }
    /// <summary>providerData; null = size 0, data NULL.</summary>
    public byte[]? ProviderData { get; set; }
    public Guid LayerKey { get; set; }
    public Guid SubLayerKey { get; set; }
    private FwpValue? _weight, _effectiveWeight;
    private List<FilterCondition>? _filterCondition;
    private bool _weightSet, _effectiveWeightSet, _filterConditionSet;
    public FwpValue Weight { get => LazyDefault.Get(ref _weight, _weightSet); set { _weight = value; _weightSet = true; } }
    public List<FilterCondition> FilterCondition
    {
        get => LazyDefault.Get(ref _filterCondition, _filterConditionSet);
        set { _filterCondition = value; _filterConditionSet = true; }
    }
    public FilterAction Action { get; set; }
    /// <summary>rawContext (shares storage with providerContextKey; set one of them).</summary>
    public ulong RawContext { get; set; }
    /// <summary>providerContextKey, when the filter carries FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT.</summary>
    public Guid? ProviderContextKey { get; set; }
    public Guid? Reserved { get; set; }
    public ulong FilterId { get; set; }
    public FwpValue EffectiveWeight
    {
        get => LazyDefault.Get(ref _effectiveWeight, _effectiveWeightSet);
        set { _effectiveWeight = value; _effectiveWeightSet = true; }
    }
}

/// <summary>FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0.</summary>
public sealed class ProviderContextEnumTemplate
{
    public Guid? ProviderKey { get; set; }
    public ProviderContextType ProviderContextType { get; set; }
}

/// <summary>FWPM_FILTER_ENUM_TEMPLATE0.</summary>
public sealed class FilterEnumTemplate
{
    public Guid? ProviderKey { get; set; }
    public Guid LayerKey { get; set; }
    public FwpFilterEnumType EnumType { get; set; }
    public FwpFilterEnumFlags Flags { get; set; }
    public ProviderContextEnumTemplate? ProviderContextTemplate { get; set; }
    public List<FilterCondition> FilterCondition { get; set; } = new();
    public uint ActionMask { get; set; } = 0xFFFFFFFF;
    public Guid? CalloutKey { get; set; }
}

/// <summary>FWPM_SESSION_ENUM_TEMPLATE0.</summary>
public sealed class SessionEnumTemplate
{
    public ulong Reserved { get; set; }
}

/// <summary>IPSEC_TRAFFIC0 / IPSEC_TRAFFIC1 (addresses and ports in host byte order).</summary>
public sealed class IpsecTraffic
{
    private byte[]? _localV6Address, _remoteV6Address;
    private bool _localV6AddressSet, _remoteV6AddressSet;
    public FwpIpVersion IpVersion { get; set; }
    public uint LocalV4Address { get; set; }
    /// <summary>16 bytes (zero by default).</summary>
    public byte[] LocalV6Address
    {
        get => LazyDefault.Bytes16(ref _localV6Address, _localV6AddressSet);
        set { _localV6Address = value; _localV6AddressSet = true; }
    }
    public uint RemoteV4Address { get; set; }
    /// <summary>16 bytes (zero by default).</summary>
    public byte[] RemoteV6Address
    {
        get => LazyDefault.Bytes16(ref _remoteV6Address, _remoteV6AddressSet);
        set { _remoteV6Address = value; _remoteV6AddressSet = true; }
    }
    public IpsecTrafficType TrafficType { get; set; }
    /// <summary>ipsecFilterId (transport) — the same union member as <see cref="TunnelPolicyId"/>.</summary>
    public ulong IpsecFilterId { get; set; }
    public ulong TunnelPolicyId { get => IpsecFilterId; set => IpsecFilterId = value; }
    public ushort RemotePort { get; set; }
    /// <summary>v1 only.</summary>
    public ushort LocalPort { get; set; }
    /// <summary>v1 only.</summary>
    public byte IpProtocol { get; set; }
    /// <summary>v1 only.</summary>
    public ulong LocalIfLuid { get; set; }
    /// <summary>v1 only.</summary>
    public uint RealIfProfileId { get; set; }

    /// <summary>The local address as an <see cref="IPAddress"/>.</summary>
    public IPAddress LocalAddress => IpVersion == FwpIpVersion.V6 ? new IPAddress(LocalV6Address) : Addr.V4(LocalV4Address);
    /// <summary>The remote address as an <see cref="IPAddress"/>.</summary>
    public IPAddress RemoteAddress => IpVersion == FwpIpVersion.V6 ? new IPAddress(RemoteV6Address) : Addr.V4(RemoteV4Address);

    /// <summary>Transport-mode IPv4 traffic.</summary>
    public static IpsecTraffic TransportV4(uint local, uint remote, ulong ipsecFilterId) => new()
    { IpVersion = FwpIpVersion.V4, LocalV4Address = local, RemoteV4Address = remote, TrafficType = IpsecTrafficType.Transport, IpsecFilterId = ipsecFilterId };
}

/// <summary>IPSEC_V4_UDP_ENCAPSULATION0.</summary>
public sealed class UdpEncapsulation
{
    public ushort LocalUdpEncapPort { get; set; }
    public ushort RemoteUdpEncapPort { get; set; }
}

/// <summary>IPSEC_GETSPI0 / IPSEC_GETSPI1.</summary>
public sealed class GetSpiInfo
{
    public IpsecTraffic InboundIpsecTraffic { get; set; } = new();
    public FwpIpVersion IpVersion { get; set; }
    public UdpEncapsulation? InboundUdpEncapsulation { get; set; }
    public Guid? RngCryptoModuleID { get; set; }
}

/// <summary>IPSEC_VIRTUAL_IF_TUNNEL_INFO0.</summary>
public sealed class VirtualIfTunnelInfo
{
    public ulong VirtualIfTunnelId { get; set; }
    public ulong TrafficSelectorId { get; set; }
}

/// <summary>IPSEC_SA_LIFETIME0.</summary>
public sealed class SaLifetime
{
    public uint LifetimeSeconds { get; set; }
    public uint LifetimeKilobytes { get; set; }
    public uint LifetimePackets { get; set; }
}

/// <summary>IPSEC_AUTH_TRANSFORM_ID0.</summary>
public readonly record struct AuthTransformId(IpsecAuthType AuthType, IpsecAuthConfig AuthConfig)
{
    public static readonly AuthTransformId HmacMd596 = new(IpsecAuthType.Md5, IpsecAuthConfig.HmacMd596);
    public static readonly AuthTransformId HmacSha196 = new(IpsecAuthType.Sha1, IpsecAuthConfig.HmacSha196);
    public static readonly AuthTransformId HmacSha256128 = new(IpsecAuthType.Sha256, IpsecAuthConfig.HmacSha256128);
    public static readonly AuthTransformId GcmAes128 = new(IpsecAuthType.Aes128, IpsecAuthConfig.GcmAes128);
    public static readonly AuthTransformId GcmAes192 = new(IpsecAuthType.Aes192, IpsecAuthConfig.GcmAes192);
    public static readonly AuthTransformId GcmAes256 = new(IpsecAuthType.Aes256, IpsecAuthConfig.GcmAes256);
}

/// <summary>IPSEC_CIPHER_TRANSFORM_ID0.</summary>
public readonly record struct CipherTransformId(IpsecCipherType CipherType, IpsecCipherConfig CipherConfig)
{
    public static readonly CipherTransformId CbcDes = new(IpsecCipherType.Des, IpsecCipherConfig.CbcDes);
    public static readonly CipherTransformId Cbc3Des = new(IpsecCipherType.TripleDes, IpsecCipherConfig.Cbc3Des);
    public static readonly CipherTransformId Aes128 = new(IpsecCipherType.Aes128, IpsecCipherConfig.CbcAes128);
    public static readonly CipherTransformId Aes192 = new(IpsecCipherType.Aes192, IpsecCipherConfig.CbcAes192);
    public static readonly CipherTransformId Aes256 = new(IpsecCipherType.Aes256, IpsecCipherConfig.CbcAes256);
    public static readonly CipherTransformId GcmAes128 = new(IpsecCipherType.Aes128, IpsecCipherConfig.GcmAes128);
    public static readonly CipherTransformId GcmAes192 = new(IpsecCipherType.Aes192, IpsecCipherConfig.GcmAes192);
    public static readonly CipherTransformId GcmAes256 = new(IpsecCipherType.Aes256, IpsecCipherConfig.GcmAes256);
}

/// <summary>IPSEC_SA_AUTH_INFORMATION0 (IPSEC_AUTH_TRANSFORM0 flattened: id + cryptoModuleId).</summary>
public sealed class SaAuthInformation
{
    public AuthTransformId AuthTransformId { get; set; }
    /// <summary>authTransform.cryptoModuleId (must be null for the library).</summary>
    public Guid? CryptoModuleId { get; set; }
    /// <summary>authKey; null = size 0, data NULL.</summary>
    public byte[]? AuthKey { get; set; }
    public SaAuthInformation() { }
    public SaAuthInformation(AuthTransformId id, byte[] key) { AuthTransformId = id; AuthKey = key; }
}

/// <summary>IPSEC_SA_CIPHER_INFORMATION0 (IPSEC_CIPHER_TRANSFORM0 flattened).</summary>
public sealed class SaCipherInformation
{
    public CipherTransformId CipherTransformId { get; set; }
    public Guid? CryptoModuleId { get; set; }
    public byte[]? CipherKey { get; set; }
    public SaCipherInformation() { }
    public SaCipherInformation(CipherTransformId id, byte[] key) { CipherTransformId = id; CipherKey = key; }
}

/// <summary>IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0.</summary>
public sealed class SaAuthAndCipherInformation
{
    public SaCipherInformation SaCipherInformation { get; set; }
    public SaAuthInformation SaAuthInformation { get; set; }
    public SaAuthAndCipherInformation() { SaCipherInformation = new(); SaAuthInformation = new(); }
    public SaAuthAndCipherInformation(SaCipherInformation cipher, SaAuthInformation auth) { SaCipherInformation = cipher; SaAuthInformation = auth; }
}

/// <summary>
/// IPSEC_SA0.  The union member used is the one <see cref="SaTransformType"/>
/// selects: AH → AhInformation, ESP_AUTH → EspAuthInformation, ESP_CIPHER →
/// EspCipherInformation, ESP_AUTH_AND_CIPHER → EspAuthAndCipherInformation,
/// ESP_AUTH_FW → EspAuthFwInformation.  Null = a NULL pointer.
/// </summary>
public sealed class Sa
{
    public uint Spi { get; set; }
    public IpsecTransformType SaTransformType { get; set; }
    public SaAuthInformation? AhInformation { get; set; }
    public SaAuthInformation? EspAuthInformation { get; set; }
    public SaCipherInformation? EspCipherInformation { get; set; }
    public SaAuthAndCipherInformation? EspAuthAndCipherInformation { get; set; }
    public SaAuthInformation? EspAuthFwInformation { get; set; }

    public static Sa Ah(uint spi, SaAuthInformation auth) => new() { Spi = spi, SaTransformType = IpsecTransformType.Ah, AhInformation = auth };
    public static Sa EspAuth(uint spi, SaAuthInformation auth) => new() { Spi = spi, SaTransformType = IpsecTransformType.EspAuth, EspAuthInformation = auth };
    public static Sa EspCipher(uint spi, SaCipherInformation cipher) => new() { Spi = spi, SaTransformType = IpsecTransformType.EspCipher, EspCipherInformation = cipher };
    public static Sa EspAuthAndCipher(uint spi, SaCipherInformation cipher, SaAuthInformation auth) =>
        new() { Spi = spi, SaTransformType = IpsecTransformType.EspAuthAndCipher, EspAuthAndCipherInformation = new(cipher, auth) };
}

/// <summary>IPSEC_TOKEN0.</summary>
public sealed class IpsecToken
{
    public IpsecTokenType Type { get; set; }
    public IpsecTokenPrincipal Principal { get; set; }
    public IpsecTokenMode Mode { get; set; }
    public ulong Token { get; set; }
}

/// <summary>IPSEC_ID0.</summary>
public sealed class IpsecId
{
    public string? MmTargetName { get; set; }
    public string? EmTargetName { get; set; }
    public List<IpsecToken> Tokens { get; set; }
    public IpsecId() => Tokens = new();
    internal IpsecId(List<IpsecToken> tokens) => Tokens = tokens;
    public ulong ExplicitCredentials { get; set; }
    public ulong LogonId { get; set; }
}

/// <summary>IPSEC_KEYMODULE_STATE0.</summary>
public sealed class KeyModuleState
{
    public Guid KeyModuleKey { get; set; }
    public byte[]? StateBlob { get; set; }
}

/// <summary>IPSEC_SA_BUNDLE0 / IPSEC_SA_BUNDLE1.</summary>
public sealed class SaBundle
{
    public SaBundle() { Lifetime = new(); SaList = new(); }
#pragma warning disable CS8618
    internal SaBundle(Uninit _) { }
#pragma warning restore CS8618
    public IpsecSaBundleFlags Flags { get; set; }
    public SaLifetime Lifetime { get; set; }
    public uint IdleTimeoutSeconds { get; set; }
    public uint NdAllowClearTimeoutSeconds { get; set; }
    public IpsecId? IpsecId { get; set; }
    public uint NapContext { get; set; }
    public uint QmSaId { get; set; }
    /// <summary>saList; numSAs is its count.</summary>
    public List<Sa> SaList { get; set; }
    public KeyModuleState? KeyModuleState { get; set; }
    public FwpIpVersion IpVersion { get; set; }
    public uint PeerV4PrivateAddress { get; set; }
    public ulong MmSaId { get; set; }
    public IpsecPfsGroup PfsGroup { get; set; }
    /// <summary>v1 only.</summary>
    public Guid SaLookupContext { get; set; }
    /// <summary>v1 only.</summary>
    public ulong QmFilterId { get; set; }
}

/// <summary>IPSEC_SA_DETAILS0 / IPSEC_SA_DETAILS1.</summary>
public sealed class SaDetails
{
    public SaDetails() { Traffic = new(); SaBundle = new(); }
#pragma warning disable CS8618
    internal SaDetails(Uninit _) { }
#pragma warning restore CS8618
    public FwpIpVersion IpVersion { get; set; }
    public FwpDirection SaDirection { get; set; }
    public IpsecTraffic Traffic { get; set; }
    public SaBundle SaBundle { get; set; }
    public UdpEncapsulation? UdpEncapsulation { get; set; }
    public Filter? TransportFilter { get; set; }
    /// <summary>v1 only.</summary>
    private VirtualIfTunnelInfo? _virtualIfTunnelInfo;
    private bool _virtualIfTunnelInfoSet;
    public VirtualIfTunnelInfo VirtualIfTunnelInfo
    {
        get => LazyDefault.Get(ref _virtualIfTunnelInfo, _virtualIfTunnelInfoSet);
        set { _virtualIfTunnelInfo = value; _virtualIfTunnelInfoSet = true; }
    }
}

/// <summary>IPSEC_SA_CONTEXT0 / IPSEC_SA_CONTEXT1.</summary>
public sealed class SaContext
{
    public ulong SaContextId { get; set; }
    public SaDetails? InboundSa { get; set; }
    public SaDetails? OutboundSa { get; set; }
}

/// <summary>IPSEC_SA_CONTEXT_ENUM_TEMPLATE0.</summary>
public sealed class SaContextEnumTemplate
{
    public FwpValue LocalSubNet { get; set; } = FwpValue.Empty();
    public FwpValue RemoteSubNet { get; set; } = FwpValue.Empty();
}

/// <summary>IPSEC_SA_ENUM_TEMPLATE0.</summary>
public sealed class SaEnumTemplate
{
    public FwpDirection SaDirection { get; set; }
}

/// <summary>IPSEC_AGGREGATE_SA_STATISTICS0.</summary>
public sealed class AggregateSaStatistics
{
    public uint ActiveSas { get; set; }
    public uint PendingSaNegotiations { get; set; }
    public uint TotalSasAdded { get; set; }
    public uint TotalSasDeleted { get; set; }
    public uint SuccessfulRekeys { get; set; }
    public uint ActiveTunnels { get; set; }
    public uint OffloadedSas { get; set; }
}

/// <summary>IPSEC_ESP_DROP_PACKET_STATISTICS0.</summary>
public sealed class EspDropPacketStatistics
{
    public uint InvalidSpisOnInbound { get; set; }
    public uint DecryptionFailuresOnInbound { get; set; }
    public uint AuthenticationFailuresOnInbound { get; set; }
    public uint ReplayCheckFailuresOnInbound { get; set; }
    public uint SaNotInitializedOnInbound { get; set; }
}

/// <summary>IPSEC_AH_DROP_PACKET_STATISTICS0.</summary>
public sealed class AhDropPacketStatistics
{
    public uint InvalidSpisOnInbound { get; set; }
    public uint AuthenticationFailuresOnInbound { get; set; }
    public uint ReplayCheckFailuresOnInbound { get; set; }
    public uint SaNotInitializedOnInbound { get; set; }
}

/// <summary>IPSEC_AGGREGATE_DROP_PACKET_STATISTICS0/1.</summary>
public sealed class AggregateDropPacketStatistics
{
    public uint InvalidSpisOnInbound { get; set; }
    public uint DecryptionFailuresOnInbound { get; set; }
    public uint AuthenticationFailuresOnInbound { get; set; }
    public uint UdpEspValidationFailuresOnInbound { get; set; }
    public uint ReplayCheckFailuresOnInbound { get; set; }
    public uint InvalidClearTextInbound { get; set; }
    public uint SaNotInitializedOnInbound { get; set; }
    public uint ReceiveOverIncorrectSaInbound { get; set; }
    public uint SecureReceivesNotMatchingFilters { get; set; }
    /// <summary>v1 only.</summary>
    public uint TotalDropPacketsInbound { get; set; }
}

/// <summary>IPSEC_TRAFFIC_STATISTICS0/1.</summary>
public sealed class TrafficStatistics
{
    public ulong EncryptedByteCount { get; set; }
    public ulong AuthenticatedAHByteCount { get; set; }
    public ulong AuthenticatedESPByteCount { get; set; }
    public ulong TransportByteCount { get; set; }
    public ulong TunnelByteCount { get; set; }
    public ulong OffloadByteCount { get; set; }
    /// <summary>v1 only.</summary>
    public ulong TotalSuccessfulPackets { get; set; }
}

/// <summary>IPSEC_STATISTICS0 / IPSEC_STATISTICS1.</summary>
public sealed class IpsecStatistics
{
    public AggregateSaStatistics AggregateSaStatistics { get; set; } = new();
    public EspDropPacketStatistics EspDropPacketStatistics { get; set; } = new();
    public AhDropPacketStatistics AhDropPacketStatistics { get; set; } = new();
    public AggregateDropPacketStatistics AggregateDropPacketStatistics { get; set; } = new();
    public TrafficStatistics InboundTrafficStatistics { get; set; } = new();
    public TrafficStatistics OutboundTrafficStatistics { get; set; } = new();
}

/// <summary>IPv4 helpers: the API holds IPv4 addresses as host-order UINT32.</summary>
public static class Addr
{
    /// <summary>"10.0.0.1" → 0x0A000001.</summary>
    public static uint V4(string dotted)
    {
        var b = IPAddress.Parse(dotted).GetAddressBytes();
        if (b.Length != 4) throw new ArgumentException("not an IPv4 address", nameof(dotted));
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    /// <summary>0x0A000001 → 10.0.0.1.</summary>
    public static IPAddress V4(uint hostOrder) =>
        new(new[] { (byte)(hostOrder >> 24), (byte)(hostOrder >> 16), (byte)(hostOrder >> 8), (byte)hostOrder });
}
