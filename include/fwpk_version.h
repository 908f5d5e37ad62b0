/*
 * fwpk_version.h — compile-time and run-time version of libfwpkclnt, in the
 * SQLite style: compare FWPKCLNT_VERSION_NUMBER (what you compiled against)
 * with FwpkLibVersionNumber() (what you linked/loaded) to detect a mismatch.
 */
#ifndef FWPK_VERSION_H
#define FWPK_VERSION_H

#include "fwpk_base.h"

#define FWPKCLNT_VERSION        "1.2.0"
/* major * 1000000 + minor * 1000 + patch */
#define FWPKCLNT_VERSION_NUMBER 1002000

#if defined(FWPK_BUILDING_LIBRARY)
#define FWPK_API __attribute__((visibility("default")))
#else
#define FWPK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version string, e.g. "1.2.0".  Static storage; never free. */
FWPK_API const char *FwpkLibVersion(void);

/* The library's FWPKCLNT_VERSION_NUMBER. */
FWPK_API int FwpkLibVersionNumber(void);

/* The symbolic name of a status code this library returns ("FWP_E_NOT_FOUND",
 * "STATUS_INVALID_HANDLE", "STATUS_SUCCESS", ...), or NULL for a code it never
 * returns.  Static storage; never free.  Pure: safe from any thread. */
FWPK_API const char *FwpkStatusName(NTSTATUS status);

#ifdef __cplusplus
}
#endif

#endif /* FWPK_VERSION_H */
