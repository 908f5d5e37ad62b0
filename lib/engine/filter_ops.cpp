#include "engine/ops.h"
#include "marshal/copy.h"
#include "marshal/validate.h"

namespace fwpk {

// A checked filter as a stored object: its id, its effective weight and one
// self-contained block (shared by FwpmFilterAdd0 and the tunnels' filters).
std::shared_ptr<FilterObj> makeFilterObj(Engine& e, const Session& s, FWPM_FILTER0 f) {
    UINT64 weight = effectiveWeight(f.weight, f.filterCondition, f.numFilterConditions);
    f.effectiveWeight.type = FWP_UINT64;
    f.effectiveWeight.uint64 = &weight;
    f.filterId = e.nextFilterId();
    auto obj = std::make_shared<FilterObj>();
    obj->id = f.filterId;
    obj->key = f.filterKey;
    obj->dynamicOwner = s.dynamic ? s.id : 0;
    obj->block = build([&](Builder& b) { copyFilter(b, *b.make<FWPM_FILTER0>(), f); }, &obj->size);
    return obj;
}

void filterAdd(HANDLE h, const FWPM_FILTER0* filter, UINT64* idOut) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    e.session(h);
    require(filter != nullptr, FWP_E_NULL_POINTER);
    Session& s = e.beginWrite(lk, h);
    validateFilter(*filter, lifetimeIn(s, (filter->flags & (FWPM_FILTER_FLAG_PERSISTENT | FWPM_FILTER_FLAG_BOOTTIME)) != 0),
                   SessionRefs(e, s));
    checkFilterProviderContext(s, *filter);
    if (filter->flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT)  // found by the check above
        requireContextFitsLayer(*findLayer(filter->layerKey), e.providerContexts.byKey(s.id, filter->providerContextKey)->type);

    FWPM_FILTER0 f = *filter;
    if (isZero(f.filterKey)) {
        do f.filterKey = randomGuid();
        while (e.filterByKey(s, f.filterKey));
    } else {
        require(!e.filterByKey(s, f.filterKey), FWP_E_ALREADY_EXISTS);
    }
    std::shared_ptr<FilterObj> obj = makeFilterObj(e, s, f);
    e.putFilter(s, obj);
    if (idOut) *idOut = obj->id;
}

// Dynamic-session rules of the FwpmFilterDeleteById0/ByKey0 pages: another
// dynamic session's filter is FWP_E_WRONG_SESSION (for any caller); a dynamic
// session may delete only its own filters, so a filter no dynamic session
// added is FWP_E_DYNAMIC_SESSION_IN_PROGRESS for it.
static void deleteFilter(Engine& e, Session& s, const FilterRef& f) {
    require(f != nullptr, FWP_E_FILTER_NOT_FOUND);
    require(f->dynamicOwner == 0 || f->dynamicOwner == s.id, FWP_E_WRONG_SESSION);
    require(!s.dynamic || f->dynamicOwner == s.id, FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    e.eraseFilter(s, f);
}

void filterDeleteById(HANDLE h, UINT64 id) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    Session& s = e.beginWrite(lk, h);
    deleteFilter(e, s, e.filterById(s, id));
}

void filterDeleteByKey(HANDLE h, const GUID* key) {
    Engine& e = Engine::instance();
    Engine::Lock lk(e.mu);
    e.reap();
    e.session(h);
    require(key != nullptr, FWP_E_NULL_POINTER);
    Session& s = e.beginWrite(lk, h);
    deleteFilter(e, s, e.filterByKey(s, *key));
}

static void getFilter(HANDLE h, FWPM_FILTER0** out, const UINT64* id, const GUID* key) {
    Engine& e = Engine::instance();
    FilterRef f;
    {
        Engine::Lock lk(e.mu);
        e.reap();
        Session& s = e.session(h);
        require(out != nullptr && (id || key), FWP_E_NULL_POINTER);
        f = id ? e.filterById(s, *id) : e.filterByKey(s, *key);
        require(f != nullptr, FWP_E_FILTER_NOT_FOUND);
    }
    BlockPtr block = buildSized(f->size, [&](Builder& b) { copyFilter(b, *b.make<FWPM_FILTER0>(), f->filter()); });
    *out = release<FWPM_FILTER0>(block);
}

void filterGetById(HANDLE h, UINT64 id, FWPM_FILTER0** out) { getFilter(h, out, &id, nullptr); }
void filterGetByKey(HANDLE h, const GUID* key, FWPM_FILTER0** out) { getFilter(h, out, nullptr, key); }

}  // namespace fwpk
