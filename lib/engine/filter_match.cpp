// Template matching for filter and SA-context enumeration.  Condition values
// become sets of closed intervals over a field's domain, so "fully contained"
// and "overlapping" are plain interval-set tests.
#include <algorithm>
#include <cstring>
#include "engine/ops.h"

namespace fwpk {

namespace {

__extension__ typedef unsigned __int128 u128;

// Addresses live in two domains (IPv4 and IPv6); ports and protocols in one.
struct Interval {
    int domain;
    u128 lo, hi;
};
using Set = std::vector<Interval>;

u128 domainMax(int domain, FieldKind k) {
    if (k == FieldKind::Port) return 0xFFFF;
    if (k == FieldKind::Protocol) return 0xFF;
    return domain == 4 ? u128(0xFFFFFFFFu) : ~u128(0);
}

u128 fromBytes(const UINT8* b) {
    u128 v = 0;
    for (int i = 0; i < 16; ++i) v = (v << 8) | b[i];
    return v;
}

Set full(FieldKind k) {
    if (k == FieldKind::Address) return {{4, 0, domainMax(4, k)}, {6, 0, domainMax(6, k)}};
    return {{0, 0, domainMax(0, k)}};
}

// A single scalar (or address prefix) as an interval.
bool scalar(const FWP_CONDITION_VALUE0& v, FieldKind k, Interval& out) {
    switch (v.type) {
        case FWP_UINT8: out = {0, v.uint8, v.uint8}; return true;
        case FWP_UINT16: out = {0, v.uint16, v.uint16}; return true;
        case FWP_UINT32: out = {k == FieldKind::Address ? 4 : 0, v.uint32, v.uint32}; return true;
        case FWP_BYTE_ARRAY16_TYPE: {
            u128 a = fromBytes(v.byteArray16->byteArray16);
            out = {6, a, a};
            return true;
        }
        case FWP_V4_ADDR_MASK: {
            u128 mask = v.v4AddrMask->mask;
            u128 lo = v.v4AddrMask->addr & v.v4AddrMask->mask;
            out = {4, lo, lo | (~mask & 0xFFFFFFFFu)};
            return true;
        }
        case FWP_V6_ADDR_MASK: {
            unsigned p = v.v6AddrMask->prefixLength;
            u128 a = fromBytes(v.v6AddrMask->addr);
            u128 host = p >= 128 ? u128(0) : (~u128(0) >> p);
            out = {6, a & ~host, (a & ~host) | host};
            return true;
        }
        default: return false;
    }
}

FWP_CONDITION_VALUE0 asCondition(const FWP_VALUE0& v) {
    FWP_CONDITION_VALUE0 c;
    std::memset(&c, 0, sizeof c);
    std::memcpy(&c, &v, sizeof v);
    return c;
}

// The set of field values a condition matches.
Set conditionSet(const FWPM_FILTER_CONDITION0& c, FieldKind k) {
    const FWP_CONDITION_VALUE0& v = c.conditionValue;
    Interval x;
    if (v.type == FWP_RANGE_TYPE) {
        Interval lo, hi;
        if (!scalar(asCondition(v.rangeValue->valueLow), k, lo) || !scalar(asCondition(v.rangeValue->valueHigh), k, hi))
            return full(k);
        return {{lo.domain, lo.lo, hi.hi}};
    }
    if (!scalar(v, k, x)) return full(k);
    u128 max = domainMax(x.domain, k);
    switch (c.matchType) {
        case FWP_MATCH_EQUAL: return {x};
        case FWP_MATCH_GREATER: return x.hi < max ? Set{{x.domain, x.hi + 1, max}} : Set{};
        case FWP_MATCH_LESS: return x.lo > 0 ? Set{{x.domain, 0, x.lo - 1}} : Set{};
        case FWP_MATCH_GREATER_OR_EQUAL: return {{x.domain, x.lo, max}};
        case FWP_MATCH_LESS_OR_EQUAL: return {{x.domain, 0, x.hi}};
        case FWP_MATCH_NOT_EQUAL: {
            Set s;
            if (k == FieldKind::Address) s.push_back({x.domain == 4 ? 6 : 4, 0, domainMax(x.domain == 4 ? 6 : 4, k)});
            if (x.lo > 0) s.push_back({x.domain, 0, x.lo - 1});
            if (x.hi < max) s.push_back({x.domain, x.hi + 1, max});
            return s;
        }
        default: return full(k);  // flag tests: any value may match
    }
}

// Union of the conditions on `field` (conditions on one field are OR'ed).
Set fieldSet(const FWPM_FILTER_CONDITION0* cs, UINT32 n, const GUID& field, FieldKind k, bool& present) {
    Set s;
    present = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (cs[i].fieldKey != field) continue;
        present = true;
        Set c = conditionSet(cs[i], k);
        s.insert(s.end(), c.begin(), c.end());
    }
    return present ? s : full(k);
}

bool within(const Interval& a, const Set& b) {
    for (const Interval& x : b)
        if (x.domain == a.domain && x.lo <= a.lo && a.hi <= x.hi) return true;
    return false;
}

// a ⊆ b, for b whose intervals may touch: merge b first.
bool subset(const Set& a, Set b) {
    std::sort(b.begin(), b.end(), [](const Interval& x, const Interval& y) {
        return x.domain != y.domain ? x.domain < y.domain : x.lo < y.lo;
    });
    Set merged;
    for (const Interval& x : b) {
        if (!merged.empty() && merged.back().domain == x.domain &&
            (x.lo <= merged.back().hi || x.lo - 1 == merged.back().hi))
            merged.back().hi = std::max(merged.back().hi, x.hi);
        else
            merged.push_back(x);
    }
    for (const Interval& x : a)
        if (!within(x, merged)) return false;
    return true;
}

bool overlaps(const Set& a, const Set& b) {
    for (const Interval& x : a)
        for (const Interval& y : b)
            if (x.domain == y.domain && x.lo <= y.hi && y.lo <= x.hi) return true;
    return false;
}

}  // namespace

