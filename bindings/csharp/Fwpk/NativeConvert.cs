// NativeConvert.cs — managed value types <-> the native structures, through
// the SWIG proxies (field offsets come from the compiled wrapper, so the C
// headers stay the only description of the layout).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Fwpk.Native;

namespace Fwpk;

internal static class NativeConvert
{
    private static readonly nuint SizeOfSa = (nuint)fwpk.FwpkCsSizeOfSa0();
    private static readonly nuint SizeOfCondition = (nuint)fwpk.FwpkCsSizeOfFilterCondition0();
    private static readonly nuint SizeOfToken = (nuint)fwpk.FwpkCsSizeOfToken0();

    // ------------------------------------------------------------------ reading

    internal static DisplayData ReadDisplayData(FWPM_DISPLAY_DATA0 n) =>
        new(Mem.WString(n.name), Mem.WString(n.description));

    internal static Session ReadSession(FWPM_SESSION0 n) => new()
    {
        SessionKey = Mem.Guid(n.sessionKey),
        DisplayData = ReadDisplayData(n.displayData),
        Flags = (SessionFlags)n.flags,
        TxnWaitTimeoutInMSec = n.txnWaitTimeoutInMSec,
        ProcessId = n.processId,
        Sid = ReadSid(n.sid),
        Username = Mem.WString(n.username),
        KernelMode = n.kernelMode != 0,
    };

    private static byte[]? ReadSid(SID? sid)
    {
        if (sid is null) return null;
        int len = 8 + 4 * sid.SubAuthorityCount;
        var r = new byte[len];
        Marshal.Copy(sid.Address, r, 0, len);
        return r;
    }

    internal static FwpValue ReadValue(IFwpValue n, FWP_CONDITION_VALUE0? cn = null)
    {
        var v = new FwpValue { Type = (FwpDataType)(int)n.type };
        switch (v.Type)
        {
            case FwpDataType.UInt8: v.UInt8 = n.uint8; break;
            case FwpDataType.UInt16: v.UInt16 = n.uint16; break;
            case FwpDataType.UInt32: v.UInt32 = n.uint32; break;
            case FwpDataType.UInt64: { var p = Mem.Ptr(n.uint64); v.UInt64 = p == IntPtr.Zero ? null : (ulong)Marshal.ReadInt64(p); break; }
            case FwpDataType.Int8: v.Int8 = n.int8; break;
            case FwpDataType.Int16: v.Int16 = n.int16; break;
            case FwpDataType.Int32: v.Int32 = n.int32; break;
            case FwpDataType.Int64: { var p = Mem.Ptr(n.int64); v.Int64 = p == IntPtr.Zero ? null : Marshal.ReadInt64(p); break; }
            case FwpDataType.Float: v.Float32 = n.float32; break;
            case FwpDataType.Double: { var p = Mem.Ptr(n.double64); v.Double64 = p == IntPtr.Zero ? null : BitConverter.Int64BitsToDouble(Marshal.ReadInt64(p)); break; }
            case FwpDataType.ByteArray16: v.Bytes = n.byteArray16?.byteArray16; break;
            case FwpDataType.ByteArray6: v.Bytes = n.byteArray6?.byteArray6; break;
            case FwpDataType.BitmapArray64: v.Bytes = n.bitmapArray64?.bitmapArray64; break;
            case FwpDataType.ByteBlob: v.Bytes = Mem.Blob(n.byteBlob); break;
            case FwpDataType.SecurityDescriptor: v.Bytes = Mem.Blob(n.sd); break;
            case FwpDataType.TokenAccessInformation: v.Bytes = Mem.Blob(n.tokenAccessInformation); break;
            case FwpDataType.Sid: v.Bytes = ReadSid(n.sid); break;
            case FwpDataType.UnicodeString: v.UnicodeString = Mem.WString(n.unicodeString); break;
            case FwpDataType.BitmapIndex: v.UInt8 = n.uint8; break;
            case FwpDataType.V4AddrMask when cn is not null:
                { var m = cn.v4AddrMask; if (m is not null) v.V4AddrMask = new(m.addr, m.mask); break; }
            case FwpDataType.V6AddrMask when cn is not null:
                { var m = cn.v6AddrMask; if (m is not null) v.V6AddrMask = new(m.addr, m.prefixLength); break; }
            case FwpDataType.Range when cn is not null:
                { var r = cn.rangeValue; if (r is not null) v.RangeValue = new(ReadValue(r.valueLow), ReadValue(r.valueHigh)); break; }
        }
        return v;
    }

    internal static Filter ReadFilter(FWPM_FILTER0 n)
    {
        var flags = (FilterFlags)n.flags;
        var f = new Filter
        {
            FilterKey = Mem.Guid(n.filterKey),
            DisplayData = ReadDisplayData(n.displayData),
            Flags = flags,
            ProviderKey = Mem.GuidOpt(n.providerKey),
            ProviderData = Mem.Blob(n.providerData),
            LayerKey = Mem.Guid(n.layerKey),
            SubLayerKey = Mem.Guid(n.subLayerKey),
            Weight = ReadValue(n.weight),
            FilterCondition = ReadConditions(n.numFilterConditions, n.filterCondition),
            Action = ReadAction(n.action),
            Reserved = Mem.GuidOpt(n.reserved),
            FilterId = n.filterId,
            EffectiveWeight = ReadValue(n.effectiveWeight),
        };
        if ((flags & FilterFlags.HasProviderContext) != 0) f.ProviderContextKey = Mem.Guid(n.providerContextKey);
        else f.RawContext = n.rawContext;
        return f;
    }

