// A Vite plugin that builds MediaPipe Tasks without its usage logger, so the detector never
// tries to reach Google.
//
// @mediapipe/tasks-vision 1.1.0 gives every task a logger (createTaskRunner() calls
// enableLogging(), inlined in vision_bundle.mjs) that POSTs usage metrics to
// https://odml.pa.googleapis.com/v1/log with the API key the wasm exports
// (_mediapipeLoggerGetEncodedApiKey). Measured in Chromium: the attempt comes 60 s after the
// detector loads (its setInterval) and at once when the task is closed (the pages close it
// on pagehide); the pages' CSP refuses it, but a lock screen must not even try. The package
// has no switch for it: TaskRunnerOptions holds baseOptions only and enableLogging() always
// builds the logger. The wasm loader is no place for it either: served without that export,
// the logger POSTs with an empty key (measured). So this plugin removes the logger's creation
// from the installed bundle, at build time; nothing in node_modules is modified. The
// task then runs with no logger, a state its code already handles: upstream declares
// `logger?: TaskLogger` and only ever calls it as `this.logger?.…` or behind `if (this.logger)`
// (mediapipe/tasks/web/core/task_runner.ts).
//
// The build fails if that code is not found (a new MediaPipe version: look again where
// vision_bundle.mjs names odml.pa.googleapis.com) or if the endpoint is still in the output.
import type { Plugin } from 'vite';

const ENDPOINT = 'odml.pa.googleapis.com';
const TASKS_VISION = /[\\/]node_modules[\\/]@mediapipe[\\/]tasks-vision[\\/]/;
/**
 * enableLogging()'s body as minified in 1.1.0,
 *   e=e.runningMode??"";var r=t.h.Ta();t.o=new Uh(t.D(),e,r)
 * i.e. runningMode = options.runningMode ?? ''; apiKey = this.graphRunner.getMediapipeApiKey();
 * this.logger = createTasksLogger(this.getTaskName(), runningMode, apiKey).
 */
const ENABLE_LOGGING = /(\w+)=\1\.runningMode\?\?"";var (\w+)=(\w+)\.\w+\.\w+\(\);\3\.\w+=new \w+\(\3\.\w+\(\),\1,\2\)/g;

export function mediapipeWithoutTelemetry(): Plugin {
  return {
    name: 'face-unlock:mediapipe-without-telemetry',
    enforce: 'pre',
    transform(code, id) {
      if (!TASKS_VISION.test(id) || !code.includes(ENDPOINT)) return null;
      const found = code.match(ENABLE_LOGGING)?.length ?? 0;
      if (found !== 1) {
        this.error(`${id}: expected MediaPipe's enableLogging() once, found it ${found} times; the usage logger would stay on`);
      }
      return { code: code.replace(ENABLE_LOGGING, ''), map: null };
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        // A source map carries the original sources, which it may; it is never run.
        if (file.fileName.endsWith('.map')) continue;
        const text = file.type === 'chunk' ? file.code : typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
        if (text.includes(ENDPOINT)) this.error(`${file.fileName} still names ${ENDPOINT}: MediaPipe's usage logger is in the build`);
      }
    },
  };
}
