// Runs the example end to end, shortened (2 epochs at 32²), and reads its NIfTI output back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colin27Paths, readNifti } from '@seg/data';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'seg-brain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('trains on Colin27 lobes, prints per-lobe Dice and writes the predicted volume on the atlas grid', () => {
  const paths = colin27Paths();
  if (!paths) {
    // CI installs mricron-data (scripts/setup.sh): there the files must be present.
    if (process.env.CI) throw new Error('Colin27 files missing in CI: scripts/setup.sh must apt-install mricron-data');
    console.warn('examples/brain-lobes: Colin27 files absent (apt-get install mricron-data); nothing checked');
    return;
  }
  const out = join(dir, 'pred.nii.gz');
  const env = { ...process.env, SEG_EPOCHS: '2', SEG_SIZE: '32', SEG_BACKEND: 'wasm', SEG_OUT: out };
  const r = spawnSync(process.execPath, ['main.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  expect(result.perClass.map((c: { name: string }) => c.name)).toEqual([
    'background',
    'frontal',
    'temporal',
    'parietal',
    'occipital',
    'limbic-insula',
    'deep-grey',
    'cerebellum',
  ]);
  const pred = readNifti(out);
  const atlas = readNifti(paths.aal);
  expect(pred.shape).toEqual(atlas.shape);
  expect(pred.affine).toEqual(atlas.affine);
  // labels are classes 0..7 only
  expect(Math.max(...new Set(pred.data))).toBeLessThanOrEqual(7);
}, 200_000);
