package fwpk

/*
#include <fwpmk.h>
*/
import "C"

import (
	"fmt"

	"fwpkclnt/bindings/go/fwpk/internal/raw"
)

// Status is an NTSTATUS / FWP_E_* code as the library returns it.
type Status int32

// Name is the symbolic name of the code (FwpkStatusName), or "" if the
// library never returns it.
func (s Status) Name() string { return raw.FwpkStatusName(int32(s)) }

func (s Status) String() string {
	if n := s.Name(); n != "" {
		return n
	}
	return fmt.Sprintf("0x%08X", uint32(s))
}

// StatusName is FwpkStatusName: the name of a code or "" for an unknown one.
func StatusName(code int32) string { return raw.FwpkStatusName(code) }

// LibVersion is FwpkLibVersion (the loaded library's version string).
func LibVersion() string { return raw.FwpkLibVersion() }

// LibVersionNumber is FwpkLibVersionNumber.
func LibVersionNumber() int { return raw.FwpkLibVersionNumber() }

// VersionNumber is FWPKCLNT_VERSION_NUMBER of the headers this package was built against.
const VersionNumber = C.FWPKCLNT_VERSION_NUMBER

// Error is every failure of this package: the exact code the library
// returned, its symbolic name and the operation that failed.  Compare with
// errors.Is against the Err* sentinels, or read Code with errors.As.
type Error struct {
	Code Status // the NTSTATUS / FWP_E_* value
	Name string // FwpkStatusName(Code), e.g. "FWP_E_NOT_FOUND"
	Op   string // the C function that failed, e.g. "IPsecSaContextGetById1" ("" for sentinels)
}

func (e *Error) Error() string {
	name := e.Name
	if name == "" {
		name = e.Code.String()
	}
	if e.Op == "" {
		return fmt.Sprintf("fwpk: %s (0x%08X)", name, uint32(e.Code))
	}
	return fmt.Sprintf("fwpk: %s: %s (0x%08X)", e.Op, name, uint32(e.Code))
}

// Is makes errors.Is(err, fwpk.ErrNotFound) true for any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func sentinel(code C.NTSTATUS, name string) *Error {
	return &Error{Code: Status(code), Name: name}
}

// check turns a returned status into nil or an *Error.
func check(op string, st int32) error {
	if st == 0 {
		return nil
	}
	return &Error{Code: Status(st), Name: raw.FwpkStatusName(st), Op: op}
}

