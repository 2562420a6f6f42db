import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, seg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny = ['--backend', 'cpu', '--depth', '1', '--filters', '4', '--batch-size', '4', '--progress', 'none'];
const phantoms = 'phantom:nodule?count=12&size=16&seed=2';

function png(path: string, size: [number, number], value: (i: number) => number): void {
  const [w, h] = size;
  const p = new PNG({ width: w, height: h, colorType: 0, inputColorType: 0, bitDepth: 8 });
  for (let i = 0; i < w * h; i++) p.data[i] = value(i);
  writeFileSync(path, PNG.sync.write(p, { colorType: 0, inputColorType: 0 }));
}

/** A PNG folder with `n` 16×16 cases; `masks` lists which cases get a mask. */
function pngFolder(name: string, n: number, masks = [...Array(n).keys()], maskValue = (i: number) => (i % 16 < 8 ? 1 : 0)): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'images'), { recursive: true });
  if (masks.length > 0) mkdirSync(join(root, 'masks'), { recursive: true });
  for (let c = 0; c < n; c++) {
    png(join(root, 'images', `case_${c}.png`), [16, 16], (i) => (i % 16 < 8 ? 200 : 30) + c);
    if (masks.includes(c)) png(join(root, 'masks', `case_${c}.png`), [16, 16], maskValue);
  }
  return root;
}

