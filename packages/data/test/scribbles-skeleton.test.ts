import { describe, expect, it } from 'vitest';
import { skeletonize } from '../src/scribbles/index.js';
import { countComponents, disc, draw, has2x2, picture, referenceZhangSuen } from './scribbles-helpers.js';

const thin = (rows: string[]) => draw(skeletonize(picture(rows).data, [rows.length, rows[0].length]), rows.length, rows[0].length);

function expectThinConnectedInside(mask: Uint8Array, skel: Uint8Array, n: number): void {
  expect(has2x2(skel, n, n)).toBe(false); // one pixel wide
  expect(countComponents(skel, n, n, 8)).toBe(1); // connected input → 8-connected skeleton
  for (let i = 0; i < skel.length; i++) if (skel[i]) expect(mask[i]).toBe(1); // inside the mask
}

describe('skeletonize (Zhang–Suen)', () => {
  it('a 5×9 filled rectangle thins to the middle row, columns 2…5 (hand-run below)', () => {
    // Hand run (pixels outside the image are 0). Iteration 1, sub-iteration 1 deletes the south row, the
    // east column and the NW corner; sub-iteration 2 the north row, the west column and the SE corner (3,7), leaving rows
    // 1–2 cols 1–7 and row 3 cols 1–6. Iteration 2 sub 1 deletes (1,1), (1,7), (2,7) and row 3; sub 2 deletes
    // row 1 and (2,1), (2,6) ((2,2) survives: A = 2). Iteration 3 deletes nothing: (2,2),(2,5) have B = 1, (2,3),(2,4) A = 2.
    const rect = Array.from({ length: 5 }, () => '#########');
    const want = ['.........', '.........', '..####...', '.........', '.........'];
    expect(thin(rect)).toEqual(want);
    expect(referenceZhangSuen(rect)).toEqual(want);
  });
  it('the same rectangle padded by a background border thins to the same segment, shifted', () => {
    const rect = ['...........', ...Array.from({ length: 5 }, () => '.#########.'), '...........'];
    expect(thin(rect)).toEqual(['...........', '...........', '...........', '...####....', '...........', '...........', '...........']);
  });
  it('an L shape: equals the independent reference implementation, thin, connected, inside', () => {
    const L = [
      '..........',
      '.###......',
      '.###......',
      '.###......',
      '.###......',
      '.###......',
      '.########.',
      '.########.',
      '.########.',
      '..........',
    ];
    const got = thin(L);
    expect(got).toEqual(referenceZhangSuen(L));
    // the result, pictured (printed by both implementations): an L along the arms' mid-lines, corner at (7,2)
    expect(got).toEqual([
      '..........',
      '..........',
      '..#.......',
      '..#.......',
      '..#.......',
      '..#.......',
      '..#.......',
      '..#####...',
      '..........',
      '..........',
    ]);
    const m = picture(L).data.map((v) => (v ? 1 : 0));
    expectThinConnectedInside(Uint8Array.from(m), skeletonize(m, [10, 10]), 10);
  });
  it('a disk: thin, connected, inside, near the centre', () => {
    const n = 17;
    const mask = disc(n, 8, 6);
    const skel = skeletonize(mask, [n, n]);
    expectThinConnectedInside(mask, skel, n);
    const pts = [...skel.keys()].filter((i) => skel[i]);
    expect(pts.length).toBeGreaterThan(0);
    expect(Math.min(...pts.map((i) => Math.hypot(Math.floor(i / n) - 8, (i % n) - 8)))).toBeLessThanOrEqual(1.5);
    expect(draw(skel, n, n)).toEqual(referenceZhangSuen(draw(mask, n, n)));
  });
  it('an annulus: a closed one-pixel loop (8-connected, and its complement has 2 4-connected parts: inside and outside)', () => {
    const n = 20;
    const mask = disc(n, 9.5, 8, 4);
    const skel = skeletonize(mask, [n, n]);
    expectThinConnectedInside(mask, skel, n);
    expect(
      countComponents(
        skel.map((v) => 1 - v),
        n,
        n,
        4,
      ),
    ).toBe(2);
    expect(draw(skel, n, n)).toEqual(referenceZhangSuen(draw(mask, n, n)));
  });
  it('a 2×2 square vanishes (why skeletonScribbles keeps a centroid pixel); an empty mask stays empty', () => {
    // each pixel of a lone 2×2 block has B = 3, A = 1 and an empty south/east or north/west side → all deleted in sub-iteration 1
    expect(thin(['....', '.##.', '.##.', '....']).join('')).not.toContain('#');
    expect(Array.from(skeletonize(new Uint8Array(6), [2, 3]))).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('names the argument at fault', () => {
    expect(() => skeletonize(new Uint8Array(5), [2, 3])).toThrow("skeletonize: 'mask' must be 6 values (2×3), got 5.");
    expect(() => skeletonize(new Uint8Array(5), [0, 3])).toThrow("skeletonize: 'shape[0]' must be an integer ≥ 1, got 0.");
  });
});
