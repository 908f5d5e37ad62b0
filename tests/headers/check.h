/* Shared by the header tests: a CHECK that counts failures and a GUID
 * comparison against an expected value written out here (not taken from the
 * headers under test). */
#ifndef FWPK_HEADERS_CHECK_H
#define FWPK_HEADERS_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures;
#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            printf("CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            check_failures++;                                                    \
        }                                                                        \
    } while (0)

/* GUID text in registry form, e.g. "eda65c74-610d-4bc5-948f-3c4f89556867". */
static inline int guid_is(const GUID *g, const char *text)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             (unsigned)g->Data1, (unsigned)g->Data2, (unsigned)g->Data3, g->Data4[0], g->Data4[1],
             g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
    if (strcmp(buf, text) != 0) {
        printf("GUID %s, expected %s\n", buf, text);
        return 0;
    }
    return 1;
}
#endif
