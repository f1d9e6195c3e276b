// What the fake camera plays in the Chromium tests: y4m videos (limited-range yuv420p,
// 640×480, 10 fps; Chromium loops them) made with ffmpeg from the five_celebrity photos
// (MIT repository), once per test file into a temporary folder. Which photo goes where
// is fixed here, so that the owner's video the lock screen is unlocked with never shows
// a photo the seeded profile was enrolled from.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { facesDir } from '../tools/eval/paths.ts';

const CELEBRITY_DIR = join(facesDir(), 'five_celebrity');
export const OWNER = 'jerry_seinfeld';
const STRANGER = 'ben_affleck';

/** The owner's photos a profile is enrolled from in Node (all pass the enrolment quality gate, letterboxed to 640×480). */
export const OWNER_SEED_PHOTOS = ['train_1', 'train_3', 'train_4', 'train_5', 'train_6', 'train_8', 'train_10', 'train_11', 'train_12', 'train_14', 'train_15'];
/** Other photos of the owner, none in OWNER_SEED_PHOTOS; frontal enough to judge (|yaw| ≤ 30°, UNLOCK_QUALITY), one face each. */
const OWNER_PROBE_PHOTOS = ['train_17', 'train_19', 'train_20', 'train_21', 'val_3', 'val_5', 'train_13', 'train_2', 'train_9', 'val_1', 'val_4'];
/**
 * Every photo of the owner that passes the enrolment quality gate (the wizard captures from these):
 * by the landmark pose 12 straight, 4 turned left (train_19, train_17, train_7, train_12: 13–24°)
 * and 3 right (val_1, val_5: −14°, train_15: −10°), enough for the camera's pose quota.
 */
const OWNER_ENROL_PHOTOS = [
  'train_14', 'train_19', 'train_1', 'train_20', 'val_1', 'train_3', 'val_3', 'train_4', 'train_21', 'train_5',
  'val_5', 'train_6', 'train_17', 'train_8', 'train_7', 'train_10', 'train_11', 'train_12', 'train_15',
];
const STRANGER_PHOTOS = ['train_10', 'train_11', 'train_12', 'train_2', 'train_8', 'val_1', 'val_2', 'val_5'];
/** Sharp, frontal, one face: the still camera of the scripted UI tests and the print of the liveness test. */
const OWNER_STILL_PHOTO = 'val_3';
/**
 * A slideshow faking a turn to the owner's left, none in OWNER_SEED_PHOTOS: frontal (val_3,
 * −2° by the landmark pose) → turned left (train_18, 29°) → frontal (train_20, −1°).
 */
const OWNER_SLIDESHOW_LEFT = ['val_3', 'train_18', 'train_20'];
/** Each picture of the slideshow is shown this long, like a hand swiping a phone's gallery. */
const SLIDESHOW_HOLD_SECONDS = 1.5;
/** 4:3 with the face a quarter of its width, so it fills a webcam frame at a webcam's face size ('ownerPhotoMoved'). */
const OWNER_FULL_FRAME_PHOTO = 'train_6';

export type CameraScene =
  /** The owner, several photos in turn (never the seeded ones), like a person moving. */
  | 'owner'
  /** The owner, every photo good enough to enrol from: the wizard's capture. */
  | 'ownerForEnrolment'
  /** Another person, several photos in turn. */
  | 'stranger'
  /** A plain wall with sensor noise: nobody there. */
  | 'emptyScene'
  /** One photo of the owner, still. */
  | 'ownerStill'
  /** A print of one photo of the owner held up before a wall, moved and tilted (turned, nodded, rolled), 6 s. */
  | 'ownerPrintMoved'
  /** One photo of the owner filling the frame, moved and tilted the same way, 6 s. */
  | 'ownerPhotoMoved'
  /** A slideshow of the owner's photos faking a turn to the left: frontal → turned → frontal, 1.5 s each. */
  | 'ownerSlideshowLeft';

export function celebrityPhoto(person: string, name: string): string {
  return join(CELEBRITY_DIR, person, `${name}.jpg`);
}

/** Why the fixtures cannot be made here, or false. */
export function fakeCameraMissing(): string | false {
  if (!existsSync(celebrityPhoto(OWNER, OWNER_STILL_PHOTO))) return `no photos at ${CELEBRITY_DIR}`;
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  } catch {
    return 'ffmpeg not found';
  }
  return false;
}

const FPS = 10;
const SECONDS_PER_PHOTO = 0.6;
const WALL = '0x8c8a86';
// Chromium reads y4m as limited range. Little or no sensor noise: it would not change what
// is recognised, and it bloats the README's PNG screenshots of the preview.
const OUTPUT_ARGS = ['-r', String(FPS), '-color_range', 'tv', '-pix_fmt', 'yuv420p'];

/** A photo as a 4:3 webcam would frame it: the whole photo, centred, on a blurred copy of itself. */
function framedPhoto(input: number): string {
  return (
    `[${input}:v]split[a${input}][b${input}];` +
    `[a${input}]scale=640:480:force_original_aspect_ratio=increase,crop=640:480,boxblur=20:2[bg${input}];` +
    `[b${input}]scale=640:480:force_original_aspect_ratio=decrease:force_divisible_by=2[fg${input}];` +
    `[bg${input}][fg${input}]overlay=(W-w)/2:(H-h)/2,setsar=1,format=yuv420p[v${input}];`
  );
}

