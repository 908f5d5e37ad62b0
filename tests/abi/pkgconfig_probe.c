/* Built by pkgconfig_test.sh with only `pkg-config --cflags --libs fwpkclnt`. */
#include <fwpmk.h>
#include <stdio.h>

int main(void)
{
    HANDLE engine = NULL;
    NTSTATUS status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_DEFAULT, NULL, NULL, &engine);
    if (!NT_SUCCESS(status)) {
        printf("FwpmEngineOpen0 failed: %s\n", FwpkStatusName(status));
        return 1;
    }
    status = FwpmEngineClose0(engine);
    printf("pkgconfig_probe: libfwpkclnt %s, open/close %s\n", FwpkLibVersion(),
           NT_SUCCESS(status) ? "ok" : "FAILED");
    return NT_SUCCESS(status) ? 0 : 1;
}
