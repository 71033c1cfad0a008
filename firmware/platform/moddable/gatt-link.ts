// LinkPort on the sync GATT service: the host's writes to "rx" arrive as bytes, and what the badge
// sends goes out as "tx" notifications cut to the ATT MTU. Bytes sent before the host subscribes
// wait; a disconnect closes the link (the sync layer then drops its session) and clears the queue.
//
// Notifications are paced: neither Moddable BLE server tells JS whether a notification was queued
// (nrf52/modBLEServer.c ignores sd_ble_gatts_hvx's result, and the SoftDevice's HVN TX queue holds
// 1 by default; nimble/modBLEServer.c ignores ble_gatts_notify_custom's result, which fails when
// NimBLE's mbufs run out) and neither exposes the completion event (BLE_GATTS_EVT_HVN_TX_COMPLETE,
// BLE_GAP_EVENT_NOTIFY_TX are only logged). So the link sends at most `burst` notifications and
// then waits `intervalMs`, at least one connection interval of the central, before the next burst.
import type { ClockPort, TimerHandle } from "../../ports/clock.js";
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

export interface NotificationPacing {
  readonly clock: Pick<ClockPort, "setTimeout" | "clearTimeout">;
  /** Notifications handed to the stack back to back: what its queue surely holds. */
  readonly burst: number;
  /** Wait between bursts: at least the longest connection interval a sync host uses. */
  readonly intervalMs: number;
}

/**
 * nRF52: the SoftDevice's default HVN TX queue is 1 (BLE_GATTS_HVN_TX_QUEUE_SIZE_DEFAULT) and one
 * notification leaves per connection event; hosts' connection intervals are 7.5 to 50 ms (BlueZ's
 * default maximum is 50 ms), so one notification every 60 ms never finds the queue full.
 */
export const NRF52_NOTIFY_PACING = { burst: 1, intervalMs: 60 } as const;
/**
 * ESP32 NimBLE: a notification takes an mbuf from the msys pool until the controller sends it
 * (ESP-IDF's default pool is 12 blocks, shared with the host's other traffic): 4 in flight, then
 * one 60 ms wait (more than one connection event), keeps well inside it.
 */
export const ESP32_NOTIFY_PACING = { burst: 4, intervalMs: 60 } as const;

export function createGattSyncLink(server: () => BleServerLike | null, pacing?: NotificationPacing): GattSyncLink {
  const receivers: ((bytes: Uint8Array) => void)[] = [];
  const closers: (() => void)[] = [];
  let tx: CharacteristicLike | null = null;
  let payload = DEFAULT_ATT_MTU - 3;
  let pending: Uint8Array[] = []; // frames not yet cut into notifications
  let offset = 0; // bytes of pending[0] already notified
  let isConnected = false;
  let waiting: TimerHandle | null = null;

  function stopWaiting(): void {
    if (waiting && pacing) pacing.clock.clearTimeout(waiting);
    waiting = null;
  }

  function flush(): void {
    const s = server();
    if (!s || !tx || waiting) return;
    const burst = pacing ? pacing.burst : Infinity;
    let budget = burst;
    while (pending.length > 0 && budget > 0) {
      const frame = pending[0];
      const piece = frame.slice(offset, offset + payload);
      s.notifyValue(tx, piece.buffer);
      budget--;
      offset += piece.length;
      if (offset >= frame.length) {
        pending.shift();
        offset = 0;
      }
    }
    // Wait after any burst, even one that emptied the queue: a frame sent right after must not
    // find the stack's queue still holding this burst.
    if (pacing && budget < burst) {
      waiting = pacing.clock.setTimeout(() => {
        waiting = null;
        flush();
      }, pacing.intervalMs);
    }
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
      offset = 0;
      stopWaiting();
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
      if (characteristic.name === SYNC_TX_NAME) {
        tx = null;
        stopWaiting();
      }
    },
    mtu(mtu) {
      if (mtu > 3) payload = mtu - 3;
    },
  };
}
