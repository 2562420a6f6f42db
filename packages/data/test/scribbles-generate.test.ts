import { DEFAULT_IGNORE_INDEX, type LabelMap } from '@seg/core';
import { phantomDataset } from '@seg/data';
import { describe, expect, it } from 'vitest';
import { randomWalkScribbles, skeletonScribbles } from '../src/scribbles/index.js';
import { picture } from './scribbles-helpers.js';

/** A 9×9 background with one class-1 pixel at the centre. */
const dotIn9x9 = () => picture(Array.from({ length: 9 }, (_, r) => (r === 4 ? '....1....' : '.........')));

/** Rows of the scribble: '-' unscribbled (255), digits = class. */
const show = (s: LabelMap) => {
  const [h, w] = s.shape;
  return Array.from({ length: h }, (_, y) => Array.from(s.data.slice(y * w, (y + 1) * w), (v) => (v === 255 ? '-' : String(v))).join(''));
};
const inside = (s: LabelMap, truth: LabelMap) => s.data.every((v, i) => v === DEFAULT_IGNORE_INDEX || v === truth.data[i]);

describe('skeletonScribbles', () => {
  it('hand-drawn: a one-pixel object keeps its pixel; the ring at margin 2 is the diamond at distance 2', () => {
    // dilation by a disc of radius 2 (dy² + dx² ≤ 4) = 13 pixels; its inner boundary (a 4-neighbour outside) = the 8 pixels below
    const label = dotIn9x9();
    expect(show(skeletonScribbles(label, { margin: 2 }))).toEqual([
      '---------',
      '---------',
      '----0----',
      '---0-0---',
      '--0-1-0--',
      '---0-0---',
      '----0----',
      '---------',
      '---------',
    ]);
  });
  it('the ring is clipped at the image border (the image edge is not a boundary)', () => {
    // D = {(0,0),(0,1),(0,2),(1,0),(1,1),(2,0)}; (0,1) and (1,0) have all their in-image 4-neighbours in D
    expect(show(skeletonScribbles(picture(['1....', '.....', '.....', '.....', '.....']), { margin: 2 }))).toEqual([
      '1-0--',
      '-0---',
      '0----',
      '-----',
      '-----',
    ]);
  });
  it('per object: both objects of a class are scribbled; a 2×2 object (empty skeleton) keeps its centroid-nearest pixel', () => {
    // class 1: a 1×4 bar (end pixels have B = 1, inner ones A = 2 → Zhang–Suen keeps all four)
    // class 2: a 2×2 square (thinning deletes it) → top-left pixel (all four equidistant from the centroid; smallest index)
    const label = picture(['..........', '.1111.....', '..........', '......22..', '......22..', '..........']);
    expect(show(skeletonScribbles(label, { background: 'none' }))).toEqual([
      '----------',
      '-1111-----',
      '----------',
      '------2---',
      '----------',
      '----------',
    ]);
  });
  it("background 'skeleton' (and 'ring' without foreground) thins the background class; ignored input pixels stay unscribbled", () => {
    const bg = picture(Array.from({ length: 5 }, () => '.........'));
    const want = ['---------', '---------', '--0000---', '---------', '---------']; // the 5×9 rectangle of the skeleton test
    expect(show(skeletonScribbles(bg))).toEqual(want);
    expect(show(skeletonScribbles(bg, { background: 'skeleton' }))).toEqual(want);
    // the background here is a 2×2 block (thinned away) → its centroid-nearest pixel, ties → smallest index (0,2)
    expect(show(skeletonScribbles(picture(['xx..', 'xx..'])))).toEqual(['--0-', '----']);
  });
  it('on the rings phantom: every class scribbled, every scribble pixel carries its true class', () => {
    const ds = phantomDataset({ kind: 'rings', count: 3, size: 32, seed: 4 });
    for (let i = 0; i < ds.size; i++) {
      const truth = ds.get(i).label as LabelMap;
      const s = skeletonScribbles(truth);
      expect(inside(s, truth)).toBe(true);
      expect(new Set(s.data)).toEqual(new Set([...truth.data, 255]));
      expect(s.data.filter((v) => v !== 255).length).toBeLessThan(truth.data.length / 4);
    }
  });
  it('lists every bad option at once', () => {
    expect(() => skeletonScribbles(picture(['1.']), { background: 'walk' as 'ring', margin: 0 })).toThrow(
      "skeletonScribbles: invalid options:\n  - 'background' must be one of 'ring', 'skeleton', 'none', got \"walk\"\n  - 'margin' must be a number > 0, got 0",
    );
    expect(() => skeletonScribbles({ data: new Int32Array(3), shape: [2, 2] })).toThrow(
      "skeletonScribbles: 'label' must be an H×W label map",
    );
  });
});

describe('randomWalkScribbles', () => {
  const ds = phantomDataset({ kind: 'rings', count: 2, size: 32, seed: 7 });
  const truth = ds.get(0).label as LabelMap;
  it('stays inside each mask, scribbles every class; same seed same scribble, other seed differs', () => {
    const a = randomWalkScribbles(truth, { seed: 3, steps: 200 });
    expect(inside(a, truth)).toBe(true);
    expect(new Set(a.data)).toEqual(new Set([...truth.data, 255]));
    expect(randomWalkScribbles(truth, { seed: 3, steps: 200 }).data).toEqual(a.data);
    expect(randomWalkScribbles(truth, { seed: 4, steps: 200 }).data).not.toEqual(a.data);
  });
  it('steps bound: at most `steps` pixels per object; steps = 1 marks exactly the start pixel of each object', () => {
    const one = randomWalkScribbles(truth, { seed: 1, steps: 1 });
    // the rings phantom here has one object per class (4 classes) → 4 pixels
    expect(one.data.filter((v) => v !== 255).length).toBe(4);
    const few = randomWalkScribbles(truth, { seed: 1, steps: 6 });
    for (const k of [0, 1, 2, 3]) expect(few.data.filter((v) => v === k).length).toBeLessThanOrEqual(6);
  });
  it('a walk is 4-connected and cannot leave a one-pixel-wide corridor', () => {
    const label = picture(['......', '.1111.', '......']);
    const s = randomWalkScribbles(label, { seed: 2, steps: 50, background: 'none' });
    expect(show(s)[0]).toBe('------');
    expect(show(s)[2]).toBe('------');
    const xs = [...show(s)[1]].flatMap((c, x) => (c === '1' ? [x] : []));
    expect(xs).toEqual(Array.from({ length: xs.length }, (_, j) => xs[0] + j)); // contiguous run
  });
  it("background 'none' leaves class 0 unscribbled, 'ring' draws the ring", () => {
    const label = dotIn9x9();
    expect(randomWalkScribbles(label, { background: 'none' }).data.filter((v) => v === 0).length).toBe(0);
    expect(randomWalkScribbles(label, { background: 'ring', margin: 2 }).data.filter((v) => v === 0).length).toBe(8); // the diamond above
  });
  it('names the argument at fault', () => {
    expect(() => randomWalkScribbles(truth, { steps: 0 })).toThrow("randomWalkScribbles: 'steps' must be an integer ≥ 1, got 0.");
    expect(() => randomWalkScribbles(truth, { background: 'skeleton' as 'walk' })).toThrow(
      "randomWalkScribbles: invalid options:\n  - 'background' must be one of 'walk', 'ring', 'none', got \"skeleton\"",
    );
  });
});
