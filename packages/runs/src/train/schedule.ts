import type { ScheduleOptions } from '@seg/train';
import type { TrainConfig } from '../config/schema.js';

/**
 * Schedule options from the config, with defaults derived from the run for what the CLI does not ask:
 * step decays ×0.1 every third of the run; poly runs over all epochs; cyclical swings lr/10 ↔ lr with a period of
 * min(20, epochs) epochs (Valvano et al. use 1e-5 ↔ 1e-4, 20 epochs).
 */
export function scheduleOptions(config: TrainConfig): ScheduleOptions {
  const lr = config.optimizer.lr;
  const given = config.schedule as Record<string, unknown>;
  const defaults: Record<ScheduleOptions['name'], Record<string, unknown>> = {
    constant: { lr },
    step: { lr, every: Math.max(1, Math.round(config.epochs / 3)), gamma: 0.1 },
    poly: { lr, epochs: config.epochs, power: 0.9 },
    cyclical: { base: lr / 10, max: lr, period: Math.min(20, config.epochs) },
  };
  return { ...defaults[config.schedule.name], ...given } as ScheduleOptions;
}
