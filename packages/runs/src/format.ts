/** A number for reports and printed tables: fixed digits, 'n/a' for a missing value or NaN. */
export function fmt(value: number | undefined, digits = 4): string {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  return value.toFixed(digits);
}
