/**
 * Small SVG charts written by hand (no native build, no plotting dependency): line charts for training curves and
 * reliability diagrams for calibration. Output is a self-contained `<svg>` string.
 */
import type { ReliabilityBin } from '@seg/metrics';

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function niceRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

interface Frame {
  width: number;
  height: number;
  left: number;
  top: number;
  plotW: number;
  plotH: number;
  x: (v: number) => number;
  y: (v: number) => number;
}

function frame(width: number, height: number, xr: [number, number], yr: [number, number]): Frame {
  const left = 52;
  const top = 28;
  const plotW = width - left - 16;
  const plotH = height - top - 40;
  return {
    width,
    height,
    left,
    top,
    plotW,
    plotH,
    x: (v) => left + ((v - xr[0]) / (xr[1] - xr[0])) * plotW,
    y: (v) => top + plotH - ((v - yr[0]) / (yr[1] - yr[0])) * plotH,
  };
}

function axes(f: Frame, xr: [number, number], yr: [number, number], title: string, xLabel: string, yLabel: string): string {
  const ticks = (r: [number, number]) => [0, 0.25, 0.5, 0.75, 1].map((t) => r[0] + t * (r[1] - r[0]));
  const parts = [
    `<rect x="${f.left}" y="${f.top}" width="${f.plotW}" height="${f.plotH}" fill="#fff" stroke="#999"/>`,
    `<text x="${f.width / 2}" y="16" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${f.left + f.plotW / 2}" y="${f.height - 6}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text x="12" y="${f.top + f.plotH / 2}" text-anchor="middle" transform="rotate(-90 12 ${f.top + f.plotH / 2})">${escapeXml(yLabel)}</text>`,
  ];
  for (const t of ticks(xr))
    parts.push(`<text x="${f.x(t)}" y="${f.top + f.plotH + 14}" text-anchor="middle" font-size="10">${num(t)}</text>`);
  for (const t of ticks(yr)) {
    parts.push(`<line x1="${f.left}" x2="${f.left + f.plotW}" y1="${f.y(t)}" y2="${f.y(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${f.left - 4}" y="${f.y(t) + 3}" text-anchor="end" font-size="10">${num(t)}</text>`);
  }
  return parts.join('');
}

function svg(f: Frame, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" font-family="sans-serif" font-size="12">${body}</svg>`;
}

/** A line chart of one or more series (NaN points break the line). */
export function lineChartSvg(
  series: readonly Series[],
  options: { title: string; xLabel: string; yLabel: string; width?: number; height?: number },
): string {
  const { title, xLabel, yLabel, width = 480, height = 260 } = options;
  const xr = niceRange(series.flatMap((s) => s.points.map((p) => p[0])));
  const yr = niceRange(series.flatMap((s) => s.points.map((p) => p[1])));
  const f = frame(width, height, xr, yr);
  const lines = series.map((s, i) => {
    const color = COLORS[i % COLORS.length];
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${f.x(x).toFixed(1)},${f.y(y).toFixed(1)}`;
      pen = true;
    }
    const legend = `<text x="${f.left + 8}" y="${f.top + 14 + 14 * i}" fill="${color}">${escapeXml(s.name)}</text>`;
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>${legend}`;
  });
  return svg(f, axes(f, xr, yr, title, xLabel, yLabel) + lines.join(''));
}

/**
 * Reliability diagram: accuracy per confidence bin as bars, the gap to the bin's mean confidence shaded, the diagonal
 * of perfect calibration, and the bin counts as a faint histogram at the bottom.
 */
export function reliabilitySvg(bins: readonly ReliabilityBin[], options: { title: string; width?: number; height?: number }): string {
  const { title, width = 340, height = 320 } = options;
  const f = frame(width, height, [0, 1], [0, 1]);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const bars = bins.map((b) => {
    const x = f.x(b.lo);
    const w = f.x(b.hi) - x;
    const hist = `<rect x="${x}" y="${f.y(0.15 * (b.count / maxCount))}" width="${w}" height="${f.y(0) - f.y(0.15 * (b.count / maxCount))}" fill="#ddd"/>`;
    if (b.count === 0) return hist;
    const acc = `<rect x="${x}" y="${f.y(b.accuracy)}" width="${w}" height="${f.y(0) - f.y(b.accuracy)}" fill="#1f77b4" fill-opacity="0.8" stroke="#fff"/>`;
    const [top, bottom] = b.meanConfidence > b.accuracy ? [b.meanConfidence, b.accuracy] : [b.accuracy, b.meanConfidence];
    const gap = `<rect x="${x}" y="${f.y(top)}" width="${w}" height="${f.y(bottom) - f.y(top)}" fill="#d62728" fill-opacity="0.35"/>`;
    return hist + acc + gap;
  });
  const diagonal = `<line x1="${f.x(0)}" y1="${f.y(0)}" x2="${f.x(1)}" y2="${f.y(1)}" stroke="#333" stroke-dasharray="4 3"/>`;
  return svg(f, axes(f, [0, 1], [0, 1], title, 'confidence', 'accuracy') + bars.join('') + diagonal);
}
