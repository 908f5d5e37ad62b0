/*
 * fwpmk.h — the Windows Filtering Platform management API for IPsec security
 * associations, as Windows declares it for kernel-mode callers, implemented
 * by libfwpkclnt.  This is the only header a program needs to include.
 *
 * Conventions (the same for every function below):
 *  - Every function returns STATUS_SUCCESS (0) or a failure: an FWP_E_* code
 *    (fwpk_errors.h) when one describes the mistake, otherwise an NTSTATUS
 *    code (STATUS_INVALID_HANDLE, STATUS_NO_MEMORY, ...).  There is no
 *    thread-local "last error"; FwpkStatusName() names any returned code.
 *  - engineHandle comes from FwpmEngineOpen0.  A handle that is not an open
 *    session — NULL, never issued, closed, or another kind of handle — gives
 *    STATUS_INVALID_HANDLE.  Handles are validated through a table and are
 *    never dereferenced.
 *  - Memory returned through an out-pointer (T ** or T ***) is one block owned
 *    by the caller, freed with one FwpmFreeMemory0(&p).  For enumerations the
 *    *array* is freed, never its entries.  On failure nothing is allocated and
 *    the out-pointer is set to NULL.
 *  - Enumeration handles are owned by the session that created them, released
 *    with the matching *DestroyEnumHandle0 (or by closing the session), never
 *    with FwpmFreeMemory0.
 *  - Input structures are deep-copied; the caller keeps ownership of them.
 *  - Every function is safe to call concurrently from any number of threads,
 *    on one session or many.
 */
#ifndef FWPMK_H
#define FWPMK_H

#include "fwpk_base.h"
#include "fwpk_errors.h"
#include "fwpk_version.h"
#include "fwptypes.h"
#include "iketypes.h"
#include "ipsectypes.h"
#include "fwpmtypes.h"
#include "fwpm_guids.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Memory ------------------------------------------------------------ */

/* Frees a block returned by any function here and sets *p to NULL.
 * p == NULL or *p == NULL: no effect. */
FWPK_API void NTAPI FwpmFreeMemory0(_Inout_ void **p);

/* ---- Engine sessions --------------------------------------------------- */

/* Opens a session.  serverName must be NULL; authnService RPC_C_AUTHN_WINNT
 * or RPC_C_AUTHN_DEFAULT; authIdentity is ignored.  session (optional) is
 * copied: flags (FWPM_SESSION_FLAG_DYNAMIC), txnWaitTimeoutInMSec (0 = the
 * engine default), displayData; a zero sessionKey is replaced by a new one.
 * On success *engineHandle is owned by the caller: close it with
 * FwpmEngineClose0. */
FWPK_API NTSTATUS NTAPI FwpmEngineOpen0(
    _In_opt_ const wchar_t *serverName,
    _In_ UINT32 authnService,
    _In_opt_ SEC_WINNT_AUTH_IDENTITY_W *authIdentity,
    _In_opt_ const FWPM_SESSION0 *session,
    _Out_ HANDLE *engineHandle);

/* Closes a session and releases all it holds: its enumerators, its open
 * transaction (aborted) and, for a dynamic session, the objects it added. */
FWPK_API NTSTATUS NTAPI FwpmEngineClose0(_Inout_ HANDLE engineHandle);

/* ---- Engine options ------------------------------------------------------ */

/* *value: one FWP_UINT32 FWP_VALUE0 block, freed by the caller with
 * FwpmFreeMemory0.  option: any FWPM_ENGINE_OPTION below _MAX. */
FWPK_API NTSTATUS NTAPI FwpmEngineGetOption0(
    _In_ HANDLE engineHandle,
    _In_ FWPM_ENGINE_OPTION option,
    _Out_ FWP_VALUE0 **value);

/* newValue must be an FWP_UINT32 valid for the option; not inside a
 * transaction (FWP_E_TXN_IN_PROGRESS) nor from a dynamic session
 * (FWP_E_DYNAMIC_SESSION_IN_PROGRESS).  Options hold for the process's life. */
