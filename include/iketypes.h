/*
 * iketypes.h — the IKE/AuthIP types that the IPsec headers build on: key
 * modules, and the main-mode and extended-mode policies that provider
 * contexts carry.  Field order, types and layout are those of Windows x64.
 */
#ifndef IKETYPES_H
#define IKETYPES_H

#include "fwptypes.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum IKEEXT_KEY_MODULE_TYPE_ {
    IKEEXT_KEY_MODULE_IKE     = 0,
    IKEEXT_KEY_MODULE_AUTHIP  = 1,
    IKEEXT_KEY_MODULE_IKEV2   = 2,
    IKEEXT_KEY_MODULE_MAX     = 3
} IKEEXT_KEY_MODULE_TYPE;

/* IKEEXT_CERTIFICATE_AUTHENTICATION*.flags */
#define IKEEXT_CERT_AUTH_FLAG_SSL_ONE_WAY            0x00000001u
#define IKEEXT_CERT_AUTH_FLAG_DISABLE_CRL_CHECK      0x00000002u
#define IKEEXT_CERT_AUTH_ENABLE_CRL_CHECK_STRONG     0x00000004u
#define IKEEXT_CERT_AUTH_DISABLE_SSL_CERT_VALIDATION 0x00000008u
#define IKEEXT_CERT_AUTH_ALLOW_HTTP_CERT_LOOKUP      0x00000010u
#define IKEEXT_CERT_AUTH_URL_CONTAINS_BUNDLE         0x00000020u

/* IKEEXT_CERT_ROOT_CONFIG0.flags and IKEEXT_CERTIFICATE_CRITERIA0.flags */
#define IKEEXT_CERT_FLAG_ENABLE_ACCOUNT_MAPPING          0x00000001u
#define IKEEXT_CERT_FLAG_DISABLE_REQUEST_PAYLOAD         0x00000002u
#define IKEEXT_CERT_FLAG_USE_NAP_CERTIFICATE             0x00000004u
#define IKEEXT_CERT_FLAG_INTERMEDIATE_CA                 0x00000008u
#define IKEEXT_CERT_FLAG_IGNORE_INIT_CERT_MAP_FAILURE    0x00000010u
#define IKEEXT_CERT_FLAG_PREFER_NAP_CERTIFICATE_OUTBOUND 0x00000020u
#define IKEEXT_CERT_FLAG_SELECT_NAP_CERTIFICATE          0x00000040u
#define IKEEXT_CERT_FLAG_VERIFY_NAP_CERTIFICATE          0x00000080u
#define IKEEXT_CERT_FLAG_FOLLOW_RENEWAL_CERTIFICATE      0x00000100u

/* IKEEXT_KERBEROS_AUTHENTICATION0/1.flags */
#define IKEEXT_KERB_AUTH_DISABLE_INITIATOR_TOKEN_GENERATION 0x00000001u
#define IKEEXT_KERB_AUTH_DONT_ACCEPT_EXPLICIT_CREDENTIALS   0x00000002u
#define IKEEXT_KERB_AUTH_FORCE_PROXY_ON_INITIATOR           0x00000004u

/* IKEEXT_RESERVED_AUTHENTICATION0.flags */
#define IKEEXT_RESERVED_AUTH_DISABLE_INITIATOR_TOKEN_GENERATION 0x00000001u

/* IKEEXT_NTLM_V2_AUTHENTICATION0.flags */
#define IKEEXT_NTLM_V2_AUTH_DONT_ACCEPT_EXPLICIT_CREDENTIALS 0x00000001u

/* IKEEXT_PRESHARED_KEY_AUTHENTICATION1.flags */
#define IKEEXT_PSK_FLAG_LOCAL_AUTH_ONLY  0x00000001u
#define IKEEXT_PSK_FLAG_REMOTE_AUTH_ONLY 0x00000002u

/* IKEEXT_EAP_AUTHENTICATION0.flags */
#define IKEEXT_EAP_FLAG_LOCAL_AUTH_ONLY  0x00000001u
#define IKEEXT_EAP_FLAG_REMOTE_AUTH_ONLY 0x00000002u

/* IKEEXT_POLICY0/1/2.flags */
#define IKEEXT_POLICY_FLAG_DISABLE_DIAGNOSTICS         0x00000001u
#define IKEEXT_POLICY_FLAG_NO_MACHINE_LUID_VERIFY      0x00000002u
#define IKEEXT_POLICY_FLAG_NO_IMPERSONATION_LUID_VERIFY 0x00000004u
#define IKEEXT_POLICY_FLAG_ENABLE_OPTIONAL_DH          0x00000008u