    private static FilterAction ReadAction(FWPM_ACTION0 n) => new()
    {
        Type = (FwpActionType)n.type,
        CalloutKey = Mem.Guid(n.calloutKey),
    };

    private static List<FilterCondition> ReadConditions(uint count, FWPM_FILTER_CONDITION0? first)
    {
        var list = new List<FilterCondition>((int)count);
        if (first is null) return list;
        var p = first.Address;
        for (uint i = 0; i < count; i++)
        {
            var c = new FWPM_FILTER_CONDITION0(p + (nint)(i * SizeOfCondition), false);
            var cv = c.conditionValue;
            list.Add(new FilterCondition(Mem.Guid(c.fieldKey), (FwpMatchType)(int)c.matchType, ReadValue(cv, cv)));
        }
        return list;
    }

    internal static IpsecTraffic ReadTraffic(IIpsecTraffic n, IPSEC_TRAFFIC1? n1 = null)
    {
        var t = new IpsecTraffic
        {
            IpVersion = (FwpIpVersion)(int)n.ipVersion,
            TrafficType = (IpsecTrafficType)(int)n.trafficType,
            IpsecFilterId = n.ipsecFilterId,
            RemotePort = n.remotePort,
        };
        if (t.IpVersion == FwpIpVersion.V6)
        {
            t.LocalV6Address = n.localV6Address;
            t.RemoteV6Address = n.remoteV6Address;
        }
        else
        {
            t.LocalV4Address = n.localV4Address;
            t.RemoteV4Address = n.remoteV4Address;
        }
        if (n1 is not null)
        {
            t.LocalPort = n1.localPort;
            t.IpProtocol = n1.ipProtocol;
            t.LocalIfLuid = n1.localIfLuid;
            t.RealIfProfileId = n1.realIfProfileId;
        }
        return t;
    }

    private static UdpEncapsulation? ReadUdp(IPSEC_V4_UDP_ENCAPSULATION0? n) =>
        n is null ? null : new UdpEncapsulation { LocalUdpEncapPort = n.localUdpEncapPort, RemoteUdpEncapPort = n.remoteUdpEncapPort };

    private static SaAuthInformation? ReadAuth(IPSEC_SA_AUTH_INFORMATION0? n)
    {
        if (n is null) return null;
        var t = n.authTransform;
        var id = t.authTransformId;
        return new SaAuthInformation
        {
            AuthTransformId = new AuthTransformId((IpsecAuthType)(int)id.authType, (IpsecAuthConfig)id.authConfig),
            CryptoModuleId = Mem.GuidOpt(t.cryptoModuleId),
            AuthKey = Mem.Blob(n.authKey),
        };
    }

    private static SaCipherInformation? ReadCipher(IPSEC_SA_CIPHER_INFORMATION0? n)
    {
        if (n is null) return null;
        var t = n.cipherTransform;
        var id = t.cipherTransformId;
        return new SaCipherInformation
        {
            CipherTransformId = new CipherTransformId((IpsecCipherType)(int)id.cipherType, (IpsecCipherConfig)id.cipherConfig),
            CryptoModuleId = Mem.GuidOpt(t.cryptoModuleId),
            CipherKey = Mem.Blob(n.cipherKey),
        };
    }

    private static Sa ReadSa(IPSEC_SA0 n)
    {
        var sa = new Sa { Spi = n.spi, SaTransformType = (IpsecTransformType)(int)n.saTransformType };
        switch (sa.SaTransformType)
        {
            case IpsecTransformType.Ah: sa.AhInformation = ReadAuth(n.ahInformation); break;
            case IpsecTransformType.EspAuth: sa.EspAuthInformation = ReadAuth(n.espAuthInformation); break;
            case IpsecTransformType.EspCipher: sa.EspCipherInformation = ReadCipher(n.espCipherInformation); break;
            case IpsecTransformType.EspAuthFw: sa.EspAuthFwInformation = ReadAuth(n.espAuthFwInformation); break;
            case IpsecTransformType.EspAuthAndCipher:
                var ac = n.espAuthAndCipherInformation;
                if (ac is not null)
                    sa.EspAuthAndCipherInformation = new SaAuthAndCipherInformation(ReadCipher(ac.saCipherInformation)!, ReadAuth(ac.saAuthInformation)!);
                break;
        }
        return sa;
    }

    private static IpsecId? ReadIpsecId(IPSEC_ID0? n)
    {
        if (n is null) return null;
        var id = new IpsecId
        {
            MmTargetName = Mem.WString(n.mmTargetName),
            EmTargetName = Mem.WString(n.emTargetName),
            ExplicitCredentials = n.explicitCredentials,
            LogonId = n.logonId,
        };
        uint count = n.numTokens;
        var first = n.tokens;
        if (first is not null)
        {
            for (uint i = 0; i < count; i++)
            {
                var t = new IPSEC_TOKEN0(first.Address + (nint)(i * SizeOfToken), false);
                id.Tokens.Add(new IpsecToken
                {
                    Type = (IpsecTokenType)(int)t.type,
                    Principal = (IpsecTokenPrincipal)(int)t.principal,
                    Mode = (IpsecTokenMode)(int)t.mode,
                    Token = t.token,
                });
            }
        }
        return id;
    }

