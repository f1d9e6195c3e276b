// App-wide hardening: our pages only, no navigation, no new windows, no webviews,
// and the camera as the one permission, for our own pages.
import { app, session, type WebContents } from 'electron';

export function hardenApp(isOurPage: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOurPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  const allowCamera = (permission: string, url: string, mediaTypes: readonly string[] = ['video']) =>
    permission === 'media' && isOurPage(url) && mediaTypes.every((type) => type === 'video');
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowCamera(permission, details.requestingUrl ?? contents.getURL(), mediaTypes));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permission === 'media' && isOurPage(requestingOrigin),
  );
  // Nothing remote, ever: our pages are local files.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const local = ['file:', 'data:', 'blob:', 'devtools:'].some((scheme) => url.startsWith(scheme));
    callback({ cancel: !(local || isOurPage(url)) });
  });
}

/** Web preferences of every window we open. */
export function secureWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !process.env.FACE_UNLOCK_NO_DEVTOOLS && !app.isPackaged,
  };
}
