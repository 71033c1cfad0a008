// Opens the authority database a spec names; sits above both adapters so they and the interface
// (authority-db.ts) do not import each other.
import type { AuthorityDb } from "./authority-db.js";

export async function openAuthorityDb(spec: string): Promise<AuthorityDb> {
  if (/^postgres(ql)?:\/\//i.test(spec)) {
    const { openPostgresAuthorityDb } = await import("./postgres-authority-db.js");
    return openPostgresAuthorityDb(spec);
  }
  const { openSqliteAuthorityDb } = await import("./sqlite-authority-db.js");
  return openSqliteAuthorityDb(spec);
}
