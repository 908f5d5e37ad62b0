/*
 * GUID shape 2: the program defines its own copies of the GUIDs it uses, as
 * real programs written against the SDK do (strongSwan's kernel_wfp, for
 * one).  The header only declared them, so these are definitions of the
 * declared objects, not redefinitions; the rest still come from the library.
 */
#include <fwpmk.h>
#include "guid_common.h"

const GUID FWPM_LAYER_IPSEC_V4 = {
    0xeda65c74, 0x610d, 0x4bc5, { 0x94, 0x8f, 0x3c, 0x4f, 0x89, 0x55, 0x68, 0x67 }
};
const GUID FWPM_LAYER_INBOUND_TRANSPORT_V4 = {
    0x5926dfc8, 0xe3cf, 0x4426, { 0xa2, 0x83, 0xdc, 0x39, 0x3f, 0x5d, 0x0f, 0x9d }
};
const GUID FWPM_CONDITION_IP_REMOTE_ADDRESS = {
    0xb235ae9a, 0x1d64, 0x49b8, { 0xa4, 0x4c, 0x5f, 0xf3, 0xd9, 0x09, 0x50, 0x45 }
};
const GUID FWPM_CALLOUT_IPSEC_INBOUND_TUNNEL_V4 = {
    0x191a8a46, 0x0bf8, 0x46cf, { 0xb0, 0x45, 0x4b, 0x45, 0xdf, 0xa6, 0xa3, 0x24 }
};

int main(void)
{
    check_all_guid_values();
    check_library_agrees();
    printf("guid_own_copies: %d failure(s)\n", check_failures);
    return check_failures ? 1 : 0;
}
