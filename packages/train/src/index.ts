export { AdamWOptimizer, isKernelName } from './adamw.js';
export type { BackendInfo, BackendName, InitBackendOptions, NativeAddonLoad, RegisterNativeOptions } from './backend/index.js';
export {
  BACKEND_NAMES,
  initBackend,
  listSegKernels,
  loadNativeAddon,
  nativeKernelCounts,
  registerNativeKernels,
  registerSegKernels,
  stockKernel,
} from './backend/index.js';
export type { Callback, EpochEndInfo, StepEndInfo } from './callbacks.js';
export type { LoadedCheckpoint } from './checkpoint.js';
export { applyCheckpoint, applyModelWeights, COMPLETE_MARKER, disposeCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { EarlyStoppingOptions, MonitorMetric, MonitorMode, MonitorState } from './early-stopping.js';
export { defaultMode, MetricMonitor } from './early-stopping.js';
export type { CaseEvaluation, EvaluateOptions, EvaluationResult } from './evaluate.js';
export { evaluateModel } from './evaluate.js';
export type { BoundaryEvalOptions, BoundaryField, CalibrationEvalOptions, WorstCase } from './evaluate-extras.js';
export { BOUNDARY_FIELDS } from './evaluate-extras.js';
export type { BestEpoch, EpochRecord, TrainResult } from './history.js';
export { JsonlLog } from './log.js';
export { logitsView, segmentorModels } from './logits-view.js';
export type { LossPhase, LossSchedule } from './loss-schedule.js';
export { isLossSchedule, lossSchedule, pretrainThen } from './loss-schedule.js';
export { loadModel, MODEL_JSON, saveModel, WEIGHTS_BIN } from './model-io.js';
export { getOptimizerState, setOptimizerState } from './optimizer-state.js';
export type { OptimizerName, OptimizerOptions } from './optimizers.js';
export { createOptimizer, getLearningRate, OPTIMIZER_NAMES, setLearningRate } from './optimizers.js';
export type { LogitsTransform, Prediction, PredictOptions } from './predict.js';
export { predictDataset } from './predict.js';
export type { ProgressMode, ProgressSink } from './progress.js';
export { formatDuration, formatValue, Progress } from './progress.js';
export type { Schedule, ScheduleName, ScheduleOptions } from './schedules.js';
export { createSchedule, SCHEDULE_NAMES } from './schedules.js';
export type { SupervisedStepOptions } from './supervised-step.js';
export { nnunetWeights, supervisedStep } from './supervised-step.js';
export { checkBatch, disposeTensorBatch, toTensorBatch } from './tensor-batch.js';
export type { StepContext, TensorBatch, TrainStep } from './train-step.js';
export type { TrainerOptions } from './trainer.js';
export { Trainer } from './trainer.js';
export type { TrainerState } from './trainer-state.js';
export type { NamedTensor } from './weights-io.js';
export { loadWeights, saveWeights } from './weights-io.js';
