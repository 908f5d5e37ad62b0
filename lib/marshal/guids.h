// GUID helpers, the built-in layers (marshal/catalogue.h) with what the
// engine needs to know of them, and the conditions the engine accepts.
#pragma once
#include <cstring>
#include <functional>
#include <fwpmk.h>

namespace fwpk {

// operator== and operator!= on GUID come from fwpk_base.h (guiddef.h's, global).
inline bool isZero(const GUID& g) {
    static const GUID zero{};
    return g == zero;
}

struct GuidHash {
    size_t operator()(const GUID& g) const noexcept {
        uint64_t a, b;
        std::memcpy(&a, &g, 8);
        std::memcpy(&b, reinterpret_cast<const char*>(&g) + 8, 8);
        return std::hash<uint64_t>()(a * 0x9E3779B97F4A7C15ull ^ b);
    }
};

struct GuidEq {
    bool operator()(const GUID& a, const GUID& b) const noexcept { return a == b; }
};

inline bool operator<(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof(GUID)) < 0; }

// Layers the SA-context rules single out; every other built-in layer is Other.
enum class LayerClass { Transport, IPsec, Ikeext, Other };

struct LayerInfo {
    const FWPM_LAYER0* layer;  // in kBuiltinLayers
    LayerClass cls;
    FWP_DIRECTION direction;  // transport layers only
    FWP_IP_VERSION version;
    size_t size;  // deep-copy size of *layer (copyLayer)
};

// The built-in layers in catalogue order; lookups by key and by layerId.
size_t layerCount();
const LayerInfo& layerAt(size_t i);
const LayerInfo* findLayer(const GUID& key);
const LayerInfo* findLayerById(UINT16 id);

GUID randomGuid();

}  // namespace fwpk
