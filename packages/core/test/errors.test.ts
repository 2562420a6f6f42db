import { formatErrorMessage, SegConfigError, SegError, SegInputError, SegInternalError } from '@seg/core';
import { describe, expect, it } from 'vitest';

describe('seg errors', () => {
  it('names function, argument, expected, got and hint in one sentence', () => {
    const e = new SegInputError({
      fn: 'hausdorff',
      arg: 'truth',
      expected: "128×128 like 'pred'",
      got: '128×96',
      hint: 'Resample or crop the masks to one grid',
    });
    expect(e.message).toBe("hausdorff: 'truth' must be 128×128 like 'pred', got 128×96. Resample or crop the masks to one grid.");
    expect(e).toBeInstanceOf(SegError);
    expect(e.name).toBe('SegInputError');
    expect([e.fn, e.arg, e.got]).toEqual(['hausdorff', 'truth', '128×96']);
  });
  it('uses a free sentence when detail is given', () => {
    expect(formatErrorMessage({ fn: 'seg train', detail: '--data ./scans holds 3 images but 2 masks' })).toBe(
      'seg train: --data ./scans holds 3 images but 2 masks.',
    );
  });
  it('config errors list every problem', () => {
    const e = new SegConfigError({ fn: 'seg train', arg: '--config', problems: ['epochs: expected a number', 'lr: expected > 0'] });
    expect(e.message).toContain('  - epochs: expected a number\n  - lr: expected > 0');
    expect(e.problems).toHaveLength(2);
  });
  it('internal errors ask for a report', () => {
    expect(new SegInternalError({ fn: 'conv', detail: 'kernel returned 3 dims' }).message).toMatch(/please report it/);
  });
});
