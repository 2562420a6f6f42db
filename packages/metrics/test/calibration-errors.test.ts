import { describe, expect, it } from 'vitest';
import { CalibrationAccumulator, calibrationMetrics, classwiseEce, ece, mmcl, nll } from '../src/calibration/index.js';

const probs = (rows: number[][], shape = [rows.length, rows[0].length]) => ({ data: Float32Array.from(rows.flat()), shape });
const labels = (values: number[], shape = [values.length]) => ({ data: Int32Array.from(values), shape });
const ok = probs(
  [
    [0.5, 0.5],
    [0.2, 0.8],
    [1, 0],
    [0.6, 0.4],
  ],
  [2, 2, 2],
);
const okLabels = labels([0, 1, 1, 0], [2, 2]);

describe('calibration input errors name the function, the argument and the pixel', () => {
  it('rows not summing to 1 (tolerance 1e-3): the first bad pixel and its sum', () => {
    const bad = probs(
      [
        [0.5, 0.5],
        [0.5, 0.4],
        [1, 0],
        [0.6, 0.4],
      ],
      [2, 2, 2],
    );
    expect(() => ece(bad, okLabels)).toThrow(
      "ece: 'probs' must be rows summing to 1 (±0.001), got a sum of 0.9 at pixel [0, 1]. Apply softmax over the last (class) axis, not sigmoid per channel.",
    );
    const close = probs(
      [
        [0.5, 0.5005],
        [0.2, 0.8],
        [1, 0],
        [0.6, 0.4],
      ],
      [2, 2, 2],
    );
    expect(() => ece(close, okLabels)).not.toThrow(); // off by 5e-4: within tolerance
  });
  it('NaN and out-of-range probabilities name the pixel and the class', () => {
    const nan = probs(
      [
        [0.5, 0.5],
        [0.2, 0.8],
        [1, Number.NaN],
        [0.6, 0.4],
      ],
      [2, 2, 2],
    );
    expect(() => classwiseEce(nan, okLabels)).toThrow(
      "classwiseEce: 'probs' must be probabilities in [0, 1], got NaN at pixel [1, 0], class 1. The network produced NaN; check the loss and learning rate.",
    );
    const neg = probs([[-0.5, 1.5]], [1, 2]);
    expect(() => nll(neg, labels([0]))).toThrow(
      "nll: 'probs' must be probabilities in [0, 1], got -0.5 at pixel [0], class 0. Apply softmax to the logits first.",
    );
  });
  it('labels on another grid', () => {
    expect(() => ece(ok, labels([0, 1, 1, 0, 0, 0], [2, 3]))).toThrow(
      "ece: 'labels' must be 2×2 like 'probs' without its class axis, got 2×3. Labels and probabilities must cover the same pixels.",
    );
    expect(() => ece(ok, undefined as never)).toThrow("ece: 'labels' must be a label map { data, shape }, got undefined.");
  });
  it('label ≥ classes (255 is ignored unless ignoreIndex says otherwise)', () => {
    expect(() => ece(ok, labels([0, 1, 1, 2], [2, 2]))).toThrow(
      "ece: 'labels' must be class indices in [0, 1] or 255 (ignored), got 2 at flat index 3. 'probs' has 2 classes; remap the label values or pass the matching probabilities.",
    );
    expect(() => ece(ok, labels([0, 1, 1, 255], [2, 2]), { ignoreIndex: -1 })).toThrow(
      "ece: 'labels' must be class indices in [0, 1], got 255 at flat index 3.",
    );
  });
  it('bins ≤ 0 or non-integer, unknown region, bad includeBackground', () => {
    expect(() => ece(ok, okLabels, { bins: 0 })).toThrow("ece: 'bins' must be an integer ≥ 1, got 0.");
    expect(() => ece(ok, okLabels, { bins: 2.5 })).toThrow("ece: 'bins' must be an integer ≥ 1, got 2.5.");
    expect(() => new CalibrationAccumulator({ bins: -3 })).toThrow("CalibrationAccumulator: 'bins' must be an integer ≥ 1, got -3.");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => ece(ok, okLabels, { region: 'fg' })).toThrow("ece: 'region' must be one of 'all', 'foreground', got \"fg\".");
    // @ts-expect-error: runtime check of an invalid option
    expect(() => calibrationMetrics(ok, okLabels, { includeBackground: 'no' })).toThrow(
      "calibrationMetrics: 'includeBackground' must be a boolean, got string.",
    );
  });
  it('probabilities without a class axis, one class, or a wrong data length', () => {
    expect(() => ece({ data: new Float32Array(4), shape: [4] }, labels([0]))).toThrow(
      "ece: 'probs' must be channels-last probabilities (…×C, C ≥ 2), got shape 4. For a sigmoid output p, stack [1 − p, p] as two classes.",
    );
    expect(() => ece({ data: new Float32Array(4).fill(1), shape: [4, 1] }, labels([0, 0, 0, 0]))).toThrow(
      "ece: 'probs' must be channels-last",
    );
    expect(() => ece({ data: new Float32Array(7), shape: [2, 2, 2] }, okLabels)).toThrow(
      "ece: 'probs' must be 8 values for shape 2×2×2, got 7. The data length must be the product of the shape.",
    );
  });
  it("mmcl needs labels for region: 'foreground'", () => {
    expect(() => mmcl(ok, undefined, { region: 'foreground' })).toThrow(
      "mmcl: 'labels' must be a label map with region: 'foreground', got undefined. Pass the labels, or use region: 'all'.",
    );
  });
});