describe('seg train → eval → predict on the cpu back-end', () => {
  const run = join(dir, 'runs', 'tiny');
  it('train --json returns the run summary and writes the run files', () => {
    const r = seg(['train', '--data', phantoms, '--run-dir', run, '--epochs', '2', '--seed', '3', ...tiny, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // 12 phantoms, default split val 0.2 / test 0.2 → round(2.4) = 2 val, 2 test, 8 train
    expect(out.samples).toEqual({ train: 8, val: 2, test: 2 });
    expect([out.backend, out.epochs, out.history.length]).toEqual(['cpu', 2, 2]);
    for (const f of ['config.json', 'log.jsonl', 'model/model.json', 'model/weights.bin', 'checkpoint/complete'])
      expect(existsSync(join(run, f)), f).toBe(true);
    // 8 training cases in batches of 4 → 2 step lines per epoch
    const lines = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'step')).toHaveLength(4);
  });

  it('a second train of the same run without --resume or --force is refused', () => {
    const r = seg(['train', '--data', phantoms, '--run-dir', run, '--epochs', '2', ...tiny]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toContain(
      `seg train: ${run} already holds a training run. Continue it with --resume, start over with --force, or choose another --name.`,
    );
  });

  it('eval writes eval.json, eval.csv and report.html whose numbers agree', () => {
    const r = seg(['eval', '--run', run, '--backend', 'cpu', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.cases).toHaveLength(2);
    const stored = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8'));
    expect(stored.meanDice).toBe(out.meanDice);
    // every group is computed by default: boundary per class and calibration over all and foreground pixels
    expect(Object.keys(out.boundary).sort()).toEqual(['asd', 'assd', 'bfScore', 'hausdorff', 'hd95', 'surfaceDice']);
    // 2 test phantoms of 16×16, every pixel labelled → 512 pixels in the all-pixel calibration
    expect(out.calibration.all.count).toBe(512);
    const csv = readFileSync(join(run, 'eval.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('id,class,dice,iou,hausdorff,hd95,asd,assd,bfScore,surfaceDice');
    expect(csv).toHaveLength(1 + 2 * 2); // header + 2 cases × 2 classes
    const row = csv[2].split(','); // case 0, class 1
    expect(row[0]).toBe(JSON.stringify(out.cases[0].id));
    expect(Number(row[2])).toBe(out.cases[0].dice[1]);
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Calibration</h2>');
    expect((html.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBe(2); // worst 4 of 2 cases → both
  });

  it('eval --metrics overlap skips boundary and calibration', () => {
    const r = seg(['eval', '--run', run, '--backend', 'cpu', '--metrics', 'overlap', '--json', '--worst', '0']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect([out.boundary, out.calibration]).toEqual([undefined, undefined]);
  });

  it('predict writes one mask PNG per image, of the image size, with class-index values', () => {
    const images = pngFolder('predict-in', 3, []);
    const out = join(dir, 'masks');
    const r = seg(['predict', '--run', run, '--data', images, '--out', out, '--backend', 'cpu']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['case_0.png', 'case_1.png', 'case_2.png']);
    const mask = PNG.sync.read(readFileSync(join(out, 'case_0.png')));
    expect([mask.width, mask.height]).toEqual([16, 16]);
    const values = new Set<number>();
    for (let i = 0; i < mask.data.length; i += 4) values.add(mask.data[i]);
    expect([...values].every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('calibrate fits a temperature on the val split (NLL not above T = 1) and eval then applies it', () => {
    const r = seg(['calibrate', '--run', run, '--backend', 'cpu', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.method).toBe('temperature');
    expect(out.temperature).toBeGreaterThan(0);
    // Brent's minimum over [0.05, 20] ∋ 1 can never be worse than T = 1 on the data it was fitted on
    expect(out.fit.nllAfter).toBeLessThanOrEqual(out.fit.nllBefore + 1e-12);
    const stored = JSON.parse(readFileSync(join(run, 'calibration.json'), 'utf8'));
    expect(stored.temperature).toBe(out.temperature);
    expect(existsSync(join(run, 'calibration.html'))).toBe(true);
    const withCal = JSON.parse(seg(['eval', '--run', run, '--backend', 'cpu', '--json', '--metrics', 'calibration']).stdout);
    expect(withCal.calibratedWith).toMatch(/^temperature T = /);
    expect(withCal.calibration.all.ece).toBeCloseTo(out.report.after.all.ece, 10);
    const without = JSON.parse(
      seg(['eval', '--run', run, '--backend', 'cpu', '--json', '--metrics', 'calibration', '--no-calibration']).stdout,
    );
    expect(without.calibratedWith).toBeUndefined();
    expect(without.calibration.all.ece).toBeCloseTo(out.report.before.all.ece, 10);
  });

  it('calibrate --method local-temperature stores the network and eval loads it', () => {
    const r = seg(['calibrate', '--run', run, '--backend', 'cpu', '--method', 'local-temperature', '--epochs', '2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(run, 'calibration', 'model.json'))).toBe(true);
    const e = JSON.parse(seg(['eval', '--run', run, '--backend', 'cpu', '--json', '--metrics', 'calibration']).stdout);
    expect(e.calibratedWith).toBe('local temperature network from calibration/');
  });

  it('--resume continues to more epochs from the checkpoint', () => {
    const r = seg(['train', '--data', phantoms, '--run-dir', run, '--epochs', '3', '--seed', '3', ...tiny, '--resume', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'step').map((l) => l.epoch)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('bad input gives one clear line and exit code 2', () => {
  it('unknown flag value', () => {
    const r = seg(['train', '--data', phantoms, '--backend', 'gpu']);
    expect(r.status).not.toBe(0);
    expect(oneLine(r.stderr)).toContain('Expected --backend=gpu to be one of: auto, tensorflow, wasm, cpu');
  });

  it('missing mask file names the case', () => {
    const data = pngFolder('missing-mask', 3, [0, 2]);
    const r = seg(['train', '--data', data, '--run-dir', join(dir, 'runs', 'mm'), ...tiny]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/holds 3 images but 2 masks; missing mask for case_1\.png/);
  });

  it('image/mask size mismatch names the case and both sizes', () => {
    const data = pngFolder('size-mismatch', 2);
    png(join(data, 'masks', 'case_1.png'), [16, 12], () => 0);
    const r = seg(['train', '--data', data, '--run-dir', join(dir, 'runs', 'sm'), ...tiny]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/case_1.*16×16.*16×12|case_1.*12×16/);
  });

  it('label value ≥ number of classes names the file and the value', () => {
    const data = pngFolder('bad-label', 2, [0, 1], (i) => (i === 5 ? 7 : 0));
    const r = seg(['train', '--data', data, '--num-classes', '2', '--run-dir', join(dir, 'runs', 'bl'), ...tiny]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/case_\d\.png.*7/);
  });

  it('an invalid config lists its problems', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ data: phantoms, epochs: -1, optimizer: { name: 'adagrad' } }));
    const r = seg(['train', '--config', path]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid configuration \(2 problems\)/);
    expect(r.stderr).toMatch(/optimizer\.name/);
    expect(r.stderr).toMatch(/epochs/);
  });

  it('an unreadable checkpoint on --resume says which file and what is wrong', () => {
    const run = join(dir, 'runs', 'corrupt');
    expect(seg(['train', '--data', phantoms, '--run-dir', run, '--epochs', '1', ...tiny]).status).toBe(0);
    writeFileSync(join(run, 'checkpoint', 'state.json'), '{ not json');
    const r = seg(['train', '--data', phantoms, '--run-dir', run, '--epochs', '2', ...tiny, '--resume']);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/checkpoint.*state\.json/);
  });

  it('eval of a directory that is not a run', () => {
    const r = seg(['eval', '--run', dir]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toContain(`seg eval: ${dir} holds no config.json, so it is not a seg training run.`);
  });
});

describe('losses by name, loss options, DMC pre-training, data stats', () => {
  it('--loss dmc --pretrain-epochs 1 trains phase 0 (CE) then phase 1 (DMC, offsets from the training split)', () => {
    const run = join(dir, 'runs', 'dmc');
    const r = seg([
      'train',
      '--data',
      'phantom:rings?count=10&size=16&seed=2',
      '--run-dir',
      run,
      '--epochs',
      '2',
      '--loss',
      'dmc',
      '--pretrain-epochs',
      '1',
      ...tiny,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const steps = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === 'step');
    // 10 phantoms → 6 train (val 2, test 2) → 2 steps per epoch of 4
    expect(steps.map((l) => [l.epoch, l.loss_phase])).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(Object.keys(steps[3])).toContain('fp'); // DMC's parts: fn and fp terms
  });

  it('--loss-opt values reach the loss and unknown options are refused with the valid names', () => {
    const r = seg([
      'train',
      '--data',
      phantoms,
      '--run-dir',
      join(dir, 'runs', 'opt'),
      '--loss',
      'mbls',
      '--loss-opt',
      'margins=5',
      ...tiny,
    ]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/margins.*margin, alpha, penalty, norm/);
  });

  it('data stats: counts and DMC offsets ρ_0k = τ·√(n − n_k)/n_k by hand', () => {
    const r = seg(['data', 'stats', '--data', 'phantom:rings?count=3&size=16&seed=4', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const n = s.counts.reduce((a: number, b: number) => a + b, 0);
    expect(n).toBe(3 * 16 * 16);
    for (let k = 0; k < 4; k++) expect(s.dmc.rho0K[k]).toBeCloseTo((10 * Math.sqrt(n - s.counts[k])) / s.counts[k], 9);
  });
});

describe('adversarial methods from the CLI', () => {
  it('--method gambling trains both networks, checkpoints both, and resumes', () => {
    const run = join(dir, 'runs', 'gambling');
    const args = [
      'train',
      '--data',
      phantoms,
      '--run-dir',
      run,
      '--method',
      'gambling',
      '--method-opt',
      'filters=4',
      '--method-opt',
      'depth=1',
      ...tiny,
    ];
    const r = seg([...args, '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['model-segmentor.json', 'model-gambler.json', 'optimizer-segmentor.json', 'optimizer-gambler.json']) {
      expect(existsSync(join(run, 'checkpoint', f)), f).toBe(true);
    }
    expect(seg([...args, '--epochs', '2', '--resume']).status).toBe(0);
    const steps = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === 'step');
    expect(steps.map((l) => l.epoch)).toEqual([0, 0, 1, 1]);
    expect(Object.keys(steps[0])).toEqual(expect.arrayContaining(['ce', 'bet_ce', 'gambler_loss']));
    const out = join(dir, 'betting');
    const p = seg([
      'predict',
      '--run',
      run,
      '--data',
      'phantom:nodule?count=2&size=16&seed=9',
      '--out',
      out,
      '--maps',
      'betting',
      '--backend',
      'cpu',
    ]);
    expect(p.status, p.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['nodule_0000.png', 'nodule_0000_betting.png', 'nodule_0001.png', 'nodule_0001_betting.png']);
    const map = PNG.sync.read(readFileSync(join(out, 'nodule_0000_betting.png')));
    expect([map.width, map.height]).toEqual([16, 16]);
  });

  it('--maps betting on a run that is not a gambling run says so', () => {
    const r = seg([
      'predict',
      '--run',
      join(dir, 'runs', 'tiny'),
      '--data',
      phantoms,
      '--out',
      join(dir, 'nobet'),
      '--maps',
      'betting',
      '--backend',
      'cpu',
    ]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toContain('betting maps need a gambling run');
  });

  it('an unknown method names the valid ones', () => {
    const r = seg(['train', '--data', phantoms, '--run-dir', join(dir, 'runs', 'wgan'), '--method', 'wgan', ...tiny]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toContain("'gambling', 'segan', 'ce-adversarial', 'confidence'");
  });
});
