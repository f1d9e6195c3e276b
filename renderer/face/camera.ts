// The user-facing camera: open (default or chosen device), list, stop. Errors become
// the bridge's CameraProblem so the pages can tell main and the user in plain words.
import type { CameraProblem } from '../../preload/api.ts';

export interface CameraInfo {
  deviceId: string;
  /** Empty until the user has granted camera access once (browsers hide labels before that). */
  label: string;
}

export interface CameraOptions {
  /** A device from listCameras(); absent means the system's user-facing default. */
  deviceId?: string;
  /** When that device is gone (unplugged, or its id changed), open the default instead of failing. */
  fallbackToDefault?: boolean;
  /** 640×480 is plenty for a face at arm's length and cheap to analyse. */
  idealWidthPx?: number;
  idealHeightPx?: number;
  /** Called once if the camera goes away while open (unplugged, taken by the system). */
  onProblem?: (problem: CameraProblem) => void;
}

export class CameraError extends Error {
  constructor(
    readonly problem: CameraProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

/** Maps getUserMedia's DOMException names to what the user can act on. */
export function cameraProblemOf(error: unknown): CameraProblem {
  if (error instanceof CameraError) return error.problem;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    default:
      return 'other';
  }
}

export async function listCameras(): Promise<CameraInfo[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
  return devices
    .filter((device) => device.kind === 'videoinput' && device.deviceId !== '')
    .map((device) => ({ deviceId: device.deviceId, label: device.label }));
}

export class Camera {
  private stopped = false;

  private constructor(
    readonly stream: MediaStream,
    private readonly onProblem?: (problem: CameraProblem) => void,
  ) {
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', this.handleEnded, { once: true });
    }
  }

  /** Throws CameraError. */
  static async open(options: CameraOptions = {}): Promise<Camera> {
    try {
      return await Camera.openDevice(options);
    } catch (error) {
      if (!options.deviceId || !options.fallbackToDefault || cameraProblemOf(error) !== 'missing') throw error;
      return Camera.openDevice({ ...options, deviceId: undefined });
    }
  }

  private static async openDevice(options: CameraOptions): Promise<Camera> {
    if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('other', 'This window has no camera access');
    const video: MediaTrackConstraints = {
      width: { ideal: options.idealWidthPx ?? 640 },
      height: { ideal: options.idealHeightPx ?? 480 },
      ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : { facingMode: 'user' }),
    };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
    } catch (error) {
      throw new CameraError(cameraProblemOf(error), error instanceof Error ? error.message : String(error));
    }
    if (stream.getVideoTracks().length === 0) {
      stream.getTracks().forEach((track) => track.stop());
      throw new CameraError('missing', 'The camera gave no video');
    }
    return new Camera(stream, options.onProblem);
  }

  get deviceId(): string {
    return this.stream.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  }

  get isOpen(): boolean {
    return !this.stopped;
  }

  /**
   * Shows the stream in `video` and resolves once frames have a size, or early when
   * the video is detached meanwhile (check isOpen afterwards).
   */
  async attachTo(video: HTMLVideoElement): Promise<void> {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = this.stream;
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) {
      await new Promise<void>((resolve) => {
        const done = () => {
          video.removeEventListener('loadedmetadata', done);
          video.removeEventListener('emptied', done);
          resolve();
        };
        video.addEventListener('loadedmetadata', done);
        video.addEventListener('emptied', done);
      });
    }
    if (this.stopped || video.srcObject !== this.stream) return;
    try {
      await video.play();
    } catch (error) {
      // Detaching while play() is pending aborts it: not a camera problem.
      if (!this.stopped) throw error;
    }
  }

  /** Stops the camera and empties `video` so no last frame lingers on screen. */
  detachFrom(video: HTMLVideoElement): void {
    this.stop();
    if (video.srcObject === this.stream) video.srcObject = null;
  }

  /** Releases the device at once (the camera light goes off); safe to call twice. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const track of this.stream.getTracks()) {
      track.removeEventListener('ended', this.handleEnded);
      track.stop();
    }
  }

  private readonly handleEnded = (): void => {
    if (this.stopped) return;
    this.stop();
    this.onProblem?.('unplugged');
  };
}