FWPK_API NTSTATUS NTAPI FwpmEngineSetOption0(
    _In_ HANDLE engineHandle,
    _In_ FWPM_ENGINE_OPTION option,
    _In_ const FWP_VALUE0 *newValue);

/* ---- Base filtering engine state ----------------------------------------- */

/* Called on every change of the engine's state, with the subscriber's context. */
typedef void (NTAPI *FWPM_SERVICE_STATE_CHANGE_CALLBACK0)(_Inout_ void *context, _In_ FWPM_SERVICE_STATE newState);

/* The engine's state: FWPM_SERVICE_RUNNING (the in-process engine runs from
 * the first call until the process exits). */
FWPK_API FWPM_SERVICE_STATE NTAPI FwpmBfeStateGet0(void);

/* Registers callback(context, newState); *changeHandle (owned by the caller,
 * released with FwpmBfeStateUnsubscribeChanges0) is not tied to a session.
 * deviceObject is accepted and not used. */
FWPK_API NTSTATUS NTAPI FwpmBfeStateSubscribeChanges0(
    _Inout_ void *deviceObject,
    _In_ FWPM_SERVICE_STATE_CHANGE_CALLBACK0 callback,
    _In_opt_ void *context,
    _Out_ HANDLE *changeHandle);

/* Deregisters; returns once no call of that callback is running (do not call
 * it from the callback itself). */
FWPK_API NTSTATUS NTAPI FwpmBfeStateUnsubscribeChanges0(_Inout_ HANDLE changeHandle);

/* ---- Transactions ------------------------------------------------------ */

/* flags: 0 (read/write) or FWPM_TXN_READ_ONLY.  One transaction per session. */
FWPK_API NTSTATUS NTAPI FwpmTransactionBegin0(_In_ HANDLE engineHandle, _In_ UINT32 flags);
FWPK_API NTSTATUS NTAPI FwpmTransactionCommit0(_In_ HANDLE engineHandle);
FWPK_API NTSTATUS NTAPI FwpmTransactionAbort0(_In_ HANDLE engineHandle);

/* ---- Session enumeration ----------------------------------------------- */

/* *enumHandle is owned by this session: FwpmSessionDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmSessionCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_SESSION_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmSessionEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_SESSION0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmSessionDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- Providers ---------------------------------------------------------- */

/* The provider is validated and deep-copied; sd is accepted and not modelled.
 * A zero providerKey is replaced by a new one.  Not in a read-only
 * transaction; FWPM_PROVIDER_FLAG_PERSISTENT not in a dynamic session. */
FWPK_API NTSTATUS NTAPI FwpmProviderAdd0(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_PROVIDER0 *provider,
    _In_opt_ PSECURITY_DESCRIPTOR sd);

/* FWP_E_IN_USE while a sublayer, callout or filter names it;
 * FWP_E_BUILTIN_OBJECT for a built-in provider. */
FWPK_API NTSTATUS NTAPI FwpmProviderDeleteByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key);

/* *provider: caller frees with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmProviderGetByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_PROVIDER0 **provider);

/* *enumHandle is owned by this session: FwpmProviderDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmProviderCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_PROVIDER_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmProviderEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_PROVIDER0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmProviderDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- Sublayers ---------------------------------------------------------- */

/* The sublayer is validated and deep-copied; sd is accepted and not modelled.
 * A zero subLayerKey is replaced by a new one; providerKey (optional) must
 * name a provider. */
FWPK_API NTSTATUS NTAPI FwpmSubLayerAdd0(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_SUBLAYER0 *subLayer,
    _In_opt_ PSECURITY_DESCRIPTOR sd);

/* FWP_E_IN_USE while a filter names it; FWP_E_BUILTIN_OBJECT for a built-in sublayer. */
FWPK_API NTSTATUS NTAPI FwpmSubLayerDeleteByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key);

