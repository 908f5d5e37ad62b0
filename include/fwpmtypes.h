/*
 * fwpmtypes.h — management-layer types: sessions, filters, their conditions
 * and actions, enumeration templates, access rights and service states.
 */
#ifndef FWPMTYPES_H
#define FWPMTYPES_H

#include "fwptypes.h"
#include "ipsectypes.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Access rights (checked by Windows for user-mode callers only). */
#define FWPM_ACTRL_ADD             0x00000001u
#define FWPM_ACTRL_ADD_LINK        0x00000002u
#define FWPM_ACTRL_BEGIN_READ_TXN  0x00000004u
#define FWPM_ACTRL_BEGIN_WRITE_TXN 0x00000008u
#define FWPM_ACTRL_CLASSIFY        0x00000010u
#define FWPM_ACTRL_ENUM            0x00000020u
#define FWPM_ACTRL_OPEN            0x00000040u
#define FWPM_ACTRL_READ            0x00000080u
#define FWPM_ACTRL_READ_STATS      0x00000100u
#define FWPM_ACTRL_SUBSCRIBE       0x00000200u
#define FWPM_ACTRL_WRITE           0x00000400u

/* FWPM_SESSION0.flags */
#define FWPM_SESSION_FLAG_DYNAMIC  0x00000001u
#define FWPM_SESSION_FLAG_RESERVED 0x10000000u

/* FwpmTransactionBegin0 flags */
#define FWPM_TXN_READ_ONLY 0x00000001u

/* FWPM_FILTER0.flags */
#define FWPM_FILTER_FLAG_NONE                           0x00000000u
#define FWPM_FILTER_FLAG_PERSISTENT                     0x00000001u
#define FWPM_FILTER_FLAG_BOOTTIME                       0x00000002u
#define FWPM_FILTER_FLAG_HAS_PROVIDER_CONTEXT           0x00000004u
#define FWPM_FILTER_FLAG_CLEAR_ACTION_RIGHT             0x00000008u
#define FWPM_FILTER_FLAG_PERMIT_IF_CALLOUT_UNREGISTERED 0x00000010u
#define FWPM_FILTER_FLAG_DISABLED                       0x00000020u
#define FWPM_FILTER_FLAG_INDEXED                        0x00000040u

/* FWPM_PROVIDER0.flags (DISABLED is output only) */
#define FWPM_PROVIDER_FLAG_PERSISTENT 0x00000001u
#define FWPM_PROVIDER_FLAG_DISABLED   0x00000010u

/* FWPM_SUBLAYER0.flags */
#define FWPM_SUBLAYER_FLAG_PERSISTENT 0x00000001u

/* FWPM_LAYER0.flags (output only) */
#define FWPM_LAYER_FLAG_KERNEL          0x00000001u
#define FWPM_LAYER_FLAG_BUILTIN         0x00000002u
#define FWPM_LAYER_FLAG_CLASSIFY_MOSTLY 0x00000004u
#define FWPM_LAYER_FLAG_BUFFERED        0x00000008u

/* FWPM_CALLOUT0.flags (REGISTERED is output only) */
#define FWPM_CALLOUT_FLAG_PERSISTENT            0x00010000u
#define FWPM_CALLOUT_FLAG_USES_PROVIDER_CONTEXT 0x00020000u
#define FWPM_CALLOUT_FLAG_REGISTERED            0x00040000u

/* FwpmIPsecTunnelAdd* flags.  RESERVED0 is the SDK's reserved bit: callers
 * may not set it (FWP_E_INVALID_FLAGS). */
#define FWPM_TUNNEL_FLAG_POINT_TO_POINT              0x00000001u
#define FWPM_TUNNEL_FLAG_ENABLE_VIRTUAL_IF_TUNNELING 0x00000002u
#define FWPM_TUNNEL_FLAG_RESERVED0                   0x00000004u

typedef enum FWPM_SERVICE_STATE_ {
    FWPM_SERVICE_STOPPED       = 0,
    FWPM_SERVICE_START_PENDING = 1,
    FWPM_SERVICE_STOP_PENDING  = 2,
    FWPM_SERVICE_RUNNING       = 3,
    FWPM_SERVICE_STATE_MAX     = 4
} FWPM_SERVICE_STATE;

/* Engine options (FwpmEngineGetOption0 / FwpmEngineSetOption0); each value is
 * an FWP_UINT32 FWP_VALUE0.  What each one does here: docs/decisions.md. */
typedef enum FWPM_ENGINE_OPTION_ {
    FWPM_ENGINE_COLLECT_NET_EVENTS           = 0,
    FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS = 1,
    FWPM_ENGINE_NAME_CACHE                   = 2,
    FWPM_ENGINE_MONITOR_IPSEC_CONNECTIONS    = 3,
    FWPM_ENGINE_PACKET_QUEUING               = 4,
    FWPM_ENGINE_TXN_WATCHDOG_TIMEOUT_IN_MSEC = 5,
    FWPM_ENGINE_OPTION_MAX                   = 6
} FWPM_ENGINE_OPTION;

