// One event source, VS Code style: a service keeps an Emitter<T> private and exposes
// `onX = emitter.event`; a listener is removed by disposing what subscribing returned.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  #listeners = new Set<(value: T) => void>();
  #disposed = false;

  /** Subscribe; a listener added twice is called once. Subscribing after dispose() is a no-op. */
  readonly event: Event<T> = (listener) => {
    if (this.#disposed) return { dispose: () => {} };
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  };

  /** Calls every listener subscribed when fire() began, in order; one that throws does not stop the rest, and its error is rethrown after. */
  fire(value: T): void {
    const errors: unknown[] = [];
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several listeners failed');
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
  }
}
