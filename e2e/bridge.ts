// The test stand-in for preload/index.ts + ipcMain: installs `window.faceUnlock` with
// exactly the FaceUnlockApi shape in a Playwright page and forwards every call, by its
// CHANNELS name, to a handler in Node (the same handler functions main registers).
// Uint8Arrays do not survive Playwright's serialisation, so both sides wrap them as
// { __bytes: base64 } on the way out and unwrap them on the way in.
import type { Page } from 'playwright-core';
import { CHANNELS, type FaceUnlockApi, type LockView } from '../preload/api.ts';

export interface BridgeContext {
  senderId: number;
  frameUrl: string;
}

export type BridgeHandler = (payload: unknown, context: BridgeContext) => Promise<unknown>;
export type BridgeHandlers = Record<string, BridgeHandler>;

export interface BridgeOptions {
  /** The sender id every call reports (the webContents id in the app). */
  senderId?: number;
}

export const DEFAULT_SENDER_ID = 1;
const BINDING_NAME = '__faceUnlockInvoke';
const PUSH_VIEW_NAME = '__faceUnlockPushView';

interface EncodedBytes {
  __bytes: string;
}

/** Replaces every Uint8Array in `value` by { __bytes: base64 } (plain data only). */
export function encodeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return { __bytes: Buffer.from(value).toString('base64') } satisfies EncodedBytes;
  if (Array.isArray(value)) return value.map(encodeBytes);
  if (isPlainRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBytes(v)]));
  return value;
}

/** Turns every { __bytes: base64 } in `value` back into a real Uint8Array. */
export function decodeBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBytes);
  if (isPlainRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '__bytes' && typeof value.__bytes === 'string') {
      return new Uint8Array(Buffer.from(value.__bytes, 'base64'));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeBytes(v)]));
  }
  return value;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Installs the bridge; call before page.goto. Calls on channels without a handler reject. */
export async function installBridge(page: Page, handlers: BridgeHandlers, options: BridgeOptions = {}): Promise<void> {
  const senderId = options.senderId ?? DEFAULT_SENDER_ID;
  await page.exposeBinding(BINDING_NAME, async (source, channel: unknown, payload: unknown) => {
    const handler = typeof channel === 'string' && Object.hasOwn(handlers, channel) ? handlers[channel] : undefined;
    if (!handler) throw new Error(`No handler for channel ${String(channel)}`);
    const result = await handler(decodeBytes(payload), { senderId, frameUrl: source.frame.url() });
    return encodeBytes(result);
  });
  const args: ShimArgs = { channels: CHANNELS, bindingName: BINDING_NAME, pushViewName: PUSH_VIEW_NAME };
  // Sent as source text: tsx compiles with keepNames, whose __name() helper the page lacks.
  const content = `(() => { const __name = (target) => target; (${pageShim.toString()})(${JSON.stringify(args)}); })();`;
  await page.addInitScript({ content });
}

/** Delivers `view` to every onView listener in the page, as main's push would. */
export async function pushView(page: Page, view: LockView): Promise<void> {
  await page.evaluate(
    ({ name, view }) => {
      const push = (window as unknown as Record<string, ((view: unknown) => void) | undefined>)[name];
      if (!push) throw new Error('the Face Unlock bridge is not installed in this page');
      push(view);
    },
    { name: PUSH_VIEW_NAME, view },
  );
}

interface ShimArgs {
  channels: typeof CHANNELS;
  bindingName: string;
  pushViewName: string;
}

// Runs inside the page before its scripts: everything it uses must be defined here.
function pageShim({ channels, bindingName, pushViewName }: ShimArgs): void {
  const encode = (value: unknown): unknown => {
    if (value instanceof Uint8Array) {
      let binary = '';
      for (let i = 0; i < value.length; i += 0x8000) {
        binary += String.fromCharCode(...value.subarray(i, i + 0x8000));
      }
      return { __bytes: btoa(binary) };
    }
    if (Array.isArray(value)) return value.map(encode);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
    }
    return value;
  };
  const decode = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(decode);
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === '__bytes' && typeof record.__bytes === 'string') {
        return Uint8Array.from(atob(record.__bytes), (c) => c.charCodeAt(0));
      }
      return Object.fromEntries(keys.map((k) => [k, decode(record[k])]));
    }
    return value;
  };
  const invoke = async (channel: string, payload?: unknown): Promise<never> => {
    // Looked up per call: the order of Playwright's init scripts is not defined.
    const binding = (window as unknown as Record<string, (c: string, p: unknown) => Promise<unknown>>)[bindingName];
    return decode(await binding(channel, encode(payload))) as never;
  };
  const listeners = new Set<(view: LockView) => void>();
  // Typed against the contract, so a change in api.ts that the shim misses fails the type-check.
  const api: FaceUnlockApi = {
    lock: {
      getView: () => invoke(channels.lockGetView),
      submitFrame: (frame) => invoke(channels.lockSubmitFrame, frame),
      submitPassword: (password) => invoke(channels.lockSubmitPassword, password),
      reportCameraProblem: (problem) => invoke(channels.lockReportCameraProblem, problem),
      onView: (listener) => {
        // Like ipcRenderer.on: the same function twice is two subscriptions, each with its own remover.
        const forward = (view: LockView) => listener(view);
        listeners.add(forward);
        return () => void listeners.delete(forward);
      },
    },
    enrol: {
      begin: (options) => invoke(channels.enrolBegin, options),
      addFrame: (frame) => invoke(channels.enrolAddFrame, frame),
      review: () => invoke(channels.enrolReview),
      test: (frame) => invoke(channels.enrolTest, frame),
      save: (password) => invoke(channels.enrolSave, password),
      deleteProfile: (password) => invoke(channels.enrolDeleteProfile, password),
      cancel: () => invoke(channels.enrolCancel),
    },
    recognition: {
      test: (frame) => invoke(channels.recognitionTest, frame),
    },
    settings: {
      get: () => invoke(channels.settingsGet),
      update: (patch) => invoke(channels.settingsUpdate, patch),
      forgetLearned: () => invoke(channels.settingsForgetLearned),
    },
    presence: {
      submitFrame: (report) => invoke(channels.presenceSubmitFrame, report),
      reportCameraProblem: (problem) => invoke(channels.presenceReportCameraProblem, problem),
    },
    refusedAttempts: {
      get: () => invoke(channels.refusedAttemptsGet),
      setKeeping: (keep) => invoke(channels.refusedAttemptsSetKeeping, keep),
      delete: (id) => invoke(channels.refusedAttemptsDelete, id),
      deleteAll: () => invoke(channels.refusedAttemptsDeleteAll),
    },
  };
  const freezeDeep = <T extends object>(object: T): T => {
    for (const value of Object.values(object)) if (typeof value === 'object') freezeDeep(value);
    return Object.freeze(object);
  };
  Object.defineProperty(window, 'faceUnlock', { value: freezeDeep(api), enumerable: true });
  Object.defineProperty(window, pushViewName, {
    value: (view: unknown) => {
      for (const listener of [...listeners]) listener(decode(view) as LockView);
    },
  });
}
