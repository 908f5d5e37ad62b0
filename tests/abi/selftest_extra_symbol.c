/* Linked with the real library's objects and a version script that also exports
 * this function: the symbol and ABI checks must both reject the result. */
__attribute__((visibility("default"))) int FwpkSelftestExtraSymbol(void);
int FwpkSelftestExtraSymbol(void)
{
    return 42;
}
