/**
 * @seg/runs — the seg run layer as a library: a validated config becomes a run directory (`trainRun`), and runs are
 * evaluated, calibrated, used for prediction and compared (`evalRun`, `calibrateRun`, `predictRun`, `compareRuns`).
 * The `seg` command line, examples and grid cells all call these functions.
 */

export type { CalibrateRunOptions, CalibrateRunResult, CalibrationPair } from './calibrate/calibrate-run.js';
export { calibrateRun } from './calibrate/calibrate-run.js';
export type { StoredCalibration } from './calibrate/calibration-store.js';
export { loadCalibration } from './calibrate/calibration-store.js';
export type { CompareMetric, CompareResult } from './compare/compare-runs.js';
export { COMPARE_METRICS, compareRuns } from './compare/compare-runs.js';
export type { JsonObject } from './config/json-schema.js';
export { trainConfigJsonSchema } from './config/json-schema.js';
export type { ModelBlock } from './config/model-options.js';
export { COMMON_MODEL_FIELDS, modelOptions } from './config/model-options.js';
export { mergeConfig, readConfigFile, resolveConfig, resolveTrainConfig } from './config/resolve.js';
export type { TrainConfig, TrainConfigInput } from './config/schema.js';
export { backendNames, trainConfigObject, trainConfigSchema } from './config/schema.js';
export type { ConvertOptions, ConvertResult } from './data/convert.js';
export { convertData } from './data/convert.js';
export type { ScribblesOptions, ScribblesResult } from './data/scribbles.js';
export { scribblesRun } from './data/scribbles.js';
export type { DataStats } from './data/stats.js';
export { dataStats } from './data/stats.js';
export type { DemoOptions, DemoResult } from './demo/demo-run.js';
export { demoDataSpec, demoRun } from './demo/demo-run.js';
export { evalCsv } from './eval/eval-csv.js';
export type { EvalRunOptions, EvalRunResult, EvalSplit, MetricGroup } from './eval/eval-result.js';
export { BOUNDARY_FIELDS, METRIC_GROUPS } from './eval/eval-result.js';
export { evalRun } from './eval/eval-run.js';
export { writeFileAtomic, writeJsonAtomic } from './files.js';
export { fmt } from './format.js';
export type { RunHooks } from './hooks.js';
export type { PredictRunOptions, PredictRunResult } from './predict/predict-run.js';
export { predictRun } from './predict/predict-run.js';
export type { OptionInfo } from './registry/describe-options.js';
export { describeOptions, optionSummary } from './registry/describe-options.js';
export type { LossListing, MethodListing, ModelListing } from './registry/registries.js';
export { lossListings, methodListings, modelListings } from './registry/registries.js';
export type { ReportSection } from './report/html.js';
export { htmlTable, renderReport } from './report/html.js';
export { overlayDataUri, overlayRgba } from './report/overlay.js';
export type { Series } from './report/svg.js';
export { escapeXml, lineChartSvg, reliabilitySvg } from './report/svg.js';
export { runDirOf } from './run-dir.js';
export type { StoredRun } from './stored-run.js';
export { readRun } from './stored-run.js';
export { buildLoss, buildLossSchedule } from './train/loss.js';
export { assertInputFits, deepSupervisionOf, modelConfig } from './train/model.js';
export { scheduleOptions } from './train/schedule.js';
export type { RunSplits } from './train/splits.js';
export { runSplits } from './train/splits.js';
export type { BuiltStep } from './train/step.js';
export { buildStep } from './train/step.js';
export type { TrainRunResult } from './train/train-run.js';
export { trainRun } from './train/train-run.js';
