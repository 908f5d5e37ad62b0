// The well-known GUIDs of fwpm_guids.h, defined once and exported (version node
// FWPKCLNT_1.1) so that a program whose headers only declare them — DEFINE_GUID
// without INITGUID, as on Windows — links against libfwpkclnt.so.
// FWPK_GUID_DATA turns each FWPK_DEFINE_GUID line of the header into a strong,
// default-visibility definition; the values are written only in the header.
#define FWPK_GUID_DATA
#include <fwpm_guids.h>
