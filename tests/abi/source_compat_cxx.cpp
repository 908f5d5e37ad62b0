// source_compat.c compiled as C++17: Windows code is often C++, and the same
// source must build warning-free there too.
#include "source_compat.c"
