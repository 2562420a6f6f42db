// Plain-text (aligned) and Markdown tables from rows of cells.

/** Columns padded to their widest cell; numbers-looking cells right-aligned. */
export function textTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => String(r[j]).length)));
  const line = (r) =>
    r.map((c, j) => (/^[\d.–×%-]/.test(String(c)) ? String(c).padStart(widths[j]) : String(c).padEnd(widths[j]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub Markdown table. */
export function markdownTable(header, rows) {
  const line = (r) => `| ${r.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `x` with `digits` decimals, or '—' when not a finite number. */
export function fmt(x, digits = 0) {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}
