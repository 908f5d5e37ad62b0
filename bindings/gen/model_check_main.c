/* The _Static_asserts of the generated fwpk_model_check.c prove the
 * generator's integer values at compile time; GUIDs are data, checked here. */
#include <stdio.h>

int fwpk_model_check_guids(void);

int main(void)
{
    int bad = fwpk_model_check_guids();
    if (bad) fprintf(stderr, "%d GUID(s) of the generated model differ from the headers'\n", bad);
    else printf("the generated model's constants, enum values and GUIDs are the compiler's\n");
    return bad != 0;
}
