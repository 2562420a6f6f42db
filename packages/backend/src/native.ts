/**
 * Loading seg's native addon (`packages/backend/native`, oneDNN kernels for the cpu back-end): a local build
 * (`pnpm build:native`, `bash scripts/setup.sh`) or the prebuilt platform package (native-resolve.ts). Loading
 * never throws: a missing or unloadable addon gives `undefined` and a one-line reason in
 * `NativeAddonLoad.message`, which the caller logs once.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { localBuildPath, locateAddon, prebuiltPath } from './native-resolve.js';

/** The addon's functions (`native/src/addon.cc`). Arrays are used in place: outputs are written, not returned. */
export interface SegNativeAddon {
  /** y = conv(x, w) [+ bias] [ReLU]; `geometry` is {@link convGeometry}'s Int32Array. */
  conv2d(geometry: Int32Array, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void;
  /** dx = ∂L/∂x from dy and w. */
  conv2dBackpropInput(geometry: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  /** dw = ∂L/∂w from x and dy. */
  conv2dBackpropFilter(geometry: Int32Array, x: Float32Array, dy: Float32Array, dw: Float32Array): void;
  /** out = a op b with NumPy broadcasting; op 0 add, 1 sub, 2 mul, 3 div; shapes as Int32Arrays. */
  binary(
    op: 0 | 1 | 2 | 3,
    a: Float32Array,
    aShape: Int32Array,
    b: Float32Array,
    bShape: Int32Array,
    out: Float32Array,
    outShape: Int32Array,
  ): void;
  /** out = op(x); op 0 relu, 1 step (alpha for x ≤ 0), 2 square, 3 sqrt. */
  unary(op: 0 | 1 | 2 | 3, x: Float32Array, out: Float32Array, alpha: number): void;
  /** out[o, i] = Σ_r x[o, r, i] (÷ reduce when `mean`), accumulated in double. */
  sumMiddleAxis(x: Float32Array, outer: number, reduce: number, inner: number, out: Float32Array, mean: boolean): void;
  /** tfjs's FusedBatchNorm with parameters of length 1 or `channels`, computed in double as the JS kernel. */
  batchNorm(
    x: Float32Array,
    channels: number,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array,
    offset: Float32Array,
    epsilon: number,
    out: Float32Array,
  ): void;
  /** Batch norm in training mode (native/src/fused.h): y, mean, variance from x [..., channels], scale, offset. */
  batchNormTraining(
    x: Float32Array,
    channels: number,
    scale: Float32Array,
    offset: Float32Array,
    epsilon: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /** Its gradients dx, dscale, doffset in one call. */
  batchNormTrainingGrad(
    dy: Float32Array,
    x: Float32Array,
    channels: number,
    scale: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    dmean: Float32Array,
    dvariance: Float32Array,
    epsilon: number,
    dx: Float32Array,
    dscale: Float32Array,
    doffset: Float32Array,
  ): void;
  /** dx = dy·step(x). */
  reluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** Max pooling; `geometry` is native-fused.ts `poolGeometry`'s Int32Array (12 fields). */
  maxPool(geometry: Int32Array, x: Float32Array, y: Float32Array): void;
  /** Its gradient: dy to the first maximum of each window. */
  maxPoolGrad(geometry: Int32Array, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** Concatenation along an axis as row copies: `rows` = Π shape[<axis]; each piece's length is a multiple of it. */
  concatRows(pieces: Float32Array[], rows: number, out: Float32Array): void;
  /** The reverse: `x` split into `pieces` (preallocated) along an axis with `rows` rows before it. */
  splitRows(x: Float32Array, rows: number, pieces: Float32Array[]): void;
  /** One Adam update (native/src/fused.h); `constants` from fused-adam.ts `adamConstants`. */
  adamUpdate(
    value: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    constants: Float32Array,
    newValue: Float32Array,
    newM: Float32Array,
    newV: Float32Array,
  ): void;
  /** oneDNN's implementation for a geometry: kind 0 forward, 1 input gradient, 2 filter gradient. */
  implName(geometry: Int32Array, kind: 0 | 1 | 2): string;
  /** Sets oneDNN's (OpenMP) thread count for calls from this thread; returns the count now in force. */
  setNumThreads(threads: number): number;
  /** One line: oneDNN version, threads, cached primitives. */
  info(): string;
}

/** The outcome of loading the addon: the addon, or undefined and why. */
export interface NativeAddonLoad {
  addon: SegNativeAddon | undefined;
  /** Where the addon was looked for. */
  path: string;
  /** One line for humans, e.g. "native kernels: oneDNN 2.6.3 (OpenMP, 2 threads) … from …". */
  message: string;
  /** Where the file came from: SEG_NATIVE_ADDON, a local build or the prebuilt platform package. */
  source?: 'env' | 'build' | 'prebuilt';
}

/**
 * Where the addon is looked for: `SEG_NATIVE_ADDON` when set (the value `off` disables the addon), else the local
 * build, else the prebuilt platform package; '' when there is none (see native-resolve.ts).
 */
export function defaultNativeAddonPath(): string {
  const where = locateAddon();
  return 'path' in where ? where.path : '';
}

const loads = new Map<string, NativeAddonLoad>();

const FUNCTIONS: (keyof SegNativeAddon)[] = [
  'conv2d',
  'conv2dBackpropInput',
  'conv2dBackpropFilter',
  'binary',
  'batchNormTraining',
  'batchNormTrainingGrad',
  'reluGrad',
  'maxPool',
  'maxPoolGrad',
  'concatRows',
  'adamUpdate',
  'splitRows',
  'implName',
  'setNumThreads',
  'info',
];

function attempt(path: string): NativeAddonLoad {
  if (path === 'off') return { addon: undefined, path, message: 'native kernels: disabled (SEG_NATIVE_ADDON=off)' };
  if (path === '') {
    const where = locateAddon();
    return { addon: undefined, path, message: `native kernels: ${'why' in where ? where.why : 'not found'}` };
  }
  if (!existsSync(path)) return { addon: undefined, path, message: `native kernels: not built (${path} is missing)` };
  // libgomp reads its settings when the addon is loaded. Spinning workers (its default) steal the core that the
  // JavaScript between two kernels needs, and stall whole steps when another process holds a core: 64² U-Net
  // step 0.68 s passive vs 5 s spinning on this 2-core machine under load. An explicit setting wins.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  try {
    const addon = createRequire(import.meta.url)(path) as Partial<SegNativeAddon>;
    const missing = FUNCTIONS.filter((f) => typeof addon[f] !== 'function');
    if (missing.length > 0) {
      const message = `native kernels: ${path} lacks ${missing.join(', ')} (a stale build: rebuild it)`;
      return { addon: undefined, path, message };
    }
    const full = addon as SegNativeAddon;
    const source = path === localBuildPath() ? 'build' : path === prebuiltPath() ? 'prebuilt' : 'env';
    return { addon: full, path, message: `native kernels: ${full.info()} from ${path}`, source };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { addon: undefined, path, message: `native kernels: ${path} failed to load (${reason})` };
  }
}

/**
 * Loads the addon once per path (later calls return the first outcome). Never throws; `addon` is undefined
 * when the file is missing, fails to load (e.g. libdnnl.so.2 not installed) or is a stale build.
 */
export function loadNativeAddon(path: string = defaultNativeAddonPath()): NativeAddonLoad {
  let load = loads.get(path);
  if (load === undefined) {
    load = attempt(path);
    loads.set(path, load);
  }
  return load;
}
