/*
 * iketypes.h — the IKE/AuthIP types that the IPsec headers build on.  Only
 * what the IPsec SA database needs is declared here.
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

#ifdef __cplusplus
}
#endif

#endif /* IKETYPES_H */