/* FWPM_ENGINE_NET_EVENT_MATCH_ANY_KEYWORDS bits. */
#define FWPM_NET_EVENT_KEYWORD_INBOUND_MCAST 0x00000001u
#define FWPM_NET_EVENT_KEYWORD_INBOUND_BCAST 0x00000002u

/* FWPM_ENGINE_PACKET_QUEUING values (bits). */
#define FWPM_ENGINE_OPTION_PACKET_QUEUE_NONE     0x00000000u
#define FWPM_ENGINE_OPTION_PACKET_QUEUE_INBOUND  0x00000001u
#define FWPM_ENGINE_OPTION_PACKET_QUEUE_OUTBOUND 0x00000002u

typedef enum FWPM_PROVIDER_CONTEXT_TYPE_ {
    FWPM_IPSEC_KEYING_CONTEXT             = 0,
    FWPM_IPSEC_IKE_QM_TRANSPORT_CONTEXT   = 1,
    FWPM_IPSEC_IKE_QM_TUNNEL_CONTEXT      = 2,
    FWPM_IPSEC_AUTHIP_QM_TRANSPORT_CONTEXT = 3,
    FWPM_IPSEC_AUTHIP_QM_TUNNEL_CONTEXT   = 4,
    FWPM_IPSEC_IKE_MM_CONTEXT             = 5,
    FWPM_IPSEC_AUTHIP_MM_CONTEXT          = 6,
    FWPM_CLASSIFY_OPTIONS_CONTEXT         = 7,
    FWPM_GENERAL_CONTEXT                  = 8,
    FWPM_IPSEC_IKEV2_QM_TUNNEL_CONTEXT    = 9,
    FWPM_IPSEC_IKEV2_MM_CONTEXT           = 10,
    FWPM_IPSEC_DOSP_CONTEXT               = 11,
    FWPM_IPSEC_IKEV2_QM_TRANSPORT_CONTEXT = 12,
    FWPM_NETWORK_CONNECTION_POLICY_CONTEXT = 13,
    FWPM_PROVIDER_CONTEXT_TYPE_MAX        = 14
} FWPM_PROVIDER_CONTEXT_TYPE;

typedef enum FWPM_FIELD_TYPE_ {
    FWPM_FIELD_RAW_DATA   = 0,
    FWPM_FIELD_IP_ADDRESS = 1,
    FWPM_FIELD_FLAGS      = 2,
    FWPM_FIELD_TYPE_MAX   = 3
} FWPM_FIELD_TYPE;

typedef struct FWPM_SESSION0_ {
    GUID sessionKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    UINT32 txnWaitTimeoutInMSec;
    DWORD processId;
    SID *sid;
    wchar_t *username;
    BOOL kernelMode;
} FWPM_SESSION0;

/* A sub-layer.  `flags` is UINT32 as in the Windows SDK (mingw-w64: UINT16;
 * offsets are the same either way, tests/abi/mingw_overrides.txt). */
typedef struct FWPM_SUBLAYER0_ {
    GUID subLayerKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    UINT16 weight;
} FWPM_SUBLAYER0;

/* A policy provider. */
typedef struct FWPM_PROVIDER0_ {
    GUID providerKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    FWP_BYTE_BLOB providerData;
    wchar_t *serviceName;
} FWPM_PROVIDER0;

typedef struct FWPM_PROVIDER_ENUM_TEMPLATE0_ {
    UINT64 reserved;
} FWPM_PROVIDER_ENUM_TEMPLATE0;

typedef struct FWPM_SUBLAYER_ENUM_TEMPLATE0_ {
    GUID *providerKey;
} FWPM_SUBLAYER_ENUM_TEMPLATE0;

/* One field of a layer: the condition it carries and its classify type. */
typedef struct FWPM_FIELD0_ {
    GUID *fieldKey;
    FWPM_FIELD_TYPE type;
    FWP_DATA_TYPE dataType;
} FWPM_FIELD0;

/* A layer's schema (read-only). */
typedef struct FWPM_LAYER0_ {
    GUID layerKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    UINT32 numFields;
    FWPM_FIELD0 *field;
    GUID defaultSubLayerKey;
    UINT16 layerId;
} FWPM_LAYER0;

typedef struct FWPM_LAYER_ENUM_TEMPLATE0_ {
    UINT64 reserved;
} FWPM_LAYER_ENUM_TEMPLATE0;

