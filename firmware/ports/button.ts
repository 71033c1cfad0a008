// The badge's one button: a short press confirms, a long hold (>= 5 s) is a person's reset.
export type ButtonPress = "short" | "long";

export interface ButtonPort {
  onPress(handler: (press: ButtonPress) => void): void;
}