    internal static SaBundle ReadBundle(IIpsecSaBundle n, IPSEC_SA_BUNDLE1? n1 = null)
    {
        var lt = n.lifetime;
        var b = new SaBundle
        {
            Flags = (IpsecSaBundleFlags)n.flags,
            Lifetime = new SaLifetime { LifetimeSeconds = lt.lifetimeSeconds, LifetimeKilobytes = lt.lifetimeKilobytes, LifetimePackets = lt.lifetimePackets },
            IdleTimeoutSeconds = n.idleTimeoutSeconds,
            NdAllowClearTimeoutSeconds = n.ndAllowClearTimeoutSeconds,
            IpsecId = ReadIpsecId(n.ipsecId),
            NapContext = n.napContext,
            QmSaId = n.qmSaId,
            IpVersion = (FwpIpVersion)(int)n.ipVersion,
            PeerV4PrivateAddress = n.peerV4PrivateAddress,
            MmSaId = n.mmSaId,
            PfsGroup = (IpsecPfsGroup)(int)n.pfsGroup,
        };
        var km = n.keyModuleState;
        if (km is not null) b.KeyModuleState = new KeyModuleState { KeyModuleKey = Mem.Guid(km.keyModuleKey), StateBlob = Mem.Blob(km.stateBlob) };
        uint count = n.numSAs;
        var first = n.saList;
        if (first is not null)
            for (uint i = 0; i < count; i++)
                b.SaList.Add(ReadSa(new IPSEC_SA0(first.Address + (nint)(i * SizeOfSa), false)));
        if (n1 is not null)
        {
            b.SaLookupContext = Mem.Guid(n1.saLookupContext);
            b.QmFilterId = n1.qmFilterId;
        }
        return b;
    }

    internal static SaDetails? ReadDetails1(IPSEC_SA_DETAILS1? n)
    {
        if (n is null) return null;
        var traffic = n.traffic;
        var bundle = n.saBundle;
        var filter = n.transportFilter;
        var vif = n.virtualIfTunnelInfo;
        return new SaDetails
        {
            IpVersion = (FwpIpVersion)(int)n.ipVersion,
            SaDirection = (FwpDirection)(int)n.saDirection,
            Traffic = ReadTraffic(traffic, traffic),
            SaBundle = ReadBundle(bundle, bundle),
            UdpEncapsulation = ReadUdp(n.udpEncapsulation),
            TransportFilter = filter is null ? null : ReadFilter(filter),
            VirtualIfTunnelInfo = new VirtualIfTunnelInfo { VirtualIfTunnelId = vif.virtualIfTunnelId, TrafficSelectorId = vif.trafficSelectorId },
        };
    }

    internal static SaDetails? ReadDetails0(IPSEC_SA_DETAILS0? n)
    {
        if (n is null) return null;
        var filter = n.transportFilter;
        return new SaDetails
        {
            IpVersion = (FwpIpVersion)(int)n.ipVersion,
            SaDirection = (FwpDirection)(int)n.saDirection,
            Traffic = ReadTraffic(n.traffic),
            SaBundle = ReadBundle(n.saBundle),
            UdpEncapsulation = ReadUdp(n.udpEncapsulation),
            TransportFilter = filter is null ? null : ReadFilter(filter),
        };
    }

    internal static SaContext ReadSaContext1(IntPtr p)
    {
        var n = new IPSEC_SA_CONTEXT1(p, false);
        return new SaContext { SaContextId = n.saContextId, InboundSa = ReadDetails1(n.inboundSa), OutboundSa = ReadDetails1(n.outboundSa) };
    }

    internal static SaContext ReadSaContext0(IntPtr p)
    {
        var n = new IPSEC_SA_CONTEXT0(p, false);
        return new SaContext { SaContextId = n.saContextId, InboundSa = ReadDetails0(n.inboundSa), OutboundSa = ReadDetails0(n.outboundSa) };
    }

    internal static IpsecStatistics ReadStatistics(IPSEC_STATISTICS1 n)
    {
        var s = ReadStatisticsCommon(n.aggregateSaStatistics, n.espDropPacketStatistics, n.ahDropPacketStatistics);
        var d = n.aggregateDropPacketStatistics;
        s.AggregateDropPacketStatistics = new AggregateDropPacketStatistics
        {
            InvalidSpisOnInbound = d.invalidSpisOnInbound, DecryptionFailuresOnInbound = d.decryptionFailuresOnInbound,
            AuthenticationFailuresOnInbound = d.authenticationFailuresOnInbound, UdpEspValidationFailuresOnInbound = d.udpEspValidationFailuresOnInbound,
            ReplayCheckFailuresOnInbound = d.replayCheckFailuresOnInbound, InvalidClearTextInbound = d.invalidClearTextInbound,
            SaNotInitializedOnInbound = d.saNotInitializedOnInbound, ReceiveOverIncorrectSaInbound = d.receiveOverIncorrectSaInbound,
            SecureReceivesNotMatchingFilters = d.secureReceivesNotMatchingFilters, TotalDropPacketsInbound = d.totalDropPacketsInbound,
        };
        s.InboundTrafficStatistics = ReadTrafficStats(n.inboundTrafficStatistics);
        s.OutboundTrafficStatistics = ReadTrafficStats(n.outboundTrafficStatistics);
        return s;
    }

