/** Small checks shared by the builders' config validation (each builder lists every problem at once). */

/** An integer in [min, max]. */
export const isInt = (v: unknown, min: number, max = Infinity): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** A config value as it appears in a problem message. */
export const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));
