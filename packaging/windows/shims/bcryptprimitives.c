/* Test-only shim for Wine 8.0, never shipped: Windows 10+ has bcryptprimitives.dll, Wine 8.0 does not.
 * pydantic-core (Rust's getrandom) imports ProcessPrng from it; here it forwards to RtlGenRandom,
 * the same system random source Windows' own ProcessPrng draws from. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, in advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
