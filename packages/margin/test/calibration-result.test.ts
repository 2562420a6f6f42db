import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyCalibration,
  applyLocalTemperature,
  type CalibrationResult,
  calibrationResult,
  fitLocalTemperature,
  fitTemperature,
  parseCalibrationResult,
} from '../src/calibration/index.js';
import { synthetic } from './calibration-helpers.js';

const data = synthetic([2, 4, 4, 3], 5, () => 2);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('calibrationResult / parseCalibrationResult', () => {
  it('temperature: the fit as JSON, read back unchanged', () => {
    const fit = fitTemperature(data.logits, data.labels);
    const result = calibrationResult(fit);
    expect(result).toEqual({
      method: 'temperature',
      temperature: fit.temperature,
      nllBefore: fit.nllBefore,
      nllAfter: fit.nllAfter,
      pixels: 32,
      search: { bounds: [0.05, 20], iterations: fit.iterations, converged: true, atBound: fit.atBound },
    });
    expect(parseCalibrationResult(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it('local temperature: settings and training record, the model directory instead of the model', async () => {
    const logits = tf.tensor4d(data.logits, data.shape);
    const labels = tf.tensor3d(data.labels, [2, 4, 4], 'int32');
    const fit = await fitLocalTemperature([{ logits, labels }], { epochs: 2, hidden: 2 });
    const result = calibrationResult(fit, { modelDir: 'calibration/lts' });
    expect(result.method).toBe('local-temperature');
    expect(result.temperature).toBeUndefined();
    expect(result.local?.modelDir).toBe('calibration/lts');
    expect(result.local?.config).toMatchObject({ numClasses: 3, hidden: 2, epochs: 2, inputs: 'logits' });
    expect(result.local?.history).toHaveLength(2);
    const json = JSON.stringify(result);
    expect(parseCalibrationResult(JSON.parse(json))).toEqual(result);
    // applyCalibration with the network = applyLocalTemperature; without it, an error saying where to load it from.
    const [a, b] = [applyCalibration(result, logits, { model: fit.model }), applyLocalTemperature(fit.model, logits)];
    expect(a.dataSync()).toEqual(b.dataSync());
    expect(() => applyCalibration(result, logits)).toThrow(
      "applyCalibration: 'model' must be the local-temperature network, got undefined. Load it with loadModel(<run>/calibration/lts) from @seg/train.",
    );
    tf.dispose([logits, labels, a, b]);
    fit.model.dispose();
  });

  it('applyCalibration with a global temperature divides by it (hand values)', () => {
    const record: CalibrationResult = { method: 'temperature', temperature: 4, nllBefore: 1, nllAfter: 0.5, pixels: 2 };
    const z = tf.tensor4d([4, -2, 8, 1], [1, 1, 2, 2]);
    const out = applyCalibration(record, z);
    expect(Array.from(out.dataSync())).toEqual([1, -0.5, 2, 0.25]);
    tf.dispose([z, out]);
  });

  it('lists every problem of a bad record at once, naming the file', () => {
    expect(() => parseCalibrationResult({ method: 'platt', nllBefore: 'x', pixels: 3 }, 'runs/a/calibration.json')).toThrow(
      "parseCalibrationResult: runs/a/calibration.json is not a valid calibration record:\n  - 'method' must be one of 'temperature', 'local-temperature', got \"platt\"\n  - 'nllBefore' must be a finite number, got \"x\"\n  - 'nllAfter' must be a finite number, got undefined.",
    );
    expect(() => parseCalibrationResult({ method: 'temperature', nllBefore: 1, nllAfter: 1, pixels: 1, temperature: -2 })).toThrow(
      /'temperature' must be a finite number > 0, got -2/,
    );
    expect(() => parseCalibrationResult({ method: 'local-temperature', nllBefore: 1, nllAfter: 1, pixels: 1 })).toThrow(
      /'local\.modelDir' must name the directory of the temperature network, got undefined/,
    );
    expect(() => parseCalibrationResult([])).toThrow(/the file must hold a JSON object/);
  });
});
