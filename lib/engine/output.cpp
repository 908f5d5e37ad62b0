#include <cstring>
#include "engine/objects.h"
#include "marshal/copy.h"

namespace fwpk {

static const SaSide& side(const SaContextObj& c, FWP_DIRECTION dir) { return dir == FWP_DIRECTION_INBOUND ? c.in : c.out; }

// transportFilter is documented without an "available if" clause: transport
// traffic names its filter, tunnel traffic the quick-mode tunnel policy whose
// transport-layer filter is kept (engine/tunnels.cpp), so both modes have one.
template <class Details>
static void fillDetailsCommon(Builder& b, Details& d, const SaSide& s, FWP_DIRECTION dir) {
    d.ipVersion = s.traffic.ipVersion;
    d.saDirection = dir;
    copyBundle(b, d.saBundle, s.bundle->bundle());
    if (s.hasUdp) d.udpEncapsulation = b.clone(&s.udp);
    if (s.filter) {
        FWPM_FILTER0* f = b.make<FWPM_FILTER0>();
        copyFilter(b, *f, s.filter->filter());
        d.transportFilter = f;
    }
}

void emitDetails(Builder& b, IPSEC_SA_DETAILS0& d, const SaContextObj& c, FWP_DIRECTION dir) {
    const SaSide& s = side(c, dir);
    d.traffic = toTraffic0(s.traffic);
    fillDetailsCommon(b, d, s, dir);
}

void emitDetails(Builder& b, IPSEC_SA_DETAILS1& d, const SaContextObj& c, FWP_DIRECTION dir) {
    const SaSide& s = side(c, dir);
    d.traffic = s.traffic;
    fillDetailsCommon(b, d, s, dir);
    d.virtualIfTunnelInfo = c.vif;
}

template <class Ctx, class Details>
static void emitContextT(Builder& b, Ctx& d, const SaContextObj& c) {
    d.saContextId = c.id;
    if (c.in.bundle) {
        Details* x = b.make<Details>();
        emitDetails(b, *x, c, FWP_DIRECTION_INBOUND);
        d.inboundSa = x;
    }
    if (c.out.bundle) {
        Details* x = b.make<Details>();
        emitDetails(b, *x, c, FWP_DIRECTION_OUTBOUND);
        d.outboundSa = x;
    }
}

void emitContext(Builder& b, IPSEC_SA_CONTEXT0& d, const SaContextObj& c) { emitContextT<IPSEC_SA_CONTEXT0, IPSEC_SA_DETAILS0>(b, d, c); }
void emitContext(Builder& b, IPSEC_SA_CONTEXT1& d, const SaContextObj& c) { emitContextT<IPSEC_SA_CONTEXT1, IPSEC_SA_DETAILS1>(b, d, c); }

template <class T>
static size_t measureContext(const SaContextObj& c) {
    Builder m;
    emitContext(m, *m.make<T>(), c);
    return m.used();
}

template <class T>
static size_t measureDetails(const SaContextObj& c, FWP_DIRECTION dir) {
    if (!side(c, dir).bundle) return 0;
    Builder m;
    emitDetails(m, *m.make<T>(), c, dir);
    return m.used();
}

size_t detailsSize0(const SaContextObj& c, FWP_DIRECTION dir) { return measureDetails<IPSEC_SA_DETAILS0>(c, dir); }
size_t detailsSize1(const SaContextObj& c, FWP_DIRECTION dir) { return measureDetails<IPSEC_SA_DETAILS1>(c, dir); }

SaContextRef finish(std::shared_ptr<SaContextObj> c) {
    c->size0 = measureContext<IPSEC_SA_CONTEXT0>(*c);
    c->size1 = measureContext<IPSEC_SA_CONTEXT1>(*c);
    return c;
}

}  // namespace fwpk
