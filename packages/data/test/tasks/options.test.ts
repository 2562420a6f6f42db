import { SegConfigError } from '@seg/core';
import { describe, expect, it } from 'vitest';
import { type OptionSchema, parseOptionQuery, resolveOptions } from '../../src/tasks/options.js';

interface Demo {
  count: number;
  rate: number;
  mode: 'a' | 'b';
  parts: string[];
}

const SCHEMA: OptionSchema<Demo> = {
  count: { kind: 'int', min: 1, max: 10, default: 3 },
  rate: { kind: 'number', min: 0, max: 1, default: 0.5 },
  mode: { kind: 'enum', values: ['a', 'b'], default: 'a' },
  parts: { kind: 'list', values: ['x', 'y', 'z'], minLength: 1, maxLength: 2, default: ['x'] },
};

describe('task options', () => {
  it('fills every default and keeps given values', () => {
    expect(resolveOptions(SCHEMA, {}, 'demo')).toEqual({ count: 3, rate: 0.5, mode: 'a', parts: ['x'] });
    expect(resolveOptions(SCHEMA, { count: 7, parts: ['z', 'y'] }, 'demo')).toEqual({ count: 7, rate: 0.5, mode: 'a', parts: ['z', 'y'] });
  });

  it('lists every problem at once, naming the function, the option, the range and the value', () => {
    const bad = { count: 1.5, rate: 2, mode: 'c', parts: ['x', 'x'], colour: 'red' } as unknown as Partial<Demo>;
    let error: unknown;
    try {
      resolveOptions(SCHEMA, bad, 'demo');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SegConfigError);
    const problems = (error as SegConfigError).problems;
    expect(problems).toEqual([
      "unknown option 'colour' (known: count, rate, mode, parts)",
      "'count' must be an integer in [1, 10], got 1.5",
      "'rate' must be a number in [0, 1], got 2",
      '\'mode\' must be one of a, b, got "c"',
      `'parts' must be 1–2 distinct values of x, y, z, got ["x","x"]`,
    ]);
    expect((error as Error).message).toMatch(/^demo: invalid options:/);
  });

  it('parses a query: numbers for int/number, words for enum, comma lists for list', () => {
    const problems: string[] = [];
    expect(parseOptionQuery(SCHEMA, 'count=4&rate=0.25&mode=b&parts=y,%20z', problems)).toEqual({
      count: 4,
      rate: 0.25,
      mode: 'b',
      parts: ['y', 'z'],
    });
    expect(problems).toEqual([]);
  });

  it('reports unknown query keys and non-numbers without throwing', () => {
    const problems: string[] = [];
    parseOptionQuery(SCHEMA, 'count=many&size=3&rate=', problems);
    expect(problems).toEqual([
      "'count' must be a number, got 'many'",
      "unknown parameter 'size' (known: count, rate, mode, parts)",
      "'rate' must be a number, got ''",
    ]);
  });

  it('refuses a non-object options argument', () => {
    expect(() => resolveOptions(SCHEMA, 5 as unknown as Partial<Demo>, 'demo')).toThrow("demo: 'options' must be an object, got 5.");
  });
});
