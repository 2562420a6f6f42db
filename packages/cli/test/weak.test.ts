import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phantomDataset, scribbleDataset } from '@seg/data';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-cli-weak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rings = 'phantom:rings?count=12&size=32&seed=4';

describe('seg data scribbles', () => {
  it('writes image and scribble PNGs equal to skeletonScribbles of the same phantoms, and the coverage table', () => {
    const out = join(dir, 'scribbles');
    const r = seg(['data', 'scribbles', '--data', 'phantom:rings?count=3&size=32&seed=1', '--method', 'skeleton', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect([result.cases, result.annotators, result.coverage.length]).toEqual([3, 1, 4]);
    expect(readdirSync(join(out, 'masks')).sort()).toEqual(['rings_0000.png', 'rings_0001.png', 'rings_0002.png']);
    // Independent: the library's scribbles for the same phantoms (the CLI must write exactly these pixels).
    const expected = scribbleDataset(phantomDataset({ kind: 'rings', count: 3, size: 32, seed: 1 }), { method: 'skeleton' });
    for (let i = 0; i < 3; i++) {
      const png = PNG.sync.read(readFileSync(join(out, 'masks', `rings_000${i}.png`)));
      const values = Array.from({ length: 32 * 32 }, (_, p) => png.data[p * 4]);
      expect(values).toEqual(Array.from(expected.get(i).label!.data));
    }
    // coverage: scribbled pixels of each class counted from the written maps
    const written = [0, 1, 2].flatMap((i) => Array.from(expected.get(i).label!.data));
    for (let k = 0; k < 4; k++) expect(result.coverage[k].scribbled).toBe(written.filter((v) => v === k).length);
  });
});

describe('seg train --method aag', () => {
  it('splits the cases, trains segmentor and discriminator, checkpoints both, and the run evaluates', () => {
    const run = join(dir, 'runs', 'aag');
    const args = ['train', '--data', rings, '--run-dir', run, '--method', 'aag', '--method-opt', 'filters=4', '--depth', '2'];
    const r = seg([...args, '--filters', '4', '--batch-size', '2', '--epochs', '1', '--backend', 'cpu', '--progress', 'none']);
    expect(r.status, r.stderr).toBe(0);
    // 12 cases: 2 val, 2 test (default 0.2 each) → 8 train → maskPool round(0.35·8) = 3, scribbled 5
    expect(oneLine(r.stderr + r.stdout)).toContain('aag: 5 scribbled (skeleton), 0 unlabeled, 3 unpaired masks');
    for (const f of ['model-segmentor.json', 'model-discriminator.json', 'optimizer-discriminator.json'])
      expect(existsSync(join(run, 'checkpoint', f)), f).toBe(true);
    const steps = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === 'step');
    expect(steps).toHaveLength(3); // 5 scribbled cases in batches of 2
    expect(Object.keys(steps[0])).toEqual(expect.arrayContaining(['sup', 'adv', 'a0', 'disc_loss', 'adv_unlabeled']));
    const e = seg(['eval', '--run', run, '--backend', 'cpu', '--json', '--metrics', 'overlap']);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).cases).toHaveLength(2);
  });

  it('an unknown aag option names the valid ones', () => {
    const r = seg([
      'train',
      '--data',
      rings,
      '--run-dir',
      join(dir, 'runs', 'bad'),
      '--method',
      'aag',
      '--method-opt',
      'gates=0',
      '--backend',
      'cpu',
    ]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toContain("- method: unknown option 'gates' for method 'aag'. Options of 'aag': scribbles,");
  });
});
