/** Helpers of the scribble tests: masks from ASCII pictures, an independent Zhang–Suen, shape properties. */
import type { LabelMap } from '@seg/core';

/** A label map from rows of characters: '.' = 0, digits = that class, '#' = 1, 'x' = 255. */
export function picture(rows: string[]): LabelMap {
  const h = rows.length;
  const w = rows[0].length;
  const data = new Int32Array(h * w);
  rows.forEach((r, y) => {
    [...r].forEach((ch, x) => {
      data[y * w + x] = ch === '.' ? 0 : ch === '#' ? 1 : ch === 'x' ? 255 : Number(ch);
    });
  });
  return { data, shape: [h, w] };
}

/** A binary mask as rows of '#' and '.'. */
export function draw(mask: ArrayLike<number>, h: number, w: number): string[] {
  return Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => (mask[y * w + x] ? '#' : '.')).join(''));
}

/**
 * Zhang–Suen written independently from the paper's text on a 2D boolean grid (no flat indices, the
 * conditions spelled as "at least one of P2, P4, P6 is background" etc.), used as the reference.
 */
export function referenceZhangSuen(rows: string[]): string[] {
  const g = rows.map((r) => [...r].map((c) => c === '#'));
  const h = g.length;
  const w = g[0].length;
  const v = (y: number, x: number) => y >= 0 && y < h && x >= 0 && x < w && g[y][x];
  const ring = (y: number, x: number) => [
    v(y - 1, x),
    v(y - 1, x + 1),
    v(y, x + 1),
    v(y + 1, x + 1),
    v(y + 1, x),
    v(y + 1, x - 1),
    v(y, x - 1),
    v(y - 1, x - 1),
  ];
  for (;;) {
    let removed = 0;
    for (const step of [0, 1]) {
      const marks: [number, number][] = [];
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          if (!g[y][x]) continue;
          const [p2, p3, p4, p5, p6, p7, p8, p9] = ring(y, x);
          const seq = [p2, p3, p4, p5, p6, p7, p8, p9, p2];
          const b = seq.slice(0, 8).filter(Boolean).length;
          const a = seq.slice(0, 8).filter((q, i) => !q && seq[i + 1]).length;
          const c1 = step === 0 ? !p2 || !p4 || !p6 : !p2 || !p4 || !p8;
          const c2 = step === 0 ? !p4 || !p6 || !p8 : !p2 || !p6 || !p8;
          if (b >= 2 && b <= 6 && a === 1 && c1 && c2) marks.push([y, x]);
        }
      for (const [y, x] of marks) g[y][x] = false;
      removed += marks.length;
    }
    if (removed === 0) return g.map((r) => r.map((c) => (c ? '#' : '.')).join(''));
  }
}

/** True when some 2×2 block is all set. */
export function has2x2(mask: ArrayLike<number>, h: number, w: number): boolean {
  for (let y = 0; y + 1 < h; y++)
    for (let x = 0; x + 1 < w; x++)
      if (mask[y * w + x] && mask[y * w + x + 1] && mask[(y + 1) * w + x] && mask[(y + 1) * w + x + 1]) return true;
  return false;
}

/** Number of connected components of the set pixels (8- or 4-connectivity), by flood fill. */
export function countComponents(mask: ArrayLike<number>, h: number, w: number, connectivity: 4 | 8): number {
  const seen = new Set<number>();
  const steps =
    connectivity === 4
      ? [
          [0, 1],
          [1, 0],
          [0, -1],
          [-1, 0],
        ]
      : [
          [0, 1],
          [1, 0],
          [0, -1],
          [-1, 0],
          [1, 1],
          [1, -1],
          [-1, 1],
          [-1, -1],
        ];
  let n = 0;
  for (let s = 0; s < h * w; s++) {
    if (!mask[s] || seen.has(s)) continue;
    n++;
    const stack = [s];
    seen.add(s);
    while (stack.length > 0) {
      const p = stack.pop() as number;
      for (const [dy, dx] of steps) {
        const y = Math.floor(p / w) + dy;
        const x = (p % w) + dx;
        const q = y * w + x;
        if (y >= 0 && y < h && x >= 0 && x < w && mask[q] && !seen.has(q)) {
          seen.add(q);
          stack.push(q);
        }
      }
    }
  }
  return n;
}

/** A disc (|p − c| ≤ r) or annulus (r0 < |p − c| ≤ r1) mask on an n×n grid. */
export function disc(n: number, c: number, r1: number, r0 = -1): Uint8Array {
  const m = new Uint8Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const d = Math.hypot(y - c, x - c);
      m[y * n + x] = d <= r1 && d > r0 ? 1 : 0;
    }
  return m;
}
