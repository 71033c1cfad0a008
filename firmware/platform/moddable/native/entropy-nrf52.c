// Hardware RNG on nRF52 through the SoftDevice (it owns the RNG peripheral while BLE is enabled).
// The SoftDevice pool refills at a few bytes per 100 us: take what is there until we have enough.
#include "xsmc.h"
#include "xsHost.h"
#include "nrf_soc.h"

void xs_tcn_fill_random(xsMachine *the)
{
	uint8_t *bytes = xsmcToArrayBuffer(xsArg(0));
	uint32_t length = xsmcGetArrayBufferLength(xsArg(0));
	uint32_t spins = 0;
	while (length > 0) {
		uint8_t available = 0;
		sd_rand_application_bytes_available_get(&available);
		if (available > 0) {
			uint8_t take = (available < length) ? available : (uint8_t)((length > 255) ? 255 : length);
			if (NRF_SUCCESS == sd_rand_application_vector_get(bytes, take)) {
				bytes += take;
				length -= take;
				continue;
			}
		}
		if (++spins > 1000000)
			xsUnknownError("hardware RNG gave no bytes: is the SoftDevice enabled?");
	}
}
