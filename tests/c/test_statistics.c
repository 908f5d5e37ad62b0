/* test_statistics.c — IPsecGetStatistics0/1: what the SA database counts
 * (docs/decisions.md "Statistics").  The tests of this file run one after
 * another in one process and wait for every expiry they start, so the
 * deltas they observe are caused by the test alone. */
#include "fixtures.h"

static IPSEC_AGGREGATE_SA_STATISTICS0 agg(void)
{
    IPSEC_STATISTICS0 s;
    memset(&s, 0xCC, sizeof s);
    assert_ok(IPsecGetStatistics0(fx_session, &s));
    return s.aggregateSaStatistics;
}

static void create_getspi_inbound_outbound_delete_move_the_counters(void **state)
{
    (void)state;
    IPSEC_AGGREGATE_SA_STATISTICS0 s0 = agg();
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_AGGREGATE_SA_STATISTICS0 s1 = agg();
    assert_int_equal(s1.pendingSaNegotiations, s0.pendingSaNegotiations + 1);
    assert_int_equal(s1.activeSas, s0.activeSas);
    assert_int_equal(s1.totalSasAdded, s0.totalSasAdded);

    fx_ctx_getspi(&c);
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    IPSEC_AGGREGATE_SA_STATISTICS0 s2 = agg();
    assert_int_equal(s2.activeSas, s0.activeSas + 1);
    assert_int_equal(s2.totalSasAdded, s0.totalSasAdded + 1);
    assert_int_equal(s2.pendingSaNegotiations, s0.pendingSaNegotiations + 1);   /* no outbound yet */

    fx_ctx_add_outbound(&c, FX_ESP_AUTH);
    IPSEC_AGGREGATE_SA_STATISTICS0 s3 = agg();
    assert_int_equal(s3.activeSas, s0.activeSas + 2);
    assert_int_equal(s3.totalSasAdded, s0.totalSasAdded + 2);
    assert_int_equal(s3.pendingSaNegotiations, s0.pendingSaNegotiations);
    assert_int_equal(s3.totalSasDeleted, s0.totalSasDeleted);

    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
    IPSEC_AGGREGATE_SA_STATISTICS0 s4 = agg();
    assert_int_equal(s4.activeSas, s0.activeSas);
    assert_int_equal(s4.totalSasDeleted, s0.totalSasDeleted + 2);
    assert_int_equal(s4.totalSasAdded, s0.totalSasAdded + 2);
    assert_int_equal(s4.pendingSaNegotiations, s0.pendingSaNegotiations);
}

static void deleting_a_pending_context_reduces_pending_negotiations(void **state)
{
    (void)state;
    IPSEC_AGGREGATE_SA_STATISTICS0 s0 = agg();
    fx_ctx c;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V6, &c);
    assert_int_equal(agg().pendingSaNegotiations, s0.pendingSaNegotiations + 1);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
    IPSEC_AGGREGATE_SA_STATISTICS0 s1 = agg();
    assert_int_equal(s1.pendingSaNegotiations, s0.pendingSaNegotiations);
    assert_int_equal(s1.activeSas, s0.activeSas);
    assert_int_equal(s1.totalSasDeleted, s0.totalSasDeleted + 1);
}

static void expire_removes_outbound_now_and_inbound_after_the_delay(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_AGGREGATE_SA_STATISTICS0 s0 = agg();
    fx_set_expire_delay_ms(100);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    IPSEC_AGGREGATE_SA_STATISTICS0 s1 = agg();
    assert_int_equal(s1.activeSas, s0.activeSas - 1);
    assert_int_equal(s1.totalSasDeleted, s0.totalSasDeleted + 1);
    assert_int_equal(s1.pendingSaNegotiations, s0.pendingSaNegotiations);   /* expiring: not pending */
    assert_true(fx_wait_ctx_gone(fx_session, c.id, 3000));
    IPSEC_AGGREGATE_SA_STATISTICS0 s2 = agg();
    assert_int_equal(s2.activeSas, s0.activeSas - 2);
    assert_int_equal(s2.totalSasDeleted, s0.totalSasDeleted + 2);
    assert_int_equal(s2.pendingSaNegotiations, s0.pendingSaNegotiations);
}

