import { describe, expect, it } from 'vitest';
import { defaultMode, MetricMonitor } from '../src/early-stopping.js';

/** Feeds a scripted metric sequence; returns the 0-based epoch at which stop was first signalled (or -1). */
function stopEpoch(monitor: MetricMonitor, values: number[]): number {
  for (let e = 0; e < values.length; e++) if (monitor.update(e, values[e]).stop) return e;
  return -1;
}

describe('MetricMonitor (early stopping)', () => {
  it('val_loss, min mode, patience 2, minDelta 0.05: stops at epoch 3', () => {
    // epoch 0: 1.0 best; 1: 0.8 < 0.95 improves; 2: 0.79 not < 0.75 (wait 1); 3: 0.85 (wait 2) → stop
    const m = new MetricMonitor({ metric: 'val_loss', patience: 2, minDelta: 0.05 });
    expect(stopEpoch(m, [1.0, 0.8, 0.79, 0.85, 0.5])).toBe(3);
    expect(m.state()).toEqual({ best: 0.8, bestEpoch: 1, wait: 2, stopped: true });
  });

  it('val_dice, max mode, patience 3: an improvement resets the wait', () => {
    // 0.5 best; 0.4 w1; 0.45 w2; 0.6 best (w0); 0.6 w1 (not >); 0.59 w2; 0.1 w3 → stop at 6
    const m = new MetricMonitor({ metric: 'val_dice', patience: 3 });
    expect(m.mode).toBe('max');
    expect(stopEpoch(m, [0.5, 0.4, 0.45, 0.6, 0.6, 0.59, 0.1, 0.9])).toBe(6);
    expect(m.state().bestEpoch).toBe(3);
  });

  it('NaN never improves; an epoch without a value (not evaluated) does not count', () => {
    const m = new MetricMonitor({ metric: 'val_dice', patience: 2 });
    expect(m.update(0, Number.NaN)).toEqual({ improved: false, stop: false });
    expect(m.update(1, undefined)).toEqual({ improved: false, stop: false });
    expect(m.update(2, 0.3)).toEqual({ improved: true, stop: false });
    expect(m.state().wait).toBe(0);
  });

  it('state round trip continues identically', () => {
    const a = new MetricMonitor({ metric: 'val_loss', patience: 3 });
    for (const [e, v] of [1, 0.9, 0.95].entries()) a.update(e, v);
    const b = new MetricMonitor({ metric: 'val_loss', patience: 3 });
    b.setState(a.state());
    expect(b.update(3, 0.96)).toEqual(a.update(3, 0.96));
    expect(b.update(4, 0.97)).toEqual({ improved: false, stop: true });
  });

  it('default mode: max for dice/iou/accuracy, min otherwise', () => {
    expect(['val_dice', 'val_iou', 'pixel_acc', 'val_loss', 'loss'].map(defaultMode)).toEqual(['max', 'max', 'max', 'min', 'min']);
  });

  it('lists every invalid option', () => {
    const bad = () => new MetricMonitor({ metric: 'val_loss', mode: 'down' as never, patience: 0, minDelta: -1 });
    expect(bad).toThrow(/EarlyStopping: invalid early-stopping options:/);
    expect(bad).toThrow(/'mode' must be 'min' or 'max', got "down"/);
    expect(bad).toThrow(/'patience' must be an integer ≥ 1, got 0/);
    expect(bad).toThrow(/'minDelta' must be a finite number ≥ 0, got -1/);
  });
});
