// Registers the plain IPC handlers with ipcMain, passing who called: the handlers
// check the sender frame themselves, so the Chromium tests exercise the same check.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcHandlers } from '../ipc/handlers.ts';

export function registerIpcHandlers(ipc: IpcHandlers): () => void {
  const channels = Object.keys(ipc.handlers);
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
      ipc.handlers[channel](payload, { senderId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' }),
    );
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}
