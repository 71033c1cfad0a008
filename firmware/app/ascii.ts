// Settings hold bytes; the few strings the app stores (JSON of pushed config) are ASCII. No
// TextEncoder on the badge, and non-ASCII is escaped by JSON.stringify's \u form when needed.
export function asciiEncode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e) throw new RangeError(`non-ASCII character at ${i} in a stored string`);
    out[i] = code;
  }
  return out;
}

export function asciiDecode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** JSON with every non-ASCII character escaped, so asciiEncode never fails on it. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4));
}
