import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listModels, unetParamCount } from '@seg/models';
import { afterAll, describe, expect, it } from 'vitest';
import { seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-cli-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seg models', () => {
  it('lists every registered architecture with its parameter count at the given input', () => {
    const r = seg(['models', '--size', '64', '--num-classes', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const models = JSON.parse(r.stdout);
    expect(models.map((m: { name: string }) => m.name)).toEqual(listModels().map((m) => m.name));
    const unet = models.find((m: { name: string }) => m.name === 'unet');
    expect(unet.parameters).toBe(unetParamCount({ inputShape: [64, 64, 1], numClasses: 3 }));
  });
});

/** The smallest sensible options per architecture for 32×32 ring phantoms (4 classes). */
const OPTS: Record<string, string[]> = {
  unet: ['--depth', '2', '--filters', '4'],
  segan: ['--depth', '2', '--filters', '4'],
  'attention-unet': ['--depth', '2', '--filters', '4'],
  unetpp: ['--depth', '2', '--filters', '4', '--model-opt', 'deepSupervision=true'],
  pspnet: ['--model-opt', 'blocks=[1,1,1,1]', '--model-opt', 'width=4', '--model-opt', 'bins=[1,2,4]', '--model-opt', 'headChannels=8'],
  deeplabv3plus: ['--model-opt', 'width=4', '--model-opt', 'middleBlocks=1', '--model-opt', 'asppChannels=8'],
  transunet: ['--depth', '2', '--filters', '4', '--model-opt', 'embedDim=8', '--model-opt', 'heads=2', '--model-opt', 'blocks=1'],
  'aag-unet': ['--depth', '3', '--filters', '4'],
};

describe('seg train --model X on the phantoms, for every registered X', () => {
  it('covers every registered model', () => {
    expect(Object.keys(OPTS)).toEqual(listModels().map((m) => m.name));
  });

  it.each(Object.keys(OPTS))(
    '%s trains one epoch and evaluates',
    (name) => {
      const run = join(dir, name);
      const data = 'phantom:rings?count=10&size=32&seed=5';
      const common = ['--backend', 'cpu', '--batch-size', '3', '--epochs', '1', '--progress', 'none', '--run-dir', run];
      const r = seg(['train', '--data', data, '--model', name, ...OPTS[name], ...common]);
      expect(r.status, r.stderr).toBe(0);
      const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
      expect(config.model.name).toBe(name);
      const e = seg(['eval', '--run', run, '--backend', 'cpu', '--metrics', 'overlap', '--json']);
      expect(e.status, e.stderr).toBe(0);
    },
    120_000,
  );
});