typedef enum IKEEXT_AUTHENTICATION_METHOD_TYPE_ {
    IKEEXT_PRESHARED_KEY                  = 0,
    IKEEXT_CERTIFICATE                    = 1,
    IKEEXT_KERBEROS                       = 2,
    IKEEXT_ANONYMOUS                      = 3,
    IKEEXT_SSL                            = 4,
    IKEEXT_NTLM_V2                        = 5,
    IKEEXT_IPV6_CGA                       = 6,
    IKEEXT_CERTIFICATE_ECDSA_P256         = 7,
    IKEEXT_CERTIFICATE_ECDSA_P384         = 8,
    IKEEXT_SSL_ECDSA_P256                 = 9,
    IKEEXT_SSL_ECDSA_P384                 = 10,
    IKEEXT_EAP                            = 11,
    IKEEXT_RESERVED                       = 12,
    IKEEXT_AUTHENTICATION_METHOD_TYPE_MAX = 13
} IKEEXT_AUTHENTICATION_METHOD_TYPE;

typedef enum IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE_ {
    IKEEXT_IMPERSONATION_NONE             = 0,
    IKEEXT_IMPERSONATION_SOCKET_PRINCIPAL = 1,
    IKEEXT_IMPERSONATION_MAX              = 2
} IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE;

typedef enum IKEEXT_CERT_CONFIG_TYPE_ {
    IKEEXT_CERT_CONFIG_EXPLICIT_TRUST_LIST = 0,
    IKEEXT_CERT_CONFIG_ENTERPRISE_STORE    = 1,
    IKEEXT_CERT_CONFIG_TRUSTED_ROOT_STORE  = 2,
    IKEEXT_CERT_CONFIG_UNSPECIFIED         = 3,
    IKEEXT_CERT_CONFIG_TYPE_MAX            = 4
} IKEEXT_CERT_CONFIG_TYPE;

typedef enum IKEEXT_CERT_CRITERIA_NAME_TYPE_ {
    IKEEXT_CERT_CRITERIA_DNS           = 0,
    IKEEXT_CERT_CRITERIA_UPN           = 1,
    IKEEXT_CERT_CRITERIA_RFC822        = 2,
    IKEEXT_CERT_CRITERIA_CN            = 3,
    IKEEXT_CERT_CRITERIA_OU            = 4,
    IKEEXT_CERT_CRITERIA_O             = 5,
    IKEEXT_CERT_CRITERIA_DC            = 6,
    IKEEXT_CERT_CRITERIA_NAME_TYPE_MAX = 7
} IKEEXT_CERT_CRITERIA_NAME_TYPE;

typedef enum IKEEXT_CIPHER_TYPE_ {
    IKEEXT_CIPHER_DES         = 0,
    IKEEXT_CIPHER_3DES        = 1,
    IKEEXT_CIPHER_AES_128     = 2,
    IKEEXT_CIPHER_AES_192     = 3,
    IKEEXT_CIPHER_AES_256     = 4,
    IKEEXT_CIPHER_AES_GCM_128_16ICV = 5,
    IKEEXT_CIPHER_AES_GCM_256_16ICV = 6,
    IKEEXT_CIPHER_TYPE_MAX    = 7
} IKEEXT_CIPHER_TYPE;

typedef enum IKEEXT_INTEGRITY_TYPE_ {
    IKEEXT_INTEGRITY_MD5      = 0,
    IKEEXT_INTEGRITY_SHA1     = 1,
    IKEEXT_INTEGRITY_SHA_256  = 2,
    IKEEXT_INTEGRITY_SHA_384  = 3,
    IKEEXT_INTEGRITY_TYPE_MAX = 4
} IKEEXT_INTEGRITY_TYPE;

typedef enum IKEEXT_DH_GROUP_ {
    IKEEXT_DH_GROUP_NONE = 0,
    IKEEXT_DH_GROUP_1    = 1,
    IKEEXT_DH_GROUP_2    = 2,
    IKEEXT_DH_GROUP_14   = 3,
    IKEEXT_DH_GROUP_2048 = IKEEXT_DH_GROUP_14,
    IKEEXT_DH_ECP_256    = 4,
    IKEEXT_DH_ECP_384    = 5,
    IKEEXT_DH_GROUP_24   = 6,
    IKEEXT_DH_GROUP_MAX  = 7
} IKEEXT_DH_GROUP;

