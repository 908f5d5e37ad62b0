/*
 * ipsectypes.h — the IPsec security-association types: traffic descriptions,
 * SA bundles and their transforms, SA contexts, enumeration templates and
 * statistics.  Field order, types and layout are those of Windows x64.
 */
#ifndef IPSECTYPES_H
#define IPSECTYPES_H

#include "fwptypes.h"
#include "iketypes.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef UINT32 IPSEC_SA_SPI;
typedef UINT8  IPSEC_AUTH_CONFIG;
typedef UINT8  IPSEC_CIPHER_CONFIG;
typedef UINT64 IPSEC_TOKEN_HANDLE;
typedef GUID   IPSEC_CRYPTO_MODULE_ID;

typedef enum IPSEC_TRAFFIC_TYPE_ {
    IPSEC_TRAFFIC_TYPE_TRANSPORT = 0,
    IPSEC_TRAFFIC_TYPE_TUNNEL    = 1,
    IPSEC_TRAFFIC_TYPE_MAX       = 2
} IPSEC_TRAFFIC_TYPE;

typedef enum IPSEC_TRANSFORM_TYPE_ {
    IPSEC_TRANSFORM_AH                  = 1,
    IPSEC_TRANSFORM_ESP_AUTH            = 2,
    IPSEC_TRANSFORM_ESP_CIPHER          = 3,
    IPSEC_TRANSFORM_ESP_AUTH_AND_CIPHER = 4,
    IPSEC_TRANSFORM_ESP_AUTH_FW         = 5,
    IPSEC_TRANSFORM_TYPE_MAX            = 6
} IPSEC_TRANSFORM_TYPE;

typedef enum IPSEC_AUTH_TYPE_ {
    IPSEC_AUTH_MD5     = 0,
    IPSEC_AUTH_SHA_1   = 1,
    IPSEC_AUTH_SHA_256 = 2,
    IPSEC_AUTH_AES_128 = 3,
    IPSEC_AUTH_AES_192 = 4,
    IPSEC_AUTH_AES_256 = 5,
    IPSEC_AUTH_MAX     = 6
} IPSEC_AUTH_TYPE;

#define IPSEC_AUTH_CONFIG_HMAC_MD5_96     0
#define IPSEC_AUTH_CONFIG_HMAC_SHA_1_96   1
#define IPSEC_AUTH_CONFIG_HMAC_SHA_256_128 2
#define IPSEC_AUTH_CONFIG_GCM_AES_128     3
#define IPSEC_AUTH_CONFIG_GCM_AES_192     4
#define IPSEC_AUTH_CONFIG_GCM_AES_256     5
#define IPSEC_AUTH_CONFIG_MAX             6

typedef enum IPSEC_CIPHER_TYPE_ {
    IPSEC_CIPHER_TYPE_DES     = 1,
    IPSEC_CIPHER_TYPE_3DES    = 2,
    IPSEC_CIPHER_TYPE_AES_128 = 3,
    IPSEC_CIPHER_TYPE_AES_192 = 4,
    IPSEC_CIPHER_TYPE_AES_256 = 5,
    IPSEC_CIPHER_TYPE_MAX     = 6
} IPSEC_CIPHER_TYPE;

#define IPSEC_CIPHER_CONFIG_CBC_DES     1
#define IPSEC_CIPHER_CONFIG_CBC_3DES    2
#define IPSEC_CIPHER_CONFIG_CBC_AES_128 3
#define IPSEC_CIPHER_CONFIG_CBC_AES_192 4
#define IPSEC_CIPHER_CONFIG_CBC_AES_256 5
#define IPSEC_CIPHER_CONFIG_GCM_AES_128 6
#define IPSEC_CIPHER_CONFIG_GCM_AES_192 7
#define IPSEC_CIPHER_CONFIG_GCM_AES_256 8
#define IPSEC_CIPHER_CONFIG_MAX         9

typedef enum IPSEC_PFS_GROUP_ {
    IPSEC_PFS_NONE    = 0,
    IPSEC_PFS_1       = 1,
    IPSEC_PFS_2       = 2,
    IPSEC_PFS_2048    = 3,
    IPSEC_PFS_14      = IPSEC_PFS_2048,
    IPSEC_PFS_ECP_256 = 4,
    IPSEC_PFS_ECP_384 = 5,
    IPSEC_PFS_MM      = 6,
    IPSEC_PFS_24      = 7,
    IPSEC_PFS_MAX     = 8
} IPSEC_PFS_GROUP;

typedef enum IPSEC_TOKEN_TYPE_ {
    IPSEC_TOKEN_TYPE_MACHINE       = 0,
    IPSEC_TOKEN_TYPE_IMPERSONATION = 1,
    IPSEC_TOKEN_TYPE_MAX           = 2
} IPSEC_TOKEN_TYPE;