bool filterMatches(const FWPM_FILTER0& f, const FWPM_FILTER_ENUM_TEMPLATE0& t) {
    if (!isZero(t.layerKey) && f.layerKey != t.layerKey) return false;
    // providerKey: only that provider's filters.  No filter has a provider
    // context yet, so a providerContextTemplate matches nothing.
    if (t.providerKey && !(f.providerKey && *f.providerKey == *t.providerKey)) return false;
    if (t.providerContextTemplate) return false;
    if ((f.action.type & t.actionMask) == 0) return false;
    if (t.calloutKey && (!(f.action.type & FWP_ACTION_FLAG_CALLOUT) || f.action.calloutKey != *t.calloutKey))
        return false;
    bool boot = (f.flags & FWPM_FILTER_FLAG_BOOTTIME) != 0;
    if (t.flags & FWP_FILTER_ENUM_FLAG_BOOTTIME_ONLY) {
        if (!boot) return false;
    } else if (boot && !(t.flags & FWP_FILTER_ENUM_FLAG_INCLUDE_BOOTTIME)) {
        return false;
    }
    for (UINT32 i = 0; i < t.numFilterConditions; ++i) {
        const GUID& field = t.filterCondition[i].fieldKey;
        FieldKind k = findCondition(field)->kind;
        bool inFilter, inTemplate;
        Set want = fieldSet(t.filterCondition, t.numFilterConditions, field, k, inTemplate);
        Set have = fieldSet(f.filterCondition, f.numFilterConditions, field, k, inFilter);
        bool ok = t.enumType == FWP_FILTER_ENUM_FULLY_CONTAINED ? subset(have, want) : overlaps(have, want);
        if (!ok) return false;
    }
    return true;
}

UINT64 effectiveWeight(const FWP_VALUE0& w) {
    if (w.type == FWP_UINT64) return *w.uint64;
    if (w.type == FWP_UINT8) return UINT64(w.uint8) << 60;
    return 0;
}

static bool terminating(FWP_ACTION_TYPE t) { return (t & FWP_ACTION_FLAG_TERMINATING) != 0; }

std::vector<FilterRef> filterEnumPostProcess(std::vector<FilterRef> v, UINT32 flags) {
    auto weight = [](const FilterRef& f) { return *f->filter().effectiveWeight.uint64; };
    if (flags & FWP_FILTER_ENUM_FLAG_BEST_TERMINATING_MATCH) {
        const FilterRef* best = nullptr;
        for (const FilterRef& f : v)
            if (terminating(f->filter().action.type) && (!best || weight(f) > weight(*best))) best = &f;
        std::vector<FilterRef> kept;
        for (const FilterRef& f : v)
            if (!terminating(f->filter().action.type) || &f == best) kept.push_back(f);
        v = std::move(kept);
    }
    if (flags & FWP_FILTER_ENUM_FLAG_SORTED)
        std::stable_sort(v.begin(), v.end(), [&](const FilterRef& a, const FilterRef& b) { return weight(a) > weight(b); });
    return v;
}

bool subnetMatches(const FWP_CONDITION_VALUE0& subnet, const IPSEC_TRAFFIC1& t, bool local) {
    if (subnet.type == FWP_EMPTY) return true;
    Interval want;
    if (!scalar(subnet, FieldKind::Address, want)) return false;
    Interval have;
    if (t.ipVersion == FWP_IP_VERSION_V4) {
        u128 a = local ? t.localV4Address : t.remoteV4Address;
        have = {4, a, a};
    } else {
        u128 a = fromBytes(local ? t.localV6Address : t.remoteV6Address);
        have = {6, a, a};
    }
    return have.domain == want.domain && want.lo <= have.lo && have.hi <= want.hi;
}

}  // namespace fwpk
