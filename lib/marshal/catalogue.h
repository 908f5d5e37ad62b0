// Windows' built-in layers, sublayers, providers and callouts, as the
// structures the API returns.  The definitions are generated at build time
// from lib/catalogue/wfp_catalogue.json (lib/catalogue/gen_tables.py), so a
// table can never disagree with the data file.  Everything here is
// immutable static data.
#pragma once
#include <cstddef>
#include <fwpmk.h>

namespace fwpk {

extern const FWPM_LAYER0 kBuiltinLayers[];
extern const size_t kBuiltinLayerCount;
extern const FWPM_SUBLAYER0 kBuiltinSublayers[];
extern const size_t kBuiltinSublayerCount;
extern const FWPM_PROVIDER0 kBuiltinProviders[];
extern const size_t kBuiltinProviderCount;
extern const FWPM_CALLOUT0 kBuiltinCallouts[];
extern const size_t kBuiltinCalloutCount;
// The Windows version whose layerIds kBuiltinLayers carries (an NTDDI_* name).
extern const char kCatalogueLayerIdVersion[];

}  // namespace fwpk
