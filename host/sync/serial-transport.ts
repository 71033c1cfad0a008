// USB serial to a docked badge (ESP32 release builds free the USB-UART pins for this). The
// `serialport` stream is the transport; tests pass SerialPortMock (binding-mock) instead.
import { SerialPort } from "serialport";
import { streamTransport } from "./stream-transport.js";
import type { Transport } from "./transport.js";

export const DEFAULT_BAUD_RATE = 921600;

/** What we need of a serialport class: SerialPort, or SerialPortMock in tests. */
export type SerialPortClass = new (options: { path: string; baudRate: number }, openCallback?: (error: Error | null) => void) => NodeJS.ReadWriteStream & {
  close(callback?: (error: Error | null) => void): void;
  readonly isOpen: boolean;
};

export interface SerialTransportOptions {
  readonly path: string;
  readonly baudRate?: number;
  readonly portClass?: SerialPortClass;
}

export function openSerialTransport(options: SerialTransportOptions): Promise<Transport & { readonly port: InstanceType<SerialPortClass> }> {
  const PortClass = options.portClass ?? (SerialPort as unknown as SerialPortClass);
  const baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
  return new Promise((resolve, reject) => {
    const port = new PortClass({ path: options.path, baudRate }, (error) => {
      if (error) {
        reject(new Error(`cannot open serial port ${options.path} at ${baudRate} baud: ${error.message} (is the badge docked, and is the port free and yours to open?)`));
        return;
      }
      const stream = streamTransport(`serial ${options.path}`, port, port);
      resolve({
        ...stream,
        port,
        close() {
          stream.close();
          if (port.isOpen) port.close(() => undefined);
        },
      });
    });
  });
}

export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

/** Serial ports that look like USB devices (a docked badge is one of them). */
export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  const ports = await SerialPort.list();
  return ports.filter((p) => p.vendorId !== undefined || /ttyUSB|ttyACM|usbserial|usbmodem/.test(p.path)).map((p) => ({ path: p.path, manufacturer: p.manufacturer, vendorId: p.vendorId, productId: p.productId }));
}
