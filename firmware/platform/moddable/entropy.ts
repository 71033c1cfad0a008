// EntropyPort on the hardware RNG through our native `fillRandom` (native/entropy-*.c): ESP32
// esp_fill_random, nRF52 sd_rand_application_vector_get, lin getrandom(). Not Math.random: on
// nRF52 it is newlib's rand(), which no one should make keys with.
import type { EntropyPort } from "../../ports/entropy.js";

export function createModdableEntropy(fillRandom: (buffer: ArrayBuffer) => void): EntropyPort {
  return {
    randomBytes(length) {
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`random byte count must be a whole number >= 0, got ${length}`);
      const bytes = new Uint8Array(length);
      if (length > 0) fillRandom(bytes.buffer);
      return bytes;
    },
  };
}
