/**
 * Weighted sums of losses: L = Σ_t λ_t·L_t. Each term keeps its own options (reduction, ignoreIndex, class weights);
 * `parts()` reports each term's unweighted value under its label, each term's own parts as `label.part`, and the
 * weighted `total`.
 */

import { SegConfigError } from '@seg/core';
import * as tf from '@tensorflow/tfjs';
import { validateLossInputs } from './inputs.js';
import type { Reduction, SegLoss } from './types.js';

/** A term: the loss, its weight λ, and optionally the name its value is logged under (default: its lossName). */
export type CombineTerm = readonly [loss: SegLoss, weight: number] | readonly [loss: SegLoss, weight: number, label: string];

export interface CombineOptions {
  /** The combined loss's name; default the term labels joined with '+'. */
  name?: string;
}

function termProblems(terms: readonly CombineTerm[]): string[] {
  const problems: string[] = [];
  terms.forEach((term, i) => {
    const [loss, weight] = term;
    if (typeof loss !== 'function' || typeof loss.parts !== 'function') problems.push(`term ${i}: the first element must be a SegLoss`);
    if (typeof weight !== 'number' || !Number.isFinite(weight))
      problems.push(`term ${i}: the weight must be a finite number, got ${weight}`);
  });
  if (problems.length > 0) return problems;
  const noneCount = terms.filter(([loss]) => loss.reduction === 'none').length;
  if (noneCount > 0 && noneCount < terms.length) {
    problems.push("reductions mix 'none' (per-pixel maps) with scalars; use 'none' in every term or in none");
  }
  const ignores = new Set(terms.map(([loss]) => loss.ignoreIndex));
  if (ignores.size > 1)
    problems.push(`the terms ignore different labels (${[...ignores].join(', ')}); give every term the same ignoreIndex`);
  return problems;
}

function labelsOf(terms: readonly CombineTerm[]): string[] {
  const seen = new Map<string, number>();
  return terms.map((term) => {
    const base = term[2] ?? term[0].lossName;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}

/** Σ_t λ_t·L_t as one {@link SegLoss}; see the module doc for the parts it reports. */
export function combine(terms: readonly CombineTerm[], options: CombineOptions = {}): SegLoss {
  if (!Array.isArray(terms) || terms.length === 0) {
    throw new SegConfigError({
      fn: 'combine',
      arg: 'terms',
      expected: 'a non-empty array of [loss, weight] pairs',
      got: JSON.stringify(terms),
    });
  }
  const problems = termProblems(terms);
  if (problems.length > 0) throw new SegConfigError({ fn: 'combine', arg: 'terms', detail: 'invalid terms', problems });
  const labels = labelsOf(terms);
  const { name = labels.join('+') } = options;
  const reduction: Reduction = terms[0][0].reduction;

  const loss = (logits: tf.Tensor4D, labelMap: tf.Tensor3D, weights?: tf.Tensor3D): tf.Scalar => {
    validateLossInputs(name, logits, labelMap, weights);
    return tf.tidy(() => tf.addN(terms.map(([term, w]) => tf.mul(term(logits, labelMap, weights), w))) as tf.Scalar);
  };

  const parts = (logits: tf.Tensor4D, labelMap: tf.Tensor3D, weights?: tf.Tensor3D): Record<string, tf.Scalar> => {
    validateLossInputs(name, logits, labelMap, weights);
    return tf.tidy(() => {
      const out: Record<string, tf.Scalar> = {};
      const weighted: tf.Scalar[] = [];
      terms.forEach(([term, w], i) => {
        const termParts = term.parts(logits, labelMap, weights);
        out[labels[i]] = termParts.total;
        for (const part of Object.keys(termParts)) if (part !== 'total') out[`${labels[i]}.${part}`] = termParts[part];
        weighted.push(tf.mul(termParts.total, w));
      });
      return { total: tf.addN(weighted) as tf.Scalar, ...out };
    });
  };

  return Object.assign(loss, { lossName: name, reduction, ignoreIndex: terms[0][0].ignoreIndex, parts });
}
