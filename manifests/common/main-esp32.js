// The module XS starts ("main"); see manifests/common/main-lin.js for why it is only an import.
import "firmware/platform/moddable/main-esp32";
