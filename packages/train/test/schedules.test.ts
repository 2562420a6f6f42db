import { describe, expect, it } from 'vitest';
import { createSchedule } from '../src/schedules.js';

describe('createSchedule (closed forms)', () => {
  it('constant', () => {
    const s = createSchedule({ name: 'constant', lr: 3e-4 });
    expect([s(0, 0, 10), s(7, 3, 10)]).toEqual([3e-4, 3e-4]);
  });

  it('step: lr·γ^⌊epoch/every⌋, constant within an epoch', () => {
    const s = createSchedule({ name: 'step', lr: 1, every: 3, gamma: 0.5 });
    expect([0, 2, 3, 5, 6, 9].map((e) => s(e, 9, 10))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.125]);
  });

  it('poly: lr·(1 − t/T)^p with t = epoch + step/stepsPerEpoch', () => {
    const s = createSchedule({ name: 'poly', lr: 0.01, epochs: 10, power: 0.9 });
    expect(s(0, 0, 4)).toBe(0.01);
    // t = 2 + 2/4 = 2.5 → 0.01·(0.75)^0.9
    expect(s(2, 2, 4)).toBeCloseTo(0.01 * 0.75 ** 0.9, 15);
    expect(s(10, 0, 4)).toBe(0);
    expect(s(12, 0, 4)).toBe(0);
  });

  it('poly with minLr: minLr + (lr − minLr)(1 − t/T)^p', () => {
    const s = createSchedule({ name: 'poly', lr: 1, epochs: 4, power: 1, minLr: 0.2 });
    expect(s(2, 0, 1)).toBeCloseTo(0.2 + 0.8 * 0.5, 15);
  });

  it('cyclical triangular (Valvano: 1e-5 ↔ 1e-4, period 20): base at 0, max at 10, base at 20, mid-way at 5 and 15', () => {
    const s = createSchedule({ name: 'cyclical', base: 1e-5, max: 1e-4, period: 20 });
    expect(s(0, 0, 8)).toBeCloseTo(1e-5, 15);
    expect(s(10, 0, 8)).toBeCloseTo(1e-4, 15);
    expect(s(20, 0, 8)).toBeCloseTo(1e-5, 15);
    expect(s(5, 0, 8)).toBeCloseTo(5.5e-5, 15);
    expect(s(35, 0, 8)).toBeCloseTo(5.5e-5, 15);
    // within an epoch: t = 2 + 4/8 = 2.5 → base + (max − base)·2.5/10
    expect(s(2, 4, 8)).toBeCloseTo(1e-5 + 9e-5 * 0.25, 15);
  });

  it('lists every problem at once, naming the fields', () => {
    const bad = () => createSchedule({ name: 'cyclical', base: 1e-3, max: 1e-4, period: 0 });
    expect(bad).toThrow(/createSchedule: invalid schedule options:/);
    expect(bad).toThrow(/'period' must be a finite number > 0, got 0/);
    expect(bad).toThrow(/'base' \(0.001\) must be ≤ 'max' \(0.0001\)/);
    expect(() => createSchedule({ name: 'cosine' } as never)).toThrow(/'name' must be one of constant, step, poly, cyclical, got "cosine"/);
  });
});
