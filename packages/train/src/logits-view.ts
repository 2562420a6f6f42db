/**
 * Multi-output models (deep supervision, AAG's multi-scale maps) train with all their outputs but are evaluated,
 * saved and served by their first output, the full-resolution logits. These views share layers and weights.
 */
import * as tf from '@tensorflow/tfjs';

/** The logits-only view of `model` (its first output; the model itself when it has one output). */
export function logitsView(model: tf.LayersModel): tf.LayersModel {
  if (model.outputs.length === 1) return model;
  return tf.model({ inputs: model.inputs, outputs: model.outputs[0], name: `${model.name}_logits` });
}

/**
 * What a training step checkpoints for a segmentor: `segmentor` = the logits view (evaluated, saved as run/model),
 * plus `segmentor_training` = the whole model when some of its weights are off the logits path (heads used only
 * for deep supervision), so a resumed run restores those too.
 */
export function segmentorModels(model: tf.LayersModel): Record<string, tf.LayersModel> {
  const view = logitsView(model);
  const onPath = new Set(view.weights.map((w) => w.originalName));
  const offPath = model.weights.some((w) => !onPath.has(w.originalName));
  return offPath ? { segmentor: view, segmentor_training: model } : { segmentor: view };
}
