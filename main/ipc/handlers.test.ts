import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHANNELS } from '../../preload/api.ts';
import { FaceUnlockCore } from '../core/face-unlock-core.ts';
import { createIpcHandlers } from './handlers.ts';
import { PayloadError } from './validate.ts';
import { PlainCipher } from '../../test-support/ciphers.ts';

const ORIGIN = 'http://pages.test/';
const WIZARD = { senderId: 2, frameUrl: `${ORIGIN}enrol/index.html` };

test('the wizard’s calls answer nothing while locked: review, test and cancel included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-handlers-'));
  const core = await FaceUnlockCore.createFromOptions({ dataDir: dir, cipher: new PlainCipher(), modelsDir: join(dir, 'no-models') });
  const ipc = createIpcHandlers({ core, trustedOrigins: [ORIGIN] });
  try {
    core.lock.lock('user');
    for (const channel of [CHANNELS.enrolBegin, CHANNELS.enrolAddFrame, CHANNELS.enrolReview, CHANNELS.enrolTest, CHANNELS.enrolSave, CHANNELS.enrolCancel]) {
      await assert.rejects(ipc.handlers[channel]({}, WIZARD), (error: unknown) => error instanceof PayloadError && /locked/.test(error.message), channel);
    }
    assert.equal(ipc.rejectedCount, 6);
  } finally {
    ipc.dispose();
    await core.dispose();
  }
});