/* A trusted root: the certificate's encoded bytes. */
typedef struct IKEEXT_CERT_ROOT_CONFIG0_ {
    FWP_BYTE_BLOB certData;
    UINT32 flags;
} IKEEXT_CERT_ROOT_CONFIG0;

typedef struct IKEEXT_PRESHARED_KEY_AUTHENTICATION0_ {
    FWP_BYTE_BLOB presharedKey;
} IKEEXT_PRESHARED_KEY_AUTHENTICATION0;

typedef struct IKEEXT_PRESHARED_KEY_AUTHENTICATION1_ {
    FWP_BYTE_BLOB presharedKey;
    UINT32 flags;
} IKEEXT_PRESHARED_KEY_AUTHENTICATION1;

/*
 * Certificate authentication.  Each direction's union holds either an explicit
 * root list (a count and an array, grouped in an anonymous structure, so the
 * pointer arms overlay the count exactly as in the Windows SDK) or a single
 * store configuration.  `__extension__` keeps C++ and -Wpedantic builds quiet
 * (an anonymous structure is standard C11, an extension in C++).
 */
typedef struct IKEEXT_CERTIFICATE_AUTHENTICATION0_ {
    IKEEXT_CERT_CONFIG_TYPE inboundConfigType;
    __extension__ union {
        struct {
            UINT32 inboundRootArraySize;
            IKEEXT_CERT_ROOT_CONFIG0 *inboundRootArray;
        };
        IKEEXT_CERT_ROOT_CONFIG0 *inboundEnterpriseStoreConfig;
        IKEEXT_CERT_ROOT_CONFIG0 *inboundTrustedRootStoreConfig;
    };
    IKEEXT_CERT_CONFIG_TYPE outboundConfigType;
    __extension__ union {
        struct {
            UINT32 outboundRootArraySize;
            IKEEXT_CERT_ROOT_CONFIG0 *outboundRootArray;
        };
        IKEEXT_CERT_ROOT_CONFIG0 *outboundEnterpriseStoreConfig;
        IKEEXT_CERT_ROOT_CONFIG0 *outboundTrustedRootStoreConfig;
    };
    UINT32 flags;
} IKEEXT_CERTIFICATE_AUTHENTICATION0;

typedef struct IKEEXT_CERTIFICATE_AUTHENTICATION1_ {
    IKEEXT_CERT_CONFIG_TYPE inboundConfigType;
    __extension__ union {
        struct {
            UINT32 inboundRootArraySize;
            IKEEXT_CERT_ROOT_CONFIG0 *inboundRootArray;
        };
        IKEEXT_CERT_ROOT_CONFIG0 *inboundEnterpriseStoreConfig;
        IKEEXT_CERT_ROOT_CONFIG0 *inboundTrustedRootStoreConfig;
    };
    IKEEXT_CERT_CONFIG_TYPE outboundConfigType;
    __extension__ union {
        struct {
            UINT32 outboundRootArraySize;
            IKEEXT_CERT_ROOT_CONFIG0 *outboundRootArray;
        };
        IKEEXT_CERT_ROOT_CONFIG0 *outboundEnterpriseStoreConfig;
        IKEEXT_CERT_ROOT_CONFIG0 *outboundTrustedRootStoreConfig;
    };
    UINT32 flags;
    FWP_BYTE_BLOB localCertLocationUrl;
} IKEEXT_CERTIFICATE_AUTHENTICATION1;

/* Extended key usages: object identifiers as ANSI strings. */
typedef struct IKEEXT_CERT_EKUS0_ {
    ULONG numEku;
    char **eku;
} IKEEXT_CERT_EKUS0;

typedef struct IKEEXT_CERT_NAME0_ {
    IKEEXT_CERT_CRITERIA_NAME_TYPE nameType;
    wchar_t *certName;
} IKEEXT_CERT_NAME0;

typedef struct IKEEXT_CERTIFICATE_CRITERIA0_ {
    FWP_BYTE_BLOB certData;
    FWP_BYTE_BLOB certHash;
    IKEEXT_CERT_EKUS0 *eku;
    IKEEXT_CERT_NAME0 *name;
    UINT32 flags;
} IKEEXT_CERTIFICATE_CRITERIA0;

