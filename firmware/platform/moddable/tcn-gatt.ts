// The TCN connection-oriented GATT service (spec: tcn-protocol.md, "Connection mode";
// manifests/common/bleservices/tcn.json). Separate from the sync service: reaching it opens nothing
// of the sync link.
export const TCN_GATT_SERVICE_UUID16 = 0xc019;
export const TCN_CHARACTERISTIC_UUID = "D61F4F27-3D6B-4B04-9E46-C9D2EA617F62";
/** Key of the characteristic in tcn.json: BLEServer reports it as `characteristic.name`. */
export const TCN_CHARACTERISTIC_NAME = "tcn";
/** A TCN-only central is dropped after this long, whatever it is doing (a sync host is not). */
export const TCN_CONNECTION_MAX_MS = 3000;
