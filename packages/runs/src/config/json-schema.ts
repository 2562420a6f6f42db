/**
 * The JSON Schema of `seg train --config` files (config.schema.json in this package), generated from the zod schema and
 * the registries: `loss`, `pretrain.loss` and `method` are one-of their entries (each with its own options), and
 * `model.options` one-of the architectures' options, so an editor completes and checks option names per choice.
 */
import { listMethods } from '@seg/adversarial';
import { listLosses } from '@seg/margin';
import { listModels } from '@seg/models';
import type { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { trainConfigObject } from './schema.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;
type Json = JsonObject;

const toJson = (schema: z.ZodTypeAny): Json => {
  const { $schema: _s, ...rest } = zodToJsonSchema(schema, { target: 'jsonSchema7', $refStrategy: 'none' }) as Json;
  return rest;
};

/** One `{ name: <entry>, ...options }` variant per registry entry. */
function byName(entries: readonly { name: string; description: string; schema: z.AnyZodObject }[], defaultName?: string): Json {
  return {
    anyOf: entries.map((e) => {
      const options = toJson(e.schema) as { properties?: Json; required?: string[] };
      const name = { const: e.name, description: e.description, ...(e.name === defaultName ? { default: e.name } : {}) };
      return {
        type: 'object',
        properties: { name, ...(options.properties ?? {}) },
        ...(e.name === defaultName ? {} : { required: ['name'] }),
        additionalProperties: false,
      };
    }),
  };
}

/** The JSON Schema (draft 7) of a train config file. */
export function trainConfigJsonSchema(): JsonObject {
  const schema = toJson(trainConfigObject) as { properties: Record<string, Json> };
  const losses = listLosses().map((l) => ({ name: l.name, description: l.description, schema: l.schema }));
  const props = schema.properties;
  props.loss = { ...byName(losses, 'ce+dice'), description: 'The loss and its options (`seg losses`).' };
  const pretrain = props.pretrain as { properties: Json };
  pretrain.properties.loss = { ...byName(losses, 'ce'), description: 'The pre-training loss (default ce).' };
  props.method = {
    ...byName(
      listMethods().map((m) => ({ name: m.name, description: m.description, schema: m.schema })),
      'supervised',
    ),
    description: 'The training scheme and its options (`seg methods`).',
  };
  const model = props.model as { properties: Json };
  model.properties.options = {
    description: 'Options of the architecture named by model.name (`seg models`); common fields above are passed when it takes them.',
    anyOf: listModels().map((m) => ({ ...toJson(m.options), title: m.name })),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'seg train config',
    description: 'A `seg train --config` file (JSON or YAML): every field optional except data; flags override it.',
    ...schema,
  };
}