    internal static IpsecStatistics ReadStatistics(IPSEC_STATISTICS0 n)
    {
        var s = ReadStatisticsCommon(n.aggregateSaStatistics, n.espDropPacketStatistics, n.ahDropPacketStatistics);
        var d = n.aggregateDropPacketStatistics;
        s.AggregateDropPacketStatistics = new AggregateDropPacketStatistics
        {
            InvalidSpisOnInbound = d.invalidSpisOnInbound, DecryptionFailuresOnInbound = d.decryptionFailuresOnInbound,
            AuthenticationFailuresOnInbound = d.authenticationFailuresOnInbound, UdpEspValidationFailuresOnInbound = d.udpEspValidationFailuresOnInbound,
            ReplayCheckFailuresOnInbound = d.replayCheckFailuresOnInbound, InvalidClearTextInbound = d.invalidClearTextInbound,
            SaNotInitializedOnInbound = d.saNotInitializedOnInbound, ReceiveOverIncorrectSaInbound = d.receiveOverIncorrectSaInbound,
            SecureReceivesNotMatchingFilters = d.secureReceivesNotMatchingFilters,
        };
        var i = n.inboundTrafficStatistics;
        var o = n.outboundTrafficStatistics;
        s.InboundTrafficStatistics = new TrafficStatistics
        {
            EncryptedByteCount = i.encryptedByteCount, AuthenticatedAHByteCount = i.authenticatedAHByteCount, AuthenticatedESPByteCount = i.authenticatedESPByteCount,
            TransportByteCount = i.transportByteCount, TunnelByteCount = i.tunnelByteCount, OffloadByteCount = i.offloadByteCount,
        };
        s.OutboundTrafficStatistics = new TrafficStatistics
        {
            EncryptedByteCount = o.encryptedByteCount, AuthenticatedAHByteCount = o.authenticatedAHByteCount, AuthenticatedESPByteCount = o.authenticatedESPByteCount,
            TransportByteCount = o.transportByteCount, TunnelByteCount = o.tunnelByteCount, OffloadByteCount = o.offloadByteCount,
        };
        return s;
    }

    private static IpsecStatistics ReadStatisticsCommon(IPSEC_AGGREGATE_SA_STATISTICS0 a, IPSEC_ESP_DROP_PACKET_STATISTICS0 e, IPSEC_AH_DROP_PACKET_STATISTICS0 h) => new()
    {
        AggregateSaStatistics = new AggregateSaStatistics
        {
            ActiveSas = a.activeSas, PendingSaNegotiations = a.pendingSaNegotiations, TotalSasAdded = a.totalSasAdded,
            TotalSasDeleted = a.totalSasDeleted, SuccessfulRekeys = a.successfulRekeys, ActiveTunnels = a.activeTunnels, OffloadedSas = a.offloadedSas,
        },
        EspDropPacketStatistics = new EspDropPacketStatistics
        {
            InvalidSpisOnInbound = e.invalidSpisOnInbound, DecryptionFailuresOnInbound = e.decryptionFailuresOnInbound,
            AuthenticationFailuresOnInbound = e.authenticationFailuresOnInbound, ReplayCheckFailuresOnInbound = e.replayCheckFailuresOnInbound,
            SaNotInitializedOnInbound = e.saNotInitializedOnInbound,
        },
        AhDropPacketStatistics = new AhDropPacketStatistics
        {
            InvalidSpisOnInbound = h.invalidSpisOnInbound, AuthenticationFailuresOnInbound = h.authenticationFailuresOnInbound,
            ReplayCheckFailuresOnInbound = h.replayCheckFailuresOnInbound, SaNotInitializedOnInbound = h.saNotInitializedOnInbound,
        },
    };

    private static TrafficStatistics ReadTrafficStats(IPSEC_TRAFFIC_STATISTICS1 t) => new()
    {
        EncryptedByteCount = t.encryptedByteCount, AuthenticatedAHByteCount = t.authenticatedAHByteCount, AuthenticatedESPByteCount = t.authenticatedESPByteCount,
        TransportByteCount = t.transportByteCount, TunnelByteCount = t.tunnelByteCount, OffloadByteCount = t.offloadByteCount,
        TotalSuccessfulPackets = t.totalSuccessfulPackets,
    };

    // ------------------------------------------------------------------ writing

    private static void WriteDisplayData(Arena a, DisplayData? d, FWPM_DISPLAY_DATA0 n)
    {
        n.name = a.WString(d?.Name);
        n.description = a.WString(d?.Description);
    }

    internal static FWPM_SESSION0 WriteSession(Arena a, Session s)
    {
        var n = a.Own(new FWPM_SESSION0());
        Mem.SetGuid(n.sessionKey, s.SessionKey);
        WriteDisplayData(a, s.DisplayData, n.displayData);
        n.flags = (uint)s.Flags;
        n.txnWaitTimeoutInMSec = s.TxnWaitTimeoutInMSec;
        n.processId = s.ProcessId;
        n.sid = WriteSid(a, s.Sid);
        n.username = a.WString(s.Username);
        n.kernelMode = s.KernelMode ? 1 : 0;
        return n;
    }

