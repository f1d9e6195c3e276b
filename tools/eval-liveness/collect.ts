// Photo folders → passive liveness scores through the product's path: the renderer's detection
// and context crop in Chromium, then PassiveLiveness in Node.
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { modelPath } from '../../models/prepare.ts';
import { PassiveLiveness } from '../../main/face/models/passive-liveness.ts';
import { BrowserFaceDetector } from '../browser/browser-face-detector.ts';
import type { ScoredSample } from './metrics.ts';
import type { ReportPhoto } from './report.ts';

const IMAGE = /\.(jpe?g|png|webp|bmp|gif)$/i;

export interface LivenessCollection {
  live: ScoredSample[];
  spoof: ScoredSample[];
  photos: ReportPhoto[];
  noFace: string[];
  unreadable: string[];
}

export interface CollectOptions {
  chromiumPath?: string;
  modelPath?: string;
  threads?: number;
  onPhoto?: (file: string) => void;
}

/**
 * The image files in a folder and its subfolders (an ImageFolder set such as five_celebrity
 * works as it is), as sorted paths relative to the folder. Symbolic links are followed.
 */
export async function listImages(dir: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(folder: string): Promise<void> {
    for (const name of await readdir(folder)) {
      const path = join(folder, name);
      const info = await stat(path);
      if (info.isDirectory()) await walk(path);
      else if (info.isFile() && IMAGE.test(name)) files.push(relative(dir, path));
    }
  }
  await walk(dir);
  if (files.length === 0) throw new Error(`no images in ${dir}`);
  return files.sort();
}

export async function collectLivenessScores(liveDir: string, spoofDir: string, options: CollectOptions = {}): Promise<LivenessCollection> {
  const folders = [
    { kind: 'live' as const, dir: liveDir, files: await listImages(liveDir) },
    { kind: 'spoof' as const, dir: spoofDir, files: await listImages(spoofDir) },
  ];
  const liveness = await PassiveLiveness.createFromOptions({ modelPath: options.modelPath ?? modelPath('liveness'), threads: options.threads });
  let detector: BrowserFaceDetector | null = null;
  try {
    detector = await BrowserFaceDetector.createFromOptions({ chromiumPath: options.chromiumPath });
    const result: LivenessCollection = { live: [], spoof: [], photos: [], noFace: [], unreadable: [] };
    for (const { kind, dir, files } of folders) {
      for (const file of files) {
        const analysis = await detector.analyseFile(join(dir, file));
        options.onPhoto?.(file);
        if (analysis.status === 'unreadable') result.unreadable.push(file);
        if (analysis.status === 'noFace') result.noFace.push(file);
        if (analysis.status !== 'face') continue;
        const score = await liveness.score(analysis.face.contextCrop);
        result[kind].push({ file, score });
        result.photos.push({ file, kind, score, thumbDataUrl: analysis.thumbDataUrl });
      }
    }
    return result;
  } finally {
    await Promise.all([detector?.dispose(), liveness.dispose()]);
  }
}
