/*
 * fwptypes.h — types shared by every part of the Windows Filtering Platform:
 * directions, IP versions, the tagged values FWP_VALUE0 / FWP_CONDITION_VALUE0
 * and the containers they point to.  Layouts are those of Windows x64.
 */
#ifndef FWPTYPES_H
#define FWPTYPES_H

#include "fwpk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum FWP_DIRECTION_ {
    FWP_DIRECTION_OUTBOUND = 0,
    FWP_DIRECTION_INBOUND  = 1,
    FWP_DIRECTION_MAX      = 2
} FWP_DIRECTION;

typedef enum FWP_IP_VERSION_ {
    FWP_IP_VERSION_V4   = 0,
    FWP_IP_VERSION_V6   = 1,
    FWP_IP_VERSION_NONE = 2,
    FWP_IP_VERSION_MAX  = 3
} FWP_IP_VERSION;

typedef enum FWP_DATA_TYPE_ {
    FWP_EMPTY                         = 0,
    FWP_UINT8                         = 1,
    FWP_UINT16                        = 2,
    FWP_UINT32                        = 3,
    FWP_UINT64                        = 4,
    FWP_INT8                          = 5,
    FWP_INT16                         = 6,
    FWP_INT32                         = 7,
    FWP_INT64                         = 8,
    FWP_FLOAT                         = 9,
    FWP_DOUBLE                        = 10,
    FWP_BYTE_ARRAY16_TYPE             = 11,
    FWP_BYTE_BLOB_TYPE                = 12,
    FWP_SID                           = 13,
    FWP_SECURITY_DESCRIPTOR_TYPE      = 14,
    FWP_TOKEN_INFORMATION_TYPE        = 15,
    FWP_TOKEN_ACCESS_INFORMATION_TYPE = 16,
    FWP_UNICODE_STRING_TYPE           = 17,
    FWP_BYTE_ARRAY6_TYPE              = 18,
    FWP_BITMAP_INDEX_TYPE             = 19,
    FWP_BITMAP_ARRAY64_TYPE           = 20,
    FWP_SINGLE_DATA_TYPE_MAX          = 0xff,
    FWP_V4_ADDR_MASK                  = 0x100,
    FWP_V6_ADDR_MASK                  = 0x101,
    FWP_RANGE_TYPE                    = 0x102,
    FWP_DATA_TYPE_MAX                 = 0x103
} FWP_DATA_TYPE;

typedef enum FWP_MATCH_TYPE_ {
    FWP_MATCH_EQUAL                  = 0,
    FWP_MATCH_GREATER                = 1,
    FWP_MATCH_LESS                   = 2,
    FWP_MATCH_GREATER_OR_EQUAL       = 3,
    FWP_MATCH_LESS_OR_EQUAL          = 4,
    FWP_MATCH_RANGE                  = 5,
    FWP_MATCH_FLAGS_ALL_SET          = 6,
    FWP_MATCH_FLAGS_ANY_SET          = 7,
    FWP_MATCH_FLAGS_NONE_SET         = 8,
    FWP_MATCH_EQUAL_CASE_INSENSITIVE = 9,
    FWP_MATCH_NOT_EQUAL              = 10,
    FWP_MATCH_PREFIX                 = 11,
    FWP_MATCH_NOT_PREFIX             = 12,
    FWP_MATCH_TYPE_MAX               = 13
} FWP_MATCH_TYPE;

typedef enum FWP_FILTER_ENUM_TYPE_ {
    FWP_FILTER_ENUM_FULLY_CONTAINED = 0,
    FWP_FILTER_ENUM_OVERLAPPING     = 1,
    FWP_FILTER_ENUM_TYPE_MAX        = 2
} FWP_FILTER_ENUM_TYPE;

#define FWP_FILTER_ENUM_FLAG_BEST_TERMINATING_MATCH 0x00000001u
#define FWP_FILTER_ENUM_FLAG_SORTED                 0x00000002u
#define FWP_FILTER_ENUM_FLAG_BOOTTIME_ONLY          0x00000004u
#define FWP_FILTER_ENUM_FLAG_INCLUDE_BOOTTIME       0x00000008u
#define FWP_FILTER_ENUM_FLAG_INCLUDE_DISABLED       0x00000010u

#define FWP_V6_ADDR_SIZE 16

typedef UINT32 FWP_ACTION_TYPE;
#define FWP_ACTION_FLAG_TERMINATING     0x00001000u
#define FWP_ACTION_FLAG_NON_TERMINATING 0x00002000u
#define FWP_ACTION_FLAG_CALLOUT         0x00004000u
#define FWP_ACTION_BLOCK               (0x00000001u | FWP_ACTION_FLAG_TERMINATING)
#define FWP_ACTION_PERMIT              (0x00000002u | FWP_ACTION_FLAG_TERMINATING)
#define FWP_ACTION_CALLOUT_TERMINATING (0x00000003u | FWP_ACTION_FLAG_CALLOUT | FWP_ACTION_FLAG_TERMINATING)
#define FWP_ACTION_CALLOUT_INSPECTION  (0x00000004u | FWP_ACTION_FLAG_CALLOUT | FWP_ACTION_FLAG_NON_TERMINATING)
#define FWP_ACTION_CALLOUT_UNKNOWN     (0x00000005u | FWP_ACTION_FLAG_CALLOUT)
#define FWP_ACTION_CONTINUE            (0x00000006u | FWP_ACTION_FLAG_NON_TERMINATING)
#define FWP_ACTION_NONE                (0x00000007u)
#define FWP_ACTION_NONE_NO_MATCH       (0x00000008u)

typedef struct FWP_BYTE_ARRAY6_ {
    UINT8 byteArray6[6];
} FWP_BYTE_ARRAY6;

