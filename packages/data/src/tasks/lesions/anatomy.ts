/**
 * The healthy anatomy of the lesion task: the real Colin27 brain (Debian `mricron-data`, ch2bet.nii.gz: the T1
 * with the skull removed, 181×217×181 at 1 mm, RAS voxel axes), read once per process.
 *
 * Tissue anchors: a 3-class 1D k-means of the T1 values of brain voxels (initialised at the 5th, 50th and 95th
 * percentiles, 30 iterations on a 1024-bin histogram) gives the mean T1 of CSF, grey and white matter (Colin27:
 * ≈ 52, 84, 109). Candidate tumour centres: white-matter voxels (T1 above the grey/white midpoint) on a 4 mm lattice,
 * in the upper 60 % of the brain's height (cerebrum, not cerebellum or brainstem), with brain 14 mm away along all
 * six axis directions.
 */
import { SegInputError } from '@seg/core';
import { COLIN27_DIR, colin27Paths } from '../../volume/colin27.js';
import { readNifti } from '../../volume/nifti-read.js';

export interface BrainAnatomy {
  /** Skull-stripped T1, 0 outside the brain; x fastest, then y, then z. */
  t1: Float32Array;
  dims: readonly [number, number, number];
  /** Mean T1 of CSF, grey matter and white matter. */
  anchors: readonly [csf: number, gm: number, wm: number];
  /** Brain bounding box, voxel index ranges [lo, hi] per axis. */
  box: readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
  /** Candidate tumour centres (voxel coordinates), flattened x, y, z triples. */
  centres: Float32Array;
}

let cached: { path: string; anatomy: BrainAnatomy } | undefined;

/** k-means of a histogram (bin index = value) into 3 means, in bin units. */
function tissueMeans(hist: Float64Array, total: number): [number, number, number] {
  const pct = (p: number) => {
    let acc = 0;
    for (let v = 0; v < hist.length; v++) {
      acc += hist[v];
      if (acc >= p * total) return v;
    }
    return hist.length - 1;
  };
  let m = [pct(0.05), pct(0.5), pct(0.95)];
  for (let it = 0; it < 30; it++) {
    const s = [0, 0, 0];
    const n = [0, 0, 0];
    for (let v = 0; v < hist.length; v++) {
      if (hist[v] === 0) continue;
      let best = 0;
      for (let k = 1; k < 3; k++) if (Math.abs(v - m[k]) < Math.abs(v - m[best])) best = k;
      s[best] += hist[v] * v;
      n[best] += hist[v];
    }
    m = m.map((old, k) => (n[k] > 0 ? s[k] / n[k] : old));
  }
  return m as [number, number, number];
}

function boundingBox(t1: Float32Array, [nx, ny, nz]: readonly number[]): BrainAnatomy['box'] {
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (t1[i] <= 0) continue;
        lo[0] = Math.min(lo[0], x);
        hi[0] = Math.max(hi[0], x);
        lo[1] = Math.min(lo[1], y);
        hi[1] = Math.max(hi[1], y);
        lo[2] = Math.min(lo[2], z);
        hi[2] = Math.max(hi[2], z);
      }
  return [
    [lo[0], hi[0]],
    [lo[1], hi[1]],
    [lo[2], hi[2]],
  ];
}

function candidateCentres(t1: Float32Array, dims: readonly number[], box: BrainAnatomy['box'], wmFrom: number): Float32Array {
  const [nx, ny, nz] = dims;
  const at = (x: number, y: number, z: number) =>
    x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz ? t1[x + nx * (y + ny * z)] : 0;
  const out: number[] = [];
  const zFrom = Math.round(box[2][0] + 0.4 * (box[2][1] - box[2][0]));
  const r = 14;
  for (let z = zFrom; z <= box[2][1]; z += 4)
    for (let y = box[1][0]; y <= box[1][1]; y += 4)
      for (let x = box[0][0]; x <= box[0][1]; x += 4) {
        if (at(x, y, z) < wmFrom) continue;
        const deep = [at(x - r, y, z), at(x + r, y, z), at(x, y - r, z), at(x, y + r, z), at(x, y, z - r), at(x, y, z + r)];
        if (deep.every((v) => v > 0)) out.push(x, y, z);
      }
  return Float32Array.from(out);
}

/** The Colin27 brain anatomy (read on first use, then cached; see the module comment). */
export function brainAnatomy(fn = 'lesionsDataset'): BrainAnatomy {
  const paths = colin27Paths();
  if (paths === undefined)
    throw new SegInputError({
      fn,
      detail: `the lesion task needs the Colin27 brain (ch2bet.nii.gz), found in none of ${[process.env.SEG_COLIN27_DIR, ...COLIN27_DIR].filter(Boolean).join(', ')}`,
      hint: 'Install it with: sudo apt-get install mricron-data (or set SEG_COLIN27_DIR)',
    });
  if (cached?.path === paths.bet) return cached.anatomy;
  const volume = readNifti(paths.bet);
  const dims = [volume.shape[0], volume.shape[1], volume.shape[2]] as const;
  const t1 = new Float32Array(volume.data.length);
  let top = 0;
  for (let i = 0; i < t1.length; i++) {
    t1[i] = Math.max(0, volume.data[i]);
    top = Math.max(top, t1[i]);
  }
  const bins = 1024;
  const hist = new Float64Array(bins);
  let total = 0;
  for (let i = 0; i < t1.length; i++) {
    if (t1[i] <= 0) continue;
    hist[Math.round((t1[i] / top) * (bins - 1))]++;
    total++;
  }
  const anchors = tissueMeans(hist, total).map((m) => (m / (bins - 1)) * top) as [number, number, number];
  const box = boundingBox(t1, dims);
  const centres = candidateCentres(t1, dims, box, (anchors[1] + anchors[2]) / 2);
  const anatomy: BrainAnatomy = { t1, dims, anchors, box, centres };
  cached = { path: paths.bet, anatomy };
  return anatomy;
}

/** Trilinear T1 at voxel coordinates (x, y, z); 0 outside the volume. */
export function sampleT1(a: BrainAnatomy, x: number, y: number, z: number): number {
  const [nx, ny, nz] = a.dims;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const z0 = Math.floor(z);
  if (x0 < 0 || y0 < 0 || z0 < 0 || x0 >= nx - 1 || y0 >= ny - 1 || z0 >= nz - 1) return 0;
  const fx = x - x0;
  const fy = y - y0;
  const fz = z - z0;
  const i = x0 + nx * (y0 + ny * z0);
  const sx = 1;
  const sy = nx;
  const sz = nx * ny;
  const t = a.t1;
  const c00 = t[i] + fx * (t[i + sx] - t[i]);
  const c10 = t[i + sy] + fx * (t[i + sy + sx] - t[i + sy]);
  const c01 = t[i + sz] + fx * (t[i + sz + sx] - t[i + sz]);
  const c11 = t[i + sz + sy] + fx * (t[i + sz + sy + sx] - t[i + sz + sy]);
  const c0 = c00 + fy * (c10 - c00);
  const c1 = c01 + fy * (c11 - c01);
  return c0 + fz * (c1 - c0);
}