static void expiring_inbound_only_context_is_not_pending(void **state)
{
    (void)state;
    IPSEC_AGGREGATE_SA_STATISTICS0 s0 = agg();
    fx_ctx c;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V4, &c);
    fx_set_expire_delay_ms(100);
    assert_ok(IPsecSaContextExpire0(fx_session, c.id));
    IPSEC_AGGREGATE_SA_STATISTICS0 s1 = agg();
    assert_int_equal(s1.pendingSaNegotiations, s0.pendingSaNegotiations);
    assert_int_equal(s1.activeSas, s0.activeSas + 1);                        /* inbound lingers */
    assert_true(fx_wait_ctx_gone(fx_session, c.id, 3000));
    assert_int_equal(agg().activeSas, s0.activeSas);
}

static void tunnel_contexts_with_an_sa_count_as_active_tunnels(void **state)
{
    (void)state;
    IPSEC_AGGREGATE_SA_STATISTICS0 s0 = agg();
    UINT32 net = fx_unique_v4_net();
    IPSEC_TRAFFIC0 t;
    memset(&t, 0, sizeof t);
    t.ipVersion = FWP_IP_VERSION_V4;
    t.localV4Address = net | 1;
    t.remoteV4Address = net | 2;
    t.trafficType = IPSEC_TRAFFIC_TYPE_TUNNEL;
    t.tunnelPolicyId = fx_tunnel_policy(fx_session, FWP_IP_VERSION_V4);
    UINT64 id = 0;
    assert_ok(IPsecSaContextCreate0(fx_session, &t, NULL, &id));
    assert_int_equal(agg().activeTunnels, s0.activeTunnels);      /* no SA yet */
    IPSEC_GETSPI0 g;
    memset(&g, 0, sizeof g);
    g.inboundIpsecTraffic = t;
    g.ipVersion = FWP_IP_VERSION_V4;
    IPSEC_SA_SPI spi = 0;
    assert_ok(IPsecSaContextGetSpi0(fx_session, id, &g, &spi));
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH_AND_CIPHER, spi, 1, FWP_IP_VERSION_V4);
    assert_ok(IPsecSaContextAddInbound0(fx_session, id, &b.b0));
    assert_int_equal(agg().activeTunnels, s0.activeTunnels + 1);
    /* a transport context does not count */
    fx_ctx tr;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &tr);
    assert_int_equal(agg().activeTunnels, s0.activeTunnels + 1);
    assert_ok(IPsecSaContextDeleteById0(fx_session, id));
    assert_ok(IPsecSaContextDeleteById0(fx_session, tr.id));
    assert_int_equal(agg().activeTunnels, s0.activeTunnels);
}

