/*
 * fwpk.i — the ONE SWIG interface shared by every fwpkclnt SDK (Go, C#, Java).
 *
 * Structure (the GDAL / OR-Tools arrangement: a language-neutral core plus
 * per-language typemap files beside it):
 *
 *   bindings/fwpk.i                   this file: language-neutral.  Module
 *                                     name, the C includes, %ignores, the
 *                                     status-code constants, and the %apply
 *                                     of the NAMED PATTERNS below onto the
 *                                     real parameters of fwpmk.h.
 *   bindings/<lang>/fwpk_<lang>.i     the language file that swig is run on.
 *                                     It defines its typemaps for the named
 *                                     patterns FIRST, then does
 *                                         %include "../fwpk.i"
 *                                     (swig is run with -I<bindings dir> or
 *                                     from bindings/<lang>/), and may add
 *                                     language code after the include.
 *
 * The C headers stay the single source of the ABI: nothing here re-declares a
 * function, structure or value.  The headers are %included in dependency
 * order (swig does not follow #include by default).  Values of the status
 * codes come from the headers through the C compiler (see FWPK_STATUS_CONSTANT).
 *
 * NAMED PATTERNS — a language that wants an idiomatic shape for a parameter
 * defines typemaps for the pattern before including this file; a language that
 * does not gets swig's default (an opaque pointer) and warning 453.
 *
 *   HANDLE                                    by value: opaque, integer-sized
 *                                             (Go uintptr, C# IntPtr, Java long).
 *                                             Define typemaps for plain `HANDLE`.
 *   HANDLE *FWPK_OUT_HANDLE                   *engineHandle, *enumHandle (out)
 *   UINT64 *FWPK_OUT_UINT64                   *id of IPsecSaContextCreate0/1 and of
 *                                             FwpmFilterAdd0, *inboundFilterId (out).
 *                                             One pattern for all: swig matches by
 *                                             type+name, and FwpmFilterAdd0's optional
 *                                             `id` has the same name as Create's
 *                                             required one.  The library answers a
 *                                             NULL required id with FWP_E_NULL_POINTER.
 *   IPSEC_SA_SPI *FWPK_OUT_SPI                *inboundSpi of GetSpi0/1 (out)
 *   SWIGTYPE **FWPK_OUT_BLOCK                 FwpmFilterGetBy*0, IPsecSaContextGetById0/1:
 *                                             one block the wrapper must copy and
 *                                             free with FwpmFreeMemory0 on EVERY path
 *                                             (the usual shape: in numinputs=0 with a
 *                                             `$*1_ltype temp = NULL` local, argout
 *                                             copies, freearg frees).
 *   (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT)
 *                                             *Enum0/1 pages: the wrapper copies the
 *                                             numEntriesReturned entries and frees the
 *                                             ARRAY (never the entries) on every path.
 *   SWIGTYPE *FWPK_OUT_STRUCT                 IPsecGetStatistics0/1: caller-allocated
 *                                             structure filled by the call.
 *   const wchar_t *FWPK_IN_WSTRING            FwpmEngineOpen0's serverName (NULL allowed;
 *                                             the library rejects any other value).
 *                                             Note: wchar_t is 4 bytes (UTF-32) on Linux.
 *
 * Language-neutral decisions made here:
 *   - FwpmFreeMemory0 is %ignored: no managed API may expose it.  Wrappers
 *     free returned blocks inside the generated code (%{ %} sees fwpmk.h).
 *   - FwpmEngineOpen0's authIdentity (ignored by the library) and
 *     FwpmFilterAdd0's sd (accepted, not modelled) are always passed as NULL
 *     and are not parameters of the wrappers (numinputs=0).
 *   - The subscription types and the callback typedef (user-mode only, no
 *     function of fwpmk.h takes them) are %ignored.
 *   - FWPK_API / NTAPI / WINAPI / CALLBACK / _In_... are empty macros in the
 *     headers themselves; swig's preprocessor expands them away.
 *   - Anonymous unions (IPSEC_TRAFFIC0's addresses, FWP_VALUE0's payload,
 *     IPSEC_SA0's information pointer...) are flattened by swig: each member
 *     is accessible as if it were a member of the enclosing struct.
 *   - GUID constants of fwpm_guids.h are `extern const GUID` (DEFINE_GUID
 *     without INITGUID; the data is exported by libfwpkclnt.so) and are
 *     wrapped as read-only global variables.
 *   - The FWP_E_* / STATUS_* codes are #defines with a cast, which swig's
 *     preprocessor cannot turn into constants; FWPK_STATUS_CONSTANT declares
 *     each as an NTSTATUS (int32) %constant whose value the C compiler takes
 *     from the header.
 *   - No %exception: the C ABI never lets a C++ exception out, and the
 *     wrappers must not throw either.
 *
 * Language hooks: inside this file `#ifdef SWIGGO` / `SWIGCSHARP` /
 * `SWIGJAVA` may be used for the rare thing that cannot live in the
 * language file; prefer the language file.
 */

