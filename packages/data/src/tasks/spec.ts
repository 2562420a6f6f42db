/**
 * The task generators by name, and their spec strings: `task:<kind>?key=value&…` with exactly the option names of
 * the library call (`task:lesions?cases=24&size=64&seed=1&modalities=t1c,t2,flair`).
 */
import { SegConfigError } from '@seg/core';
import type { Dataset } from '../dataset.js';
import { CARDIAC_SCHEMA, type CardiacOptions, cardiacDataset } from './cardiac/cardiac.js';
import { LESIONS_SCHEMA, type LesionsOptions, lesionsDataset } from './lesions/lesions.js';
import { NODULES_SCHEMA, type NodulesOptions, nodulesDataset } from './nodules/nodules.js';
import { type OptionSchema, parseOptionQuery } from './options.js';

export type TaskKind = 'lesions' | 'nodules' | 'cardiac';

interface TaskEntry<O> {
  summary: string;
  schema: OptionSchema<Required<O>>;
  open: (options: O) => Dataset;
}

/** Every task: a one-line summary, its option schema (types, ranges, defaults) and its dataset builder. */
export const TASKS = {
  lesions: {
    summary: 'gliomas with nested regions and mass effect in the real Colin27 brain, 2–4 MR contrasts (SegAN / BraTS-like)',
    schema: LESIONS_SCHEMA,
    open: lesionsDataset,
  } satisfies TaskEntry<LesionsOptions>,
  nodules: {
    summary: 'thyroid-ultrasound nodules: Rayleigh speckle, shadowing, low contrast; clean or annotator masks (gambling)',
    schema: NODULES_SCHEMA,
    open: nodulesDataset,
  } satisfies TaskEntry<NodulesOptions>,
  cardiac: {
    summary: 'short-axis cardiac MRI, base to apex, ED and ES; ACDC classes or six classes of very different sizes (DMC / MbLS / AAG)',
    schema: CARDIAC_SCHEMA,
    open: cardiacDataset,
  } satisfies TaskEntry<CardiacOptions>,
} as const;

export const TASK_KINDS = Object.keys(TASKS) as TaskKind[];

/** Parses `task:<kind>?key=value&…` into the kind and its options (unchecked values; every problem at once). */
export function parseTaskSpec(spec: string): { kind: TaskKind; options: Record<string, unknown> } {
  const [head, query = ''] = spec.slice('task:'.length).split('?', 2);
  const kind = head as TaskKind;
  const problems: string[] = [];
  if (!TASK_KINDS.includes(kind)) {
    problems.push(`unknown task '${head}' (known: ${TASK_KINDS.join(', ')})`);
    throw new SegConfigError({ fn: 'openDataset', detail: `cannot open '${spec}'`, problems });
  }
  const options = parseOptionQuery(TASKS[kind].schema as OptionSchema<Record<string, unknown>>, query, problems);
  if (problems.length > 0) throw new SegConfigError({ fn: 'openDataset', detail: `cannot open '${spec}'`, problems });
  return { kind, options };
}

/**
 * The dataset of a `task:` spec (see {@link parseTaskSpec}); option values are checked by the task's builder.
 * @throws SegConfigError when `numClasses` is given and differs from the task's.
 */
export function openTaskSpec(spec: string, numClasses?: number): Dataset {
  const { kind, options } = parseTaskSpec(spec);
  const ds = (TASKS[kind].open as (o: Record<string, unknown>) => Dataset)(options);
  if (numClasses !== undefined && numClasses !== ds.numClasses)
    throw new SegConfigError({
      fn: 'openDataset',
      arg: 'numClasses',
      expected: `${ds.numClasses} for ${ds.name}`,
      got: String(numClasses),
      hint: 'Leave numClasses out for tasks; the spec sets the classes',
    });
  return ds;
}
