/**
 * The background scribble "approximately around" the foreground (Valvano et al. 2021, ACDC: experts
 * "draw a scribble approximately around the heart"), made automatic.
 */
import type { LabelMap } from '@seg/core';

/**
 * The background ring: let F be the foreground (labels other than 0 and `ignoreIndex`) and D its
 * Euclidean dilation by `margin` pixels (pixels at distance ≤ margin from F). The ring is the inner
 * boundary of D clipped to the image: pixels of D with a 4-neighbour inside the image but outside D.
 * It is an 8-connected curve at distance ⌈margin⌉ (± 1) from F, closed unless it meets the image border
 * (where it stops: the image edge is not a boundary). Only pixels labelled 0 are kept. Returns flat
 * indices in raster order (empty when there is no foreground, or D covers the image).
 */
export function backgroundRing(label: LabelMap, margin: number, ignoreIndex: number): number[] {
  const [h, w] = label.shape;
  const d = label.data;
  const fg = (i: number) => d[i] !== 0 && d[i] !== ignoreIndex;
  const r = Math.floor(margin);
  const offsets: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dy * dy + dx * dx <= margin * margin) offsets.push([dy, dx]);
  const dilated = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!fg(y * w + x)) continue;
      for (const [dy, dx] of offsets) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy >= 0 && yy < h && xx >= 0 && xx < w) dilated[yy * w + xx] = 1;
      }
    }
  }
  const ring: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!dilated[i] || d[i] !== 0) continue;
      const out = (yy: number, xx: number) => yy >= 0 && yy < h && xx >= 0 && xx < w && !dilated[yy * w + xx];
      if (out(y - 1, x) || out(y + 1, x) || out(y, x - 1) || out(y, x + 1)) ring.push(i);
    }
  }
  return ring;
}
