/*
 * GUID shape 1: the program neither defines INITGUID nor its own copies.
 * DEFINE_GUID declared every well-known GUID `extern const GUID`, so the
 * values must come from libfwpkclnt.so (FWPKCLNT_1.1): this links only if the
 * library exports them.
 */
#include <fwpmk.h>
#include "guid_common.h"

int main(void)
{
    check_all_guid_values();
    check_library_agrees();
    printf("guid_extern: %d failure(s)\n", check_failures);
    return check_failures ? 1 : 0;
}
