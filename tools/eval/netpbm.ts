// Netpbm greymaps and pixmaps (P2/P3 plain, P5/P6 raw; ORL's faces are P5), the one common
// photo format that neither Chromium nor sharp's prebuilt libvips decodes. The format is a
// text header and then samples, so a few lines read it fully; bitmaps (P1/P4) hold no photos.

export interface NetpbmImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
  /** 8-bit samples, row-major, maxval rescaled to 255. */
  pixels: Uint8Array;
}

export function decodeNetpbm(bytes: Uint8Array): NetpbmImage {
  const kind = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (!['P2', 'P3', 'P5', 'P6'].includes(kind)) throw new Error(`Netpbm ${kind} is not a greymap or pixmap (P2, P3, P5, P6)`);
  const reader = { pos: 2 };
  const [width, height, maxval] = [readHeaderNumber(bytes, reader), readHeaderNumber(bytes, reader), readHeaderNumber(bytes, reader)];
  if (width < 1 || height < 1 || maxval < 1 || maxval > 65535) throw new Error(`Netpbm header out of range: ${width}×${height}, maxval ${maxval}`);
  const channels = kind === 'P3' || kind === 'P6' ? 3 : 1;
  const count = width * height * channels;
  const pixels = new Uint8Array(count);
  const scale = (sample: number) => Math.round((Math.min(sample, maxval) * 255) / maxval);
  if (kind === 'P5' || kind === 'P6') {
    // Exactly one whitespace byte separates the header from the samples.
    const start = reader.pos + 1;
    const wide = maxval > 255;
    if (bytes.length < start + count * (wide ? 2 : 1)) throw new Error(`Netpbm data truncated: ${width}×${height} needs ${count * (wide ? 2 : 1)} bytes`);
    for (let i = 0; i < count; i++) pixels[i] = scale(wide ? (bytes[start + 2 * i] << 8) | bytes[start + 2 * i + 1] : bytes[start + i]);
  } else {
    for (let i = 0; i < count; i++) pixels[i] = scale(readHeaderNumber(bytes, reader));
  }
  return { width, height, channels, pixels };
}

/** The next decimal number, skipping whitespace and # comments; leaves `pos` just after it. */
function readHeaderNumber(bytes: Uint8Array, reader: { pos: number }): number {
  let pos = reader.pos;
  for (;;) {
    if (pos >= bytes.length) throw new Error('Netpbm data truncated');
    const byte = bytes[pos];
    if (byte === 0x23) while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
    else if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) pos++;
    else break;
  }
  let value = 0;
  const start = pos;
  while (pos < bytes.length && bytes[pos] >= 0x30 && bytes[pos] <= 0x39) value = value * 10 + bytes[pos++] - 0x30;
  if (pos === start) throw new Error(`Netpbm: expected a number at byte ${start}`);
  reader.pos = pos;
  return value;
}
