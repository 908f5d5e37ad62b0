#include "marshal/guids.h"
#include <random>

namespace fwpk {

static const LayerInfo kLayers[] = {
    {&FWPM_LAYER_INBOUND_TRANSPORT_V4, LayerClass::Transport, FWP_DIRECTION_INBOUND, FWP_IP_VERSION_V4},
    {&FWPM_LAYER_INBOUND_TRANSPORT_V6, LayerClass::Transport, FWP_DIRECTION_INBOUND, FWP_IP_VERSION_V6},
    {&FWPM_LAYER_OUTBOUND_TRANSPORT_V4, LayerClass::Transport, FWP_DIRECTION_OUTBOUND, FWP_IP_VERSION_V4},
    {&FWPM_LAYER_OUTBOUND_TRANSPORT_V6, LayerClass::Transport, FWP_DIRECTION_OUTBOUND, FWP_IP_VERSION_V6},
    {&FWPM_LAYER_IPSEC_V4, LayerClass::IPsec, FWP_DIRECTION_MAX, FWP_IP_VERSION_V4},
    {&FWPM_LAYER_IPSEC_V6, LayerClass::IPsec, FWP_DIRECTION_MAX, FWP_IP_VERSION_V6},
    {&FWPM_LAYER_IKEEXT_V4, LayerClass::Ikeext, FWP_DIRECTION_MAX, FWP_IP_VERSION_V4},
    {&FWPM_LAYER_IKEEXT_V6, LayerClass::Ikeext, FWP_DIRECTION_MAX, FWP_IP_VERSION_V6},
};

const LayerInfo* findLayer(const GUID& key) {
    for (const LayerInfo& l : kLayers)
        if (*l.key == key) return &l;
    return nullptr;
}

static const ConditionInfo kConditions[] = {
    {&FWPM_CONDITION_IP_LOCAL_ADDRESS, FieldKind::Address},
    {&FWPM_CONDITION_IP_REMOTE_ADDRESS, FieldKind::Address},
    {&FWPM_CONDITION_IP_LOCAL_PORT, FieldKind::Port},
    {&FWPM_CONDITION_IP_REMOTE_PORT, FieldKind::Port},
    {&FWPM_CONDITION_IP_PROTOCOL, FieldKind::Protocol},
};

const ConditionInfo* findCondition(const GUID& key) {
    for (const ConditionInfo& c : kConditions)
        if (*c.key == key) return &c;
    return nullptr;
}

const GUID* calloutLayer(const GUID& c) {
    struct Pair { const GUID* callout; const GUID* layer; };
    static const Pair kCallouts[] = {
        {&FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V4, &FWPM_LAYER_INBOUND_TRANSPORT_V4},
        {&FWPM_CALLOUT_IPSEC_INBOUND_TRANSPORT_V6, &FWPM_LAYER_INBOUND_TRANSPORT_V6},
        {&FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4},
        {&FWPM_CALLOUT_IPSEC_OUTBOUND_TRANSPORT_V6, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6},
        {&FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4, &FWPM_LAYER_INBOUND_TRANSPORT_V4},
        {&FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6, &FWPM_LAYER_INBOUND_TRANSPORT_V6},
        {&FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4},
        {&FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6},
    };
    for (const Pair& p : kCallouts)
        if (*p.callout == c) return p.layer;
    return nullptr;
}

GUID randomGuid() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    GUID g;
    uint64_t a = rng(), b = rng();
    std::memcpy(&g, &a, 8);
    std::memcpy(reinterpret_cast<char*>(&g) + 8, &b, 8);
    g.Data3 = uint16_t((g.Data3 & 0x0FFF) | 0x4000);  // version 4
    g.Data4[0] = uint8_t((g.Data4[0] & 0x3F) | 0x80);  // RFC 4122 variant
    return g;
}

}  // namespace fwpk