typedef enum IPSEC_TOKEN_PRINCIPAL_ {
    IPSEC_TOKEN_PRINCIPAL_LOCAL = 0,
    IPSEC_TOKEN_PRINCIPAL_PEER  = 1,
    IPSEC_TOKEN_PRINCIPAL_MAX   = 2
} IPSEC_TOKEN_PRINCIPAL;

typedef enum IPSEC_TOKEN_MODE_ {
    IPSEC_TOKEN_MODE_MAIN     = 0,
    IPSEC_TOKEN_MODE_EXTENDED = 1,
    IPSEC_TOKEN_MODE_MAX      = 2
} IPSEC_TOKEN_MODE;

typedef enum IPSEC_SA_CONTEXT_EVENT_TYPE0_ {
    IPSEC_SA_CONTEXT_EVENT_ADD    = 1,
    IPSEC_SA_CONTEXT_EVENT_DELETE = 2,
    IPSEC_SA_CONTEXT_EVENT_MAX    = 3
} IPSEC_SA_CONTEXT_EVENT_TYPE0;

/* IPSEC_SA_BUNDLE0/1.flags */
#define IPSEC_SA_BUNDLE_FLAG_ND_SECURE                         0x00000001u
#define IPSEC_SA_BUNDLE_FLAG_ND_BOUNDARY                       0x00000002u
#define IPSEC_SA_BUNDLE_FLAG_ND_PEER_NAT_BOUNDARY              0x00000004u
#define IPSEC_SA_BUNDLE_FLAG_GUARANTEE_ENCRYPTION              0x00000008u
#define IPSEC_SA_BUNDLE_FLAG_NLB                               0x00000010u
#define IPSEC_SA_BUNDLE_FLAG_NO_MACHINE_LUID_VERIFY            0x00000020u
#define IPSEC_SA_BUNDLE_FLAG_NO_IMPERSONATION_LUID_VERIFY      0x00000040u
#define IPSEC_SA_BUNDLE_FLAG_NO_EXPLICIT_CRED_MATCH            0x00000080u
#define IPSEC_SA_BUNDLE_FLAG_ALLOW_NULL_TARGET_NAME_MATCH      0x00000200u
#define IPSEC_SA_BUNDLE_FLAG_CLEAR_DF_ON_TUNNEL                0x00000400u
#define IPSEC_SA_BUNDLE_FLAG_ASSUME_UDP_CONTEXT_OUTBOUND       0x00000800u
#define IPSEC_SA_BUNDLE_FLAG_ND_PEER_BOUNDARY                  0x00001000u
#define IPSEC_SA_BUNDLE_FLAG_SUPPRESS_DUPLICATE_DELETION       0x00002000u
#define IPSEC_SA_BUNDLE_FLAG_PEER_SUPPORTS_GUARANTEE_ENCRYPTION 0x00004000u
#define IPSEC_SA_BUNDLE_FLAG_FORCE_INBOUND_CONNECTIONS         0x00008000u
#define IPSEC_SA_BUNDLE_FLAG_FORCE_OUTBOUND_CONNECTIONS        0x00010000u
#define IPSEC_SA_BUNDLE_FLAG_FORWARD_PATH_INITIATOR            0x00020000u

/* IPsecSaContextUpdate0 flags (UINT64, as in the Windows SDK). */
#define IPSEC_SA_DETAILS_UPDATE_TRAFFIC                0x01ull
#define IPSEC_SA_DETAILS_UPDATE_UDP_ENCAPSULATION      0x02ull
#define IPSEC_SA_BUNDLE_UPDATE_FLAGS                   0x04ull
#define IPSEC_SA_BUNDLE_UPDATE_NAP_CONTEXT             0x08ull
#define IPSEC_SA_BUNDLE_UPDATE_KEY_MODULE_STATE        0x10ull
#define IPSEC_SA_BUNDLE_UPDATE_PEER_V4_PRIVATE_ADDRESS 0x20ull
#define IPSEC_SA_BUNDLE_UPDATE_MM_SA_ID                0x40ull

typedef struct IPSEC_SA_LIFETIME0_ {
    UINT32 lifetimeSeconds;
    UINT32 lifetimeKilobytes;
    UINT32 lifetimePackets;
} IPSEC_SA_LIFETIME0;

typedef struct IPSEC_SA_IDLE_TIMEOUT0_ {
    UINT32 idleTimeoutSeconds;
    UINT32 idleTimeoutSecondsFailOver;
} IPSEC_SA_IDLE_TIMEOUT0;

