/**
 * Loading seg's optional native addon (`packages/backend/native`, oneDNN convolutions for the cpu back-end).
 *
 * The addon is built on demand (`pnpm build:native`, needs a C++ compiler and Debian's `libdnnl-dev`); nothing
 * else in seg depends on it. Loading never throws: a missing or unloadable addon gives `undefined` and a
 * one-line reason in `NativeAddonLoad.message`, which the caller logs once.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /** One line for humans, e.g. "native kernels: not built (…); run `pnpm build:native`". */
  message: string;
}

/** packages/backend/native, found from this file whether it runs from src (tests) or dist. */
function nativeFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', 'native');
}

/**
 * Where the addon is looked for: `SEG_NATIVE_ADDON` when set (the value `off` disables the addon), else
 * native/build/Release/seg_native.node.
 */
export function defaultNativeAddonPath(): string {
  const fromEnv = process.env.SEG_NATIVE_ADDON;
  if (fromEnv === 'off') return 'off';
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return join(nativeFolder(), 'build', 'Release', 'seg_native.node');
}

const loads = new Map<string, NativeAddonLoad>();

const FUNCTIONS: (keyof SegNativeAddon)[] = [
  'conv2d',
  'conv2dBackpropInput',
  'conv2dBackpropFilter',
  'binary',
  'implName',
  'setNumThreads',
  'info',
];

function attempt(path: string): NativeAddonLoad {
  if (path === 'off') return { addon: undefined, path, message: 'native kernels: disabled (SEG_NATIVE_ADDON=off)' };
  if (!existsSync(path)) {
    const message = `native kernels: not built (${path} is missing; run \`pnpm build:native\`, needs g++ and libdnnl-dev)`;
    return { addon: undefined, path, message };
  }
  // libgomp reads its settings when the addon is loaded. Spinning workers (its default) steal the core that the
  // JavaScript between two kernels needs, and stall whole steps when another process holds a core: 64² U-Net
  // step 0.68 s passive vs 5 s spinning on this 2-core machine under load. An explicit setting wins.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  try {
    const addon = createRequire(import.meta.url)(path) as Partial<SegNativeAddon>;
    const missing = FUNCTIONS.filter((f) => typeof addon[f] !== 'function');
    if (missing.length > 0) {
      const message = `native kernels: ${path} lacks ${missing.join(', ')} (stale build? run \`pnpm build:native\`)`;
      return { addon: undefined, path, message };
    }
    const full = addon as SegNativeAddon;
    return { addon: full, path, message: `native kernels: ${full.info()} from ${path}` };
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
