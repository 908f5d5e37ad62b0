/* The version compiled against (fwpk_version.h) must be the version linked. */
#include <fwpmk.h>
#include <stdio.h>
#include <string.h>

#ifndef FWPK_EXPECTED_VERSION
#error "FWPK_EXPECTED_VERSION (meson.project_version()) must be defined by the build"
#endif

int main(void)
{
    int failures = 0;
    const char *lib = FwpkLibVersion();
    int major = 0, minor = 0, patch = 0;

    if (FWPKCLNT_VERSION_NUMBER != FwpkLibVersionNumber()) {
        printf("FAIL: FWPKCLNT_VERSION_NUMBER %d != FwpkLibVersionNumber() %d\n",
               FWPKCLNT_VERSION_NUMBER, FwpkLibVersionNumber());
        failures++;
    }
    if (lib == NULL || strcmp(lib, FWPKCLNT_VERSION) != 0) {
        printf("FAIL: FWPKCLNT_VERSION \"%s\" != FwpkLibVersion() \"%s\"\n", FWPKCLNT_VERSION,
               lib ? lib : "(null)");
        failures++;
    }
    if (strcmp(FWPKCLNT_VERSION, FWPK_EXPECTED_VERSION) != 0) {
        printf("FAIL: FWPKCLNT_VERSION \"%s\" != meson project version \"%s\"\n", FWPKCLNT_VERSION,
               FWPK_EXPECTED_VERSION);
        failures++;
    }
    if (sscanf(FWPKCLNT_VERSION, "%d.%d.%d", &major, &minor, &patch) != 3 ||
        major * 1000000 + minor * 1000 + patch != FWPKCLNT_VERSION_NUMBER) {
        printf("FAIL: FWPKCLNT_VERSION_NUMBER %d does not encode \"%s\" as major*1000000+minor*1000+patch\n",
               FWPKCLNT_VERSION_NUMBER, FWPKCLNT_VERSION);
        failures++;
    }
    if (FwpkStatusName(STATUS_SUCCESS) == NULL || strcmp(FwpkStatusName(STATUS_SUCCESS), "STATUS_SUCCESS") != 0 ||
        FwpkStatusName(FWP_E_NOT_FOUND) == NULL || strcmp(FwpkStatusName(FWP_E_NOT_FOUND), "FWP_E_NOT_FOUND") != 0) {
        printf("FAIL: FwpkStatusName does not name STATUS_SUCCESS / FWP_E_NOT_FOUND\n");
        failures++;
    }
    if (failures == 0) {
        printf("PASS: compiled against %s (%d), running %s (%d)\n", FWPKCLNT_VERSION,
               FWPKCLNT_VERSION_NUMBER, lib, FwpkLibVersionNumber());
    }
    return failures ? 1 : 0;
}
