/*
 * initguid.h — as on Windows: include it before the WFP headers (or before
 * your own DEFINE_GUID lines) to make DEFINE_GUID *define* GUIDs in this
 * translation unit instead of declaring them.  The definitions are weak
 * (Windows: selectany), so doing it in several files links.
 */
#ifndef INITGUID
#define INITGUID
#endif
#include "fwpk_base.h"
