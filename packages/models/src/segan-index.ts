export type { SeganCriticConfig, SeganResize, SeganSegmentorConfig } from './segan.js';
export { seganCritic, seganSegmentor } from './segan.js';