typedef struct IPSEC_AUTH_TRANSFORM_ID0_ {
    IPSEC_AUTH_TYPE authType;
    IPSEC_AUTH_CONFIG authConfig;
} IPSEC_AUTH_TRANSFORM_ID0;

typedef struct IPSEC_AUTH_TRANSFORM0_ {
    IPSEC_AUTH_TRANSFORM_ID0 authTransformId;
    IPSEC_CRYPTO_MODULE_ID *cryptoModuleId;
} IPSEC_AUTH_TRANSFORM0;

typedef struct IPSEC_CIPHER_TRANSFORM_ID0_ {
    IPSEC_CIPHER_TYPE cipherType;
    IPSEC_CIPHER_CONFIG cipherConfig;
} IPSEC_CIPHER_TRANSFORM_ID0;

/* Transform identifiers, declared as the SDK declares them: `static const`
 * objects, so they are expressions (`t.authTransformId = ID;`, `a == b` by
 * member) as well as initialisers.  An unused `static const` in a header draws
 * no warning from gcc or clang (-Wunused-const-variable looks at the main file
 * only); tests/headers proves it under -Wall -Wextra -Werror. */
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_HMAC_MD5_96 = { IPSEC_AUTH_MD5, IPSEC_AUTH_CONFIG_HMAC_MD5_96 };
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96 = { IPSEC_AUTH_SHA_1, IPSEC_AUTH_CONFIG_HMAC_SHA_1_96 };
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128 = { IPSEC_AUTH_SHA_256, IPSEC_AUTH_CONFIG_HMAC_SHA_256_128 };
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_GCM_AES_128 = { IPSEC_AUTH_AES_128, IPSEC_AUTH_CONFIG_GCM_AES_128 };
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_GCM_AES_192 = { IPSEC_AUTH_AES_192, IPSEC_AUTH_CONFIG_GCM_AES_192 };
static const IPSEC_AUTH_TRANSFORM_ID0 IPSEC_AUTH_TRANSFORM_ID_GCM_AES_256 = { IPSEC_AUTH_AES_256, IPSEC_AUTH_CONFIG_GCM_AES_256 };

