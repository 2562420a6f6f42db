/**
 * Simulated annotators for deterministic scribbles: a second annotator draws a shorter stroke on the
 * same object (Valvano et al. 2021 sum the supervised loss over several scribbles per image).
 */
import type { LabelMap, Rng } from '@seg/core';
import { components8, presentClasses } from './grid.js';

/**
 * Keeps, per 8-connected stroke of each class of `scribble`, a connected part: the first ⌈f·n⌉ of its n
 * pixels in breadth-first order from a random pixel of the stroke, f uniform in [minKeep, 1]. A
 * one-pixel stroke is kept, so every scribbled class stays scribbled. Returns a new label map.
 */
export function trimScribble(scribble: LabelMap, rng: Rng, ignoreIndex: number, minKeep = 0.5): LabelMap {
  const [h, w] = scribble.shape;
  const src = scribble.data;
  const out = new Int32Array(src.length).fill(ignoreIndex);
  for (const k of presentClasses(src, ignoreIndex)) {
    for (const stroke of components8(h, w, (i) => src[i] === k)) {
      const start = stroke[rng.int(stroke.length)];
      const keep = Math.ceil(rng.uniform(minKeep, 1) * stroke.length);
      for (const i of bfsFrom(start, h, w, new Set(stroke)).slice(0, keep)) out[i] = k;
    }
  }
  return { data: out, shape: [h, w] };
}

function bfsFrom(start: number, h: number, w: number, allowed: Set<number>): number[] {
  const order = [start];
  const seen = new Set([start]);
  for (let q = 0; q < order.length; q++) {
    const y = Math.floor(order[q] / w);
    const x = order[q] % w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const yy = y + dy;
        const xx = x + dx;
        const j = yy * w + xx;
        if (yy < 0 || yy >= h || xx < 0 || xx >= w || seen.has(j) || !allowed.has(j)) continue;
        seen.add(j);
        order.push(j);
      }
    }
  }
  return order;
}
