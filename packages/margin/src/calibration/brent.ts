/**
 * Bounded one-dimensional minimisation by Brent's method (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 5; the Forsythe–Malcolm–Moler `fmin` form used by SciPy's `fminbound`): golden-section steps
 * that always shrink the bracket, replaced by a parabola through the three best points whenever that parabola's
 * vertex lies inside the bracket and the step is shrinking. For a unimodal f on [lower, upper] it converges to the
 * minimiser (superlinearly near a smooth minimum, never slower than golden section), to within ≈ `tol`.
 *
 * The endpoints themselves are never sampled by the iteration, so after it stops both endpoints are evaluated too
 * and the best of the three is returned: a minimum *on* the boundary is then found exactly and reported as such.
 */
import { SegInputError } from '@seg/core';

export interface MinimizeOptions {
  /** Absolute tolerance on x: the result is within ≈ tol of the minimiser. Default 1e-6. */
  tol?: number;
  /** Iteration cap (each iteration is one evaluation of f). Default 200. */
  maxIterations?: number;
}

export interface MinimizeResult {
  /** The minimiser found. */
  x: number;
  /** f(x). */
  fx: number;
  /** Brent iterations run (the evaluations are iterations + 3: the first point and the two endpoints). */
  iterations: number;
  /** Whether the bracket shrank below the tolerance (false: `maxIterations` was reached first). */
  converged: boolean;
  /** 'lower' / 'upper' when the minimum is at (within 2·tol of) that bound, else 'none'. */
  atBound: 'lower' | 'upper' | 'none';
}

const GOLDEN = (3 - Math.sqrt(5)) / 2; // 0.381966…, the golden-section fraction
const SQRT_EPS = Math.sqrt(Number.EPSILON);

function checkArguments(fn: string, lower: number, upper: number, tol: number, maxIterations: number): void {
  if (!(Number.isFinite(lower) && Number.isFinite(upper) && lower < upper)) {
    throw new SegInputError({ fn, arg: 'bounds', expected: 'finite numbers with lower < upper', got: `[${lower}, ${upper}]` });
  }
  if (!(Number.isFinite(tol) && tol > 0)) throw new SegInputError({ fn, arg: 'tol', expected: 'a finite number > 0', got: String(tol) });
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new SegInputError({ fn, arg: 'maxIterations', expected: 'an integer ≥ 1', got: String(maxIterations) });
  }
}

interface State {
  a: number;
  b: number;
  x: number;
  w: number;
  v: number;
  fx: number;
  fw: number;
  fv: number;
  d: number;
  e: number;
}

/** The next step from x: parabolic when acceptable, else golden section into the larger part of the bracket. */
function nextStep(s: State, tol1: number, midpoint: number): number {
  if (Math.abs(s.e) > tol1) {
    const r = (s.x - s.w) * (s.fx - s.fv);
    let q = (s.x - s.v) * (s.fx - s.fw);
    let p = (s.x - s.v) * q - (s.x - s.w) * r;
    q = 2 * (q - r);
    if (q > 0) p = -p;
    else q = -q;
    const previous = s.e;
    s.e = s.d;
    if (Math.abs(p) < Math.abs(0.5 * q * previous) && p > q * (s.a - s.x) && p < q * (s.b - s.x)) {
      const u = s.x + p / q;
      // Never evaluate closer than tol1 to a bracket end.
      return u - s.a < 2 * tol1 || s.b - u < 2 * tol1 ? (s.x < midpoint ? tol1 : -tol1) : p / q;
    }
  }
  s.e = (s.x < midpoint ? s.b : s.a) - s.x;
  return GOLDEN * s.e;
}

/** Moves the bracket and the three best points (x best, w second, v third) after evaluating f(u). */
function update(s: State, u: number, fu: number): void {
  if (fu <= s.fx) {
    if (u < s.x) s.b = s.x;
    else s.a = s.x;
    [s.v, s.fv, s.w, s.fw, s.x, s.fx] = [s.w, s.fw, s.x, s.fx, u, fu];
    return;
  }
  if (u < s.x) s.a = u;
  else s.b = u;
  if (fu <= s.fw || s.w === s.x) [s.v, s.fv, s.w, s.fw] = [s.w, s.fw, u, fu];
  else if (fu <= s.fv || s.v === s.x || s.v === s.w) [s.v, s.fv] = [u, fu];
}

/** Minimises f on [lower, upper] (f should be unimodal there; see the module doc). `fn` names the caller in errors. */
export function minimizeBounded(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: MinimizeOptions = {},
  fn = 'minimizeBounded',
): MinimizeResult {
  const { tol = 1e-6, maxIterations = 200 } = options;
  checkArguments(fn, lower, upper, tol, maxIterations);
  const x0 = lower + GOLDEN * (upper - lower);
  const f0 = f(x0);
  const s: State = { a: lower, b: upper, x: x0, w: x0, v: x0, fx: f0, fw: f0, fv: f0, d: 0, e: 0 };
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const midpoint = 0.5 * (s.a + s.b);
    const tol1 = SQRT_EPS * Math.abs(s.x) + tol / 3;
    if (Math.abs(s.x - midpoint) <= 2 * tol1 - 0.5 * (s.b - s.a)) {
      converged = true;
      break;
    }
    s.d = nextStep(s, tol1, midpoint);
    const u = Math.abs(s.d) >= tol1 ? s.x + s.d : s.x + (s.d > 0 ? tol1 : -tol1);
    update(s, u, f(u));
    iterations++;
  }
  const candidates: [number, number][] = [
    [s.x, s.fx],
    [lower, f(lower)],
    [upper, f(upper)],
  ];
  const [x, fx] = candidates.reduce((best, c) => (c[1] < best[1] ? c : best));
  const atBound = x - lower <= 2 * tol ? 'lower' : upper - x <= 2 * tol ? 'upper' : 'none';
  return { x, fx, iterations, converged: converged || x === lower || x === upper, atBound };
}
