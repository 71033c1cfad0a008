// A PostgreSQL pool for one of our services (report server, authority), with its schema created
// once even when several instances start together: they take turns under an advisory lock.
import pg from "pg";

/** The URL with its password hidden, for messages. */
export function redactPostgresUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** Connects, then runs `prepare` (CREATE … IF NOT EXISTS) while holding the advisory lock `schemaLock`. */
export async function openPostgresPool(url: string, schemaLock: number, prepare: (client: pg.PoolClient) => Promise<void>): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL at ${redactPostgresUrl(url)}: ${(error as Error).message}; check that the server runs and the URL is right`);
  }
  try {
    await client.query("SELECT pg_advisory_lock($1)", [schemaLock]);
    await prepare(client);
    await client.query("SELECT pg_advisory_unlock($1)", [schemaLock]);
  } finally {
    client.release();
  }
  return pool;
}
