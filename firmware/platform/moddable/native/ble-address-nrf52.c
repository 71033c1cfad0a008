// Address rotation on nRF52: Moddable's BLEClient.localPrivacy is an empty function there
// (modules/network/ble/nrf52/modBLEClient.c), so we call the SoftDevice ourselves. The SoftDevice
// refuses (NRF_ERROR_INVALID_STATE) while advertising, scanning or connecting: the radio adapter
// only calls this with both stopped.
#include "xsmc.h"
#include "xsHost.h"
#include "ble_gap.h"

void xs_tcn_ble_set_address(xsMachine *the)
{
	ble_gap_addr_t addr;
	uint32_t err;

	if (xsmcGetArrayBufferLength(xsArg(0)) != BLE_GAP_ADDR_LEN)
		xsRangeError("address must be 6 bytes");
	c_memset(&addr, 0, sizeof(addr));
	addr.addr_type = BLE_GAP_ADDR_TYPE_RANDOM_PRIVATE_NON_RESOLVABLE;
	c_memmove(addr.addr, xsmcToArrayBuffer(xsArg(0)), BLE_GAP_ADDR_LEN);
	addr.addr[5] &= 0x3F;		// non-resolvable private: the two most significant bits are 00

	err = sd_ble_gap_addr_set(&addr);
	if (NRF_SUCCESS != err)
		xsUnknownError("sd_ble_gap_addr_set failed: stop advertising and scanning before rotating");
}
