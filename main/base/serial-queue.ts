// One operation at a time, in the order asked: a store's writes must never interleave (a
// rename racing another write could leave an older copy as the newest). One that fails does
// not stop the next; after dispose() nothing new starts.

export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #disposed = false;

  /** `what` names the owner in the error a call after dispose() gets. */
  constructor(private readonly what: string) {}

  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#disposed) return Promise.reject(new Error(`The ${this.what} has been disposed.`));
    const result = this.#tail.then(operation);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every operation asked for so far has finished (or failed). */
  settle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }

  dispose(): void {
    this.#disposed = true;
  }
}
