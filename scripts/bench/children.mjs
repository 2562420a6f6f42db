// Runs one measurement per fresh child process (so its peak RSS is that run's alone) and parses its JSON line.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
export const TORCH_SCRIPT = join(HERE, 'torch_unet.py');
export const SEG_SCRIPT = join(HERE, 'seg-run.mjs');

function toArgs(options) {
  return Object.entries(options).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, String(v)]));
}

/** The last line of stdout parsed as JSON, or `{ error }` with the child's last stderr line. */
async function jsonChild(cmd, args, env = process.env) {
  try {
    const { stdout } = await run(cmd, args, { maxBuffer: 1 << 24, timeout: 3_600_000, env });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } catch (error) {
    const why = `${error.stderr ?? ''}`.trim().split('\n').at(-1) || error.message;
    return { error: why };
  }
}

/**
 * A seg measurement (scripts/bench/seg-run.mjs) in a fresh Node process. `native: false` switches the optional
 * oneDNN addon off (SEG_NATIVE_ADDON=off), so `backend: 'cpu'` is the plain-JavaScript fallback.
 */
export function segChild({ native = true, ...options }) {
  const env = native ? process.env : { ...process.env, SEG_NATIVE_ADDON: 'off' };
  return jsonChild(process.execPath, [SEG_SCRIPT, ...toArgs(options)], env);
}

/**
 * A PyTorch measurement (scripts/bench/torch_unet.py) in a fresh Python process. `ompWait: 'passive'` sets
 * OMP_WAIT_POLICY=PASSIVE for it, as seg's addon does for itself (spinning OpenMP threads collapse when other
 * processes hold the cores).
 */
export function torchChild(python, { ompWait, ...options }) {
  const env = ompWait === 'passive' ? { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } : process.env;
  return jsonChild(python, [TORCH_SCRIPT, ...toArgs(options)], env);
}

/** undefined when `python` can import torch, else a one-line reason. */
export async function torchMissing(python) {
  try {
    const { stdout } = await run(python, ['-c', 'import torch; print(torch.__version__)'], { timeout: 120_000 });
    return stdout.trim() === '' ? 'torch printed no version' : undefined;
  } catch (error) {
    if (error.code === 'ENOENT') return `${python} not found`;
    return `${python} cannot import torch (Debian: apt-get install python3-torch)`;
  }
}
