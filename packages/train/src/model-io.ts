/**
 * Saving and loading a `tf.LayersModel` as the standard tfjs pair `model.json` + `weights.bin`, with our own
 * file code (no tfjs-node needed): `tf.io.withSaveHandler` hands us the artifacts, we write them into a
 * temporary sibling directory and rename it over the target (see {@link writeDirAtomic}); loading reads the
 * files, checks them, and builds the model through `tf.loadLayersModel(tf.io.fromMemory(...))`.
 * The files are readable by any tfjs `loadLayersModel('file://…')` / `'http://…'` as well.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SegInputError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { readFileOrThrow, readJsonOrThrow, toArrayBuffer, writeDirAtomic } from './fs-atomic.js';
import { isManifestEntries, manifestBytes } from './weights-bytes.js';

/** The file names inside a saved model directory. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

const LOAD_HINT = 'Point at a directory written by saveModel (or `seg train`), or re-run the training that produced it';

/**
 * Writes `dir/model.json` (tfjs LayersModel JSON: modelTopology + weightsManifest → weights.bin) and
 * `dir/weights.bin`. The previous contents of `dir` survive until the new directory is complete.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeDirAtomic(dir, async (tmp) => {
        await writeFile(join(tmp, WEIGHTS_BIN), new Uint8Array(data));
        await writeFile(join(tmp, MODEL_JSON), JSON.stringify(json));
      });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
    }),
  );
}

function fail(detail: string): never {
  throw new SegInputError({ fn: 'loadModel', arg: 'dir', detail, hint: LOAD_HINT });
}

/** Reads model.json and checks the fields loadModel needs. */
async function readModelJson(dir: string): Promise<tf.io.ModelJSON> {
  const path = join(dir, MODEL_JSON);
  const json = (await readJsonOrThrow(path, 'loadModel', 'dir', LOAD_HINT)) as Partial<tf.io.ModelJSON> | null;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(`${path} must hold a JSON object`);
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) fail(`${path} has no 'modelTopology'`);
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.some((g) => !Array.isArray(g?.paths) || !isManifestEntries(g?.weights))) {
    fail(`${path} has no valid 'weightsManifest' (a list of { paths, weights: [{ name, shape, dtype }] })`);
  }
  return json as tf.io.ModelJSON;
}

/** Reads and concatenates every weights file the manifest names, checking the byte count against the manifest. */
async function readWeightData(dir: string, json: tf.io.ModelJSON): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    const parts: Buffer[] = [];
    for (const p of group.paths) parts.push(await readFileOrThrow(join(dir, p), 'loadModel', 'dir', LOAD_HINT));
    const got = parts.reduce((s, b) => s + b.byteLength, 0);
    const need = manifestBytes(group.weights);
    if (got !== need) {
      const files = group.paths.join(', ');
      fail(`${files} in ${dir} holds ${got} bytes but the manifest in ${MODEL_JSON} needs ${need} (a truncated or mismatched file)`);
    }
    buffers.push(...parts);
  }
  return { specs, data: toArrayBuffer(Buffer.concat(buffers)) };
}

/**
 * Loads a model saved by {@link saveModel}. Missing, unreadable or inconsistent files raise a SegInputError that
 * names the path and what is wrong. Custom layers must be registered (import their package) before loading.
 */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = await readModelJson(dir);
  const { specs, data } = await readWeightData(dir, json);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: data,
        trainingConfig: json.trainingConfig,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        userDefinedMetadata: json.userDefinedMetadata,
      }),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SegInputError(
      {
        fn: 'loadModel',
        arg: 'dir',
        detail: `tfjs could not build the model in ${join(dir, MODEL_JSON)}: ${reason}`,
        hint: 'If the model uses custom layers, import the package that registers them (e.g. @seg/models) first',
      },
      { cause: error },
    );
  }
}
