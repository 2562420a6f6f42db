/**
 * Test helpers of the boundary metrics, and an independent naive implementation (coordinates, definition
 * of erosion, all pairs of boundary pixels) to cross-check the EDT-based one. Shares no code with src/.
 */
import { quantile, type Rng } from '@seg/core';

export interface TestMask {
  data: Uint8Array;
  shape: number[];
}

/** A 2D mask from rows of 0/1. */
export function m2(rows: number[][]): TestMask {
  return { data: Uint8Array.from(rows.flat()), shape: [rows.length, rows[0].length] };
}

/** A mask of `shape` with the listed pixels (coordinates) set. */
export function pixels(shape: number[], coords: number[][]): TestMask {
  const data = new Uint8Array(shape.reduce((a, b) => a * b, 1));
  for (const c of coords) data[flat(shape, c)] = 1;
  return { data, shape };
}

export function flat(shape: number[], c: number[]): number {
  let i = 0;
  for (let a = 0; a < shape.length; a++) i = i * shape[a] + c[a];
  return i;
}

function coords(shape: number[], i: number): number[] {
  const c = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    c[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return c;
}

/** Random 0/1 mask: a few random boxes plus salt noise. */
export function randomMask(rng: Rng, shape: number[], noise = 0.05): TestMask {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(n);
  const boxes = 1 + Math.floor(rng.next() * 3);
  for (let b = 0; b < boxes; b++) {
    const lo = shape.map((s) => Math.floor(rng.next() * s));
    const hi = lo.map((l, a) => Math.min(shape[a] - 1, l + Math.floor(rng.next() * shape[a] * 0.6)));
    for (let i = 0; i < n; i++) if (coords(shape, i).every((v, a) => v >= lo[a] && v <= hi[a])) data[i] = 1;
  }
  for (let i = 0; i < n; i++) if (rng.next() < noise) data[i] = 1 - data[i];
  return { data, shape };
}

/** Boundary coordinates by definition: a foreground pixel with a neighbour (cross or full) that is background or outside. */
export function naiveBoundary(m: TestMask, full = false): number[][] {
  const out: number[][] = [];
  const rank = m.shape.length;
  const deltas: number[][] = [];
  const steps =
    rank === 2
      ? [
          [-1, 0, 1],
          [-1, 0, 1],
        ]
      : [
          [-1, 0, 1],
          [-1, 0, 1],
          [-1, 0, 1],
        ];
  const rec = (prefix: number[]) => {
    if (prefix.length === rank) {
      const nz = prefix.filter((v) => v !== 0).length;
      if (nz > 0 && (full || nz === 1)) deltas.push(prefix);
      return;
    }
    for (const s of steps[prefix.length]) rec([...prefix, s]);
  };
  rec([]);
  for (let i = 0; i < m.data.length; i++) {
    if (!m.data[i]) continue;
    const c = coords(m.shape, i);
    const edge = deltas.some((d) => {
      const q = c.map((v, a) => v + d[a]);
      if (q.some((v, a) => v < 0 || v >= m.shape[a])) return true;
      return m.data[flat(m.shape, q)] === 0;
    });
    if (edge) out.push(c);
  }
  return out;
}

function dist(p: number[], q: number[], spacing: number[]): number {
  let s = 0;
  for (let a = 0; a < p.length; a++) s += ((p[a] - q[a]) * spacing[a]) ** 2;
  return Math.sqrt(s);
}

/** Directed distances from each point of `from` to the nearest point of `to`, all pairs. */
export function naiveDirected(from: number[][], to: number[][], spacing: number[]): number[] {
  return from.map((p) => Math.min(...to.map((q) => dist(p, q, spacing))));
}

/** Every metric, naively, for two non-empty masks. */
export function naiveMetrics(pred: TestMask, truth: TestMask, spacing: number[], full: boolean, tau: number) {
  const bp = naiveBoundary(pred, full);
  const bt = naiveBoundary(truth, full);
  const ab = naiveDirected(bp, bt, spacing);
  const ba = naiveDirected(bt, bp, spacing);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const within = (v: number[]) => v.filter((x) => x <= tau + 1e-9).length;
  const p = within(ab) / ab.length;
  const r = within(ba) / ba.length;
  return {
    hausdorff: Math.max(...ab, ...ba),
    hd95Pooled: quantile([...ab, ...ba], 0.95),
    hd95MaxOfDirected: Math.max(quantile(ab, 0.95), quantile(ba, 0.95)),
    asd: mean(ab),
    assdMeanOfDirected: (mean(ab) + mean(ba)) / 2,
    assdPooled: mean([...ab, ...ba]),
    bf: p + r === 0 ? 0 : (2 * p * r) / (p + r),
    nsd: (within(ab) + within(ba)) / (ab.length + ba.length),
  };
}

/** Brute-force distance of every pixel to the nearest pixel whose value is `target`. */
export function bruteDistance(m: TestMask, spacing: number[], target: number): Float64Array {
  const targets: number[][] = [];
  for (let i = 0; i < m.data.length; i++) if (m.data[i] === target) targets.push(coords(m.shape, i));
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.data.length; i++) {
    const c = coords(m.shape, i);
    out[i] = targets.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...targets.map((t) => dist(c, t, spacing)));
  }
  return out;
}
