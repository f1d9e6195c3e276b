// Face Unlock's main process entry: one instance, started in the tray.
import { app, dialog } from 'electron';
import { FaceUnlockApp } from './app/face-unlock-app.ts';

// Tests (and careful users) can keep a separate profile folder.
if (process.env.FACE_UNLOCK_USER_DATA) app.setPath('userData', process.env.FACE_UNLOCK_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.dock?.hide();
  app
    .whenReady()
    .then(() => FaceUnlockApp.start())
    .then((shell) => {
      // The Electron end-to-end tests drive what no page can reach: the tray's actions.
      if (process.env.FACE_UNLOCK_E2E === '1') Object.assign(globalThis, { faceUnlockE2E: shell.testHooks() });
    })
    .catch((error: Error) => {
      // Nothing was locked yet, so failing to start leaves the desktop as it was.
      dialog.showErrorBox('Face Unlock could not start', error.message);
      app.exit(1);
    });
}
