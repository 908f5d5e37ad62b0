// The immutable objects the engine stores.  A change makes a new version;
// enumerator snapshots and in-flight readers keep the versions they hold.
#pragma once
#include <cstdint>
#include <memory>
#include "marshal/builder.h"

namespace fwpk {

struct FilterObj {
    uint64_t id = 0;
    GUID key{};
    uint64_t dynamicOwner = 0;  // id of the dynamic session that added it, else 0
    BlockPtr block;             // self-contained FWPM_FILTER0 (filterId, effectiveWeight set)
    size_t size = 0;            // its deep-copy size
    bool inTunnel = false;      // added by FwpmIPsecTunnelAdd* for the tunnel keyed tunnelKey
    GUID tunnelKey{};
    const FWPM_FILTER0& filter() const { return *static_cast<const FWPM_FILTER0*>(block.get()); }
};
using FilterRef = std::shared_ptr<const FilterObj>;

// A provider, sublayer or callout: the caller's structure as one block.
template <class T>
struct StoredObj {
    uint64_t id = 0;            // engine-internal order (callouts: calloutId)
    GUID key{};
    uint64_t dynamicOwner = 0;  // id of the dynamic session that added it, else 0
    bool builtin = false;       // from the catalogue: never deleted
    bool persistent = false;    // *_FLAG_PERSISTENT (built-in objects too)
    BlockPtr block;
    size_t size = 0;
    const T& value() const { return *static_cast<const T*>(block.get()); }
};
using ProviderObj = StoredObj<FWPM_PROVIDER0>;
using SublayerObj = StoredObj<FWPM_SUBLAYER0>;
using CalloutObj = StoredObj<FWPM_CALLOUT0>;
using ProviderRef = std::shared_ptr<const ProviderObj>;
using SublayerRef = std::shared_ptr<const SublayerObj>;
using CalloutRef = std::shared_ptr<const CalloutObj>;

struct BundleObj {
    BlockPtr block;  // self-contained IPSEC_SA_BUNDLE1
    size_t size = 0;
    const IPSEC_SA_BUNDLE1& bundle() const { return *static_cast<const IPSEC_SA_BUNDLE1*>(block.get()); }
};
using BundleRef = std::shared_ptr<const BundleObj>;

enum class SaState { Created, SpiAssigned, Inbound, Complete, Expiring };

// One direction of an SA context.
struct SaSide {
    IPSEC_TRAFFIC1 traffic{};
    FilterRef filter;  // copy of the transport filter named by the traffic (tunnel mode: applying its policy)
    bool hasUdp = false;
    IPSEC_V4_UDP_ENCAPSULATION0 udp{};
    BundleRef bundle;  // null until the SA is added (or after it is removed)
};

struct SaContextObj {
    uint64_t id = 0;
    SaState state = SaState::Created;
    IPSEC_SA_SPI spi = 0;  // inbound SPI once assigned
    SaSide in, out;
    IPSEC_VIRTUAL_IF_TUNNEL_INFO0 vif{};
    // Deadline of an expiring context.  Engine-internal (never output) and
    // only touched under the engine lock, so Expire may stamp it on the
    // prebuilt `expired` version below although that version is shared.
    mutable int64_t expireAtMs = 0;
    // For INBOUND and COMPLETE versions: this version as Expire will leave it
    // (outbound SA gone, state EXPIRING), built with the version so that
    // Expire allocates nothing (docs/design.md, "Teardown needs no memory").
    std::shared_ptr<const SaContextObj> expired;
    size_t size0 = 0, size1 = 0;  // deep-copy sizes of IPSEC_SA_CONTEXT0/1 (filled by finish())
};
using SaContextRef = std::shared_ptr<const SaContextObj>;

// Output of stored objects (engine/output.cpp).
void emitContext(Builder& b, IPSEC_SA_CONTEXT0& d, const SaContextObj& c);
void emitContext(Builder& b, IPSEC_SA_CONTEXT1& d, const SaContextObj& c);
void emitDetails(Builder& b, IPSEC_SA_DETAILS0& d, const SaContextObj& c, FWP_DIRECTION dir);
void emitDetails(Builder& b, IPSEC_SA_DETAILS1& d, const SaContextObj& c, FWP_DIRECTION dir);
size_t detailsSize0(const SaContextObj& c, FWP_DIRECTION dir);
size_t detailsSize1(const SaContextObj& c, FWP_DIRECTION dir);
// Asks for the cache lines of [p, p + bytes) without waiting for them.
inline void prefetchLines(const void* p, size_t bytes) {
    for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(static_cast<const char*>(p) + off);
}
// Computes the cached sizes; call once a new version is fully built.
SaContextRef finish(std::shared_ptr<SaContextObj> c);

}  // namespace fwpk
