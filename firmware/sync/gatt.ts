// The sync GATT service (docs/sync-protocol.md, "BLE"): the host writes frames to one
// characteristic (write without response) and receives the badge's frames as notifications on
// another, both cut into ATT-MTU − 3 pieces; the framing reassembles them. Only the encrypted
// sync protocol travels here, so the link needs no bonding.
export const SYNC_SERVICE_UUID = "7c0e1900-5c5a-4b8e-9e43-7a4e1c0d0b01";
/** Host → badge: write without response. */
export const SYNC_RX_CHARACTERISTIC_UUID = "7c0e1901-5c5a-4b8e-9e43-7a4e1c0d0b01";
/** Badge → host: notify. */
export const SYNC_TX_CHARACTERISTIC_UUID = "7c0e1902-5c5a-4b8e-9e43-7a4e1c0d0b01";
/** ATT header bytes in a write or notification: payload per packet is MTU − 3. */
export const ATT_HEADER_BYTES = 3;
export const DEFAULT_ATT_MTU = 23;
