// Settings are not secret: plain JSON in settings.json, written atomically, sanitized
// on every load so a hand-edited or damaged file can only ever yield sane values.
import { join } from 'node:path';
import { isMissingFileError, nodeStoreFs, writeFileAtomic, type StoreFs } from './profile-store.ts';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from './profile-types.ts';

export const SETTINGS_FILE_NAME = 'settings.json';
const MAX_FILE_BYTES = 64 * 1024;

export interface SettingsStoreOptions {
  dir: string;
  fs?: Partial<StoreFs>;
}

export interface SettingsLoad {
  settings: Settings;
  /** Set when the file was damaged and defaults (or partly defaults) are in use. */
  problem?: string;
}

export class SettingsStore {
  readonly #path: string;
  readonly #fs: StoreFs;
  #disposed = false;

  private constructor(options: SettingsStoreOptions) {
    this.#path = join(options.dir, SETTINGS_FILE_NAME);
    this.#fs = { ...nodeStoreFs, ...options.fs };
  }

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const store = new SettingsStore(options);
    await store.#fs.mkdir(options.dir);
    return store;
  }

  async load(): Promise<SettingsLoad> {
    this.#assertOpen();
    let bytes: Buffer;
    try {
      bytes = await this.#fs.readFile(this.#path);
    } catch (error) {
      if (isMissingFileError(error)) return { settings: { ...DEFAULT_SETTINGS } };
      return { settings: { ...DEFAULT_SETTINGS }, problem: 'The settings file could not be read; defaults are used.' };
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return { settings: { ...DEFAULT_SETTINGS }, problem: 'The settings file is far too large; defaults are used.' };
    }
    try {
      return { settings: sanitizeSettings(JSON.parse(bytes.toString('utf8'))) };
    } catch {
      return { settings: { ...DEFAULT_SETTINGS }, problem: 'The settings file is damaged; defaults are used.' };
    }
  }

  /** Sanitizes, writes atomically and returns what was written. */
  async save(settings: Settings): Promise<Settings> {
    this.#assertOpen();
    const clean = sanitizeSettings(settings);
    await writeFileAtomic(this.#fs, this.#path, Buffer.from(`${JSON.stringify(clean, null, 2)}\n`, 'utf8'));
    return clean;
  }

  dispose(): void {
    this.#disposed = true;
  }

  #assertOpen(): void {
    if (this.#disposed) throw new Error('The settings store has been disposed.');
  }
}
