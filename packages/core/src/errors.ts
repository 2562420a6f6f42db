/**
 * The seg error family. Every message names the function, the argument, what was expected,
 * what came, and a hint, in one sentence a user can act on:
 *
 * `hausdorff: 'truth' must be 128×128 like 'pred', got 128×96. Resample or crop the masks to one grid.`
 */

/** The parts every seg error message is built from. */
export interface SegErrorParts {
  /** The public function, command or class method that refused the input, e.g. `'dice'` or `'seg train'`. */
  fn: string;
  /** The argument, flag or field at fault, e.g. `'truth'` or `'--data'`. */
  arg?: string;
  /** What was expected, phrased to follow "must be", e.g. `'an int32 label map'`. */
  expected?: string;
  /** What came instead, e.g. `'float32'`. */
  got?: string;
  /** What the user can do about it. */
  hint?: string;
  /** A full sentence used verbatim instead of the "must be … got …" form (the fn prefix is still added). */
  detail?: string;
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Builds `fn: 'arg' must be expected, got got. Hint.` from its parts. */
export function formatErrorMessage(parts: SegErrorParts): string {
  const { fn, arg, expected, got, hint, detail } = parts;
  let body: string;
  if (detail !== undefined) body = detail;
  else {
    const subject = arg === undefined ? 'input' : `'${arg}'`;
    body = `${subject} must be ${expected ?? 'valid'}`;
    if (got !== undefined) body += `, got ${got}`;
  }
  let message = `${fn}: ${sentence(body)}`;
  if (hint) message += ` ${sentence(hint)}`;
  return message;
}

/** Base class of every error seg throws on purpose. */
export class SegError extends Error {
  readonly fn: string;
  readonly arg?: string;
  readonly expected?: string;
  readonly got?: string;
  readonly hint?: string;

  constructor(parts: SegErrorParts, options?: { cause?: unknown }) {
    super(formatErrorMessage(parts), options);
    this.name = new.target.name;
    this.fn = parts.fn;
    this.arg = parts.arg;
    this.expected = parts.expected;
    this.got = parts.got;
    this.hint = parts.hint;
  }
}

/** Data handed to seg is not what the function needs (shape, dtype, values, files). */
export class SegInputError extends SegError {}

/** A configuration (options object, CLI flag, config file) is invalid. Lists every problem at once. */
export class SegConfigError extends SegError {
  /** Every problem found, one line each; the message holds them all. */
  readonly problems: string[];
  constructor(parts: SegErrorParts & { problems?: string[] }, options?: { cause?: unknown }) {
    const problems = parts.problems ?? [];
    const detail =
      problems.length > 0 ? `${parts.detail ?? 'invalid configuration'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` : parts.detail;
    super({ ...parts, detail }, options);
    this.problems = problems;
  }
}

/** Something inside seg went wrong: a bug. The message asks the user to report it. */
export class SegInternalError extends SegError {
  constructor(parts: SegErrorParts, options?: { cause?: unknown }) {
    super(
      {
        ...parts,
        hint: `${parts.hint ? `${sentence(parts.hint)} ` : ''}This is a bug in seg; please report it with the command you ran`,
      },
      options,
    );
  }
}
