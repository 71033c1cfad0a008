// The host side of the sync protocol: client, transports, simulation and measurement helpers.
export type { Timers, Transport } from "./transport.js";
export { realTimers } from "./transport.js";
export { VirtualClock } from "./virtual-clock.js";
export { BLE_2M_MTU247, createSimulatedLink, INSTANT, SERIAL_921600 } from "./simulated-link.js";
export type { LinkDirection, LinkFaults, LinkModel, LinkStats, SimulatedLink, SimulatedLinkOptions } from "./simulated-link.js";
export { isRetryable, syncBadge, syncBadgeWithRetry } from "./sync-badge.js";
export type { SyncOptions, SyncProgress, SyncSummary } from "./sync-badge.js";
export { enrollBadge } from "./enroll-badge.js";
export type { EnrollOptions, EnrollSummary } from "./enroll-badge.js";
export { createMemoryBadge, MemoryBackend, MemoryButton, MemorySettings, systemEntropy } from "./memory-badge.js";
export type { MemoryBadge, MemoryBadgeOptions } from "./memory-badge.js";
export { busyBadgeLog } from "./busy-log.js";
export type { BusyLogOptions } from "./busy-log.js";
export { streamTransport } from "./stream-transport.js";
export { DEFAULT_BAUD_RATE, listSerialPorts, openSerialTransport } from "./serial-transport.js";
export type { SerialPortClass, SerialPortInfo, SerialTransportOptions } from "./serial-transport.js";
export { connectBleTransport, loadNoble, scanForBadges } from "./ble-transport.js";
export type { BleCharacteristic, BlePeripheral } from "./ble-transport.js";
