#include "marshal/validate.h"
#include <algorithm>
#include <cstring>
#include <cwchar>

namespace fwpk {

static bool definedDataType(uint32_t t) {
    return (t >= FWP_EMPTY && t <= FWP_BITMAP_ARRAY64_TYPE) || t == FWP_V4_ADDR_MASK || t == FWP_V6_ADDR_MASK ||
           t == FWP_RANGE_TYPE;
}

IPSEC_TRAFFIC1 validateTraffic(const IPSEC_TRAFFIC1& in) {
    require(raw(in.ipVersion) < FWP_IP_VERSION_MAX, FWP_E_INVALID_ENUMERATOR);
    require(in.ipVersion != FWP_IP_VERSION_NONE, FWP_E_INVALID_PARAMETER);
    require(raw(in.trafficType) < IPSEC_TRAFFIC_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    IPSEC_TRAFFIC1 t;
    std::memset(&t, 0, sizeof t);
    t.ipVersion = in.ipVersion;
    if (in.ipVersion == FWP_IP_VERSION_V4) {
        t.localV4Address = in.localV4Address;
        t.remoteV4Address = in.remoteV4Address;
    } else {
        std::memcpy(t.localV6Address, in.localV6Address, 16);
        std::memcpy(t.remoteV6Address, in.remoteV6Address, 16);
    }
    t.trafficType = in.trafficType;
    t.ipsecFilterId = in.ipsecFilterId;
    t.remotePort = in.remotePort;
    t.localPort = in.localPort;
    t.ipProtocol = in.ipProtocol;
    t.localIfLuid = in.localIfLuid;
    t.realIfProfileId = in.realIfProfileId;
    return t;
}

static const UINT32 kBundleFlags = 0x0003FEFFu;  // every IPSEC_SA_BUNDLE_FLAG_* (bit 0x100 is unused)

void validateBundleFlags(UINT32 flags) { require((flags & ~kBundleFlags) == 0, FWP_E_INVALID_FLAGS); }

static bool authPartner(IPSEC_AUTH_TYPE t, IPSEC_AUTH_CONFIG c) {
    switch (t) {
        case IPSEC_AUTH_MD5: return c == IPSEC_AUTH_CONFIG_HMAC_MD5_96;
        case IPSEC_AUTH_SHA_1: return c == IPSEC_AUTH_CONFIG_HMAC_SHA_1_96;
        case IPSEC_AUTH_SHA_256: return c == IPSEC_AUTH_CONFIG_HMAC_SHA_256_128;
        case IPSEC_AUTH_AES_128: return c == IPSEC_AUTH_CONFIG_GCM_AES_128;
        case IPSEC_AUTH_AES_192: return c == IPSEC_AUTH_CONFIG_GCM_AES_192;
        case IPSEC_AUTH_AES_256: return c == IPSEC_AUTH_CONFIG_GCM_AES_256;
        default: return false;
    }
}

static bool cipherPartner(IPSEC_CIPHER_TYPE t, IPSEC_CIPHER_CONFIG c) {
    switch (t) {
        case IPSEC_CIPHER_TYPE_DES: return c == IPSEC_CIPHER_CONFIG_CBC_DES;
        case IPSEC_CIPHER_TYPE_3DES: return c == IPSEC_CIPHER_CONFIG_CBC_3DES;
        case IPSEC_CIPHER_TYPE_AES_128: return c == IPSEC_CIPHER_CONFIG_CBC_AES_128 || c == IPSEC_CIPHER_CONFIG_GCM_AES_128;
        case IPSEC_CIPHER_TYPE_AES_192: return c == IPSEC_CIPHER_CONFIG_CBC_AES_192 || c == IPSEC_CIPHER_CONFIG_GCM_AES_192;
        case IPSEC_CIPHER_TYPE_AES_256: return c == IPSEC_CIPHER_CONFIG_CBC_AES_256 || c == IPSEC_CIPHER_CONFIG_GCM_AES_256;
        default: return false;
    }
}

static void validateKey(const FWP_BYTE_BLOB& k) {
    require(k.size != 0 && k.size <= 64, FWP_E_INVALID_PARAMETER);
    require(k.data != nullptr, FWP_E_NULL_POINTER);
}

static void validateAuth(const IPSEC_SA_AUTH_INFORMATION0* a) {
    require(a != nullptr, FWP_E_NULL_POINTER);
    const IPSEC_AUTH_TRANSFORM_ID0& id = a->authTransform.authTransformId;
    require(raw(id.authType) < IPSEC_AUTH_MAX, FWP_E_INVALID_ENUMERATOR);
    require(authPartner(id.authType, id.authConfig), FWP_E_INVALID_AUTH_TRANSFORM);
    require(a->authTransform.cryptoModuleId == nullptr, FWP_E_RESERVED);
    validateKey(a->authKey);
}

static void validateCipher(const IPSEC_SA_CIPHER_INFORMATION0* c) {
    require(c != nullptr, FWP_E_NULL_POINTER);
    const IPSEC_CIPHER_TRANSFORM_ID0& id = c->cipherTransform.cipherTransformId;
    require(raw(id.cipherType) >= IPSEC_CIPHER_TYPE_DES && raw(id.cipherType) < IPSEC_CIPHER_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    require(cipherPartner(id.cipherType, id.cipherConfig), FWP_E_INVALID_CIPHER_TRANSFORM);
    require(c->cipherTransform.cryptoModuleId == nullptr, FWP_E_RESERVED);
    validateKey(c->cipherKey);
}

static void validateSa(const IPSEC_SA0& sa) {
    require(raw(sa.saTransformType) >= IPSEC_TRANSFORM_AH && raw(sa.saTransformType) < IPSEC_TRANSFORM_TYPE_MAX,
            FWP_E_INVALID_ENUMERATOR);
    switch (sa.saTransformType) {
        case IPSEC_TRANSFORM_AH: validateAuth(sa.ahInformation); break;
        case IPSEC_TRANSFORM_ESP_AUTH: validateAuth(sa.espAuthInformation); break;
        case IPSEC_TRANSFORM_ESP_AUTH_FW: validateAuth(sa.espAuthFwInformation); break;
        case IPSEC_TRANSFORM_ESP_CIPHER: validateCipher(sa.espCipherInformation); break;
        case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER:
            require(sa.espAuthAndCipherInformation != nullptr, FWP_E_NULL_POINTER);
            validateCipher(&sa.espAuthAndCipherInformation->saCipherInformation);
            validateAuth(&sa.espAuthAndCipherInformation->saAuthInformation);
            break;
        default: break;
    }
}

static bool isEsp(IPSEC_TRANSFORM_TYPE t) { return t != IPSEC_TRANSFORM_AH; }

template <class B>
static void validateBundleT(const B& b) {
    validateBundleFlags(b.flags);
    require(b.numSAs != 0, FWP_E_ZERO_LENGTH_ARRAY);
    require(b.numSAs <= 2, FWP_E_INVALID_PARAMETER);
    require(b.saList != nullptr, FWP_E_NULL_POINTER);
    for (UINT32 i = 0; i < b.numSAs; ++i) validateSa(b.saList[i]);
    if (b.numSAs == 2)
        require(isEsp(b.saList[0].saTransformType) && b.saList[1].saTransformType == IPSEC_TRANSFORM_AH,
                FWP_E_INVALID_PARAMETER);
    if (const IPSEC_ID0* id = b.ipsecId) {
        require(id->numTokens == 0 || id->tokens != nullptr, FWP_E_NULL_POINTER);
        for (UINT32 i = 0; i < id->numTokens; ++i) {
            const IPSEC_TOKEN0& t = id->tokens[i];
            require(raw(t.type) < IPSEC_TOKEN_TYPE_MAX && raw(t.principal) < IPSEC_TOKEN_PRINCIPAL_MAX &&
                        raw(t.mode) < IPSEC_TOKEN_MODE_MAX,
                    FWP_E_INVALID_ENUMERATOR);
        }
        require(id->logonId == 0, FWP_E_RESERVED);
    }
    if (const IPSEC_KEYMODULE_STATE0* k = b.keyModuleState)
        require(k->stateBlob.size == 0 || k->stateBlob.data != nullptr, FWP_E_NULL_POINTER);
    require(raw(b.ipVersion) < FWP_IP_VERSION_MAX, FWP_E_INVALID_ENUMERATOR);
    require(raw(b.pfsGroup) < IPSEC_PFS_MAX, FWP_E_INVALID_ENUMERATOR);
}

void validateBundle(const IPSEC_SA_BUNDLE0& b) { validateBundleT(b); }
void validateBundle(const IPSEC_SA_BUNDLE1& b) { validateBundleT(b); }

// ---- Filter conditions --------------------------------------------------

// Host-order masks: ones from the top, then zeros (0 = match all).
static bool contiguousMask(UINT32 m) {
    UINT32 inv = ~m;
    return (inv & (inv + 1u)) == 0;
}

// Pointer-held values must be present; returns false for FWP_EMPTY etc.
template <class V>
static void requirePointers(const V& v) {
    switch (v.type) {
        case FWP_UINT64: require(v.uint64 != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_INT64: require(v.int64 != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_DOUBLE: require(v.double64 != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_BYTE_ARRAY16_TYPE: require(v.byteArray16 != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_BYTE_BLOB_TYPE:
            require(v.byteBlob != nullptr, FWP_E_NULL_POINTER);
            require(v.byteBlob->size == 0 || v.byteBlob->data != nullptr, FWP_E_NULL_POINTER);
            break;
        case FWP_SID: require(v.sid != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_SECURITY_DESCRIPTOR_TYPE:
            require(v.sd != nullptr, FWP_E_NULL_POINTER);
            require(v.sd->size == 0 || v.sd->data != nullptr, FWP_E_NULL_POINTER);
            break;
        case FWP_TOKEN_INFORMATION_TYPE: require(v.tokenInformation != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_TOKEN_ACCESS_INFORMATION_TYPE:
            require(v.tokenAccessInformation != nullptr, FWP_E_NULL_POINTER);
            require(v.tokenAccessInformation->size == 0 || v.tokenAccessInformation->data != nullptr, FWP_E_NULL_POINTER);
            break;
        case FWP_UNICODE_STRING_TYPE: require(v.unicodeString != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_BYTE_ARRAY6_TYPE: require(v.byteArray6 != nullptr, FWP_E_NULL_POINTER); break;
        case FWP_BITMAP_ARRAY64_TYPE: require(v.bitmapArray64 != nullptr, FWP_E_NULL_POINTER); break;
        default: break;
    }
}

// Whether some field named `key` satisfies `pred`: a field of `layer`, or of
// any built-in layer when `layer` is null (an enumeration template for every
// layer).  Field GUIDs are unique only within a layer (FWPM_FILTER_CONDITION0).
template <class Pred>
static bool anyField(const FWPM_LAYER0* layer, const GUID& key, Pred pred) {
    auto scan = [&](const FWPM_LAYER0& l) {
        for (UINT32 i = 0; i < l.numFields; ++i)
            if (*l.field[i].fieldKey == key && pred(l.field[i])) return true;
        return false;
    };
    if (layer) return scan(*layer);
    for (size_t i = 0; i < layerCount(); ++i)
        if (scan(*layerAt(i).layer)) return true;
    return false;
}

// A value of type `v` (never a range) fits a field: its own data type, or an
// address mask of the same IP version at an address field.  A field whose
// data type no source gives (FWP_EMPTY in the catalogue) takes any value.
static bool typeFits(const FWPM_FIELD0& f, FWP_DATA_TYPE v) {
    if (v == FWP_EMPTY) return false;
    if (f.dataType == FWP_EMPTY || v == f.dataType) return true;
    if (f.type != FWPM_FIELD_IP_ADDRESS) return false;
    return (f.dataType == FWP_UINT32 && v == FWP_V4_ADDR_MASK) ||
           (f.dataType == FWP_BYTE_ARRAY16_TYPE && v == FWP_V6_ADDR_MASK);
}

// A range's bounds are plain values of the field's type (never masks).
static bool boundFits(const FWPM_FIELD0& f, FWP_DATA_TYPE b) {
    return b != FWP_V4_ADDR_MASK && b != FWP_V6_ADDR_MASK && typeFits(f, b);
}

static bool unsignedInt(FWP_DATA_TYPE t) { return t >= FWP_UINT8 && t <= FWP_UINT64; }

// FWP_MATCH_TYPE: "sortable" types are every integer type, FWP_BYTE_ARRAY16_TYPE,
// FWP_BYTE_BLOB_TYPE and FWP_UNICODE_STRING_TYPE (docs/decisions.md).
static bool sortable(FWP_DATA_TYPE t) {
    return (t >= FWP_UINT8 && t <= FWP_INT64) || t == FWP_BYTE_ARRAY16_TYPE || t == FWP_BYTE_BLOB_TYPE ||
           t == FWP_UNICODE_STRING_TYPE;
}

// Match type against the operand: `v` the value's type, `bound` a range's
// bound type (v == FWP_RANGE_TYPE).
static bool matchFits(FWP_MATCH_TYPE m, FWP_DATA_TYPE v, FWP_DATA_TYPE bound) {
    if ((v == FWP_RANGE_TYPE) != (m == FWP_MATCH_RANGE)) return false;
    switch (m) {
        case FWP_MATCH_EQUAL: return true;
        case FWP_MATCH_RANGE: return sortable(bound);
        case FWP_MATCH_GREATER:
        case FWP_MATCH_LESS:
        case FWP_MATCH_GREATER_OR_EQUAL:
        case FWP_MATCH_LESS_OR_EQUAL:
        case FWP_MATCH_NOT_EQUAL: return sortable(v);
        case FWP_MATCH_FLAGS_ALL_SET:
        case FWP_MATCH_FLAGS_ANY_SET:
        case FWP_MATCH_FLAGS_NONE_SET: return unsignedInt(v);
        case FWP_MATCH_EQUAL_CASE_INSENSITIVE: return v == FWP_UNICODE_STRING_TYPE;
        case FWP_MATCH_PREFIX:
        case FWP_MATCH_NOT_PREFIX: return v == FWP_BYTE_BLOB_TYPE || v == FWP_UNICODE_STRING_TYPE;
        default: return false;
    }
}

static int compareBounds(const FWP_VALUE0& lo, const FWP_VALUE0& hi) {
    auto cmp = [](auto a, auto b) { return a < b ? -1 : a > b ? 1 : 0; };
    switch (lo.type) {
        case FWP_UINT8: return cmp(lo.uint8, hi.uint8);
        case FWP_UINT16: return cmp(lo.uint16, hi.uint16);
        case FWP_UINT32: return cmp(lo.uint32, hi.uint32);
        case FWP_UINT64: return cmp(*lo.uint64, *hi.uint64);
        case FWP_INT8: return cmp(lo.int8, hi.int8);
        case FWP_INT16: return cmp(lo.int16, hi.int16);
        case FWP_INT32: return cmp(lo.int32, hi.int32);
        case FWP_INT64: return cmp(*lo.int64, *hi.int64);
        case FWP_BYTE_ARRAY16_TYPE: return std::memcmp(lo.byteArray16, hi.byteArray16, 16);
        case FWP_BYTE_BLOB_TYPE: {
            UINT32 n = std::min(lo.byteBlob->size, hi.byteBlob->size);
            int c = n ? std::memcmp(lo.byteBlob->data, hi.byteBlob->data, n) : 0;
            return c ? c : cmp(lo.byteBlob->size, hi.byteBlob->size);
        }
        case FWP_UNICODE_STRING_TYPE: {
            const wchar_t *a = lo.unicodeString, *b = hi.unicodeString;
            while (*a && *a == *b) ++a, ++b;
            return cmp(UINT32(*a), UINT32(*b));
        }
        default: return 0;  // not sortable: refused before
    }
}

void validateCondition(const FWPM_FILTER_CONDITION0& c, const FWPM_LAYER0* layer) {
    require(anyField(layer, c.fieldKey, [](const FWPM_FIELD0&) { return true; }), FWP_E_CONDITION_NOT_FOUND);
    require(raw(c.matchType) < FWP_MATCH_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    const FWP_CONDITION_VALUE0& v = c.conditionValue;
    require(definedDataType(raw(v.type)), FWP_E_INVALID_ENUMERATOR);
    requirePointers(v);
    if (v.type == FWP_V4_ADDR_MASK) require(v.v4AddrMask != nullptr, FWP_E_NULL_POINTER);
    if (v.type == FWP_V6_ADDR_MASK) require(v.v6AddrMask != nullptr, FWP_E_NULL_POINTER);
    FWP_DATA_TYPE bound = FWP_EMPTY;
    if (v.type == FWP_RANGE_TYPE) {
        require(v.rangeValue != nullptr, FWP_E_NULL_POINTER);
        const FWP_VALUE0& lo = v.rangeValue->valueLow;
        const FWP_VALUE0& hi = v.rangeValue->valueHigh;
        require(definedDataType(raw(lo.type)) && definedDataType(raw(hi.type)), FWP_E_INVALID_ENUMERATOR);
        requirePointers(lo);
        requirePointers(hi);
        bound = lo.type;
        // Bounds of two types are FWP_E_INVALID_RANGE below, not a type mismatch.
        require(lo.type != hi.type || anyField(layer, c.fieldKey, [&](const FWPM_FIELD0& f) { return boundFits(f, bound); }),
                FWP_E_TYPE_MISMATCH);
    } else {
        require(anyField(layer, c.fieldKey, [&](const FWPM_FIELD0& f) { return typeFits(f, v.type); }),
                FWP_E_TYPE_MISMATCH);
    }
    require(matchFits(c.matchType, v.type, bound), FWP_E_MATCH_TYPE_MISMATCH);
    if (v.type == FWP_V4_ADDR_MASK) require(contiguousMask(v.v4AddrMask->mask), FWP_E_INVALID_NET_MASK);
    if (v.type == FWP_V6_ADDR_MASK) require(v.v6AddrMask->prefixLength <= 128, FWP_E_INVALID_NET_MASK);
    if (v.type == FWP_RANGE_TYPE) {
        const FWP_VALUE0& lo = v.rangeValue->valueLow;
        const FWP_VALUE0& hi = v.rangeValue->valueHigh;
        require(lo.type == hi.type, FWP_E_INVALID_RANGE);
        require(compareBounds(lo, hi) <= 0, FWP_E_INVALID_RANGE);
    }
}

// ---- Filters --------------------------------------------------------------

static const UINT32 kFilterFlags = FWPM_FILTER_FLAG_PERSISTENT | FWPM_FILTER_FLAG_BOOTTIME |
                                   FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT | FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT |
                                   FWPM_FILTER_FLAG_PERMIT_IF_CALLOUT_UNREGISTERED | FWPM_FILTER_FLAG_INDEXED;

static bool knownActionType(FWP_ACTION_TYPE t) {
    return t == FWP_ACTION_BLOCK || t == FWP_ACTION_PERMIT || t == FWP_ACTION_CALLOUT_TERMINATING ||
           t == FWP_ACTION_CALLOUT_INSPECTION || t == FWP_ACTION_CALLOUT_UNKNOWN;
}

void requireLifetime(const Lifetime& self, const RefInfo& t) {
    if (t.builtin) return;
    // "a dynamic object cannot refer to a dynamic object from a different
    // session.  A static object cannot refer to a dynamic object."
    if (t.dynamicOwner) require(self.dynamicOwner == t.dynamicOwner, FWP_E_LIFETIME_MISMATCH);
    // "A persistent object cannot refer to a dynamic object, a static object ..."
    if (self.persistent) require(t.persistent, FWP_E_LIFETIME_MISMATCH);
}

static void requireProviderData(const FWP_BYTE_BLOB& d) {
    require(d.size == 0 || d.data != nullptr, FWP_E_NULL_POINTER);
}

void validateFilter(const FWPM_FILTER0& f, const Lifetime& self, const References& refs) {
    const bool dynamicSession = self.dynamicOwner != 0;
    require(f.displayData.name != nullptr, FWP_E_NULL_DISPLAY_NAME);
    require((f.flags & ~kFilterFlags) == 0, FWP_E_INVALID_FLAGS);
    const UINT32 lifetime = FWPM_FILTER_FLAG_PERSISTENT | FWPM_FILTER_FLAG_BOOTTIME;
    require((f.flags & lifetime) != lifetime, FWP_E_INVALID_FLAGS);
    require(!(dynamicSession && (f.flags & lifetime)), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    RefInfo provider, sublayer, callout;
    if (f.providerKey) {
        provider = refs.provider(*f.providerKey);
        require(provider.found, FWP_E_PROVIDER_NOT_FOUND);
    }
    requireProviderData(f.providerData);
    const LayerInfo* layer = findLayer(f.layerKey);
    require(layer != nullptr, FWP_E_LAYER_NOT_FOUND);
    if (!isZero(f.subLayerKey)) {
        sublayer = refs.sublayer(f.subLayerKey);
        require(sublayer.found, FWP_E_SUBLAYER_NOT_FOUND);
    }
    require(definedDataType(raw(f.weight.type)), FWP_E_INVALID_WEIGHT);
    switch (f.weight.type) {
        case FWP_EMPTY: break;
        case FWP_UINT8: require(f.weight.uint8 <= 15, FWP_E_INVALID_WEIGHT); break;
        case FWP_UINT64: require(f.weight.uint64 != nullptr, FWP_E_INVALID_WEIGHT); break;
        default: fail(FWP_E_INVALID_WEIGHT);
    }
    require(f.numFilterConditions == 0 || f.filterCondition != nullptr, FWP_E_NULL_POINTER);
    for (UINT32 i = 0; i < f.numFilterConditions; ++i) validateCondition(f.filterCondition[i], layer->layer);
    require(knownActionType(f.action.type), FWP_E_INVALID_ACTION_TYPE);
    // FWPM_FILTER0: PERMIT_IF_CALLOUT_UNREGISTERED "can be set only if the action
    // type is FWP_ACTION_CALLOUT_TERMINATING or FWP_ACTION_CALLOUT_UNKNOWN".
    if (f.flags & FWPM_FILTER_FLAG_PERMIT_IF_CALLOUT_UNREGISTERED)
        require(f.action.type == FWP_ACTION_CALLOUT_TERMINATING || f.action.type == FWP_ACTION_CALLOUT_UNKNOWN,
                FWP_E_INVALID_FLAGS);
    if (f.action.type & FWP_ACTION_FLAG_CALLOUT) {
        callout = refs.callout(f.action.calloutKey);
        require(callout.found, FWP_E_CALLOUT_NOT_FOUND);
        require(callout.layer == f.layerKey, FWP_E_INCOMPATIBLE_LAYER);
    }
    require(f.reserved == nullptr, FWP_E_RESERVED);
    // References exist and fit; now their lifetimes (docs/decisions.md).
    for (const RefInfo* r : {&provider, &sublayer, &callout})
        if (r->found) requireLifetime(self, *r);
}

// concepts/ipsec-configuration.md: filters at the IKEEXT layers carry the
// main-mode negotiation policy, filters at the IPSEC layers the quick-mode
// (and extended-mode) policy, each "specified as a policy provider context".
static bool mainModeContext(UINT32 t) {
    return t == FWPM_IPSEC_IKE_MM_CONTEXT || t == FWPM_IPSEC_AUTHIP_MM_CONTEXT || t == FWPM_IPSEC_IKEV2_MM_CONTEXT;
}

static bool quickModeContext(UINT32 t) {
    return t == FWPM_IPSEC_KEYING_CONTEXT || t == FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT ||
           t == FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT || t == FWPM_IPSEC_AUTHIP_QM_TRANSPORT_CONTEXT ||
           t == FWPM_IPSEC_AUTHIP_QM_TUNNEL_CONTEXT || t == FWPM_IPSEC_IKEV2_QM_TUNNEL_CONTEXT ||
           t == FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT;
}

void requireContextFitsLayer(const LayerInfo& layer, UINT32 type) {
    bool ok;
    switch (layer.cls) {
        case LayerClass::Ikeext: ok = mainModeContext(type); break;
        case LayerClass::IPsec: ok = quickModeContext(type); break;
        default: ok = !mainModeContext(type); break;  // main-mode policy is for the IKEEXT layers only
    }
    require(ok, FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER);
}

void validateProvider(const FWPM_PROVIDER0& p, const Lifetime& self) {
    require(p.displayData.name != nullptr, FWP_E_NULL_DISPLAY_NAME);
    require((p.flags & ~FWPM_PROVIDER_FLAG_PERSISTENT) == 0, FWP_E_INVALID_FLAGS);
    require(!(self.dynamicOwner && self.persistent), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    requireProviderData(p.providerData);
}

void validateSublayer(const FWPM_SUBLAYER0& s, const Lifetime& self, const References& refs) {
    require(s.displayData.name != nullptr, FWP_E_NULL_DISPLAY_NAME);
    require((s.flags & ~FWPM_SUBLAYER_FLAG_PERSISTENT) == 0, FWP_E_INVALID_FLAGS);
    require(!(self.dynamicOwner && self.persistent), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    RefInfo provider;
    if (s.providerKey) {
        provider = refs.provider(*s.providerKey);
        require(provider.found, FWP_E_PROVIDER_NOT_FOUND);
    }
    requireProviderData(s.providerData);
    if (provider.found) requireLifetime(self, provider);
}

void validateCallout(const FWPM_CALLOUT0& c, const Lifetime& self, const References& refs) {
    require(c.displayData.name != nullptr, FWP_E_NULL_DISPLAY_NAME);
    require((c.flags & ~(FWPM_CALLOUT_FLAG_PERSISTENT | FWPM_CALLOUT_FLAG_USES_PROVIDER_CONTEXT)) == 0,
            FWP_E_INVALID_FLAGS);
    require(!(self.dynamicOwner && self.persistent), FWP_E_DYNAMIC_SESSION_IN_PROGRESS);
    RefInfo provider;
    if (c.providerKey) {
        provider = refs.provider(*c.providerKey);
        require(provider.found, FWP_E_PROVIDER_NOT_FOUND);
    }
    requireProviderData(c.providerData);
    require(findLayer(c.applicableLayer) != nullptr, FWP_E_LAYER_NOT_FOUND);
    if (provider.found) requireLifetime(self, provider);
}

void validateSubnet(const FWP_CONDITION_VALUE0& v) {
    require(definedDataType(raw(v.type)), FWP_E_INVALID_ENUMERATOR);
    switch (v.type) {
        case FWP_EMPTY:
        case FWP_UINT32: return;
        case FWP_BYTE_ARRAY16_TYPE: require(v.byteArray16 != nullptr, FWP_E_NULL_POINTER); return;
        case FWP_V4_ADDR_MASK:
            require(v.v4AddrMask != nullptr, FWP_E_NULL_POINTER);
            require(contiguousMask(v.v4AddrMask->mask), FWP_E_INVALID_NET_MASK);
            return;
        case FWP_V6_ADDR_MASK:
            require(v.v6AddrMask != nullptr, FWP_E_NULL_POINTER);
            require(v.v6AddrMask->prefixLength <= 128, FWP_E_INVALID_NET_MASK);
            return;
        default: fail(FWP_E_TYPE_MISMATCH);
    }
}

static const UINT32 kFilterEnumFlags = FWP_FILTER_ENUM_FLAG_BEST_TERMINATING_MATCH | FWP_FILTER_ENUM_FLAG_SORTED |
                                       FWP_FILTER_ENUM_FLAG_BOOTTIME_ONLY | FWP_FILTER_ENUM_FLAG_INCLUDE_BOOTTIME |
                                       FWP_FILTER_ENUM_FLAG_INCLUDE_DISABLED;

// Two conditions with the same field, match type and value (compared as the
// bytes the value designates).
static bool sameBytes(const void* a, const void* b, size_t n) { return std::memcmp(a, b, n) == 0; }

static bool sameValue(const FWP_VALUE0& a, const FWP_VALUE0& b) {
    if (a.type != b.type) return false;
    switch (a.type) {
        case FWP_EMPTY: return true;
        case FWP_UINT8: return a.uint8 == b.uint8;
        case FWP_UINT16: return a.uint16 == b.uint16;
        case FWP_UINT32: return a.uint32 == b.uint32;
        case FWP_INT8: return a.int8 == b.int8;
        case FWP_INT16: return a.int16 == b.int16;
        case FWP_INT32: return a.int32 == b.int32;
        case FWP_FLOAT: return sameBytes(&a.float32, &b.float32, sizeof a.float32);
        case FWP_UINT64: return *a.uint64 == *b.uint64;
        case FWP_INT64: return *a.int64 == *b.int64;
        case FWP_DOUBLE: return sameBytes(a.double64, b.double64, sizeof *a.double64);
        case FWP_BYTE_ARRAY16_TYPE: return sameBytes(a.byteArray16, b.byteArray16, 16);
        case FWP_BYTE_ARRAY6_TYPE: return sameBytes(a.byteArray6, b.byteArray6, 6);
        case FWP_BITMAP_ARRAY64_TYPE: return sameBytes(a.bitmapArray64, b.bitmapArray64, 8);
        case FWP_BYTE_BLOB_TYPE:
            return a.byteBlob->size == b.byteBlob->size &&
                   (a.byteBlob->size == 0 || sameBytes(a.byteBlob->data, b.byteBlob->data, a.byteBlob->size));
        case FWP_UNICODE_STRING_TYPE: return std::wcscmp(a.unicodeString, b.unicodeString) == 0;
        default: return false;  // SIDs, descriptors, tokens: never taken for duplicates
    }
}

static bool sameCondition(const FWPM_FILTER_CONDITION0& a, const FWPM_FILTER_CONDITION0& b) {
    if (a.fieldKey != b.fieldKey || a.matchType != b.matchType) return false;
    const FWP_CONDITION_VALUE0 &x = a.conditionValue, &y = b.conditionValue;
    if (x.type != y.type) return false;
    switch (x.type) {
        case FWP_V4_ADDR_MASK: return x.v4AddrMask->addr == y.v4AddrMask->addr && x.v4AddrMask->mask == y.v4AddrMask->mask;
        case FWP_V6_ADDR_MASK:
            return sameBytes(x.v6AddrMask->addr, y.v6AddrMask->addr, 16) &&
                   x.v6AddrMask->prefixLength == y.v6AddrMask->prefixLength;
        case FWP_RANGE_TYPE:
            return sameValue(x.rangeValue->valueLow, y.rangeValue->valueLow) &&
                   sameValue(x.rangeValue->valueHigh, y.rangeValue->valueHigh);
        default: {
            FWP_VALUE0 u, w;
            std::memcpy(&u, &x, sizeof u);  // same layout for the single-value types
            std::memcpy(&w, &y, sizeof w);
            return sameValue(u, w);
        }
    }
}

void validateFilterTemplate(const FWPM_FILTER_ENUM_TEMPLATE0& t) {
    const LayerInfo* layer = isZero(t.layerKey) ? nullptr : findLayer(t.layerKey);
    require(isZero(t.layerKey) || layer != nullptr, FWP_E_LAYER_NOT_FOUND);
    require(raw(t.enumType) < FWP_FILTER_ENUM_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    require((t.flags & ~kFilterEnumFlags) == 0, FWP_E_INVALID_FLAGS);
    if (const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0* pc = t.providerContextTemplate)
        require(raw(pc->providerContextType) < FWPM_PROVIDER_CONTEXT_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    require(t.numFilterConditions == 0 || t.filterCondition != nullptr, FWP_E_NULL_POINTER);
    for (UINT32 i = 0; i < t.numFilterConditions; ++i) {
        validateCondition(t.filterCondition[i], layer ? layer->layer : nullptr);
        // FWPM_FILTER_ENUM_TEMPLATE0: "distinct filter conditions (duplicated
        // filter conditions will generate an error)".
        for (UINT32 j = 0; j < i; ++j)
            require(!sameCondition(t.filterCondition[j], t.filterCondition[i]), FWP_E_DUPLICATE_CONDITION);
    }
    require(t.actionMask != 0, FWP_E_NEVER_MATCH);
    // actionMask FWP_ACTION_FLAG_CALLOUT: "calloutKey must not be NULL".
    if (t.actionMask == FWP_ACTION_FLAG_CALLOUT) require(t.calloutKey != nullptr, FWP_E_NULL_POINTER);
}

}  // namespace fwpk
