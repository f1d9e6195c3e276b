// electron-vite resolves `?asset` imports in the main process to a file path that works
// in development and in the packaged app.
declare module '*?asset' {
  const path: string;
  export default path;
}
