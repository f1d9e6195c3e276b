// Blink detection from the eye aspect ratio (EAR) of the 68-point eye contours: a blink is the
// EAR dropping well below the running open-eye baseline for 1–4 frames (100–400 ms at the
// lock screen's ≤ 10 frames/s) and recovering. A printed photo never blinks; a screen replay
// may, so a blink is a further cue, never a proof.
//
// How much it helps cannot be measured here: the shared photos are stills with open eyes and
// there is no video of blinks or of attacks, so the thresholds below are the usual ones from
// the EAR literature (Soukupová & Čech 2016: open ≈ 0.3, closed < 0.2), expressed relative to
// each user's own baseline. Tested on synthetic EAR tracks only. What can be said: on synthetic
// head tracks without any blink (3-D mean face, landmark noise 1 % of the eye distance), a
// false blink shows up in 0 % of turn tracks, 1.5 % of nod tracks and 6.5 % of turn + nod
// tracks (none at 0.5 % noise): looking down lowers the EAR, and the 4-frame cap rejects most
// but not all such dips. The 64×64 landmark network may also not resolve a closing lid on a
// small face. So "a blink was seen" may raise confidence; its absence must never refuse.
import { eyeAspectRatio, type Landmarks68 } from '../landmarks68.ts';
import { median } from '../median.ts';

export interface BlinkOptions {
  /** Closed when EAR < this fraction of the open-eye baseline. */
  closedFraction?: number;
  /** Open again when EAR ≥ this fraction of the baseline. */
  reopenFraction?: number;
  /** A dip longer than this many frames is not a blink (eyes shut, looking down). */
  maxClosedFrames?: number;
  /** Open-eye frames kept for the running baseline (their median). */
  baselineFrames?: number;
}

export interface BlinkUpdate {
  earMean: number;
  /** Median EAR of the recent open-eye frames; NaN until the first frame. */
  baseline: number;
  /** A blink ended on this frame. */
  blink: boolean;
}

/** Mean eye aspect ratio of both eyes. */
export function meanEyeAspectRatio(points68: Landmarks68): number {
  return (eyeAspectRatio(points68, 'left') + eyeAspectRatio(points68, 'right')) / 2;
}

export class BlinkDetector {
  private readonly closedFraction: number;
  private readonly reopenFraction: number;
  private readonly maxClosedFrames: number;
  private readonly baselineFrames: number;
  private readonly openEars: number[] = [];
  private closedFrames = 0;
  private blinks = 0;

  constructor(options: BlinkOptions = {}) {
    this.closedFraction = options.closedFraction ?? 0.7;
    this.reopenFraction = options.reopenFraction ?? 0.85;
    this.maxClosedFrames = options.maxClosedFrames ?? 4;
    this.baselineFrames = options.baselineFrames ?? 15;
    if (!(this.closedFraction > 0 && this.closedFraction < this.reopenFraction && this.reopenFraction <= 1)) {
      throw new RangeError('BlinkDetector: need 0 < closedFraction < reopenFraction ≤ 1');
    }
  }

  /** Blinks seen so far. */
  get blinkCount(): number {
    return this.blinks;
  }

  update(points68: Landmarks68): BlinkUpdate {
    return this.updateEar(meanEyeAspectRatio(points68));
  }

  /** The same on a precomputed mean EAR. */
  updateEar(earMean: number): BlinkUpdate {
    if (!Number.isFinite(earMean)) throw new RangeError('BlinkDetector: EAR must be finite');
    if (this.openEars.length === 0) {
      this.openEars.push(earMean);
      return { earMean, baseline: earMean, blink: false };
    }
    const baseline = median(this.openEars);
    let blink = false;
    if (earMean < this.closedFraction * baseline) {
      this.closedFrames++;
    } else if (earMean >= this.reopenFraction * baseline) {
      blink = this.closedFrames >= 1 && this.closedFrames <= this.maxClosedFrames;
      if (blink) this.blinks++;
      this.closedFrames = 0;
      this.openEars.push(earMean);
      if (this.openEars.length > this.baselineFrames) this.openEars.shift();
    } else if (this.closedFrames > 0) {
      // Half-open while closing or reopening: part of the same dip.
      this.closedFrames++;
    }
    return { earMean, baseline, blink };
  }
}