static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_CBC_DES = { IPSEC_CIPHER_TYPE_DES, IPSEC_CIPHER_CONFIG_CBC_DES };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_CBC_3DES = { IPSEC_CIPHER_TYPE_3DES, IPSEC_CIPHER_CONFIG_CBC_3DES };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_AES_128 = { IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_CBC_AES_128 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_AES_192 = { IPSEC_CIPHER_TYPE_AES_192, IPSEC_CIPHER_CONFIG_CBC_AES_192 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_AES_256 = { IPSEC_CIPHER_TYPE_AES_256, IPSEC_CIPHER_CONFIG_CBC_AES_256 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_128 = { IPSEC_CIPHER_TYPE_AES_128, IPSEC_CIPHER_CONFIG_GCM_AES_128 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_192 = { IPSEC_CIPHER_TYPE_AES_192, IPSEC_CIPHER_CONFIG_GCM_AES_192 };
static const IPSEC_CIPHER_TRANSFORM_ID0 IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_256 = { IPSEC_CIPHER_TYPE_AES_256, IPSEC_CIPHER_CONFIG_GCM_AES_256 };

typedef struct IPSEC_CIPHER_TRANSFORM0_ {
    IPSEC_CIPHER_TRANSFORM_ID0 cipherTransformId;
    IPSEC_CRYPTO_MODULE_ID *cryptoModuleId;
} IPSEC_CIPHER_TRANSFORM0;

typedef struct IPSEC_SA_AUTH_INFORMATION0_ {
    IPSEC_AUTH_TRANSFORM0 authTransform;
    FWP_BYTE_BLOB authKey;
} IPSEC_SA_AUTH_INFORMATION0;

typedef struct IPSEC_SA_CIPHER_INFORMATION0_ {
    IPSEC_CIPHER_TRANSFORM0 cipherTransform;
    FWP_BYTE_BLOB cipherKey;
} IPSEC_SA_CIPHER_INFORMATION0;

/* Cipher first, then authentication — the Windows order. */
typedef struct IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0_ {
    IPSEC_SA_CIPHER_INFORMATION0 saCipherInformation;
    IPSEC_SA_AUTH_INFORMATION0 saAuthInformation;
} IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0;

typedef struct IPSEC_SA0_ {
    IPSEC_SA_SPI spi;
    IPSEC_TRANSFORM_TYPE saTransformType;
    union {
        IPSEC_SA_AUTH_INFORMATION0 *ahInformation;
        IPSEC_SA_AUTH_INFORMATION0 *espAuthInformation;
        IPSEC_SA_CIPHER_INFORMATION0 *espCipherInformation;
        IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 *espAuthAndCipherInformation;
        IPSEC_SA_AUTH_INFORMATION0 *espAuthFwInformation;
    };
} IPSEC_SA0;

typedef struct IPSEC_KEYMODULE_STATE0_ {
    GUID keyModuleKey;
    FWP_BYTE_BLOB stateBlob;
} IPSEC_KEYMODULE_STATE0;

typedef struct IPSEC_TOKEN0_ {
    IPSEC_TOKEN_TYPE type;
    IPSEC_TOKEN_PRINCIPAL principal;
    IPSEC_TOKEN_MODE mode;
    IPSEC_TOKEN_HANDLE token;
} IPSEC_TOKEN0;

typedef struct IPSEC_ID0_ {
    wchar_t *mmTargetName;
    wchar_t *emTargetName;
    UINT32 numTokens;
    IPSEC_TOKEN0 *tokens;
    UINT64 explicitCredentials;
    UINT64 logonId;
} IPSEC_ID0;

typedef struct IPSEC_SA_BUNDLE0_ {
    UINT32 flags;
    IPSEC_SA_LIFETIME0 lifetime;
    UINT32 idleTimeoutSeconds;
    UINT32 ndAllowClearTimeoutSeconds;
    IPSEC_ID0 *ipsecId;
    UINT32 napContext;
    UINT32 qmSaId;
    UINT32 numSAs;
    IPSEC_SA0 *saList;
    IPSEC_KEYMODULE_STATE0 *keyModuleState;
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 peerV4PrivateAddress;
    };
    UINT64 mmSaId;
    IPSEC_PFS_GROUP pfsGroup;
} IPSEC_SA_BUNDLE0;

typedef struct IPSEC_SA_BUNDLE1_ {
    UINT32 flags;
    IPSEC_SA_LIFETIME0 lifetime;
    UINT32 idleTimeoutSeconds;
    UINT32 ndAllowClearTimeoutSeconds;
    IPSEC_ID0 *ipsecId;
    UINT32 napContext;
    UINT32 qmSaId;
    UINT32 numSAs;
    IPSEC_SA0 *saList;
    IPSEC_KEYMODULE_STATE0 *keyModuleState;
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 peerV4PrivateAddress;
    };
    UINT64 mmSaId;
    IPSEC_PFS_GROUP pfsGroup;
    GUID saLookupContext;
    UINT64 qmFilterId;
} IPSEC_SA_BUNDLE1;

/* IPv4 addresses and ports are in host byte order. */
typedef struct IPSEC_TRAFFIC0_ {
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 localV4Address;
        UINT8 localV6Address[16];
    };
    union {
        UINT32 remoteV4Address;
        UINT8 remoteV6Address[16];
    };
    IPSEC_TRAFFIC_TYPE trafficType;
    union {
        UINT64 ipsecFilterId;
        UINT64 tunnelPolicyId;
    };
    UINT16 remotePort;
} IPSEC_TRAFFIC0;

typedef struct IPSEC_TRAFFIC1_ {
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 localV4Address;
        UINT8 localV6Address[16];
    };
    union {
        UINT32 remoteV4Address;
        UINT8 remoteV6Address[16];
    };
    IPSEC_TRAFFIC_TYPE trafficType;
    union {
        UINT64 ipsecFilterId;
        UINT64 tunnelPolicyId;
    };
    UINT16 remotePort;
    UINT16 localPort;
    UINT8 ipProtocol;
    UINT64 localIfLuid;
    UINT32 realIfProfileId;
} IPSEC_TRAFFIC1;

typedef struct IPSEC_V4_UDP_ENCAPSULATION0_ {
    UINT16 localUdpEncapPort;
    UINT16 remoteUdpEncapPort;
} IPSEC_V4_UDP_ENCAPSULATION0;

typedef struct IPSEC_GETSPI0_ {
    IPSEC_TRAFFIC0 inboundIpsecTraffic;
    FWP_IP_VERSION ipVersion;
    union {
        IPSEC_V4_UDP_ENCAPSULATION0 *inboundUdpEncapsulation;
    };
    IPSEC_CRYPTO_MODULE_ID *rngCryptoModuleID;
} IPSEC_GETSPI0;

typedef struct IPSEC_GETSPI1_ {
    IPSEC_TRAFFIC1 inboundIpsecTraffic;
    FWP_IP_VERSION ipVersion;
    union {
        IPSEC_V4_UDP_ENCAPSULATION0 *inboundUdpEncapsulation;
    };
    IPSEC_CRYPTO_MODULE_ID *rngCryptoModuleID;
} IPSEC_GETSPI1;

typedef struct IPSEC_KEYING_POLICY0_ {
    UINT32 numKeyMods;
    GUID *keyModKeys;
} IPSEC_KEYING_POLICY0;

