// Binding of ble-address-nrf52.c: set a non-resolvable private address (6 bytes, least significant first).
export function setAddress(address) @ "xs_tcn_ble_set_address";