    private static SID? WriteSid(Arena a, byte[]? sid)
    {
        if (sid is null) return null;
        var p = a.Alloc((nuint)Math.Max(sid.Length, 12));
        Marshal.Copy(sid, 0, p, sid.Length);
        return new SID(p, false);
    }

    private static void WriteBlob(Arena a, byte[]? data, FWP_BYTE_BLOB n)
    {
        n.size = (uint)(data?.Length ?? 0);
        n.data = a.Bytes(data);
    }

    private static FWP_BYTE_BLOB? NewBlob(Arena a, byte[]? data)
    {
        if (data is null) return null;
        var b = a.Own(new FWP_BYTE_BLOB());
        WriteBlob(a, data, b);
        return b;
    }

    internal static void WriteValue(Arena a, FwpValue? v, IFwpValue n, FWP_CONDITION_VALUE0? cn = null)
    {
        v ??= FwpValue.Empty();
        n.type = (FWP_DATA_TYPE)(int)v.Type;
        switch (v.Type)
        {
            case FwpDataType.UInt8: case FwpDataType.BitmapIndex: n.uint8 = v.UInt8; break;
            case FwpDataType.UInt16: n.uint16 = v.UInt16; break;
            case FwpDataType.UInt32: n.uint32 = v.UInt32; break;
            case FwpDataType.UInt64:
                if (v.UInt64 is ulong u) { var p = a.Alloc(8); Marshal.WriteInt64(p, (long)u); n.uint64 = new SWIGTYPE_p_unsigned_long_long(p, false); }
                else n.uint64 = null;
                break;
            case FwpDataType.Int8: n.int8 = v.Int8; break;
            case FwpDataType.Int16: n.int16 = v.Int16; break;
            case FwpDataType.Int32: n.int32 = v.Int32; break;
            case FwpDataType.Int64:
                if (v.Int64 is long l) { var p = a.Alloc(8); Marshal.WriteInt64(p, l); n.int64 = new SWIGTYPE_p_long_long(p, false); }
                else n.int64 = null;
                break;
            case FwpDataType.Float: n.float32 = v.Float32; break;
            case FwpDataType.Double:
                if (v.Double64 is double d) { var p = a.Alloc(8); Marshal.WriteInt64(p, BitConverter.DoubleToInt64Bits(d)); n.double64 = new SWIGTYPE_p_double(p, false); }
                else n.double64 = null;
                break;
            case FwpDataType.ByteArray16:
                if (v.Bytes is null) n.byteArray16 = null;
                else { var b = a.Own(new FWP_BYTE_ARRAY16()); b.byteArray16 = Fixed(v.Bytes, 16); n.byteArray16 = b; }
                break;
            case FwpDataType.ByteArray6:
                if (v.Bytes is null) n.byteArray6 = null;
                else { var b = a.Own(new FWP_BYTE_ARRAY6()); b.byteArray6 = Fixed(v.Bytes, 6); n.byteArray6 = b; }
                break;
            case FwpDataType.BitmapArray64:
                if (v.Bytes is null) n.bitmapArray64 = null;
                else { var b = a.Own(new FWP_BITMAP_ARRAY64()); b.bitmapArray64 = Fixed(v.Bytes, 8); n.bitmapArray64 = b; }
                break;
            case FwpDataType.ByteBlob: n.byteBlob = NewBlob(a, v.Bytes); break;
            case FwpDataType.SecurityDescriptor: n.sd = NewBlob(a, v.Bytes); break;
            case FwpDataType.TokenAccessInformation: n.tokenAccessInformation = NewBlob(a, v.Bytes); break;
            case FwpDataType.Sid: n.sid = WriteSid(a, v.Bytes); break;
            case FwpDataType.UnicodeString: n.unicodeString = a.WString(v.UnicodeString); break;
            case FwpDataType.TokenInformation: n.tokenInformation = null; break;
            case FwpDataType.V4AddrMask when cn is not null:
                if (v.V4AddrMask is null) cn.v4AddrMask = null;
                else { var m = a.Own(new FWP_V4_ADDR_AND_MASK()); m.addr = v.V4AddrMask.Addr; m.mask = v.V4AddrMask.Mask; cn.v4AddrMask = m; }
                break;
            case FwpDataType.V6AddrMask when cn is not null:
                if (v.V6AddrMask is null) cn.v6AddrMask = null;
                else { var m = a.Own(new FWP_V6_ADDR_AND_MASK()); m.addr = Fixed(v.V6AddrMask.Addr, 16); m.prefixLength = v.V6AddrMask.PrefixLength; cn.v6AddrMask = m; }
                break;
            case FwpDataType.Range when cn is not null:
                if (v.RangeValue is null) cn.rangeValue = null;
                else
                {
                    var r = a.Own(new FWP_RANGE0());
                    WriteValue(a, v.RangeValue.ValueLow, r.valueLow);
                    WriteValue(a, v.RangeValue.ValueHigh, r.valueHigh);
                    cn.rangeValue = r;
                }
                break;
        }
    }

    private static byte[] Fixed(byte[] b, int n)
    {
        if (b.Length == n) return b;
        var r = new byte[n];
        Array.Copy(b, r, Math.Min(n, b.Length));
        return r;
    }

