// Exposes exactly the contract of api.ts to the renderer, nothing more: every call
// is one ipcRenderer.invoke on its own channel; main validates what arrives.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type FaceUnlockApi, type LockView } from './api.ts';

const api: FaceUnlockApi = {
  lock: {
    getView: () => ipcRenderer.invoke(CHANNELS.lockGetView),
    submitFrame: (frame) => ipcRenderer.invoke(CHANNELS.lockSubmitFrame, frame),
    submitPassword: (password) => ipcRenderer.invoke(CHANNELS.lockSubmitPassword, password),
    reportCameraProblem: (problem) => ipcRenderer.invoke(CHANNELS.lockReportCameraProblem, problem),
    onView: (listener) => {
      const forward = (_event: IpcRendererEvent, view: LockView) => listener(view);
      ipcRenderer.on(CHANNELS.lockViewChanged, forward);
      return () => ipcRenderer.removeListener(CHANNELS.lockViewChanged, forward);
    },
  },
  enrol: {
    begin: (options) => ipcRenderer.invoke(CHANNELS.enrolBegin, options),
    addFrame: (frame) => ipcRenderer.invoke(CHANNELS.enrolAddFrame, frame),
    review: () => ipcRenderer.invoke(CHANNELS.enrolReview),
    test: (frame) => ipcRenderer.invoke(CHANNELS.enrolTest, frame),
    save: (password) => ipcRenderer.invoke(CHANNELS.enrolSave, password),
    cancel: () => ipcRenderer.invoke(CHANNELS.enrolCancel),
    deleteProfile: (password) => ipcRenderer.invoke(CHANNELS.enrolDeleteProfile, password),
  },
  recognition: {
    test: (frame) => ipcRenderer.invoke(CHANNELS.recognitionTest, frame),
  },
  settings: {
    get: () => ipcRenderer.invoke(CHANNELS.settingsGet),
    update: (patch) => ipcRenderer.invoke(CHANNELS.settingsUpdate, patch),
    forgetLearned: () => ipcRenderer.invoke(CHANNELS.settingsForgetLearned),
  },
  presence: {
    submitFrame: (report) => ipcRenderer.invoke(CHANNELS.presenceSubmitFrame, report),
    reportCameraProblem: (problem) => ipcRenderer.invoke(CHANNELS.presenceReportCameraProblem, problem),
  },
  refusedAttempts: {
    get: () => ipcRenderer.invoke(CHANNELS.refusedAttemptsGet),
    setKeeping: (keep) => ipcRenderer.invoke(CHANNELS.refusedAttemptsSetKeeping, keep),
    delete: (id) => ipcRenderer.invoke(CHANNELS.refusedAttemptsDelete, id),
    deleteAll: () => ipcRenderer.invoke(CHANNELS.refusedAttemptsDeleteAll),
  },
};

contextBridge.exposeInMainWorld('faceUnlock', api);
