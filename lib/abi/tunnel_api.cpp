// extern "C" shims: IPsec tunnels.
#include "abi/guard.h"
#include "engine/tunnels.h"

using namespace fwpk;

extern "C" {

FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelAdd0(HANDLE engineHandle, UINT32 flags,
                                            const FWPM_PROVIDER_CONTEXT0* mainModePolicy,
                                            const FWPM_PROVIDER_CONTEXT0* tunnelPolicy, UINT32 numFilterConditions,
                                            const FWPM_FILTER_CONDITION0* filterConditions, PSECURITY_DESCRIPTOR sd) {
    (void)sd;  // security descriptors are accepted and not modelled
    return guard([&] {
        tunnelAdd<0>(engineHandle, flags, mainModePolicy, tunnelPolicy, numFilterConditions, filterConditions, nullptr);
    });
}

#define FWPK_TUNNEL_ADD(V)                                                                                         \
    FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelAdd##V(                                                                  \
        HANDLE engineHandle, UINT32 flags, const FWPM_PROVIDER_CONTEXT##V* mainModePolicy,                         \
        const FWPM_PROVIDER_CONTEXT##V* tunnelPolicy, UINT32 numFilterConditions,                                  \
        const FWPM_FILTER_CONDITION0* filterConditions, const GUID* keyModKey, PSECURITY_DESCRIPTOR sd) {          \
        (void)sd;                                                                                                  \
        return guard([&] {                                                                                         \
            tunnelAdd<V>(engineHandle, flags, mainModePolicy, tunnelPolicy, numFilterConditions, filterConditions, \
                         keyModKey);                                                                               \
        });                                                                                                        \
    }
FWPK_TUNNEL_ADD(1)
FWPK_TUNNEL_ADD(2)
FWPK_TUNNEL_ADD(3)
#undef FWPK_TUNNEL_ADD

FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelDeleteByKey0(HANDLE engineHandle, const GUID* key) {
    return guard([&] { tunnelDeleteByKey(engineHandle, key); });
}

}  // extern "C"
