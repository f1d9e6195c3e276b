// The Electron end-to-end tests' main process entry (e2e/electron-app.test.ts builds it with
// electron-e2e.vite.config.ts): the app started exactly as main/index.ts starts it, plus
// what no page can reach, the tray's actions and state, through FaceUnlockApp's public
// methods. Test code only: the shipped entry, main/index.ts, has no such hooks.
import { startFaceUnlock } from '../main/app/start.ts';

void startFaceUnlock().then((shell) => {
  if (!shell) return;
  Object.assign(globalThis, {
    faceUnlockE2E: {
      lockNow: () => shell.lockNow('user'),
      isLocked: () => shell.isLocked(),
      trayMenuLabels: () => shell.trayMenu().map((item) => ({ label: item.label ?? '', enabled: item.enabled !== false })),
      setStartAtLogin: (enabled: boolean) => shell.setStartAtLogin(enabled),
    },
  });
});
