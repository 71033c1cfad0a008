// The module XS starts ("main"); see manifests/lin/main.js for why it is only an import.
import "firmware/platform/moddable/main-nrf52";
