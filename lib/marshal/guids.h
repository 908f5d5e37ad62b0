// GUID helpers and the tables of well-known layers, conditions and callouts
// the engine accepts.
#pragma once
#include <cstring>
#include <functional>
#include <fwpmk.h>

namespace fwpk {

inline bool operator==(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator!=(const GUID& a, const GUID& b) { return !(a == b); }
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

enum class LayerClass { Transport, IPsec, Ikeext };

struct LayerInfo {
    const GUID* key;
    LayerClass cls;
    FWP_DIRECTION direction;  // transport layers only
    FWP_IP_VERSION version;
};

const LayerInfo* findLayer(const GUID& key);

enum class FieldKind { Address, Port, Protocol };
struct ConditionInfo {
    const GUID* key;
    FieldKind kind;
};
const ConditionInfo* findCondition(const GUID& key);

// The layer a built-in callout runs at (nullptr: unknown callout).
const GUID* calloutLayer(const GUID& callout);

GUID randomGuid();

}  // namespace fwpk
