// Globals XS provides on every Moddable platform (xs/includes/xs.d.ts in the SDK): only what we use.
declare function trace(...values: unknown[]): void;
