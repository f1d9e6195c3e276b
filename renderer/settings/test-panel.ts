// Settings' "Test recognition": the camera and live figures from main for the face in
// view. It never unlocks anything, and the camera stops with the test or the page.
import type { CameraProblem, FaceUnlockApi } from '../../preload/api.ts';
import { FaceSession } from '../face/face-session.ts';
import { setText, show } from '../shared/dom.ts';
import { CAMERA_PROBLEMS } from '../../preload/feedback.ts';
import { FacePreview } from '../shared/preview.ts';
import { RecognitionMeter } from '../shared/recognition-meter.ts';

export interface TestPanelElements {
  video: HTMLVideoElement;
  overlay: HTMLCanvasElement;
  previewBox: HTMLElement;
  meter: HTMLElement;
  button: HTMLButtonElement;
}

export interface TestPanelCamera {
  /** The lock screen's camera, so that the test sees what the lock screen will. */
  deviceId: () => string;
  /** The camera is open: its name can now be read. */
  onOpened: () => void;
}

// The lock screen's sentences end in "use your password"; here only the cause matters.
function problemSentence(problem: CameraProblem): string {
  return CAMERA_PROBLEMS[problem].cause;
}

export class TestPanel {
  private readonly session: FaceSession;
  private readonly preview: FacePreview;
  private readonly meter: RecognitionMeter;
  private running = false;

  constructor(
    private readonly api: FaceUnlockApi,
    private readonly elements: TestPanelElements,
    private readonly camera: TestPanelCamera,
  ) {
    this.preview = new FacePreview(elements.overlay);
    this.meter = new RecognitionMeter(elements.meter);
    this.meter.reset('Start the test and look at the camera');
    this.session = new FaceSession({
      video: elements.video,
      onFrame: async ({ report, faces }) => {
        this.preview.drawFaces(faces, report.frameWidthPx, report.frameHeightPx, 'neutral');
        try {
          const result = await this.api.recognition.test(report);
          if (this.running) this.meter.show(result);
        } catch (error) {
          console.warn('recognition test failed', error);
        }
      },
      onProblem: (problem) => {
        this.stop();
        this.meter.reset(problemSentence(problem));
      },
    });
    elements.button.addEventListener('click', () => (this.running ? this.stop() : void this.start()));
    show(elements.previewBox, false);
    // The camera is never left on for a window nobody looks at.
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) this.stop();
    });
    window.addEventListener('pagehide', () => this.session.dispose());
  }

  async start(): Promise<void> {
    this.running = true;
    setText(this.elements.button, 'Stop test');
    show(this.elements.previewBox, true);
    this.meter.reset('Look at the camera');
    if (await this.session.start(this.camera.deviceId(), { fallbackToDefault: true })) this.camera.onOpened();
  }

  stop(): void {
    this.running = false;
    this.session.stop();
    this.preview.clear();
    show(this.elements.previewBox, false);
    setText(this.elements.button, 'Start test');
    this.meter.reset('Start the test and look at the camera');
  }
}