/* A callout. */
typedef struct FWPM_CALLOUT0_ {
    GUID calloutKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    GUID applicableLayer;
    UINT32 calloutId;
} FWPM_CALLOUT0;

typedef struct FWPM_CALLOUT_ENUM_TEMPLATE0_ {
    GUID *providerKey;
    GUID layerKey;
} FWPM_CALLOUT_ENUM_TEMPLATE0;

typedef struct FWPM_SESSION_ENUM_TEMPLATE0_ {
    UINT64 reserved;
} FWPM_SESSION_ENUM_TEMPLATE0;

typedef struct FWPM_ACTION0_ {
    FWP_ACTION_TYPE type;
    union {
        GUID filterType;
        GUID calloutKey;
        UINT8 bitmapIndex;
    };
} FWPM_ACTION0;

typedef struct FWPM_FILTER_CONDITION0_ {
    GUID fieldKey;
    FWP_MATCH_TYPE matchType;
    FWP_CONDITION_VALUE0 conditionValue;
} FWPM_FILTER_CONDITION0;

typedef struct FWPM_FILTER0_ {
    GUID filterKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    GUID layerKey;
    GUID subLayerKey;
    FWP_VALUE0 weight;
    UINT32 numFilterConditions;
    FWPM_FILTER_CONDITION0 *filterCondition;
    FWPM_ACTION0 action;
    union {
        UINT64 rawContext;
        GUID providerContextKey;
    };
    GUID *reserved;
    UINT64 filterId;
    FWP_VALUE0 effectiveWeight;
} FWPM_FILTER0;

/* FWPM_PROVIDER_CONTEXT0..3.flags */
#define FWPM_PROVIDER_CONTEXT_FLAG_PERSISTENT 0x00000001u
#define FWPM_PROVIDER_CONTEXT_FLAG_DOWNLEVEL  0x00000002u

/* One classify option (FWPM_CLASSIFY_OPTIONS_CONTEXT). */
typedef struct FWPM_CLASSIFY_OPTION0_ {
    FWP_CLASSIFY_OPTION_TYPE type;
    FWP_VALUE0 value;
} FWPM_CLASSIFY_OPTION0;

typedef struct FWPM_CLASSIFY_OPTIONS0_ {
    UINT32 numOptions;
    FWPM_CLASSIFY_OPTION0 *options;
} FWPM_CLASSIFY_OPTIONS0;

typedef enum FWP_NETWORK_CONNECTION_POLICY_SETTING_TYPE_ {
    FWP_NETWORK_CONNECTION_POLICY_SOURCE_ADDRESS     = 0,
    FWP_NETWORK_CONNECTION_POLICY_NEXT_HOP_INTERFACE = 1,
    FWP_NETWORK_CONNECTION_POLICY_NEXT_HOP           = 2,
    FWP_NETWORK_CONNECTION_POLICY_MAX                = 3
} FWP_NETWORK_CONNECTION_POLICY_SETTING_TYPE;

/* One routing setting of a connection policy (FWPM_NETWORK_CONNECTION_POLICY_CONTEXT). */
typedef struct FWPM_NETWORK_CONNECTION_POLICY_SETTING0_ {
    FWP_NETWORK_CONNECTION_POLICY_SETTING_TYPE type;
    FWP_VALUE0 value;
} FWPM_NETWORK_CONNECTION_POLICY_SETTING0;

typedef struct FWPM_NETWORK_CONNECTION_POLICY_SETTINGS0_ {
    UINT32 numSettings;
    FWPM_NETWORK_CONNECTION_POLICY_SETTING0 *settings;
} FWPM_NETWORK_CONNECTION_POLICY_SETTINGS0;

/*
 * Provider contexts: policy a provider stores for filters and callouts to
 * refer to.  `type` selects the union arm; versions differ only in the
 * policy versions the arms point at and in the arms they have.
 */
typedef struct FWPM_PROVIDER_CONTEXT0_ {
    GUID providerContextKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    FWPM_PROVIDER_CONTEXT_TYPE type;
    union {
        IPSEC_KEYING_POLICY0 *keyingPolicy;
        IPSEC_TRANSPORT_POLICY0 *ikeQmTransportPolicy;
        IPSEC_TUNNEL_POLICY0 *ikeQmTunnelPolicy;
        IPSEC_TRANSPORT_POLICY0 *authipQmTransportPolicy;
        IPSEC_TUNNEL_POLICY0 *authipQmTunnelPolicy;
        IKEEXT_POLICY0 *ikeMmPolicy;
        IKEEXT_POLICY0 *authIpMmPolicy;
        FWP_BYTE_BLOB *dataBuffer;
        FWPM_CLASSIFY_OPTIONS0 *classifyOptions;
    };
    UINT64 providerContextId;
} FWPM_PROVIDER_CONTEXT0;

