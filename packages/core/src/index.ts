export type { SegErrorParts } from './errors.js';
export { formatErrorMessage, SegConfigError, SegError, SegInputError, SegInternalError } from './errors.js';
export { argmax, mean, median, quantile, sizeOf, std } from './numeric.js';
export type { OptionProblems, OptionsSchema, SchemaIssue } from './options.js';
export { optionProblems } from './options.js';
export type { RngState } from './rng.js';
export { Rng } from './rng.js';
export type { Batch, ImageArray, LabelMap, Mask, ProbabilityMap, Sample, Shape, ShapedLike } from './types.js';
export { DEFAULT_IGNORE_INDEX } from './types.js';
export {
  assertDivisible,
  assertDtype,
  assertFiniteArray,
  assertInRange,
  assertInteger,
  assertLabels,
  assertOneOf,
  assertPositive,
  assertRank,
  assertSameShape,
  assertShape,
  describeShape,
} from './validate.js';
