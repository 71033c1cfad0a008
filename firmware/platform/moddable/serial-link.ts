// LinkPort on ECMA-419 `embedded:io/serial` (ESP32 release builds: the USB-UART pins are free only
// when xsbug does not own them). ECMA-419 says write() may not exceed what onWritable last
// announced, so outgoing bytes wait in a queue and drain as the UART makes room.
import type { LinkPort } from "../../ports/link.js";

/** The members of an ECMA-419 Serial (format "buffer") we use. */
export interface SerialLike {
  read(): ArrayBuffer | number | undefined;
  write(value: ArrayBuffer): void;
}

/** Main wires the Serial's onReadable / onWritable callbacks to these. */
export interface ModdableSerialLink extends LinkPort {
  readable(): void;
  writable(count: number): void;
}

export function createSerialLink(serial: SerialLike): ModdableSerialLink {
  const receivers: ((bytes: Uint8Array) => void)[] = [];
  const queue: Uint8Array[] = [];
  let room = 0;

  function drain(): void {
    while (room > 0 && queue.length > 0) {
      const head = queue[0];
      const n = Math.min(room, head.length);
      serial.write(head.slice(0, n).buffer);
      room -= n;
      if (n === head.length) queue.shift();
      else queue[0] = head.subarray(n);
    }
  }

  return {
    onReceive(handler) {
      receivers.push(handler);
    },
    // A UART never closes: the dock link lives as long as the badge.
    onClose() {},
    send(bytes) {
      if (bytes.length === 0) return;
      queue.push(bytes.slice());
      drain();
    },
    readable() {
      for (;;) {
        const chunk = serial.read();
        if (!(chunk instanceof ArrayBuffer) || chunk.byteLength === 0) return;
        const bytes = new Uint8Array(chunk);
        for (const handler of receivers) handler(bytes);
      }
    },
    writable(count) {
      room = count;
      drain();
    },
  };
}

/** The host provider's default serial (`device.Serial.default`), as far as the dock needs it. */
export interface SerialDefaultsLike {
  readonly io: new (options: {
    port: number;
    receive: number;
    transmit: number;
    baud: number;
    format: "buffer";
    onReadable: () => void;
    onWritable: (count: number) => void;
  }) => SerialLike;
  readonly port: number;
  readonly receive: number;
  readonly transmit: number;
}

/** The dock link on the board's default serial at `baud`, its callbacks wired to the link. */
export function openDockSerial(serial: SerialDefaultsLike, baud: number): ModdableSerialLink {
  const dock: ModdableSerialLink = createSerialLink(
    new serial.io({
      port: serial.port,
      receive: serial.receive,
      transmit: serial.transmit,
      baud,
      format: "buffer",
      onReadable: () => dock.readable(),
      onWritable: (count) => dock.writable(count),
    }),
  );
  return dock;
}
