// FwpmGuids.cs — the well-known keys of include/fwpm_guids.h (layers, sub-layers,
// filter conditions, IPsec callouts).  The values are read from the header's
// `static const GUID`s through the SWIG globals of Fwpk.Native.fwpk.
using System;
using Fwpk.Native;

namespace Fwpk;

/// <summary>Well-known WFP keys (fwpm_guids.h); names are the C names without the FWPM_ prefix, in PascalCase.</summary>
public static class FwpmGuids
{
    /// <summary>FWPM_LAYER_INBOUND_TRANSPORT_V4</summary>
    public static readonly Guid LayerInboundTransportV4 = Mem.Guid(fwpk.FWPM_LAYER_INBOUND_TRANSPORT_V4);
    /// <summary>FWPM_LAYER_INBOUND_TRANSPORT_V6</summary>
    public static readonly Guid LayerInboundTransportV6 = Mem.Guid(fwpk.FWPM_LAYER_INBOUND_TRANSPORT_V6);
    /// <summary>FWPM_LAYER_OUTBOUND_TRANSPORT_V4</summary>
    public static readonly Guid LayerOutboundTransportV4 = Mem.Guid(fwpk.FWPM_LAYER_OUTBOUND_TRANSPORT_V4);
    /// <summary>FWPM_LAYER_OUTBOUND_TRANSPORT_V6</summary>
    public static readonly Guid LayerOutboundTransportV6 = Mem.Guid(fwpk.FWPM_LAYER_OUTBOUND_TRANSPORT_V6);
    /// <summary>FWPM_LAYER_IPSEC_V4</summary>
    public static readonly Guid LayerIpsecV4 = Mem.Guid(fwpk.FWPM_LAYER_IPSEC_V4);
    /// <summary>FWPM_LAYER_IPSEC_V6</summary>
    public static readonly Guid LayerIpsecV6 = Mem.Guid(fwpk.FWPM_LAYER_IPSEC_V6);
    /// <summary>FWPM_LAYER_IKEEXT_V4</summary>
    public static readonly Guid LayerIkeextV4 = Mem.Guid(fwpk.FWPM_LAYER_IKEEXT_V4);
    /// <summary>FWPM_LAYER_IKEEXT_V6</summary>
    public static readonly Guid LayerIkeextV6 = Mem.Guid(fwpk.FWPM_LAYER_IKEEXT_V6);
    /// <summary>FWPM_SUBLAYER_UNIVERSAL</summary>
    public static readonly Guid SublayerUniversal = Mem.Guid(fwpk.FWPM_SUBLAYER_UNIVERSAL);
    /// <summary>FWPM_CONDITION_IP_LOCAL_ADDRESS</summary>
    public static readonly Guid ConditionIpLocalAddress = Mem.Guid(fwpk.FWPM_CONDITION_IP_LOCAL_ADDRESS);
    /// <summary>FWPM_CONDITION_IP_REMOTE_ADDRESS</summary>
    public static readonly Guid ConditionIpRemoteAddress = Mem.Guid(fwpk.FWPM_CONDITION_IP_REMOTE_ADDRESS);
    /// <summary>FWPM_CONDITION_IP_LOCAL_PORT</summary>
    public static readonly Guid ConditionIpLocalPort = Mem.Guid(fwpk.FWPM_CONDITION_IP_LOCAL_PORT);
    /// <summary>FWPM_CONDITION_IP_REMOTE_PORT</summary>
    public static readonly Guid ConditionIpRemotePort = Mem.Guid(fwpk.FWPM_CONDITION_IP_REMOTE_PORT);
    /// <summary>FWPM_CONDITION_IP_PROTOCOL</summary>
    public static readonly Guid ConditionIpProtocol = Mem.Guid(fwpk.FWPM_CONDITION_IP_PROTOCOL);
    /// <summary>FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4</summary>
    public static readonly Guid CalloutIpsecInboundTransportV4 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4);
    /// <summary>FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6</summary>
    public static readonly Guid CalloutIpsecInboundTransportV6 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6);
    /// <summary>FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4</summary>
    public static readonly Guid CalloutIpsecOutboundTransportV4 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4);
    /// <summary>FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6</summary>
    public static readonly Guid CalloutIpsecOutboundTransportV6 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6);
    /// <summary>FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4</summary>
    public static readonly Guid CalloutIpsecInboundTunnelV4 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4);
    /// <summary>FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6</summary>
    public static readonly Guid CalloutIpsecInboundTunnelV6 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6);
    /// <summary>FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4</summary>
    public static readonly Guid CalloutIpsecOutboundTunnelV4 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4);
    /// <summary>FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6</summary>
    public static readonly Guid CalloutIpsecOutboundTunnelV6 = Mem.Guid(fwpk.FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6);
}
