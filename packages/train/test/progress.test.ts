import { describe, expect, it } from 'vitest';
import { formatDuration, formatValue, Progress } from '../src/progress.js';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 100, write: (t: string) => written.push(t) };
}

describe('Progress', () => {
  it("'auto' on a TTY draws a \\r-updated bar with epoch, step, loss and ETA, cleared at the end", () => {
    const s = sink(true);
    const lines: string[] = [];
    const p = new Progress('auto', (l) => lines.push(l), s);
    p.startEpoch(1, 4, 2);
    p.step(0, { loss: 0.5 });
    p.step(1, { loss: 0.25 });
    p.endEpoch();
    expect(s.written[0].startsWith('\r\x1b[K')).toBe(true);
    expect(s.written[0].slice(4)).toMatch(/^epoch 2\/4 \[#+\.+\] 1\/2 loss 0\.5000 ETA \d+:\d\d$/);
    expect(s.written[1]).toMatch(/ 2\/2 loss 0\.2500 ETA 0:00$/);
    expect(s.written[2]).toBe('\r\x1b[K');
    expect(lines).toEqual([]);
  });

  it("'auto' elsewhere logs plain lines about every tenth of an epoch", () => {
    const s = sink(false);
    const lines: string[] = [];
    const p = new Progress('auto', (l) => lines.push(l), s);
    p.startEpoch(0, 1, 20);
    for (let i = 0; i < 20; i++) p.step(i, { loss: 1 });
    p.endEpoch();
    expect(s.written).toEqual([]);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^epoch 1\/1 step 2\/20 loss 1\.000 ETA /);
  });

  it("'none' writes nothing", () => {
    const s = sink(true);
    const lines: string[] = [];
    const p = new Progress('none', (l) => lines.push(l), s);
    p.startEpoch(0, 1, 2);
    p.step(0, { loss: 1 });
    p.endEpoch();
    expect([s.written, lines]).toEqual([[], []]);
  });

  it('formats durations and values', () => {
    expect([formatDuration(0), formatDuration(61_000), formatDuration(3_723_000), formatDuration(Number.NaN)]).toEqual([
      '0:00',
      '1:01',
      '1:02:03',
      '?',
    ]);
    expect([formatValue(0.123456), formatValue(1e-5), formatValue(0), formatValue(Number.NaN)]).toEqual([
      '0.1235',
      '1.000e-5',
      '0.000',
      'NaN',
    ]);
  });
});
