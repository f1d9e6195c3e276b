// Which permission requests our windows grant: the camera, never the microphone, and only
// to our own pages. (Kept free of Electron so that it is tested under Node.)

/**
 * Electron's first media check carries no media type and device enumeration checks with
 * 'unknown': both are allowed for our pages, audio never is.
 */
export function allowsPermission(permission: string, url: string, isOurPage: (url: string) => boolean, mediaTypes: readonly string[] = []): boolean {
  return permission === 'media' && isOurPage(url) && mediaTypes.every((type) => type !== 'audio');
}

/** Requests the session lets through: our own pages and their assets, in-memory data; nothing remote, no other file. */
export function allowsRequest(url: string, isOurPage: (url: string) => boolean): boolean {
  return ['data:', 'blob:', 'devtools:'].some((scheme) => url.startsWith(scheme)) || isOurPage(url);
}
