/** Fills the whole ArrayBuffer with bytes from the hardware RNG. */
export declare function fillRandom(buffer: ArrayBuffer): void;
