// Child process of kill-during-save.test.ts: opens the profile store the way the app does
// (real AES-256-GCM cipher), continues from whatever it loads and saves profiles back to
// back until it is killed. Protocol on stdout, one line each:
//   `saving <n>`  the store loaded record n (0: empty) and the loop starts now
//   `<n>`         save(record n) has resolved: the parent may hold us to it
// Usage: node --import tsx e2e/reliability/save-loop.ts <dir> <key hex> <password hash JSON>
import { isWellFormedPasswordHash } from '../../main/profile/password.ts';
import { ProfileStore } from '../../main/profile/profile-store.ts';
import { claimedSeq, recordFor } from './save-record.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';

const [dir, keyHex, passwordJson] = process.argv.slice(2);
if (!dir || !keyHex || !passwordJson) {
  process.stderr.write('usage: save-loop.ts <dir> <key hex> <password hash JSON>\n');
  process.exit(64);
}
const password: unknown = JSON.parse(passwordJson);
if (!isWellFormedPasswordHash(password)) {
  process.stderr.write('save-loop: the password hash is malformed\n');
  process.exit(64);
}

const store = await ProfileStore.open({ dir, cipher: createAesGcmCipher(Buffer.from(keyHex, 'hex')) });
const loaded = await store.load();
let seq = 0;
if (loaded.status === 'ok' || loaded.status === 'recoveredFromBackup') {
  const claimed = claimedSeq(loaded.profile);
  if (claimed === null) {
    process.stderr.write('save-loop: the stored profile is not one of ours\n');
    process.exit(2);
  }
  seq = claimed;
} else if (loaded.status === 'corrupt') {
  process.stderr.write(`save-loop: the store is corrupt: ${loaded.problem}\n`);
  process.exit(2);
}

// A line is written only after save resolved; one the kill cuts off only makes the parent expect less.
process.stdout.write(`saving ${seq}\n`);
for (;;) {
  seq += 1;
  await store.save(recordFor(seq, password));
  process.stdout.write(`${seq}\n`);
}
