// The owner of the lock-screen bench: a real person on real live video, never a still photo
// (once liveness looks at motion, a still photo is an attack). As tools/eval-liveness does,
// the owner is enrolled from the first seconds of their live clip, and the rest of the clip
// is what the camera shows: Chromium's fake camera plays it forwards then backwards, so that
// it loops without a cut, at the clip's own 30 frames a second, a webcam's rate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameReport } from '../../preload/api.ts';
import { BrowserFaceDetector, frameReportOf } from '../browser/browser-face-detector.ts';
import { CAMERA_FRAME, cameraFrameFilter, decodeVideo, probeVideo } from '../eval-liveness/decode.ts';

export interface OwnerClipOptions {
  /** A live clip of one person facing the camera. */
  clipPath: string;
  /** The enrolment is taken from this much of the start of the clip. */
  enrolMs: number;
}

export interface OwnerClip {
  /** The renderer's reports of the enrolment part, at the clip's rate. */
  enrolment: FrameReport[];
  /** The camera part (after the enrolment), forwards then backwards, as the fake camera's y4m. */
  cameraY4mPath: string;
  cameraFramesPerSecond: number;
  /** The renderer's detect and crop times on the enrolment frames, each ms (first frames left out: warm-up). */
  analyseMs: number[];
  dispose(): void;
}

/** How many of the first analysed frames are left out of analyseMs: the detector warming up. */
const WARM_UP_FRAMES = 5;

export async function prepareOwnerClip(options: OwnerClipOptions): Promise<OwnerClip> {
  const { framesPerSecond } = await probeVideo(options.clipPath);
  const frames = await decodeVideo(options.clipPath, { framesPerSecond, durationMs: options.enrolMs });
  const detector = await BrowserFaceDetector.createFromOptions();
  const enrolment: FrameReport[] = [];
  const analyseMs: number[] = [];
  try {
    for (const [index, frame] of frames.entries()) {
      const analysis = await detector.analyseBytes(frame.png);
      const report = frameReportOf(analysis);
      if (report) enrolment.push(report);
      const { detect, crop } = analysis.timingsMs;
      if (index >= WARM_UP_FRAMES && detect !== undefined && crop !== undefined) analyseMs.push(detect + crop);
    }
  } finally {
    await detector.dispose();
  }
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-bench-camera-'));
  const cameraY4mPath = join(dir, 'owner.y4m');
  // The reversed half leaves out its first frame, which repeats the forward half's last.
  const graph =
    `[0:v]fps=${framesPerSecond},${cameraFrameFilter(CAMERA_FRAME.width, CAMERA_FRAME.height)},setsar=1,split[f][b];` +
    '[b]reverse,trim=start_frame=1,setpts=PTS-STARTPTS[r];[f][r]concat=n=2:v=1:a=0,format=yuv420p';
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-ss', (options.enrolMs / 1000).toFixed(3), '-i', options.clipPath, '-an',
    '-filter_complex', graph, '-r', String(framesPerSecond), '-color_range', 'tv', '-pix_fmt', 'yuv420p', cameraY4mPath,
  ]);
  return {
    enrolment,
    cameraY4mPath,
    cameraFramesPerSecond: framesPerSecond,
    analyseMs,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
