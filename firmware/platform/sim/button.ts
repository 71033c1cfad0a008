// ButtonPort that tests press.
import type { ButtonPort, ButtonPress } from "../../ports/index.js";

export class SimButton implements ButtonPort {
  private handlers: Array<(press: ButtonPress) => void> = [];

  onPress(handler: (press: ButtonPress) => void): void {
    this.handlers.push(handler);
  }

  press(kind: ButtonPress = "short"): void {
    for (const handler of this.handlers.slice()) handler(kind);
  }

  /** A reboot forgets every handler; the new app instance registers its own. */
  reboot(): void {
    this.handlers = [];
  }
}
