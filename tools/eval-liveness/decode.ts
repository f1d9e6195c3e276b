// Presentation videos → PNG frames as a webcam would deliver them: scaled to fit 640×480,
// sampled at a fixed rate, each stamped with its presentation time. ffmpeg does the decoding
// (any container it reads); the frames stay in memory, nothing is written beside the data.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';

/** The frame size the overlay's camera delivers (and the Chromium tests' fake camera). */
export const CAMERA_FRAME = { width: 640, height: 480 } as const;

export interface DecodedFrame {
  /** Presentation time of the frame in the clip, ms. */
  timeMs: number;
  png: Uint8Array;
}

export interface VideoInfo {
  durationMs: number;
  framesPerSecond: number;
}

export interface DecodeOptions {
  framesPerSecond: number;
  /** Where to start in the clip, ms (default 0). */
  fromMs?: number;
  /** How much to decode, ms (default to the end). */
  durationMs?: number;
}

/** Why ffmpeg cannot be used here, or false. */
export function ffmpegMissing(): string | false {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'ffmpeg/ffprobe not found (apt-get install ffmpeg)';
  }
}

/**
 * ffmpeg's filter from a clip to camera frames: scaled to fit the camera frame, its aspect
 * kept, and no black bars (even sides, for yuv420p): a webcam delivers its picture edge to
 * edge. Bars read as a screen's bezel to MiniFASNet unless the renderer keeps them out of the
 * context crop (renderer/face/picture-area.ts, which has the figures).
 */
export function cameraFrameFilter(width: number = CAMERA_FRAME.width, height: number = CAMERA_FRAME.height): string {
  return `scale=${width}:${height}:force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2`;
}

export async function probeVideo(path: string): Promise<VideoInfo> {
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate:format=duration', '-of', 'json', path,
  ]);
  const info = JSON.parse(stdout) as { streams?: { r_frame_rate?: string }[]; format?: { duration?: string } };
  const [num, den] = (info.streams?.[0]?.r_frame_rate ?? '').split('/').map(Number);
  const durationMs = Number(info.format?.duration) * 1000;
  const framesPerSecond = num / (den || 1);
  if (!(durationMs > 0) || !(framesPerSecond > 0)) throw new Error(`${path}: not a readable video`);
  return { durationMs, framesPerSecond };
}

/** Frames k = 0, 1, … at fromMs + k / framesPerSecond, as camera frames (cameraFrameFilter). */
export async function decodeVideo(path: string, options: DecodeOptions): Promise<DecodedFrame[]> {
  const fromMs = options.fromMs ?? 0;
  const args = ['-v', 'error', '-ss', (fromMs / 1000).toFixed(3), '-i', path];
  if (options.durationMs !== undefined) args.push('-t', (options.durationMs / 1000).toFixed(3));
  args.push('-an', '-vf', `fps=${options.framesPerSecond},${cameraFrameFilter()}`, '-f', 'image2pipe', '-c:v', 'png', '-');
  const stdout = await run('ffmpeg', args);
  const intervalMs = 1000 / options.framesPerSecond;
  return splitPngStream(stdout).map((png, k) => ({ timeMs: fromMs + k * intervalMs, png }));
}

function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${command} exited with ${code}: ${err.trim()}`))));
  });
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Concatenated PNG files (ffmpeg's image2pipe) → one buffer per file, cut after each IEND chunk. */
export function splitPngStream(stream: Uint8Array): Uint8Array[] {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const files: Uint8Array[] = [];
  let start = 0;
  while (start < stream.length) {
    if (!PNG_SIGNATURE.every((byte, i) => stream[start + i] === byte)) throw new Error(`not a PNG stream at byte ${start}`);
    let at = start + PNG_SIGNATURE.length;
    for (;;) {
      if (at + 12 > stream.length) throw new Error('truncated PNG stream');
      const length = view.getUint32(at);
      const type = String.fromCharCode(...stream.subarray(at + 4, at + 8));
      at += 12 + length;
      if (type === 'IEND') break;
    }
    files.push(stream.subarray(start, at));
    start = at;
  }
  return files;
}
