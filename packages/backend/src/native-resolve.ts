/**
 * Where seg's oneDNN addon comes from, in order:
 *  1. `SEG_NATIVE_ADDON=/path/to/seg_native.node` (`off` disables the addon);
 *  2. a local build, `native/build/Release/seg_native.node` next to this package (`pnpm build:native` in the
 *     monorepo, or node-gyp by hand);
 *  3. the prebuilt platform package `@seg/backend-<platform>-<arch>` (an optional dependency, installed by npm
 *     only where its `os`/`cpu` fields match, as sharp and esbuild ship theirs): `seg_native.node` built with an
 *     `$ORIGIN` rpath next to the oneDNN and OpenMP shared libraries it needs.
 * When none is there, `why` is one short line for the user: a build hint inside the monorepo, else which
 * platform package is missing (never a monorepo command for npm users).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Platforms with a prebuilt package. */
export const PREBUILT_PLATFORMS: readonly string[] = ['linux-x64'];

export interface AddonLocation {
  /** The file to load, or 'off'. */
  path: string;
  /** 'env' (SEG_NATIVE_ADDON), 'build' (local build), 'prebuilt' (platform package). */
  source: 'env' | 'build' | 'prebuilt';
}

/** This package's folder (src/ in tests, dist/ when built: both one level below). */
function packageFolder(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/** The local build's path (may not exist). */
export function localBuildPath(): string {
  return join(packageFolder(), 'native', 'build', 'Release', 'seg_native.node');
}

/** The platform package's name for this process (`@seg/backend-linux-x64`). */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string {
  return `@seg/backend-${platform}-${arch}`;
}

/** The prebuilt addon's path when the platform package is installed and holds it. */
export function prebuiltPath(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${platformPackage()}/package.json`);
    const file = join(dirname(manifest), 'seg_native.node');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** True when this package runs from the seg monorepo (its workspace file two levels up). */
export function inMonorepo(): boolean {
  return existsSync(join(packageFolder(), '..', '..', 'pnpm-workspace.yaml'));
}

/** The addon to load, or undefined with one line saying why there is none. */
export function locateAddon(env: NodeJS.ProcessEnv = process.env): AddonLocation | { why: string } {
  const fromEnv = env.SEG_NATIVE_ADDON;
  if (fromEnv === 'off') return { path: 'off', source: 'env' };
  if (fromEnv !== undefined && fromEnv !== '') return { path: resolve(fromEnv), source: 'env' };
  if (existsSync(localBuildPath())) return { path: localBuildPath(), source: 'build' };
  const prebuilt = prebuiltPath();
  if (prebuilt !== undefined) return { path: prebuilt, source: 'prebuilt' };
  if (inMonorepo()) return { why: 'not built (run `pnpm build:native`; needs g++ and libdnnl-dev)' };
  const platform = `${process.platform}-${process.arch}`;
  if (!PREBUILT_PLATFORMS.includes(platform)) return { why: `no prebuilt addon for ${platform}` };
  return { why: `${platformPackage()} is not installed (an optional dependency of @seg/backend)` };
}
