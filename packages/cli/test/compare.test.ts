import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { a, evalRunDir, minus } from '../../runs/test/fixtures/eval-json.js';
import { oneLine, seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = evalRunDir(dir, 'A', a, [2, 3, 2, 1, 5, 2]);
const B = evalRunDir(dir, 'B', minus(a, [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]), [3, 4, 3, 2, 6, 3]);
const C = evalRunDir(dir, 'C', minus(a, [0.005, 0.005, 0.005, 0.005, 0.005, 0.005]), [2.5, 3.5, 2.5, 1.5, 5.5, 2.5]);

describe('seg compare', () => {
  it('prints the table and refuses runs evaluated on other cases', () => {
    const ok = seg(['compare', '--run', A, '--run', B, '--run', C]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('3 methods on 6 cases');
    const D = evalRunDir(dir, 'D', a, [1, 1, 1, 1, 1, 1], ['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
    const bad = seg(['compare', '--run', A, '--run', D]);
    expect(bad.status).toBe(2);
    expect(oneLine(bad.stderr)).toContain("seg compare: D was evaluated on other cases than A (case 1: 'x0' vs 'case0').");
  });
});
