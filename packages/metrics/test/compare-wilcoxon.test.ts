import { describe, expect, it } from 'vitest';
import { wilcoxon } from '../src/compare/index.js';
import { normalCdf, normalSf } from '../src/compare/normal.js';

const zeros = (n: number) => new Array<number>(n).fill(0);

/** Independent exact p-values: enumerate all 2^n sign patterns of the given ranks (brute force). */
function bruteForce(ranks: number[], wPlus: number) {
  let lower = 0;
  let upper = 0;
  const total = 2 ** ranks.length;
  for (let mask = 0; mask < total; mask++) {
    let w = 0;
    ranks.forEach((r, i) => {
      if (mask & (1 << i)) w += r;
    });
    if (w <= wPlus + 1e-9) lower++;
    if (w >= wPlus - 1e-9) upper++;
  }
  return { lower: lower / total, upper: upper / total };
}

describe('wilcoxon: exact for small n without ties', () => {
  // d = [1.5, −0.5, 2, 3, 4]: |d| ranks 2, 1, 3, 4, 5 → W+ = 14, W− = 1.
  // Hand enumeration of the 32 sign patterns: W− ≤ 1 only for {} and {1} → P(W+ ≥ 14) = 2/32.
  const d = [1.5, -0.5, 2, 3, 4];
  it('n = 5 by hand: greater 2/32, two-sided 4/32, less 31/32', () => {
    expect(wilcoxon(d, zeros(5), { alternative: 'greater' })).toMatchObject({
      statistic: 14,
      wMinus: 1,
      n: 5,
      method: 'exact',
      pValue: 2 / 32,
    });
    expect(wilcoxon(d, zeros(5)).pValue).toBe(4 / 32);
    expect(wilcoxon(d, zeros(5), { alternative: 'less' }).pValue).toBe(31 / 32); // P(W+ ≤ 14) = 1 − P(W+ = 15)
    // scipy.stats.wilcoxon(d) → statistic 1 (= min(W+, W−)), pvalue 0.125
  });
  it('x − y is what is tested: swapping x and y mirrors the alternative', () => {
    const x = [0.81, 0.7, 0.9, 0.85, 0.95];
    const y = [0.8, 0.72, 0.85, 0.8, 0.9];
    expect(wilcoxon(x, y, { alternative: 'greater' }).pValue).toBe(wilcoxon(y, x, { alternative: 'less' }).pValue);
  });
  it('n = 20, distinct |d|: scipy.stats.wilcoxon exact p-values (scipy 1.17.1, pasted)', () => {
    const d20 = [3, -1, 4, 15, -9, 2, 6, 5.5, -3.5, 8, 9.5, 7, 10, -11, 12, 13, 14, 16.5, -17, 18];
    const two = wilcoxon(d20, zeros(20));
    expect(two).toMatchObject({ statistic: 163, wMinus: 47, n: 20, method: 'exact', ties: false });
    expect(two.pValue).toBeCloseTo(0.029575347900390625, 14);
    expect(wilcoxon(d20, zeros(20), { alternative: 'greater' }).pValue).toBeCloseTo(0.014787673950195312, 14);
    expect(wilcoxon(d20, zeros(20), { alternative: 'less' }).pValue).toBeCloseTo(0.9866790771484375, 14);
    // forced normal approximation, continuity-corrected: scipy method='asymptotic', correction=True
    const norm = wilcoxon(d20, zeros(20), { method: 'normal' });
    expect(norm.pValue).toBeCloseTo(0.03182286873463523, 12);
    expect(norm.z).toBeCloseTo(2.1466285047213525, 12); // scipy reports −|z| two-sided
    expect(wilcoxon(d20, zeros(20), { method: 'normal', alternative: 'less' }).z).toBeCloseTo(2.1839611743686804, 12);
    expect(wilcoxon(d20, zeros(20), { method: 'normal', alternative: 'less' }).pValue).toBeCloseTo(0.9855174494232933, 12);
  });
  it('the exact distribution matches brute-force enumeration for n = 12', () => {
    const d12 = [1, -2, 3, 4, -5, 6, 7, 8, -9, 10, 11, 12];
    const r = wilcoxon(d12, zeros(12), { alternative: 'greater' });
    const bf = bruteForce([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], r.statistic);
    expect(r.pValue).toBeCloseTo(bf.upper, 14);
    expect(wilcoxon(d12, zeros(12), { alternative: 'less' }).pValue).toBeCloseTo(bf.lower, 14);
  });
});

