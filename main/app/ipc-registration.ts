// Registers the plain IPC handlers with ipcMain, passing who called: the handlers
// check the sender frame themselves, so the Chromium tests exercise the same check.
import { app, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { IpcHandlers } from '../ipc/handlers.ts';

export function registerIpcHandlers(ipc: IpcHandlers): () => void {
  const channels = Object.keys(ipc.handlers);
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
      ipc.handlers[channel](payload, { senderId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' }),
    );
  }
  // Every unlock destroys the overlay and prepares a new one, with a new webContents id: without
  // this, the frame rate limiter would keep one entry per lock for as long as the app runs.
  const forgetWhenDestroyed = (_event: unknown, contents: WebContents) => {
    const senderId = contents.id; // read now: a destroyed webContents throws on use
    contents.once('destroyed', () => ipc.forgetSender(senderId));
  };
  app.on('web-contents-created', forgetWhenDestroyed);
  return () => {
    channels.forEach((channel) => ipcMain.removeHandler(channel));
    app.off('web-contents-created', forgetWhenDestroyed);
  };
}
