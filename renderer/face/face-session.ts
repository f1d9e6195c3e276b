// Camera + detector + frame loop for one page: start shows the camera in the page's
// <video> and feeds each analysed frame to the page; stop releases the camera at
// once. The detector (wasm and model) loads once and is kept between sessions; prepare
// loads and warms it ahead, so that a page opened before it is needed (the lock overlay)
// spends nothing on it once the camera opens.
import type { CameraProblem } from '../../preload/api.ts';
import { Camera, cameraProblemOf } from './camera.ts';
import { FACE_ASSETS } from './face-assets.ts';
import { FaceFinder } from './face-detector.ts';
import { FrameAnalyser, type FrameAnalysis } from './frame-analyser.ts';
import { FrameLoop } from './frame-loop.ts';
import { FACE_SESSION_MARKS } from './session-marks.ts';

export interface FaceSessionOptions {
  video: HTMLVideoElement;
  onFrame: (analysis: FrameAnalysis) => void | Promise<void>;
  /** The camera failed or went away; a damaged detector model is 'model', any other detector failure 'other'. */
  onProblem: (problem: CameraProblem) => void;
  framesPerSecond?: number;
}

/** The camera frame the warm-up runs on: the size Camera asks for. */
const WARM_UP_FRAME = { width: 640, height: 480 } as const;
/**
 * Detections the warm-up runs. In Chromium on 2 cores the first detections of a fresh page
 * took 327, 32 and 23 ms, settling at ~10 ms (the face harness on short_live's frames, as
 * `npm run bench` prepares its owner): a few rounds let the wasm tier up before the owner's
 * first frame.
 */
const WARM_UP_ROUNDS = 5;

export class FaceSession {
  private detector: Promise<{ finder: FaceFinder; analyser: FrameAnalyser }> | null = null;
  private warm: Promise<void> | null = null;
  private camera: Camera | null = null;
  private loop: FrameLoop | null = null;
  // Bumped by every start/stop so that a start still awaiting the camera gives up.
  private request = 0;

  constructor(private readonly options: FaceSessionOptions) {}

  get isActive(): boolean {
    return this.camera?.isOpen ?? false;
  }

  get deviceId(): string {
    return this.camera?.deviceId ?? '';
  }

  /**
   * Loads and warms the detector without opening the camera. Resolves false when it failed
   * (start tries again and reports the problem).
   */
  prepare(): Promise<boolean> {
    this.warm ??= this.loadDetector().then(async ({ analyser }) => {
      // A round at a time, letting the page breathe between them; once a session runs, its
      // own frames warm the detector and the blank rounds would only delay them.
      for (let round = 0; round < WARM_UP_ROUNDS && !this.loop; round++) {
        analyser.warmUp(WARM_UP_FRAME.width, WARM_UP_FRAME.height);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      performance.mark(FACE_SESSION_MARKS.detectorReady);
    });
    const warm = this.warm;
    return warm.then(
      () => true,
      (error: unknown) => {
        if (this.warm === warm) this.warm = null;
        console.error('the face detector could not be prepared', error);
        return false;
      },
    );
  }

  /**
   * Resolves true once frames flow, false after onProblem or when stopped meanwhile.
   * `deviceId` absent or '' opens the system default; with `fallbackToDefault` a missing device does too.
   */
  async start(deviceId?: string, { fallbackToDefault = false } = {}): Promise<boolean> {
    this.stop();
    const request = ++this.request;
    const video = this.options.video;
    let camera: Camera;
    try {
      const detector = this.loadDetector();
      camera = await Camera.open({ deviceId: deviceId || undefined, fallbackToDefault, onProblem: (problem) => this.fail(request, problem) });
      if (request !== this.request) {
        camera.stop();
        return false;
      }
      this.camera = camera;
      await camera.attachTo(video);
      if (request !== this.request) return false;
      performance.mark(FACE_SESSION_MARKS.cameraReady);
      const { analyser } = await detector;
      if (request !== this.request) return false;
      let first = true;
      this.loop = new FrameLoop({
        video,
        analyser,
        framesPerSecond: this.options.framesPerSecond,
        onFrame: (analysis) => {
          if (first) performance.mark(FACE_SESSION_MARKS.firstFrame);
          first = false;
          return this.options.onFrame(analysis);
        },
        onError: (error) => console.error('face detection failed on a frame', error),
      });
      this.loop.start();
      return true;
    } catch (error) {
      if (request === this.request) this.fail(request, cameraProblemOf(error));
      console.error('camera or detector failed', error);
      return false;
    }
  }

  /** Stops the frames and releases the camera now; the preview goes blank. */
  stop(): void {
    this.request++;
    this.loop?.stop();
    this.loop = null;
    this.camera?.detachFrom(this.options.video);
    this.camera = null;
  }

  dispose(): void {
    this.stop();
    void this.detector?.then(({ finder }) => finder.dispose(), () => undefined);
    this.detector = null;
    this.warm = null;
  }

  private loadDetector(): Promise<{ finder: FaceFinder; analyser: FrameAnalyser }> {
    if (!this.detector) {
      const loading = FaceFinder.createFromOptions({ ...FACE_ASSETS, runningMode: 'VIDEO' }).then((finder) => {
        performance.mark(FACE_SESSION_MARKS.detectorLoaded);
        return { finder, analyser: new FrameAnalyser(finder) };
      });
      // A failed load is retried by the next start rather than remembered forever.
      loading.catch(() => {
        if (this.detector === loading) {
          this.detector = null;
          this.warm = null;
        }
      });
      this.detector = loading;
    }
    return this.detector;
  }

  private fail(request: number, problem: CameraProblem): void {
    if (request !== this.request) return;
    this.stop();
    this.options.onProblem(problem);
  }
}
