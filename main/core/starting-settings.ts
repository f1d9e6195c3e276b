// Which settings are in force when the app starts. While a face is enrolled, the security
// settings sealed in the profile count and the plain file's copy is ignored: editing
// settings.json (Strict → Off, 12 h → 720 h, a lower threshold) changes nothing. Without a
// readable profile the file is all there is; a damaged profile still locks, and then never
// with settings weaker than the defaults.
import type { LoadResult } from '../profile/profile-store.ts';
import { isPlainRecord } from '../profile/profile-types.ts';
import { DEFAULT_SETTINGS, SETTING_NAMES, readSettings, sameSecurity, stricterOf, type Settings } from '../profile/settings-rules.ts';
import type { SettingsLoad } from '../profile/settings-store.ts';

export interface StartingSettings {
  settings: Settings;
  /** What the user should know about how they were read. */
  problem?: string;
  /** The profile's sealed copy is missing or was mended: write it. */
  sealNeeded: boolean;
}

export function startingSettings(file: SettingsLoad, loaded: LoadResult): StartingSettings {
  const record = loaded.status === 'ok' || loaded.status === 'recoveredFromBackup' ? loaded.profile : null;
  const fileProblem = file.problem === undefined ? {} : { problem: file.problem };
  if (!record) {
    if (loaded.status !== 'corrupt') return { settings: file.settings, ...fileProblem, sealNeeded: false };
    return { settings: stricterOf({ ...DEFAULT_SETTINGS }, file.settings), ...fileProblem, sealNeeded: false };
  }
  // A profile saved before the settings were sealed: its settings are the file's, sealed now.
  if (record.security === undefined) return { settings: file.settings, ...fileProblem, sealNeeded: true };

  const sealed = isPlainRecord(record.security) ? record.security : {};
  const { settings, unreadable } = readSettings({ ...sealed, startAtLogin: file.settings.startAtLogin });
  const sealedUnreadable = unreadable.filter((key) => key !== 'startAtLogin');
  const problems: string[] = [];
  if (sealedUnreadable.length > 0) {
    const names = sealedUnreadable.map((key) => SETTING_NAMES[key]).join(', ');
    problems.push(`The settings sealed with your face profile had unreadable values (${names}): they take their strictest choice until you check them in Settings.`);
  }
  if (file.problem !== undefined) problems.push('The settings file was damaged; the settings sealed with your face profile are used.');
  else if (!sameSecurity(file.settings, settings)) problems.push('The settings file was changed outside Face Unlock; the settings sealed with your face profile are used.');
  return { settings, ...(problems.length ? { problem: problems.join(' ') } : {}), sealNeeded: sealedUnreadable.length > 0 };
}