    private static FWPM_FILTER_CONDITION0? WriteConditions(Arena a, List<FilterCondition>? list, out uint count)
    {
        count = (uint)(list?.Count ?? 0);
        if (list is null || list.Count == 0) return null;
        var p = a.Alloc(SizeOfCondition * (nuint)list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            var c = new FWPM_FILTER_CONDITION0(p + (nint)((nuint)i * SizeOfCondition), false);
            Mem.SetGuid(c.fieldKey, list[i].FieldKey);
            c.matchType = (FWP_MATCH_TYPE)(int)list[i].MatchType;
            var cv = c.conditionValue;
            WriteValue(a, list[i].ConditionValue, cv, cv);
        }
        return new FWPM_FILTER_CONDITION0(p, false);
    }

    internal static FWPM_FILTER0 WriteFilter(Arena a, Filter f)
    {
        var n = a.Own(new FWPM_FILTER0());
        Mem.SetGuid(n.filterKey, f.FilterKey);
        WriteDisplayData(a, f.DisplayData, n.displayData);
        n.flags = (uint)f.Flags;
        n.providerKey = a.Guid(f.ProviderKey);
        WriteBlob(a, f.ProviderData, n.providerData);
        Mem.SetGuid(n.layerKey, f.LayerKey);
        Mem.SetGuid(n.subLayerKey, f.SubLayerKey);
        WriteValue(a, f.Weight, n.weight);
        n.filterCondition = WriteConditions(a, f.FilterCondition, out var count);
        n.numFilterConditions = count;
        var act = n.action;
        act.type = (uint)f.Action.Type;
        Mem.SetGuid(act.calloutKey, f.Action.CalloutKey);
        if (f.ProviderContextKey is Guid pck) Mem.SetGuid(n.providerContextKey, pck);
        else n.rawContext = f.RawContext;
        n.reserved = a.Guid(f.Reserved);
        n.filterId = f.FilterId;
        WriteValue(a, f.EffectiveWeight, n.effectiveWeight);
        return n;
    }

    internal static FWPM_FILTER_ENUM_TEMPLATE0 WriteFilterTemplate(Arena a, FilterEnumTemplate t)
    {
        var n = a.Own(new FWPM_FILTER_ENUM_TEMPLATE0());
        n.providerKey = a.Guid(t.ProviderKey);
        Mem.SetGuid(n.layerKey, t.LayerKey);
        n.enumType = (FWP_FILTER_ENUM_TYPE)(int)t.EnumType;
        n.flags = (uint)t.Flags;
        if (t.ProviderContextTemplate is { } pct)
        {
            var p = a.Own(new FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0());
            p.providerKey = a.Guid(pct.ProviderKey);
            p.providerContextType = (FWPM_PROVIDER_CONTEXT_TYPE)(int)pct.ProviderContextType;
            n.providerContextTemplate = p;
        }
        n.filterCondition = WriteConditions(a, t.FilterCondition, out var count);
        n.numFilterConditions = count;
        n.actionMask = t.ActionMask;
        n.calloutKey = a.Guid(t.CalloutKey);
        return n;
    }

    // addressVersion picks the V4/V6 member of the address union; it is the
    // traffic's own IpVersion except under a GETSPI, whose ipVersion governs
    // (docs/decisions.md, "IP version of GetSpi's inbound traffic"): IPv6
    // keying code leaves inboundIpsecTraffic.ipVersion 0 there.
    internal static void WriteTraffic(IpsecTraffic t, IIpsecTraffic n, IPSEC_TRAFFIC1? n1 = null, FwpIpVersion? addressVersion = null)
    {
        n.ipVersion = (FWP_IP_VERSION)(int)t.IpVersion;
        if ((addressVersion ?? t.IpVersion) == FwpIpVersion.V6)
        {
            n.localV6Address = Fixed(t.LocalV6Address ?? new byte[16], 16);
            n.remoteV6Address = Fixed(t.RemoteV6Address ?? new byte[16], 16);
        }
        else
        {
            n.localV4Address = t.LocalV4Address;
            n.remoteV4Address = t.RemoteV4Address;
        }
        n.trafficType = (IPSEC_TRAFFIC_TYPE)(int)t.TrafficType;
        n.ipsecFilterId = t.IpsecFilterId;
        n.remotePort = t.RemotePort;
        if (n1 is not null)
        {
            n1.localPort = t.LocalPort;
            n1.ipProtocol = t.IpProtocol;
            n1.localIfLuid = t.LocalIfLuid;
            n1.realIfProfileId = t.RealIfProfileId;
        }
    }

    internal static IPSEC_TRAFFIC0 WriteTraffic0(Arena a, IpsecTraffic t)
    {
        var n = a.Own(new IPSEC_TRAFFIC0());
        WriteTraffic(t, n);
        return n;
    }

    internal static IPSEC_TRAFFIC1 WriteTraffic1(Arena a, IpsecTraffic t)
    {
        var n = a.Own(new IPSEC_TRAFFIC1());
        WriteTraffic(t, n, n);
        return n;
    }

    private static IPSEC_V4_UDP_ENCAPSULATION0? WriteUdp(Arena a, UdpEncapsulation? u)
    {
        if (u is null) return null;
        var n = a.Own(new IPSEC_V4_UDP_ENCAPSULATION0());
        n.localUdpEncapPort = u.LocalUdpEncapPort;
        n.remoteUdpEncapPort = u.RemoteUdpEncapPort;
        return n;
    }

