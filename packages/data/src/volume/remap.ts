/** Label remapping tables: many atlas regions → a few classes, with every source value required to be in the table. */
import { type LabelMap, SegInputError } from '@seg/core';
import type { Volume } from './volume.js';

/** Source value → class; a Map, a plain object keyed by value, or an array (index = source value). */
export type LabelTable = ReadonlyMap<number, number> | Readonly<Record<number, number>> | readonly number[];

function lookup(table: LabelTable): (v: number) => number | undefined {
  if (table instanceof Map) return (v) => table.get(v);
  if (Array.isArray(table)) return (v) => table[v];
  const rec = table as Readonly<Record<number, number>>;
  return (v) => (Object.hasOwn(rec, v) ? rec[v] : undefined);
}

/**
 * `labels` (a {@link Volume} or a {@link LabelMap}) with every value v replaced by table[v], as an Int32Array.
 * A value missing from the table is an error naming every unexpected value (with its voxel count): silently
 * mapping it to background would hide a wrong atlas or a wrong table.
 */
export function remapLabels<T extends Volume | LabelMap>(labels: T, table: LabelTable, name = 'labels'): T {
  const fn = 'remapLabels';
  const get = lookup(table);
  const cache = new Map<number, number | undefined>();
  const missing = new Map<number, number>();
  const data = new Int32Array(labels.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = labels.data[i];
    let m = cache.get(v);
    if (m === undefined && !cache.has(v)) {
      m = get(v);
      cache.set(v, m);
    }
    if (m === undefined || !Number.isInteger(m)) missing.set(v, (missing.get(v) ?? 0) + 1);
    else data[i] = m;
  }
  if (missing.size > 0) {
    const list = [...missing.entries()].sort((a, b) => a[0] - b[0]);
    const shown = list.slice(0, 8).map(([v, n]) => `${v} (${n} voxels)`);
    throw new SegInputError({
      fn,
      arg: name,
      expected: 'only values listed in the remapping table',
      got: `${list.length} unexpected value${list.length > 1 ? 's' : ''}: ${shown.join(', ')}${list.length > 8 ? ', …' : ''}`,
      hint: 'Add the values to the table (map them to 0 for background), or check that the atlas matches the table',
    });
  }
  return 'affine' in labels
    ? ({ ...labels, data, datatype: ['uint8', 'int16', 'int32'].includes(labels.datatype) ? labels.datatype : 'int16' } as T)
    : ({ ...labels, data } as T);
}
