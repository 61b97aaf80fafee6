/* Test-only shim for Wine 8.0, never shipped: Windows 10 (1703+) has its own icuuc.dll, Wine 8.0 does not.
 * Qt6Core.dll imports these 20 ICU converter functions from it. Opening a converter fails, so Qt keeps
 * to its built-in codecs (UTF-8, UTF-16, Latin-1: all Jaring reads or writes); the rest are never
 * reached without an open converter and only return nothing. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

EXPORT void *ucnv_open(const char *name, UErrorCode *err)
{
    (void)name;
    if (err != NULL && *err <= 0)
        *err = U_FILE_ACCESS_ERROR;
    return NULL;
}

EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *err) { (void)cnv; (void)err; return ""; }
EXPORT void ucnv_getToUCallBack(const void *c, void **a, const void **b) { (void)c; (void)a; (void)b; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { (void)c; (void)a; (void)b; }
EXPORT void ucnv_setToUCallBack(void *c, void *a, const void *b, void **d, const void **e, UErrorCode *f)
{ (void)c; (void)a; (void)b; (void)d; (void)e; (void)f; }
EXPORT void ucnv_setFromUCallBack(void *c, void *a, const void *b, void **d, const void **e, UErrorCode *f)
{ (void)c; (void)a; (void)b; (void)d; (void)e; (void)f; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void ucnv_cbToUWriteUChars(void) {}
EXPORT void ucnv_cbFromUWriteUChars(void) {}
EXPORT void ucnv_toUnicode(void) {}
EXPORT void ucnv_fromUnicode(void) {}
EXPORT int32_t ucnv_toUCountPending(const void *c, UErrorCode *e) { (void)c; (void)e; return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *c, UErrorCode *e) { (void)c; (void)e; return 0; }
EXPORT const char *ucnv_getStandardName(const char *a, const char *b, UErrorCode *e)
{ (void)a; (void)b; (void)e; return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
