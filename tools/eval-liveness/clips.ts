// Presentations → FrameReports, analysed once each by the renderer's own detection and crop
// code in Chromium: a video decoded by ffmpeg, a folder of frames in name order, or photos,
// always as a 640×480 webcam frame (photos letterboxed, a camera's frames fitted without bars).
import type { FrameReport } from '../../preload/api.ts';
import { frameReportOf, type BrowserFaceDetector } from '../browser/browser-face-detector.ts';
import { CAMERA_FRAME, decodeVideo, probeVideo } from './decode.ts';
import { listFrameFiles, type PresentationSource } from './presentations.ts';

export interface ClipRequest {
  /** Sampling rate of the clip; the source's own rate when absent. */
  framesPerSecond?: number;
  fromMs?: number;
  durationMs?: number;
}

export interface AnalysedClip {
  reports: FrameReport[];
  /** Clip time of each frame, ms. */
  timesMs: number[];
  /** Where the source ends, ms. */
  sourceDurationMs: number;
}

export interface ClipAnalyserOptions {
  detector: BrowserFaceDetector;
  /** The rate of frame folders. */
  folderFrameRate: number;
  /** Called after each analysed frame (progress). */
  onFrame?: () => void;
}

/** What an unreadable frame counts as: a camera frame with nobody in it. */
const EMPTY_FRAME: FrameReport = { frameWidthPx: CAMERA_FRAME.width, frameHeightPx: CAMERA_FRAME.height, faceCount: 0 };

export class ClipAnalyser {
  constructor(private readonly options: ClipAnalyserOptions) {}

  async clip(source: Pick<PresentationSource, 'path' | 'format'>, request: ClipRequest = {}): Promise<AnalysedClip> {
    return source.format === 'video' ? this.videoClip(source.path, request) : this.folderClip(source.path, request);
  }

  /**
   * Photos letterboxed into the camera frame (a photo held up whole; slideshows keep the bars,
   * and what stops them is not the passive score: their frames repeat and their face jumps),
   * or a camera's own frames fitted without bars; one report each (null for no face).
   */
  async photos(paths: readonly string[], { bars = true }: { bars?: boolean } = {}): Promise<FrameReport[]> {
    const reports: FrameReport[] = [];
    for (const path of paths) {
      reports.push(frameReportOf(await this.options.detector.analyseFile(path, { ...CAMERA_FRAME, bars })) ?? EMPTY_FRAME);
      this.options.onFrame?.();
    }
    return reports;
  }

  private async videoClip(path: string, request: ClipRequest): Promise<AnalysedClip> {
    const info = await probeVideo(path);
    const frames = await decodeVideo(path, { framesPerSecond: request.framesPerSecond ?? info.framesPerSecond, fromMs: request.fromMs, durationMs: request.durationMs });
    const reports: FrameReport[] = [];
    for (const frame of frames) {
      reports.push(frameReportOf(await this.options.detector.analyseBytes(frame.png)) ?? EMPTY_FRAME);
      this.options.onFrame?.();
    }
    return { reports, timesMs: frames.map((f) => f.timeMs), sourceDurationMs: info.durationMs };
  }

  /** The folder's frames sampled at the requested rate; a file shown on several samples is analysed once. */
  private async folderClip(dir: string, request: ClipRequest): Promise<AnalysedClip> {
    const files = await listFrameFiles(dir);
    const rate = this.options.folderFrameRate;
    const sourceDurationMs = (files.length * 1000) / rate;
    const fps = request.framesPerSecond ?? rate;
    const fromMs = request.fromMs ?? 0;
    const endMs = Math.min(sourceDurationMs, request.durationMs === undefined ? Infinity : fromMs + request.durationMs);
    const timesMs: number[] = [];
    for (let t = fromMs; t < endMs - 1e-6; t += 1000 / fps) timesMs.push(t);
    const cache = new Map<number, FrameReport>();
    const reports: FrameReport[] = [];
    for (const t of timesMs) {
      const index = Math.min(files.length - 1, Math.floor((t * rate) / 1000 + 1e-9));
      if (!cache.has(index)) cache.set(index, (await this.photos([files[index]], { bars: false }))[0]);
      reports.push(cache.get(index)!);
    }
    return { reports, timesMs, sourceDurationMs };
  }
}
