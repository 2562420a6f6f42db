import { createLoss, listLosses } from '@seg/margin';
import { getModel, listModels } from '@seg/models';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeOptions, optionSummary } from '../../src/registry/describe-options.js';
import { lossListings, methodListings, modelListings } from '../../src/registry/registries.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('describeOptions', () => {
  it('names, types with ranges, defaults and descriptions from a zod object', () => {
    const schema = z.object({
      depth: z.number().int().min(1).max(8).default(4).describe('levels'),
      norm: z.enum(['batch', 'none']).default('batch'),
      bins: z.array(z.number().int()).optional(),
      clip: z.union([z.enum(['code', 'paper']), z.number().positive()]).default('code'),
    });
    expect(describeOptions(schema)).toEqual([
      { name: 'depth', type: 'integer ≥ 1, ≤ 8', default: 4, description: 'levels' },
      { name: 'norm', type: "'batch' | 'none'", default: 'batch' },
      { name: 'bins', type: 'integer[]' },
      { name: 'clip', type: "'code' | 'paper' | number > 0", default: 'code' },
    ]);
    expect(optionSummary(describeOptions(schema))).toBe('depth=4, norm="batch", bins, clip="code"');
  });
});

describe('the listings read the entries', () => {
  it('every model, method and loss is listed with its schema options', () => {
    expect(modelListings().map((m) => m.name)).toEqual(listModels().map((m) => m.name));
    expect(modelListings().find((m) => m.name === 'pspnet')).toMatchObject({ divisibleBy: 8, minSize: 48, deepSupervision: 'none' });
    expect(methodListings().find((m) => m.name === 'aag')).toMatchObject({ model: 'aag-unet', needs: { scribbles: true } });
    expect(
      lossListings()
        .filter((l) => l.needsClassCounts)
        .map((l) => l.name),
    ).toEqual(['dmc']);
  });
});

describe("schema defaults are the builders' and factories' own defaults", () => {
  // If an entry's declared default drifted from the builder's, the listings and JSON Schema would document a value
  // the run does not use. Check: build with the schema's defaults written out vs with no options at all.
  for (const { name } of listModels()) {
    it(`model ${name}: same parameter count and same output`, () => {
      const entry = getModel(name);
      const defaults = entry.options.parse({}) as Record<string, unknown>;
      const size = Math.max(entry.requires.divisibleBy(defaults), entry.requires.minSize?.(defaults) ?? 0);
      const io = { inputShape: [size, size, 1], numClasses: 2, seed: 3 };
      const a = entry.create({ ...io, ...defaults });
      const b = entry.create(io);
      const x = tf.randomNormal([1, size, size, 1], 0, 1, 'float32', 1);
      const [ya, yb] = [a, b].map((m) => {
        const y = m.predict(x);
        return (Array.isArray(y) ? y[0] : y).dataSync();
      });
      expect(a.countParams()).toBe(b.countParams());
      expect(Array.from(ya)).toEqual(Array.from(yb));
      tf.dispose([x]);
      a.dispose();
      b.dispose();
    });
  }
  for (const { name, schema } of listLosses()) {
    it(`loss ${name}: same value`, () => {
      const extra = name === 'dmc' ? { counts: [30, 20, 10] } : {};
      const defaults = { ...(schema.parse({}) as Record<string, unknown>), ...extra };
      const [la, lb] = [createLoss(name, defaults), createLoss(name, extra)];
      const v = tf.tidy(() => {
        const logits = tf.randomNormal([2, 6, 6, 3], 0, 2, 'float32', 5) as tf.Tensor4D;
        const labels = tf.tensor3d(
          Array.from({ length: 72 }, (_, i) => (i % 7 === 0 ? 255 : i % 3)),
          [2, 6, 6],
          'int32',
        );
        return [la(logits, labels).dataSync()[0], lb(logits, labels).dataSync()[0]];
      });
      expect(Number.isFinite(v[0])).toBe(true);
      expect(v[0]).toBe(v[1]);
    });
  }
});
