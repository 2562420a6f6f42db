import { describe, expect, it } from 'vitest';
import { minimizeBounded } from '../src/calibration/index.js';

describe('minimizeBounded (Brent)', () => {
  it('quadratic (x − 2)² + 1 on [0, 5]: minimiser 2, minimum 1 (closed form), in a few parabolic steps', () => {
    const r = minimizeBounded((x) => (x - 2) ** 2 + 1, 0, 5, { tol: 1e-8 });
    expect(Math.abs(r.x - 2)).toBeLessThan(1e-7);
    expect(r.fx).toBeCloseTo(1, 12);
    expect(r.converged).toBe(true);
    expect(r.atBound).toBe('none');
    // Golden section alone would need ⌈ln(5 / 1e-8) / ln φ⌉ = 42 steps; the parabola is exact for a quadratic.
    expect(r.iterations).toBeLessThan(15);
  });

  it('convex eˣ − 2x on [−3, 3]: minimiser ln 2 (f′ = eˣ − 2 = 0) to the tolerance', () => {
    const tol = 1e-6;
    const r = minimizeBounded((x) => Math.exp(x) - 2 * x, -3, 3, { tol });
    expect(Math.abs(r.x - Math.LN2)).toBeLessThan(tol);
    expect(r.fx).toBeCloseTo(2 - 2 * Math.LN2, 10);
  });

  it('non-smooth |x − 0.3| on [−1, 1] (parabolas fail, golden section carries it): within tolerance', () => {
    const tol = 1e-6;
    const r = minimizeBounded((x) => Math.abs(x - 0.3), -1, 1, { tol });
    expect(Math.abs(r.x - 0.3)).toBeLessThan(2 * tol);
    expect(r.converged).toBe(true);
  });

  it('a minimum on a bound is returned exactly and flagged', () => {
    const low = minimizeBounded((x) => x, 1, 4);
    expect(low.x).toBe(1);
    expect(low.fx).toBe(1);
    expect(low.atBound).toBe('lower');
    const high = minimizeBounded((x) => -x, 1, 4);
    expect(high.x).toBe(4);
    expect(high.atBound).toBe('upper');
  });

  it('reports maxIterations reached without convergence', () => {
    const r = minimizeBounded((x) => Math.abs(x - 0.3), -1, 1, { tol: 1e-12, maxIterations: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
  });

  it('names the argument in errors', () => {
    expect(() => minimizeBounded((x) => x, 2, 1)).toThrow(
      "minimizeBounded: 'bounds' must be finite numbers with lower < upper, got [2, 1].",
    );
    expect(() => minimizeBounded((x) => x, 0, Number.NaN)).toThrow(
      "minimizeBounded: 'bounds' must be finite numbers with lower < upper, got [0, NaN].",
    );
    expect(() => minimizeBounded((x) => x, 0, 1, { tol: 0 })).toThrow("minimizeBounded: 'tol' must be a finite number > 0, got 0.");
    expect(() => minimizeBounded((x) => x, 0, 1, { maxIterations: 0 })).toThrow(
      "minimizeBounded: 'maxIterations' must be an integer ≥ 1, got 0.",
    );
  });
});
