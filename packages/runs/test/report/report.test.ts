import { describe, expect, it } from 'vitest';
import { htmlTable, renderReport } from '../../src/report/html.js';
import { overlayRgba } from '../../src/report/overlay.js';
import { lineChartSvg, reliabilitySvg } from '../../src/report/svg.js';

describe('overlayRgba', () => {
  // 4×4 image, truth = 2×2 square at rows 1–2, cols 1–2; prediction = the single pixel (1,1)
  const image = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [4, 4, 1] as const };
  const truth = { data: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]), shape: [4, 4] };
  const pred = { data: Int32Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), shape: [4, 4] };
  const { data, width } = overlayRgba(image, truth, pred);
  const px = (x: number, y: number) => Array.from(data.slice((y * width + x) * 4, (y * width + x) * 4 + 4));
  it('gray image: value i maps to round(i · 255/15)', () => {
    expect(px(0, 0)).toEqual([0, 0, 0, 255]);
    expect(px(3, 3)).toEqual([255, 255, 255, 255]);
    expect(px(3, 0)).toEqual([51, 51, 51, 255]); // value 3 → 3·17
  });
  it('truth-only edge green, both yellow; a 2×2 square is all edge', () => {
    expect(px(1, 1)).toEqual([255, 220, 0, 255]);
    expect(px(2, 2)).toEqual([0, 200, 0, 255]);
  });
  it('zoom repeats pixels', () => {
    const z = overlayRgba(image, truth, pred, 3);
    expect([z.width, z.height]).toEqual([12, 12]);
    const at = (x: number, y: number) => Array.from(z.data.slice((y * 12 + x) * 4, (y * 12 + x) * 4 + 4));
    expect(at(3, 3)).toEqual([255, 220, 0, 255]);
    expect(at(5, 5)).toEqual([255, 220, 0, 255]);
  });
});

describe('SVG charts', () => {
  it('reliability bars: accuracy 0.5 in bin (0.5, 1] spans half the plot height', () => {
    const svg = reliabilitySvg(
      [
        { lo: 0, hi: 0.5, count: 0, meanConfidence: 0, accuracy: 0 },
        { lo: 0.5, hi: 1, count: 10, meanConfidence: 0.9, accuracy: 0.5 },
      ],
      { title: 'r', width: 340, height: 320 },
    );
    // plot height = 320 − 28 − 40 = 252; accuracy 0.5 → a bar 126 high starting at y = 28 + 126 = 154
    expect(svg).toContain('y="154" width="136" height="126" fill="#1f77b4"');
    expect(svg.startsWith('<svg')).toBe(true);
  });
  it('line chart breaks at NaN and escapes names', () => {
    const svg = lineChartSvg(
      [
        {
          name: 'a<b',
          points: [
            [0, 1],
            [1, Number.NaN],
            [2, 3],
          ],
        },
      ],
      { title: 't', xLabel: 'x', yLabel: 'y' },
    );
    expect(svg).toContain('a&lt;b');
    expect((svg.match(/M/g) ?? []).length).toBe(2);
  });
  it('renders a page with escaped cells', () => {
    const html = renderReport('T', 's', [{ title: 'x', html: htmlTable(['a', 'b'], [['<1>', '2']]) }]);
    expect(html).toContain('<td>&lt;1&gt;</td><td class="n">2</td>');
  });
});
