import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { trainConfigJsonSchema } from '../../src/config/json-schema.js';

const shipped = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));

describe('config.schema.json', () => {
  it('is in sync with the zod schema and the registries (else: pnpm build && pnpm --filter @seg/runs run schema)', () => {
    expect(shipped).toEqual(trainConfigJsonSchema());
  });
  it('offers each loss with its own options, and requires data', () => {
    const mbls = shipped.properties.loss.anyOf.find((v: { properties: { name: { const: string } } }) => v.properties.name.const === 'mbls');
    expect(Object.keys(mbls.properties)).toEqual(['name', 'margin', 'alpha', 'penalty', 'norm', 'reduction', 'ignoreIndex', 'checkLabels']);
    expect(mbls.properties.margin.default).toBe(10);
    expect(mbls.additionalProperties).toBe(false);
    expect(shipped.required).toEqual(['data']);
  });
});

describe('config.schema.json validates config files (ajv, an independent JSON Schema validator)', () => {
  // biome-ignore lint/suspicious/noExplicitAny: ajv's default export shape differs between ESM and CJS builds
  const Ajv = (AjvModule as any).default ?? AjvModule;
  const validate = new Ajv({ strict: false }).compile(shipped);
  it('accepts a config with a loss, a method and model options', () => {
    const ok = {
      data: 'phantom:rings',
      loss: { name: 'mbls', margin: 5 },
      method: { name: 'gambling', beta: 1 },
      model: { name: 'unet', options: { deepSupervision: true } },
    };
    expect(validate(ok), JSON.stringify(validate.errors)).toBe(true);
  });
  it('refuses an option the chosen loss does not have, and a config without data', () => {
    expect(validate({ data: 'x', loss: { name: 'mbls', margins: 5 } })).toBe(false);
    expect(validate({ epochs: 3 })).toBe(false);
  });
});
