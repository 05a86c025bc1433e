/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Go programs under
 * Wine 8.0 in scripts/windows-check.sh only; it is never shipped.
 *
 * Every Go (1.22 and later) Windows program loads ProcessPrng from
 * bcryptprimitives.dll as it starts, and Wine 8.0 has no such DLL ("fatal
 * error: bcryptprimitives.dll not found"). This one implements ProcessPrng
 * over BCryptGenRandom with the system's preferred generator, which Wine has.
 *
 * Built with: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll
 *             bcryptprimitives.c bcryptprimitives.def -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += chunk;
		size -= chunk;
	}
	return TRUE;
}