/* *subLayer: caller frees with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmSubLayerGetByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_SUBLAYER0 **subLayer);

/* enumTemplate->providerKey (optional) selects one provider's sublayers.
 * *enumHandle is owned by this session: FwpmSubLayerDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmSubLayerCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_SUBLAYER_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmSubLayerEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_SUBLAYER0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmSubLayerDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- Layers (built-in, read-only) ---------------------------------------- */

/* id is FWPM_LAYER0.layerId.  *layer: caller frees with FwpmFreeMemory0 (one
 * block, fields included). */
FWPK_API NTSTATUS NTAPI FwpmLayerGetById0(_In_ HANDLE engineHandle, _In_ UINT16 id, _Out_ FWPM_LAYER0 **layer);
FWPK_API NTSTATUS NTAPI FwpmLayerGetByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_LAYER0 **layer);

/* *enumHandle is owned by this session: FwpmLayerDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmLayerCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_LAYER_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmLayerEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_LAYER0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmLayerDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- Callouts ------------------------------------------------------------ */

/* The callout is validated and deep-copied; sd is accepted and not modelled.
 * A zero calloutKey is replaced by a new one; applicableLayer must be a
 * layer, providerKey (optional) a provider.  *id (optional) receives the
 * engine-assigned callout ID. */
FWPK_API NTSTATUS NTAPI FwpmCalloutAdd0(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_CALLOUT0 *callout,
    _In_opt_ PSECURITY_DESCRIPTOR sd,
    _Out_opt_ UINT32 *id);

/* FWP_E_IN_USE while a filter names it; FWP_E_BUILTIN_OBJECT for a built-in callout. */
FWPK_API NTSTATUS NTAPI FwpmCalloutDeleteById0(_In_ HANDLE engineHandle, _In_ UINT32 id);
FWPK_API NTSTATUS NTAPI FwpmCalloutDeleteByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key);

/* *callout: caller frees with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmCalloutGetById0(_In_ HANDLE engineHandle, _In_ UINT32 id, _Out_ FWPM_CALLOUT0 **callout);
FWPK_API NTSTATUS NTAPI FwpmCalloutGetByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_CALLOUT0 **callout);

/* enumTemplate (optional): providerKey (optional) and layerKey (zero = any).
 * *enumHandle is owned by this session: FwpmCalloutDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmCalloutCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_CALLOUT_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmCalloutEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_CALLOUT0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmCalloutDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- Filters ------------------------------------------------------------ */

/* The filter is validated and deep-copied; sd is accepted and not modelled.
 * *id (optional) receives the engine-assigned filter ID. */
FWPK_API NTSTATUS NTAPI FwpmFilterAdd0(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_FILTER0 *filter,
    _In_opt_ PSECURITY_DESCRIPTOR sd,
    _Out_opt_ UINT64 *id);

FWPK_API NTSTATUS NTAPI FwpmFilterDeleteById0(_In_ HANDLE engineHandle, _In_ UINT64 id);
FWPK_API NTSTATUS NTAPI FwpmFilterDeleteByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key);

/* *filter: caller frees with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmFilterGetById0(_In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ FWPM_FILTER0 **filter);
FWPK_API NTSTATUS NTAPI FwpmFilterGetByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_FILTER0 **filter);

/* *enumHandle is owned by this session: FwpmFilterDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmFilterCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_FILTER_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI FwpmFilterEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_FILTER0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmFilterDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- Provider contexts ---------------------------------------------------- */

/* The context is validated and deep-copied as the version it is added with;
 * sd is accepted and not modelled.  *id (optional) receives its runtime ID.
 * A type the version cannot carry is FWP_E_INVALID_ENUMERATOR. */
FWPK_API NTSTATUS NTAPI FwpmProviderContextAdd0(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_PROVIDER_CONTEXT0 *providerContext,
    _In_opt_ PSECURITY_DESCRIPTOR sd,
    _Out_opt_ UINT64 *id);

FWPK_API NTSTATUS NTAPI FwpmProviderContextAdd1(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_PROVIDER_CONTEXT1 *providerContext,
    _In_opt_ PSECURITY_DESCRIPTOR sd,
    _Out_opt_ UINT64 *id);

