/*
 * fwpk_base.h — the Windows base types that the WFP headers are written in.
 *
 * Every type here has the size and alignment it has on Windows x64 (LLP64):
 * 32-bit "long" types are spelled with fixed-width integers, never with C's
 * `long`, which is 64 bits on Linux.  `wchar_t` stays the platform's own so
 * that `L"..."` literals keep working; only pointers to it appear in structs,
 * so struct layouts are unaffected (see docs/design.md, "wchar_t").
 */
#ifndef FWPK_BASE_H
#define FWPK_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint8_t  UINT8;
typedef uint16_t UINT16;
typedef uint32_t UINT32;
typedef uint64_t UINT64;
typedef int8_t   INT8;
typedef int16_t  INT16;
typedef int32_t  INT32;
typedef int64_t  INT64;

typedef uint8_t  BYTE;
typedef uint8_t  UCHAR;
typedef uint8_t  BOOLEAN;
typedef uint16_t WORD;
typedef uint16_t USHORT;
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t  LONG;
typedef int32_t  BOOL;
typedef int32_t  WINBOOL;
typedef uint64_t ULONG64;
typedef int64_t  LONG64;

/* The annotation macros and VOID of Windows' ntdef.h / minwindef.h, which
 * Windows prototypes (the reference's callback declarations) are written in. */
#ifndef VOID
#define VOID void
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
/* BOOL's values, as ntdef.h / minwindef.h give them to every Windows program. */
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif

typedef void    *PVOID;
typedef void    *HANDLE;
typedef wchar_t  WCHAR;
typedef WCHAR   *LPWSTR;
typedef WCHAR   *PWSTR;
typedef const WCHAR *LPCWSTR;
typedef const WCHAR *PCWSTR;

/* Status codes are 32-bit signed values on Windows: failures are negative. */
typedef int32_t NTSTATUS;
typedef int32_t HRESULT;

#ifndef NT_SUCCESS
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#endif

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t  Data4[8];
} GUID;
#endif

typedef struct _LUID {
    DWORD LowPart;
    LONG  HighPart;
} LUID;

typedef struct _SID_IDENTIFIER_AUTHORITY {
    BYTE Value[6];
} SID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
    BYTE  Revision;
    BYTE  SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    DWORD SubAuthority[1];
} SID;
typedef void *PSID;

typedef struct _SID_AND_ATTRIBUTES {
    PSID  Sid;
    DWORD Attributes;
} SID_AND_ATTRIBUTES, *PSID_AND_ATTRIBUTES;

typedef struct _ACL {
    BYTE AclRevision;
    BYTE Sbz1;
    WORD AclSize;
    WORD AceCount;
    WORD Sbz2;
} ACL, *PACL;

typedef void *PSECURITY_DESCRIPTOR;
typedef DWORD SECURITY_INFORMATION;

typedef struct _SEC_WINNT_AUTH_IDENTITY_W {
    USHORT *User;
    ULONG   UserLength;
    USHORT *Domain;
    ULONG   DomainLength;
    USHORT *Password;
    ULONG   PasswordLength;
    ULONG   Flags;
} SEC_WINNT_AUTH_IDENTITY_W;

/* Calling-convention and annotation macros that Windows code writes. */
#ifndef NTAPI
#define NTAPI
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef _In_
#define _In_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Inout_
#define _Inout_
#endif

/* GUID constants with the Windows semantics of DEFINE_GUID (docs/design.md,
 * "GUID constants"):
 *   - by default DEFINE_GUID declares `extern const GUID name;` and the value
 *     comes from libfwpkclnt.so (or from the program's own definition);
 *   - with INITGUID defined (or <initguid.h> included) before this header,
 *     DEFINE_GUID defines the GUID in this translation unit as a *weak*
 *     symbol, the ELF counterpart of Windows' __declspec(selectany): any
 *     number of such definitions, in any number of translation units and
 *     beside the library's, link to one object.
 * A program may also define a well-known GUID itself (`const GUID
 * FWPM_LAYER_IPSEC_V4 = {...};`): that is a definition of the declared
 * object, not a redefinition. */
