/**
 * How much of each class a scribble covers (Valvano et al. 2021 quote "image coverage" per class, e.g.
 * ACDC RV 0.1 %, MYO 0.2 %, LV 0.1 %, BGD 10.4 % of the image).
 */
import { assertInteger, DEFAULT_IGNORE_INDEX, type LabelMap, SegInputError } from '@seg/core';
import { assertLabelGrid } from './grid.js';

/** Coverage of one class. */
export interface ClassCoverage {
  /** Scribble pixels of this class. */
  scribbled: number;
  /** Of those, pixels whose true label is another class (0 for scribbles generated inside the masks). */
  wrong: number;
  /** Pixels of this class in the full label map. */
  mask: number;
  /** Image pixels (H·W, summed over images when accumulated). */
  pixels: number;
  /** (scribbled − wrong) / mask: the part of the mask the scribble covers; NaN when the mask is empty. */
  fraction: number;
  /** scribbled / pixels: the "image coverage" of the paper. */
  imageFraction: number;
}

function finish(c: Omit<ClassCoverage, 'fraction' | 'imageFraction'>): ClassCoverage {
  return {
    ...c,
    fraction: c.mask > 0 ? (c.scribbled - c.wrong) / c.mask : Number.NaN,
    imageFraction: c.pixels > 0 ? c.scribbled / c.pixels : Number.NaN,
  };
}

/**
 * Per-class coverage of `scribble` (unscribbled = `ignoreIndex`) against the full `label` map
 * (index = class, `numClasses` entries). Pixels whose true label is `ignoreIndex` count in no mask.
 */
export function scribbleCoverage(
  scribble: LabelMap,
  label: LabelMap,
  numClasses: number,
  options: { ignoreIndex?: number } = {},
): ClassCoverage[] {
  const { ignoreIndex = DEFAULT_IGNORE_INDEX } = options;
  const fn = 'scribbleCoverage';
  assertInteger(numClasses, fn, 'numClasses', 1);
  const [h, w] = assertLabelGrid(scribble, fn, 'scribble');
  const [lh, lw] = assertLabelGrid(label, fn, 'label');
  if (lh !== h || lw !== w) throw new SegInputError({ fn, arg: 'label', expected: `${h}×${w} like 'scribble'`, got: `${lh}×${lw}` });
  const counts = Array.from({ length: numClasses }, () => ({ scribbled: 0, wrong: 0, mask: 0, pixels: h * w }));
  for (let i = 0; i < h * w; i++) {
    const s = scribble.data[i];
    const t = label.data[i];
    for (const [v, arg] of [
      [s, 'scribble'],
      [t, 'label'],
    ] as const) {
      if (v !== ignoreIndex && v >= numClasses)
        throw new SegInputError({
          fn,
          arg,
          expected: `class indices in [0, ${numClasses - 1}] or ${ignoreIndex}`,
          got: `${v} at flat index ${i}`,
        });
    }
    if (t !== ignoreIndex) counts[t].mask++;
    if (s !== ignoreIndex) {
      counts[s].scribbled++;
      if (s !== t) counts[s].wrong++;
    }
  }
  return counts.map(finish);
}

/** Dataset-level accumulation: counts summed per class, fractions recomputed from the sums (pooled). */
export function addCoverage(into: readonly ClassCoverage[], other: readonly ClassCoverage[]): ClassCoverage[] {
  if (into.length !== other.length)
    throw new SegInputError({ fn: 'addCoverage', arg: 'other', expected: `${into.length} classes like 'into'`, got: `${other.length}` });
  return into.map((a, k) => {
    const b = other[k];
    return finish({ scribbled: a.scribbled + b.scribbled, wrong: a.wrong + b.wrong, mask: a.mask + b.mask, pixels: a.pixels + b.pixels });
  });
}
