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

// Structure checks of FwpmFilterAdd0 (steps 2-10 of docs/decisions.md).
void validateFilter(const FWPM_FILTER0& f, bool dynamicSession);

// A filter condition or enumeration-template condition.
void validateCondition(const FWPM_FILTER_CONDITION0& c);

// IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 subnet member.
void validateSubnet(const FWP_CONDITION_VALUE0& v);

void validateFilterTemplate(const FWPM_FILTER_ENUM_TEMPLATE0& t);

}  // namespace fwpk