#ifdef __cplusplus
#define FWPK_EXTERN_C extern "C"
#else
#define FWPK_EXTERN_C extern
#endif
#define FWPK_GUID_INIT_(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#define FWPK_GUID_DECLARE_(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    FWPK_EXTERN_C const GUID name
/* C: a file-scope const has external linkage (and `extern` with an initialiser
 * draws a warning); C++: extern "C" gives it external linkage and C naming. */
#ifdef __cplusplus
#define FWPK_GUID_DEFINE_WEAK_(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    extern "C" const GUID name __attribute__((weak)) = FWPK_GUID_INIT_(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#else
#define FWPK_GUID_DEFINE_WEAK_(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID name __attribute__((weak)) = FWPK_GUID_INIT_(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#endif

/* Memory and array helpers that Windows code (and the reference samples) take
 * from the Windows headers. */
#ifndef RtlZeroMemory
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#endif
#ifndef RtlCopyMemory
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#endif
#ifndef ARRAYSIZE
#define ARRAYSIZE(A) (sizeof(A) / sizeof((A)[0]))
#endif

/* RPC authentication services accepted by FwpmEngineOpen0. */
#define RPC_C_AUTHN_NONE    0
#define RPC_C_AUTHN_WINNT   10
#define RPC_C_AUTHN_DEFAULT 0xFFFFFFFFu

#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0
#endif

#define FWPK_STATUS(v) ((NTSTATUS)(v))
#define STATUS_SUCCESS               FWPK_STATUS(0x00000000u)
#define STATUS_UNSUCCESSFUL          FWPK_STATUS(0xC0000001u)
#define STATUS_NOT_IMPLEMENTED       FWPK_STATUS(0xC0000002u)
#define STATUS_INVALID_HANDLE        FWPK_STATUS(0xC0000008u)
#define STATUS_INVALID_PARAMETER     FWPK_STATUS(0xC000000Du)
#define STATUS_NO_MEMORY             FWPK_STATUS(0xC0000017u)
#define STATUS_ACCESS_DENIED         FWPK_STATUS(0xC0000022u)
#define STATUS_INTERNAL_ERROR        FWPK_STATUS(0xC00000E5u)

#ifdef __cplusplus
}
#endif

/* GUID comparison as Windows' guiddef.h gives it: REFGUID is a pointer in C
 * and a reference in C++, so IsEqualGUID(&a, &b) in C and IsEqualGUID(a, b)
 * and a == b in C++ compile unchanged.  Each name is guarded, so a program
 * that brings its own definitions first keeps them. */
#ifndef _REFGUID_DEFINED
#define _REFGUID_DEFINED
#ifdef __cplusplus
#define REFGUID const GUID &
#else
#define REFGUID const GUID *
#endif
#endif
#ifndef IsEqualGUID
#ifdef __cplusplus
inline int InlineIsEqualGUID(REFGUID a, REFGUID b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
inline int IsEqualGUID(REFGUID a, REFGUID b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
#if !defined(_SYS_GUID_OPERATOR_EQ_) && !defined(_NO_SYS_GUID_OPERATOR_EQ_)
#define _SYS_GUID_OPERATOR_EQ_
inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) != 0; }
inline bool operator!=(REFGUID a, REFGUID b) { return !(a == b); }
#endif
#else
#define InlineIsEqualGUID(a, b) (memcmp((a), (b), sizeof(GUID)) == 0)
#define IsEqualGUID(a, b) (memcmp((a), (b), sizeof(GUID)) == 0)
#endif
#endif

#endif /* FWPK_BASE_H */

/* Like Windows' guiddef.h, DEFINE_GUID is (re)defined at every inclusion, so it
 * follows INITGUID as it stands at that point (<initguid.h> relies on this). */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) FWPK_GUID_DEFINE_WEAK_(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) FWPK_GUID_DECLARE_(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#endif
