// Binding of the hardware RNG (entropy-<platform>.c, chosen by the manifest's platforms).
export function fillRandom(buffer) @ "xs_tcn_fill_random";
