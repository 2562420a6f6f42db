import { mean, median, quantile, Rng, std } from '@seg/core';
import { describe, expect, it } from 'vitest';

describe('Rng', () => {
  it('same seed, same sequence; other seed, other sequence', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });
  it('a restored state continues the sequence exactly', () => {
    const a = new Rng(3);
    for (let i = 0; i < 10; i++) a.normal();
    const saved = a.state();
    const next = [a.next(), a.normal(), a.int(10)];
    const b = Rng.fromState(saved);
    expect([b.next(), b.normal(), b.int(10)]).toEqual(next);
  });
  it('uniform and normal moments match their distributions (n = 20000, 5 sigma bounds)', () => {
    const r = new Rng(1);
    const u = Array.from({ length: 20000 }, () => r.next());
    // U(0,1): mean 1/2, sd of the mean sqrt(1/12/n) ≈ 0.002
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.01);
    const z = Array.from({ length: 20000 }, () => r.normal());
    expect(Math.abs(mean(z))).toBeLessThan(0.035);
    expect(Math.abs(std(z) - 1)).toBeLessThan(0.03);
  });
  it('permutation holds every index once', () => {
    const p = new Rng(5).permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it('forks are reproducible and differ by label', () => {
    const r = new Rng(9);
    expect(r.fork('data').next()).toBe(new Rng(9).fork('data').next());
    expect(r.fork('data').next()).not.toBe(r.fork('init').next());
  });
});

describe('numeric helpers', () => {
  it('quantile interpolates like numpy linear: [1,2,3,4] q=0.25 → 1.75', () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(median([5, 1, 3])).toBe(3);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
});
