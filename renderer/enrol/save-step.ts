// The save step: main stores the profile (and, when starting over, the password);
// the page says plainly whether that worked.
import type { FaceUnlockApi } from '../../preload/api.ts';
import { byId, errorMessage, setText, show } from '../shared/dom.ts';

export async function saveAndReport(api: FaceUnlockApi, password: string): Promise<boolean> {
  const title = byId('save-title', HTMLElement);
  const message = byId('save-message', HTMLParagraphElement);
  const retry = byId('save-retry-button', HTMLButtonElement);
  const close = byId('close-button', HTMLButtonElement);
  setText(title, 'Saving…');
  setText(message, '');
  show(retry, false);
  show(close, false);
  let result: { ok: boolean; message?: string };
  try {
    result = await api.enrol.save(password);
  } catch (error) {
    result = { ok: false, message: errorMessage(error) };
  }
  if (result.ok) {
    setText(title, 'Face Unlock is ready');
    setText(message, 'Next time the screen locks, just look at the camera. Your password still works too.');
  } else {
    setText(title, 'Could not save');
    setText(message, result.message || 'Something went wrong while saving.');
    show(retry, true);
  }
  show(close, true);
  return result.ok;
}
