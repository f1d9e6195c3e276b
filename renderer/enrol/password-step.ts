// The password step. Starting over sets a new fallback password (typed twice); adding
// an appearance to an existing profile is confirmed with the current one.
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type EnrolBegin } from '../../preload/api.ts';
import { setText, show } from '../shared/dom.ts';

export function newPasswordProblem(first: string, second: string): string | null {
  if (first.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (first.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  if (first !== second) return 'The two passwords differ';
  return null;
}

export interface PasswordStepElements {
  form: HTMLFormElement;
  title: HTMLElement;
  intro: HTMLElement;
  first: HTMLInputElement;
  secondLabel: HTMLElement;
  second: HTMLInputElement;
  message: HTMLElement;
}

export class PasswordStep {
  private mode: EnrolBegin['mode'] = 'replace';

  constructor(
    private readonly elements: PasswordStepElements,
    onAccepted: (password: string) => void,
  ) {
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const password = this.check();
      if (password !== null) onAccepted(password);
    });
    for (const input of [elements.first, elements.second]) {
      input.addEventListener('input', () => setText(elements.message, ''));
    }
  }

  prepare(mode: EnrolBegin['mode']): void {
    this.mode = mode;
    const { title, intro, first, second, secondLabel, message } = this.elements;
    const confirming = mode === 'addAppearance';
    setText(title, confirming ? 'Confirm with your password' : 'Choose a password');
    setText(
      intro,
      confirming
        ? 'Enter your current Face Unlock password to add this appearance.'
        : 'The password always unlocks, also when the camera or face recognition cannot.',
    );
    first.autocomplete = confirming ? 'current-password' : 'new-password';
    show(secondLabel, !confirming);
    show(second, !confirming);
    first.value = '';
    second.value = '';
    setText(message, '');
    first.focus();
  }

  /** Clears the fields so the password does not linger in the page. */
  clear(): void {
    this.elements.first.value = '';
    this.elements.second.value = '';
  }

  private check(): string | null {
    const { first, second, message } = this.elements;
    const problem =
      this.mode === 'addAppearance'
        ? first.value === ''
          ? 'Enter your password'
          : null
        : newPasswordProblem(first.value, second.value);
    setText(message, problem ?? '');
    if (problem) {
      (problem === 'The two passwords differ' ? second : first).focus();
      return null;
    }
    return first.value;
  }
}