FWPK_API NTSTATUS NTAPI FwpmProviderContextAdd2(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_PROVIDER_CONTEXT2 *providerContext,
    _In_opt_ PSECURITY_DESCRIPTOR sd,
    _Out_opt_ UINT64 *id);

FWPK_API NTSTATUS NTAPI FwpmProviderContextAdd3(
    _In_ HANDLE engineHandle,
    _In_ const FWPM_PROVIDER_CONTEXT3 *providerContext,
    _In_opt_ PSECURITY_DESCRIPTOR sd,
    _Out_opt_ UINT64 *id);

/* FWP_E_IN_USE while a filter names the context. */
FWPK_API NTSTATUS NTAPI FwpmProviderContextDeleteById0(_In_ HANDLE engineHandle, _In_ UINT64 id);
FWPK_API NTSTATUS NTAPI FwpmProviderContextDeleteByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key);

/* *providerContext: caller frees with FwpmFreeMemory0.  Any version reads a
 * context added with any other (docs/decisions.md); one whose type the
 * version cannot carry is FWP_E_PROVIDER_CONTEXT_NOT_FOUND through it. */
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetById0(
    _In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ FWPM_PROVIDER_CONTEXT0 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetById1(
    _In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ FWPM_PROVIDER_CONTEXT1 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetById2(
    _In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ FWPM_PROVIDER_CONTEXT2 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetById3(
    _In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ FWPM_PROVIDER_CONTEXT3 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetByKey0(
    _In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_PROVIDER_CONTEXT0 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetByKey1(
    _In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_PROVIDER_CONTEXT1 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetByKey2(
    _In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_PROVIDER_CONTEXT2 **providerContext);
FWPK_API NTSTATUS NTAPI FwpmProviderContextGetByKey3(
    _In_ HANDLE engineHandle, _In_ const GUID *key, _Out_ FWPM_PROVIDER_CONTEXT3 **providerContext);

/* *enumHandle is owned by this session: FwpmProviderContextDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI FwpmProviderContextCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const FWPM_PROVIDER_CONTEXT_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0.
 * Contexts whose type the version cannot carry are skipped. */
FWPK_API NTSTATUS NTAPI FwpmProviderContextEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_PROVIDER_CONTEXT0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmProviderContextEnum1(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_PROVIDER_CONTEXT1 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmProviderContextEnum2(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_PROVIDER_CONTEXT2 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmProviderContextEnum3(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ FWPM_PROVIDER_CONTEXT3 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI FwpmProviderContextDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- IPsec tunnels -------------------------------------------------------- */

/* Adds, atomically, the optional main-mode context, the quick-mode tunnel
 * context and the tunnel filters (docs/decisions.md lists them).  The tunnel's
 * key is tunnelPolicy->providerContextKey; sd is accepted and not modelled. */
FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelAdd0(
    _In_ HANDLE engineHandle,
    _In_ UINT32 flags,
    _In_opt_ const FWPM_PROVIDER_CONTEXT0 *mainModePolicy,
    _In_ const FWPM_PROVIDER_CONTEXT0 *tunnelPolicy,
    _In_ UINT32 numFilterConditions,
    _In_ const FWPM_FILTER_CONDITION0 *filterConditions,
    _In_opt_ PSECURITY_DESCRIPTOR sd);

FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelAdd1(
    _In_ HANDLE engineHandle,
    _In_ UINT32 flags,
    _In_opt_ const FWPM_PROVIDER_CONTEXT1 *mainModePolicy,
    _In_ const FWPM_PROVIDER_CONTEXT1 *tunnelPolicy,
    _In_ UINT32 numFilterConditions,
    _In_ const FWPM_FILTER_CONDITION0 *filterConditions,
    _In_opt_ const GUID *keyModKey,
    _In_opt_ PSECURITY_DESCRIPTOR sd);

FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelAdd2(
    _In_ HANDLE engineHandle,
    _In_ UINT32 flags,
    _In_opt_ const FWPM_PROVIDER_CONTEXT2 *mainModePolicy,
    _In_ const FWPM_PROVIDER_CONTEXT2 *tunnelPolicy,
    _In_ UINT32 numFilterConditions,
    _In_ const FWPM_FILTER_CONDITION0 *filterConditions,
    _In_opt_ const GUID *keyModKey,
    _In_opt_ PSECURITY_DESCRIPTOR sd);

FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelAdd3(
    _In_ HANDLE engineHandle,
    _In_ UINT32 flags,
    _In_opt_ const FWPM_PROVIDER_CONTEXT3 *mainModePolicy,
    _In_ const FWPM_PROVIDER_CONTEXT3 *tunnelPolicy,
    _In_ UINT32 numFilterConditions,
    _In_ const FWPM_FILTER_CONDITION0 *filterConditions,
    _In_opt_ const GUID *keyModKey,
    _In_opt_ PSECURITY_DESCRIPTOR sd);

/* Removes everything FwpmIPsecTunnelAdd* created for the tunnel whose
 * quick-mode context has this key. */
FWPK_API NTSTATUS NTAPI FwpmIPsecTunnelDeleteByKey0(_In_ HANDLE engineHandle, _In_ const GUID *key);

/* ---- IPsec SA contexts --------------------------------------------------- */

/* Not inside a transaction, not in a dynamic session.  *inboundFilterId
 * (optional) is 0: the engine keeps no inbound-filter cache.  *id receives
 * the new SA context ID. */
FWPK_API NTSTATUS NTAPI IPsecSaContextCreate0(
    _In_ HANDLE engineHandle,
    _In_ const IPSEC_TRAFFIC0 *outboundTraffic,
    _Out_opt_ UINT64 *inboundFilterId,
    _Out_ UINT64 *id);

FWPK_API NTSTATUS NTAPI IPsecSaContextCreate1(
    _In_ HANDLE engineHandle,
    _In_ const IPSEC_TRAFFIC1 *outboundTraffic,
    _In_opt_ const IPSEC_VIRTUAL_IF_TUNNEL_INFO0 *virtualIfTunnelInfo,
    _Out_opt_ UINT64 *inboundFilterId,
    _Out_ UINT64 *id);

/* Allocates the inbound SPI (unique among inbound SAs, never 0-255).
 * Repeating the call with the same inbound traffic returns the same SPI. */
FWPK_API NTSTATUS NTAPI IPsecSaContextGetSpi0(
    _In_ HANDLE engineHandle,
    _In_ UINT64 id,
    _In_ const IPSEC_GETSPI0 *getSpi,
    _Out_ IPSEC_SA_SPI *inboundSpi);

FWPK_API NTSTATUS NTAPI IPsecSaContextGetSpi1(
    _In_ HANDLE engineHandle,
    _In_ UINT64 id,
    _In_ const IPSEC_GETSPI1 *getSpi,
    _Out_ IPSEC_SA_SPI *inboundSpi);

/* Sets a caller-chosen inbound SPI instead of GetSpi. */
FWPK_API NTSTATUS NTAPI IPsecSaContextSetSpi0(
    _In_ HANDLE engineHandle,
    _In_ UINT64 id,
    _In_ const IPSEC_GETSPI1 *getSpi,
    _In_ IPSEC_SA_SPI inboundSpi);

/* Bundles are validated and deep-copied (keys included). */
FWPK_API NTSTATUS NTAPI IPsecSaContextAddInbound0(_In_ HANDLE engineHandle, _In_ UINT64 id, _In_ const IPSEC_SA_BUNDLE0 *inboundBundle);
FWPK_API NTSTATUS NTAPI IPsecSaContextAddInbound1(_In_ HANDLE engineHandle, _In_ UINT64 id, _In_ const IPSEC_SA_BUNDLE1 *inboundBundle);
FWPK_API NTSTATUS NTAPI IPsecSaContextAddOutbound0(_In_ HANDLE engineHandle, _In_ UINT64 id, _In_ const IPSEC_SA_BUNDLE0 *outboundBundle);
FWPK_API NTSTATUS NTAPI IPsecSaContextAddOutbound1(_In_ HANDLE engineHandle, _In_ UINT64 id, _In_ const IPSEC_SA_BUNDLE1 *outboundBundle);

/* Updates the parts of context newValues->saContextId that flags select
 * (IPSEC_SA_DETAILS_UPDATE_* / IPSEC_SA_BUNDLE_UPDATE_*). */
FWPK_API NTSTATUS NTAPI IPsecSaContextUpdate0(
    _In_ HANDLE engineHandle,
    _In_ UINT64 flags,
    _In_ const IPSEC_SA_CONTEXT1 *newValues);

/* *saContext: caller frees with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI IPsecSaContextGetById0(_In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ IPSEC_SA_CONTEXT0 **saContext);
FWPK_API NTSTATUS NTAPI IPsecSaContextGetById1(_In_ HANDLE engineHandle, _In_ UINT64 id, _Out_ IPSEC_SA_CONTEXT1 **saContext);

/* Not inside a transaction, not in a dynamic session. */
FWPK_API NTSTATUS NTAPI IPsecSaContextDeleteById0(_In_ HANDLE engineHandle, _In_ UINT64 id);

/* Deletes the outbound SA now and the inbound SA after the expiry delay. */
FWPK_API NTSTATUS NTAPI IPsecSaContextExpire0(_In_ HANDLE engineHandle, _In_ UINT64 id);

/* enumTemplate NULL = every SA context.  *enumHandle is owned by this
 * session: IPsecSaContextDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI IPsecSaContextCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const IPSEC_SA_CONTEXT_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0.
 * Fewer entries than requested means the enumeration is exhausted. */
FWPK_API NTSTATUS NTAPI IPsecSaContextEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ IPSEC_SA_CONTEXT0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI IPsecSaContextEnum1(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ IPSEC_SA_CONTEXT1 ***entries,
    _Out_ UINT32 *numEntriesReturned);

/* Releases an enumerator of this session; any other value (NULL, unknown,
 * destroyed, another session's, another kind) gives STATUS_INVALID_HANDLE. */
FWPK_API NTSTATUS NTAPI IPsecSaContextDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* ---- IPsec SAs and statistics --------------------------------------------- */

/* enumTemplate NULL = both directions.  *enumHandle: IPsecSaDestroyEnumHandle0. */
FWPK_API NTSTATUS NTAPI IPsecSaCreateEnumHandle0(
    _In_ HANDLE engineHandle,
    _In_opt_ const IPSEC_SA_ENUM_TEMPLATE0 *enumTemplate,
    _Out_ HANDLE *enumHandle);

/* *entries: caller frees the array (not the entries) with FwpmFreeMemory0. */
FWPK_API NTSTATUS NTAPI IPsecSaEnum0(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ IPSEC_SA_DETAILS0 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI IPsecSaEnum1(
    _In_ HANDLE engineHandle,
    _In_ HANDLE enumHandle,
    _In_ UINT32 numEntriesRequested,
    _Out_ IPSEC_SA_DETAILS1 ***entries,
    _Out_ UINT32 *numEntriesReturned);

FWPK_API NTSTATUS NTAPI IPsecSaDestroyEnumHandle0(_In_ HANDLE engineHandle, _Inout_ HANDLE enumHandle);

/* Fills the caller's structure; not inside a transaction. */
FWPK_API NTSTATUS NTAPI IPsecGetStatistics0(_In_ HANDLE engineHandle, _Out_ IPSEC_STATISTICS0 *ipsecStatistics);
FWPK_API NTSTATUS NTAPI IPsecGetStatistics1(_In_ HANDLE engineHandle, _Out_ IPSEC_STATISTICS1 *ipsecStatistics);

#ifdef __cplusplus
}
#endif

#endif /* FWPMK_H */
