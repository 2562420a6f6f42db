/**
 * Opening a dataset from one string, as the CLI's `--data` flag does:
 * `phantom:nodule`, `phantom:rings?count=64&size=64&seed=1&noise=0.3`, or a folder of PNG pairs.
 */
import { SegConfigError } from '@seg/core';
import type { Dataset } from './dataset.js';
import { PHANTOM_KINDS, type PhantomKind, type PhantomOptions } from './phantom/options.js';
import { phantomDataset } from './phantom/phantom.js';
import { type PngFolderOptions, pngFolderDataset } from './png/folder.js';
import { openTaskSpec } from './tasks/spec.js';

export type OpenDatasetOptions = PngFolderOptions;

const NUMERIC = ['count', 'size', 'seed', 'noise'] as const;

/** Parses `phantom:<kind>?key=value&…` into phantom options (every problem reported at once). */
export function parsePhantomSpec(spec: string): PhantomOptions {
  const fn = 'openDataset';
  const [head, query = ''] = spec.slice('phantom:'.length).split('?', 2);
  const problems: string[] = [];
  const kind = head as PhantomKind;
  if (!PHANTOM_KINDS.includes(kind)) problems.push(`unknown phantom '${head}' (known: ${PHANTOM_KINDS.join(', ')})`);
  const options: Record<string, number | string> = { kind };
  for (const [key, value] of new URLSearchParams(query)) {
    if (!(NUMERIC as readonly string[]).includes(key)) problems.push(`unknown parameter '${key}' (known: ${NUMERIC.join(', ')})`);
    else if (value.trim() === '' || !Number.isFinite(Number(value))) problems.push(`'${key}' must be a number, got '${value}'`);
    else options[key] = Number(value);
  }
  if (problems.length > 0) throw new SegConfigError({ fn, detail: `cannot open '${spec}'`, problems });
  return options as PhantomOptions;
}

/**
 * A dataset from a spec string: `phantom:<kind>[?count=&size=&seed=&noise=]`, `task:<kind>[?cases=&size=&seed=…]`
 * (tasks/spec.ts), or a PNG folder path.
 * `options` are the PNG-folder options; for phantoms only `numClasses` is checked (it must match).
 */
export function openDataset(spec: string, options: OpenDatasetOptions = {}): Dataset {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new SegConfigError({
      fn: 'openDataset',
      arg: 'spec',
      expected: "'phantom:nodule', 'phantom:rings' or a folder path",
      got: JSON.stringify(spec),
    });
  }
  if (spec.startsWith('task:')) return openTaskSpec(spec, options.numClasses);
  if (spec.startsWith('phantom:')) {
    const ds = phantomDataset(parsePhantomSpec(spec));
    if (options.numClasses !== undefined && options.numClasses !== ds.numClasses) {
      throw new SegConfigError({
        fn: 'openDataset',
        arg: 'numClasses',
        expected: `${ds.numClasses} for ${ds.name}`,
        got: String(options.numClasses),
        hint: 'Leave numClasses out for phantoms',
      });
    }
    return ds;
  }
  return pngFolderDataset(spec, options);
}
