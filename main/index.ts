// Face Unlock's main process entry: one instance, started in the tray (main/app/start.ts).
import { startFaceUnlock } from './app/start.ts';

void startFaceUnlock();
