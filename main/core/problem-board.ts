// Problems the user must know about, by source (camera, models, store…): one
// sentence for the overlay, cleared source by source as things recover.
export class ProblemBoard {
  private readonly messages = new Map<string, string>();
  private readonly listeners = new Set<(message: string | undefined) => void>();

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

  onChange(listener: (message: string | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.message());
  }
}