static void failed_or_aborted_additions_do_not_count(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_create(fx_session, FWP_IP_VERSION_V4, &c);
    fx_ctx_getspi(&c);
    IPSEC_AGGREGATE_SA_STATISTICS0 s0 = agg();
    fx_bundle b;
    fx_bundle_init(&b, FX_ESP_AUTH, c.spi + 1, c.qmSaId, FWP_IP_VERSION_V4);   /* wrong SPI */
    assert_status(IPsecSaContextAddInbound0(fx_session, c.id, &b.b0), FWP_E_INVALID_PARAMETER);
    assert_ok(FwpmTransactionBegin0(fx_session, 0));
    fx_ctx_add_inbound(&c, FX_ESP_AUTH);
    assert_ok(FwpmTransactionAbort0(fx_session));
    IPSEC_AGGREGATE_SA_STATISTICS0 s1 = agg();
    assert_int_equal(s1.activeSas, s0.activeSas);
    assert_int_equal(s1.totalSasAdded, s0.totalSasAdded);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void packet_counters_rekeys_and_offload_are_zero(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_complete(fx_session, FWP_IP_VERSION_V4, &c);
    IPSEC_STATISTICS1 s;
    memset(&s, 0xCC, sizeof s);
    assert_ok(IPsecGetStatistics1(fx_session, &s));
    assert_int_equal(s.aggregateSaStatistics.successfulRekeys, 0);
    assert_int_equal(s.aggregateSaStatistics.offloadedSas, 0);
    static const unsigned char zeros[sizeof s] = { 0 };
    assert_memory_equal(&s.espDropPacketStatistics, zeros, sizeof s.espDropPacketStatistics);
    assert_memory_equal(&s.ahDropPacketStatistics, zeros, sizeof s.ahDropPacketStatistics);
    assert_memory_equal(&s.aggregateDropPacketStatistics, zeros, sizeof s.aggregateDropPacketStatistics);
    assert_memory_equal(&s.inboundTrafficStatistics, zeros, sizeof s.inboundTrafficStatistics);
    assert_memory_equal(&s.outboundTrafficStatistics, zeros, sizeof s.outboundTrafficStatistics);
    IPSEC_STATISTICS0 s0;
    memset(&s0, 0xCC, sizeof s0);
    assert_ok(IPsecGetStatistics0(fx_session, &s0));
    assert_memory_equal(&s0.espDropPacketStatistics, zeros, sizeof s0.espDropPacketStatistics);
    assert_memory_equal(&s0.aggregateDropPacketStatistics, zeros, sizeof s0.aggregateDropPacketStatistics);
    assert_memory_equal(&s0.inboundTrafficStatistics, zeros, sizeof s0.inboundTrafficStatistics);
    assert_memory_equal(&s0.outboundTrafficStatistics, zeros, sizeof s0.outboundTrafficStatistics);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void statistics0_and_statistics1_agree(void **state)
{
    (void)state;
    fx_ctx c;
    fx_ctx_inbound(fx_session, FWP_IP_VERSION_V6, &c);
    IPSEC_STATISTICS0 a;
    IPSEC_STATISTICS1 b;
    assert_ok(IPsecGetStatistics0(fx_session, &a));
    assert_ok(IPsecGetStatistics1(fx_session, &b));
    assert_memory_equal(&a.aggregateSaStatistics, &b.aggregateSaStatistics, sizeof a.aggregateSaStatistics);
    assert_ok(IPsecSaContextDeleteById0(fx_session, c.id));
}

static void statistics_are_engine_wide_not_per_session(void **state)
{
    (void)state;
    HANDLE other = fx_open();
    fx_ctx c;
    fx_ctx_complete(other, FWP_IP_VERSION_V4, &c);
    IPSEC_STATISTICS0 mine, theirs;
    assert_ok(IPsecGetStatistics0(fx_session, &mine));
    assert_ok(IPsecGetStatistics0(other, &theirs));
    assert_memory_equal(&mine.aggregateSaStatistics, &theirs.aggregateSaStatistics, sizeof mine.aggregateSaStatistics);
    assert_true(mine.aggregateSaStatistics.activeSas >= 2);
    assert_ok(IPsecSaContextDeleteById0(other, c.id));
    fx_close(other);
}

static void statistics_errors(void **state)
{
    (void)state;
    assert_status(IPsecGetStatistics0(fx_session, NULL), FWP_E_NULL_POINTER);
    assert_status(IPsecGetStatistics1(fx_session, NULL), FWP_E_NULL_POINTER);
    IPSEC_STATISTICS0 s0;
    IPSEC_STATISTICS1 s1;
    HANDLE h = fx_open();
    fx_close(h);
    assert_status(IPsecGetStatistics0(h, &s0), STATUS_INVALID_HANDLE);
    assert_status(IPsecGetStatistics1(h, &s1), STATUS_INVALID_HANDLE);
    assert_status(IPsecGetStatistics0(NULL, NULL), STATUS_INVALID_HANDLE);
    assert_ok(FwpmTransactionBegin0(fx_session, FWPM_TXN_READ_ONLY));
    assert_status(IPsecGetStatistics0(fx_session, &s0), FWP_E_TXN_IN_PROGRESS);
    assert_status(IPsecGetStatistics1(fx_session, &s1), FWP_E_TXN_IN_PROGRESS);
    assert_status(IPsecGetStatistics1(fx_session, NULL), FWP_E_NULL_POINTER);     /* pointer before txn state */
    assert_ok(FwpmTransactionAbort0(fx_session));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_getspi_inbound_outbound_delete_move_the_counters),
        cmocka_unit_test(deleting_a_pending_context_reduces_pending_negotiations),
        cmocka_unit_test(expire_removes_outbound_now_and_inbound_after_the_delay),
        cmocka_unit_test(expiring_inbound_only_context_is_not_pending),
        cmocka_unit_test(tunnel_contexts_with_an_sa_count_as_active_tunnels),
        cmocka_unit_test(failed_or_aborted_additions_do_not_count),
        cmocka_unit_test(packet_counters_rekeys_and_offload_are_zero),
        cmocka_unit_test(statistics0_and_statistics1_agree),
        cmocka_unit_test(statistics_are_engine_wide_not_per_session),
        cmocka_unit_test(statistics_errors),
    };
    return cmocka_run_group_tests_name("statistics", tests, fx_session_open, fx_session_close);
}
