/**
 * Config validation against the registries: the method, model and loss names exist and their options match the
 * entries' schemas — every problem listed with the others, before any data is read.
 */
import { getMethod, listMethods, type MethodEntry, methodOptionProblems } from '@seg/adversarial';
import { optionProblems } from '@seg/core';
import { getLoss, listLosses } from '@seg/margin';
import { getModel, listModels } from '@seg/models';
import type { z } from 'zod';
import { type ModelBlock, modelOptions } from './model-options.js';

type Block = { name: string; [k: string]: unknown };

interface Checked {
  model: ModelBlock;
  loss: Block;
  pretrain?: { loss: Block };
  method: Block;
}

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

function issue(ctx: z.RefinementCtx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function checkLoss(block: Block, path: string[], ctx: z.RefinementCtx): void {
  const { name, ...options } = block;
  const names = listLosses().map((l) => l.name);
  if (!names.includes(name)) {
    issue(ctx, [...path, 'name'], `unknown loss '${name}'; one of ${quoted(names)} (seg losses)`);
    return;
  }
  const schema = getLoss(name).options;
  const { unknown, invalid } = optionProblems(schema, options);
  const valid = Object.keys(schema.shape).join(', ');
  for (const k of unknown) issue(ctx, path, `'${k}' is not an option of loss '${name}' (valid: ${valid})`);
  for (const line of invalid) issue(ctx, path, line);
}

function checkModel(config: Checked, method: MethodEntry | undefined, ctx: z.RefinementCtx): void {
  const name = method?.model?.name ?? config.model.name;
  const names = listModels().map((m) => m.name);
  if (!names.includes(name)) {
    issue(ctx, ['model', 'name'], `unknown model '${name}'; one of ${quoted(names)} (seg models)`);
    return;
  }
  const { name: _m, ...methodOptions } = config.method;
  const passed = Object.fromEntries(Object.entries(methodOptions).filter(([k]) => method?.model?.keys.includes(k)));
  const schema = getModel(name).options;
  const { unknown, invalid } = optionProblems(schema, modelOptions(config.model, name, passed));
  const valid = Object.keys(schema.shape).join(', ');
  for (const k of unknown) issue(ctx, ['model', 'options'], `'${k}' is not an option of model '${name}' (valid: ${valid})`);
  for (const line of invalid) issue(ctx, ['model', 'options'], line);
}

/** zod `superRefine` of the train config: adds one issue per registry problem. */
export function checkRegistries(config: Checked, ctx: z.RefinementCtx): void {
  const { name, ...options } = config.method;
  const names = listMethods().map((m) => m.name);
  const method = names.includes(name) ? getMethod(name) : undefined;
  if (!method) issue(ctx, ['method', 'name'], `unknown method '${name}'; one of ${quoted(names)} (seg methods)`);
  else for (const line of methodOptionProblems(method, options)) issue(ctx, ['method'], line);
  checkModel(config, method, ctx);
  checkLoss(config.loss, ['loss'], ctx);
  if (config.pretrain) checkLoss(config.pretrain.loss, ['pretrain', 'loss'], ctx);
}
