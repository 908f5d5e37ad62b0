// Provider contexts: the store (provider_contexts.h) and the operations.
// Deep copies and version conversions are generated from the headers
// (bindings/gen/libcopy.py -> fwpk_convert.h), so no policy structure is
// walked by hand here.
#include "engine/provider_contexts.h"
#include <algorithm>
#include <cstddef>
#include <vector>
#include "engine/engine.h"
#include "fwpk_convert.h"

namespace fwpk {

namespace gen {
// SID (reached through FWP_VALUE0 in classify options): as marshal/copy.cpp
// sizes it, from its SubAuthorityCount.
void checkFlex(const SID&) {}
void* cloneFlex(Builder& b, const SID& s) {
    size_t n = offsetof(SID, SubAuthority) + sizeof(DWORD) * s.SubAuthorityCount;
    if (n < sizeof(SID)) n = sizeof(SID);
    void* d = b.raw(n);
    std::memcpy(d, &s, n);
    return d;
}
}  // namespace gen

// ---- store ------------------------------------------------------------------------

ProviderContextRef ProviderContextStore::byId(uint64_t session, uint64_t id) const {
    if (const Map* st = staged(session)) {
        auto it = st->find(id);
        if (it != st->end()) return it->second;
    }
    auto it = committed_.find(id);
    return it != committed_.end() ? it->second : nullptr;
}

ProviderContextRef ProviderContextStore::byKey(uint64_t session, const GUID& key) const {
    if (const Map* st = staged(session)) {
        for (const auto& kv : *st)
            if (kv.second && kv.second->key == key) return kv.second;
    }
    auto k = keys_.find(key);
    if (k == keys_.end()) return nullptr;
    return byId(session, k->second);  // may be deleted in the session's view
}

// Stages v for id: in the node already staged, else in the context's spare
// (a committed context: no allocation), else in a new node (a context new in
// this transaction: may throw, nothing changed then).
void ProviderContextStore::stage(uint64_t session, uint64_t id, ProviderContextRef v) {
    stager_ = session;
    auto it = staged_.find(id);
    if (it != staged_.end()) {
        it->second = std::move(v);
        return;
    }
    auto sp = spares_.find(id);
    if (sp != spares_.end()) {
        auto node = spares_.extract(sp);
        node.mapped() = std::move(v);
        staged_.insert(std::move(node));
        return;
    }
    staged_.emplace(id, std::move(v));
}

void ProviderContextStore::put(uint64_t session, bool inTxn, ProviderContextRef c) {
    uint64_t id = c->id;
    if (inTxn) {
        stage(session, id, std::move(c));
        return;
    }
    // Everything a new committed context needs, allocated first.
    Map spare, entry;
    Keys key;
    spare.emplace(id, nullptr);
    key.emplace(c->key, id);
    entry.emplace(id, std::move(c));
    spares_.merge(spare);
    keys_.merge(key);
    committed_.merge(entry);
}

void ProviderContextStore::erase(uint64_t session, bool inTxn, const ProviderContextRef& c) {
    if (inTxn) {
        stage(session, c->id, nullptr);  // a committed context's spare, or its staged node
        return;
    }
    keys_.erase(c->key);
    committed_.erase(c->id);
    spares_.erase(c->id);
}

void ProviderContextStore::prepareCommit(uint64_t session) {
    pendingKeys_.clear();
    pendingSpares_.clear();
    if (!staged(session)) return;
    for (const auto& kv : staged_) {
        if (kv.second && !committed_.count(kv.first)) {
            pendingKeys_.emplace(kv.second->key, kv.first);
            pendingSpares_.emplace(kv.first, nullptr);
        }
    }
}

void ProviderContextStore::commit(uint64_t session) noexcept {
    if (staged(session)) {
        while (!staged_.empty()) {
            auto node = staged_.extract(staged_.begin());  // moved, not copied: no allocation
            auto c = committed_.find(node.key());
            if (!node.mapped()) {
                if (c != committed_.end()) {  // its spare is this staged node, freed here
                    keys_.erase(c->second->key);
                    committed_.erase(c);
                }
            } else if (c != committed_.end()) {
                c->second = std::move(node.mapped());
                node.mapped() = nullptr;
                spares_.insert(std::move(node));
            } else {
                auto k = pendingKeys_.find(node.mapped()->key);
                if (k != pendingKeys_.end()) keys_.insert(pendingKeys_.extract(k));
                auto sp = pendingSpares_.find(node.key());
                if (sp != pendingSpares_.end()) spares_.insert(pendingSpares_.extract(sp));
                committed_.insert(std::move(node));
            }
        }
        stager_ = 0;
    }
    pendingKeys_.clear();
    pendingSpares_.clear();
}

void ProviderContextStore::abort(uint64_t session) noexcept {
    if (!staged(session)) return;
    while (!staged_.empty()) {
        auto node = staged_.extract(staged_.begin());
        if (committed_.count(node.key())) {  // back to its spare
            node.mapped() = nullptr;
            spares_.insert(std::move(node));
        }
    }
    stager_ = 0;
}

void ProviderContextStore::sessionClosed(uint64_t session) noexcept {
    abort(session);
    for (auto it = committed_.begin(); it != committed_.end();) {
        if (it->second->dynamicOwner == session) {
            keys_.erase(it->second->key);
            spares_.erase(it->first);
            it = committed_.erase(it);
        } else {
            ++it;
        }
    }
}

// ---- versions -------------------------------------------------------------------

// The last FWPM_PROVIDER_CONTEXT_TYPE whose union arm each version declares
// (types are numbered in the order the versions added them).
static constexpr uint32_t kMaxType[4] = {FWPM_GENERAL_CONTEXT, FWPM_IPSEC_DOSP_CONTEXT,
                                         FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT,
                                         FWPM_NETWORK_CONNECTION_POLICY_CONTEXT};

// The stored context, converted to version T, into b.
template <class T>
static void emit(Builder& b, T& d, const ProviderContextObj& c) {
    const void* p = c.block.get();
    switch (c.version) {
        case 0: gen::conv(b, d, *static_cast<const FWPM_PROVIDER_CONTEXT0*>(p)); break;
        case 1: gen::conv(b, d, *static_cast<const FWPM_PROVIDER_CONTEXT1*>(p)); break;
        case 2: gen::conv(b, d, *static_cast<const FWPM_PROVIDER_CONTEXT2*>(p)); break;
        default: gen::conv(b, d, *static_cast<const FWPM_PROVIDER_CONTEXT3*>(p)); break;
    }
}

// ---- operations ------------------------------------------------------------------

static const UINT32 kContextFlags = FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT;

template <int V, class T>
std::shared_ptr<ProviderContextObj> makeProviderContext(Engine& e, const Session& s, const T* ctx) {
    require(ctx->displayData.name != nullptr, FWP_E_NULL_DISPLAY_NAME);
    require((ctx->flags & ~kContextFlags) == 0, FWP_E_INVALID_FLAGS);
    require(!(s.dynamic && (ctx->flags & FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT)), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    require(raw(ctx->type) <= kMaxType[V], FWP_E_INVALID_ENUMERATOR);
    // Every arm of the union is a pointer at the same offset: the type's arm is present.
    void* arm;
    std::memcpy(&arm, &ctx->keyingPolicy, sizeof arm);
    require(arm != nullptr, FWP_E_NULL_POINTER);
    gen::check(*ctx);
    // A provider key names a provider of the session's view, which lives at
    // least as long as the context (as for sublayers and callouts).
    if (ctx->providerKey) {
        RefInfo provider = SessionRefs(e, s).provider(*ctx->providerKey);
        require(provider.found, FWP_E_PROVIDER_NOT_FOUND);
        requireLifetime(lifetimeIn(s, (ctx->flags & FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT) != 0), provider);
    }
    T c = *ctx;
    if (isZero(c.providerContextKey)) {
        do c.providerContextKey = randomGuid();
        while (e.providerContexts.byKey(s.id, c.providerContextKey));
    } else {
        require(!e.providerContexts.byKey(s.id, c.providerContextKey), FWP_E_ALREADY_EXISTS);
    }
    auto obj = std::make_shared<ProviderContextObj>();
    obj->id = e.providerContexts.nextId();
    obj->key = c.providerContextKey;
    obj->dynamicOwner = s.dynamic ? s.id : 0;
    obj->version = V;
    obj->type = raw(c.type);
    obj->hasProvider = c.providerKey != nullptr;
    if (c.providerKey) obj->providerKey = *c.providerKey;
    c.providerContextId = obj->id;
    obj->block = build([&](Builder& b) { gen::conv(b, *b.make<T>(), c); });
    return obj;
}

template <int V, class T>
void providerContextAdd(HANDLE h, const T* ctx, UINT64* idOut) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    e.session(h);
    require(ctx != nullptr, FWP_E_NULL_POINTER);
    Session& s = e.beginWrite(lk, h);
    ProviderContextRef obj = makeProviderContext<V>(e, s, ctx);
    e.providerContexts.put(s.id, s.txn != nullptr, obj);
    if (idOut) *idOut = obj->id;
}

// Dynamic-session rules of the DeleteById0/ByKey0 pages, as for filters; a
// context a filter of the session's view names is FWP_E_IN_USE.
static void deleteContext(Engine& e, Session& s, const ProviderContextRef& c) {
    require(c != nullptr, FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    require(c->dynamicOwner == 0 || c->dynamicOwner == s.id, FWP_E_WRONG_SESSION);
    require(!s.dynamic || c->dynamicOwner == s.id, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    bool used = false;
    e.forEachFilter(s, [&](const FilterRef& f) {
        const FWPM_FILTER0& x = f->filter();
        if ((x.flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT) && x.providerContextKey == c->key) used = true;
    });
    require(!used, FWP_E_IN_USE);
    e.providerContexts.erase(s.id, s.txn != nullptr, c);
}

void providerContextDeleteById(HANDLE h, UINT64 id) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.beginWrite(lk, h);
    deleteContext(e, s, e.providerContexts.byId(s.id, id));
}

void providerContextDeleteByKey(HANDLE h, const GUID* key) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    e.session(h);
    require(key != nullptr, FWP_E_NULL_POINTER);
    Session& s = e.beginWrite(lk, h);
    deleteContext(e, s, e.providerContexts.byKey(s.id, *key));
}

template <int V, class T>
void providerContextGet(HANDLE h, const UINT64* id, const GUID* key, T** out) {
    Engine& e = Engine::instance();
    ProviderContextRef c;
    {
        Engine::Lock lk(e.mu);
        e.reap();
        Session& s = e.session(h);
        require(out != nullptr && (id || key), FWP_E_NULL_POINTER);
        c = id ? e.providerContexts.byId(s.id, *id) : e.providerContexts.byKey(s.id, *key);
        // A type this version cannot carry: the context is not visible through it.
        require(c != nullptr && c->type <= kMaxType[V], FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    }
    BlockPtr block = build([&](Builder& b) { emit(b, *b.make<T>(), *c); });
    *out = static_cast<T*>(block.release());
}

// ---- enumeration -------------------------------------------------------------------

using ProviderContextEnumObj = ListEnum<ProviderContextRef, HandleKind::ProviderContextEnum>;

void providerContextEnumCreate(HANDLE h, const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0* t, HANDLE* out) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.session(h);
    require(out != nullptr, FWP_E_NULL_POINTER);
    if (t) require(raw(t->providerContextType) < FWPM_PROVIDER_CONTEXT_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    auto en = std::make_unique<ProviderContextEnumObj>(s.id);
    e.providerContexts.forEach(s.id, [&](const ProviderContextRef& c) {
        if (t && c->type != raw(t->providerContextType)) return;
        if (t && t->providerKey && !(c->hasProvider && c->providerKey == *t->providerKey)) return;
        en->items.push_back(c);
    });
    ProviderContextEnumObj* rawEnum = en.get();
    HANDLE eh = e.handles.insert(std::move(en));
    rawEnum->self = eh;
    s.link(rawEnum);  // O(1), no allocation
    *out = eh;
}

template <int V, class T>
void providerContextEnum(HANDLE h, HANDLE eh, UINT32 n, T*** entries, UINT32* returned) {
    Engine& e = Engine::instance();
    std::vector<ProviderContextRef> batch;
    BlockPtr block;
    size_t total = 0;
    {
        Engine::Lock lk(e.mu);
        Session& s = e.session(h);
        auto* obj = e.handles.find(eh, HandleKind::ProviderContextEnum);
        require(obj != nullptr && obj->owner == s.id, STATUS_INVALID_HANDLE);
        require(entries != nullptr && returned != nullptr, FWP_E_NULL_POINTER);
        auto& en = static_cast<ProviderContextEnumObj&>(*obj);
        size_t pos = en.pos;
        batch.reserve(std::min<size_t>(n, en.items.size() - en.pos));
        // Contexts of a type this version cannot carry are skipped.
        for (; batch.size() < n && pos < en.items.size(); ++pos)
            if (en.items[pos]->type <= kMaxType[V]) batch.push_back(en.items[pos]);
        total = sizeof(T*) * batch.size();
        for (const auto& c : batch) {
            Builder measure;
            emit(measure, *measure.make<T>(), *c);
            total += measure.used();
        }
        if (!batch.empty()) {
            block.reset(std::malloc(total));
            if (!block) throw std::bad_alloc();
        }
        en.pos = pos;  // nothing below can fail
    }
    if (batch.empty()) return;
    Builder b(block.get(), total);
    T** arr = b.make<T*>(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        T* x = b.make<T>();
        emit(b, *x, *batch[i]);
        arr[i] = x;
    }
    *entries = static_cast<T**>(block.release());
    *returned = UINT32(batch.size());
}

void providerContextEnumDestroy(HANDLE h, HANDLE eh) {
    Engine& e = Engine::instance();
    std::unique_ptr<HandleObject> dead;
    {
        Engine::Lock lk(e.mu);
        Session& s = e.session(h);
        HandleObject* obj = e.handles.find(eh, HandleKind::ProviderContextEnum);
        require(obj != nullptr && obj->owner == s.id, STATUS_INVALID_HANDLE);
        s.unlink(static_cast<EnumBase*>(obj));
        dead = e.handles.take(eh, HandleKind::ProviderContextEnum);
    }
}

// ---- filters -------------------------------------------------------------------------

void checkFilterProviderContext(const Session& s, const FWPM_FILTER0& f) {
    if (!(f.flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT)) return;
    ProviderContextRef c = Engine::instance().providerContexts.byKey(s.id, f.providerContextKey);
    require(c != nullptr, FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
    // A dynamic context goes with its session: only that session's (dynamic)
    // filters may name it.
    require(c->dynamicOwner == 0 || c->dynamicOwner == s.id, FWP_E_LIFETIME_MISMATCH);
}

#define FWPK_PC_VERSION(V)                                                                              \
    template void providerContextAdd<V>(HANDLE, const FWPM_PROVIDER_CONTEXT##V*, UINT64*);              \
    template std::shared_ptr<ProviderContextObj> makeProviderContext<V>(Engine&, const Session&,         \
                                                                      const FWPM_PROVIDER_CONTEXT##V*);   \
    template void providerContextGet<V>(HANDLE, const UINT64*, const GUID*, FWPM_PROVIDER_CONTEXT##V**); \
    template void providerContextEnum<V>(HANDLE, HANDLE, UINT32, FWPM_PROVIDER_CONTEXT##V***, UINT32*);
FWPK_PC_VERSION(0)
FWPK_PC_VERSION(1)
FWPK_PC_VERSION(2)
FWPK_PC_VERSION(3)
#undef FWPK_PC_VERSION

}  // namespace fwpk
