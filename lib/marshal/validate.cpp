#include "marshal/validate.h"
#include <cstring>

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

static bool scalarAccepted(FieldKind k, FWP_DATA_TYPE t) {
    switch (k) {
        case FieldKind::Address: return t == FWP_UINT32 || t == FWP_BYTE_ARRAY16_TYPE;
        case FieldKind::Port: return t == FWP_UINT16;
        case FieldKind::Protocol: return t == FWP_UINT8;
    }
    return false;
}

void validateCondition(const FWPM_FILTER_CONDITION0& c) {
    const ConditionInfo* info = findCondition(c.fieldKey);
    require(info != nullptr, FWP_E_CONDITION_NOT_FOUND);
    require(raw(c.matchType) < FWP_MATCH_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    const FWP_CONDITION_VALUE0& v = c.conditionValue;
    require(definedDataType(raw(v.type)), FWP_E_INVALID_ENUMERATOR);
    requirePointers(v);
    if (v.type == FWP_V4_ADDR_MASK) require(v.v4AddrMask != nullptr, FWP_E_NULL_POINTER);
    if (v.type == FWP_V6_ADDR_MASK) require(v.v6AddrMask != nullptr, FWP_E_NULL_POINTER);
    if (v.type == FWP_RANGE_TYPE) {
        require(v.rangeValue != nullptr, FWP_E_NULL_POINTER);
        require(definedDataType(raw(v.rangeValue->valueLow.type)) && definedDataType(raw(v.rangeValue->valueHigh.type)),
                FWP_E_INVALID_ENUMERATOR);
        requirePointers(v.rangeValue->valueLow);
        requirePointers(v.rangeValue->valueHigh);
    }
    // Type accepted by the field?
    bool ok;
    if (v.type == FWP_RANGE_TYPE) {
        FWP_DATA_TYPE lt = v.rangeValue->valueLow.type;
        ok = scalarAccepted(info->kind, lt) || lt != v.rangeValue->valueHigh.type;  // mixed bounds: INVALID_RANGE below
    } else if (v.type == FWP_V4_ADDR_MASK || v.type == FWP_V6_ADDR_MASK) {
        ok = info->kind == FieldKind::Address;
    } else {
        ok = scalarAccepted(info->kind, v.type);
    }
    require(ok, FWP_E_TYPE_MISMATCH);
    // Match type compatible with the value?
    FWP_MATCH_TYPE m = c.matchType;
    require(m != FWP_MATCH_PREFIX && m != FWP_MATCH_NOT_PREFIX && m != FWP_MATCH_EQUAL_CASE_INSENSITIVE,
            FWP_E_MATCH_TYPE_MISMATCH);
    require((v.type == FWP_RANGE_TYPE) == (m == FWP_MATCH_RANGE), FWP_E_MATCH_TYPE_MISMATCH);
    if (v.type == FWP_V4_ADDR_MASK || v.type == FWP_V6_ADDR_MASK)
        require(m == FWP_MATCH_EQUAL || m == FWP_MATCH_NOT_EQUAL, FWP_E_MATCH_TYPE_MISMATCH);
    // Masks and ranges.
    if (v.type == FWP_V4_ADDR_MASK) require(contiguousMask(v.v4AddrMask->mask), FWP_E_INVALID_NET_MASK);
    if (v.type == FWP_V6_ADDR_MASK) require(v.v6AddrMask->prefixLength <= 128, FWP_E_INVALID_NET_MASK);
    if (v.type == FWP_RANGE_TYPE) {
        const FWP_VALUE0& lo = v.rangeValue->valueLow;
        const FWP_VALUE0& hi = v.rangeValue->valueHigh;
        require(lo.type == hi.type && scalarAccepted(info->kind, lo.type), FWP_E_INVALID_RANGE);
        bool ordered;
        switch (lo.type) {
            case FWP_UINT8: ordered = lo.uint8 <= hi.uint8; break;
            case FWP_UINT16: ordered = lo.uint16 <= hi.uint16; break;
            case FWP_UINT32: ordered = lo.uint32 <= hi.uint32; break;
            default: ordered = std::memcmp(lo.byteArray16, hi.byteArray16, 16) <= 0; break;
        }
        require(ordered, FWP_E_INVALID_RANGE);
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
    require(!(f.flags & FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT), FWP_E_PROVIDER_CONTEXT_NOT_FOUND);
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
    for (UINT32 i = 0; i < f.numFilterConditions; ++i) validateCondition(f.filterCondition[i]);
    require(knownActionType(f.action.type), FWP_E_INVALID_ACTION_TYPE);
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

void validateFilterTemplate(const FWPM_FILTER_ENUM_TEMPLATE0& t) {
    require(isZero(t.layerKey) || findLayer(t.layerKey) != nullptr, FWP_E_LAYER_NOT_FOUND);
    require(raw(t.enumType) < FWP_FILTER_ENUM_TYPE_MAX, FWP_E_INVALID_ENUMERATOR);
    require((t.flags & ~kFilterEnumFlags) == 0, FWP_E_INVALID_FLAGS);
    require(t.numFilterConditions == 0 || t.filterCondition != nullptr, FWP_E_NULL_POINTER);
    for (UINT32 i = 0; i < t.numFilterConditions; ++i) validateCondition(t.filterCondition[i]);
    require(t.actionMask != 0, FWP_E_NEVER_MATCH);
}

}  // namespace fwpk
