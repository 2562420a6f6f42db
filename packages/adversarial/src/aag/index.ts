export { lsgan, noisyTargets } from './losses.js';
export { aagMethod, aagOptions, prepareAagData } from './method.js';
export type { AagStepOptions, FakeTarget } from './options.js';
export { drawImages, drawMasks } from './sampling.js';
export { aagStep } from './step.js';
