/* A tiny stand-in for libfwpkclnt used by selftest_checkers.py: compiled once
 * against include/ and once against a copy with one struct field added, so the
 * ABI checker can be shown to notice the layout change. */
#include "fwpmk.h"

FWPK_API NTSTATUS NTAPI IPsecSaContextAddInbound0(HANDLE engineHandle, UINT64 id,
                                                  const IPSEC_SA_BUNDLE0 *inboundBundle)
{
    (void)engineHandle;
    (void)id;
    return (NTSTATUS)inboundBundle->lifetime.lifetimePackets;
}
