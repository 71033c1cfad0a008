// Random bytes for keys and nonces. Moddable: the hardware RNG (ESP32 esp_fill_random,
// nRF52 sd_rand_application_vector_get); the simulator: a seeded generator for reproducible runs.
export interface EntropyPort {
  randomBytes(length: number): Uint8Array;
}
