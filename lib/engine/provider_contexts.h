// Provider contexts (FwpmProviderContext*): the stored objects, their store
// with its per-session staged changes, and the operations behind the C ABI.
// The store lives in the Engine and is guarded by the engine lock; the
// engine calls its transaction and session hooks (engine.cpp).
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include "marshal/builder.h"
#include "marshal/guids.h"

namespace fwpk {

struct Session;

struct ProviderContextObj {
    uint64_t id = 0;
    GUID key{};
    uint64_t dynamicOwner = 0;  // id of the dynamic session that added it, else 0
    int version = 0;            // the FWPM_PROVIDER_CONTEXT<version> it was added as (and is stored as)
    uint32_t type = 0;          // FWPM_PROVIDER_CONTEXT_TYPE
    bool hasProvider = false;
    GUID providerKey{};
    BlockPtr block;  // self-contained FWPM_PROVIDER_CONTEXT<version>, providerContextId set
    bool inTunnel = false;  // added by FwpmIPsecTunnelAdd* (engine/tunnels.cpp) for the tunnel
    GUID tunnelKey{};       // keyed so (its quick-mode context's key)
};
using ProviderContextRef = std::shared_ptr<const ProviderContextObj>;

// Committed provider contexts and the changes staged by the session that
// holds the read/write transaction (at most one session stages at a time:
// Engine::beginWrite).  As for filters (docs/design.md, "Teardown needs no
// memory"), every committed context owns a spare staging node, so staging
// its delete, aborting, committing (after prepareCommit) and closing a
// session never allocate.
class ProviderContextStore {
public:
    ProviderContextRef byId(uint64_t session, uint64_t id) const;
    ProviderContextRef byKey(uint64_t session, const GUID& key) const;
    // Visits the session's view in id order.
    template <class Fn> void forEach(uint64_t session, Fn&& fn) const;

    // Writes: staged when `inTxn`, else applied.  put may throw (nothing
    // changes then); erase never allocates.
    void put(uint64_t session, bool inTxn, ProviderContextRef c);
    void erase(uint64_t session, bool inTxn, const ProviderContextRef& c);

    // Transaction and session hooks (Engine::releaseTxn / closeSession).
    void prepareCommit(uint64_t session);      // may throw; changes nothing
    void commit(uint64_t session) noexcept;    // after prepareCommit
    void abort(uint64_t session) noexcept;
    void sessionClosed(uint64_t session) noexcept;  // drops what a dynamic session added

    uint64_t nextId() { return nextId_++; }

private:
    struct GuidLess {
        bool operator()(const GUID& a, const GUID& b) const { return std::memcmp(&a, &b, sizeof(GUID)) < 0; }
    };
    using Map = std::map<uint64_t, ProviderContextRef>;
    using Keys = std::map<GUID, uint64_t, GuidLess>;
    const Map* staged(uint64_t session) const { return stager_ == session && session ? &staged_ : nullptr; }
    void stage(uint64_t session, uint64_t id, ProviderContextRef v);
    Map committed_;
    Keys keys_;
    Map spares_;          // one node per committed context (value null)
    Map staged_;          // the stager's changes: id -> version (null = deleted)
    uint64_t stager_ = 0;
    Keys pendingKeys_;    // built by prepareCommit, with
    Map pendingSpares_;   // the spares of the contexts the commit adds
    uint64_t nextId_ = 1;
};

template <class Fn>
void ProviderContextStore::forEach(uint64_t session, Fn&& fn) const {
    const Map* st = staged(session);
    auto a = committed_.begin();
    if (!st) {
        for (; a != committed_.end(); ++a) fn(a->second);
        return;
    }
    auto b = st->begin();
    while (a != committed_.end() || b != st->end()) {
        if (b == st->end() || (a != committed_.end() && a->first < b->first)) {
            fn((a++)->second);
        } else {
            if (a != committed_.end() && a->first == b->first) ++a;
            if (b->second) fn(b->second);
            ++b;
        }
    }
}

class Engine;

// ---- operations (provider_contexts.cpp); V is 0..3 ----
// The checks of FwpmProviderContextAdd<V> after the session's (flags, type,
// policy, provider, key) and the object they allow, not yet stored.
template <int V, class T>
std::shared_ptr<ProviderContextObj> makeProviderContext(Engine& e, const Session& s, const T* ctx);
template <int V, class T>
void providerContextAdd(HANDLE h, const T* ctx, UINT64* id);
void providerContextDeleteById(HANDLE h, UINT64 id);
void providerContextDeleteByKey(HANDLE h, const GUID* key);
template <int V, class T>
void providerContextGet(HANDLE h, const UINT64* id, const GUID* key, T** out);
void providerContextEnumCreate(HANDLE h, const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0* t, HANDLE* out);
template <int V, class T>
void providerContextEnum(HANDLE h, HANDLE e, UINT32 n, T*** entries, UINT32* returned);
void providerContextEnumDestroy(HANDLE h, HANDLE e);

// The filter-add rule: a filter with FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT
// names a provider context of the session's view, with a compatible lifetime.
void checkFilterProviderContext(const Session& s, const FWPM_FILTER0& f);

}  // namespace fwpk