// Sentinel errors, one per code the library can return.
var (
	ErrUnsuccessful         = sentinel(C.STATUS_UNSUCCESSFUL, "STATUS_UNSUCCESSFUL")
	ErrNotImplemented       = sentinel(C.STATUS_NOT_IMPLEMENTED, "STATUS_NOT_IMPLEMENTED")
	ErrInvalidHandle        = sentinel(C.STATUS_INVALID_HANDLE, "STATUS_INVALID_HANDLE")
	ErrStatusInvalidParameter = sentinel(C.STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER")
	ErrNoMemory             = sentinel(C.STATUS_NO_MEMORY, "STATUS_NO_MEMORY")
	ErrAccessDenied         = sentinel(C.STATUS_ACCESS_DENIED, "STATUS_ACCESS_DENIED")
	ErrInternalError        = sentinel(C.STATUS_INTERNAL_ERROR, "STATUS_INTERNAL_ERROR")

	ErrCalloutNotFound                = sentinel(C.FWP_E_CALLOUT_NOT_FOUND, "FWP_E_CALLOUT_NOT_FOUND")
	ErrConditionNotFound              = sentinel(C.FWP_E_CONDITION_NOT_FOUND, "FWP_E_CONDITION_NOT_FOUND")
	ErrFilterNotFound                 = sentinel(C.FWP_E_FILTER_NOT_FOUND, "FWP_E_FILTER_NOT_FOUND")
	ErrLayerNotFound                  = sentinel(C.FWP_E_LAYER_NOT_FOUND, "FWP_E_LAYER_NOT_FOUND")
	ErrProviderNotFound               = sentinel(C.FWP_E_PROVIDER_NOT_FOUND, "FWP_E_PROVIDER_NOT_FOUND")
	ErrProviderContextNotFound        = sentinel(C.FWP_E_PROVIDER_CONTEXT_NOT_FOUND, "FWP_E_PROVIDER_CONTEXT_NOT_FOUND")
	ErrSublayerNotFound               = sentinel(C.FWP_E_SUBLAYER_NOT_FOUND, "FWP_E_SUBLAYER_NOT_FOUND")
	ErrNotFound                       = sentinel(C.FWP_E_NOT_FOUND, "FWP_E_NOT_FOUND")
	ErrAlreadyExists                  = sentinel(C.FWP_E_ALREADY_EXISTS, "FWP_E_ALREADY_EXISTS")
	ErrInUse                          = sentinel(C.FWP_E_IN_USE, "FWP_E_IN_USE")
	ErrDynamicSessionInProgress       = sentinel(C.FWP_E_DYNAMIC_SESSION_IN_PROGRESS, "FWP_E_DYNAMIC_SESSION_IN_PROGRESS")
	ErrWrongSession                   = sentinel(C.FWP_E_WRONG_SESSION, "FWP_E_WRONG_SESSION")
	ErrNoTxnInProgress                = sentinel(C.FWP_E_NO_TXN_IN_PROGRESS, "FWP_E_NO_TXN_IN_PROGRESS")
	ErrTxnInProgress                  = sentinel(C.FWP_E_TXN_IN_PROGRESS, "FWP_E_TXN_IN_PROGRESS")
	ErrTxnAborted                     = sentinel(C.FWP_E_TXN_ABORTED, "FWP_E_TXN_ABORTED")
	ErrSessionAborted                 = sentinel(C.FWP_E_SESSION_ABORTED, "FWP_E_SESSION_ABORTED")
	ErrIncompatibleTxn                = sentinel(C.FWP_E_INCOMPATIBLE_TXN, "FWP_E_INCOMPATIBLE_TXN")
	ErrTimeout                        = sentinel(C.FWP_E_TIMEOUT, "FWP_E_TIMEOUT")
	ErrNetEventsDisabled              = sentinel(C.FWP_E_NET_EVENTS_DISABLED, "FWP_E_NET_EVENTS_DISABLED")
	ErrIncompatibleLayer              = sentinel(C.FWP_E_INCOMPATIBLE_LAYER, "FWP_E_INCOMPATIBLE_LAYER")
	ErrKmClientsOnly                  = sentinel(C.FWP_E_KM_CLIENTS_ONLY, "FWP_E_KM_CLIENTS_ONLY")
	ErrLifetimeMismatch               = sentinel(C.FWP_E_LIFETIME_MISMATCH, "FWP_E_LIFETIME_MISMATCH")
	ErrBuiltinObject                  = sentinel(C.FWP_E_BUILTIN_OBJECT, "FWP_E_BUILTIN_OBJECT")
	ErrTooManyCallouts                = sentinel(C.FWP_E_TOO_MANY_CALLOUTS, "FWP_E_TOO_MANY_CALLOUTS")
	ErrNotificationDropped            = sentinel(C.FWP_E_NOTIFICATION_DROPPED, "FWP_E_NOTIFICATION_DROPPED")
	ErrTrafficMismatch                = sentinel(C.FWP_E_TRAFFIC_MISMATCH, "FWP_E_TRAFFIC_MISMATCH")
	ErrIncompatibleSaState            = sentinel(C.FWP_E_INCOMPATIBLE_SA_STATE, "FWP_E_INCOMPATIBLE_SA_STATE")
	ErrNullPointer                    = sentinel(C.FWP_E_NULL_POINTER, "FWP_E_NULL_POINTER")
	ErrInvalidEnumerator              = sentinel(C.FWP_E_INVALID_ENUMERATOR, "FWP_E_INVALID_ENUMERATOR")
	ErrInvalidFlags                   = sentinel(C.FWP_E_INVALID_FLAGS, "FWP_E_INVALID_FLAGS")
	ErrInvalidNetMask                 = sentinel(C.FWP_E_INVALID_NET_MASK, "FWP_E_INVALID_NET_MASK")
	ErrInvalidRange                   = sentinel(C.FWP_E_INVALID_RANGE, "FWP_E_INVALID_RANGE")
	ErrInvalidInterval                = sentinel(C.FWP_E_INVALID_INTERVAL, "FWP_E_INVALID_INTERVAL")
	ErrZeroLengthArray                = sentinel(C.FWP_E_ZERO_LENGTH_ARRAY, "FWP_E_ZERO_LENGTH_ARRAY")
	ErrNullDisplayName                = sentinel(C.FWP_E_NULL_DISPLAY_NAME, "FWP_E_NULL_DISPLAY_NAME")
	ErrInvalidActionType              = sentinel(C.FWP_E_INVALID_ACTION_TYPE, "FWP_E_INVALID_ACTION_TYPE")
	ErrInvalidWeight                  = sentinel(C.FWP_E_INVALID_WEIGHT, "FWP_E_INVALID_WEIGHT")
	ErrMatchTypeMismatch              = sentinel(C.FWP_E_MATCH_TYPE_MISMATCH, "FWP_E_MATCH_TYPE_MISMATCH")
	ErrTypeMismatch                   = sentinel(C.FWP_E_TYPE_MISMATCH, "FWP_E_TYPE_MISMATCH")
	ErrOutOfBounds                    = sentinel(C.FWP_E_OUT_OF_BOUNDS, "FWP_E_OUT_OF_BOUNDS")
	ErrReserved                       = sentinel(C.FWP_E_RESERVED, "FWP_E_RESERVED")
	ErrDuplicateCondition             = sentinel(C.FWP_E_DUPLICATE_CONDITION, "FWP_E_DUPLICATE_CONDITION")
	ErrDuplicateKeymod                = sentinel(C.FWP_E_DUPLICATE_KEYMOD, "FWP_E_DUPLICATE_KEYMOD")
	ErrActionIncompatibleWithLayer    = sentinel(C.FWP_E_ACTION_INCOMPATIBLE_WITH_LAYER, "FWP_E_ACTION_INCOMPATIBLE_WITH_LAYER")
	ErrActionIncompatibleWithSublayer = sentinel(C.FWP_E_ACTION_INCOMPATIBLE_WITH_SUBLAYER, "FWP_E_ACTION_INCOMPATIBLE_WITH_SUBLAYER")
	ErrContextIncompatibleWithLayer   = sentinel(C.FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER, "FWP_E_CONTEXT_INCOMPATIBLE_WITH_LAYER")
	ErrContextIncompatibleWithCallout = sentinel(C.FWP_E_CONTEXT_INCOMPATIBLE_WITH_CALLOUT, "FWP_E_CONTEXT_INCOMPATIBLE_WITH_CALLOUT")
	ErrIncompatibleAuthMethod         = sentinel(C.FWP_E_INCOMPATIBLE_AUTH_METHOD, "FWP_E_INCOMPATIBLE_AUTH_METHOD")
	ErrIncompatibleDhGroup            = sentinel(C.FWP_E_INCOMPATIBLE_DH_GROUP, "FWP_E_INCOMPATIBLE_DH_GROUP")
	ErrEmNotSupported                 = sentinel(C.FWP_E_EM_NOT_SUPPORTED, "FWP_E_EM_NOT_SUPPORTED")
	ErrNeverMatch                     = sentinel(C.FWP_E_NEVER_MATCH, "FWP_E_NEVER_MATCH")
	ErrProviderContextMismatch        = sentinel(C.FWP_E_PROVIDER_CONTEXT_MISMATCH, "FWP_E_PROVIDER_CONTEXT_MISMATCH")
	ErrInvalidParameter               = sentinel(C.FWP_E_INVALID_PARAMETER, "FWP_E_INVALID_PARAMETER")
	ErrTooManySublayers               = sentinel(C.FWP_E_TOO_MANY_SUBLAYERS, "FWP_E_TOO_MANY_SUBLAYERS")
	ErrCalloutNotificationFailed      = sentinel(C.FWP_E_CALLOUT_NOTIFICATION_FAILED, "FWP_E_CALLOUT_NOTIFICATION_FAILED")
	ErrInvalidAuthTransform           = sentinel(C.FWP_E_INVALID_AUTH_TRANSFORM, "FWP_E_INVALID_AUTH_TRANSFORM")
	ErrInvalidCipherTransform         = sentinel(C.FWP_E_INVALID_CIPHER_TRANSFORM, "FWP_E_INVALID_CIPHER_TRANSFORM")
)
