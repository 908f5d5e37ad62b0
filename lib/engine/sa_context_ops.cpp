#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include "engine/ops.h"
#include "engine/tunnels.h"
#include "marshal/copy.h"
#include "marshal/validate.h"

namespace fwpk {

namespace {

struct Ctx {
    Engine& e = Engine::instance();
    Engine::Lock lk{e.mu};
    Ctx() { e.reap(); }
};

SaContextRef mustFind(Engine& e, const Session& s, UINT64 id) {
    SaContextRef c = e.contextById(s, id);
    require(c != nullptr, FWP_E_NOT_FOUND);
    return c;
}

// The transport filter named by transport-mode traffic must exist at the
// transport layer of the traffic's direction and IP version.  Tunnel-mode
// traffic names its quick-mode tunnel policy instead (engine/tunnels.cpp).
FilterRef transportFilter(Engine& e, const Session& s, const IPSEC_TRAFFIC1& t, FWP_DIRECTION dir) {
    if (t.trafficType == IPSEC_TRAFFIC_TYPE_TUNNEL) return tunnelTransportFilter(e, s, t, dir);
    if (t.trafficType != IPSEC_TRAFFIC_TYPE_TRANSPORT) return nullptr;
    FilterRef f = e.filterById(s, t.ipsecFilterId);
    require(f != nullptr, FWP_E_FILTER_NOT_FOUND);
    const LayerInfo* l = findLayer(f->filter().layerKey);
    require(l && l->cls == LayerClass::Transport && l->direction == dir && l->version == t.ipVersion,
            FWP_E_INCOMPATIBLE_LAYER);
    return f;
}

std::shared_ptr<SaContextObj> nextVersion(const SaContextRef& c) { return std::make_shared<SaContextObj>(*c); }

// finish() plus, for a version Expire may be called on, its prebuilt expired
// twin (so that Expire, a teardown call, needs no memory).
SaContextRef seal(std::shared_ptr<SaContextObj> n) {
    n->expired = nullptr;
    if (n->state == SaState::Inbound || n->state == SaState::Complete) {
        auto t = std::make_shared<SaContextObj>(*n);
        t->out.bundle = nullptr;
        t->state = SaState::Expiring;
        t->expireAtMs = 0;
        n->expired = finish(std::move(t));
    }
    return finish(std::move(n));
}

IPSEC_SA_SPI randomSpi(const Engine& e) {
    thread_local std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<uint32_t> dist(256, 0xFFFFFFFFu);
    IPSEC_SA_SPI spi;
    do spi = dist(rng);
    while (e.spiInUse(spi));
    return spi;
}

// FWPKCLNT_EXPIRE_DELAY_MS: decimal digits only (no sign, no spaces); a
// value beyond INT64_MAX saturates there (never due).  Anything else, or
// unset: the 60 s default.
int64_t expireDelayMs() {
    const char* v = std::getenv("FWPKCLNT_EXPIRE_DELAY_MS");
    if (!v || !*v) return 60000;
    int64_t ms = 0;
    for (const char* p = v; *p; ++p) {
        if (*p < '0' || *p > '9') return 60000;
        int d = *p - '0';
        ms = ms > (INT64_MAX - d) / 10 ? INT64_MAX : ms * 10 + d;
    }
    return ms;
}

// now + delay, saturated at INT64_MAX (a deadline that never comes).
int64_t deadline(int64_t now, int64_t delay) { return delay > INT64_MAX - now ? INT64_MAX : now + delay; }

}  // namespace

void saContextCreate(HANDLE h, const IPSEC_TRAFFIC1* traffic, const IPSEC_VIRTUAL_IF_TUNNEL_INFO0* vif,
                     UINT64* inboundFilterId, UINT64* idOut) {
    Ctx x;
    Session* s = &x.e.session(h);
    require(traffic != nullptr && idOut != nullptr, FWP_E_NULL_POINTER);
    require(!s->txn, FWP_E_TXN_IN_PROGRESS);
    require(!s->dynamic, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    s = &x.e.beginWrite(x.lk, h);
    require(!s->txn, FWP_E_TXN_IN_PROGRESS);
    IPSEC_TRAFFIC1 t = validateTraffic(*traffic);
    FilterRef f = transportFilter(x.e, *s, t, FWP_DIRECTION_OUTBOUND);

    auto c = std::make_shared<SaContextObj>();
    c->id = x.e.nextContextId();
    c->out.traffic = t;
    c->out.filter = std::move(f);
    if (vif) c->vif = *vif;
    x.e.putContext(*s, seal(c));
    *idOut = c->id;
    if (inboundFilterId) *inboundFilterId = 0;
}

static void assignSpi(HANDLE h, UINT64 id, const IPSEC_GETSPI1* getSpi, IPSEC_SA_SPI* spiOut, const IPSEC_SA_SPI* chosen) {
    Ctx x;
    x.e.session(h);
    require(getSpi != nullptr && (chosen || spiOut), FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    // IPSEC_GETSPI0/1.ipVersion is "the IP version of the inbound IPsec traffic";
    // the traffic's own ipVersion is not read (keying code leaves it 0 = V4 for
    // IPv6 traffic), so the address union is read in the GETSPI's version.
    IPSEC_TRAFFIC1 given = getSpi->inboundIpsecTraffic;
    std::memcpy(&given.ipVersion, &getSpi->ipVersion, sizeof given.ipVersion);  // may be out of range
    IPSEC_TRAFFIC1 t = validateTraffic(given);
    if (chosen) require(*chosen >= 256, FWP_E_INVALID_PARAMETER);
    SaContextRef c = mustFind(x.e, s, id);
    FilterRef f = transportFilter(x.e, s, t, FWP_DIRECTION_INBOUND);

    if (c->state == SaState::SpiAssigned && !chosen) {
        require(std::memcmp(&t, &c->in.traffic, sizeof t) == 0, FWP_E_TRAFFIC_MISMATCH);
        *spiOut = c->spi;
        return;
    }
    require(c->state == SaState::Created, FWP_E_INCOMPATIBLE_SA_STATE);
    require(t.ipVersion == c->out.traffic.ipVersion, FWP_E_TRAFFIC_MISMATCH);
    IPSEC_SA_SPI spi;
    if (chosen) {
        require(!x.e.spiInUse(*chosen), FWP_E_ALREADY_EXISTS);
        spi = *chosen;
    } else {
        spi = randomSpi(x.e);
    }

    auto n = nextVersion(c);
    n->state = SaState::SpiAssigned;
    n->spi = spi;
    n->in.traffic = t;
    n->in.filter = std::move(f);
    n->in.hasUdp = getSpi->ipVersion == FWP_IP_VERSION_V4 && getSpi->inboundUdpEncapsulation != nullptr;
    if (n->in.hasUdp) n->in.udp = *getSpi->inboundUdpEncapsulation;
    SaContextRef ready = seal(n);
    x.e.reserveSpi(s, spi);
    try {
        x.e.putContext(s, ready);
    } catch (...) {
        x.e.unreserveSpi(s, spi);
        throw;
    }
    if (spiOut) *spiOut = spi;
}

void saContextGetSpi(HANDLE h, UINT64 id, const IPSEC_GETSPI1* getSpi, IPSEC_SA_SPI* spi) {
    assignSpi(h, id, getSpi, spi, nullptr);
}

void saContextSetSpi(HANDLE h, UINT64 id, const IPSEC_GETSPI1* getSpi, IPSEC_SA_SPI spi) {
    assignSpi(h, id, getSpi, nullptr, &spi);
}

template <class Bundle>
void saContextAdd(HANDLE h, UINT64 id, const Bundle* bundle, bool inbound) {
    Ctx x;
    x.e.session(h);
    require(bundle != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    validateBundle(*bundle);
    SaContextRef c = mustFind(x.e, s, id);
    if (inbound) {
        require(c->state == SaState::SpiAssigned, FWP_E_INCOMPATIBLE_SA_STATE);
        for (UINT32 i = 0; i < bundle->numSAs; ++i) require(bundle->saList[i].spi == c->spi, FWP_E_INVALID_PARAMETER);
    } else {
        require(c->state == SaState::Inbound, FWP_E_INCOMPATIBLE_SA_STATE);
        for (UINT32 i = 0; i < bundle->numSAs; ++i) require(bundle->saList[i].spi >= 256, FWP_E_INVALID_PARAMETER);
        require(bundle->qmSaId == c->in.bundle->bundle().qmSaId, FWP_E_INVALID_PARAMETER);
    }
    auto stored = std::make_shared<BundleObj>();
    stored->block = build([&](Builder& b) { copyBundle(b, *b.make<IPSEC_SA_BUNDLE1>(), *bundle); }, &stored->size);
    auto n = nextVersion(c);
    (inbound ? n->in : n->out).bundle = std::move(stored);
    n->state = inbound ? SaState::Inbound : SaState::Complete;
    x.e.putContext(s, seal(n));
}
template void saContextAdd(HANDLE, UINT64, const IPSEC_SA_BUNDLE0*, bool);
template void saContextAdd(HANDLE, UINT64, const IPSEC_SA_BUNDLE1*, bool);

static const UINT64 kUpdateFlags = IPSEC_SA_DETAILS_UPDATE_TRAFFIC | IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION |
                                   IPSEC_SA_BUNDLE_UPDATE_FLAGS | IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT |
                                   IPSEC_SA_BUNDLE_UPDATE_KEY_MODULE_STATE |
                                   IPSEC_SA_BUNDLE_UPDATE_PEER_V4_PRIVATE_ADDRESS | IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID;
static const UINT64 kBundleUpdates = kUpdateFlags & ~(IPSEC_SA_DETAILS_UPDATE_TRAFFIC | IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION);

void saContextUpdate(HANDLE h, UINT64 flags, const IPSEC_SA_CONTEXT1* v) {
    Ctx x;
    x.e.session(h);
    require(v != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    require(flags != 0 && (flags & ~kUpdateFlags) == 0, FWP_E_INVALID_FLAGS);
    SaContextRef c = mustFind(x.e, s, v->saContextId);
    require(v->inboundSa || v->outboundSa, FWP_E_INVALID_PARAMETER);
    auto n = nextVersion(c);
    for (FWP_DIRECTION dir : {FWP_DIRECTION_INBOUND, FWP_DIRECTION_OUTBOUND}) {
        const IPSEC_SA_DETAILS1* d = dir == FWP_DIRECTION_INBOUND ? v->inboundSa : v->outboundSa;
        if (!d) continue;
        SaSide& side = dir == FWP_DIRECTION_INBOUND ? n->in : n->out;
        require(side.bundle != nullptr, FWP_E_INCOMPATIBLE_SA_STATE);
        if (flags & IPSEC_SA_DETAILS_UPDATE_TRAFFIC) {
            // The checks of the call that first set this side (Create / GetSpi):
            // a context has one IP version, the one Create gave it.
            IPSEC_TRAFFIC1 t = validateTraffic(d->traffic);
            FilterRef f = transportFilter(x.e, s, t, dir);
            require(t.ipVersion == c->out.traffic.ipVersion, FWP_E_TRAFFIC_MISMATCH);
            side.filter = std::move(f);
            side.traffic = t;
        }
        if (flags & IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION) {
            side.hasUdp = d->udpEncapsulation != nullptr;
            side.udp = side.hasUdp ? *d->udpEncapsulation : IPSEC_V4_UDP_ENCAPSULATION0{};
        }
        if (flags & kBundleUpdates) {
            const IPSEC_SA_BUNDLE1& nb = d->saBundle;
            if (flags & IPSEC_SA_BUNDLE_UPDATE_FLAGS) validateBundleFlags(nb.flags);
            if ((flags & IPSEC_SA_BUNDLE_UPDATE_KEY_MODULE_STATE) && nb.keyModuleState)
                require(nb.keyModuleState->stateBlob.size == 0 || nb.keyModuleState->stateBlob.data != nullptr,
                        FWP_E_NULL_POINTER);
            const IPSEC_SA_BUNDLE1& old = side.bundle->bundle();
            auto stored = std::make_shared<BundleObj>();
            stored->block = build(
                [&](Builder& b) {
                    IPSEC_SA_BUNDLE1* dst = b.make<IPSEC_SA_BUNDLE1>();
                    IPSEC_SA_BUNDLE1 src = old;
                    if (flags & IPSEC_SA_BUNDLE_UPDATE_FLAGS) src.flags = nb.flags;
                    if (flags & IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT) src.napContext = nb.napContext;
                    if (flags & IPSEC_SA_BUNDLE_UPDATE_KEY_MODULE_STATE) src.keyModuleState = nb.keyModuleState;
                    if (flags & IPSEC_SA_BUNDLE_UPDATE_PEER_V4_PRIVATE_ADDRESS) src.peerV4PrivateAddress = nb.peerV4PrivateAddress;
                    if (flags & IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID) src.mmSaId = nb.mmSaId;
                    copyBundle(b, *dst, src);
                },
                &stored->size);
            side.bundle = std::move(stored);
        }
    }
    x.e.putContext(s, seal(n));
}

template <class CtxT>
void saContextGetById(HANDLE h, UINT64 id, CtxT** out) {
    SaContextRef c;
    {
        Ctx x;
        Session& s = x.e.session(h);
        require(out != nullptr, FWP_E_NULL_POINTER);
        c = x.e.contextForOutput(s, id);
        require(c != nullptr, FWP_E_NOT_FOUND);
    }
    size_t size = std::is_same<CtxT, IPSEC_SA_CONTEXT0>::value ? c->size0 : c->size1;
    BlockPtr block = buildSized(size, [&](Builder& b) { emitContext(b, *b.make<CtxT>(), *c); });
    *out = release<CtxT>(block);
}
template void saContextGetById(HANDLE, UINT64, IPSEC_SA_CONTEXT0**);
template void saContextGetById(HANDLE, UINT64, IPSEC_SA_CONTEXT1**);

void saContextDelete(HANDLE h, UINT64 id) {
    Ctx x;
    Session* s = &x.e.session(h);
    require(!s->txn, FWP_E_TXN_IN_PROGRESS);
    require(!s->dynamic, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    s = &x.e.beginWrite(x.lk, h);
    require(!s->txn, FWP_E_TXN_IN_PROGRESS);
    x.e.eraseContext(*s, mustFind(x.e, *s, id));
}

void saContextExpire(HANDLE h, UINT64 id) {
    Ctx x;
    Session& s = x.e.beginWrite(x.lk, h);
    SaContextRef c = mustFind(x.e, s, id);
    require(c->state == SaState::Inbound || c->state == SaState::Complete, FWP_E_INCOMPATIBLE_SA_STATE);
    // Teardown: nothing below allocates.  The expired version was built with
    // c; staging or publishing it uses the context's reserved nodes.
    SaContextRef n = c->expired;
    require(n != nullptr, STATUS_INTERNAL_ERROR);  // every INBOUND/COMPLETE version is sealed
    n->expireAtMs = deadline(nowMs(), expireDelayMs());
    x.e.putContext(s, std::move(n));
}

template <class Stats>
void getStatistics(HANDLE h, Stats* out) {
    Ctx x;
    Session& s = x.e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    require(!s.txn, FWP_E_TXN_IN_PROGRESS);
    Counters k = x.e.counters();
    std::memset(out, 0, sizeof *out);
    auto& a = out->aggregateSaStatistics;
    a.activeSas = UINT32(k.activeSas);
    a.pendingSaNegotiations = UINT32(k.pending);
    a.totalSasAdded = UINT32(k.totalAdded);
    a.totalSasDeleted = UINT32(k.totalDeleted);
    a.activeTunnels = UINT32(k.activeTunnels);
}
template void getStatistics(HANDLE, IPSEC_STATISTICS0*);
template void getStatistics(HANDLE, IPSEC_STATISTICS1*);

}  // namespace fwpk
