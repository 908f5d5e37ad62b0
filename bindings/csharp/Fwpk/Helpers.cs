// Helpers.cs — idiomatic conveniences on the generated value types: IPv4/IPv6
// addresses, factories for the tagged unions (values, SAs) and the common
// transform ids.  Everything here is built from the generated members.
using System;
using System.Net;

namespace Fwpk;

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

public sealed partial class Traffic
{
    /// <summary>The local address as an <see cref="IPAddress"/>.</summary>
    public IPAddress LocalAddress => IpVersion == Fwpk.IpVersion.V6 ? new IPAddress(LocalV6Address) : Addr.V4(LocalV4Address);
    /// <summary>The remote address as an <see cref="IPAddress"/>.</summary>
    public IPAddress RemoteAddress => IpVersion == Fwpk.IpVersion.V6 ? new IPAddress(RemoteV6Address) : Addr.V4(RemoteV4Address);

    /// <summary>Transport-mode IPv4 traffic (addresses in host byte order).</summary>
    public static Traffic TransportV4(uint local, uint remote, ulong ipsecFilterId) => new()
    { IpVersion = Fwpk.IpVersion.V4, LocalV4Address = local, RemoteV4Address = remote, TrafficType = Fwpk.TrafficType.Transport, IpsecFilterId = ipsecFilterId };
}

public sealed partial class Traffic0
{
    /// <summary>Transport-mode IPv4 traffic (addresses in host byte order).</summary>
    public static Traffic0 TransportV4(uint local, uint remote, ulong ipsecFilterId) => new()
    { IpVersion = Fwpk.IpVersion.V4, LocalV4Address = local, RemoteV4Address = remote, TrafficType = Fwpk.TrafficType.Transport, IpsecFilterId = ipsecFilterId };
}

public sealed partial class Value
{
    public static Value Empty() => new() { Type = DataType.Empty };
    public static Value FromUInt8(byte v) => new() { Type = DataType.Uint8, Uint8 = v };
    public static Value FromUInt16(ushort v) => new() { Type = DataType.Uint16, Uint16 = v };
    public static Value FromUInt32(uint v) => new() { Type = DataType.Uint32, Uint32 = v };
    public static Value FromUInt64(ulong v) => new() { Type = DataType.Uint64, Uint64 = v };
}

public sealed partial class ConditionValue
{
    public static ConditionValue Empty() => new() { Type = DataType.Empty };
    public static ConditionValue FromUInt8(byte v) => new() { Type = DataType.Uint8, Uint8 = v };
    public static ConditionValue FromUInt16(ushort v) => new() { Type = DataType.Uint16, Uint16 = v };
    public static ConditionValue FromUInt32(uint v) => new() { Type = DataType.Uint32, Uint32 = v };
    public static ConditionValue FromUInt64(ulong v) => new() { Type = DataType.Uint64, Uint64 = v };
    public static ConditionValue FromByteArray16(byte[] v) => new() { Type = DataType.ByteArray16Type, ByteArray16 = v };
    public static ConditionValue FromV4AddrMask(uint addr, uint mask) =>
        new() { Type = DataType.V4AddrMask, V4AddrMask = new V4AddrAndMask { Addr = addr, Mask = mask } };
    public static ConditionValue FromV6AddrMask(byte[] addr, byte prefixLength) =>
        new() { Type = DataType.V6AddrMask, V6AddrMask = new V6AddrAndMask { Addr = addr, PrefixLength = prefixLength } };
    public static ConditionValue FromRange(Value low, Value high) =>
        new() { Type = DataType.RangeType, RangeValue = new FwpRange { ValueLow = low, ValueHigh = high } };
}

