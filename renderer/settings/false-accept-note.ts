// The Settings line under the match threshold: how many strangers it lets in, in words.
import type { SettingsView } from '../../preload/api.ts';

/** "about 1 stranger in 80,000": the profile's false-accept rate per attempt, in words. */
export function falseAcceptNote(view: Pick<SettingsView, 'falseAccepts' | 'profileState'>): string {
  const rate = view.falseAccepts;
  if (!rate) {
    return view.profileState === 'enrolled'
      ? 'Set by Face Unlock. How many strangers it lets in could not be measured for your face (the strangers’ faces it measures against could not be loaded).'
      : 'Set by Face Unlock for your face when you enrol.';
  }
  const oneIn = roundForWords(1 / rate.far).toLocaleString('en');
  const amount = rate.kind === 'about' ? `about 1 stranger in ${oneIn}` : `fewer than 1 stranger in ${oneIn}`;
  return `Set by Face Unlock for your face: ${amount} would be let in per attempt (estimated against public photos of strangers)`;
}

/** Two significant digits: a rate measured on a few thousand strangers says no more. */
function roundForWords(value: number): number {
  if (!Number.isFinite(value) || value < 1) return 1;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1);
  return Math.round(value / unit) * unit;
}