function slideshowArgs(paths: readonly string[], holdSeconds = SECONDS_PER_PHOTO): string[] {
  const inputs = paths.flatMap((path) => ['-loop', '1', '-framerate', String(FPS), '-t', String(holdSeconds), '-i', path]);
  const labels = paths.map((_, i) => `[v${i}]`).join('');
  const graph = `${paths.map((_, i) => framedPhoto(i)).join('')}${labels}concat=n=${paths.length}:v=1:a=0,format=yuv420p`;
  return [...inputs, '-filter_complex', graph];
}

function emptySceneArgs(): string[] {
  return ['-f', 'lavfi', '-i', `color=c=${WALL}:s=640x480:r=${FPS}:d=3`, '-vf', 'vignette,noise=alls=10:allf=t+u,format=yuv420p'];
}

/**
 * Corners for ffmpeg's perspective filter that turn the frame like a card held at arm's
 * length: about its vertical axis by up to `yawFraction` (a fake head turn, 3 s period) and
 * its horizontal axis by up to `pitchFraction` (a fake nod, 2 s period). The edge turned
 * away moves in by that fraction of the frame and shrinks by as much.
 */
function tiltCorners(yawFraction: number, pitchFraction: number): string {
  const away = (fraction: number, period: number, sign: string) => `${fraction}*max(0,${sign}sin(2*PI*in/${period * FPS}))`;
  const [left, right] = [away(yawFraction, 3, ''), away(yawFraction, 3, '-')];
  const [top, bottom] = [away(pitchFraction, 2, ''), away(pitchFraction, 2, '-')];
  return [
    `x0='W*(${left}+${top}/2)'`,
    `y0='H*(${top}+${left}/2)'`,
    `x1='W*(1-${right}-${top}/2)'`,
    `y1='H*(${top}+${right}/2)'`,
    `x2='W*(${left}+${bottom}/2)'`,
    `y2='H*(1-${bottom}-${left}/2)'`,
    `x3='W*(1-${right}-${bottom}/2)'`,
    `y3='H*(1-${bottom}-${right}/2)'`,
  ].join(':');
}

const MOVED_SECONDS = 6;

/**
 * A print (the photo in a white border) held up in front of a wall: it slides, rolls
 * ±7° and is tilted. The whole frame is warped: the wall is uniform, so only the print
 * visibly changes.
 */
function printMovedArgs(path: string): string[] {
  const graph =
    '[1:v]crop=iw:ih*0.72:0:0,scale=-2:380,pad=iw+20:ih+20:10:10:white,format=yuv420p[print];' +
    "[0:v][print]overlay=x='(W-w)/2+40*sin(2*PI*t/6)':y='(H-h)/2+10*sin(2*PI*t/4)':shortest=1," +
    `perspective=sense=destination:eval=frame:${tiltCorners(0.3, 0.2)},` +
    `rotate=a='0.12*sin(2*PI*t/5)':c=${WALL},noise=alls=1:allf=t,format=yuv420p`;
  return [
    '-f', 'lavfi', '-i', `color=c=${WALL}:s=640x480:r=${FPS}:d=${MOVED_SECONDS}`,
    '-loop', '1', '-framerate', String(FPS), '-i', path, '-filter_complex', graph,
  ];
}

/** The photo filling the whole frame (no edge in view), tilted, rolled and slid: a re-rendered photo, not a recapture. */
function photoMovedArgs(path: string): string[] {
  const graph =
    `[0:v]scale=720:540:force_original_aspect_ratio=increase,crop=720:540,setsar=1,` +
    `perspective=sense=destination:eval=frame:${tiltCorners(0.3, 0.2)},` +
    "rotate=a='0.12*sin(2*PI*t/5)',crop=640:480:'40+40*sin(2*PI*t/6)':'30+30*sin(2*PI*t/4)'," +
    'noise=alls=1:allf=t,format=yuv420p';
  return ['-loop', '1', '-framerate', String(FPS), '-t', String(MOVED_SECONDS), '-i', path, '-filter_complex', graph];
}

function sceneArgs(scene: CameraScene): string[] {
  const owner = (names: readonly string[]) => names.map((name) => celebrityPhoto(OWNER, name));
  switch (scene) {
    case 'owner':
      return slideshowArgs(owner(OWNER_PROBE_PHOTOS));
    case 'ownerForEnrolment':
      return slideshowArgs(owner(OWNER_ENROL_PHOTOS));
    case 'stranger':
      return slideshowArgs(STRANGER_PHOTOS.map((name) => celebrityPhoto(STRANGER, name)));
    case 'emptyScene':
      return emptySceneArgs();
    case 'ownerStill':
      return ['-loop', '1', '-framerate', String(FPS), '-t', '3', '-i', celebrityPhoto(OWNER, OWNER_STILL_PHOTO), '-filter_complex', `${framedPhoto(0)}[v0]null`];
    case 'ownerPrintMoved':
      return printMovedArgs(celebrityPhoto(OWNER, OWNER_STILL_PHOTO));
    case 'ownerPhotoMoved':
      return photoMovedArgs(celebrityPhoto(OWNER, OWNER_FULL_FRAME_PHOTO));
    case 'ownerSlideshowLeft':
      return slideshowArgs(owner(OWNER_SLIDESHOW_LEFT), SLIDESHOW_HOLD_SECONDS);
  }
}

/** The scenes as y4m files, each made on first use and kept until dispose(). */
export class FakeCamera {
  private readonly dir = mkdtempSync(join(tmpdir(), 'face-unlock-camera-'));
  private readonly made = new Map<CameraScene, string>();

  videoPath(scene: CameraScene): string {
    let path = this.made.get(scene);
    if (!path) {
      path = join(this.dir, `${scene}.y4m`);
      execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...sceneArgs(scene), ...OUTPUT_ARGS, path]);
      this.made.set(scene, path);
    }
    return path;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.made.clear();
  }
}
