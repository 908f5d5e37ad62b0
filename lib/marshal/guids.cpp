#include "marshal/guids.h"
#include <algorithm>
#include <random>
#include <vector>
#include "marshal/catalogue.h"
#include "marshal/copy.h"

namespace fwpk {

namespace {

struct LayerTable {
    std::vector<LayerInfo> layers;     // catalogue order
    std::vector<const LayerInfo*> byKey;  // sorted by key
    std::vector<const LayerInfo*> byId;   // indexed by layerId (null: none)

    LayerTable() {
        struct Special { const GUID* key; LayerClass cls; FWP_DIRECTION dir; FWP_IP_VERSION ver; };
        static const Special kSpecial[] = {
            {&FWPM_LAYER_INBOUND_TRANSPORT_V4, LayerClass::Transport, FWP_DIRECTION_INBOUND, FWP_IP_VERSION_V4},
            {&FWPM_LAYER_INBOUND_TRANSPORT_V6, LayerClass::Transport, FWP_DIRECTION_INBOUND, FWP_IP_VERSION_V6},
            {&FWPM_LAYER_OUTBOUND_TRANSPORT_V4, LayerClass::Transport, FWP_DIRECTION_OUTBOUND, FWP_IP_VERSION_V4},
            {&FWPM_LAYER_OUTBOUND_TRANSPORT_V6, LayerClass::Transport, FWP_DIRECTION_OUTBOUND, FWP_IP_VERSION_V6},
            {&FWPM_LAYER_IPSEC_V4, LayerClass::IPsec, FWP_DIRECTION_MAX, FWP_IP_VERSION_V4},
            {&FWPM_LAYER_IPSEC_V6, LayerClass::IPsec, FWP_DIRECTION_MAX, FWP_IP_VERSION_V6},
            {&FWPM_LAYER_IKEEXT_V4, LayerClass::Ikeext, FWP_DIRECTION_MAX, FWP_IP_VERSION_V4},
            {&FWPM_LAYER_IKEEXT_V6, LayerClass::Ikeext, FWP_DIRECTION_MAX, FWP_IP_VERSION_V6},
        };
        layers.reserve(kBuiltinLayerCount);
        size_t maxId = 0;
        for (size_t i = 0; i < kBuiltinLayerCount; ++i) {
            const FWPM_LAYER0& l = kBuiltinLayers[i];
            LayerInfo info{&l, LayerClass::Other, FWP_DIRECTION_MAX, FWP_IP_VERSION_NONE, 0};
            for (const Special& sp : kSpecial)
                if (*sp.key == l.layerKey) info = {&l, sp.cls, sp.dir, sp.ver, 0};
            Builder measure;
            copyLayer(measure, *measure.make<FWPM_LAYER0>(), l);
            info.size = measure.used();
            layers.push_back(info);
            maxId = std::max<size_t>(maxId, l.layerId);
        }
        byId.assign(maxId + 1, nullptr);
        for (const LayerInfo& l : layers) {
            byKey.push_back(&l);
            byId[l.layer->layerId] = &l;
        }
        std::sort(byKey.begin(), byKey.end(),
                  [](const LayerInfo* a, const LayerInfo* b) { return a->layer->layerKey < b->layer->layerKey; });
    }
};

const LayerTable& layerTable() {
    static const LayerTable* t = new LayerTable();  // never destroyed, like the engine
    return *t;
}

}  // namespace

size_t layerCount() { return layerTable().layers.size(); }
const LayerInfo& layerAt(size_t i) { return layerTable().layers[i]; }

const LayerInfo* findLayer(const GUID& key) {
    const LayerTable& t = layerTable();
    auto it = std::lower_bound(t.byKey.begin(), t.byKey.end(), key,
                               [](const LayerInfo* l, const GUID& k) { return l->layer->layerKey < k; });
    return it != t.byKey.end() && (*it)->layer->layerKey == key ? *it : nullptr;
}

const LayerInfo* findLayerById(UINT16 id) {
    const LayerTable& t = layerTable();
    return id < t.byId.size() ? t.byId[id] : nullptr;
}

GUID randomGuid() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    GUID g;
    uint64_t a = rng(), b = rng();
    std::memcpy(&g, &a, 8);
    std::memcpy(reinterpret_cast<char*>(&g) + 8, &b, 8);
    g.Data3 = uint16_t((g.Data3 & 0x0FFF) | 0x4000);  // version 4
    g.Data4[0] = uint8_t((g.Data4[0] & 0x3F) | 0x80);  // RFC 4122 variant
    return g;
}

}  // namespace fwpk
