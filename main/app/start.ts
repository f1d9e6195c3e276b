// Starting Face Unlock as its main process does: one instance, started in the tray. main/index.ts
// is only this call; the Electron end-to-end tests' own entry (test-support) makes it too.
import { app, dialog } from 'electron';
import { FaceUnlockApp } from './face-unlock-app.ts';

/** Resolves to the running app, or null when another instance runs or the start failed (said in a dialog). */
export async function startFaceUnlock(): Promise<FaceUnlockApp | null> {
  // Tests (and careful users) can keep a separate profile folder.
  if (process.env.FACE_UNLOCK_USER_DATA) app.setPath('userData', process.env.FACE_UNLOCK_USER_DATA);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.dock?.hide();
  try {
    await app.whenReady();
    return await FaceUnlockApp.start();
  } catch (error) {
    // Nothing was locked yet, so failing to start leaves the desktop as it was.
    dialog.showErrorBox('Face Unlock could not start', (error as Error).message);
    app.exit(1);
    return null;
  }
}
