// One camera frame → the PresenceReport the walk-away lock's main judges: every face found,
// the largest few cropped exactly as the lock's frames are (FrameAnalyser.faceFrame), so
// that main judges each with the lock's own recognition, and the owner beside someone larger
// still counts as present.
import { MAX_FACES_REPORTED, MAX_PRESENCE_FACES, type PresenceReport } from '../../preload/api.ts';
import type { FaceFinder } from '../face/face-detector.ts';
import { FrameAnalyser, type DrawableSource } from '../face/frame-analyser.ts';

export class PresenceFrames {
  private readonly analyser: FrameAnalyser;

  constructor(private readonly finder: FaceFinder) {
    this.analyser = new FrameAnalyser(finder);
  }

  analyse(source: DrawableSource, width: number, height: number): PresenceReport {
    const found = this.finder.detect(source, width, height);
    const faceCount = Math.min(found.length, MAX_FACES_REPORTED);
    const faces = found.slice(0, Math.min(faceCount, MAX_PRESENCE_FACES)).map((face) => this.analyser.faceFrame(source, face, width, height));
    return { frameWidthPx: width, frameHeightPx: height, faceCount, faces };
  }
}
