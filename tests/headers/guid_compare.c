/*
 * guiddef.h's comparisons compile as on Windows: in C, REFGUID is a pointer
 * and IsEqualGUID/InlineIsEqualGUID take addresses; in C++, REFGUID is a
 * reference, IsEqualGUID takes the GUIDs themselves and == / != compare them.
 */
#include <fwpmk.h>
#include "check.h"

#ifdef __cplusplus
static int same(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) && InlineIsEqualGUID(a, b) && a == b && !(a != b); }
#else
static int same(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) && InlineIsEqualGUID(a, b); }
#endif

int main(void)
{
    GUID copy = FWPM_LAYER_IKEEXT_V4;
    GUID other = FWPM_LAYER_IKEEXT_V4;
    other.Data4[7] ^= 1;
#ifdef __cplusplus
    CHECK(same(copy, FWPM_LAYER_IKEEXT_V4));
    CHECK(!same(other, FWPM_LAYER_IKEEXT_V4));
    CHECK(!IsEqualGUID(FWPM_LAYER_IKEEXT_V4, FWPM_LAYER_IKEEXT_V6));
#else
    CHECK(same(&copy, &FWPM_LAYER_IKEEXT_V4));
    CHECK(!same(&other, &FWPM_LAYER_IKEEXT_V4));
    CHECK(!IsEqualGUID(&FWPM_LAYER_IKEEXT_V4, &FWPM_LAYER_IKEEXT_V6));
#endif
    printf("guid_compare: %d failure(s)\n", check_failures);
    return check_failures ? 1 : 0;
}
