// The README's main job: `seg demo` on the embedded default must reach mean foreground Dice ≥ 0.85 on held-out
// binary phantoms (the acceptance bar). Deterministic for a seed and back-end; about a minute on 2 cores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('seg demo (defaults, wasm) reaches held-out mean foreground Dice ≥ 0.85', () => {
  const r = seg(['demo', '--backend', 'wasm', '--run-dir', join(dir, 'demo'), '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.backend).toBe('wasm');
  // 160 phantoms, test 0.2 → 32 held-out cases
  expect(out.eval.cases).toHaveLength(32);
  expect(out.meanDice).toBeGreaterThanOrEqual(0.85);
  // the calibrate step measured before/after on the same 32 held-out cases: 32 × 64 × 64 pixels
  expect(out.calibrate.report.before.all.count).toBe(32 * 64 * 64);
  expect(out.calibrate.fit.nllAfter).toBeLessThanOrEqual(out.calibrate.fit.nllBefore + 1e-12);
}, 300_000);