/* IPSEC_KEYING_POLICY1.flags */
#define IPSEC_KEYING_POLICY_FLAG_TERMINATING_MATCH 0x00000001u

typedef struct IPSEC_KEYING_POLICY1_ {
    UINT32 numKeyMods;
    GUID *keyModKeys;
    UINT32 flags;
} IPSEC_KEYING_POLICY1;

/* IPSEC_TRANSPORT_POLICY* and IPSEC_TUNNEL_POLICY* flags */
#define IPSEC_POLICY_FLAG_ND_SECURE                               0x00000002u
#define IPSEC_POLICY_FLAG_ND_BOUNDARY                             0x00000004u
#define IPSEC_POLICY_FLAG_CLEAR_DF_ON_TUNNEL                      0x00000008u
#define IPSEC_POLICY_FLAG_NAT_ENCAP_ALLOW_PEER_BEHIND_NAT         0x00000010u
#define IPSEC_POLICY_FLAG_NAT_ENCAP_ALLOW_GENERAL_NAT_TRAVERSAL   0x00000020u
#define IPSEC_POLICY_FLAG_DONT_NEGOTIATE_SECOND_LIFETIME          0x00000040u
#define IPSEC_POLICY_FLAG_DONT_NEGOTIATE_BYTE_LIFETIME            0x00000080u
#define IPSEC_POLICY_FLAG_ENABLE_V6_IN_V4_TUNNELING               0x00000100u
#define IPSEC_POLICY_FLAG_ENABLE_SERVER_ADDR_ASSIGNMENT           0x00000200u
#define IPSEC_POLICY_FLAG_TUNNEL_ALLOW_OUTBOUND_CLEAR_CONNECTION  0x00000400u
#define IPSEC_POLICY_FLAG_TUNNEL_BYPASS_ALREADY_SECURE_CONNECTION 0x00000800u
#define IPSEC_POLICY_FLAG_TUNNEL_BYPASS_ICMPV6                    0x00001000u
#define IPSEC_POLICY_FLAG_KEY_MANAGER_ALLOW_DICTATE_KEY           0x00002000u
#define IPSEC_POLICY_FLAG_KEY_MANAGER_ALLOW_NOTIFY_KEY            0x00004000u
#define IPSEC_POLICY_FLAG_RESERVED1                               0x00008000u
#define IPSEC_POLICY_FLAG_SITE_TO_SITE_TUNNEL                     0x00010000u
#define IPSEC_POLICY_FLAG_POINT_TO_SITE_TUNNEL                    0x00020000u

/* Both transforms of an ESP authentication-and-cipher proposal. */
typedef struct IPSEC_AUTH_AND_CIPHER_TRANSFORM0_ {
    IPSEC_AUTH_TRANSFORM0 authTransform;
    IPSEC_CIPHER_TRANSFORM0 cipherTransform;
} IPSEC_AUTH_AND_CIPHER_TRANSFORM0;

/* One transform of a quick-mode proposal; ipsecTransformType selects the arm. */
typedef struct IPSEC_SA_TRANSFORM0_ {
    IPSEC_TRANSFORM_TYPE ipsecTransformType;
    union {
        IPSEC_AUTH_TRANSFORM0 *ahTransform;
        IPSEC_AUTH_TRANSFORM0 *espAuthTransform;
        IPSEC_CIPHER_TRANSFORM0 *espCipherTransform;
        IPSEC_AUTH_AND_CIPHER_TRANSFORM0 *espAuthAndCipherTransform;
        IPSEC_AUTH_TRANSFORM0 *espAuthFwTransform;
    };
} IPSEC_SA_TRANSFORM0;

typedef struct IPSEC_PROPOSAL0_ {
    IPSEC_SA_LIFETIME0 lifetime;
    UINT32 numSaTransforms;
    IPSEC_SA_TRANSFORM0 *saTransforms;
    IPSEC_PFS_GROUP pfsGroup;
} IPSEC_PROPOSAL0;

/* Quick-mode transport policies. */
typedef struct IPSEC_TRANSPORT_POLICY0_ {
    UINT32 numIpsecProposals;
    IPSEC_PROPOSAL0 *ipsecProposals;
    UINT32 flags;
    UINT32 ndAllowClearTimeoutSeconds;
    IPSEC_SA_IDLE_TIMEOUT0 saIdleTimeout;
    IKEEXT_EM_POLICY0 *emPolicy;
} IPSEC_TRANSPORT_POLICY0;

typedef struct IPSEC_TRANSPORT_POLICY1_ {
    UINT32 numIpsecProposals;
    IPSEC_PROPOSAL0 *ipsecProposals;
    UINT32 flags;
    UINT32 ndAllowClearTimeoutSeconds;
    IPSEC_SA_IDLE_TIMEOUT0 saIdleTimeout;
    IKEEXT_EM_POLICY1 *emPolicy;
} IPSEC_TRANSPORT_POLICY1;

