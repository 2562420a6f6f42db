/**
 * @seg/adversarial — adversarial training schemes as seg `TrainStep`s: gambling networks, SegAN, CE + adversarial
 * (Luc et al.), adversarial confidence learning and scribble supervision with adversarial attention gates (AAG), plus a registry by name for `seg train --method`.
 */
export * from './aag/index.js';
export * from './ce-adversarial/index.js';
export * from './confidence/index.js';
export * from './gambling/index.js';
export type { MethodContext, MethodEntry, PreparedData } from './methods.js';
export { createMethodStep, getMethod, listMethods, registerMethod } from './methods.js';
export * from './segan/index.js';
