/* runner_c.h — what the generated dispatch table (gen_dispatch_c.py) and the
 * C conformance runner (runner_c.c) share: one parsed argument of an op. */
#ifndef FWPK_CONF_RUNNER_C_H
#define FWPK_CONF_RUNNER_C_H

#include <stddef.h>
#include <stdint.h>
#include "fwpk_wire.h"

enum { R_IN_U64 = 1, R_IN_BYTES, R_OUT_HANDLE, R_OUT_U32, R_OUT_U64, R_OUT_PAGE };

#define FWPK_CONF_MAX_ARGS 8

typedef struct {
    uint64_t u;       /* in handle / in scalar / out handle / out u64 */
    uint32_t u32;     /* out u32 */
    uint8_t *p;       /* in bytes (NULL = null) */
    uint32_t n;
    int out;          /* output passed (`out`) rather than NULL (`null`) */
    fwpk_buf buf;     /* out page */
} arg_t;

typedef struct {
    const char *name;
    int nargs;
    int roles[FWPK_CONF_MAX_ARGS];
    int32_t (*call)(arg_t *a);
} fn_t;

extern const fn_t fwpk_conf_functions[];

#endif