public sealed partial class Sa
{
    public static Sa Ah(uint spi, SaAuthInformation auth) => new() { Spi = spi, SaTransformType = TransformType.Ah, AhInformation = auth };
    public static Sa EspAuth(uint spi, SaAuthInformation auth) => new() { Spi = spi, SaTransformType = TransformType.EspAuth, EspAuthInformation = auth };
    public static Sa EspCipher(uint spi, SaCipherInformation cipher) => new() { Spi = spi, SaTransformType = TransformType.EspCipher, EspCipherInformation = cipher };
    public static Sa EspAuthAndCipher(uint spi, SaCipherInformation cipher, SaAuthInformation auth) =>
        new() { Spi = spi, SaTransformType = TransformType.EspAuthAndCipher, EspAuthAndCipherInformation = new() { SaCipherInformation = cipher, SaAuthInformation = auth } };
}

public sealed partial class SaAuthInformation
{
    /// <summary>An authentication transform and its key (no crypto module).</summary>
    public static SaAuthInformation Of(AuthTransformId id, byte[]? key) =>
        new() { AuthTransform = new AuthTransform { AuthTransformId = id }, AuthKey = key };
}

public sealed partial class SaCipherInformation
{
    /// <summary>A cipher transform and its key (no crypto module).</summary>
    public static SaCipherInformation Of(CipherTransformId id, byte[]? key) =>
        new() { CipherTransform = new CipherTransform { CipherTransformId = id }, CipherKey = key };
}

public sealed partial class AuthTransformId
{
    public static readonly AuthTransformId HmacMd596 = new() { AuthType = Fwpk.AuthType.Md5, AuthConfig = Fwpk.AuthConfig.HmacMd596 };
    public static readonly AuthTransformId HmacSha196 = new() { AuthType = Fwpk.AuthType.Sha1, AuthConfig = Fwpk.AuthConfig.HmacSha196 };
    public static readonly AuthTransformId HmacSha256128 = new() { AuthType = Fwpk.AuthType.Sha256, AuthConfig = Fwpk.AuthConfig.HmacSha256128 };
    public static readonly AuthTransformId GcmAes128 = new() { AuthType = Fwpk.AuthType.Aes128, AuthConfig = Fwpk.AuthConfig.GcmAes128 };
    public static readonly AuthTransformId GcmAes192 = new() { AuthType = Fwpk.AuthType.Aes192, AuthConfig = Fwpk.AuthConfig.GcmAes192 };
    public static readonly AuthTransformId GcmAes256 = new() { AuthType = Fwpk.AuthType.Aes256, AuthConfig = Fwpk.AuthConfig.GcmAes256 };
}

public sealed partial class CipherTransformId
{
    public static readonly CipherTransformId CbcDes = new() { CipherType = Fwpk.IpsecCipherType.TypeDes, CipherConfig = Fwpk.CipherConfig.CbcDes };
    public static readonly CipherTransformId Cbc3Des = new() { CipherType = Fwpk.IpsecCipherType.Type3des, CipherConfig = Fwpk.CipherConfig.Cbc3des };
    public static readonly CipherTransformId Aes128 = new() { CipherType = Fwpk.IpsecCipherType.TypeAes128, CipherConfig = Fwpk.CipherConfig.CbcAes128 };
    public static readonly CipherTransformId Aes192 = new() { CipherType = Fwpk.IpsecCipherType.TypeAes192, CipherConfig = Fwpk.CipherConfig.CbcAes192 };
    public static readonly CipherTransformId Aes256 = new() { CipherType = Fwpk.IpsecCipherType.TypeAes256, CipherConfig = Fwpk.CipherConfig.CbcAes256 };
    public static readonly CipherTransformId GcmAes128 = new() { CipherType = Fwpk.IpsecCipherType.TypeAes128, CipherConfig = Fwpk.CipherConfig.GcmAes128 };
    public static readonly CipherTransformId GcmAes192 = new() { CipherType = Fwpk.IpsecCipherType.TypeAes192, CipherConfig = Fwpk.CipherConfig.GcmAes192 };
    public static readonly CipherTransformId GcmAes256 = new() { CipherType = Fwpk.IpsecCipherType.TypeAes256, CipherConfig = Fwpk.CipherConfig.GcmAes256 };
}