describe('wilcoxon: ties and zeros', () => {
  // Wikipedia's example (Wilcoxon signed-rank test): 10 pairs, one zero difference, ties in |d|.
  const x = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
  const y = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];
  it("auto → normal approximation; 'wilcox' drops the zero: W+ = 27, W− = 18, n = 9", () => {
    const r = wilcoxon(x, y);
    expect(r).toMatchObject({ statistic: 27, wMinus: 18, n: 9, zeros: 1, ties: true, method: 'normal' });
    // scipy.stats.wilcoxon(x, y, method='asymptotic', correction=True) → 0.6352893188352069, |z| 0.4742953333830018
    expect(r.pValue).toBeCloseTo(0.6352893188352069, 12);
    expect(Math.abs(r.z)).toBeCloseTo(0.4742953333830018, 12);
    // correction=False → 0.5936305914425295
    expect(wilcoxon(x, y, { correction: false }).pValue).toBeCloseTo(0.5936305914425295, 12);
  });
  it("'pratt' ranks the zero then drops it: W+ = 32 (scipy: 0.645818701677725 corrected, 0.6096011155205022 not)", () => {
    const r = wilcoxon(x, y, { zeroMethod: 'pratt' });
    expect(r).toMatchObject({ statistic: 32, n: 9, zeros: 1, method: 'normal' });
    expect(r.pValue).toBeCloseTo(0.645818701677725, 12);
    expect(wilcoxon(x, y, { zeroMethod: 'pratt', correction: false }).pValue).toBeCloseTo(0.6096011155205022, 12);
  });
  it("method 'exact' with ties/zeros is the permutation distribution (scipy's auto permutation test for n ≤ 13)", () => {
    // scipy 1.17.1 wilcoxon(x, y) with zero_method 'wilcox': 0.6328125 / greater 0.31640625 / less 0.705078125;
    // 'pratt': 0.64453125 / 0.322265625 / 0.6953125
    const expected = {
      wilcox: { 'two-sided': 0.6328125, greater: 0.31640625, less: 0.705078125 },
      pratt: { 'two-sided': 0.64453125, greater: 0.322265625, less: 0.6953125 },
    } as const;
    for (const zeroMethod of ['wilcox', 'pratt'] as const) {
      for (const alternative of ['two-sided', 'greater', 'less'] as const) {
        const r = wilcoxon(x, y, { method: 'exact', zeroMethod, alternative });
        expect(r.method).toBe('exact');
        expect(r.pValue, `${zeroMethod} ${alternative}`).toBeCloseTo(expected[zeroMethod][alternative], 14);
      }
    }
    // and by brute force over the 2^9 sign patterns of the tied ranks: |d| = 15, 7, 5, 20, 9, 17, 12, 5, 10
    // sorted 5, 5, 7, 9, 10, 12, 15, 17, 20 → ranks 1.5, 1.5, 3, …, 9; W+ = 7 + 1.5 + 9 + 8 + 1.5 = 27
    const ranks = [7, 3, 1.5, 9, 4, 8, 6, 1.5, 5];
    expect(wilcoxon(x, y, { method: 'exact', alternative: 'greater' }).pValue).toBeCloseTo(bruteForce(ranks, 27).upper, 14);
  });
  it('n = 30 Dice-like values on a 0.05 grid (heavy ties, 6 zeros): scipy asymptotic with correction', () => {
    const a = [80, 75, 90, 65, 85, 70, 80, 85, 90, 70, 75, 85, 85, 60, 95, 80, 80, 75, 90, 70, 85, 80, 75, 90, 95, 70, 65, 80, 85, 90];
    const b = [75, 80, 85, 65, 80, 70, 70, 90, 85, 60, 75, 75, 80, 55, 85, 80, 70, 70, 85, 70, 75, 85, 70, 80, 90, 65, 65, 75, 80, 85];
    const r = wilcoxon(a, b);
    expect(r).toMatchObject({ statistic: 273, wMinus: 27, n: 24, zeros: 6, method: 'normal' });
    // independent check of σ: the textbook tie correction n(n+1)(2n+1)/24 − Σ(t³ − t)/48,
    // with |d| = 5 on 17 pairs and 10 on 7 pairs (t = 17, 7), and E = n(n+1)/4
    const n = 24;
    const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - (17 ** 3 - 17 + 7 ** 3 - 7) / 48);
    expect(Math.abs(r.z)).toBeCloseTo((273 - (n * (n + 1)) / 4 - 0.5) / sigma, 12);
    // scipy.stats.wilcoxon(a, b, method='asymptotic', correction=True), scipy 1.17.1:
    expect(r.pValue).toBeCloseTo(0.0002454688444450748, 15);
    expect(wilcoxon(a, b, { alternative: 'greater' }).pValue).toBeCloseTo(0.0001227344222225374, 15);
    expect(wilcoxon(a, b, { alternative: 'less' }).pValue).toBeCloseTo(0.9998908654702361, 12);
    expect(wilcoxon(a, b, { zeroMethod: 'pratt' }).pValue).toBeCloseTo(0.00018702982731765258, 15);
    expect(wilcoxon(a, b, { zeroMethod: 'pratt', alternative: 'greater' }).pValue).toBeCloseTo(9.351491365882629e-5, 15);
    expect(wilcoxon(a, b, { zeroMethod: 'pratt', alternative: 'less' }).pValue).toBeCloseTo(0.9999140486581786, 12);
  });
  it('all differences zero: n = 0, p = 1', () => {
    expect(wilcoxon([0.5, 0.7], [0.5, 0.7])).toMatchObject({ n: 0, zeros: 2, pValue: 1, method: 'exact' });
  });
});

