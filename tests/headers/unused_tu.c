/* A translation unit that includes every public header and uses none of the
 * header-defined constants: it must compile warning-free all the same. */
#include <fwpmk.h>

int unused_tu_marker(void);
int unused_tu_marker(void) { return 1; }
