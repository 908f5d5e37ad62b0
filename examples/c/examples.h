/*
 * examples.h — the two routines the C examples share.
 *
 * manual_keying.c is a manual keying module: it installs IPsec transport
 * filters and creates SA contexts with keys.  ipsecdump.c lists the SA
 * contexts of the engine page by page.  The engine lives inside the process,
 * so each program links the other's routine: manual_keying dumps what it
 * created, and `ipsecdump --demo` creates a few contexts before dumping.
 */
#ifndef FWPK_EXAMPLES_H
#define FWPK_EXAMPLES_H

#include <fwpmk.h>
#include <stdio.h>

/* Installs the transport filters and three SA contexts (ESP AES-128-CBC +
 * HMAC-SHA-1-96, ESP AES-256-CBC + HMAC-SHA-256-128, and an AH + ESP bundle).
 * Progress goes to log (NULL: quiet).  The contexts stay until the process
 * exits.  Returns STATUS_SUCCESS or the first failure. */
NTSTATUS ManualKeyingCreateContexts(HANDLE engineHandle, FILE *log);

/* Enumerates every SA context, pageSize per IPsecSaContextEnum0 call, and
 * prints each one (id, addresses, SPIs, transforms, key lengths — never key
 * bytes) to out.  *numContexts (optional) receives the count. */
NTSTATUS IpsecDumpSaContexts(HANDLE engineHandle, UINT32 pageSize, FILE *out, UINT32 *numContexts);

/* "FWP_E_NOT_FOUND (0x80320008)"-style text for a status; static buffer. */
const char *ExampleStatusText(NTSTATUS status);

#endif /* FWPK_EXAMPLES_H */