typedef struct IPSEC_TRANSPORT_POLICY2_ {
    UINT32 numIpsecProposals;
    IPSEC_PROPOSAL0 *ipsecProposals;
    UINT32 flags;
    UINT32 ndAllowClearTimeoutSeconds;
    IPSEC_SA_IDLE_TIMEOUT0 saIdleTimeout;
    IKEEXT_EM_POLICY2 *emPolicy;
} IPSEC_TRANSPORT_POLICY2;

/* Tunnel endpoints; ipVersion selects the address arms. */
typedef struct IPSEC_TUNNEL_ENDPOINTS0_ {
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 localV4Address;
        UINT8 localV6Address[16];
    };
    union {
        UINT32 remoteV4Address;
        UINT8 remoteV6Address[16];
    };
} IPSEC_TUNNEL_ENDPOINTS0;

typedef struct IPSEC_TUNNEL_ENDPOINTS1_ {
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 localV4Address;
        UINT8 localV6Address[16];
    };
    union {
        UINT32 remoteV4Address;
        UINT8 remoteV6Address[16];
    };
    UINT64 localIfLuid;
} IPSEC_TUNNEL_ENDPOINTS1;

/* One remote address of a multi-address tunnel. */
typedef struct IPSEC_TUNNEL_ENDPOINT0_ {
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 v4Address;
        UINT8 v6Address[16];
    };
} IPSEC_TUNNEL_ENDPOINT0;

typedef struct IPSEC_TUNNEL_ENDPOINTS2_ {
    FWP_IP_VERSION ipVersion;
    union {
        UINT32 localV4Address;
        UINT8 localV6Address[16];
    };
    union {
        UINT32 remoteV4Address;
        UINT8 remoteV6Address[16];
    };
    UINT64 localIfLuid;
    wchar_t *remoteFqdn;
    UINT32 numAddresses;
    IPSEC_TUNNEL_ENDPOINT0 *remoteAddresses;
} IPSEC_TUNNEL_ENDPOINTS2;

/* Quick-mode tunnel policies. */
typedef struct IPSEC_TUNNEL_POLICY0_ {
    UINT32 flags;
    UINT32 numIpsecProposals;
    IPSEC_PROPOSAL0 *ipsecProposals;
    IPSEC_TUNNEL_ENDPOINTS0 tunnelEndpoints;
    IPSEC_SA_IDLE_TIMEOUT0 saIdleTimeout;
    IKEEXT_EM_POLICY0 *emPolicy;
} IPSEC_TUNNEL_POLICY0;

typedef struct IPSEC_TUNNEL_POLICY1_ {
    UINT32 flags;
    UINT32 numIpsecProposals;
    IPSEC_PROPOSAL0 *ipsecProposals;
    IPSEC_TUNNEL_ENDPOINTS1 tunnelEndpoints;
    IPSEC_SA_IDLE_TIMEOUT0 saIdleTimeout;
    IKEEXT_EM_POLICY1 *emPolicy;
} IPSEC_TUNNEL_POLICY1;

typedef struct IPSEC_TUNNEL_POLICY2_ {
    UINT32 flags;
    UINT32 numIpsecProposals;
    IPSEC_PROPOSAL0 *ipsecProposals;
    IPSEC_TUNNEL_ENDPOINTS2 tunnelEndpoints;
    IPSEC_SA_IDLE_TIMEOUT0 saIdleTimeout;
    IKEEXT_EM_POLICY2 *emPolicy;
    UINT32 fwdPathSaLifetime;
} IPSEC_TUNNEL_POLICY2;

/* IPSEC_DOSP_OPTIONS0.flags and the "disabled" values of its settings */
#define IPSEC_DOSP_FLAG_ENABLE_IKEV1          0x00000001u
#define IPSEC_DOSP_FLAG_ENABLE_IKEV2          0x00000002u
#define IPSEC_DOSP_FLAG_DISABLE_AUTHIP        0x00000004u
#define IPSEC_DOSP_FLAG_DISABLE_DEFAULT_BLOCK 0x00000008u
#define IPSEC_DOSP_FLAG_FILTER_BLOCK          0x00000010u
#define IPSEC_DOSP_FLAG_FILTER_EXEMPT         0x00000020u
#define IPSEC_DOSP_DSCP_DISABLE_VALUE         0xFFu
#define IPSEC_DOSP_RATE_LIMIT_DISABLE_VALUE   0u

