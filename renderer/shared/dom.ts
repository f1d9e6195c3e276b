// Small DOM helpers shared by the pages, and the one way a page reaches main.
import { MAX_PASSWORD_LENGTH, MAX_SHORTCUT_LENGTH, type FaceUnlockApi } from '../../preload/api.ts';
import { MISSING_BRIDGE_SENTENCE } from './messages.ts';

/** The element with `id`, of the expected kind, or a thrown error naming it (a page/markup mismatch). */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`#${id} is missing or not a ${kind.name}`);
  return element;
}

/**
 * The preload's API, or null after replacing the page with a plain notice: outside
 * the app there is nobody to ask, so the page does nothing (it fails closed).
 */
export function bridgeOrNotice(): FaceUnlockApi | null {
  const api = (window as Window & { faceUnlock?: FaceUnlockApi }).faceUnlock;
  if (api && typeof api === 'object') return api;
  const notice = document.createElement('main');
  notice.className = 'missing-bridge';
  const sentence = document.createElement('p');
  sentence.textContent = MISSING_BRIDGE_SENTENCE;
  notice.append(sentence);
  document.body.replaceChildren(notice);
  return null;
}

/** The input limits main enforces, on the page's fields too (one source: preload/api.ts). */
export function applyFieldLimits(root: ParentNode = document): void {
  for (const field of root.querySelectorAll<HTMLInputElement>('input[type="password"]')) field.maxLength = MAX_PASSWORD_LENGTH;
  for (const field of root.querySelectorAll<HTMLInputElement>('input[data-limit="shortcut"]')) field.maxLength = MAX_SHORTCUT_LENGTH;
}

export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Hidden through the `hidden` attribute, so CSS never has to know. */
export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Electron prefixes rejected invoke() calls with the channel; the user needs only the reason.
  return text.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
}
