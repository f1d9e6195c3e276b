// Settings' "Who tried while you were away": the switch (off by default) and the snapshots of
// refused face attempts main kept, each with when and what the lock said, to delete one by one
// or all. No password: deleting only removes data. The images arrive as RGB bytes and are
// drawn into canvases, so the page's CSP needs nothing new (no blob: or data: image is made).
import { CONTEXT_CROP_SIZE, type FaceUnlockApi, type RefusedAttempt, type RefusedAttemptsView } from '../../preload/api.ts';
import { feedbackSentence } from '../../preload/feedback.ts';
import { byId, errorMessage, setText, show } from '../shared/dom.ts';
import { rgbToCanvas } from '../shared/rgb-canvas.ts';

/** The panel's own sentences (the reasons are the lock's, from preload/feedback.ts). */
export const SNAPSHOT_PANEL_SENTENCES = Object.freeze({
  unreadable: 'A snapshot that could not be read (damaged, or sealed under another keyring)',
  loadFailed: 'The snapshots could not be read',
  notDone: 'Not done',
  deletedAll: 'All snapshots were deleted',
  deletedOne: 'The snapshot was deleted',
});

/** What the switch's note says: what is kept, where, how many. */
export function keepingNote(maxKept: number): string {
  return `Off unless you turn it on. Each refused attempt keeps one small picture, its time and why it was refused, sealed on this computer like your face profile; the latest ${maxKept} are kept. Never a picture of an unlock.`;
}

/** "The lock said: “Not recognised”". */
export function reasonLine(attempt: Pick<RefusedAttempt, 'reason'>): string {
  return `The lock said: “${feedbackSentence(attempt.reason)}”`;
}

export class SnapshotsPanel {
  private readonly keep = byId('refused-keep', HTMLInputElement);
  private readonly list = byId('refused-list', HTMLUListElement);
  private readonly status = byId('refused-status', HTMLParagraphElement);
  private readonly deleteAll = byId('refused-delete-all', HTMLButtonElement);

  constructor(private readonly api: FaceUnlockApi) {
    this.keep.addEventListener('change', () => void this.run(() => this.api.refusedAttempts.setKeeping(this.keep.checked)));
    this.deleteAll.addEventListener('click', () => void this.run(() => this.api.refusedAttempts.deleteAll(), SNAPSHOT_PANEL_SENTENCES.deletedAll));
  }

  async load(): Promise<void> {
    await this.run(() => this.api.refusedAttempts.get(), '', SNAPSHOT_PANEL_SENTENCES.loadFailed);
  }

  /** One call to main; the panel shows what main answers, or why it could not. */
  private async run(call: () => Promise<RefusedAttemptsView>, done = '', failed: string = SNAPSHOT_PANEL_SENTENCES.notDone): Promise<void> {
    try {
      this.render(await call());
      this.say(done, false);
    } catch (error) {
      this.say(`${failed}: ${errorMessage(error)}`, true);
      this.keep.checked = this.keep.dataset.saved === 'true';
    }
  }

  private render(view: RefusedAttemptsView): void {
    this.keep.checked = view.keeping;
    this.keep.dataset.saved = String(view.keeping);
    setText(byId('refused-note', HTMLElement), keepingNote(view.maxKept));
    const problem = byId('refused-problem', HTMLParagraphElement);
    setText(problem, view.problem ?? '');
    show(problem, view.problem !== undefined);
    const items = [...view.attempts.map((attempt) => this.attemptItem(attempt)), ...view.unreadableIds.map((id) => this.unreadableItem(id))];
    this.list.replaceChildren(...items);
    show(byId('refused-empty', HTMLParagraphElement), items.length === 0);
    this.deleteAll.disabled = items.length === 0;
  }

  private attemptItem(attempt: RefusedAttempt): HTMLLIElement {
    const when = new Date(attempt.atMs).toLocaleString();
    const picture = rgbToCanvas(attempt.contextCrop, CONTEXT_CROP_SIZE, CONTEXT_CROP_SIZE);
    picture.className = 'refused-picture';
    picture.setAttribute('role', 'img');
    picture.setAttribute('aria-label', `Refused attempt, ${when}`);
    const text = document.createElement('span');
    text.className = 'refused-text';
    const time = document.createElement('time');
    time.dateTime = new Date(attempt.atMs).toISOString();
    time.textContent = when;
    const reason = document.createElement('small');
    reason.className = 'refused-reason';
    reason.textContent = reasonLine(attempt);
    text.append(time, reason);
    return this.item(attempt.id, [picture, text], `Delete the snapshot of ${when}`);
  }

  private unreadableItem(id: string): HTMLLIElement {
    const text = document.createElement('span');
    text.className = 'refused-text refused-unreadable';
    text.textContent = SNAPSHOT_PANEL_SENTENCES.unreadable;
    return this.item(id, [text], 'Delete the snapshot that could not be read');
  }

  private item(id: string, content: HTMLElement[], deleteLabel: string): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'refused-item';
    item.dataset.id = id;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Delete';
    remove.setAttribute('aria-label', deleteLabel);
    remove.addEventListener('click', () => void this.run(() => this.api.refusedAttempts.delete(id), SNAPSHOT_PANEL_SENTENCES.deletedOne));
    item.append(...content, remove);
    return item;
  }

  private say(text: string, isError: boolean): void {
    setText(this.status, text);
    this.status.classList.toggle('error-text', isError);
  }
}