/* IPv6 denial-of-service protection settings. */
typedef struct IPSEC_DOSP_OPTIONS0_ {
    UINT32 stateIdleTimeoutSeconds;
    UINT32 perIPRateLimitQueueIdleTimeoutSeconds;
    UINT8 ipV6IPsecUnauthDscp;
    UINT32 ipV6IPsecUnauthRateLimitBytesPerSec;
    UINT32 ipV6IPsecUnauthPerIPRateLimitBytesPerSec;
    UINT8 ipV6IPsecAuthDscp;
    UINT32 ipV6IPsecAuthRateLimitBytesPerSec;
    UINT8 icmpV6Dscp;
    UINT32 icmpV6RateLimitBytesPerSec;
    UINT8 ipV6FilterExemptDscp;
    UINT32 ipV6FilterExemptRateLimitBytesPerSec;
    UINT8 defBlockExemptDscp;
    UINT32 defBlockExemptRateLimitBytesPerSec;
    UINT32 maxStateEntries;
    UINT32 maxPerIPRateLimitQueues;
    UINT32 flags;
    UINT32 numPublicIFLuids;
    UINT64 *publicIFLuids;
    UINT32 numInternalIFLuids;
    UINT64 *internalIFLuids;
    FWP_V6_ADDR_AND_MASK publicV6AddrMask;
    FWP_V6_ADDR_AND_MASK internalV6AddrMask;
} IPSEC_DOSP_OPTIONS0;

struct FWPM_FILTER0_;

typedef struct IPSEC_SA_DETAILS0_ {
    FWP_IP_VERSION ipVersion;
    FWP_DIRECTION saDirection;
    IPSEC_TRAFFIC0 traffic;
    IPSEC_SA_BUNDLE0 saBundle;
    union {
        IPSEC_V4_UDP_ENCAPSULATION0 *udpEncapsulation;
    };
    struct FWPM_FILTER0_ *transportFilter;
} IPSEC_SA_DETAILS0;

/* virtualIfTunnelInfo is embedded by value, as the documentation and the
 * Windows SDK declare it (the mingw-w64 header's pointer is wrong). */
typedef struct IPSEC_SA_DETAILS1_ {
    FWP_IP_VERSION ipVersion;
    FWP_DIRECTION saDirection;
    IPSEC_TRAFFIC1 traffic;
    IPSEC_SA_BUNDLE1 saBundle;
    union {
        IPSEC_V4_UDP_ENCAPSULATION0 *udpEncapsulation;
    };
    struct FWPM_FILTER0_ *transportFilter;
    IPSEC_VIRTUAL_IF_TUNNEL_INFO0 virtualIfTunnelInfo;
} IPSEC_SA_DETAILS1;

typedef struct IPSEC_SA_CONTEXT0_ {
    UINT64 saContextId;
    IPSEC_SA_DETAILS0 *inboundSa;
    IPSEC_SA_DETAILS0 *outboundSa;
} IPSEC_SA_CONTEXT0;

typedef struct IPSEC_SA_CONTEXT1_ {
    UINT64 saContextId;
    IPSEC_SA_DETAILS1 *inboundSa;
    IPSEC_SA_DETAILS1 *outboundSa;
} IPSEC_SA_CONTEXT1;

typedef struct IPSEC_SA_CONTEXT_ENUM_TEMPLATE0_ {
    FWP_CONDITION_VALUE0 localSubNet;
    FWP_CONDITION_VALUE0 remoteSubNet;
} IPSEC_SA_CONTEXT_ENUM_TEMPLATE0;

typedef struct IPSEC_SA_ENUM_TEMPLATE0_ {
    FWP_DIRECTION saDirection;
} IPSEC_SA_ENUM_TEMPLATE0;

typedef struct IPSEC_SA_CONTEXT_CHANGE0_ {
    IPSEC_SA_CONTEXT_EVENT_TYPE0 changeType;
    UINT64 saContextId;
} IPSEC_SA_CONTEXT_CHANGE0;

typedef struct IPSEC_SA_CONTEXT_SUBSCRIPTION0_ {
    IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *enumTemplate;
    UINT32 flags;
    GUID sessionKey;
} IPSEC_SA_CONTEXT_SUBSCRIPTION0;

typedef void (CALLBACK *IPSEC_SA_CONTEXT_CALLBACK0)(void *context, const IPSEC_SA_CONTEXT_CHANGE0 *change);

typedef struct IPSEC_AGGREGATE_SA_STATISTICS0_ {
    UINT32 activeSas;
    UINT32 pendingSaNegotiations;
    UINT32 totalSasAdded;
    UINT32 totalSasDeleted;
    UINT32 successfulRekeys;
    UINT32 activeTunnels;
    UINT32 offloadedSas;
} IPSEC_AGGREGATE_SA_STATISTICS0;

