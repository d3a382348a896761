import { writeFileSync } from 'node:fs';
import { encodePng } from './png.js';

/**
 * The app's logo at `size` pixels: a calendar page (blue header, white body) with a green check, on a
 * transparent background, drawn with a little supersampling so edges are smooth. Square corners: the
 * marketplace asks for no rounded corners on logo.png.
 */
export function drawLogo(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const colour = colourAt((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          for (let i = 0; i < 4; i += 1) sum[i]! += colour[i]!;
        }
      }
      const offset = (y * size + x) * 4;
      for (let i = 0; i < 4; i += 1) rgba[offset + i] = Math.round(sum[i]! / (samples * samples));
    }
  }
  return rgba;
}

type Rgba = [number, number, number, number];
const BLUE: Rgba = [31, 115, 183, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [3, 136, 77, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

// u, v in [0, 1): the page spans 0.08–0.92, its header the top fifth, the check two strokes.
function colourAt(u: number, v: number): Rgba {
  const inPage = u >= 0.08 && u <= 0.92 && v >= 0.1 && v <= 0.92;
  if (!inPage) return CLEAR;
  if (v < 0.28) return BLUE;
  const onEdge = u < 0.13 || u > 0.87 || v > 0.87;
  if (onEdge) return BLUE;
  if (nearSegment(u, v, 0.3, 0.58, 0.45, 0.73) || nearSegment(u, v, 0.45, 0.73, 0.72, 0.42)) return GREEN;
  return WHITE;
}

function nearSegment(u: number, v: number, x1: number, y1: number, x2: number, y2: number): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((u - x1) * dx + (v - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - (x1 + t * dx), v - (y1 + t * dy)) < 0.055;
}

/** Writes assets/logo.png (320 × 320) and assets/logo-small.png (128 × 128) into `assetsDir` (scripts/write-logos.mjs). */
export function writeLogos(assetsDir: URL): void {
  writeFileSync(new URL('logo.png', assetsDir), encodePng(320, 320, drawLogo(320)));
  writeFileSync(new URL('logo-small.png', assetsDir), encodePng(128, 128, drawLogo(128)));
}
