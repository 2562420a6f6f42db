/**
 * Checkpoints: everything a run needs to continue exactly where it stopped — the weights of every model of the
 * TrainStep (trainable and not: batch-norm moving statistics included), every optimizer's state
 * ({@link getOptimizerState}), and the trainer state (epoch, global step, RNG states, monitors, history).
 *
 * Layout of `runDir/checkpoint/`: `state.json`, `model-<name>.json|.bin`, `optimizer-<name>.json|.bin`, and the
 * empty `complete` marker written last. Writes go through {@link writeDirAtomic} (`checkpoint.tmp-<pid>`, then
 * `checkpoint` → `checkpoint.old`, tmp → `checkpoint`, `.old` removed). Loading takes `checkpoint` when it is
 * complete and readable, else `checkpoint.old`: a crash at any moment of a save leaves one whole checkpoint.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { exists, oldDirFor, readJsonOrThrow, writeDirAtomic } from './fs-atomic.js';
import { getOptimizerState, setOptimizerState } from './optimizer-state.js';
import { setLearningRate } from './optimizers.js';
import type { TrainStep } from './train-step.js';
import { reviveState, stringifyState, type TrainerState } from './trainer-state.js';
import { loadWeights, type NamedTensor, saveWeights } from './weights-io.js';

export const COMPLETE_MARKER = 'complete';
const STATE_FILE = 'state.json';
const HINT = 'Delete the checkpoint directory to start the run over, or resume from a backup';

/** A checkpoint read from disk, not yet applied: the caller owns (and disposes) the tensors. */
export interface LoadedCheckpoint {
  dir: string;
  state: TrainerState;
  models: Record<string, NamedTensor[]>;
  optimizers: Record<string, NamedTensor[]>;
}

/** Writes a complete checkpoint of `step` and `state` to `dir` (atomically). */
export async function saveCheckpoint(dir: string, step: TrainStep, state: TrainerState): Promise<void> {
  await writeDirAtomic(dir, async (tmp) => {
    for (const [name, model] of Object.entries(step.models())) {
      await saveWeights(
        tmp,
        `model-${name}`,
        model.weights.map((w) => ({ name: w.name, tensor: w.read() })),
      );
    }
    for (const [name, optimizer] of Object.entries(step.optimizers())) {
      const tensors = await getOptimizerState(optimizer);
      try {
        await saveWeights(tmp, `optimizer-${name}`, tensors);
      } finally {
        tf.dispose(tensors.map((t) => t.tensor));
      }
    }
    await writeFile(join(tmp, STATE_FILE), stringifyState(state));
    await writeFile(join(tmp, COMPLETE_MARKER), '');
  });
}

/** The middle of a SegInputError message (no `fn:` prefix, no hint), to list it among other problems. */
function withoutPrefixAndHint(error: SegInputError): string {
  let text = error.message.slice(error.fn.length + 2);
  const hint = error.hint?.replace(/\.?$/, '.');
  if (hint && text.endsWith(` ${hint}`)) text = text.slice(0, -hint.length - 1);
  return text.replace(/\.$/, '');
}

function fail(detail: string, cause?: unknown): never {
  throw new SegInputError({ fn: 'loadCheckpoint', arg: 'dir', detail, hint: HINT }, { cause });
}

/** Reads one candidate directory completely (state + every tensor the step needs). */
async function readCheckpoint(dir: string, step: TrainStep): Promise<LoadedCheckpoint> {
  const state = reviveState(await readJsonOrThrow(join(dir, STATE_FILE), 'loadCheckpoint', 'dir', HINT)) as TrainerState;
  if (typeof state !== 'object' || state === null || state.version !== 1 || !Number.isInteger(state.epoch)) {
    fail(`${join(dir, STATE_FILE)} is not a seg checkpoint state (version 1 with an integer 'epoch')`);
  }
  const loaded: LoadedCheckpoint = { dir, state, models: {}, optimizers: {} };
  try {
    for (const name of Object.keys(step.models())) loaded.models[name] = await loadWeights(dir, `model-${name}`, 'loadCheckpoint');
    for (const name of Object.keys(step.optimizers()))
      loaded.optimizers[name] = await loadWeights(dir, `optimizer-${name}`, 'loadCheckpoint');
  } catch (error) {
    disposeCheckpoint(loaded);
    throw error;
  }
  return loaded;
}

