export type { AssdOptions } from './assd.js';
export { assd, averageSurfaceDistance, chamfer } from './assd.js';
export type { ToleranceOptions } from './bf-score.js';
export { bfScore } from './bf-score.js';
export type { BoundaryOptions } from './boundary.js';
export { boundary } from './boundary.js';
export type { BoundaryMetrics, BoundaryMetricsOptions, EmptySide } from './boundary-metrics.js';
export { boundaryMetrics } from './boundary-metrics.js';
export type { DistanceMap, DistanceTransformOptions } from './edt.js';
export { distanceTransform } from './edt.js';
export type { DistanceEmptyPolicy } from './empty-policy.js';
export { DISTANCE_EMPTY_POLICIES, imageDiagonal } from './empty-policy.js';
export type { DirectedHausdorffOptions, HausdorffOptions } from './hausdorff.js';
export { directedHausdorff, hausdorff, hd95 } from './hausdorff.js';
export type { BoundaryMetricOptions } from './pair.js';
export type { PerClassOptions } from './per-class.js';
export {
  assdPerClass,
  averageSurfaceDistancePerClass,
  bfScorePerClass,
  boundaryMetricsPerClass,
  hausdorffPerClass,
  hd95PerClass,
  surfaceDicePerClass,
} from './per-class.js';
export type { AssdVariant, Hd95Variant, MatchComparison } from './reduce.js';
export { surfaceDice } from './surface-dice.js';
export type { SurfaceDistanceOptions, SurfaceDistances } from './surface-distances.js';
export { surfaceDistances } from './surface-distances.js';
export type { BinaryMode, Connectivity, Spacing } from './validate.js';