typedef struct IPSEC_ESP_DROP_PACKET_STATISTICS0_ {
    UINT32 invalidSpisOnInbound;
    UINT32 decryptionFailuresOnInbound;
    UINT32 authenticationFailuresOnInbound;
    UINT32 replayCheckFailuresOnInbound;
    UINT32 saNotInitializedOnInbound;
} IPSEC_ESP_DROP_PACKET_STATISTICS0;

typedef struct IPSEC_AH_DROP_PACKET_STATISTICS0_ {
    UINT32 invalidSpisOnInbound;
    UINT32 authenticationFailuresOnInbound;
    UINT32 replayCheckFailuresOnInbound;
    UINT32 saNotInitializedOnInbound;
} IPSEC_AH_DROP_PACKET_STATISTICS0;

typedef struct IPSEC_AGGREGATE_DROP_PACKET_STATISTICS0_ {
    UINT32 invalidSpisOnInbound;
    UINT32 decryptionFailuresOnInbound;
    UINT32 authenticationFailuresOnInbound;
    UINT32 udpEspValidationFailuresOnInbound;
    UINT32 replayCheckFailuresOnInbound;
    UINT32 invalidClearTextInbound;
    UINT32 saNotInitializedOnInbound;
    UINT32 receiveOverIncorrectSaInbound;
    UINT32 secureReceivesNotMatchingFilters;
} IPSEC_AGGREGATE_DROP_PACKET_STATISTICS0;

typedef struct IPSEC_AGGREGATE_DROP_PACKET_STATISTICS1_ {
    UINT32 invalidSpisOnInbound;
    UINT32 decryptionFailuresOnInbound;
    UINT32 authenticationFailuresOnInbound;
    UINT32 udpEspValidationFailuresOnInbound;
    UINT32 replayCheckFailuresOnInbound;
    UINT32 invalidClearTextInbound;
    UINT32 saNotInitializedOnInbound;
    UINT32 receiveOverIncorrectSaInbound;
    UINT32 secureReceivesNotMatchingFilters;
    UINT32 totalDropPacketsInbound;
} IPSEC_AGGREGATE_DROP_PACKET_STATISTICS1;

typedef struct IPSEC_TRAFFIC_STATISTICS0_ {
    UINT64 encryptedByteCount;
    UINT64 authenticatedAHByteCount;
    UINT64 authenticatedESPByteCount;
    UINT64 transportByteCount;
    UINT64 tunnelByteCount;
    UINT64 offloadByteCount;
} IPSEC_TRAFFIC_STATISTICS0;

typedef struct IPSEC_TRAFFIC_STATISTICS1_ {
    UINT64 encryptedByteCount;
    UINT64 authenticatedAHByteCount;
    UINT64 authenticatedESPByteCount;
    UINT64 transportByteCount;
    UINT64 tunnelByteCount;
    UINT64 offloadByteCount;
    UINT64 totalSuccessfulPackets;
} IPSEC_TRAFFIC_STATISTICS1;

typedef struct IPSEC_STATISTICS0_ {
    IPSEC_AGGREGATE_SA_STATISTICS0 aggregateSaStatistics;
    IPSEC_ESP_DROP_PACKET_STATISTICS0 espDropPacketStatistics;
    IPSEC_AH_DROP_PACKET_STATISTICS0 ahDropPacketStatistics;
    IPSEC_AGGREGATE_DROP_PACKET_STATISTICS0 aggregateDropPacketStatistics;
    IPSEC_TRAFFIC_STATISTICS0 inboundTrafficStatistics;
    IPSEC_TRAFFIC_STATISTICS0 outboundTrafficStatistics;
} IPSEC_STATISTICS0;

typedef struct IPSEC_STATISTICS1_ {
    IPSEC_AGGREGATE_SA_STATISTICS0 aggregateSaStatistics;
    IPSEC_ESP_DROP_PACKET_STATISTICS0 espDropPacketStatistics;
    IPSEC_AH_DROP_PACKET_STATISTICS0 ahDropPacketStatistics;
    IPSEC_AGGREGATE_DROP_PACKET_STATISTICS1 aggregateDropPacketStatistics;
    IPSEC_TRAFFIC_STATISTICS1 inboundTrafficStatistics;
    IPSEC_TRAFFIC_STATISTICS1 outboundTrafficStatistics;
} IPSEC_STATISTICS1;

/* Additional local addresses indicated to a peer (mobility). */
typedef struct IPSEC_ADDRESS_INFO0_ {
    UINT32 numV4Addresses;
    UINT32 *v4Addresses;
    UINT32 numV6Addresses;
    FWP_BYTE_ARRAY16 *v6Addresses;
} IPSEC_ADDRESS_INFO0;

#ifdef __cplusplus
}
#endif

#endif /* IPSECTYPES_H */
