// IPsec tunnels (FwpmIPsecTunnelAdd0-3, FwpmIPsecTunnelDeleteByKey0): a
// tunnel is no object of its own but the provider contexts and filters one
// Add call makes, tagged with the tunnel's key (its quick-mode context's
// key), so they are staged, committed, enumerated and dropped with their
// session exactly as the same objects added one by one.
#pragma once
#include "engine/engine.h"

namespace fwpk {

// V is the FWPM_PROVIDER_CONTEXT version (0..3); Add0 passes no keyModKey.
template <int V, class T>
void tunnelAdd(HANDLE h, UINT32 flags, const T* mainModePolicy, const T* tunnelPolicy, UINT32 numConditions,
               const FWPM_FILTER_CONDITION0* conditions, const GUID* keyModKey);
void tunnelDeleteByKey(HANDLE h, const GUID* key);

// The SA-context rule for tunnel-mode traffic: when tunnelPolicyId names a
// provider context of the session's view, it must be a quick-mode tunnel
// policy, and the result is the transport-layer filter of direction `dir`
// that applies it; naming none → FWP_E_PROVIDER_CONTEXT_NOT_FOUND.
FilterRef tunnelTransportFilter(const Engine& e, const Session& s, const IPSEC_TRAFFIC1& t, FWP_DIRECTION dir);

}  // namespace fwpk
