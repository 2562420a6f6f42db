// The tables and target checks of `pnpm bench:compare` (scripts/bench-compare.mjs) from its measurements.
import { fmt } from './table.mjs';

const ms = (r) => (r === undefined ? '—' : r.error ? 'error' : `${fmt(r.median_ms)} (${fmt(r.p10_ms)}–${fmt(r.p90_ms)})`);
const ratio = (x, y) => (Number.isFinite(x / y) ? `${(x / y).toFixed(2)}×` : '—');

/** GFLOP/s of a measurement and its share of the matmul peak. */
function rate(r, flops, peak) {
  if (!r || r.error) return '—';
  const g = flops / r.median_ms / 1e6;
  return `${fmt(g, 1)} (${fmt((100 * g) / peak)} %)`;
}

/** The step table: one row per size × norm × mode. */
export function stepTable(results, peak) {
  const header = [
    'size',
    'norm',
    'step',
    'seg default ms (p10–p90)',
    'seg wasm ms',
    'PyTorch ms',
    'default/PT',
    'wasm/PT',
    'default GFLOP/s (% peak)',
    'wasm GFLOP/s',
    'PT GFLOP/s',
    'peak RSS MB default / wasm / PT',
    'RSS default/PT',
    'RSS wasm/PT',
  ];
  const rows = results.map(({ size, norm, mode, flops, seg, wasm, torch }) => [
    `${size}²`,
    norm,
    mode,
    ms(seg),
    ms(wasm),
    ms(torch),
    ratio(seg?.median_ms, torch?.median_ms),
    ratio(wasm?.median_ms, torch?.median_ms),
    rate(seg, flops, peak),
    rate(wasm, flops, peak),
    rate(torch, flops, peak),
    [seg, wasm, torch].map((r) => fmt(r?.peak_rss_mb)).join(' / '),
    ratio(seg?.peak_rss_mb, torch?.peak_rss_mb),
    ratio(wasm?.peak_rss_mb, torch?.peak_rss_mb),
  ]);
  return { header, rows };
}

/** The end-to-end table: one epoch of the demo's training set. */
export function epochTable(epoch) {
  const header = ['one epoch of seg demo (104 × 64², batch 8)', 'seg default s', 'seg wasm s', 'PyTorch s', 'default/PT', 'wasm/PT'];
  const s = (r) => (r === undefined ? '—' : r.error ? 'error' : fmt(r.median_ms / 1e3, 2));
  const row = ['U-Net depth 3 / 8 filters / batch norm, CE + Dice, Adam', s(epoch.seg), s(epoch.wasm), s(epoch.torch)];
  row.push(ratio(epoch.seg?.median_ms, epoch.torch?.median_ms), ratio(epoch.wasm?.median_ms, epoch.torch?.median_ms));
  return { header, rows: [row] };
}

/** Issue 15's targets at 128², batch 4: default (addon) ≤ 1.5× train, ≤ 1.2× infer, ≤ 2× RSS; wasm ≤ 4× / ≤ 3×. */
export function targets(results) {
  const out = [];
  for (const r of results.filter((x) => x.size === 128 && x.torch && !x.torch.error)) {
    const pt = r.torch;
    if (r.seg && !r.seg.error) {
      out.push({
        what: `128² ${r.norm} ${r.mode} time, default path`,
        value: r.seg.median_ms / pt.median_ms,
        limit: r.mode === 'train' ? 1.5 : 1.2,
      });
      out.push({ what: `128² ${r.norm} ${r.mode} peak RSS, default path`, value: r.seg.peak_rss_mb / pt.peak_rss_mb, limit: 2 });
    }
    if (r.wasm && !r.wasm.error)
      out.push({ what: `128² ${r.norm} ${r.mode} time, wasm`, value: r.wasm.median_ms / pt.median_ms, limit: r.mode === 'train' ? 4 : 3 });
  }
  return out;
}

/** Warnings: FLOP or parameter counts that disagree, failed or noisy runs, a twin that took a slow path. */
export function warnings(results, epoch, ourFlops) {
  const lines = [];
  for (const r of results) {
    const counted = r.torch?.fwd_gflop;
    if (counted !== undefined && Math.abs(counted - ourFlops(r.size)) > 1e-9 * ourFlops(r.size))
      lines.push(`FLOP count mismatch at ${r.size}²: PyTorch hooks ${counted}, seg ${ourFlops(r.size)}`);
    for (const other of [r.seg, r.wasm])
      if (r.torch?.params !== undefined && other?.params !== undefined && r.torch.params !== other.params)
        lines.push(`parameter count mismatch, ${r.norm}: seg ${other.params}, PyTorch ${r.torch.params}`);
  }
  const all = [
    ...results.flatMap((r) => [
      ['seg default', r, r.seg],
      ['seg wasm', r, r.wasm],
      ['PyTorch', r, r.torch],
    ]),
  ];
  if (epoch)
    all.push(
      ...[
        ['seg default', { size: 'demo', norm: '', mode: 'epoch' }, epoch.seg],
        ['PyTorch', { size: 'demo', norm: '', mode: 'epoch' }, epoch.torch],
      ],
    );
  for (const [who, r, x] of all) {
    const what = `${who} ${r.size}${typeof r.size === 'number' ? '²' : ''} ${r.norm} ${r.mode}`;
    if (x?.error) lines.push(`${what} failed: ${x.error}`);
    else if (x && x.p90_ms > 1.5 * x.p10_ms)
      lines.push(`noisy: ${what} p90/p10 = ${(x.p90_ms / x.p10_ms).toFixed(1)}; re-run on a quiet machine`);
    if (who === 'PyTorch' && x?.slow_ops?.length > 0) lines.push(`PyTorch twin took a slow path (${what}): ${x.slow_ops.join(', ')}`);
  }
  return lines;
}