/** Disposes every tensor of a loaded checkpoint. */
export function disposeCheckpoint(loaded: LoadedCheckpoint): void {
  for (const list of [...Object.values(loaded.models), ...Object.values(loaded.optimizers)]) tf.dispose(list.map((t) => t.tensor));
}

/**
 * Reads the newest whole checkpoint under `dir` (or `dir.old`); `undefined` when neither exists (a fresh run).
 * A checkpoint that exists but is incomplete or unreadable, with no whole fallback, raises a SegInputError
 * naming the path and the problem.
 */
export async function loadCheckpoint(dir: string, step: TrainStep): Promise<LoadedCheckpoint | undefined> {
  const candidates = [dir, oldDirFor(dir)];
  const problems: string[] = [];
  let found = false;
  for (const candidate of candidates) {
    if (!(await exists(candidate))) continue;
    found = true;
    if (!(await exists(join(candidate, COMPLETE_MARKER)))) {
      problems.push(`${candidate} is incomplete (no '${COMPLETE_MARKER}' marker: the save was interrupted)`);
      continue;
    }
    try {
      return await readCheckpoint(candidate, step);
    } catch (error) {
      if (!(error instanceof SegInputError)) throw error;
      problems.push(withoutPrefixAndHint(error));
    }
  }
  if (!found) return undefined;
  fail(`no usable checkpoint: ${problems.join('; ')}`);
}

function sameShape(a: readonly number[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Copies the checkpoint's model weights into the step's models, checking count and shapes first. */
export function applyModelWeights(loaded: LoadedCheckpoint, step: TrainStep): void {
  const models = step.models();
  for (const [name, model] of Object.entries(models)) {
    const saved = loaded.models[name];
    const mismatch =
      saved.length !== model.weights.length
        ? `${saved.length} weights, the model has ${model.weights.length}`
        : saved
            .map((t, i) =>
              sameShape(t.tensor.shape, model.weights[i].shape)
                ? ''
                : `weight ${i} is ${t.tensor.shape.join('×')} in the checkpoint, ${model.weights[i].shape.join('×')} in the model`,
            )
            .find((m) => m !== '');
    if (mismatch) {
      fail(
        `model '${name}' in ${loaded.dir} does not fit the model being trained: ${mismatch}. Was the run started with a different model configuration?`,
      );
    }
  }
  for (const [name, model] of Object.entries(models)) model.setWeights(loaded.models[name].map((t) => t.tensor));
}

/**
 * Applies a loaded checkpoint to `step`: checks it was written by the same scheme, copies model weights (count and
 * shapes checked), restores every optimizer's state and learning rate. The trainer state is the caller's business.
 */
export async function applyCheckpoint(loaded: LoadedCheckpoint, step: TrainStep): Promise<void> {
  const s = loaded.state;
  if (s.stepName !== step.name) {
    throw new SegInputError({
      fn: 'Trainer.fit',
      arg: 'resume',
      detail: `the checkpoint in ${loaded.dir} was written by step '${s.stepName}', not '${step.name}'`,
      hint: 'Resume with the same training scheme, or use a new runDir',
    });
  }
  applyModelWeights(loaded, step);
  for (const [name, optimizer] of Object.entries(step.optimizers())) {
    await setOptimizerState(optimizer, loaded.optimizers[name]);
    const lr = s.learningRates?.[name];
    if (lr !== undefined) setLearningRate(optimizer, lr);
  }
}
