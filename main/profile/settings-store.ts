// settings.json: the settings in plain JSON, written atomically, read back field by field.
// While a face is enrolled the security settings in it are only a copy: the ones sealed in
// the profile count (FaceUnlockCore). A damaged file is a problem to show, and what cannot
// be read takes the strictest value (settings-rules.ts), never a weaker default.
import { join } from 'node:path';
import { isMissingFileError, nodeStoreFs, writeFileAtomic, type StoreFs } from './profile-store.ts';
import { DEFAULT_SETTINGS, SETTING_NAMES, UNREADABLE_FALLBACK, readSettings, type Settings } from './settings-rules.ts';

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

  /** A missing file is a first start (the defaults); anything else unreadable is a problem, with strict values. */
  async load(): Promise<SettingsLoad> {
    this.#assertOpen();
    let bytes: Buffer;
    try {
      bytes = await this.#fs.readFile(this.#path);
    } catch (error) {
      if (isMissingFileError(error)) return { settings: { ...DEFAULT_SETTINGS } };
      return damaged('could not be read');
    }
    if (bytes.length > MAX_FILE_BYTES) return damaged('is far too large');
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      return damaged('is damaged');
    }
    const { settings, unreadable } = readSettings(value);
    if (unreadable.length === 0) return { settings };
    const names = unreadable.map((key) => SETTING_NAMES[key]).join(', ');
    return { settings, problem: `The settings file had unreadable values (${names}): they take their strictest choice until you check them in Settings.` };
  }

  /** Writes atomically and returns what was written (read back through the same rules). */
  async save(settings: Settings): Promise<Settings> {
    this.#assertOpen();
    const clean = readSettings(settings).settings;
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

function damaged(what: string): SettingsLoad {
  return { settings: { ...UNREADABLE_FALLBACK }, problem: `The settings file ${what}: Face Unlock uses its strictest settings until you check them in Settings.` };
}
