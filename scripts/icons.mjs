// Generates the app icons from assets/icon.svg (the one source): PNGs 16–1024 in
// assets/icons/ (Linux takes the folder), assets/icon.icns (macOS) and assets/icon.ico
// (Windows). The outputs are committed; run this only after changing the SVG.
// Needs Debian's librsvg2-bin (rsvg-convert) and imagemagick (convert, for the .ico,
// which keeps small sizes as bitmaps for old Windows shells and NSIS).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = `${root}assets/icon.svg`;
const out = `${root}assets/icons`;
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS entry types holding PNG data, by pixel size (Apple's icns format, 10.7+).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256], // 128@2x
  ['ic09', 512],
  ['ic14', 512], // 256@2x
  ['ic10', 1024], // 512@2x
];

mkdirSync(out, { recursive: true });
const png = (size) => `${out}/${size}x${size}.png`;
for (const size of PNG_SIZES) {
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', png(size), svg]);
}

execFileSync('convert', [...ICO_SIZES.map(png), `${root}assets/icon.ico`]);

const entries = ICNS_TYPES.map(([type, size]) => {
  const data = readFileSync(png(size));
  const header = Buffer.alloc(8);
  header.write(type, 0, 'ascii');
  header.writeUInt32BE(data.length + 8, 4);
  return Buffer.concat([header, data]);
});
const body = Buffer.concat(entries);
const head = Buffer.alloc(8);
head.write('icns', 0, 'ascii');
head.writeUInt32BE(body.length + 8, 4);
writeFileSync(`${root}assets/icon.icns`, Buffer.concat([head, body]));
console.log('icons: assets/icons/*.png, assets/icon.icns, assets/icon.ico written');
