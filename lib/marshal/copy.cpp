#include "marshal/copy.h"

namespace fwpk {

static SID* copySid(Builder& b, const SID* s) {
    if (!s) return nullptr;
    size_t n = offsetof(SID, SubAuthority) + sizeof(DWORD) * s->SubAuthorityCount;
    if (n < sizeof(SID)) n = sizeof(SID);
    return reinterpret_cast<SID*>(b.bytes(s, n));
}

static FWP_BYTE_BLOB* copyBlob(Builder& b, const FWP_BYTE_BLOB* s) {
    if (!s) return nullptr;
    FWP_BYTE_BLOB* d = b.make<FWP_BYTE_BLOB>();
    d->size = s->size;
    d->data = b.bytes(s->data, s->size);
    return d;
}

static PSID_AND_ATTRIBUTES copySids(Builder& b, const SID_AND_ATTRIBUTES* s, ULONG n) {
    if (!s || n == 0) return nullptr;
    PSID_AND_ATTRIBUTES d = b.make<SID_AND_ATTRIBUTES>(n);
    for (ULONG i = 0; i < n; ++i) {
        d[i].Attributes = s[i].Attributes;
        d[i].Sid = copySid(b, static_cast<const SID*>(s[i].Sid));
    }
    return d;
}

static FWP_TOKEN_INFORMATION* copyToken(Builder& b, const FWP_TOKEN_INFORMATION* s) {
    if (!s) return nullptr;
    FWP_TOKEN_INFORMATION* d = b.make<FWP_TOKEN_INFORMATION>();
    d->sidCount = s->sidCount;
    d->restrictedSidCount = s->restrictedSidCount;
    d->sids = copySids(b, s->sids, s->sidCount);
    d->restrictedSids = copySids(b, s->restrictedSids, s->restrictedSidCount);
    return d;
}

// The pointer arms shared by FWP_VALUE0 and FWP_CONDITION_VALUE0.
template <class V>
static void copyCommonArms(Builder& b, V& d, const V& s) {
    d.type = s.type;
    switch (s.type) {
        case FWP_UINT64: d.uint64 = b.clone(s.uint64); break;
        case FWP_INT64: d.int64 = b.clone(s.int64); break;
        case FWP_DOUBLE: d.double64 = b.clone(s.double64); break;
        case FWP_BYTE_ARRAY16_TYPE: d.byteArray16 = b.clone(s.byteArray16); break;
        case FWP_BYTE_BLOB_TYPE: d.byteBlob = copyBlob(b, s.byteBlob); break;
        case FWP_SID: d.sid = copySid(b, s.sid); break;
        case FWP_SECURITY_DESCRIPTOR_TYPE: d.sd = copyBlob(b, s.sd); break;
        case FWP_TOKEN_INFORMATION_TYPE: d.tokenInformation = copyToken(b, s.tokenInformation); break;
        case FWP_TOKEN_ACCESS_INFORMATION_TYPE: d.tokenAccessInformation = copyBlob(b, s.tokenAccessInformation); break;
        case FWP_UNICODE_STRING_TYPE: d.unicodeString = b.str(s.unicodeString); break;
        case FWP_BYTE_ARRAY6_TYPE: d.byteArray6 = b.clone(s.byteArray6); break;
        case FWP_BITMAP_ARRAY64_TYPE: d.bitmapArray64 = b.clone(s.bitmapArray64); break;
        default:
            // Scalars (and FWP_EMPTY) are held by value: copy the whole union.
            std::memcpy(&d, &s, sizeof d);
            break;
    }
}

void copyValue(Builder& b, FWP_VALUE0& d, const FWP_VALUE0& s) { copyCommonArms(b, d, s); }

void copyConditionValue(Builder& b, FWP_CONDITION_VALUE0& d, const FWP_CONDITION_VALUE0& s) {
    switch (s.type) {
        case FWP_V4_ADDR_MASK:
            d.type = s.type;
            d.v4AddrMask = b.clone(s.v4AddrMask);
            break;
        case FWP_V6_ADDR_MASK:
            d.type = s.type;
            d.v6AddrMask = b.clone(s.v6AddrMask);
            break;
        case FWP_RANGE_TYPE: {
            d.type = s.type;
            FWP_RANGE0* r = b.make<FWP_RANGE0>();
            d.rangeValue = r;
            copyValue(b, r->valueLow, s.rangeValue->valueLow);
            copyValue(b, r->valueHigh, s.rangeValue->valueHigh);
            break;
        }
        default: copyCommonArms(b, d, s); break;
    }
}

void copyFilter(Builder& b, FWPM_FILTER0& d, const FWPM_FILTER0& s) {
    d.filterKey = s.filterKey;
    d.displayData.name = b.str(s.displayData.name);
    d.displayData.description = b.str(s.displayData.description);
    d.flags = s.flags;
    d.providerKey = b.clone(s.providerKey);
    d.providerData.size = s.providerData.size;
    d.providerData.data = b.bytes(s.providerData.data, s.providerData.size);
    d.layerKey = s.layerKey;
    d.subLayerKey = s.subLayerKey;
    copyValue(b, d.weight, s.weight);
    d.numFilterConditions = s.numFilterConditions;
    if (s.numFilterConditions) {
        FWPM_FILTER_CONDITION0* c = b.make<FWPM_FILTER_CONDITION0>(s.numFilterConditions);
        d.filterCondition = c;
        for (UINT32 i = 0; i < s.numFilterConditions; ++i) {
            c[i].fieldKey = s.filterCondition[i].fieldKey;
            c[i].matchType = s.filterCondition[i].matchType;
            copyConditionValue(b, c[i].conditionValue, s.filterCondition[i].conditionValue);
        }
    }
    d.action = s.action;
    std::memcpy(&d.providerContextKey, &s.providerContextKey, sizeof(GUID));  // whole union
    d.reserved = b.clone(s.reserved);
    d.filterId = s.filterId;
    copyValue(b, d.effectiveWeight, s.effectiveWeight);
}

void copySession(Builder& b, FWPM_SESSION0& d, const FWPM_SESSION0& s) {
    d.sessionKey = s.sessionKey;
    d.displayData.name = b.str(s.displayData.name);
    d.displayData.description = b.str(s.displayData.description);
    d.flags = s.flags;
    d.txnWaitTimeoutInMSec = s.txnWaitTimeoutInMSec;
    d.processId = s.processId;
    d.sid = copySid(b, s.sid);
    d.username = b.str(s.username);
    d.kernelMode = s.kernelMode;
}

static void copyDisplay(Builder& b, FWPM_DISPLAY_DATA0& d, const FWPM_DISPLAY_DATA0& s) {
    d.name = b.str(s.name);
    d.description = b.str(s.description);
}

static void copyBlobInto(Builder& b, FWP_BYTE_BLOB& d, const FWP_BYTE_BLOB& s) {
    d.size = s.size;
    d.data = b.bytes(s.data, s.size);
}

void copyProvider(Builder& b, FWPM_PROVIDER0& d, const FWPM_PROVIDER0& s) {
    d.providerKey = s.providerKey;
    copyDisplay(b, d.displayData, s.displayData);
    d.flags = s.flags;
    copyBlobInto(b, d.providerData, s.providerData);
    d.serviceName = b.str(s.serviceName);
}

void copySublayer(Builder& b, FWPM_SUBLAYER0& d, const FWPM_SUBLAYER0& s) {
    d.subLayerKey = s.subLayerKey;
    copyDisplay(b, d.displayData, s.displayData);
    d.flags = s.flags;
    d.providerKey = b.clone(s.providerKey);
    copyBlobInto(b, d.providerData, s.providerData);
    d.weight = s.weight;
}

void copyCallout(Builder& b, FWPM_CALLOUT0& d, const FWPM_CALLOUT0& s) {
    d.calloutKey = s.calloutKey;
    copyDisplay(b, d.displayData, s.displayData);
    d.flags = s.flags;
    d.providerKey = b.clone(s.providerKey);
    copyBlobInto(b, d.providerData, s.providerData);
    d.applicableLayer = s.applicableLayer;
    d.calloutId = s.calloutId;
}

void copyLayer(Builder& b, FWPM_LAYER0& d, const FWPM_LAYER0& s) {
    d.layerKey = s.layerKey;
    copyDisplay(b, d.displayData, s.displayData);
    d.flags = s.flags;
    d.numFields = s.numFields;
    if (s.numFields) {
        FWPM_FIELD0* f = b.make<FWPM_FIELD0>(s.numFields);
        d.field = f;
        for (UINT32 i = 0; i < s.numFields; ++i) {
            f[i].fieldKey = b.clone(s.field[i].fieldKey);
            f[i].type = s.field[i].type;
            f[i].dataType = s.field[i].dataType;
        }
    }
    d.defaultSubLayerKey = s.defaultSubLayerKey;
    d.layerId = s.layerId;
}

static IPSEC_SA_AUTH_INFORMATION0* copyAuth(Builder& b, const IPSEC_SA_AUTH_INFORMATION0* s) {
    IPSEC_SA_AUTH_INFORMATION0* d = b.make<IPSEC_SA_AUTH_INFORMATION0>();
    d->authTransform.authTransformId = s->authTransform.authTransformId;
    d->authTransform.cryptoModuleId = b.clone(s->authTransform.cryptoModuleId);
    d->authKey.size = s->authKey.size;
    d->authKey.data = b.bytes(s->authKey.data, s->authKey.size);
    return d;
}

static void copyCipherInto(Builder& b, IPSEC_SA_CIPHER_INFORMATION0& d, const IPSEC_SA_CIPHER_INFORMATION0& s) {
    d.cipherTransform.cipherTransformId = s.cipherTransform.cipherTransformId;
    d.cipherTransform.cryptoModuleId = b.clone(s.cipherTransform.cryptoModuleId);
    d.cipherKey.size = s.cipherKey.size;
    d.cipherKey.data = b.bytes(s.cipherKey.data, s.cipherKey.size);
}

static void copyAuthInto(Builder& b, IPSEC_SA_AUTH_INFORMATION0& d, const IPSEC_SA_AUTH_INFORMATION0& s) {
    d.authTransform.authTransformId = s.authTransform.authTransformId;
    d.authTransform.cryptoModuleId = b.clone(s.authTransform.cryptoModuleId);
    d.authKey.size = s.authKey.size;
    d.authKey.data = b.bytes(s.authKey.data, s.authKey.size);
}

static void copySa(Builder& b, IPSEC_SA0& d, const IPSEC_SA0& s) {
    d.spi = s.spi;
    d.saTransformType = s.saTransformType;
    switch (s.saTransformType) {
        case IPSEC_TRANSFORM_AH: d.ahInformation = copyAuth(b, s.ahInformation); break;
        case IPSEC_TRANSFORM_ESP_AUTH: d.espAuthInformation = copyAuth(b, s.espAuthInformation); break;
        case IPSEC_TRANSFORM_ESP_AUTH_FW: d.espAuthFwInformation = copyAuth(b, s.espAuthFwInformation); break;
        case IPSEC_TRANSFORM_ESP_CIPHER: {
            IPSEC_SA_CIPHER_INFORMATION0* c = b.make<IPSEC_SA_CIPHER_INFORMATION0>();
            copyCipherInto(b, *c, *s.espCipherInformation);
            d.espCipherInformation = c;
            break;
        }
        case IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER: {
            IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0* ac = b.make<IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0>();
            copyCipherInto(b, ac->saCipherInformation, s.espAuthAndCipherInformation->saCipherInformation);
            copyAuthInto(b, ac->saAuthInformation, s.espAuthAndCipherInformation->saAuthInformation);
            d.espAuthAndCipherInformation = ac;
            break;
        }
        default: break;
    }
}

static IPSEC_ID0* copyId(Builder& b, const IPSEC_ID0* s) {
    if (!s) return nullptr;
    IPSEC_ID0* d = b.make<IPSEC_ID0>();
    d->mmTargetName = b.str(s->mmTargetName);
    d->emTargetName = b.str(s->emTargetName);
    d->numTokens = s->numTokens;
    if (s->numTokens) {
        IPSEC_TOKEN0* t = b.make<IPSEC_TOKEN0>(s->numTokens);
        std::memcpy(t, s->tokens, sizeof(IPSEC_TOKEN0) * s->numTokens);
        d->tokens = t;
    }
    d->explicitCredentials = s->explicitCredentials;
    d->logonId = s->logonId;
    return d;
}

void copyKeyModuleState(Builder& b, IPSEC_KEYMODULE_STATE0*& dst, const IPSEC_KEYMODULE_STATE0* s) {
    if (!s) {
        dst = nullptr;
        return;
    }
    IPSEC_KEYMODULE_STATE0* d = b.make<IPSEC_KEYMODULE_STATE0>();
    d->keyModuleKey = s->keyModuleKey;
    d->stateBlob.size = s->stateBlob.size;
    d->stateBlob.data = b.bytes(s->stateBlob.data, s->stateBlob.size);
    dst = d;
}

// Fields common to both bundle versions (BUNDLE0 is a layout prefix of BUNDLE1).
template <class D, class S>
static void copyBundleCommon(Builder& b, D& d, const S& s) {
    d.flags = s.flags;
    d.lifetime = s.lifetime;
    d.idleTimeoutSeconds = s.idleTimeoutSeconds;
    d.ndAllowClearTimeoutSeconds = s.ndAllowClearTimeoutSeconds;
    d.ipsecId = copyId(b, s.ipsecId);
    d.napContext = s.napContext;
    d.qmSaId = s.qmSaId;
    d.numSAs = s.numSAs;
    if (s.numSAs) {
        IPSEC_SA0* list = b.make<IPSEC_SA0>(s.numSAs);
        for (UINT32 i = 0; i < s.numSAs; ++i) copySa(b, list[i], s.saList[i]);
        d.saList = list;
    }
    copyKeyModuleState(b, d.keyModuleState, s.keyModuleState);
    d.ipVersion = s.ipVersion;
    d.peerV4PrivateAddress = s.peerV4PrivateAddress;
    d.mmSaId = s.mmSaId;
    d.pfsGroup = s.pfsGroup;
}

void copyBundle(Builder& b, IPSEC_SA_BUNDLE1& d, const IPSEC_SA_BUNDLE0& s) { copyBundleCommon(b, d, s); }

void copyBundle(Builder& b, IPSEC_SA_BUNDLE1& d, const IPSEC_SA_BUNDLE1& s) {
    copyBundleCommon(b, d, s);
    d.saLookupContext = s.saLookupContext;
    d.qmFilterId = s.qmFilterId;
}

void copyBundle(Builder& b, IPSEC_SA_BUNDLE0& d, const IPSEC_SA_BUNDLE1& s) { copyBundleCommon(b, d, s); }

// IPSEC_TRAFFIC0 is a layout prefix of IPSEC_TRAFFIC1 (tests/abi checks both
// layouts), so the common fields are copied as bytes: the enum fields may
// still hold unvalidated caller values here.
static const size_t kTraffic0Prefix = offsetof(IPSEC_TRAFFIC0, remotePort) + sizeof(UINT16);
static_assert(offsetof(IPSEC_TRAFFIC1, remotePort) == offsetof(IPSEC_TRAFFIC0, remotePort), "prefix layout");

IPSEC_TRAFFIC1 toTraffic1(const IPSEC_TRAFFIC0& t) {
    IPSEC_TRAFFIC1 r;
    std::memset(&r, 0, sizeof r);
    std::memcpy(&r, &t, kTraffic0Prefix);
    return r;
}

IPSEC_TRAFFIC0 toTraffic0(const IPSEC_TRAFFIC1& t) {
    IPSEC_TRAFFIC0 r;
    std::memset(&r, 0, sizeof r);
    std::memcpy(&r, &t, kTraffic0Prefix);
    return r;
}

}  // namespace fwpk
