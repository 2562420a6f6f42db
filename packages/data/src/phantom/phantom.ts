/**
 * Synthetic phantom datasets: deterministic from the seed, generated on demand (sample i from its own
 * generator `new Rng(seed).fork('<kind>:<i>')`, so any sample can be drawn alone), and cached while the whole
 * dataset fits in 2²⁴ pixels (≈ 128 MB of image + label), regenerated on every `get` above that.
 */
import { Rng, type Sample } from '@seg/core';
import { type Dataset, defineDataset } from '../dataset.js';
import { noduleSample } from './nodule.js';
import { type PhantomKind, type PhantomOptions, resolvePhantomOptions } from './options.js';
import { ringsSample } from './rings.js';

const CLASS_NAMES: Readonly<Record<PhantomKind, readonly string[]>> = {
  nodule: ['background', 'nodule'],
  rings: ['background', 'right_ventricle', 'myocardium', 'left_ventricle'],
};

const CACHE_PIXELS = 2 ** 24;

/**
 * A phantom dataset: 'nodule' (binary, ultrasound-like, see nodule.ts) or 'rings' (4 classes like ACDC,
 * see rings.ts). Images are 1-channel, size×size, z-scored per image. Ids are `<kind>_0000`, `<kind>_0001`, ….
 * Named `phantom:<kind>`.
 */
export function phantomDataset(options: PhantomOptions = {}): Dataset {
  const { kind, count, size, seed, noise } = resolvePhantomOptions(options);
  const root = new Rng(seed);
  const digits = Math.max(4, String(count - 1).length);
  const ids = Array.from({ length: count }, (_, i) => `${kind}_${String(i).padStart(digits, '0')}`);
  const make = kind === 'nodule' ? noduleSample : ringsSample;
  const cache = count * size * size <= CACHE_PIXELS ? new Map<number, Sample>() : undefined;
  const generate = (i: number): Sample => make(root.fork(`${kind}:${i}`), ids[i], size, noise);
  return defineDataset({
    name: `phantom:${kind}`,
    size: count,
    numClasses: CLASS_NAMES[kind].length,
    channels: 1,
    height: size,
    width: size,
    classNames: CLASS_NAMES[kind],
    get(i) {
      if (!cache) return generate(i);
      let s = cache.get(i);
      if (!s) {
        s = generate(i);
        cache.set(i, s);
      }
      return s;
    },
    ids: () => [...ids],
  });
}