typedef struct FWPM_PROVIDER_CONTEXT1_ {
    GUID providerContextKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    FWPM_PROVIDER_CONTEXT_TYPE type;
    union {
        IPSEC_KEYING_POLICY0 *keyingPolicy;
        IPSEC_TRANSPORT_POLICY1 *ikeQmTransportPolicy;
        IPSEC_TUNNEL_POLICY1 *ikeQmTunnelPolicy;
        IPSEC_TRANSPORT_POLICY1 *authipQmTransportPolicy;
        IPSEC_TUNNEL_POLICY1 *authipQmTunnelPolicy;
        IKEEXT_POLICY1 *ikeMmPolicy;
        IKEEXT_POLICY1 *authIpMmPolicy;
        FWP_BYTE_BLOB *dataBuffer;
        FWPM_CLASSIFY_OPTIONS0 *classifyOptions;
        IPSEC_TUNNEL_POLICY1 *ikeV2QmTunnelPolicy;
        IKEEXT_POLICY1 *ikeV2MmPolicy;
        IPSEC_DOSP_OPTIONS0 *idpOptions;
    };
    UINT64 providerContextId;
} FWPM_PROVIDER_CONTEXT1;

typedef struct FWPM_PROVIDER_CONTEXT2_ {
    GUID providerContextKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    FWPM_PROVIDER_CONTEXT_TYPE type;
    union {
        IPSEC_KEYING_POLICY1 *keyingPolicy;
        IPSEC_TRANSPORT_POLICY2 *ikeQmTransportPolicy;
        IPSEC_TUNNEL_POLICY2 *ikeQmTunnelPolicy;
        IPSEC_TRANSPORT_POLICY2 *authipQmTransportPolicy;
        IPSEC_TUNNEL_POLICY2 *authipQmTunnelPolicy;
        IKEEXT_POLICY2 *ikeMmPolicy;
        IKEEXT_POLICY2 *authIpMmPolicy;
        FWP_BYTE_BLOB *dataBuffer;
        FWPM_CLASSIFY_OPTIONS0 *classifyOptions;
        IPSEC_TUNNEL_POLICY2 *ikeV2QmTunnelPolicy;
        IPSEC_TRANSPORT_POLICY2 *ikeV2QmTransportPolicy;
        IKEEXT_POLICY2 *ikeV2MmPolicy;
        IPSEC_DOSP_OPTIONS0 *idpOptions;
    };
    UINT64 providerContextId;
} FWPM_PROVIDER_CONTEXT2;

typedef struct FWPM_PROVIDER_CONTEXT3_ {
    GUID providerContextKey;
    FWPM_DISPLAY_DATA0 displayData;
    UINT32 flags;
    GUID *providerKey;
    FWP_BYTE_BLOB providerData;
    FWPM_PROVIDER_CONTEXT_TYPE type;
    union {
        IPSEC_KEYING_POLICY1 *keyingPolicy;
        IPSEC_TRANSPORT_POLICY2 *ikeQmTransportPolicy;
        IPSEC_TUNNEL_POLICY2 *ikeQmTunnelPolicy;
        IPSEC_TRANSPORT_POLICY2 *authipQmTransportPolicy;
        IPSEC_TUNNEL_POLICY2 *authipQmTunnelPolicy;
        IKEEXT_POLICY2 *ikeMmPolicy;
        IKEEXT_POLICY2 *authIpMmPolicy;
        FWP_BYTE_BLOB *dataBuffer;
        FWPM_CLASSIFY_OPTIONS0 *classifyOptions;
        IPSEC_TUNNEL_POLICY2 *ikeV2QmTunnelPolicy;
        IPSEC_TRANSPORT_POLICY2 *ikeV2QmTransportPolicy;
        IKEEXT_POLICY2 *ikeV2MmPolicy;
        IPSEC_DOSP_OPTIONS0 *idpOptions;
        FWPM_NETWORK_CONNECTION_POLICY_SETTINGS0 *networkConnectionPolicy;
    };
    UINT64 providerContextId;
} FWPM_PROVIDER_CONTEXT3;

typedef struct FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0_ {
    GUID *providerKey;
    FWPM_PROVIDER_CONTEXT_TYPE providerContextType;
} FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0;

typedef struct FWPM_FILTER_ENUM_TEMPLATE0_ {
    GUID *providerKey;
    GUID layerKey;
    FWP_FILTER_ENUM_TYPE enumType;
    UINT32 flags;
    FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 *providerContextTemplate;
    UINT32 numFilterConditions;
    FWPM_FILTER_CONDITION0 *filterCondition;
    UINT32 actionMask;
    GUID *calloutKey;
} FWPM_FILTER_ENUM_TEMPLATE0;

#ifdef __cplusplus
}
#endif

#endif /* FWPMTYPES_H */
