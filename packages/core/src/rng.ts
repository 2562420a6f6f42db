/**
 * Seeded pseudo-random numbers for everything random in seg (phantoms, shuffling, augmentation,
 * weight initialisation). sfc32: 128-bit state, fast, passes PractRand to 2^40+; the state can be
 * saved in a checkpoint and restored so a resumed run draws the same numbers as an uninterrupted one.
 */

/** The complete state of an {@link Rng}: four unsigned 32-bit words. */
export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator seeded with an integer (any 32-bit value; the same seed gives the same sequence). */
  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new TypeError(`Rng: 'seed' must be a finite number, got ${seed}`);
    const next = splitmix32(Math.floor(seed));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Restores a generator from {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** A copy of the current state (JSON-serializable). */
  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  setState(state: RngState): void {
    if (!Array.isArray(state) || state.length !== 4 || state.some((v) => !Number.isInteger(v))) {
      throw new TypeError(`Rng.setState: 'state' must be 4 unsigned 32-bit integers, got ${JSON.stringify(state)}`);
    }
    [this.a, this.b, this.c, this.d] = state.map((v) => v >>> 0) as RngState;
  }

  /** An independent generator derived from this one's seed material and a label (does not advance this one). */
  fork(label: string): Rng {
    const h = hashString(label);
    return new Rng((this.a ^ h ^ Math.imul(this.d, 0x9e3779b1)) >>> 0);
  }

  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`Rng.int: 'n' must be ≥ 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  bernoulli(p = 0.5): boolean {
    return this.next() < p;
  }

  /**
   * Normal sample mean + sd·N(0, 1) (Box–Muller). The second Box–Muller value is discarded on purpose:
   * the generator's whole state is then its four words, so a restored state continues exactly.
   */
  normal(mean = 0, sd = 1): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A shuffled permutation of 0…n−1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** Fills a Float32Array with N(mean, sd²) samples. */
  fillNormal(out: Float32Array, mean = 0, sd = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, sd);
    return out;
  }
}
