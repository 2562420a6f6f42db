/**
 * Checking a registry entry's options against its schema (a zod object in models, margin and adversarial).
 * Structural types: core itself needs no zod.
 */

/** One problem a schema check reports (zod's issue shape). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  /** For unknown keys (code 'unrecognized_keys'): the keys. */
  readonly keys?: readonly string[];
}

/** What an options schema offers: a non-throwing check and its option names (zod: `z.object({...}).strict()`). */
export interface OptionsSchema {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly SchemaIssue[] } };
  readonly shape: Record<string, unknown>;
}

/** What is wrong with a set of options: keys the schema does not know, and one line per invalid value. */
export interface OptionProblems {
  unknown: string[];
  /** `path: message` per invalid value, e.g. `margin: Expected number, received string`. */
  invalid: string[];
}

/** Checks `options` against `schema`, collecting every problem (unknown keys and invalid values) at once. */
export function optionProblems(schema: OptionsSchema, options: unknown): OptionProblems {
  const check = schema.safeParse(options);
  const out: OptionProblems = { unknown: [], invalid: [] };
  if (check.success) return out;
  for (const issue of check.error?.issues ?? []) {
    if (issue.code === 'unrecognized_keys' && issue.keys) out.unknown.push(...issue.keys);
    else out.invalid.push(`${issue.path.map(String).join('.') || '(options)'}: ${issue.message}`);
  }
  return out;
}
