// Problems the user must know about, by source (camera, models, store…): one
// sentence for the overlay, cleared source by source as things recover.
import { Emitter, type Event } from '../base/emitter.ts';

export class ProblemBoard {
  private readonly messages = new Map<string, string>();
  private readonly changed = new Emitter<string | undefined>();
  /** Fires with the whole message (undefined once nothing is wrong) whenever it changes. */
  readonly onChange: Event<string | undefined> = this.changed.event;

  set(source: string, message: string): void {
    if (this.messages.get(source) === message) return;
    this.messages.set(source, message);
    this.emit();
  }

  clear(source: string): void {
    if (this.messages.delete(source)) this.emit();
  }

  message(): string | undefined {
    return this.messages.size ? [...this.messages.values()].join(' ') : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private emit(): void {
    this.changed.fire(this.message());
  }
}
