// The badge's one button: a short press confirms, a long hold (>= 5 s) is a person's reset.
// onPress adds a handler; every handler sees every press (the app confirms reports with it,
// the sync layer resets enrollment on a long hold).
export type ButtonPress = "short" | "long";

export interface ButtonPort {
  onPress(handler: (press: ButtonPress) => void): void;
}
