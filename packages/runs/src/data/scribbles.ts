/**
 * `seg data scribbles` as a library call: scribbles from a labelled dataset (skeleton or random walk,
 * Valvano et al. 2021), written as a PNG folder that `--data` reads back, with coverage statistics.
 */
import { join } from 'node:path';
import { mean, std } from '@seg/core';
import {
  addCoverage,
  type ClassCoverage,
  openDataset,
  type ScribbleDatasetOptions,
  scribbleCoverage,
  scribbleDataset,
  writeImagePng,
  writeLabelPng,
} from '@seg/data';

export interface ScribblesOptions
  extends Pick<ScribbleDatasetOptions, 'method' | 'seed' | 'annotators' | 'background' | 'steps' | 'margin'> {
  /** Output folder: images/, masks/ (first annotator) and masks-<a>/ for annotators a ≥ 2. */
  out: string;
  /** Classes including background (default: from the data). */
  numClasses?: number;
}

export interface ScribblesResult {
  dataset: string;
  out: string;
  method: string;
  cases: number;
  annotators: number;
  classNames: string[];
  /** Pooled over every case, first annotator (see `scribbleCoverage`). */
  coverage: ClassCoverage[];
  /** Per class, mean and sample sd over cases of the image coverage (scribbled / image pixels), as the paper quotes. */
  imageCoverage: { mean: number; sd: number }[];
  written: number;
}

export async function scribblesRun(spec: string, options: ScribblesOptions): Promise<ScribblesResult> {
  const { out, numClasses, ...scribbles } = options;
  const ds = openDataset(spec, numClasses === undefined ? {} : { numClasses });
  const sd = scribbleDataset(ds, scribbles);
  let pooled: ClassCoverage[] | undefined;
  const perImage: number[][] = Array.from({ length: ds.numClasses }, () => []);
  let written = 0;
  for (let i = 0; i < sd.size; i++) {
    const sample = sd.get(i);
    const cov = scribbleCoverage(sample.label ?? sd.fullLabel(i), sd.fullLabel(i), ds.numClasses);
    pooled = pooled ? addCoverage(pooled, cov) : cov;
    for (const [k, c] of cov.entries()) perImage[k].push(c.imageFraction);
    await writeImagePng(join(out, 'images', `${sample.id}.png`), sample.image);
    const annotations = sample.annotations ?? [];
    for (let a = 0; a < annotations.length; a++) {
      await writeLabelPng(join(out, a === 0 ? 'masks' : `masks-${a + 1}`, `${sample.id}.png`), annotations[a]);
    }
    written += 1 + annotations.length;
  }
  return {
    dataset: ds.name,
    out,
    method: sd.method,
    cases: sd.size,
    annotators: sd.annotators,
    classNames: [...ds.classNames],
    coverage: pooled ?? [],
    imageCoverage: perImage.map((v) => ({ mean: mean(v), sd: std(v) })),
    written,
  };
}