    internal static IPSEC_GETSPI0 WriteGetSpi0(Arena a, GetSpiInfo g)
    {
        var n = a.Own(new IPSEC_GETSPI0());
        WriteTraffic(g.InboundIpsecTraffic, n.inboundIpsecTraffic, null, g.IpVersion);
        n.ipVersion = (FWP_IP_VERSION)(int)g.IpVersion;
        n.inboundUdpEncapsulation = WriteUdp(a, g.InboundUdpEncapsulation);
        n.rngCryptoModuleID = a.Guid(g.RngCryptoModuleID);
        return n;
    }

    internal static IPSEC_GETSPI1 WriteGetSpi1(Arena a, GetSpiInfo g)
    {
        var n = a.Own(new IPSEC_GETSPI1());
        var t = n.inboundIpsecTraffic;
        WriteTraffic(g.InboundIpsecTraffic, t, t, g.IpVersion);
        n.ipVersion = (FWP_IP_VERSION)(int)g.IpVersion;
        n.inboundUdpEncapsulation = WriteUdp(a, g.InboundUdpEncapsulation);
        n.rngCryptoModuleID = a.Guid(g.RngCryptoModuleID);
        return n;
    }

    private static IPSEC_SA_AUTH_INFORMATION0? WriteAuth(Arena a, SaAuthInformation? s, IPSEC_SA_AUTH_INFORMATION0? into = null)
    {
        if (s is null) return null;
        var n = into ?? a.Own(new IPSEC_SA_AUTH_INFORMATION0());
        var t = n.authTransform;
        var id = t.authTransformId;
        id.authType = (IPSEC_AUTH_TYPE)(int)s.AuthTransformId.AuthType;
        id.authConfig = (byte)s.AuthTransformId.AuthConfig;
        t.cryptoModuleId = a.Guid(s.CryptoModuleId);
        WriteBlob(a, s.AuthKey, n.authKey);
        return n;
    }

    private static IPSEC_SA_CIPHER_INFORMATION0? WriteCipher(Arena a, SaCipherInformation? s, IPSEC_SA_CIPHER_INFORMATION0? into = null)
    {
        if (s is null) return null;
        var n = into ?? a.Own(new IPSEC_SA_CIPHER_INFORMATION0());
        var t = n.cipherTransform;
        var id = t.cipherTransformId;
        id.cipherType = (IPSEC_CIPHER_TYPE)(int)s.CipherTransformId.CipherType;
        id.cipherConfig = (byte)s.CipherTransformId.CipherConfig;
        t.cryptoModuleId = a.Guid(s.CryptoModuleId);
        WriteBlob(a, s.CipherKey, n.cipherKey);
        return n;
    }

    private static void WriteSa(Arena a, Sa s, IPSEC_SA0 n)
    {
        n.spi = s.Spi;
        n.saTransformType = (IPSEC_TRANSFORM_TYPE)(int)s.SaTransformType;
        switch (s.SaTransformType)
        {
            case IpsecTransformType.Ah: n.ahInformation = WriteAuth(a, s.AhInformation); break;
            case IpsecTransformType.EspAuth: n.espAuthInformation = WriteAuth(a, s.EspAuthInformation); break;
            case IpsecTransformType.EspCipher: n.espCipherInformation = WriteCipher(a, s.EspCipherInformation); break;
            case IpsecTransformType.EspAuthFw: n.espAuthFwInformation = WriteAuth(a, s.EspAuthFwInformation); break;
            case IpsecTransformType.EspAuthAndCipher:
                if (s.EspAuthAndCipherInformation is null) n.espAuthAndCipherInformation = null;
                else
                {
                    var ac = a.Own(new IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0());
                    WriteCipher(a, s.EspAuthAndCipherInformation.SaCipherInformation ?? new(), ac.saCipherInformation);
                    WriteAuth(a, s.EspAuthAndCipherInformation.SaAuthInformation ?? new(), ac.saAuthInformation);
                    n.espAuthAndCipherInformation = ac;
                }
                break;
            default:
                // An undefined transform type: pass whichever information was given.
                var any = s.AhInformation ?? s.EspAuthInformation ?? s.EspAuthFwInformation;
                if (any is not null) n.ahInformation = WriteAuth(a, any);
                else if (s.EspCipherInformation is not null) n.espCipherInformation = WriteCipher(a, s.EspCipherInformation);
                break;
        }
    }

    private static IPSEC_ID0? WriteIpsecId(Arena a, IpsecId? id)
    {
        if (id is null) return null;
        var n = a.Own(new IPSEC_ID0());
        n.mmTargetName = a.WString(id.MmTargetName);
        n.emTargetName = a.WString(id.EmTargetName);
        n.numTokens = (uint)id.Tokens.Count;
        if (id.Tokens.Count > 0)
        {
            var p = a.Alloc(SizeOfToken * (nuint)id.Tokens.Count);
            for (int i = 0; i < id.Tokens.Count; i++)
            {
                var t = new IPSEC_TOKEN0(p + (nint)((nuint)i * SizeOfToken), false);
                t.type = (IPSEC_TOKEN_TYPE)(int)id.Tokens[i].Type;
                t.principal = (IPSEC_TOKEN_PRINCIPAL)(int)id.Tokens[i].Principal;
                t.mode = (IPSEC_TOKEN_MODE)(int)id.Tokens[i].Mode;
                t.token = id.Tokens[i].Token;
            }
            n.tokens = new IPSEC_TOKEN0(p, false);
        }
        n.explicitCredentials = id.ExplicitCredentials;
        n.logonId = id.LogonId;
        return n;
    }

