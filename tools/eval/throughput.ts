// The eval pipeline's throughput, for `npm run bench` (eval.photosPerSecond) and README
// figures: the first maxPhotos photos of an ImageFolder (sorted by person, then file)
// through the real pipeline, from reading each file to its embedding (or its cached one).
// Chromium's and the models' start-up are left out: they are paid once a run, not per photo.
import { collectFaces } from './collect.ts';
import { defaultCacheDir } from './embedding-cache.ts';
import { listImageFolder } from './image-folder.ts';
import { PhotoPipeline } from './photo-pipeline.ts';

export interface ThroughputOptions {
  photosDir: string;
  maxPhotos: number;
  /** With the default cache (a second call then measures cache hits), or computing every photo. */
  useCache: boolean;
}

export interface Throughput {
  photosPerSecond: number;
  photos: number;
  /** This Node process's peak resident set since it started (Chromium's processes not included). */
  peakRssMb: number;
}

export async function evalPhotosPerSecond(options: ThroughputOptions): Promise<Throughput> {
  const photos = (await listImageFolder(options.photosDir)).slice(0, options.maxPhotos);
  const pipeline = await PhotoPipeline.createFromOptions({ cacheDir: options.useCache ? defaultCacheDir() : undefined });
  try {
    const collection = await collectFaces(pipeline, photos);
    return {
      photosPerSecond: photos.length / collection.seconds,
      photos: photos.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await pipeline.dispose();
  }
}
