// Hardware RNG for the lin simulator: the kernel's getrandom().
#include "xsmc.h"
#include "xsHost.h"
#include <sys/random.h>

void xs_tcn_fill_random(xsMachine *the)
{
	uint8_t *bytes = xsmcToArrayBuffer(xsArg(0));
	size_t length = xsmcGetArrayBufferLength(xsArg(0));
	while (length > 0) {
		ssize_t got = getrandom(bytes, length, 0);
		if (got <= 0)
			xsUnknownError("getrandom failed");
		bytes += got;
		length -= (size_t)got;
	}
}
