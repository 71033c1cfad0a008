// Reading a TCN out of raw advertising bytes (spec tcn-protocol.md: service data, AD type 0x16,
// under UUID 0xC019; readers take the first 16 bytes of any service data of 16 bytes or more).

const SERVICE_DATA_16 = 0x16;
const TCN_UUID = 0xc019;

export function tcnFromAdData(adData: Uint8Array): Uint8Array | null {
  let i = 0;
  while (i < adData.length) {
    const length = adData[i];
    if (length === 0 || i + 1 + length > adData.length) return null;
    const type = adData[i + 1];
    if (type === SERVICE_DATA_16 && length >= 3 + 16 && (adData[i + 2] | (adData[i + 3] << 8)) === TCN_UUID) {
      return adData.slice(i + 4, i + 4 + 16);
    }
    i += 1 + length;
  }
  return null;
}
