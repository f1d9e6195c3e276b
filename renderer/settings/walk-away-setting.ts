// Settings' walk-away lock: the switch, its seconds, what it costs and what it does not stop,
// and why it stopped when its camera failed. Turning it on or off needs no password
// (main/core/presence-watch.ts says why).
import { WALK_AWAY_SECONDS, type SettingsPatch, type SettingsView } from '../../preload/api.ts';
import { CAMERA_PROBLEMS } from '../../preload/feedback.ts';
import { byId, setText, show } from '../shared/dom.ts';

/**
 * What it costs and what it does not stop. The CPU figure: the presence page and main's judging
 * at one frame a second for 60 s on the fake camera's owner clip, process CPU time over wall
 * time (`node --import tsx tools/bench/presence-cpu.ts`).
 */
export const WALK_AWAY_NOTE =
  'Keeps the camera on while unlocked, one look a second: about 9 % of one core. ' +
  'Locks only when you are out of view and the keyboard and mouse are idle that long. ' +
  'It does not stop someone who sits down and types, and a photo of you keeps it unlocked.';

export function walkAwayStoppedSentence(problem: NonNullable<SettingsView['walkAwayStopped']>): string {
  return `The walk-away check stopped: ${CAMERA_PROBLEMS[problem].cause.toLowerCase()}. It tries again after the next unlock; nothing was locked for it.`;
}

export class WalkAwaySetting {
  private readonly enabled = byId('walk-away', HTMLInputElement);
  private readonly seconds = byId('walk-away-seconds', HTMLInputElement);
  private readonly secondsRow = byId('walk-away-seconds-row', HTMLLabelElement);
  private readonly stopped = byId('walk-away-stopped', HTMLParagraphElement);
  private view: SettingsView | null = null;

  constructor(private readonly page: { update(patch: SettingsPatch): Promise<void>; say(text: string, isError: boolean): void }) {
    const { min, max } = WALK_AWAY_SECONDS;
    this.seconds.min = String(min);
    this.seconds.max = String(max);
    setText(byId('walk-away-note', HTMLElement), WALK_AWAY_NOTE);
    this.enabled.addEventListener('change', () => void this.page.update({ walkAwayLock: this.enabled.checked }));
    this.seconds.addEventListener('change', () => {
      const value = Number(this.seconds.value);
      if (!/^\s*\d+\s*$/.test(this.seconds.value) || value < min || value > max) {
        this.page.say(`Walk-away seconds: a whole number from ${min} to ${max}`, true);
        if (this.view) this.render(this.view);
        return;
      }
      void this.page.update({ walkAwaySeconds: value });
    });
  }

  render(view: SettingsView): void {
    this.view = view;
    this.enabled.checked = view.walkAwayLock === true;
    this.seconds.value = String(view.walkAwaySeconds ?? WALK_AWAY_SECONDS.default);
    show(this.secondsRow, this.enabled.checked);
    // Without an enrolled face there is nobody to look for.
    this.enabled.disabled = view.profileState !== 'enrolled';
    setText(this.stopped, view.walkAwayStopped ? walkAwayStoppedSentence(view.walkAwayStopped) : '');
    show(this.stopped, view.walkAwayStopped !== undefined && this.enabled.checked);
  }
}
