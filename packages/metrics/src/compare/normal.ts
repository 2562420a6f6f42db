/**
 * The standard normal upper tail, 1 − Φ(z) = erfc(z/√2)/2, accurate to ~1e-14 relative (no
 * cancellation in the far tail). erfc from its Maclaurin series below 2 and from the Laplace continued
 * fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) above (Abramowitz &
 * Stegun 7.1.5 and 7.1.14), evaluated with the modified Lentz method. Internal.
 */

const SQRT_PI = Math.sqrt(Math.PI);

function erfcPositive(x: number): number {
  if (x < 2) {
    // erf(x) = 2/√π Σ (−1)^n x^{2n+1} / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / SQRT_PI) * sum;
  }
  // K = x + a1/(x + a2/(x + …)), a_k = k/2; erfc = e^{−x²}/(√π K)
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** erfc(x) for any real x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/** P(Z > z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
