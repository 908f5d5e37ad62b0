// Deep-copy routines for every structure the engine stores or returns.
// They assume validated input (marshal/validate.h): the tag of every union
// selects the arm that is copied.
#pragma once
#include "marshal/builder.h"

namespace fwpk {

void copyValue(Builder& b, FWP_VALUE0& dst, const FWP_VALUE0& src);
void copyConditionValue(Builder& b, FWP_CONDITION_VALUE0& dst, const FWP_CONDITION_VALUE0& src);
void copyFilter(Builder& b, FWPM_FILTER0& dst, const FWPM_FILTER0& src);
void copySession(Builder& b, FWPM_SESSION0& dst, const FWPM_SESSION0& src);
void copyProvider(Builder& b, FWPM_PROVIDER0& dst, const FWPM_PROVIDER0& src);
void copySublayer(Builder& b, FWPM_SUBLAYER0& dst, const FWPM_SUBLAYER0& src);
void copyCallout(Builder& b, FWPM_CALLOUT0& dst, const FWPM_CALLOUT0& src);
void copyLayer(Builder& b, FWPM_LAYER0& dst, const FWPM_LAYER0& src);

// Bundles are stored as IPSEC_SA_BUNDLE1 and returned in either version.
void copyBundle(Builder& b, IPSEC_SA_BUNDLE1& dst, const IPSEC_SA_BUNDLE0& src);
void copyBundle(Builder& b, IPSEC_SA_BUNDLE1& dst, const IPSEC_SA_BUNDLE1& src);
void copyBundle(Builder& b, IPSEC_SA_BUNDLE0& dst, const IPSEC_SA_BUNDLE1& src);

void copyKeyModuleState(Builder& b, IPSEC_KEYMODULE_STATE0*& dst, const IPSEC_KEYMODULE_STATE0* src);

// Traffic conversions (flat structs).
IPSEC_TRAFFIC1 toTraffic1(const IPSEC_TRAFFIC0& t);
IPSEC_TRAFFIC0 toTraffic0(const IPSEC_TRAFFIC1& t);

}  // namespace fwpk
