#include <iterator>
#include <type_traits>
#include "engine/ops.h"
#include "marshal/copy.h"
#include "marshal/validate.h"

namespace fwpk {

namespace {

// Registers a new enumerator with the engine and its session (strong guarantee).
template <class E>
HANDLE publish(Engine& e, Session& s, std::unique_ptr<E> en) {
    E* raw = en.get();
    HANDLE h = e.handles.insert(std::move(en));
    raw->self = h;
    s.link(raw);  // O(1), no allocation
    return h;
}

}  // namespace

void sessionEnumCreate(HANDLE h, const FWPM_SESSION_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    require(!s.txn, FWP_E_TXN_IN_PROGRESS);
    if (t) require(t->reserved == 0, FWP_E_RESERVED);
    auto en = std::make_unique<SessionEnum>(s.id);
    en->items = e.sessionsSnapshot();
    *out = publish(e, s, std::move(en));
}

void filterEnumCreate(HANDLE h, const FWPM_FILTER_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    if (t) validateFilterTemplate(*t);
    auto en = std::make_unique<FilterEnum>(s.id);
    e.forEachFilter(s, [&](const FilterRef& f) {
        if (!t || filterMatches(s, f->filter(), *t)) en->items.push_back(f);
    });
    if (t) en->items = filterEnumPostProcess(std::move(en->items), t->flags);
    *out = publish(e, s, std::move(en));
}

void saContextEnumCreate(HANDLE h, const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    if (t) {
        validateSubnet(t->localSubNet);
        validateSubnet(t->remoteSubNet);
    }
    auto en = std::make_unique<SaContextEnum>(s.id);
    if (!t) en->items.reserve(e.contextCount(s));
    e.forEachContext(s, [&](const SaContextRef& c) {
        if (!t || (subnetMatches(t->localSubNet, c->out.traffic, true) &&
                   subnetMatches(t->remoteSubNet, c->out.traffic, false)))
            en->items.push_back(c);
    });
    *out = publish(e, s, std::move(en));
}

void saEnumCreate(HANDLE h, const IPSEC_SA_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    if (t) require(raw(t->saDirection) < FWP_DIRECTION_MAX, FWP_E_INVALID_ENUMERATOR);
    bool wantIn = !t || t->saDirection == FWP_DIRECTION_INBOUND;
    bool wantOut = !t || t->saDirection == FWP_DIRECTION_OUTBOUND;
    auto en = std::make_unique<SaEnum>(s.id);
    e.forEachContext(s, [&](const SaContextRef& c) {
        if (wantIn && c->in.bundle) en->items.emplace_back(c, FWP_DIRECTION_INBOUND);
        if (wantOut && c->out.bundle) en->items.emplace_back(c, FWP_DIRECTION_OUTBOUND);
    });
    *out = publish(e, s, std::move(en));
}

void providerEnumCreate(HANDLE h, const FWPM_PROVIDER_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    if (t) require(t->reserved == 0, FWP_E_RESERVED);
    auto en = std::make_unique<ProviderEnum>(s.id);
    e.forEach<ProviderObj>(s, [&](const ProviderRef& p) { en->items.push_back(p); });
    *out = publish(e, s, std::move(en));
}

void sublayerEnumCreate(HANDLE h, const FWPM_SUBLAYER_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    const GUID* provider = t ? t->providerKey : nullptr;
    auto en = std::make_unique<SublayerEnum>(s.id);
    e.forEach<SublayerObj>(s, [&](const SublayerRef& sl) {
        const GUID* p = sl->value().providerKey;
        if (!provider || (p && *p == *provider)) en->items.push_back(sl);
    });
    *out = publish(e, s, std::move(en));
}

void layerEnumCreate(HANDLE h, const FWPM_LAYER_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    if (t) require(t->reserved == 0, FWP_E_RESERVED);
    auto en = std::make_unique<LayerEnum>(s.id);
    en->items.reserve(layerCount());
    for (size_t i = 0; i < layerCount(); ++i) en->items.push_back(&layerAt(i));
    *out = publish(e, s, std::move(en));
}

void calloutEnumCreate(HANDLE h, const FWPM_CALLOUT_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    const GUID* provider = t ? t->providerKey : nullptr;
    // A zero layerKey selects every layer; any other must be a layer (as in
    // FWPM_FILTER_ENUM_TEMPLATE0).
    bool anyLayer = !t || isZero(t->layerKey);
    if (!anyLayer) require(findLayer(t->layerKey) != nullptr, FWP_E_LAYER_NOT_FOUND);
    auto en = std::make_unique<CalloutEnum>(s.id);
    e.forEach<CalloutObj>(s, [&](const CalloutRef& c) {
        const FWPM_CALLOUT0& v = c->value();
        if (provider && !(v.providerKey && *v.providerKey == *provider)) return;
        if (!anyLayer && v.applicableLayer != t->layerKey) return;
        en->items.push_back(c);
    });
    *out = publish(e, s, std::move(en));
}

// ---- per entry type: which enumerator, how big, how to write one entry ----

template <class T> struct EntryTraits;

template <> struct EntryTraits<FWPM_SESSION0> {
    using Enum = SessionEnum;
    static size_t size(const SessionInfoRef& i) { return i->size; }
    static void emit(Builder& b, FWPM_SESSION0& d, const SessionInfoRef& i) {
        copySession(b, d, *static_cast<const FWPM_SESSION0*>(i->block.get()));
    }
};
template <> struct EntryTraits<FWPM_FILTER0> {
    using Enum = FilterEnum;
    static size_t size(const FilterRef& f) { return f->size; }
    static void emit(Builder& b, FWPM_FILTER0& d, const FilterRef& f) { copyFilter(b, d, f->filter()); }
};
template <> struct EntryTraits<IPSEC_SA_CONTEXT0> {
    using Enum = SaContextEnum;
    static size_t size(const SaContextRef& c) { return c->size0; }
    static void emit(Builder& b, IPSEC_SA_CONTEXT0& d, const SaContextRef& c) { emitContext(b, d, *c); }
};
template <> struct EntryTraits<IPSEC_SA_CONTEXT1> {
    using Enum = SaContextEnum;
    static size_t size(const SaContextRef& c) { return c->size1; }
    static void emit(Builder& b, IPSEC_SA_CONTEXT1& d, const SaContextRef& c) { emitContext(b, d, *c); }
};
template <> struct EntryTraits<IPSEC_SA_DETAILS0> {
    using Enum = SaEnum;
    static size_t size(const std::pair<SaContextRef, FWP_DIRECTION>& p) { return detailsSize0(*p.first, p.second); }
    static void emit(Builder& b, IPSEC_SA_DETAILS0& d, const std::pair<SaContextRef, FWP_DIRECTION>& p) {
        emitDetails(b, d, *p.first, p.second);
    }
};
template <> struct EntryTraits<IPSEC_SA_DETAILS1> {
    using Enum = SaEnum;
    static size_t size(const std::pair<SaContextRef, FWP_DIRECTION>& p) { return detailsSize1(*p.first, p.second); }
    static void emit(Builder& b, IPSEC_SA_DETAILS1& d, const std::pair<SaContextRef, FWP_DIRECTION>& p) {
        emitDetails(b, d, *p.first, p.second);
    }
};

template <class T, class Enum, void (*Copy)(Builder&, T&, const T&)>
struct StoredTraits {
    using Item = typename std::decay<decltype(std::declval<Enum>().items[0])>::type;
    static size_t size(const Item& o) { return o->size; }
    static void emit(Builder& b, T& d, const Item& o) { Copy(b, d, o->value()); }
};
template <> struct EntryTraits<FWPM_PROVIDER0> : StoredTraits<FWPM_PROVIDER0, ProviderEnum, copyProvider> {
    using Enum = ProviderEnum;
};
template <> struct EntryTraits<FWPM_SUBLAYER0> : StoredTraits<FWPM_SUBLAYER0, SublayerEnum, copySublayer> {
    using Enum = SublayerEnum;
};
template <> struct EntryTraits<FWPM_CALLOUT0> : StoredTraits<FWPM_CALLOUT0, CalloutEnum, copyCallout> {
    using Enum = CalloutEnum;
};
template <> struct EntryTraits<FWPM_LAYER0> {
    using Enum = LayerEnum;
    static size_t size(const LayerInfo* l) { return l->size; }
    static void emit(Builder& b, FWPM_LAYER0& d, const LayerInfo* l) { copyLayer(b, d, *l->layer); }
};

template <class E>
static E& ownedEnumerator(Engine& e, Session& s, HANDLE en, HandleKind kind) {
    auto* obj = e.handles.find(en, kind);
    require(obj != nullptr && obj->owner == s.id, STATUS_INVALID_HANDLE);
    return static_cast<E&>(*obj);
}

template <class T>
void enumNext(HANDLE h, HANDLE eh, UINT32 n, T*** entries, UINT32* returned) {
    using Traits = EntryTraits<T>;
    using Enum = typename Traits::Enum;
    using Item = typename std::decay<decltype(std::declval<Enum>().items[0])>::type;
    Engine& e = Engine::instance();
    std::vector<Item> batch;
    BlockPtr block;
    size_t total = 0;
    {
        Engine::Lock lk(e.mu);
        Session& s = e.session(h);
        Enum& en = ownedEnumerator<Enum>(e, s, eh, Enum::kKind);
        require(entries != nullptr && returned != nullptr, FWP_E_NULL_POINTER);
        size_t take = std::min<size_t>(n, en.items.size() - en.pos);
        if (take == 0) return;
        auto first = en.items.begin() + ptrdiff_t(en.pos), last = first + ptrdiff_t(take);
        total = sizeof(T*) * take;
        for (auto it = first; it != last; ++it) total += Traits::size(*it);
        batch.reserve(take);
        block.reset(std::malloc(total));
        if (!block) throw std::bad_alloc();
        // Nothing below can fail.  The consumed items are moved out of the
        // snapshot (never read again): no reference-count traffic under the
        // lock, and they are released after it, page by page.
        batch.assign(std::make_move_iterator(first), std::make_move_iterator(last));
        en.pos += take;
    }
    Builder b(block.get(), total);
    T** arr = b.make<T*>(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        T* x = b.make<T>();
        Traits::emit(b, *x, batch[i]);
        arr[i] = x;
    }
    *entries = static_cast<T**>(block.release());
    *returned = UINT32(batch.size());
}
template void enumNext(HANDLE, HANDLE, UINT32, FWPM_SESSION0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, FWPM_FILTER0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, IPSEC_SA_CONTEXT0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, IPSEC_SA_CONTEXT1***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, IPSEC_SA_DETAILS0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, IPSEC_SA_DETAILS1***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, FWPM_PROVIDER0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, FWPM_SUBLAYER0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, FWPM_LAYER0***, UINT32*);
template void enumNext(HANDLE, HANDLE, UINT32, FWPM_CALLOUT0***, UINT32*);

void enumDestroy(HANDLE h, HANDLE eh, HandleKind kind) {
    Engine& e = Engine::instance();
    std::unique_ptr<HandleObject> dead;
    {
        Engine::Lock lk(e.mu);
        Session& s = e.session(h);
        HandleObject* obj = e.handles.find(eh, kind);
        require(obj != nullptr && obj->owner == s.id, STATUS_INVALID_HANDLE);
        s.unlink(static_cast<EnumBase*>(obj));  // O(1), no allocation
        dead = e.handles.take(eh, kind);
    }
    // The snapshot is released outside the lock.
}

}  // namespace fwpk
