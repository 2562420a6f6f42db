/** Plain-JSON descriptions of registry option schemas, for `seg models|methods|losses` and docs. */
import { z } from 'zod';

/** One option of a registry entry. */
export interface OptionInfo {
  name: string;
  /** e.g. 'integer ≥ 1', "'batch' | 'group' | 'none'", 'boolean', 'number[]'. */
  type: string;
  /** The default, when the schema declares one. */
  default?: unknown;
  description?: string;
}

function typeOf(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return typeOf(schema._def.innerType);
  if (schema instanceof z.ZodNumber) {
    const checks = schema._def.checks;
    const int = checks.some((c) => c.kind === 'int');
    const min = checks.find((c) => c.kind === 'min') as { value: number; inclusive: boolean } | undefined;
    const max = checks.find((c) => c.kind === 'max') as { value: number; inclusive: boolean } | undefined;
    const range = [min && `${min.inclusive ? '≥' : '>'} ${min.value}`, max && `${max.inclusive ? '≤' : '<'} ${max.value}`].filter(Boolean);
    return `${int ? 'integer' : 'number'}${range.length ? ` ${range.join(', ')}` : ''}`;
  }
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).map((v) => `'${v}'`).join(' | ');
  if (schema instanceof z.ZodLiteral) return JSON.stringify(schema.value);
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodArray) return `${typeOf(schema.element)}[]`.replace(/^(.* .*)\[\]$/, '($1)[]');
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodTypeAny[]).map(typeOf).join(' | ');
  if (schema instanceof z.ZodObject) return 'object';
  return 'value';
}

function descriptionOf(schema: z.ZodTypeAny): string | undefined {
  if (schema.description) return schema.description;
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return descriptionOf(schema._def.innerType);
  return undefined;
}

/** Every option of a zod object schema: name, type, default and one-line description. */
export function describeOptions(schema: z.AnyZodObject): OptionInfo[] {
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([name, s]) => {
    const info: OptionInfo = { name, type: typeOf(s) };
    if (s instanceof z.ZodDefault) info.default = s._def.defaultValue();
    const description = descriptionOf(s);
    if (description) info.description = description;
    return info;
  });
}

/** `name=default` (or `name`) per option, for one-line listings. */
export function optionSummary(options: readonly OptionInfo[]): string {
  return options.map((o) => (o.default === undefined ? o.name : `${o.name}=${JSON.stringify(o.default)}`)).join(', ');
}