    internal static void WriteBundle(Arena a, SaBundle b, IIpsecSaBundle n, IPSEC_SA_BUNDLE1? n1 = null)
    {
        n.flags = (uint)b.Flags;
        var lt = n.lifetime;
        lt.lifetimeSeconds = b.Lifetime?.LifetimeSeconds ?? 0;
        lt.lifetimeKilobytes = b.Lifetime?.LifetimeKilobytes ?? 0;
        lt.lifetimePackets = b.Lifetime?.LifetimePackets ?? 0;
        n.idleTimeoutSeconds = b.IdleTimeoutSeconds;
        n.ndAllowClearTimeoutSeconds = b.NdAllowClearTimeoutSeconds;
        n.ipsecId = WriteIpsecId(a, b.IpsecId);
        n.napContext = b.NapContext;
        n.qmSaId = b.QmSaId;
        var list = b.SaList ?? new List<Sa>();
        n.numSAs = (uint)list.Count;
        if (list.Count > 0)
        {
            var p = a.Alloc(SizeOfSa * (nuint)list.Count);
            for (int i = 0; i < list.Count; i++)
                WriteSa(a, list[i], new IPSEC_SA0(p + (nint)((nuint)i * SizeOfSa), false));
            n.saList = new IPSEC_SA0(p, false);
        }
        if (b.KeyModuleState is { } km)
        {
            var k = a.Own(new IPSEC_KEYMODULE_STATE0());
            Mem.SetGuid(k.keyModuleKey, km.KeyModuleKey);
            WriteBlob(a, km.StateBlob, k.stateBlob);
            n.keyModuleState = k;
        }
        n.ipVersion = (FWP_IP_VERSION)(int)b.IpVersion;
        n.peerV4PrivateAddress = b.PeerV4PrivateAddress;
        n.mmSaId = b.MmSaId;
        n.pfsGroup = (IPSEC_PFS_GROUP)(int)b.PfsGroup;
        if (n1 is not null)
        {
            Mem.SetGuid(n1.saLookupContext, b.SaLookupContext);
            n1.qmFilterId = b.QmFilterId;
        }
    }

    internal static IPSEC_SA_BUNDLE0 WriteBundle0(Arena a, SaBundle b)
    {
        var n = a.Own(new IPSEC_SA_BUNDLE0());
        WriteBundle(a, b, n);
        return n;
    }

    internal static IPSEC_SA_BUNDLE1 WriteBundle1(Arena a, SaBundle b)
    {
        var n = a.Own(new IPSEC_SA_BUNDLE1());
        WriteBundle(a, b, n, n);
        return n;
    }

    private static IPSEC_SA_DETAILS1? WriteDetails1(Arena a, SaDetails? d)
    {
        if (d is null) return null;
        var n = a.Own(new IPSEC_SA_DETAILS1());
        n.ipVersion = (FWP_IP_VERSION)(int)d.IpVersion;
        n.saDirection = (FWP_DIRECTION)(int)d.SaDirection;
        var t = n.traffic;
        WriteTraffic(d.Traffic ?? new(), t, t);
        var b = n.saBundle;
        WriteBundle(a, d.SaBundle ?? new(), b, b);
        n.udpEncapsulation = WriteUdp(a, d.UdpEncapsulation);
        n.transportFilter = d.TransportFilter is null ? null : WriteFilter(a, d.TransportFilter);
        var v = n.virtualIfTunnelInfo;
        v.virtualIfTunnelId = d.VirtualIfTunnelInfo?.VirtualIfTunnelId ?? 0;
        v.trafficSelectorId = d.VirtualIfTunnelInfo?.TrafficSelectorId ?? 0;
        return n;
    }

    internal static IPSEC_SA_CONTEXT1 WriteSaContext1(Arena a, SaContext c)
    {
        var n = a.Own(new IPSEC_SA_CONTEXT1());
        n.saContextId = c.SaContextId;
        n.inboundSa = WriteDetails1(a, c.InboundSa);
        n.outboundSa = WriteDetails1(a, c.OutboundSa);
        return n;
    }

    internal static IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 WriteSaContextTemplate(Arena a, SaContextEnumTemplate t)
    {
        var n = a.Own(new IPSEC_SA_CONTEXT_ENUM_TEMPLATE0());
        var l = n.localSubNet;
        WriteValue(a, t.LocalSubNet, l, l);
        var r = n.remoteSubNet;
        WriteValue(a, t.RemoteSubNet, r, r);
        return n;
    }

    internal static IPSEC_VIRTUAL_IF_TUNNEL_INFO0? WriteVif(Arena a, VirtualIfTunnelInfo? v)
    {
        if (v is null) return null;
        var n = a.Own(new IPSEC_VIRTUAL_IF_TUNNEL_INFO0());
        n.virtualIfTunnelId = v.VirtualIfTunnelId;
        n.trafficSelectorId = v.TrafficSelectorId;
        return n;
    }
}
