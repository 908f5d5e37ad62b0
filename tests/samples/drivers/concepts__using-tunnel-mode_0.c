/* Driver (ours) for the tunnel-mode sample: registers the provider the
 * sample's PROVIDER_KEY names, configures a point-to-point tunnel between two
 * IPv4 addresses and then between two IPv6 addresses, and removes both
 * tunnels (their key is the quick-mode context's, which the sample leaves to
 * the engine, so it is found by enumerating the provider's contexts). */
static int remove_tunnels(HANDLE engine)
{
    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 tmpl;
    memset(&tmpl, 0, sizeof tmpl);
    tmpl.providerKey = (GUID *)&PROVIDER_KEY;
    tmpl.providerContextType = FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT;
    HANDLE e = NULL;
    FWPM_PROVIDER_CONTEXT0 **ctx = NULL;
    UINT32 n = 0, removed = 0;
    if (FwpmProviderContextCreateEnumHandle0(engine, &tmpl, &e) != STATUS_SUCCESS) return -1;
    if (FwpmProviderContextEnum0(engine, e, 16, &ctx, &n) != STATUS_SUCCESS) return -1;
    for (UINT32 i = 0; i < n; ++i)
        if (FwpmIPsecTunnelDeleteByKey0(engine, &ctx[i]->providerContextKey) == STATUS_SUCCESS) ++removed;
    if (ctx) FwpmFreeMemory0((void **)&ctx);
    FwpmProviderContextDestroyEnumHandle0(engine, e);
    return (int)removed;
}

int main(void)
{
    HANDLE engine = NULL;
    if (FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &engine) != STATUS_SUCCESS) return 1;
    FWPM_PROVIDER0 provider;
    memset(&provider, 0, sizeof provider);
    provider.providerKey = PROVIDER_KEY;
    provider.displayData.name = (wchar_t *)L"tunnel sample";
    if (FwpmProviderAdd0(engine, &provider, NULL) != STATUS_SUCCESS) return 1;

    UINT8 psk[] = {'s', 'e', 'c', 'r', 'e', 't'};
    FWP_BYTE_BLOB key = {sizeof psk, psk};
    struct sockaddr_in l4, r4;
    memset(&l4, 0, sizeof l4);
    memset(&r4, 0, sizeof r4);
    l4.sin_family = r4.sin_family = AF_INET;
    l4.sin_addr.s_addr = htonl(0xC0A80001u); /* 192.168.0.1 */
    r4.sin_addr.s_addr = htonl(0xC0A80002u);
    if (ConfigureIPsecTunnelMode(engine, L"v4 tunnel", &PROVIDER_KEY, (const SOCKADDR *)&l4, (const SOCKADDR *)&r4,
                                 &key) != ERROR_SUCCESS)
        return 1;
    struct sockaddr_in6 l6, r6;
    memset(&l6, 0, sizeof l6);
    memset(&r6, 0, sizeof r6);
    l6.sin6_family = r6.sin6_family = AF_INET6;
    l6.sin6_addr.s6_addr[0] = r6.sin6_addr.s6_addr[0] = 0xFD;
    l6.sin6_addr.s6_addr[15] = 1;
    r6.sin6_addr.s6_addr[15] = 2;
    if (ConfigureIPsecTunnelMode(engine, L"v6 tunnel", &PROVIDER_KEY, (const SOCKADDR *)&l6, (const SOCKADDR *)&r6,
                                 &key) != ERROR_SUCCESS)
        return 1;
    if (remove_tunnels(engine) != 2) return 1;
    if (FwpmProviderDeleteByKey0(engine, &PROVIDER_KEY) != STATUS_SUCCESS) return 1;
    return FwpmEngineClose0(engine) == STATUS_SUCCESS ? 0 : 1;
}
