// App-wide hardening: our pages only, no navigation, no new windows, no webviews,
// and the camera as the one permission, for our own pages.
import { app, session, type WebContents } from 'electron';
import { allowsPermission, allowsRequest } from './permission-rules.ts';

export function hardenApp(isOurPage: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOurPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  const allowCamera = (permission: string, url: string, mediaTypes?: readonly string[]) =>
    allowsPermission(permission, url, isOurPage, mediaTypes);
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowCamera(permission, details.requestingUrl ?? contents.getURL(), mediaTypes));
  });
  // A file:// page's origin is just "file://": judge the checks by the page's URL instead.
  session.defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) =>
    allowCamera(permission, details.requestingUrl ?? contents?.getURL() ?? '', details.mediaType ? [details.mediaType] : undefined),
  );
  // Nothing remote, ever: our pages are local files.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !allowsRequest(details.url, isOurPage) });
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
