// Start a fastify app on host:port (0 picks a free port) and say where it listens; on failure run
// `cleanUp` (close what the caller opened) and throw an error that names the address and the fix.
import type { AddressInfo } from "node:net";

/** What listenOn needs of a fastify app (any logger or server type). */
interface Listener {
  listen(options: { port: number; host: string }): Promise<unknown>;
  readonly server: { address(): AddressInfo | string | null };
}

export async function listenOn(app: Listener, host: string, port: number, cleanUp: () => Promise<void>): Promise<number> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    await cleanUp();
    throw new Error(`cannot listen on ${host}:${port}: ${(error as Error).message}; pick another --port or --host`);
  }
  const address = app.server.address();
  return typeof address === "object" && address !== null ? address.port : port;
}
