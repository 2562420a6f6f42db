import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/open.js';
import { cardiacDataset } from '../../src/tasks/cardiac/cardiac.js';
import { nodulesDataset } from '../../src/tasks/nodules/nodules.js';
import { type OptionSchema, resolveOptions } from '../../src/tasks/options.js';
import { parseTaskSpec, TASK_KINDS, TASKS } from '../../src/tasks/spec.js';
import { checksum, problemsOf } from './helpers.js';

describe('task spec strings', () => {
  it('openDataset("task:…") gives the same bytes as the library call with the same options', () => {
    const spec = openDataset('task:cardiac?cases=2&size=32&slices=2&phases=1&labels=extended&seed=4');
    const direct = cardiacDataset({ cases: 2, size: 32, slices: 2, phases: 1, labels: 'extended', seed: 4 });
    expect(spec.name).toBe('task:cardiac:extended');
    expect(checksum(spec)).toBe(checksum(direct));
    expect(checksum(openDataset('task:nodules?cases=1&size=32&first=3&labels=noisy'))).toBe(
      checksum(nodulesDataset({ cases: 1, size: 32, first: 3, labels: 'noisy' })),
    );
  });

  it('parses lists and numbers into the option types', () => {
    expect(parseTaskSpec('task:lesions?modalities=t1,flair&massEffect=0.2&slices=4')).toEqual({
      kind: 'lesions',
      options: { modalities: ['t1', 'flair'], massEffect: 0.2, slices: 4 },
    });
    expect(parseTaskSpec('task:nodules')).toEqual({ kind: 'nodules', options: {} });
  });

  it('lists every unknown parameter and non-number of a spec at once', () => {
    expect(problemsOf(() => openDataset('task:nodules?count=3&size=big&noise=0.1'))).toEqual([
      "unknown parameter 'count' (known: cases, first, size, seed, views, labels, annotators, bias, jitter, contrast)",
      "'size' must be a number, got 'big'",
      "unknown parameter 'noise' (known: cases, first, size, seed, views, labels, annotators, bias, jitter, contrast)",
    ]);
    expect(() => openDataset('task:tumours')).toThrow(
      /openDataset: cannot open 'task:tumours':\n {2}- unknown task 'tumours' \(known: lesions, nodules, cardiac\)/,
    );
  });

  it('passes values to the builder, which checks their ranges', () => {
    expect(problemsOf(() => openDataset('task:cardiac?slices=0&labels=acdc'))).toEqual(["'slices' must be an integer in [1, 32], got 0"]);
  });

  it('refuses a numClasses that differs from the task, naming both', () => {
    expect(() => openDataset('task:nodules?cases=1&size=32', { numClasses: 3 })).toThrow(
      "openDataset: 'numClasses' must be 2 for task:nodules, got 3. Leave numClasses out for tasks; the spec sets the classes.",
    );
  });

  it('every task declares a summary and a schema whose defaults pass its own checks', () => {
    expect(TASK_KINDS).toEqual(['lesions', 'nodules', 'cardiac']);
    for (const kind of TASK_KINDS) {
      expect(TASKS[kind].summary.length).toBeGreaterThan(20);
      expect(Object.keys(TASKS[kind].schema).slice(0, 4)).toEqual(['cases', 'first', 'size', 'seed']);
      const schema = TASKS[kind].schema as OptionSchema<Record<string, unknown>>;
      expect(() => resolveOptions(schema, {}, kind)).not.toThrow();
    }
  });
});
