/* Test-only shim for Wine 8.0, never shipped: Wine's mscms.dll has no WcsCreateIccProfile, and Qt's
 * Windows platform plugin (qwindows.dll) aborts calling it when it opens a real window. These are the four
 * functions Qt imports; no colour profile can be opened, so Qt keeps to sRGB. No Wine DLL imports mscms,
 * so replacing it (WINEDLLOVERRIDES mscms=n,b) touches nothing else. */
#include <windows.h>

#define EXPORT __declspec(dllexport)

EXPORT HANDLE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD share, DWORD creation)
{
    (void)profile; (void)access; (void)share; (void)creation;
    SetLastError(ERROR_FILE_NOT_FOUND);
    return NULL;
}

EXPORT BOOL WINAPI CloseColorProfile(HANDLE profile) { (void)profile; return TRUE; }

EXPORT BOOL WINAPI GetColorProfileFromHandle(HANDLE profile, BYTE *buffer, DWORD *size)
{
    (void)profile; (void)buffer; (void)size;
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
}

EXPORT HANDLE WINAPI WcsCreateIccProfile(HANDLE profile, DWORD options)
{
    (void)profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}
