// ECMA-419 IO classes as Moddable implements them (modules/io/...): only the members we use.
declare module "embedded:io/serial" {
  export interface SerialOptions {
    port?: number;
    /** lin only (modules/io/serial/lin): the tty to open, e.g. a pty from socat. */
    device?: string;
    receive?: number;
    transmit?: number;
    baud: number;
    /** "buffer": read() returns an ArrayBuffer of whatever is available. */
    format?: "number" | "buffer";
    /** Called with the number of bytes available to read. */
    onReadable?: (this: Serial, bytes: number) => void;
    /** Called with the number of bytes that can be written without blocking. */
    onWritable?: (this: Serial, bytes: number) => void;
  }
  class Serial {
    constructor(options: SerialOptions);
    read(): ArrayBuffer | number | undefined;
    read(byteLength: number): ArrayBuffer | undefined;
    write(value: ArrayBuffer | ArrayBufferView | number): void;
    close(): void;
    format: "number" | "buffer";
  }
  export default Serial;
}

declare module "embedded:io/digital" {
  export interface DigitalOptions {
    pin: number;
    mode: number;
    /** Digital.Rising | Digital.Falling, with onReadable. */
    edge?: number;
    onReadable?: (this: Digital) => void;
  }
  class Digital {
    static readonly Input: number;
    static readonly InputPullUp: number;
    static readonly InputPullDown: number;
    static readonly Output: number;
    static readonly Rising: number;
    static readonly Falling: number;
    constructor(options: DigitalOptions);
    read(): 0 | 1;
    write(value: 0 | 1): void;
    close(): void;
  }
  export default Digital;
}

// The board's host provider (build/devices/<platform>/targets/<board>/host/provider.js).
declare module "embedded:provider/builtin" {
  import type Serial from "embedded:io/serial";
  import type Digital from "embedded:io/digital";
  interface SerialDefaults { io: typeof Serial; port: number; receive: number; transmit: number }
  /** ECMA-419 RTC class (embedded:RTC/BM8563 on M5StickC): `time` in Unix ms, UTC. */
  interface RTC { time: number; close(): void }
  const device: {
    readonly io: { readonly Digital: typeof Digital; readonly Serial: typeof Serial };
    readonly pin: { readonly led?: number; readonly button?: number };
    readonly Serial: { readonly default: SerialDefaults };
    readonly peripheral?: { readonly RTC?: new (options?: object) => RTC };
  };
  export default device;
}
