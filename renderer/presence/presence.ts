// The walk-away lock's hidden page: main opens it only while the desktop is unlocked and the
// walk-away lock is on, and closes it (the camera with it) on lock, when turned off, on suspend
// and when the camera fails. It looks once a second and decides nothing: main judges whether
// the owner is in view. A camera or detector that fails is reported once and the page stops:
// the walk-away check then simply does not run (it never locks for it).
import { PRESENCE_FRAMES_PER_SECOND, type CameraProblem, type FaceUnlockApi } from '../../preload/api.ts';
import { Camera, cameraProblemOf } from '../face/camera.ts';
import { FACE_ASSETS } from '../face/face-assets.ts';
import { FaceFinder } from '../face/face-detector.ts';
import { bridgeOrNotice, byId } from '../shared/dom.ts';
import { PresenceFrames } from './presence-frame.ts';

const INTERVAL_MS = 1000 / PRESENCE_FRAMES_PER_SECOND;
/**
 * The camera is asked for a few frames a second only (Chromium drops the rest at the source):
 * the page looks at one a second, and a 30 frames/s capture would cost more than the looking.
 */
const CAMERA_MAX_FRAMES_PER_SECOND = 5;

class PresencePage {
  private camera: Camera | null = null;
  private finder: FaceFinder | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly api: FaceUnlockApi,
    private readonly video: HTMLVideoElement,
  ) {
    window.addEventListener('pagehide', () => this.stop());
  }

  async start(deviceId: string | undefined): Promise<void> {
    try {
      this.finder = await FaceFinder.createFromOptions({ ...FACE_ASSETS, runningMode: 'IMAGE' });
      if (this.stopped) return this.stop();
      this.camera = await Camera.open({ deviceId, fallbackToDefault: true, onProblem: (problem) => void this.fail(problem) });
      if (this.stopped) return this.stop();
      await this.lowerFrameRate(this.camera);
      await this.camera.attachTo(this.video);
    } catch (error) {
      console.error('the presence check could not start', error);
      return this.fail(cameraProblemOf(error));
    }
    const frames = new PresenceFrames(this.finder);
    this.schedule(frames);
  }

  private schedule(frames: PresenceFrames): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.look(frames), INTERVAL_MS);
  }

  /** One look: detect, crop, send, then wait a second (never two in flight). */
  private async look(frames: PresenceFrames): Promise<void> {
    const video = this.video;
    if (this.stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      try {
        const answer = await this.api.presence.submitFrame(frames.analyse(video, video.videoWidth, video.videoHeight));
        // Main is not watching (turned off, locked meanwhile): the camera goes off now, before the window closes.
        if (!answer.watching) return this.stop();
      } catch (error) {
        // A refused frame (rate, shape) is main's business; the next look tries again.
        console.warn('presence frame refused', error);
      }
    }
    this.schedule(frames);
  }

  private async fail(problem: CameraProblem): Promise<void> {
    if (this.stopped) return;
    this.stop();
    await this.api.presence.reportCameraProblem(problem).catch((error: unknown) => console.warn('could not report the camera problem', error));
  }

  /** Asks the camera for fewer frames; a camera that cannot is used as it is. */
  private async lowerFrameRate(camera: Camera): Promise<void> {
    const track = camera.stream.getVideoTracks()[0];
    await track?.applyConstraints({ ...track.getConstraints(), frameRate: { max: CAMERA_MAX_FRAMES_PER_SECOND } }).catch(() => undefined);
  }

  private stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.camera?.detachFrom(this.video);
    this.camera = null;
    this.finder?.dispose();
    this.finder = null;
  }
}

function main(): void {
  const api = bridgeOrNotice();
  if (!api) return;
  // The lock's camera (main puts it in the URL's hash); the system default when absent or unplugged.
  const deviceId = new URLSearchParams(location.hash.slice(1)).get('camera') || undefined;
  void new PresencePage(api, byId('camera-video', HTMLVideoElement)).start(deviceId);
}

main();
