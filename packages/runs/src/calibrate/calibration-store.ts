/**
 * The post-hoc calibration stored with a run: `calibration.json` (+ `calibration/` for a local-temperature network),
 * read back as a logits transform that `seg eval` applies before softmax.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import { applyCalibration, type CalibrationResult, parseCalibrationResult } from '@seg/margin';
import { type LogitsTransform, loadModel } from '@seg/train';
import type * as tf from '@tensorflow/tfjs';

export interface StoredCalibration {
  record: CalibrationResult;
  model?: tf.LayersModel;
  transform: LogitsTransform;
  /** One line for logs: what is applied. */
  describe: string;
}

/** The run's calibration, or undefined when it has none. The caller disposes `model`. */
export async function loadCalibration(runDir: string, fn: string): Promise<StoredCalibration | undefined> {
  const path = join(runDir, 'calibration.json');
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SegInputError({
      fn,
      arg: '--run',
      detail: `${path} is not valid JSON (${(error as Error).message})`,
      hint: 'Run seg calibrate again',
    });
  }
  const record = parseCalibrationResult(raw, path);
  if (record.method === 'temperature') {
    return {
      record,
      transform: (z) => applyCalibration(record, z),
      describe: `temperature T = ${record.temperature?.toFixed(4)} from calibration.json`,
    };
  }
  const model = await loadModel(join(runDir, record.local?.modelDir ?? 'calibration'));
  const withImage = ((record.local?.config as { imageChannels?: number } | undefined)?.imageChannels ?? 0) > 0;
  return {
    record,
    model,
    transform: (z, x) => applyCalibration(record, z, { model, images: withImage ? x : undefined }),
    describe: 'local temperature network from calibration/',
  };
}
