// The settings window: every change goes to main at once and the form shows what main
// kept (it clamps and validates). Also the keyring warning, "Test recognition" and
// deleting the face profile.
import type { FaceUnlockApi, LivenessMode, SettingsView } from '../../preload/api.ts';
import { listCameras, type CameraInfo } from '../face/camera.ts';
import { applyFieldLimits, bridgeOrNotice, byId, errorMessage, setText, show } from '../shared/dom.ts';
import { falseAcceptNote } from './false-accept-note.ts';
import { TestPanel } from './test-panel.ts';
import { SnapshotsPanel } from './snapshots-panel.ts';
import { WalkAwaySetting } from './walk-away-setting.ts';

type SettingsPatch = Parameters<FaceUnlockApi['settings']['update']>[0];

/** A whole number within [min, max] typed in a number field, or null. */
function wholeNumberIn(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

class SettingsForm {
  private readonly fields = {
    lockOnStart: byId('lock-on-start', HTMLInputElement),
    idleMinutes: byId('idle-minutes', HTMLInputElement),
    startAtLogin: byId('start-at-login', HTMLInputElement),
    shortcut: byId('shortcut', HTMLInputElement),
    passwordHours: byId('password-hours', HTMLInputElement),
    camera: byId('camera', HTMLSelectElement),
  };
  private cameras: CameraInfo[] = [];
  private readonly status = byId('save-status', HTMLParagraphElement);
  private view: SettingsView | null = null;
  private sayTimer = 0;
  private readonly walkAway = new WalkAwaySetting({ update: (patch) => this.update(patch), say: (text, isError) => this.say(text, isError) });

  constructor(private readonly api: FaceUnlockApi) {
    const { lockOnStart, idleMinutes, startAtLogin, shortcut, passwordHours } = this.fields;
    lockOnStart.addEventListener('change', () => void this.update({ lockOnStart: lockOnStart.checked }));
    startAtLogin.addEventListener('change', () => void this.update({ startAtLogin: startAtLogin.checked }));
    this.onNumber(idleMinutes, 'idleLockMinutes', 0, 24 * 60, 'Idle minutes: a whole number from 0 to 1440');
    this.onNumber(passwordHours, 'passwordEveryHours', 1, 30 * 24, 'Password hours: a whole number from 1 to 720');
    shortcut.addEventListener('change', () => void this.update({ shortcut: shortcut.value.trim() }));
    this.fields.camera.addEventListener('change', () => void this.update({ cameraDeviceId: this.fields.camera.value }));
    for (const radio of this.livenessRadios()) {
      radio.addEventListener('change', () => {
        if (radio.checked) void this.update({ livenessMode: radio.value as LivenessMode });
      });
    }
    byId('settings-form', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
  }

  async load(): Promise<void> {
    try {
      this.render(await this.api.settings.get());
    } catch (error) {
      this.say(`Settings could not be read: ${errorMessage(error)}`, true);
    }
    await this.refreshCameras();
  }

  /** The camera the lock screen opens, '' for the system default. */
  get cameraDeviceId(): string {
    return this.view?.cameraDeviceId ?? '';
  }

  /** Re-reads the cameras (their names appear once the camera has been used). */
  async refreshCameras(): Promise<void> {
    this.cameras = await listCameras().catch(() => []);
    if (this.view) this.renderCameras(this.view.cameraDeviceId);
  }

  private onNumber(input: HTMLInputElement, key: 'idleLockMinutes' | 'passwordEveryHours', min: number, max: number, hint: string): void {
    input.addEventListener('change', () => {
      const value = wholeNumberIn(input.value, min, max);
      if (value === null) {
        this.say(hint, true);
        if (this.view) input.value = String(this.view[key]);
        return;
      }
      void this.update({ [key]: value });
    });
  }

  private async update(patch: SettingsPatch): Promise<void> {
    const currentPassword = byId('current-password', HTMLInputElement);
    try {
      const proof = currentPassword.value ? { currentPassword: currentPassword.value } : {};
      this.render(await this.api.settings.update({ ...patch, ...proof }));
      currentPassword.value = '';
      this.say('Saved', false);
    } catch (error) {
      this.say(`Not saved: ${errorMessage(error)}`, true);
      if (this.view) this.render(this.view);
    }
  }

  private render(view: SettingsView): void {
    this.view = view;
    const { lockOnStart, idleMinutes, startAtLogin, shortcut, passwordHours } = this.fields;
    lockOnStart.checked = view.lockOnStart;
    idleMinutes.value = String(view.idleLockMinutes);
    startAtLogin.checked = view.startAtLogin;
    shortcut.value = view.shortcut;
    passwordHours.value = String(view.passwordEveryHours);
    this.renderCameras(view.cameraDeviceId);
    this.walkAway.render(view);
    for (const radio of this.livenessRadios()) radio.checked = radio.value === view.livenessMode;
    show(byId('liveness-off-warning', HTMLParagraphElement), view.livenessMode === 'off');
    show(byId('keyring-warning', HTMLParagraphElement), view.weakKeyring);
    const problem = byId('problem', HTMLParagraphElement);
    setText(problem, view.problem ?? '');
    show(problem, view.problem !== undefined);
    setText(byId('threshold', HTMLOutputElement), view.thresholdCosine.toFixed(2));
    setText(byId('threshold-note', HTMLElement), falseAcceptNote(view));
    setText(byId('profile-status', HTMLParagraphElement), PROFILE_STATUS[view.profileState]);
    show(byId('profile-card', HTMLElement), view.profileState !== 'none');
    setText(byId('learned-status', HTMLElement), learnedStatus(view.learnedUnlocks));
    show(byId('learned-row', HTMLDivElement), view.learnedUnlocks !== undefined);
    byId('forget-learned', HTMLButtonElement).disabled = !view.learnedUnlocks;
  }

  /** "Forget what it learned": no password, it only returns the face to the enrolment. */
  async forgetLearned(): Promise<void> {
    try {
      this.render(await this.api.settings.forgetLearned());
      this.say('Your face is back to how it was enrolled', false);
    } catch (error) {
      this.say(`Not forgotten: ${errorMessage(error)}`, true);
    }
  }

  private renderCameras(chosen: string): void {
    const options = [new Option('System default', ''), ...this.cameras.map((camera, index) => new Option(camera.label || `Camera ${index + 1}`, camera.deviceId))];
    // A camera not plugged in now (or not listed before camera access) stays the choice.
    if (chosen && !this.cameras.some((camera) => camera.deviceId === chosen)) options.push(new Option('The camera enrolled with (not found now)', chosen));
    this.fields.camera.replaceChildren(...options);
    this.fields.camera.value = chosen;
  }

  private livenessRadios(): HTMLInputElement[] {
    return [...document.querySelectorAll<HTMLInputElement>('input[name="liveness"]')];
  }

  private say(text: string, isError: boolean): void {
    setText(this.status, text);
    this.status.classList.toggle('error-text', isError);
    window.clearTimeout(this.sayTimer);
    // "Saved" fades on its own; a refusal stays until the next change.
    if (!isError) this.sayTimer = window.setTimeout(() => setText(this.status, ''), 2500);
  }
}

/** The line about what the face learned from its unlocks. */
function learnedStatus(unlocks: number | undefined): string {
  if (!unlocks) return 'Your face is as it was enrolled.';
  return `Learned from ${unlocks} unlock${unlocks === 1 ? '' : 's'} since it was enrolled.`;
}

const PROFILE_STATUS: Record<SettingsView['profileState'], string> = {
  enrolled: 'A face is enrolled.',
  none: 'No face is enrolled yet: the lock screen asks for your password.',
  damaged: 'Your face profile is damaged: enrol again (with your current password). Until then the lock opens with your password only.',
};

function wireDeleteProfile(api: FaceUnlockApi, afterDelete: () => Promise<void>): void {
  const form = byId('delete-form', HTMLFormElement);
  const password = byId('delete-password', HTMLInputElement);
  const status = byId('delete-status', HTMLParagraphElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (password.value === '') {
      setText(status, 'Enter your current password to delete the profile');
      return;
    }
    const value = password.value;
    password.value = '';
    try {
      const result = await api.enrol.deleteProfile(value);
      setText(status, result.ok ? 'The face profile was deleted.' : (result.message ?? 'Wrong password'));
      if (result.ok) await afterDelete();
    } catch (error) {
      setText(status, errorMessage(error));
    }
  });
}

function main(): void {
  applyFieldLimits();
  const api = bridgeOrNotice();
  if (!api) return;
  const form = new SettingsForm(api);
  void form.load();
  new TestPanel(api, {
    video: byId('camera-video', HTMLVideoElement),
    overlay: byId('face-overlay', HTMLCanvasElement),
    previewBox: document.querySelector<HTMLElement>('.test-preview') ?? byId('camera-video', HTMLVideoElement),
    meter: byId('test-meter', HTMLDivElement),
    button: byId('test-button', HTMLButtonElement),
  }, { deviceId: () => form.cameraDeviceId, onOpened: () => void form.refreshCameras() });
  wireDeleteProfile(api, () => form.load());
  byId('forget-learned', HTMLButtonElement).addEventListener('click', () => void form.forgetLearned());
  void new SnapshotsPanel(api).load(); // Who tried while you were away (snapshots-panel.ts)
}

main();
