/* A translation unit without INITGUID (see guid_initguid_main.c): here
 * DEFINE_GUID only declares, and the definitions elsewhere are used. */
#include <fwpmk.h>

DEFINE_GUID(SAMPLE_PROVIDER_KEY, 0x5fb216a8, 0xe2e8, 0x4024, 0xb8, 0x53, 0x39, 0x1a, 0x41, 0x68, 0x64, 0x1e);

const GUID *plain_tu_layer(void);
const GUID *plain_tu_provider(void);
const GUID *plain_tu_layer(void) { return &FWPM_LAYER_IPSEC_V4; }
const GUID *plain_tu_provider(void) { return &SAMPLE_PROVIDER_KEY; }
