/**
 * @seg/adversarial — adversarial training schemes as seg `TrainStep`s: gambling networks, SegAN, CE + adversarial
 * (Luc et al.), adversarial confidence learning and scribble supervision with adversarial attention gates (AAG), plus a registry by name for `seg train --method`.
 */
export * from './aag/index.js';
export * from './ce-adversarial/index.js';
export { ceAdversarialMethod } from './ce-adversarial/method.js';
export * from './confidence/index.js';
export { confidenceMethod } from './confidence/method.js';
export * from './gambling/index.js';
export { gamblingMethod } from './gambling/method.js';
export type { MethodContext, MethodEntry, MethodNeeds, PreparedData } from './method-entry.js';
export { defineMethod } from './method-entry.js';
export type { MethodInfo } from './registry.js';
export { createMethodStep, getMethod, listMethods, methodOptionProblems, registerMethod } from './registry.js';
export * from './segan/index.js';
export { seganMethod } from './segan/method.js';
export { supervisedMethod } from './supervised/method.js';