typedef struct FWP_BYTE_ARRAY16_ {
    UINT8 byteArray16[16];
} FWP_BYTE_ARRAY16;

typedef struct FWP_BITMAP_ARRAY64_ {
    UINT8 bitmapArray64[8];
} FWP_BITMAP_ARRAY64;

typedef struct FWP_BYTE_BLOB_ {
    UINT32 size;
    UINT8 *data;
} FWP_BYTE_BLOB;

typedef struct FWP_TOKEN_INFORMATION_ {
    ULONG sidCount;
    PSID_AND_ATTRIBUTES sids;
    ULONG restrictedSidCount;
    PSID_AND_ATTRIBUTES restrictedSids;
} FWP_TOKEN_INFORMATION;

/* Wide values (64-bit integers, doubles, arrays, blobs) are held by pointer. */
typedef struct FWP_VALUE0_ {
    FWP_DATA_TYPE type;
    union {
        UINT8 uint8;
        UINT16 uint16;
        UINT32 uint32;
        UINT64 *uint64;
        INT8 int8;
        INT16 int16;
        INT32 int32;
        INT64 *int64;
        float float32;
        double *double64;
        FWP_BYTE_ARRAY16 *byteArray16;
        FWP_BYTE_BLOB *byteBlob;
        SID *sid;
        FWP_BYTE_BLOB *sd;
        FWP_TOKEN_INFORMATION *tokenInformation;
        FWP_BYTE_BLOB *tokenAccessInformation;
        LPWSTR unicodeString;
        FWP_BYTE_ARRAY6 *byteArray6;
        FWP_BITMAP_ARRAY64 *bitmapArray64;
    };
} FWP_VALUE0;

/* Addresses and masks are in host byte order. */
typedef struct FWP_V4_ADDR_AND_MASK_ {
    UINT32 addr;
    UINT32 mask;
} FWP_V4_ADDR_AND_MASK;

typedef struct FWP_V6_ADDR_AND_MASK_ {
    UINT8 addr[FWP_V6_ADDR_SIZE];
    UINT8 prefixLength;
} FWP_V6_ADDR_AND_MASK;

typedef struct FWP_RANGE0_ {
    FWP_VALUE0 valueLow;
    FWP_VALUE0 valueHigh;
} FWP_RANGE0;

typedef struct FWP_CONDITION_VALUE0_ {
    FWP_DATA_TYPE type;
    union {
        UINT8 uint8;
        UINT16 uint16;
        UINT32 uint32;
        UINT64 *uint64;
        INT8 int8;
        INT16 int16;
        INT32 int32;
        INT64 *int64;
        float float32;
        double *double64;
        FWP_BYTE_ARRAY16 *byteArray16;
        FWP_BYTE_BLOB *byteBlob;
        SID *sid;
        FWP_BYTE_BLOB *sd;
        FWP_TOKEN_INFORMATION *tokenInformation;
        FWP_BYTE_BLOB *tokenAccessInformation;
        LPWSTR unicodeString;
        FWP_BYTE_ARRAY6 *byteArray6;
        FWP_BITMAP_ARRAY64 *bitmapArray64;
        FWP_V4_ADDR_AND_MASK *v4AddrMask;
        FWP_V6_ADDR_AND_MASK *v6AddrMask;
        FWP_RANGE0 *rangeValue;
    };
} FWP_CONDITION_VALUE0;

typedef enum FWP_CLASSIFY_OPTION_TYPE_ {
    FWP_CLASSIFY_OPTION_MULTICAST_STATE                    = 0,
    FWP_CLASSIFY_OPTION_LOOSE_SOURCE_MAPPING               = 1,
    FWP_CLASSIFY_OPTION_UNICAST_LIFETIME                   = 2,
    FWP_CLASSIFY_OPTION_MCAST_BCAST_LIFETIME               = 3,
    FWP_CLASSIFY_OPTION_SECURE_SOCKET_SECURITY_FLAGS       = 4,
    FWP_CLASSIFY_OPTION_SECURE_SOCKET_AUTHIP_MM_POLICY_KEY = 5,
    FWP_CLASSIFY_OPTION_SECURE_SOCKET_AUTHIP_QM_POLICY_KEY = 6,
    FWP_CLASSIFY_OPTION_LOCAL_ONLY_MAPPING                 = 7,
    FWP_CLASSIFY_OPTION_MAX                                = 8
} FWP_CLASSIFY_OPTION_TYPE;

/* Values of the classify options above */
#define FWP_OPTION_VALUE_ALLOW_MULTICAST_STATE        0
#define FWP_OPTION_VALUE_DENY_MULTICAST_STATE         1
#define FWP_OPTION_VALUE_ALLOW_GLOBAL_MULTICAST_STATE 2
#define FWP_OPTION_VALUE_DISABLE_LOOSE_SOURCE         0
#define FWP_OPTION_VALUE_ENABLE_LOOSE_SOURCE          1
#define FWP_OPTION_VALUE_DISABLE_LOCAL_ONLY_MAPPING   0
#define FWP_OPTION_VALUE_ENABLE_LOCAL_ONLY_MAPPING    1

typedef struct FWPM_DISPLAY_DATA0_ {
    wchar_t *name;
    wchar_t *description;
} FWPM_DISPLAY_DATA0;

typedef struct IPSEC_VIRTUAL_IF_TUNNEL_INFO0_ {
    UINT64 virtualIfTunnelId;
    UINT64 trafficSelectorId;
} IPSEC_VIRTUAL_IF_TUNNEL_INFO0;

#ifdef __cplusplus
}
#endif

#endif /* FWPTYPES_H */
