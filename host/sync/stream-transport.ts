// A Transport over a pair of Node streams: a child process's stdio, a socket, a pty, or anything
// else that moves bytes. Serial ports are streams too, but have their own transport for opening.
import type { Transport } from "./transport.js";

export function streamTransport(name: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Transport {
  const closeHandlers: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers.splice(0)) handler();
  };
  input.on("end", close);
  input.on("close", close);
  input.on("error", close);
  output.on("error", close);
  output.on("close", close);
  return {
    name,
    send(bytes) {
      if (!closed) output.write(bytes);
    },
    onData(handler) {
      input.on("data", (chunk: Buffer | string) => {
        if (!closed) handler(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
    },
    onClose(handler) {
      if (closed) handler();
      else closeHandlers.push(handler);
    },
    close,
  };
}
