// LinkPort on the sync GATT service: the host's writes to "rx" arrive as bytes, and what the badge
// sends goes out as "tx" notifications cut to the ATT MTU. Bytes sent before the host subscribes
// wait; a disconnect closes the link (the sync layer then drops its session) and clears the queue.
import type { LinkPort } from "../../ports/link.js";
import type { BleServerLike, CharacteristicLike } from "./ble-types.js";
import { DEFAULT_ATT_MTU, SYNC_RX_NAME, SYNC_TX_NAME } from "./sync-gatt.js";

export interface GattSyncLink extends LinkPort {
  connected(): void;
  disconnected(): void;
  written(characteristic: CharacteristicLike, value: ArrayBuffer): void;
  notifyEnabled(characteristic: CharacteristicLike): void;
  notifyDisabled(characteristic: CharacteristicLike): void;
  mtu(mtu: number): void;
}

export function createGattSyncLink(server: () => BleServerLike | null): GattSyncLink {
  const receivers: ((bytes: Uint8Array) => void)[] = [];
  const closers: (() => void)[] = [];
  let tx: CharacteristicLike | null = null;
  let payload = DEFAULT_ATT_MTU - 3;
  let pending: Uint8Array[] = [];
  let isConnected = false;

  function flush(): void {
    const s = server();
    if (!s || !tx) return;
    for (const bytes of pending) {
      for (let at = 0; at < bytes.length; at += payload) s.notifyValue(tx, bytes.slice(at, at + payload).buffer);
    }
    pending = [];
  }

  return {
    onReceive(handler) {
      receivers.push(handler);
    },
    onClose(handler) {
      closers.push(handler);
    },
    send(bytes) {
      if (!isConnected || bytes.length === 0) return; // no host: nothing to say it to
      pending.push(bytes.slice());
      flush();
    },
    connected() {
      isConnected = true;
      payload = DEFAULT_ATT_MTU - 3;
    },
    disconnected() {
      const was = isConnected;
      isConnected = false;
      tx = null;
      pending = [];
      if (was) for (const handler of closers) handler();
    },
    written(characteristic, value) {
      if (characteristic.name !== SYNC_RX_NAME || !isConnected) return;
      const bytes = new Uint8Array(value);
      for (const handler of receivers) handler(bytes);
    },
    notifyEnabled(characteristic) {
      if (characteristic.name !== SYNC_TX_NAME) return;
      tx = characteristic;
      flush();
    },
    notifyDisabled(characteristic) {
      if (characteristic.name === SYNC_TX_NAME) tx = null;
    },
    mtu(mtu) {
      if (mtu > 3) payload = mtu - 3;
    },
  };
}