%module fwpk

%{
#include <fwpmk.h>
%}

%include <stdint.i>

/* ---- Not part of any managed API ---------------------------------------- */
%ignore FwpmFreeMemory0;
%ignore IPSEC_SA_CONTEXT_CALLBACK0;
%ignore IPSEC_SA_CONTEXT_CHANGE0_;
%ignore IPSEC_SA_CONTEXT_CHANGE0;
%ignore IPSEC_SA_CONTEXT_SUBSCRIPTION0_;
%ignore IPSEC_SA_CONTEXT_SUBSCRIPTION0;
%ignore IPSEC_SA_CONTEXT_EVENT_TYPE0_;
%ignore NT_SUCCESS;

/* ---- Parameters the wrappers never take --------------------------------- */
%typemap(in, numinputs=0) SEC_WINNT_AUTH_IDENTITY_W *authIdentity "$1 = NULL;"
%typemap(in, numinputs=0) PSECURITY_DESCRIPTOR sd "$1 = NULL;"

/* ---- Named patterns onto the real parameters ----------------------------- */
%apply HANDLE *FWPK_OUT_HANDLE { HANDLE *engineHandle, HANDLE *enumHandle };
%apply UINT64 *FWPK_OUT_UINT64 { UINT64 *id, UINT64 *inboundFilterId };
%apply IPSEC_SA_SPI *FWPK_OUT_SPI { IPSEC_SA_SPI *inboundSpi };
%apply const wchar_t *FWPK_IN_WSTRING { const wchar_t *serverName };

%apply SWIGTYPE **FWPK_OUT_BLOCK {
    FWPM_FILTER0 **filter,
    IPSEC_SA_CONTEXT0 **saContext,
    IPSEC_SA_CONTEXT1 **saContext
};

%apply (SWIGTYPE ***FWPK_OUT_ENTRIES, UINT32 *FWPK_OUT_COUNT) {
    (FWPM_SESSION0 ***entries, UINT32 *numEntriesReturned),
    (FWPM_FILTER0 ***entries, UINT32 *numEntriesReturned),
    (IPSEC_SA_CONTEXT0 ***entries, UINT32 *numEntriesReturned),
    (IPSEC_SA_CONTEXT1 ***entries, UINT32 *numEntriesReturned),
    (IPSEC_SA_DETAILS0 ***entries, UINT32 *numEntriesReturned),
    (IPSEC_SA_DETAILS1 ***entries, UINT32 *numEntriesReturned)
};

%apply SWIGTYPE *FWPK_OUT_STRUCT {
    IPSEC_STATISTICS0 *ipsecStatistics,
    IPSEC_STATISTICS1 *ipsecStatistics
};

/* ---- The headers, in dependency order ----------------------------------- */
%include "fwpk_base.h"
%include "fwpk_errors.h"
%include "fwpk_version.h"
%include "fwptypes.h"
%include "iketypes.h"
%include "ipsectypes.h"
%include "fwpmtypes.h"
%include "fwpm_guids.h"
%include "fwpmk.h"

