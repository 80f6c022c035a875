/**
 * Draws the web app's icons (a white shopping bag on the brand blue) and writes them as PNGs into public/icons.
 * No image library is installed, so this encodes PNG itself: RGBA rows, deflated with node:zlib.
 * Run once after changing the drawing: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

/** --color-brand-600 in app/globals.css, also the manifest's theme color. */
const BRAND: Rgba = [0x1f, 0x5f, 0xd6, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

type Rgba = [number, number, number, number];

interface IconSpec {
  file: string;
  size: number;
  /** "rounded": transparent corners, for launchers that show the icon as it is. "full": edge to edge, for maskable and Apple icons, which the platform crops itself (Apple fills transparency with black). */
  background: "rounded" | "full";
  /** Share of the icon's width the glyph takes; maskable icons must keep it inside the central safe circle (radius 40%). */
  glyphScale: number;
}

const ICONS: IconSpec[] = [
  { file: "icon-192.png", size: 192, background: "rounded", glyphScale: 0.62 },
  { file: "icon-512.png", size: 512, background: "rounded", glyphScale: 0.62 },
  { file: "icon-maskable-512.png", size: 512, background: "full", glyphScale: 0.5 },
  { file: "apple-touch-icon.png", size: 180, background: "full", glyphScale: 0.6 },
];

/** Coverage of the point (x, y), both 0..1 across the icon, by the background square. */
function inBackground(x: number, y: number, spec: IconSpec): boolean {
  if (spec.background === "full") return true;
  return insideRoundedRect(x, y, 0, 0, 1, 1, 0.22);
}

/** The bag, in its own 0..1 box: a body wider at the bottom, and a thin handle arching above it (a squarer body reads as a padlock). */
function inGlyph(gx: number, gy: number): boolean {
  const top = 0.36;
  const bottom = 0.95;
  if (gy >= top && gy <= bottom) {
    const t = (gy - top) / (bottom - top);
    const halfWidth = 0.3 + 0.1 * t;
    if (Math.abs(gx - 0.5) <= halfWidth) return true;
  }
  const r = Math.hypot(gx - 0.5, gy - top);
  return gy <= top && r <= 0.2 && r >= 0.145;
}

function insideRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, radius: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
  const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

function colourAt(x: number, y: number, spec: IconSpec): Rgba {
  if (!inBackground(x, y, spec)) return CLEAR;
  const offset = (1 - spec.glyphScale) / 2;
  const gx = (x - offset) / spec.glyphScale;
  const gy = (y - offset) / spec.glyphScale;
  return inGlyph(gx, gy) ? WHITE : BRAND;
}

/** 4×4 samples per pixel, so edges are smooth at every size. */
function draw(spec: IconSpec): Buffer {
  const { size } = spec;
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, spec);
          // Premultiplied, so transparent samples do not darken the edge.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      pixels[i] = a ? Math.round(r / a) : 0;
      pixels[i + 1] = a ? Math.round(g / a) : 0;
      pixels[i + 2] = a ? Math.round(b / a) : 0;
      pixels[i + 3] = Math.round(a / (samples * samples));
    }
  }
  return encodePng(size, size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Compression, filter method and interlace all 0.
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    const start = y * (width * 4 + 1);
    rows[start] = 0; // filter: none
    rgba.copy(rows, start + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const outDir = path.join(process.cwd(), "public", "icons");
mkdirSync(outDir, { recursive: true });
for (const spec of ICONS) {
  const png = draw(spec);
  writeFileSync(path.join(outDir, spec.file), png);
  console.log(`${spec.file}: ${spec.size}×${spec.size}, ${png.length} bytes`);
}
