// A byte stream to the host (USB serial via embedded:io/serial, or the sync GATT service).
// Bytes may arrive split or joined arbitrarily; framing is the sync protocol's job.
export interface LinkPort {
  onReceive(handler: (bytes: Uint8Array) => void): void;
  onClose(handler: () => void): void;
  send(bytes: Uint8Array): void;
}
