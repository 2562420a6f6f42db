/**
 * @seg/adversarial — adversarial training schemes as seg `TrainStep`s: gambling networks, SegAN, CE + adversarial
 * (Luc et al.) and adversarial confidence learning, plus a registry by name for `seg train --method`.
 */
export * from './ce-adversarial/index.js';
export * from './confidence/index.js';
export * from './gambling/index.js';
export type { MethodContext, MethodEntry } from './methods.js';
export { createMethodStep, listMethods, registerMethod } from './methods.js';
export * from './segan/index.js';
