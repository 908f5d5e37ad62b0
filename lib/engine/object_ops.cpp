// Providers, sublayers, callouts (added, deleted, read) and layers (read).
// The rules and their references are in docs/decisions.md, "Providers,
// sublayers, layers and callouts".
#include "engine/ops.h"
#include "marshal/copy.h"
#include "marshal/validate.h"

namespace fwpk {

namespace {

struct Locked {
    Engine& e = Engine::instance();
    Engine::Lock lk{e.mu};
    Locked() { e.reap(); }
};

// Builds the stored object for a validated caller structure (a copy with
// the engine-assigned fields set).
template <class T, class Copy>
std::shared_ptr<const StoredObj<T>> store(const T& v, uint64_t id, const GUID& key, const Session& s, bool persistent,
                                          Copy copy) {
    auto o = std::make_shared<StoredObj<T>>();
    o->id = id;
    o->key = key;
    o->dynamicOwner = s.dynamic ? s.id : 0;
    o->persistent = persistent;
    o->block = build([&](Builder& b) { copy(b, *b.make<T>(), v); }, &o->size);
    return o;
}

// A zero key becomes a new random one; a given key must be unused
// (FWP_E_ALREADY_EXISTS; wfp-error-codes.md: "An object with that GUID or
// LUID already exists").
template <class Obj>
GUID assignKey(const Engine& e, const Session& s, const GUID& key) {
    if (!isZero(key)) {
        require(!e.byKey<Obj>(s, key), FWP_E_ALREADY_EXISTS);
        return key;
    }
    GUID k;
    do k = randomGuid();
    while (e.byKey<Obj>(s, k));
    return k;
}

// The checks every delete makes after finding the object: built-in objects
// stay (FWP_E_BUILTIN_OBJECT), and the dynamic-session rules of
// FwpmFilterDeleteById0 apply to every object type.
template <class Obj>
void deletable(const Session& s, const std::shared_ptr<const Obj>& o) {
    require(!o->builtin, FWP_E_BUILTIN_OBJECT);
    require(o->dynamicOwner == 0 || o->dynamicOwner == s.id, FWP_E_WRONG_SESSION);
    require(!s.dynamic || o->dynamicOwner == s.id, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
}

bool sameKey(const GUID* p, const GUID& k) { return p && *p == k; }

// Whether any object of the session's view satisfies pred.  A full scan
// (deletes are rare; no allocation, so a delete never needs memory).
template <class Obj, class Pred>
bool anyOf(const Engine& e, const Session& s, Pred pred) {
    bool hit = false;
    e.forEach<Obj>(s, [&](const std::shared_ptr<const Obj>& o) { hit = hit || pred(*o); });
    return hit;
}

template <class T, class Obj, class Copy>
void getOut(const std::shared_ptr<const Obj>& o, T** out, Copy copy) {
    BlockPtr block = buildSized(o->size, [&](Builder& b) { copy(b, *b.make<T>(), o->value()); });
    *out = release<T>(block);
}

}  // namespace

// ---- providers --------------------------------------------------------------

void providerAdd(HANDLE h, const FWPM_PROVIDER0* p) {
    Locked x;
    x.e.session(h);
    require(p != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    bool persistent = (p->flags & FWPM_PROVIDER_FLAG_PERSISTENT) != 0;
    validateProvider(*p, lifetimeIn(s, persistent));
    FWPM_PROVIDER0 v = *p;
    v.providerKey = assignKey<ProviderObj>(x.e, s, p->providerKey);
    x.e.put<ProviderObj>(s, store(v, x.e.nextObjectId(), v.providerKey, s, persistent, copyProvider));
}

void providerDeleteByKey(HANDLE h, const GUID* key) {
    Locked x;
    x.e.session(h);
    require(key != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    ProviderRef p = x.e.byKey<ProviderObj>(s, *key);
    require(p != nullptr, FWP_E_PROVIDER_NOT_FOUND);
    deletable(s, p);
    // concepts/object-management.md: "An object cannot be deleted until all
    // objects that reference it have first been deleted."
    bool used = anyOf<SublayerObj>(x.e, s, [&](const SublayerObj& o) { return sameKey(o.value().providerKey, *key); }) ||
                anyOf<CalloutObj>(x.e, s, [&](const CalloutObj& o) { return sameKey(o.value().providerKey, *key); }) ||
                anyOf<FilterObj>(x.e, s, [&](const FilterObj& o) { return sameKey(o.filter().providerKey, *key); });
    require(!used, FWP_E_IN_USE);
    x.e.erase<ProviderObj>(s, p);
}

void providerGetByKey(HANDLE h, const GUID* key, FWPM_PROVIDER0** out) {
    ProviderRef p;
    {
        Locked x;
        Session& s = x.e.session(h);
        require(key != nullptr && out != nullptr, FWP_E_NULL_POINTER);
        p = x.e.byKey<ProviderObj>(s, *key);
        require(p != nullptr, FWP_E_PROVIDER_NOT_FOUND);
    }
    getOut(p, out, copyProvider);
}

// ---- sublayers ----------------------------------------------------------------

void sublayerAdd(HANDLE h, const FWPM_SUBLAYER0* sl) {
    Locked x;
    x.e.session(h);
    require(sl != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    bool persistent = (sl->flags & FWPM_SUBLAYER_FLAG_PERSISTENT) != 0;
    validateSublayer(*sl, lifetimeIn(s, persistent), SessionRefs(x.e, s));
    FWPM_SUBLAYER0 v = *sl;
    v.subLayerKey = assignKey<SublayerObj>(x.e, s, sl->subLayerKey);
    x.e.put<SublayerObj>(s, store(v, x.e.nextObjectId(), v.subLayerKey, s, persistent, copySublayer));
}

void sublayerDeleteByKey(HANDLE h, const GUID* key) {
    Locked x;
    x.e.session(h);
    require(key != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    SublayerRef sl = x.e.byKey<SublayerObj>(s, *key);
    require(sl != nullptr, FWP_E_SUBLAYER_NOT_FOUND);
    deletable(s, sl);
    require(!anyOf<FilterObj>(x.e, s, [&](const FilterObj& o) { return o.filter().subLayerKey == *key; }), FWP_E_IN_USE);
    x.e.erase<SublayerObj>(s, sl);
}

void sublayerGetByKey(HANDLE h, const GUID* key, FWPM_SUBLAYER0** out) {
    SublayerRef sl;
    {
        Locked x;
        Session& s = x.e.session(h);
        require(key != nullptr && out != nullptr, FWP_E_NULL_POINTER);
        sl = x.e.byKey<SublayerObj>(s, *key);
        require(sl != nullptr, FWP_E_SUBLAYER_NOT_FOUND);
    }
    getOut(sl, out, copySublayer);
}

// ---- callouts -------------------------------------------------------------------

void calloutAdd(HANDLE h, const FWPM_CALLOUT0* c, UINT32* idOut) {
    Locked x;
    x.e.session(h);
    require(c != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    bool persistent = (c->flags & FWPM_CALLOUT_FLAG_PERSISTENT) != 0;
    validateCallout(*c, lifetimeIn(s, persistent), SessionRefs(x.e, s));
    FWPM_CALLOUT0 v = *c;
    v.calloutKey = assignKey<CalloutObj>(x.e, s, c->calloutKey);
    v.calloutId = x.e.nextCalloutId();
    x.e.put<CalloutObj>(s, store(v, v.calloutId, v.calloutKey, s, persistent, copyCallout));
    if (idOut) *idOut = v.calloutId;
}

static void deleteCallout(Engine& e, Session& s, const CalloutRef& c) {
    require(c != nullptr, FWP_E_CALLOUT_NOT_FOUND);
    deletable(s, c);
    const GUID key = c->key;
    require(!anyOf<FilterObj>(e, s,
                              [&](const FilterObj& o) {
                                  const FWPM_FILTER0& f = o.filter();
                                  return (f.action.type & FWP_ACTION_FLAG_CALLOUT) && f.action.calloutKey == key;
                              }),
            FWP_E_IN_USE);
    e.erase<CalloutObj>(s, c);
}

void calloutDeleteById(HANDLE h, UINT32 id) {
    Locked x;
    Session& s = x.e.beginWrite(x.lk, h);
    deleteCallout(x.e, s, x.e.byId<CalloutObj>(s, id));
}

void calloutDeleteByKey(HANDLE h, const GUID* key) {
    Locked x;
    x.e.session(h);
    require(key != nullptr, FWP_E_NULL_POINTER);
    Session& s = x.e.beginWrite(x.lk, h);
    deleteCallout(x.e, s, x.e.byKey<CalloutObj>(s, *key));
}

static void getCallout(HANDLE h, FWPM_CALLOUT0** out, const UINT32* id, const GUID* key) {
    CalloutRef c;
    {
        Locked x;
        Session& s = x.e.session(h);
        require(out != nullptr && (id || key), FWP_E_NULL_POINTER);
        c = id ? x.e.byId<CalloutObj>(s, *id) : x.e.byKey<CalloutObj>(s, *key);
        require(c != nullptr, FWP_E_CALLOUT_NOT_FOUND);
    }
    getOut(c, out, copyCallout);
}

void calloutGetById(HANDLE h, UINT32 id, FWPM_CALLOUT0** out) { getCallout(h, out, &id, nullptr); }
void calloutGetByKey(HANDLE h, const GUID* key, FWPM_CALLOUT0** out) { getCallout(h, out, nullptr, key); }

// ---- layers (static: no lock needed past the session check) --------------------

static void getLayer(HANDLE h, FWPM_LAYER0** out, const UINT16* id, const GUID* key) {
    {
        Locked x;
        x.e.session(h);
        require(out != nullptr && (id || key), FWP_E_NULL_POINTER);
    }
    const LayerInfo* l = id ? findLayerById(*id) : findLayer(*key);
    require(l != nullptr, FWP_E_LAYER_NOT_FOUND);
    BlockPtr block = buildSized(l->size, [&](Builder& b) { copyLayer(b, *b.make<FWPM_LAYER0>(), *l->layer); });
    *out = release<FWPM_LAYER0>(block);
}

void layerGetById(HANDLE h, UINT16 id, FWPM_LAYER0** out) { getLayer(h, out, &id, nullptr); }
void layerGetByKey(HANDLE h, const GUID* key, FWPM_LAYER0** out) { getLayer(h, out, nullptr, key); }

}  // namespace fwpk
