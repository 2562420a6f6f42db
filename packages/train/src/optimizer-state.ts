/**
 * Optimizer state for checkpoints: tfjs's `getWeights()` (iteration counter + slot variables such as Adam's m and v)
 * plus what tfjs leaves out.
 *
 * - Slots are matched by POSITION, not by name: tfjs optimizers index their slots by the order of the variables
 *   passed to `applyGradients`, and `setWeights` ignores names. A freshly built model has new variable names
 *   (`conv2d_Conv2D7/kernel` instead of `…1/kernel`), so the saved names (`<old variable>/m`) are kept only for
 *   reading; what must survive is the variable order, which a model built from the same config keeps.
 * - Adam's running products β1^t, β2^t (`accBeta1/2`) are not in `getWeights`; tfjs's `setWeights` recomputes them
 *   as `pow(β, t+1)`, which can differ in the last bit from the product the uninterrupted run accumulated. They are
 *   saved as `__accBeta1`/`__accBeta2` and restored exactly, so a resumed run matches bit for bit.
 * Restore into a fresh optimizer (tfjs's setWeights replaces slot variables without disposing old ones).
 */
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from './weights-io.js';

const EXTRA_PREFIX = '__';

interface AdamInternals {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

function adamInternals(optimizer: tf.Optimizer): AdamInternals | undefined {
  if (!(optimizer instanceof tf.AdamOptimizer)) return undefined;
  const o = optimizer as unknown as AdamInternals;
  return o.accBeta1 instanceof tf.Variable && o.accBeta2 instanceof tf.Variable ? o : undefined;
}

/**
 * A standalone copy of the optimizer's state (the caller disposes the tensors). Safe to encode after more steps.
 */
export async function getOptimizerState(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const weights = await optimizer.getWeights();
  const out = weights.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
  for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  const adam = adamInternals(optimizer);
  if (adam) {
    out.push({ name: `${EXTRA_PREFIX}accBeta1`, tensor: tf.clone(adam.accBeta1 as tf.Variable) });
    out.push({ name: `${EXTRA_PREFIX}accBeta2`, tensor: tf.clone(adam.accBeta2 as tf.Variable) });
  }
  return out;
}

/**
 * Restores what {@link getOptimizerState} returned. The tensors stay owned by the caller (dispose them after);
 * the optimizer keeps its own references.
 */
export async function setOptimizerState(optimizer: tf.Optimizer, state: readonly NamedTensor[]): Promise<void> {
  const core = state.filter((w) => !w.name.startsWith(EXTRA_PREFIX));
  const extras = new Map(state.filter((w) => w.name.startsWith(EXTRA_PREFIX)).map((w) => [w.name.slice(EXTRA_PREFIX.length), w.tensor]));
  if (core.length === 0) {
    throw new SegInputError({
      fn: 'setOptimizerState',
      arg: 'state',
      expected: 'at least the iteration counter',
      got: 'no tensors',
      hint: 'Pass what getOptimizerState returned',
    });
  }
  try {
    await optimizer.setWeights(core.map((w) => ({ name: w.name, tensor: w.tensor })));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SegInputError(
      {
        fn: 'setOptimizerState',
        arg: 'state',
        detail: `${optimizer.getClassName()} refused the saved state (${core.length} tensors): ${reason}`,
        hint: 'Was the checkpoint written with a different optimizer?',
      },
      { cause: error },
    );
  }
  const adam = adamInternals(optimizer);
  const b1 = extras.get('accBeta1');
  const b2 = extras.get('accBeta2');
  if (adam && b1 && b2) {
    adam.accBeta1?.assign(b1 as tf.Scalar);
    adam.accBeta2?.assign(b2 as tf.Scalar);
  }
}
