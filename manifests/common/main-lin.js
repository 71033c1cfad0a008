// The module XS starts ("main"): our entry lives at its repository path so that its relative
// imports ("./clock.js") resolve to module names that mirror the tree.
import "firmware/platform/moddable/main-lin";
