// Template matching for filter and SA-context enumeration.  Condition values
// become sets of closed intervals over a field's domain, so "fully contained"
// and "overlapping" are plain interval-set tests.
#include <algorithm>
#include <cstring>
#include <cwchar>
#include "engine/ops.h"

namespace fwpk {

namespace {

__extension__ typedef unsigned __int128 u128;

// A value's domain is its data type, address masks counting as the address
// type they mask (so FWP_UINT32 and FWP_V4_ADDR_MASK compare); domain -1 is a
// field whose data type the catalogue does not give.
struct Interval {
    int domain;
    u128 lo, hi;
};
using Set = std::vector<Interval>;

int domainOf(FWP_DATA_TYPE t) {
    if (t == FWP_V4_ADDR_MASK) return FWP_UINT32;
    if (t == FWP_V6_ADDR_MASK) return FWP_BYTE_ARRAY16_TYPE;
    return int(t);
}

// Integer and byte-array domains are ordered; the others (blobs, strings,
// SIDs, descriptors, floats, bitmaps) are compared by a hash of their bytes,
// which supports equality only.
bool ordered(int d) { return (d >= FWP_UINT8 && d <= FWP_INT64) || d == FWP_BYTE_ARRAY16_TYPE || d == FWP_BYTE_ARRAY6_TYPE; }

unsigned widthOf(int d) {
    switch (d) {
        case FWP_UINT8: case FWP_INT8: return 8;
        case FWP_UINT16: case FWP_INT16: return 16;
        case FWP_UINT32: case FWP_INT32: return 32;
        case FWP_BYTE_ARRAY6_TYPE: return 48;
        case FWP_UINT64: case FWP_INT64: return 64;
        default: return 128;
    }
}

u128 domainMax(int d) {
    unsigned w = widthOf(d);
    return w >= 128 ? ~u128(0) : (u128(1) << w) - 1;
}

u128 fromBytes(const UINT8* b, int n) {
    u128 v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | b[i];
    return v;
}

// Two FNV-1a passes with different offsets, one 128-bit value.
u128 hashBytes(const void* p, size_t n) {
    const UINT8* b = static_cast<const UINT8*>(p);
    uint64_t h1 = 0xcbf29ce484222325ull, h2 = 0x84222325cbf29ce4ull;
    for (size_t i = 0; i < n; ++i) {
        h1 = (h1 ^ b[i]) * 0x100000001b3ull;
        h2 = (h2 ^ b[i]) * 0x100000001b3ull;
    }
    return (u128(h1) << 64) | h2;
}

// Signed integers biased so that their order is the unsigned order.
template <class U, class S>
u128 biased(S v) {
    return u128(U(v) ^ (U(1) << (sizeof(U) * 8 - 1)));
}

// The point (or address prefix) a single value designates.
template <class V>
bool point(const V& v, Interval& out) {
    int d = domainOf(v.type);
    u128 x;
    switch (v.type) {
        case FWP_UINT8: x = v.uint8; break;
        case FWP_UINT16: x = v.uint16; break;
        case FWP_UINT32: x = v.uint32; break;
        case FWP_UINT64: x = *v.uint64; break;
        case FWP_INT8: x = biased<uint8_t>(v.int8); break;
        case FWP_INT16: x = biased<uint16_t>(v.int16); break;
        case FWP_INT32: x = biased<uint32_t>(v.int32); break;
        case FWP_INT64: x = biased<uint64_t>(*v.int64); break;
        case FWP_BYTE_ARRAY16_TYPE: x = fromBytes(v.byteArray16->byteArray16, 16); break;
        case FWP_BYTE_ARRAY6_TYPE: x = fromBytes(v.byteArray6->byteArray6, 6); break;
        case FWP_FLOAT: x = hashBytes(&v.float32, sizeof v.float32); break;
        case FWP_DOUBLE: x = hashBytes(v.double64, sizeof *v.double64); break;
        case FWP_BYTE_BLOB_TYPE: x = hashBytes(v.byteBlob->data, v.byteBlob->size); break;
        case FWP_SECURITY_DESCRIPTOR_TYPE: x = hashBytes(v.sd->data, v.sd->size); break;
        case FWP_SID: x = hashBytes(v.sid, 8 + 4 * size_t(v.sid->SubAuthorityCount)); break;
        case FWP_UNICODE_STRING_TYPE: x = hashBytes(v.unicodeString, std::wcslen(v.unicodeString) * sizeof(wchar_t)); break;
        case FWP_BITMAP_ARRAY64_TYPE: x = hashBytes(v.bitmapArray64, sizeof *v.bitmapArray64); break;
        default: return false;
    }
    out = {d, x, x};
    return true;
}

bool single(const FWP_CONDITION_VALUE0& v, Interval& out) {
    if (v.type == FWP_V4_ADDR_MASK) {
        u128 mask = v.v4AddrMask->mask;
        u128 lo = v.v4AddrMask->addr & v.v4AddrMask->mask;
        out = {FWP_UINT32, lo, lo | (~mask & 0xFFFFFFFFu)};
        return true;
    }
    if (v.type == FWP_V6_ADDR_MASK) {
        unsigned p = v.v6AddrMask->prefixLength;
        u128 a = fromBytes(v.v6AddrMask->addr, 16);
        u128 host = p >= 128 ? u128(0) : (~u128(0) >> p);
        out = {FWP_BYTE_ARRAY16_TYPE, a & ~host, (a & ~host) | host};
        return true;
    }
    return point(v, out);
}

// Every value the field may take at `layer`: one full interval per data type
// the field has there.  Empty when the layer has no such field.
Set fieldFull(const FWPM_LAYER0& layer, const GUID& field) {
    Set s;
    for (UINT32 i = 0; i < layer.numFields; ++i) {
        const FWPM_FIELD0& f = layer.field[i];
        if (*f.fieldKey != field) continue;
        if (f.dataType == FWP_EMPTY) s.push_back({-1, 0, ~u128(0)});
        else s.push_back({domainOf(f.dataType), 0, domainMax(domainOf(f.dataType))});
    }
    return s;
}

// The full set with domain x.domain replaced by `within`.
Set replaceDomain(const Set& full, int domain, Set within) {
    for (const Interval& i : full)
        if (i.domain != domain) within.push_back(i);
    return within;
}

// The set of field values a condition matches.
Set conditionSet(const FWPM_FILTER_CONDITION0& c, const Set& full) {
    const FWP_CONDITION_VALUE0& v = c.conditionValue;
    if (v.type == FWP_RANGE_TYPE) {
        Interval lo, hi;
        if (!point(v.rangeValue->valueLow, lo) || !point(v.rangeValue->valueHigh, hi) || !ordered(lo.domain)) return full;
        return {{lo.domain, lo.lo, hi.hi}};
    }
    Interval x;
    if (!single(v, x)) return full;
    u128 max = domainMax(x.domain);
    Set below = x.lo > 0 ? Set{{x.domain, 0, x.lo - 1}} : Set{};
    Set above = x.hi < max ? Set{{x.domain, x.hi + 1, max}} : Set{};
    switch (c.matchType) {
        case FWP_MATCH_EQUAL: return {x};
        case FWP_MATCH_NOT_EQUAL: {
            below.insert(below.end(), above.begin(), above.end());
            return replaceDomain(full, x.domain, below);
        }
        default: break;
    }
    if (!ordered(x.domain)) return full;  // a hash has no order
    switch (c.matchType) {
        case FWP_MATCH_GREATER: return above;
        case FWP_MATCH_LESS: return below;
        case FWP_MATCH_GREATER_OR_EQUAL: return {{x.domain, x.lo, max}};
        case FWP_MATCH_LESS_OR_EQUAL: return {{x.domain, 0, x.hi}};
        default: return full;  // flag and prefix tests: any value may match
    }
}

// Union of the conditions on `field` (conditions on one field are OR'ed);
// the full set when there is none.
Set fieldSet(const FWPM_FILTER_CONDITION0* cs, UINT32 n, const GUID& field, const Set& full) {
    Set s;
    bool present = false;
    for (UINT32 i = 0; i < n; ++i) {
        if (cs[i].fieldKey != field) continue;
        present = true;
        Set c = conditionSet(cs[i], full);
        s.insert(s.end(), c.begin(), c.end());
    }
    return present ? s : full;
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

bool providerContextMatches(const Session& s, const FWPM_FILTER0& f, const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0& t) {
    if (!(f.flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT)) return false;
    ProviderContextRef c = Engine::instance().providerContexts.byKey(s.id, f.providerContextKey);
    if (!c) return false;
    if (t.providerKey && !(c->hasProvider && c->providerKey == *t.providerKey)) return false;
    return c->type == UINT32(t.providerContextType);
}

unsigned bitLength(u128 x) {
    unsigned n = 0;
    while (x) ++n, x >>= 1;
    return n;
}

// How many bits of the field a condition fixes (docs/decisions.md, "Filter
// weights"): an exact value its width (64 for values compared by hash), an
// address prefix its length, a range its width less the bits it spans, any
// other test none.
unsigned fixedBits(const FWPM_FILTER_CONDITION0& c) {
    const FWP_CONDITION_VALUE0& v = c.conditionValue;
    if (v.type == FWP_RANGE_TYPE) {
        Interval lo, hi;
        if (!point(v.rangeValue->valueLow, lo) || !point(v.rangeValue->valueHigh, hi) || !ordered(lo.domain)) return 0;
        return widthOf(lo.domain) - bitLength(hi.lo - lo.lo);
    }
    if (c.matchType != FWP_MATCH_EQUAL) return 0;
    if (v.type == FWP_V4_ADDR_MASK) return unsigned(__builtin_popcount(v.v4AddrMask->mask));
    if (v.type == FWP_V6_ADDR_MASK) return v.v6AddrMask->prefixLength;
    Interval x;
    if (!point(v, x)) return 0;
    return ordered(x.domain) ? widthOf(x.domain) : 64;
}

}  // namespace

bool filterMatches(const Session& s, const FWPM_FILTER0& f, const FWPM_FILTER_ENUM_TEMPLATE0& t) {
    if (!isZero(t.layerKey) && f.layerKey != t.layerKey) return false;
    if (t.providerKey && !(f.providerKey && *f.providerKey == *t.providerKey)) return false;
    if (t.providerContextTemplate && !providerContextMatches(s, f, *t.providerContextTemplate)) return false;
    if ((f.action.type & t.actionMask) == 0) return false;
    if (t.calloutKey && (!(f.action.type & FWP_ACTION_FLAG_CALLOUT) || f.action.calloutKey != *t.calloutKey))
        return false;
    bool boot = (f.flags & FWPM_FILTER_FLAG_BOOTTIME) != 0;
    if (t.flags & FWP_FILTER_ENUM_FLAG_BOOTTIME_ONLY) {
        if (!boot) return false;
    } else if (boot && !(t.flags & FWP_FILTER_ENUM_FLAG_INCLUDE_BOOTTIME)) {
        return false;
    }
    const FWPM_LAYER0& layer = *findLayer(f.layerKey)->layer;
    for (UINT32 i = 0; i < t.numFilterConditions; ++i) {
        const GUID& field = t.filterCondition[i].fieldKey;
        bool seen = false;  // each field once
        for (UINT32 j = 0; j < i && !seen; ++j) seen = t.filterCondition[j].fieldKey == field;
        if (seen) continue;
        Set full = fieldFull(layer, field);
        if (full.empty()) return false;  // the filter's layer has no such field
        Set want = fieldSet(t.filterCondition, t.numFilterConditions, field, full);
        Set have = fieldSet(f.filterCondition, f.numFilterConditions, field, full);
        bool ok = t.enumType == FWP_FILTER_ENUM_FULLY_CONTAINED ? subset(have, want) : overlaps(have, want);
        if (!ok) return false;
    }
    return true;
}

// catalogue/filter-weight-assignment.md: FWP_UINT64 is used as is; FWP_EMPTY
// gets an automatic weight below 2^60 (FWPM_AUTO_WEIGHT_BITS); FWP_UINT8 sets
// the four high-order bits above that automatic weight.  The automatic weight
// grows with the number of fields the conditions test (bits 52-59) and then
// with how many bits of those fields they fix (bits 0-51), so a more specific
// filter weighs more (docs/decisions.md).
UINT64 effectiveWeight(const FWP_VALUE0& w, const FWPM_FILTER_CONDITION0* cs, UINT32 n) {
    if (w.type == FWP_UINT64) return *w.uint64;
    UINT64 fields = 0, bits = 0;
    for (UINT32 i = 0; i < n; ++i) {
        bool seen = false;
        for (UINT32 j = 0; j < i && !seen; ++j) seen = cs[j].fieldKey == cs[i].fieldKey;
        if (seen) continue;
        ++fields;
        // OR'ed conditions on one field: the field is only as fixed as the loosest.
        unsigned least = ~0u;
        for (UINT32 j = i; j < n; ++j)
            if (cs[j].fieldKey == cs[i].fieldKey) least = std::min(least, fixedBits(cs[j]));
        bits += least;
    }
    UINT64 autoWeight = (std::min<UINT64>(fields, 0xFF) << 52) | std::min<UINT64>(bits, (UINT64(1) << 52) - 1);
    if (w.type == FWP_UINT8) return (UINT64(w.uint8) << 60) | autoWeight;
    return autoWeight;
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
    if (!single(subnet, want)) return false;
    Interval have;
    if (t.ipVersion == FWP_IP_VERSION_V4) {
        u128 a = local ? t.localV4Address : t.remoteV4Address;
        have = {FWP_UINT32, a, a};
    } else {
        u128 a = fromBytes(local ? t.localV6Address : t.remoteV6Address, 16);
        have = {FWP_BYTE_ARRAY16_TYPE, a, a};
    }
    return have.domain == want.domain && want.lo <= have.lo && have.hi <= want.hi;
}

}  // namespace fwpk
