export { lsgan, noisyTargets } from './losses.js';
export type { AagStepOptions, FakeTarget } from './options.js';
export { REAL_SCALES, type RealScales, realPyramid } from './pyramid.js';
export { drawImages, drawMasks } from './sampling.js';
export { aagStep, logitsModel } from './step.js';
