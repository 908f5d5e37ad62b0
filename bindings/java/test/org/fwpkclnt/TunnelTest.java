// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import static org.junit.jupiter.api.Assertions.*;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TunnelTest {
    @BeforeEach
    void clean() {
        Fixtures.reset();
    }

    @Test
    void addTunnelWithTwoConditionsReadsItsQuickModeContextBackAndDeletesItByKey() {
        int local = Ip.v4("10.241.7.1"), remote = Ip.v4("10.241.7.2");
        UUID key = UUID.randomUUID();
        ProviderContext qm = ProviderContext.builder()
                .providerContextKey(key)
                .displayData(DisplayData.of("java tunnel", null))
                .type(Fwp.FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT)
                .ikeQmTunnelPolicy(TunnelPolicy.builder().tunnelEndpoints(TunnelEndpoints.builder()
                        .ipVersion(Fwp.FWP_IP_VERSION_V4).localV4Address(local).remoteV4Address(remote).build()).build())
                .build();
        // the count parameter is the array's length: no count in the signature
        FilterCondition[] conds = {
            FilterCondition.of(Guids.FWPM_CONDITION_IP_LOCAL_ADDRESS, Fwp.FWP_MATCH_EQUAL, ConditionValue.ofUint32(local)),
            FilterCondition.of(Guids.FWPM_CONDITION_IP_REMOTE_ADDRESS, Fwp.FWP_MATCH_EQUAL, ConditionValue.ofUint32(remote)),
        };
        try (Engine e = Engine.open()) {
            e.addIPsecTunnel(Fwp.FWPM_TUNNEL_FLAG_POINT_TO_POINT, null, qm, conds);
            ProviderContext back = e.getProviderContext(key);
            assertEquals(Fwp.FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT, back.type());
            assertEquals(remote, back.ikeQmTunnelPolicy().tunnelEndpoints().remoteV4Address());
            e.deleteIPsecTunnel(key);
            FwpException x = assertThrows(FwpException.class, () -> e.getProviderContext(key));
            assertEquals(Fwp.FWP_E_PROVIDER_CONTEXT_NOT_FOUND, x.code());
        }
    }
}
