/*
 * GUID shape 3: INITGUID.  This file includes <initguid.h> first, as Windows
 * code does in the one file that should own the GUIDs, so every DEFINE_GUID
 * here — the header's and the program's own provider key — is a definition.
 * guid_initguid_other.c does the same (Windows' selectany allows it; ours are
 * weak symbols) and guid_initguid_plain.c only declares them.  All three TUs
 * and the library must agree on one object per GUID, with the right value.
 */
#include <initguid.h>
#include <fwpmk.h>
#include "guid_common.h"

DEFINE_GUID(SAMPLE_PROVIDER_KEY, 0x5fb216a8, 0xe2e8, 0x4024, 0xb8, 0x53, 0x39, 0x1a, 0x41, 0x68, 0x64, 0x1e);

const GUID *other_tu_layer(void);
const GUID *other_tu_provider(void);
const GUID *plain_tu_layer(void);
const GUID *plain_tu_provider(void);

int main(void)
{
    check_all_guid_values();
    check_library_agrees();
    CHECK(guid_is(&SAMPLE_PROVIDER_KEY, "5fb216a8-e2e8-4024-b853-391a4168641e"));
    CHECK(other_tu_layer() == &FWPM_LAYER_IPSEC_V4);
    CHECK(plain_tu_layer() == &FWPM_LAYER_IPSEC_V4);
    CHECK(other_tu_provider() == &SAMPLE_PROVIDER_KEY);
    CHECK(plain_tu_provider() == &SAMPLE_PROVIDER_KEY);
    printf("guid_initguid: %d failure(s)\n", check_failures);
    return check_failures ? 1 : 0;
}
