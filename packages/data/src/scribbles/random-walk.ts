/**
 * Random-walk scribbles (Valvano et al. 2021, AAG, LVSC, where a skeleton of the thin myocardium would be
 * "too good of an approximation"): per object, from a random pixel P inside the mask, repeat `steps`
 * times: i) add P to the scribble; ii) propose P ± 1 along x or y; iii) move there if it lies in the mask.
 */
import { assertInteger, DEFAULT_IGNORE_INDEX, type LabelMap, Rng } from '@seg/core';
import { backgroundRing } from './background.js';
import { assertLabelGrid, components8, emptyScribble, presentClasses } from './grid.js';
import { checkScribbleOptions } from './skeleton-scribbles.js';

export interface RandomWalkScribbleOptions {
  /** Iterations per object (the paper: 2500); a scribble has at most this many pixels per object. */
  steps?: number;
  /** Seed of the walk (same seed → same scribble). Default 0. */
  seed?: number;
  /**
   * The background (class 0) scribble: `'walk'` (default, as the paper's LVSC background) a random walk
   * per background object like any class; `'ring'` the ring of {@link backgroundRing} (falls back to
   * `'walk'` when empty); `'none'` no background scribble.
   */
  background?: 'walk' | 'ring' | 'none';
  /** Distance of the background ring from the foreground (background `'ring'`). Default 4. */
  margin?: number;
  /** The value of unscribbled pixels. Default 255. */
  ignoreIndex?: number;
}

const MOVES: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, -1],
  [1, 0],
  [-1, 0],
];

/**
 * Walks inside one object (pixels labelled `k`; a ±1 move keeps 4-adjacency, so the walk never leaves the
 * object) and writes the visited pixels into `out`. Draws 1 + steps numbers from `rng`.
 */
function walk(label: LabelMap, object: readonly number[], k: number, steps: number, rng: Rng, out: Int32Array): void {
  const [h, w] = label.shape;
  let p = object[rng.int(object.length)];
  for (let s = 0; s < steps; s++) {
    out[p] = k;
    const [dy, dx] = MOVES[rng.int(4)];
    const y = Math.floor(p / w) + dy;
    const x = (p % w) + dx;
    if (y >= 0 && y < h && x >= 0 && x < w && label.data[y * w + x] === k) p = y * w + x;
  }
}

/**
 * A scribble label map from a full label map: `ignoreIndex` everywhere except one random walk per
 * 8-connected object of every class (objects in class order, then raster order of their first pixel, all
 * drawn from one `Rng(seed)`), and the background scribble chosen by `background`.
 */
export function randomWalkScribbles(label: LabelMap, options: RandomWalkScribbleOptions = {}): LabelMap {
  const { steps = 2500, seed = 0, background = 'walk', margin = 4, ignoreIndex = DEFAULT_IGNORE_INDEX } = options;
  const fn = 'randomWalkScribbles';
  checkScribbleOptions(fn, background, ['walk', 'ring', 'none'], margin, ignoreIndex);
  assertInteger(steps, fn, 'steps', 1);
  assertInteger(seed, fn, 'seed');
  const [h, w] = assertLabelGrid(label, fn);
  const scribble = emptyScribble(h, w, ignoreIndex);
  const rng = new Rng(seed);
  const ring = background === 'ring' ? backgroundRing(label, margin, ignoreIndex) : [];
  for (const k of presentClasses(label.data, ignoreIndex)) {
    if (k === 0 && background === 'none') continue;
    if (k === 0 && ring.length > 0) {
      for (const i of ring) scribble.data[i] = 0;
      continue;
    }
    for (const object of components8(h, w, (i) => label.data[i] === k)) walk(label, object, k, steps, rng, scribble.data);
  }
  return scribble;
}
