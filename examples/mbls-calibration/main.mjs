// Margin-based label smoothing (Murugesan et al.) against cross-entropy and label smoothing on the multi-class
// "cardiac rings" phantoms, as in the MbLS paper's comparison: same U-Net, seed and epochs; reports Dice and
// calibration (ECE and classwise ECE over all pixels and over foreground pixels, NLL) of each run's best model
// (by validation Dice) on the held-out split. Each method is one `trainRun` + `evalRun` of @seg/runs — the same calls
// `seg train` and `seg eval` make — so every run directory can be inspected, evaluated again or compared later
// (`seg compare --run …`). Knobs: SEG_EPOCHS, SEG_COUNT, SEG_SIZE, SEG_BACKEND, SEG_RUN_DIR (default runs/mbls-calibration).
import { join } from 'node:path';
import { evalRun, resolveTrainConfig, trainRun } from '@seg/runs';

const epochs = Number(process.env.SEG_EPOCHS ?? 30);
const count = Number(process.env.SEG_COUNT ?? 160);
const size = Number(process.env.SEG_SIZE ?? 48);
const backend = process.env.SEG_BACKEND ?? 'auto';
const root = process.env.SEG_RUN_DIR ?? 'runs/mbls-calibration';

const methods = {
  ce: { name: 'ce' },
  'ls (α=0.1)': { name: 'ls', alpha: 0.1 },
  'mbls (m=10, α=0.1)': { name: 'mbls', margin: 10, alpha: 0.1 },
};

const rows = [];
let summary;
for (const [method, loss] of Object.entries(methods)) {
  const config = resolveTrainConfig({
    name: loss.name,
    runDir: join(root, loss.name),
    data: `phantom:rings?count=${count}&size=${size}&seed=5`,
    split: { val: 0.15, test: 0.25 },
    model: { name: 'unet', depth: 3, filters: 8 },
    loss,
    optimizer: { name: 'adam', lr: 3e-3 },
    epochs,
    batchSize: 8,
    seed: 5,
    backend,
  });
  const trained = await trainRun(config, { force: true, progress: 'none' });
  const r = await evalRun({ run: trained.runDir, metrics: ['overlap', 'calibration'], progress: 'none' });
  const { all, foreground } = r.calibration;
  rows.push({ method, meanDice: r.meanDice, ece: all.ece, eceForeground: foreground.ece, cece: all.classwiseEce, nll: all.nll });
  summary = { ...trained.samples, backend: trained.backend };
}

const { train, val, test } = summary;
console.log(`${train} train / ${val} val / ${test} test rings phantoms of ${size}×${size}, ${epochs} epochs on ${summary.backend}`);
console.log(['method', 'mean Dice', 'ECE', 'ECE fg', 'classwise ECE', 'NLL'].join('\t'));
for (const r of rows) console.log([r.method, ...[r.meanDice, r.ece, r.eceForeground, r.cece, r.nll].map((v) => v.toFixed(4))].join('\t'));
console.log(JSON.stringify({ backend: summary.backend, results: rows }));
