// Photo bytes → bytes Chromium's decoder reads, chosen by content, never by file name: the
// ORL set is grey PGM and the Yale set is GIF files without an extension. Chromium decodes
// JPEG, PNG, WebP, GIF, BMP and AVIF itself (the renderer's own path, EXIF orientation
// included); Netpbm (PGM/PPM, which neither Chromium nor sharp's prebuilt libvips reads)
// and TIFF are converted losslessly to PNG in Node with sharp.
import sharp from 'sharp';
import { decodeNetpbm } from './netpbm.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif' | 'netpbm' | 'tiff';

const startsWith = (bytes: Uint8Array, text: string, at = 0) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The format the bytes are in, from their magic numbers; null when none of the known ones. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (startsWith(bytes, '\x89PNG\r\n\x1a\n')) return 'png';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 'BM') && bytes.length >= 26) return 'bmp';
  if (startsWith(bytes, 'ftyp', 4) && (startsWith(bytes, 'avif', 8) || startsWith(bytes, 'avis', 8))) return 'avif';
  if (bytes.length >= 3 && bytes[0] === 0x50 && bytes[1] >= 0x31 && bytes[1] <= 0x36 && isSpace(bytes[2])) return 'netpbm';
  if (startsWith(bytes, 'II*\0') || startsWith(bytes, 'MM\0*')) return 'tiff';
  return null;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

export type BrowserImage = { ok: true; bytes: Uint8Array } | { ok: false; detail: string };

/**
 * The bytes to hand to Chromium: a lossless PNG for the formats it cannot decode, else the
 * bytes as they are (an unrecognised format too: Chromium's decoder has the last word).
 */
export async function toBrowserImage(bytes: Uint8Array): Promise<BrowserImage> {
  const format = sniffImageFormat(bytes);
  try {
    if (format === 'netpbm') {
      const image = decodeNetpbm(bytes);
      const png = await sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: image.channels } }).png({ compressionLevel: 1 }).toBuffer();
      return { ok: true, bytes: png };
    }
    if (format === 'tiff') {
      return { ok: true, bytes: await sharp(bytes).rotate().png({ compressionLevel: 1 }).toBuffer() };
    }
  } catch (error) {
    return { ok: false, detail: `${format}: ${(error as Error).message}` };
  }
  return { ok: true, bytes };
}

/** Why Chromium refused bytes: its own message says nothing of the format. */
export function describeUnreadable(bytes: Uint8Array, chromiumDetail: string): string {
  const format = sniffImageFormat(bytes);
  const head = Buffer.from(bytes.subarray(0, 8)).toString('hex') || 'an empty file';
  return format ? `${format} that Chromium could not decode (${chromiumDetail})` : `not a known image format (starts ${head}): ${chromiumDetail}`;
}