/* Every arm of version 2's unions is a list of criteria. */
typedef struct IKEEXT_CERTIFICATE_AUTHENTICATION2_ {
    IKEEXT_CERT_CONFIG_TYPE inboundConfigType;
    __extension__ union {
        struct {
            UINT32 inboundRootArraySize;
            IKEEXT_CERTIFICATE_CRITERIA0 *inboundRootCriteria;
        };
        struct {
            UINT32 inboundEnterpriseStoreArraySize;
            IKEEXT_CERTIFICATE_CRITERIA0 *inboundEnterpriseStoreCriteria;
        };
        struct {
            UINT32 inboundRootStoreArraySize;
            IKEEXT_CERTIFICATE_CRITERIA0 *inboundTrustedRootStoreCriteria;
        };
    };
    IKEEXT_CERT_CONFIG_TYPE outboundConfigType;
    __extension__ union {
        struct {
            UINT32 outboundRootArraySize;
            IKEEXT_CERTIFICATE_CRITERIA0 *outboundRootCriteria;
        };
        struct {
            UINT32 outboundEnterpriseStoreArraySize;
            IKEEXT_CERTIFICATE_CRITERIA0 *outboundEnterpriseStoreCriteria;
        };
        struct {
            UINT32 outboundRootStoreArraySize;
            IKEEXT_CERTIFICATE_CRITERIA0 *outboundTrustedRootStoreCriteria;
        };
    };
    UINT32 flags;
    FWP_BYTE_BLOB localCertLocationUrl;
} IKEEXT_CERTIFICATE_AUTHENTICATION2;

typedef struct IKEEXT_IPV6_CGA_AUTHENTICATION0_ {
    wchar_t *keyContainerName;
    wchar_t *cspName;
    UINT32 cspType;
    FWP_BYTE_ARRAY16 cgaModifier;
    BYTE cgaCollisionCount;
} IKEEXT_IPV6_CGA_AUTHENTICATION0;

typedef struct IKEEXT_KERBEROS_AUTHENTICATION0_ {
    UINT32 flags;
} IKEEXT_KERBEROS_AUTHENTICATION0;

typedef struct IKEEXT_KERBEROS_AUTHENTICATION1_ {
    UINT32 flags;
    wchar_t *proxyServer;
} IKEEXT_KERBEROS_AUTHENTICATION1;

typedef struct IKEEXT_RESERVED_AUTHENTICATION0_ {
    UINT32 flags;
} IKEEXT_RESERVED_AUTHENTICATION0;

typedef struct IKEEXT_NTLM_V2_AUTHENTICATION0_ {
    UINT32 flags;
} IKEEXT_NTLM_V2_AUTHENTICATION0;

typedef struct IKEEXT_EAP_AUTHENTICATION0_ {
    UINT32 flags;
} IKEEXT_EAP_AUTHENTICATION0;

/* One authentication method; authenticationMethodType selects the arm
 * (anonymous and the ECDSA certificate types carry none or the certificate
 * arm, annotations.toml lists which). */
typedef struct IKEEXT_AUTHENTICATION_METHOD0_ {
    IKEEXT_AUTHENTICATION_METHOD_TYPE authenticationMethodType;
    union {
        IKEEXT_PRESHARED_KEY_AUTHENTICATION0 presharedKeyAuthentication;
        IKEEXT_CERTIFICATE_AUTHENTICATION0 certificateAuthentication;
        IKEEXT_KERBEROS_AUTHENTICATION0 kerberosAuthentication;
        IKEEXT_NTLM_V2_AUTHENTICATION0 ntlmV2Authentication;
        IKEEXT_CERTIFICATE_AUTHENTICATION0 sslAuthentication;
        IKEEXT_IPV6_CGA_AUTHENTICATION0 cgaAuthentication;
    };
} IKEEXT_AUTHENTICATION_METHOD0;

typedef struct IKEEXT_AUTHENTICATION_METHOD1_ {
    IKEEXT_AUTHENTICATION_METHOD_TYPE authenticationMethodType;
    union {
        IKEEXT_PRESHARED_KEY_AUTHENTICATION1 presharedKeyAuthentication;
        IKEEXT_CERTIFICATE_AUTHENTICATION1 certificateAuthentication;
        IKEEXT_KERBEROS_AUTHENTICATION0 kerberosAuthentication;
        IKEEXT_NTLM_V2_AUTHENTICATION0 ntlmV2Authentication;
        IKEEXT_CERTIFICATE_AUTHENTICATION1 sslAuthentication;
        IKEEXT_IPV6_CGA_AUTHENTICATION0 cgaAuthentication;
        IKEEXT_EAP_AUTHENTICATION0 eapAuthentication;
    };
} IKEEXT_AUTHENTICATION_METHOD1;

