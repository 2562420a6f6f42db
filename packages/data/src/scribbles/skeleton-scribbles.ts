/**
 * Skeleton scribbles (Valvano et al. 2021, AAG, CHAOS/PPSS): per class and per object, the Zhang–Suen
 * skeleton of the mask, "typically falling along the object's midline (as with manual ones)".
 */
import { DEFAULT_IGNORE_INDEX, type LabelMap, SegConfigError } from '@seg/core';
import { backgroundRing } from './background.js';
import { assertLabelGrid, centroidNearest, components8, emptyScribble, presentClasses } from './grid.js';
import { skeletonize } from './skeleton.js';

export interface SkeletonScribbleOptions {
  /**
   * The background (class 0) scribble: `'ring'` (default) a one-pixel curve around the foreground at
   * `margin` pixels (see {@link backgroundRing}; falls back to `'skeleton'` when there is no ring, e.g. no
   * foreground); `'skeleton'` the skeleton of the background class like any other class; `'none'` no
   * background scribble.
   */
  background?: 'ring' | 'skeleton' | 'none';
  /** Distance of the background ring from the foreground, pixels (> 0). Default 4. */
  margin?: number;
  /** The value of unscribbled pixels. Default 255. */
  ignoreIndex?: number;
}

/**
 * Writes into `out` the skeleton of every class in `classes`, per 8-connected object; an object whose
 * skeleton is empty (2×2 squares and similar) keeps the pixel nearest its centroid, so every present
 * class is scribbled. (Thinning the whole class mask equals thinning each object: objects are not 8-adjacent.)
 */
export function writeSkeletons(label: LabelMap, classes: readonly number[], out: Int32Array): void {
  const [h, w] = label.shape;
  for (const k of classes) {
    const skel = skeletonize(
      label.data.map((v) => (v === k ? 1 : 0)),
      [h, w],
    );
    for (const object of components8(h, w, (i) => label.data[i] === k)) {
      let any = false;
      for (const i of object) {
        if (skel[i]) {
          out[i] = k;
          any = true;
        }
      }
      if (!any) out[centroidNearest(object, w)] = k;
    }
  }
}

/** Checks the options shared by the scribble generators (one SegConfigError listing every problem). */
export function checkScribbleOptions<B extends string>(
  fn: string,
  background: B,
  allowed: readonly B[],
  margin: number,
  ignoreIndex: number,
): void {
  const problems: string[] = [];
  if (!allowed.includes(background))
    problems.push(`'background' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(background)}`);
  if (!(typeof margin === 'number' && Number.isFinite(margin) && margin > 0)) problems.push(`'margin' must be a number > 0, got ${margin}`);
  if (!(Number.isInteger(ignoreIndex) && ignoreIndex >= 0)) problems.push(`'ignoreIndex' must be an integer ≥ 0, got ${ignoreIndex}`);
  if (problems.length > 0) throw new SegConfigError({ fn, detail: 'invalid options', problems });
}

/**
 * A scribble label map from a full label map: `ignoreIndex` everywhere except the skeleton of every
 * foreground class (per object) and the background scribble chosen by `background`.
 */
export function skeletonScribbles(label: LabelMap, options: SkeletonScribbleOptions = {}): LabelMap {
  const { background = 'ring', margin = 4, ignoreIndex = DEFAULT_IGNORE_INDEX } = options;
  const fn = 'skeletonScribbles';
  checkScribbleOptions(fn, background, ['ring', 'skeleton', 'none'], margin, ignoreIndex);
  const [h, w] = assertLabelGrid(label, fn);
  const scribble = emptyScribble(h, w, ignoreIndex);
  const classes = presentClasses(label.data, ignoreIndex);
  writeSkeletons(
    label,
    classes.filter((k) => k !== 0),
    scribble.data,
  );
  if (background !== 'none' && classes.includes(0)) writeBackground(label, background, margin, ignoreIndex, scribble.data);
  return scribble;
}

function writeBackground(label: LabelMap, background: 'ring' | 'skeleton', margin: number, ignoreIndex: number, out: Int32Array): void {
  const ring = background === 'ring' ? backgroundRing(label, margin, ignoreIndex) : [];
  if (ring.length > 0) for (const i of ring) out[i] = 0;
  else writeSkeletons(label, [0], out);
}
