// Version information and the status-code names (no thread-local state).
#include <fwpmk.h>

namespace {
struct StatusName {
    NTSTATUS code;
    const char* name;
};
#define NAME(c) {c, #c}
const StatusName kNames[] = {
#include "status_names.inc"  // every FWPK_STATUS code of the headers (generated)
};
#undef NAME
}  // namespace

extern "C" {

FWPK_API const char* FwpkLibVersion(void) { return FWPKCLNT_VERSION; }

FWPK_API int FwpkLibVersionNumber(void) { return FWPKCLNT_VERSION_NUMBER; }

FWPK_API const char* FwpkStatusName(NTSTATUS status) {
    for (const StatusName& n : kNames)
        if (n.code == status) return n.name;
    return nullptr;
}

}  // extern "C"
