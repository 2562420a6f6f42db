/** A self-contained HTML report page (inline CSS, SVG and PNG data URIs): one file to open or attach. */
import { escapeXml } from './svg.js';

export interface ReportSection {
  title: string;
  /** Trusted HTML produced by seg (tables, SVG, images). */
  html: string;
}

export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<td>${escapeXml(c)}</td>` : `<td class="n">${escapeXml(c)}</td>`)).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(title: string, subtitle: string, sections: readonly ReportSection[]): string {
  const css = [
    'body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}',
    'h1{font-size:1.5em;margin-bottom:0}.sub{color:#666;margin-top:.2em}',
    'h2{font-size:1.15em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}',
    'table{border-collapse:collapse;font-size:.9em}td,th{padding:.2em .7em;border-bottom:1px solid #eee}th{text-align:left}',
    'td.n{text-align:right;font-variant-numeric:tabular-nums}.row{display:flex;flex-wrap:wrap;gap:1.2em;align-items:flex-start}',
    'figure{margin:0}figcaption{font-size:.85em;color:#444;text-align:center}img{image-rendering:pixelated}',
  ].join('');
  const body = sections.map((s) => `<h2>${escapeXml(s.title)}</h2>${s.html}`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${css}</style></head><body><h1>${escapeXml(title)}</h1><p class="sub">${escapeXml(subtitle)}</p>\n${body}\n</body></html>\n`;
}
