export type { GamblerConfig, ResolvedGamblerConfig } from './gambler.js';
export { GAMBLER_DEFAULTS, gambler, resolveGamblerConfig } from './gambler.js';