typedef struct IKEEXT_AUTHENTICATION_METHOD2_ {
    IKEEXT_AUTHENTICATION_METHOD_TYPE authenticationMethodType;
    union {
        IKEEXT_PRESHARED_KEY_AUTHENTICATION1 presharedKeyAuthentication;
        IKEEXT_CERTIFICATE_AUTHENTICATION2 certificateAuthentication;
        IKEEXT_KERBEROS_AUTHENTICATION1 kerberosAuthentication;
        IKEEXT_RESERVED_AUTHENTICATION0 reservedAuthentication;
        IKEEXT_NTLM_V2_AUTHENTICATION0 ntlmV2Authentication;
        IKEEXT_CERTIFICATE_AUTHENTICATION2 sslAuthentication;
        IKEEXT_IPV6_CGA_AUTHENTICATION0 cgaAuthentication;
        IKEEXT_EAP_AUTHENTICATION0 eapAuthentication;
    };
} IKEEXT_AUTHENTICATION_METHOD2;

typedef struct IKEEXT_CIPHER_ALGORITHM0_ {
    IKEEXT_CIPHER_TYPE algoIdentifier;
    UINT32 keyLen;
    UINT32 rounds;
} IKEEXT_CIPHER_ALGORITHM0;

typedef struct IKEEXT_INTEGRITY_ALGORITHM0_ {
    IKEEXT_INTEGRITY_TYPE algoIdentifier;
} IKEEXT_INTEGRITY_ALGORITHM0;

typedef struct IKEEXT_PROPOSAL0_ {
    IKEEXT_CIPHER_ALGORITHM0 cipherAlgorithm;
    IKEEXT_INTEGRITY_ALGORITHM0 integrityAlgorithm;
    UINT32 maxLifetimeSeconds;
    IKEEXT_DH_GROUP dhGroup;
    UINT32 quickModeLimit;
} IKEEXT_PROPOSAL0;

/* Main-mode policy. */
typedef struct IKEEXT_POLICY0_ {
    UINT32 softExpirationTime;
    UINT32 numAuthenticationMethods;
    IKEEXT_AUTHENTICATION_METHOD0 *authenticationMethods;
    IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE initiatorImpersonationType;
    UINT32 numIkeProposals;
    IKEEXT_PROPOSAL0 *ikeProposals;
    UINT32 flags;
    UINT32 maxDynamicFilters;
} IKEEXT_POLICY0;

typedef struct IKEEXT_POLICY1_ {
    UINT32 softExpirationTime;
    UINT32 numAuthenticationMethods;
    IKEEXT_AUTHENTICATION_METHOD1 *authenticationMethods;
    IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE initiatorImpersonationType;
    UINT32 numIkeProposals;
    IKEEXT_PROPOSAL0 *ikeProposals;
    UINT32 flags;
    UINT32 maxDynamicFilters;
    UINT32 retransmitDurationSecs;
} IKEEXT_POLICY1;

typedef struct IKEEXT_POLICY2_ {
    UINT32 softExpirationTime;
    UINT32 numAuthenticationMethods;
    IKEEXT_AUTHENTICATION_METHOD2 *authenticationMethods;
    IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE initiatorImpersonationType;
    UINT32 numIkeProposals;
    IKEEXT_PROPOSAL0 *ikeProposals;
    UINT32 flags;
    UINT32 maxDynamicFilters;
    UINT32 retransmitDurationSecs;
} IKEEXT_POLICY2;

/* AuthIP extended-mode policy. */
typedef struct IKEEXT_EM_POLICY0_ {
    UINT32 numAuthenticationMethods;
    IKEEXT_AUTHENTICATION_METHOD0 *authenticationMethods;
    IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE initiatorImpersonationType;
} IKEEXT_EM_POLICY0;

typedef struct IKEEXT_EM_POLICY1_ {
    UINT32 numAuthenticationMethods;
    IKEEXT_AUTHENTICATION_METHOD1 *authenticationMethods;
    IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE initiatorImpersonationType;
} IKEEXT_EM_POLICY1;

typedef struct IKEEXT_EM_POLICY2_ {
    UINT32 numAuthenticationMethods;
    IKEEXT_AUTHENTICATION_METHOD2 *authenticationMethods;
    IKEEXT_AUTHENTICATION_IMPERSONATION_TYPE initiatorImpersonationType;
} IKEEXT_EM_POLICY2;

#ifdef __cplusplus
}
#endif

#endif /* IKETYPES_H */
