// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.util.UUID;
import org.fwpkclnt.nativ.fwpk;

/** The well-known keys of fwpm_guids.h (layers, sub-layers, conditions, IPsec callouts), read from the C header through the binding. */
public final class Guids {
    private Guids() {}

    public static final UUID FWPM_LAYER_INBOUND_TRANSPORT_V4 = fwpk.getFWPM_LAYER_INBOUND_TRANSPORT_V4();
    public static final UUID FWPM_LAYER_INBOUND_TRANSPORT_V6 = fwpk.getFWPM_LAYER_INBOUND_TRANSPORT_V6();
    public static final UUID FWPM_LAYER_OUTBOUND_TRANSPORT_V4 = fwpk.getFWPM_LAYER_OUTBOUND_TRANSPORT_V4();
    public static final UUID FWPM_LAYER_OUTBOUND_TRANSPORT_V6 = fwpk.getFWPM_LAYER_OUTBOUND_TRANSPORT_V6();
    public static final UUID FWPM_LAYER_IPSEC_V4 = fwpk.getFWPM_LAYER_IPSEC_V4();
    public static final UUID FWPM_LAYER_IPSEC_V6 = fwpk.getFWPM_LAYER_IPSEC_V6();
    public static final UUID FWPM_LAYER_IKEEXT_V4 = fwpk.getFWPM_LAYER_IKEEXT_V4();
    public static final UUID FWPM_LAYER_IKEEXT_V6 = fwpk.getFWPM_LAYER_IKEEXT_V6();
    public static final UUID FWPM_SUBLAYER_UNIVERSAL = fwpk.getFWPM_SUBLAYER_UNIVERSAL();
    public static final UUID FWPM_CONDITION_IP_LOCAL_ADDRESS = fwpk.getFWPM_CONDITION_IP_LOCAL_ADDRESS();
    public static final UUID FWPM_CONDITION_IP_REMOTE_ADDRESS = fwpk.getFWPM_CONDITION_IP_REMOTE_ADDRESS();
    public static final UUID FWPM_CONDITION_IP_LOCAL_PORT = fwpk.getFWPM_CONDITION_IP_LOCAL_PORT();
    public static final UUID FWPM_CONDITION_IP_REMOTE_PORT = fwpk.getFWPM_CONDITION_IP_REMOTE_PORT();
    public static final UUID FWPM_CONDITION_IP_PROTOCOL = fwpk.getFWPM_CONDITION_IP_PROTOCOL();
    public static final UUID FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4 = fwpk.getFWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4();
    public static final UUID FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6 = fwpk.getFWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6();
    public static final UUID FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4 = fwpk.getFWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4();
    public static final UUID FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6 = fwpk.getFWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6();
    public static final UUID FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4 = fwpk.getFWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4();
    public static final UUID FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6 = fwpk.getFWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6();
    public static final UUID FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4 = fwpk.getFWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4();
    public static final UUID FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6 = fwpk.getFWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6();

    /** The all-zero GUID. */
    public static final UUID ZERO = new UUID(0L, 0L);
}
