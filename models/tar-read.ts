// Minimal reader for npm's .tgz tarballs: we only need a few files out of a
// package, so pulling in a full tar implementation (or extracting a 40 MB
// package to disk) is not worth it. Understands ustar name/prefix, pax `path`
// records and GNU long names, which covers what npm and GNU tar produce.
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(end === -1 ? field : field.subarray(0, end)).toString('utf8');
}

function paxPath(records: Uint8Array): string | undefined {
  // Each record is "<length> <key>=<value>\n".
  for (const line of Buffer.from(records).toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** Returns the content of `path` inside a gzipped tarball, or undefined if absent. */
export function readTarEntry(tgz: Uint8Array, path: string): Buffer | undefined {
  const tar = gunzipSync(tgz);
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break; // end-of-archive marker
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30); // old tars use NUL for a file
    const body = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      longName = paxPath(body) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = text(body, 0, body.length);
      continue;
    }
    if (type === 'g') continue; // global pax header: no per-file name
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    if (type === '0' && name.replace(/^\.\//, '') === path) return Buffer.from(body);
  }
  return undefined;
}
