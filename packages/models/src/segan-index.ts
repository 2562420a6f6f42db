export type { SeganCriticConfig, SeganResize, SeganSegmentorConfig } from './segan.js';
export { seganCritic, seganEntry, seganSegmentor } from './segan.js';