describe('wilcoxon: errors and the normal tail', () => {
  it('different numbers of cases, NaN, bad options', () => {
    expect(() => wilcoxon([1, 2, 3], [1, 2])).toThrow(
      "wilcoxon: 'y' must be 3 paired values like 'x', got 2. Both methods must be evaluated on the same cases, in the same order.",
    );
    expect(() => wilcoxon([1, Number.NaN], [1, 2])).toThrow("wilcoxon: 'x' must be finite numbers, got NaN at case 1.");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => wilcoxon([1], [2], { alternative: 'two-tailed' })).toThrow(
      "wilcoxon: 'alternative' must be one of 'two-sided', 'greater', 'less'",
    );
    // @ts-expect-error: runtime check of an invalid option
    expect(() => wilcoxon([1], [2], { zeroMethod: 'zsplit' })).toThrow("wilcoxon: 'zeroMethod' must be one of 'wilcox', 'pratt'");
  });
  it('normal tail matches scipy.stats.norm.sf (pasted) across the range', () => {
    // scipy.stats.norm.sf(z) for z = 0, 1.96, 3, 5, 8, −2
    expect(normalSf(0)).toBe(0.5);
    expect(normalSf(1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(normalSf(3) / 0.0013498980316300933).toBeCloseTo(1, 12);
    expect(normalSf(5) / 2.866515718791933e-7).toBeCloseTo(1, 12);
    expect(normalSf(8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(-2)).toBeCloseTo(0.022750131948179195, 15);
    expect(normalSf(-2)).toBeCloseTo(1 - 0.022750131948179195, 15);
  });
});
