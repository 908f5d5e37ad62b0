// IPsec tunnels: FwpmIPsecTunnelAdd0-3 make, in one all-or-nothing step, the
// main-mode context (optional), the quick-mode tunnel context and the tunnel
// filters; FwpmIPsecTunnelDeleteByKey0 removes them.  Which filters a tunnel
// has is docs/decisions.md, "IPsec tunnels".
#include "engine/tunnels.h"
#include <cstring>
#include <vector>
#include "engine/ops.h"
#include "marshal/copy.h"
#include "marshal/validate.h"

namespace fwpk {

namespace {

bool isQmTunnelType(uint32_t t) {
    return t == FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT || t == FWPM_IPSEC_AUTHIP_QM_TUNNEL_CONTEXT ||
           t == FWPM_IPSEC_IKEV2_QM_TUNNEL_CONTEXT;
}

bool isMmType(uint32_t t) {
    return t == FWPM_IPSEC_IKE_MM_CONTEXT || t == FWPM_IPSEC_AUTHIP_MM_CONTEXT || t == FWPM_IPSEC_IKEV2_MM_CONTEXT;
}

bool isAddressField(const GUID& k) { return k == FWPM_CONDITION_IP_LOCAL_ADDRESS || k == FWPM_CONDITION_IP_REMOTE_ADDRESS; }

// The IP version of the tunnelled (inner) traffic: that of the first address
// condition, else the endpoints' (the outer) version.
FWP_IP_VERSION innerVersion(UINT32 n, const FWPM_FILTER_CONDITION0* c, FWP_IP_VERSION outer) {
    for (UINT32 i = 0; i < n; ++i) {
        if (!isAddressField(c[i].fieldKey)) continue;
        FWP_DATA_TYPE t = c[i].conditionValue.type;
        if (t == FWP_RANGE_TYPE) t = c[i].conditionValue.rangeValue->valueLow.type;
        if (t == FWP_UINT32 || t == FWP_V4_ADDR_MASK) return FWP_IP_VERSION_V4;
        if (t == FWP_BYTE_ARRAY16_TYPE || t == FWP_V6_ADDR_MASK) return FWP_IP_VERSION_V6;
    }
    return outer;
}

// What the tunnel's filters are made from.
struct Plan {
    const GUID* layer;
    const GUID* sublayer;
    const GUID* callout;  // null: FWP_ACTION_PERMIT
    bool mainMode;        // refers to the main-mode context (else the quick-mode one)
    enum Conds { Endpoints, Traffic, ForwardOut, ForwardIn } conds;
};

std::vector<Plan> plans(bool v6Outer, bool v6, bool withMainMode, bool pointToPoint) {
    std::vector<Plan> p;
    if (withMainMode)
        p.push_back({v6Outer ? &FWPM_LAYER_IKEEXT_V6 : &FWPM_LAYER_IKEEXT_V4, &FWPM_SUBLAYER_UNIVERSAL, nullptr, true,
                     Plan::Endpoints});
    p.push_back({v6 ? &FWPM_LAYER_IPSEC_V6 : &FWPM_LAYER_IPSEC_V4, &FWPM_SUBLAYER_UNIVERSAL, nullptr, false,
                 Plan::Traffic});
    p.push_back({v6 ? &FWPM_LAYER_OUTBOUND_TRANSPORT_V6 : &FWPM_LAYER_OUTBOUND_TRANSPORT_V4, &FWPM_SUBLAYER_IPSEC_TUNNEL,
                 v6 ? &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V6 : &FWPM_CALLOUT_IPSEC_OUTBOUND_TUNNEL_V4, false,
                 Plan::Traffic});
    p.push_back({v6 ? &FWPM_LAYER_INBOUND_TRANSPORT_V6 : &FWPM_LAYER_INBOUND_TRANSPORT_V4, &FWPM_SUBLAYER_IPSEC_TUNNEL,
                 v6 ? &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V6 : &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4, false,
                 Plan::Traffic});
    p.push_back({v6 ? &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6 : &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4,
                 &FWPM_SUBLAYER_IPSEC_TUNNEL,
                 v6 ? &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_ALE_ACCEPT_V6 : &FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_ALE_ACCEPT_V4,
                 false, Plan::Traffic});
    if (!pointToPoint) {  // a gateway: the subnets' traffic is forwarded
        p.push_back({v6 ? &FWPM_LAYER_IPFORWARD_V6 : &FWPM_LAYER_IPFORWARD_V4, &FWPM_SUBLAYER_IPSEC_FORWARD_OUTBOUND_TUNNEL,
                     v6 ? &FWPM_CALLOUT_IPSEC_FORWARD_OUTBOUND_TUNNEL_V6 : &FWPM_CALLOUT_IPSEC_FORWARD_OUTBOUND_TUNNEL_V4,
                     false, Plan::ForwardOut});
        p.push_back({v6 ? &FWPM_LAYER_IPFORWARD_V6 : &FWPM_LAYER_IPFORWARD_V4, &FWPM_SUBLAYER_IPSEC_TUNNEL,
                     v6 ? &FWPM_CALLOUT_IPSEC_FORWARD_INBOUND_TUNNEL_V6 : &FWPM_CALLOUT_IPSEC_FORWARD_INBOUND_TUNNEL_V4,
                     false, Plan::ForwardIn});
    }
    return p;
}

// The tunnel endpoints of any IPSEC_TUNNEL_POLICY version (they all begin
// with the IPSEC_TUNNEL_ENDPOINTS0 members).
struct Endpoints {
    FWP_IP_VERSION ipVersion;
    UINT32 local4, remote4;
    FWP_BYTE_ARRAY16 local6, remote6;
};

template <class Policy>
Endpoints endpointsOf(const Policy& p) {
    Endpoints e;
    std::memset(&e, 0, sizeof e);
    std::memcpy(&e.ipVersion, &p.tunnelEndpoints.ipVersion, sizeof e.ipVersion);  // may be out of range
    if (e.ipVersion == FWP_IP_VERSION_V4) {
        e.local4 = p.tunnelEndpoints.localV4Address;
        e.remote4 = p.tunnelEndpoints.remoteV4Address;
    } else {
        std::memcpy(e.local6.byteArray16, p.tunnelEndpoints.localV6Address, 16);
        std::memcpy(e.remote6.byteArray16, p.tunnelEndpoints.remoteV6Address, 16);
    }
    return e;
}

FWPM_FILTER_CONDITION0 addressCondition(const GUID& field, const Endpoints& ep, bool local) {
    FWPM_FILTER_CONDITION0 c;
    std::memset(&c, 0, sizeof c);
    c.fieldKey = field;
    c.matchType = FWP_MATCH_EQUAL;
    if (ep.ipVersion == FWP_IP_VERSION_V4) {
        c.conditionValue.type = FWP_UINT32;
        c.conditionValue.uint32 = local ? ep.local4 : ep.remote4;
    } else {
        c.conditionValue.type = FWP_BYTE_ARRAY16_TYPE;
        c.conditionValue.byteArray16 = const_cast<FWP_BYTE_ARRAY16*>(local ? &ep.local6 : &ep.remote6);
    }
    return c;
}

std::vector<FWPM_FILTER_CONDITION0> conditionsFor(Plan::Conds kind, const Endpoints& ep, UINT32 n,
                                                  const FWPM_FILTER_CONDITION0* given) {
    std::vector<FWPM_FILTER_CONDITION0> v;
    if (kind == Plan::Endpoints) {
        v.push_back(addressCondition(FWPM_CONDITION_IP_LOCAL_ADDRESS, ep, true));
        v.push_back(addressCondition(FWPM_CONDITION_IP_REMOTE_ADDRESS, ep, false));
        return v;
    }
    v.assign(given, given + n);
    // At the forward layer the traffic's addresses are source and destination.
    if (kind == Plan::ForwardOut || kind == Plan::ForwardIn) {
        const bool out = kind == Plan::ForwardOut;
        for (FWPM_FILTER_CONDITION0& c : v) {
            const bool local = c.fieldKey == FWPM_CONDITION_IP_LOCAL_ADDRESS;
            c.fieldKey = (local == out) ? FWPM_CONDITION_IP_SOURCE_ADDRESS : FWPM_CONDITION_IP_DESTINATION_ADDRESS;
        }
    }
    return v;
}

FilterRef makeFilter(Engine& e, const Session& s, const Plan& p, const ProviderContextObj& ctx,
                     const FWPM_DISPLAY_DATA0& name, bool persistent, std::vector<FWPM_FILTER_CONDITION0>& conds,
                     const GUID& tunnelKey) {
    FWPM_FILTER0 f;
    std::memset(&f, 0, sizeof f);
    do f.filterKey = randomGuid();
    while (e.filterByKey(s, f.filterKey));
    f.displayData = name;
    f.flags = FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT | (persistent ? FWPM_FILTER_FLAG_PERSISTENT : 0);
    GUID providerKey = ctx.providerKey;
    if (ctx.hasProvider) f.providerKey = &providerKey;
    f.layerKey = *p.layer;
    f.subLayerKey = *p.sublayer;
    f.weight.type = FWP_EMPTY;
    f.numFilterConditions = UINT32(conds.size());
    f.filterCondition = conds.empty() ? nullptr : conds.data();
    if (p.callout) {
        f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
        f.action.calloutKey = *p.callout;
    } else {
        f.action.type = FWP_ACTION_PERMIT;
    }
    f.providerContextKey = ctx.key;
    std::shared_ptr<FilterObj> obj = makeFilterObj(e, s, f);
    obj->inTunnel = true;
    obj->tunnelKey = tunnelKey;
    return obj;
}

template <class T>
auto tunnelPolicyOf(const T& c) -> decltype(c.ikeQmTunnelPolicy) {
    switch (c.type) {
        case FWPM_IPSEC_AUTHIP_QM_TUNNEL_CONTEXT: return c.authipQmTunnelPolicy;
        default: return c.ikeQmTunnelPolicy;  // the IKEv2 arm, where there is one, is the same pointer slot
    }
}

}  // namespace

template <int V, class T>
void tunnelAdd(HANDLE h, UINT32 flags, const T* mm, const T* qm, UINT32 n, const FWPM_FILTER_CONDITION0* conds,
               const GUID* keyModKey) {
    (void)keyModKey;  // accepted, not modelled (docs/decisions.md)
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    e.session(h);
    require(qm != nullptr, FWP_E_NULL_POINTER);
    Session& s = e.beginWrite(lk, h);
    const UINT32 known = V == 0 ? FWPM_TUNNEL_FLAG_POINT_TO_POINT
                                : FWPM_TUNNEL_FLAG_POINT_TO_POINT | FWPM_TUNNEL_FLAG_ENABLE_VIRTUAL_IF_TUNNELING;
    require((flags & ~known) == 0, FWP_E_INVALID_FLAGS);
    const bool pointToPoint = (flags & FWPM_TUNNEL_FLAG_POINT_TO_POINT) != 0;
    require(n == 0 || conds != nullptr, FWP_E_NULL_POINTER);
    for (UINT32 i = 0; i < n; ++i) validateCondition(conds[i], nullptr);  // any layer: the tunnel's filters span several
    // Without POINT_TO_POINT the conditions are the two sites' subnets.
    if (!pointToPoint)
        for (UINT32 i = 0; i < n; ++i) require(isAddressField(conds[i].fieldKey), FWP_E_INVALID_PARAMETER);

    std::shared_ptr<ProviderContextObj> qmObj = makeProviderContext<V>(e, s, qm);
    require(isQmTunnelType(qmObj->type), FWP_E_PROVIDER_CONTEXT_MISMATCH);
    std::shared_ptr<ProviderContextObj> mmObj;
    if (mm) {
        mmObj = makeProviderContext<V>(e, s, mm);
        require(isMmType(mmObj->type), FWP_E_PROVIDER_CONTEXT_MISMATCH);
        require(mmObj->key != qmObj->key, FWP_E_ALREADY_EXISTS);
    }
    const Endpoints ep = endpointsOf(*tunnelPolicyOf(*qm));
    require(ep.ipVersion == FWP_IP_VERSION_V4 || ep.ipVersion == FWP_IP_VERSION_V6, FWP_E_INVALID_TUNNEL_ENDPOINT);
    const GUID key = qmObj->key;
    qmObj->inTunnel = true;
    qmObj->tunnelKey = key;
    if (mmObj) {
        mmObj->inTunnel = true;
        mmObj->tunnelKey = key;
    }

    // Everything is checked; now the objects (built before any is stored).
    const FWP_IP_VERSION inner = innerVersion(n, conds, ep.ipVersion);
    std::vector<FilterRef> filters;
    for (const Plan& p : plans(ep.ipVersion == FWP_IP_VERSION_V6, inner == FWP_IP_VERSION_V6, mm != nullptr, pointToPoint)) {
        const T& src = p.mainMode ? *mm : *qm;
        const ProviderContextObj& ctx = p.mainMode ? *mmObj : *qmObj;
        std::vector<FWPM_FILTER_CONDITION0> c = conditionsFor(p.conds, ep, n, conds);
        filters.push_back(makeFilter(e, s, p, ctx, src.displayData,
                                     (src.flags & FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT) != 0, c, key));
    }

    e.atomically(s, [&] {
        // Inside the caller's transaction a failed put undoes the earlier ones
        // (staging a delete in a node already staged allocates nothing).
        std::vector<ProviderContextRef> putContexts;
        std::vector<FilterRef> putFilters;
        putContexts.reserve(2);
        putFilters.reserve(filters.size());
        try {
            for (const auto& c : {mmObj, qmObj}) {
                if (!c) continue;
                e.providerContexts.put(s.id, true, c);
                putContexts.push_back(c);
            }
            for (const FilterRef& f : filters) {
                e.putFilter(s, f);
                putFilters.push_back(f);
            }
        } catch (...) {
            for (const FilterRef& f : putFilters) e.eraseFilter(s, f);
            for (const ProviderContextRef& c : putContexts) e.providerContexts.erase(s.id, true, c);
            throw;
        }
    });
}

void tunnelDeleteByKey(HANDLE h, const GUID* key) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    e.session(h);
    require(key != nullptr, FWP_E_NULL_POINTER);
    Session& s = e.beginWrite(lk, h);
    ProviderContextRef qm = e.providerContexts.byKey(s.id, *key);
    require(qm != nullptr && qm->inTunnel && qm->tunnelKey == *key, FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    require(qm->dynamicOwner == 0 || qm->dynamicOwner == s.id, FWP_E_WRONG_SESSION);
    require(!s.dynamic || qm->dynamicOwner == s.id, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    std::vector<ProviderContextRef> contexts;
    e.providerContexts.forEach(s.id, [&](const ProviderContextRef& c) {
        if (c->inTunnel && c->tunnelKey == *key) contexts.push_back(c);
    });
    std::vector<FilterRef> mine;
    bool used = false;
    e.forEachFilter(s, [&](const FilterRef& f) {
        if (f->inTunnel && f->tunnelKey == *key) {
            mine.push_back(f);
            return;
        }
        const FWPM_FILTER0& x = f->filter();
        if (!(x.flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT)) return;
        for (const ProviderContextRef& c : contexts)
            if (x.providerContextKey == c->key) used = true;
    });
    // Another filter still applies one of the tunnel's contexts.
    require(!used, FWP_E_IN_USE);
    // Deletes of committed objects (or of ones staged by this session) never
    // allocate, so nothing below can fail half way.
    for (const FilterRef& f : mine) e.eraseFilter(s, f);
    for (const ProviderContextRef& c : contexts) e.providerContexts.erase(s.id, s.txn != nullptr, c);
}

FilterRef tunnelTransportFilter(const Engine& e, const Session& s, const IPSEC_TRAFFIC1& t, FWP_DIRECTION dir) {
    ProviderContextRef c = e.providerContexts.byId(s.id, t.tunnelPolicyId);
    // Tunnel traffic must name its quick-mode tunnel policy (docs/decisions.md,
    // "Tunnel-mode transportFilter").
    require(c != nullptr, FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    require(isQmTunnelType(c->type), FWP_E_PROVIDER_CONTEXT_MISMATCH);
    // The transport-layer filter of this direction that applies the policy;
    // one of the traffic's (outer) IP version first.
    FilterRef best;
    bool bestSameVersion = false;
    e.forEachFilter(s, [&](const FilterRef& f) {
        const FWPM_FILTER0& x = f->filter();
        if (!(x.flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT) || x.providerContextKey != c->key) return;
        const LayerInfo* l = findLayer(x.layerKey);
        if (!l || l->cls != LayerClass::Transport || l->direction != dir) return;
        const bool same = l->version == t.ipVersion;
        if (!best || (same && !bestSameVersion)) {
            best = f;
            bestSameVersion = same;
        }
    });
    require(best != nullptr, FWP_E_FILTER_NOT_FOUND);
    return best;
}

#define FWPK_TUNNEL_VERSION(V)                                                                              \
    template void tunnelAdd<V>(HANDLE, UINT32, const FWPM_PROVIDER_CONTEXT##V*, const FWPM_PROVIDER_CONTEXT##V*, \
                               UINT32, const FWPM_FILTER_CONDITION0*, const GUID*);
FWPK_TUNNEL_VERSION(0)
FWPK_TUNNEL_VERSION(1)
FWPK_TUNNEL_VERSION(2)
FWPK_TUNNEL_VERSION(3)
#undef FWPK_TUNNEL_VERSION

}  // namespace fwpk
