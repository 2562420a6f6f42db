/** Plain-text tables and durations for command output (numbers: `fmt` of @seg/runs). */
export { fmt } from '@seg/runs';

const NUMERIC = /^([-+]?\d+(\.\d+)?(e[-+]?\d+)?( ± .*)?|n\/a|NaN|[-+]?Infinity)$/;

/** Columns separated by two spaces; numbers right-aligned, text (and the first column) left-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i > 0 && NUMERIC.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
