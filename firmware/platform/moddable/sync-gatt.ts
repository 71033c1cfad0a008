// The sync GATT service (manifests/*/bleservices/tcnsync.json): the host writes sync-protocol
// bytes to "rx" and receives the badge's on "tx" notifications. Host transports use these UUIDs.
export const SYNC_SERVICE_UUID = "6794593B-8D9E-4338-8E79-BB4EAF3195CC";
export const SYNC_RX_CHARACTERISTIC_UUID = "D53F772B-E816-40F4-81FD-453566F08659";
export const SYNC_TX_CHARACTERISTIC_UUID = "3923764C-E14C-4E41-B8A8-BAD5AF16CD94";
/** Keys of the characteristics in the JSON: BLEServer reports them as `characteristic.name`. */
export const SYNC_RX_NAME = "rx";
export const SYNC_TX_NAME = "tx";
/** ATT default MTU 23 leaves 20 bytes per notification until the central asks for more. */
export const DEFAULT_ATT_MTU = 23;
