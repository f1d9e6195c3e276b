// Import this before anything that imports `electron` (dynamically: static imports are
// all resolved before any module runs). Hooks registered after tsx's run first, so
// ours answer `electron` and `?asset`, and tsx still compiles the stand-in's TypeScript.
import { register } from 'node:module';

register('./hooks.ts', import.meta.url);
