// Validation of caller structures.  Each function throws StatusError with the
// documented code (docs/decisions.md gives the order of checks) and changes
// nothing; lookups that need the engine's state are done by the engine.
#pragma once
#include "base/status.h"
#include "marshal/guids.h"

namespace fwpk {

// Enum-range checks on a traffic description; returns a normalised copy
// (unused union bytes zeroed, so byte comparison is meaningful).
IPSEC_TRAFFIC1 validateTraffic(const IPSEC_TRAFFIC1& t);

void validateBundle(const IPSEC_SA_BUNDLE0& b);
void validateBundle(const IPSEC_SA_BUNDLE1& b);
void validateBundleFlags(UINT32 flags);

// What validation needs to know of another stored object.  The engine
// answers through the calling session's view (References below).
struct RefInfo {
    bool found = false;
    bool builtin = false;
    bool persistent = false;    // PERSISTENT (or, for filters, BOOTTIME) flag
    uint64_t dynamicOwner = 0;  // id of the dynamic session that added it, else 0
    GUID layer{};               // a callout's applicableLayer
};

class References {
public:
    virtual RefInfo provider(const GUID& key) const = 0;
    virtual RefInfo sublayer(const GUID& key) const = 0;
    virtual RefInfo callout(const GUID& key) const = 0;

protected:
    ~References() = default;
};

// The lifetime of the object being added (concepts/object-management.md,
// "Object Lifetimes"): the dynamic session adding it (0 = none) and whether
// it is persistent.
struct Lifetime {
    uint64_t dynamicOwner = 0;
    bool persistent = false;
};

// FWP_E_LIFETIME_MISMATCH unless `self` may refer to `target`.
void requireLifetime(const Lifetime& self, const RefInfo& target);

// Structure and reference checks of FwpmFilterAdd0 (steps 2-10 of docs/decisions.md).
void validateFilter(const FWPM_FILTER0& f, const Lifetime& self, const References& refs);

// FwpmProviderAdd0 / FwpmSubLayerAdd0 / FwpmCalloutAdd0.
void validateProvider(const FWPM_PROVIDER0& p, const Lifetime& self);
void validateSublayer(const FWPM_SUBLAYER0& s, const Lifetime& self, const References& refs);
void validateCallout(const FWPM_CALLOUT0& c, const Lifetime& self, const References& refs);

// A filter condition or enumeration-template condition: its field is a field
// of `layer` (null: of any built-in layer), the value fits the field's data
// type and the match type fits the value.
void validateCondition(const FWPM_FILTER_CONDITION0& c, const FWPM_LAYER0* layer);

// Whether a provider context of `type` may be named by a filter at `layer`
// (FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER otherwise).
void requireContextFitsLayer(const LayerInfo& layer, UINT32 type);

// IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 subnet member.
void validateSubnet(const FWP_CONDITION_VALUE0& v);

void validateFilterTemplate(const FWPM_FILTER_ENUM_TEMPLATE0& t);

}  // namespace fwpk
