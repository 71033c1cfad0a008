// The sync GATT service (docs/sync-protocol.md, "BLE"): the host writes frames to one
// characteristic (write without response) and receives the badge's frames as notifications on
// another, both cut into ATT-MTU − 3 pieces; the framing reassembles them. Only the encrypted
// sync protocol travels here, so the link needs no bonding.
// Same values as firmware/platform/moddable/sync-gatt.ts (the badge's bleservices JSON): keep equal.
export const SYNC_SERVICE_UUID = "6794593b-8d9e-4338-8e79-bb4eaf3195cc";
/** Host → badge: write without response. */
export const SYNC_RX_CHARACTERISTIC_UUID = "d53f772b-e816-40f4-81fd-453566f08659";
/** Badge → host: notify. */
export const SYNC_TX_CHARACTERISTIC_UUID = "3923764c-e14c-4e41-b8a8-bad5af16cd94";
/** ATT header bytes in a write or notification: payload per packet is MTU − 3. */
export const ATT_HEADER_BYTES = 3;
export const DEFAULT_ATT_MTU = 23;
