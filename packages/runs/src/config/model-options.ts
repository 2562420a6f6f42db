import { getModel } from '@seg/models';

/** The config's common model fields (`--depth`, `--filters`, …), passed to an architecture whose schema has them. */
export const COMMON_MODEL_FIELDS = ['depth', 'filters', 'norm', 'dropout', 'upsampling'] as const;

/** The `model` block of a run config: a name, the common fields, and `options` (`--model-opt`). */
export interface ModelBlock {
  name: string;
  options: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * The options model `name` gets from a config's model block: the common fields its option schema declares, then
 * `options` (`--model-opt`), then `extra` (options a method passes, e.g. aag's `attention`). No list of which
 * architecture takes which field is kept here: the model entry's schema says.
 * @throws SegConfigError for an unknown model name.
 */
export function modelOptions(model: ModelBlock, name = model.name, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const keys = Object.keys(getModel(name).options.shape);
  const taken = COMMON_MODEL_FIELDS.filter((k) => keys.includes(k) && model[k] !== undefined);
  return { ...Object.fromEntries(taken.map((k) => [k, model[k]])), ...model.options, ...extra };
}