/* ---- Status codes as NTSTATUS constants (values from the header) --------- */
%define FWPK_STATUS_CONSTANT(NAME)
%rename(#NAME) NAME##_fwpk_status_;
%constant NTSTATUS NAME##_fwpk_status_ = NAME;
%enddef

FWPK_STATUS_CONSTANT(STATUS_SUCCESS)
FWPK_STATUS_CONSTANT(STATUS_UNSUCCESSFUL)
FWPK_STATUS_CONSTANT(STATUS_NOT_IMPLEMENTED)
FWPK_STATUS_CONSTANT(STATUS_INVALID_HANDLE)
FWPK_STATUS_CONSTANT(STATUS_INVALID_PARAMETER)
FWPK_STATUS_CONSTANT(STATUS_NO_MEMORY)
FWPK_STATUS_CONSTANT(STATUS_ACCESS_DENIED)
FWPK_STATUS_CONSTANT(STATUS_INTERNAL_ERROR)
FWPK_STATUS_CONSTANT(FWP_E_CALLOUT_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_CONDITION_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_FILTER_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_LAYER_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_PROVIDER_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_PROVIDER_CONTEXT_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_SUBLAYER_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_NOT_FOUND)
FWPK_STATUS_CONSTANT(FWP_E_ALREADY_EXISTS)
FWPK_STATUS_CONSTANT(FWP_E_IN_USE)
FWPK_STATUS_CONSTANT(FWP_E_DYNAMIC_SESSION_IN_PROGRESS)
FWPK_STATUS_CONSTANT(FWP_E_WRONG_SESSION)
FWPK_STATUS_CONSTANT(FWP_E_NO_TXN_IN_PROGRESS)
FWPK_STATUS_CONSTANT(FWP_E_TXN_IN_PROGRESS)
FWPK_STATUS_CONSTANT(FWP_E_TXN_ABORTED)
FWPK_STATUS_CONSTANT(FWP_E_SESSION_ABORTED)
FWPK_STATUS_CONSTANT(FWP_E_INCOMPATIBLE_TXN)
FWPK_STATUS_CONSTANT(FWP_E_TIMEOUT)
FWPK_STATUS_CONSTANT(FWP_E_NET_EVENTS_DISABLED)
FWPK_STATUS_CONSTANT(FWP_E_INCOMPATIBLE_LAYER)
FWPK_STATUS_CONSTANT(FWP_E_KM_CLIENTS_ONLY)
FWPK_STATUS_CONSTANT(FWP_E_LIFETIME_MISMATCH)
FWPK_STATUS_CONSTANT(FWP_E_BUILTIN_OBJECT)
FWPK_STATUS_CONSTANT(FWP_E_TOO_MANY_CALLOUTS)
FWPK_STATUS_CONSTANT(FWP_E_NOTIFICATION_DROPPED)
FWPK_STATUS_CONSTANT(FWP_E_TRAFFIC_MISMATCH)
FWPK_STATUS_CONSTANT(FWP_E_INCOMPATIBLE_SA_STATE)
FWPK_STATUS_CONSTANT(FWP_E_NULL_POINTER)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_ENUMERATOR)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_FLAGS)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_NET_MASK)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_RANGE)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_INTERVAL)
FWPK_STATUS_CONSTANT(FWP_E_ZERO_LENGTH_ARRAY)
FWPK_STATUS_CONSTANT(FWP_E_NULL_DISPLAY_NAME)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_ACTION_TYPE)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_WEIGHT)
FWPK_STATUS_CONSTANT(FWP_E_MATCH_TYPE_MISMATCH)
FWPK_STATUS_CONSTANT(FWP_E_TYPE_MISMATCH)
FWPK_STATUS_CONSTANT(FWP_E_OUT_OF_BOUNDS)
FWPK_STATUS_CONSTANT(FWP_E_RESERVED)
FWPK_STATUS_CONSTANT(FWP_E_DUPLICATE_CONDITION)
FWPK_STATUS_CONSTANT(FWP_E_DUPLICATE_KEYMOD)
FWPK_STATUS_CONSTANT(FWP_E_ACTION_INCOMPATIBLE_WITH_LAYER)
FWPK_STATUS_CONSTANT(FWP_E_ACTION_INCOMPATIBLE_WITH_SUBLAYER)
FWPK_STATUS_CONSTANT(FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER)
FWPK_STATUS_CONSTANT(FWP_E_CONTEXT_INCOMPATIBLE_WITH_CALLOUT)
FWPK_STATUS_CONSTANT(FWP_E_INCOMPATIBLE_AUTH_METHOD)
FWPK_STATUS_CONSTANT(FWP_E_INCOMPATIBLE_DH_GROUP)
FWPK_STATUS_CONSTANT(FWP_E_EM_NOT_SUPPORTED)
FWPK_STATUS_CONSTANT(FWP_E_NEVER_MATCH)
FWPK_STATUS_CONSTANT(FWP_E_PROVIDER_CONTEXT_MISMATCH)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_PARAMETER)
FWPK_STATUS_CONSTANT(FWP_E_TOO_MANY_SUBLAYERS)
FWPK_STATUS_CONSTANT(FWP_E_CALLOUT_NOTIFICATION_FAILED)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_AUTH_TRANSFORM)
FWPK_STATUS_CONSTANT(FWP_E_INVALID_CIPHER_TRANSFORM)
