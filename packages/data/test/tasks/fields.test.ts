import { Rng } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { fieldOnGrid, harmonicRadius, smoothField, softStep } from '../../src/tasks/fields.js';

describe('smooth random fields', () => {
  it('fieldOnGrid equals calling the field at every node (the grid uses the angle-sum identity)', () => {
    const f = smoothField(new Rng(4), { dims: 3, wavelength: [3, 9], terms: 7 });
    const grid = fieldOnGrid(f, 5, 4, { x0: 0.25, y0: -1, dx: 0.5, dy: 2, z: 3 });
    for (let j = 0; j < 4; j++) for (let i = 0; i < 5; i++) expect(grid[j * 5 + i]).toBeCloseTo(f(0.25 + 0.5 * i, -1 + 2 * j, 3), 5);
  });

  it('has mean 0 and variance 1 over seeds (each of N cosines has variance ½, scaled by √(2/N))', () => {
    let sum = 0;
    let sq = 0;
    const n = 4000;
    for (let s = 0; s < n; s++) {
      const v = smoothField(new Rng(s), { dims: 2, wavelength: [5, 10], terms: 6 })(1.3, -2.1);
      sum += v;
      sq += v * v;
    }
    // v is nearly Gaussian: the mean estimate has sd 1/√4000 ≈ 0.016, the estimate of E[v²] sd ≈ √(2/4000) ≈ 0.022
    expect(Math.abs(sum / n)).toBeLessThan(0.06);
    expect(sq / n).toBeGreaterThan(0.9);
    expect(sq / n).toBeLessThan(1.1);
  });

  it('is deterministic for a seed', () => {
    const a = smoothField(new Rng(9), { dims: 2, wavelength: [2, 4] });
    const b = smoothField(new Rng(9), { dims: 2, wavelength: [2, 4] });
    expect(a(0.7, 1.9)).toBe(b(0.7, 1.9));
  });
});

describe('shape helpers', () => {
  it('harmonicRadius: 1 + a₂cos(2θ + φ₂) + a₃cos(3θ + φ₃) by hand', () => {
    const h = { firstOrder: 2, amps: [0.1, 0.2], phases: [0, Math.PI / 2] };
    // θ = π/4: cos(π/2) = 0, cos(3π/4 + π/2) = cos(5π/4) = −√2/2
    expect(harmonicRadius(h, Math.PI / 4)).toBeCloseTo(1 - 0.2 * Math.SQRT1_2, 12);
  });

  it('softStep is ½ at 0, logistic elsewhere, exactly 0 and 1 far out', () => {
    expect(softStep(0, 2)).toBe(0.5);
    expect(softStep(2, 2)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(softStep(100, 1)).toBe(1);
    expect(softStep(-100, 1)).toBe(0);
  });
});
