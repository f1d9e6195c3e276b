// What the integration tests of the product path on shared data share: why one cannot run on
// this machine, and the suite hooks that open one PhotoPipeline (Chromium + the main models)
// and a scratch folder for the files a test makes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { findChromium } from '../browser/chromium.ts';
import { ffmpegMissing } from '../eval-liveness/decode.ts';
import { PhotoPipeline } from './photo-pipeline.ts';

export interface IntegrationNeeds {
  /** Shared files or folders the test reads. */
  paths?: readonly string[];
  ffmpeg?: boolean;
}

/** The reason to skip (Chromium, then each path, then ffmpeg when needed), or false. */
export function integrationSkip(needs: IntegrationNeeds = {}): string | false {
  if (!findChromium()) return 'Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)';
  for (const path of needs.paths ?? []) if (!existsSync(path)) return `no shared data at ${path}`;
  return needs.ffmpeg ? ffmpegMissing() : false;
}

/**
 * Registers, in the calling describe, one PhotoPipeline for the suite and a scratch folder
 * removed after it; with `cache`, the pipeline's embedding cache lives in the scratch folder.
 */
export function photoPipelineSuite(scratchPrefix: string, options: { cache?: boolean } = {}): { readonly pipeline: PhotoPipeline; readonly scratch: string } {
  let pipeline: PhotoPipeline | undefined;
  const scratch = mkdtempSync(join(tmpdir(), scratchPrefix));
  before(async () => {
    pipeline = await PhotoPipeline.createFromOptions({ threads: 1, cacheDir: options.cache ? join(scratch, 'cache') : undefined });
  });
  after(async () => {
    await pipeline?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });
  return {
    get pipeline(): PhotoPipeline {
      if (!pipeline) throw new Error('the pipeline opens before the first test');
      return pipeline;
    },
    scratch,
  };
}
