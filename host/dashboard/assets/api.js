// @ts-check
// Reads the dashboard's JSON routes; a failed answer becomes an Error carrying the server's words.

/**
 * @param {string} path
 * @returns {Promise<any>}
 */
export async function getJson(path) {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body && typeof body.error === "string" ? body.error : `${path} answered ${res.status}`);
  return body;
}
