// Hardware RNG on ESP32: esp_fill_random is a true RNG while the radio is on (BLE always is here).
#include "xsmc.h"
#include "xsHost.h"
#include "esp_random.h"

void xs_tcn_fill_random(xsMachine *the)
{
	esp_fill_random(xsmcToArrayBuffer(xsArg(0)), xsmcGetArrayBufferLength(xsArg(0)));
}
