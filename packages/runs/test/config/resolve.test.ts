import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeConfig, resolveTrainConfig } from '../../src/config/resolve.js';
import { scheduleOptions } from '../../src/train/schedule.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveTrainConfig: defaults < file < flags', () => {
  it('fills every default', () => {
    const c = resolveTrainConfig({ data: 'phantom:nodule' });
    expect(c.model).toEqual({ name: 'unet', depth: 3, filters: 16, norm: 'batch', dropout: 0, upsampling: 'transpose', options: {} });
    expect([c.epochs, c.batchSize, c.seed, c.backend, c.loss.name, c.optimizer.name, c.optimizer.lr]).toEqual([
      10,
      8,
      1,
      'auto',
      'ce+dice',
      'adam',
      1e-3,
    ]);
  });
  it('a YAML file sets values; a flag overrides one nested key and keeps its siblings', () => {
    const path = join(dir, 'run.yaml');
    writeFileSync(path, 'data: phantom:rings\nepochs: 30\nmodel:\n  depth: 2\n  filters: 4\n');
    const c = resolveTrainConfig({ epochs: 5, model: { filters: 8, depth: undefined } }, path);
    expect([c.data, c.epochs, c.model.depth, c.model.filters]).toEqual(['phantom:rings', 5, 2, 8]);
  });
  it('--monitor alone (what the flag passes: patience undefined) gets the default patience 10', () => {
    const c = resolveTrainConfig({ data: 'phantom:rings', earlyStopping: { patience: undefined, metric: 'val_loss' } });
    expect(c.earlyStopping).toEqual({ metric: 'val_loss', patience: 10, minDelta: 0 });
    expect(c.model.options).toEqual({});
    expect(resolveTrainConfig({ data: 'x', model: { name: 'unetpp', options: { deepSupervision: true } } }).model.options).toEqual({
      deepSupervision: true,
    });
  });

  it('lists every problem at once', () => {
    expect(() => resolveTrainConfig({ data: 'x', epochs: 0, optimizer: { lr: -1 }, model: { norm: 'layer' } })).toThrow(
      /seg train: invalid configuration \(3 problems\):\n {2}- model\.norm: .*\n {2}- optimizer\.lr: .*\n {2}- epochs: /,
    );
  });
  it('names a missing data source and unknown keys', () => {
    expect(() => resolveTrainConfig({ epocs: 3 })).toThrow(
      /- data: Required[\s\S]*- \(top level\): Unrecognized key\(s\) in object: 'epocs'/,
    );
  });
  it('a config file that is not YAML names the file', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'data: [unclosed\n');
    expect(() => resolveTrainConfig({}, path)).toThrow(`seg train: ${path} is not valid YAML`);
  });
  it('a missing config file names the flag', () => {
    expect(() => resolveTrainConfig({}, join(dir, 'nope.json'))).toThrow(
      `seg train: '--config' must be a readable JSON or YAML file, got ${join(dir, 'nope.json')}`,
    );
  });
});

describe('mergeConfig', () => {
  it('deep-merges and ignores undefined', () => {
    expect(mergeConfig({ a: 1, b: { c: 2, d: 3 } }, { a: undefined, b: { c: 5 } })).toEqual({ a: 1, b: { c: 5, d: 3 } });
  });
});

describe('scheduleOptions: run-derived defaults', () => {
  const base = { data: 'phantom:nodule', epochs: 9, optimizer: { lr: 0.01 } };
  it('step decays every third of the run; cyclical swings lr/10 ↔ lr over min(20, epochs)', () => {
    expect(scheduleOptions(resolveTrainConfig({ ...base, schedule: { name: 'step' } }))).toEqual({
      name: 'step',
      lr: 0.01,
      every: 3,
      gamma: 0.1,
    });
    expect(scheduleOptions(resolveTrainConfig({ ...base, schedule: { name: 'cyclical' } }))).toEqual({
      name: 'cyclical',
      base: 0.001,
      max: 0.01,
      period: 9,
    });
    expect(scheduleOptions(resolveTrainConfig({ ...base, schedule: { name: 'poly', power: 2 } }))).toEqual({
      name: 'poly',
      lr: 0.01,
      epochs: 9,
      power: 2,
    });
  });
});
