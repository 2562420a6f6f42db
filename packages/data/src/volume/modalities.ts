/** Several co-registered scans of one case (e.g. T1, T2, FLAIR) as the channels of one 4D volume. */
import { describeShape, SegInputError } from '@seg/core';
import { assertVolume, gridOf, sameAffine, type Volume } from './volume.js';

export interface ModalityOptions {
  /** Names used in errors (e.g. the file paths). Default `volumes[i]`. */
  names?: readonly string[];
  /** Largest allowed difference between affine entries, relative (default 1e-4). */
  tolerance?: number;
}

/**
 * Stacks 3D volumes on one grid into an X×Y×Z×M float32 volume (channel m = volumes[m]); the geometry is that of
 * the first. Every volume must have the same X×Y×Z and the same affine: modalities that are not resampled onto
 * one grid would put different anatomy in one pixel's channels.
 */
export function stackModalities(volumes: readonly Volume[], options: ModalityOptions = {}): Volume {
  const fn = 'stackModalities';
  const { tolerance = 1e-4 } = options;
  const names = options.names ?? volumes.map((_, i) => `volumes[${i}]`);
  if (!Array.isArray(volumes) || volumes.length === 0)
    throw new SegInputError({ fn, arg: 'volumes', expected: 'a non-empty array of volumes', got: String(volumes?.length ?? volumes) });
  volumes.forEach((v, i) => {
    assertVolume(v, fn, names[i]);
  });
  const first: Volume = volumes[0];
  const show = (a: readonly number[]) =>
    `[${a
      .slice(0, 12)
      .map((x) => +x.toFixed(3))
      .join(', ')}]`;
  const { dims } = gridOf(first);
  volumes.forEach((v: Volume, i) => {
    const g = gridOf(v);
    if (g.channels !== 1 || g.dims.some((d, j) => d !== dims[j]))
      throw new SegInputError({
        fn,
        arg: names[i],
        expected: `a 3D volume of ${describeShape(dims)} like ${names[0]}`,
        got: describeShape(v.shape),
        hint: 'Resample every modality onto one grid (e.g. with ANTs or FSL flirt) before stacking',
      });
    if (!sameAffine(v.affine, first.affine, tolerance))
      throw new SegInputError({
        fn,
        arg: names[i],
        expected: `the affine of ${names[0]} ${show(first.affine)}`,
        got: show(v.affine),
        hint: 'The volumes have the same size but lie differently in space; register them onto one grid first',
      });
  });
  if (volumes.length === 1) return { ...first, data: Float32Array.from(first.data), datatype: 'float32' };
  const n = first.data.length;
  const data = new Float32Array(n * volumes.length);
  volumes.forEach((v, m) => {
    data.set(v.data, m * n);
  });
  return {
    data,
    shape: [...dims, volumes.length],
    spacing: [...first.spacing.slice(0, 3), 1],
    affine: [...first.affine],
    datatype: 'float32',
    header: { ...first.header },
  };
}
