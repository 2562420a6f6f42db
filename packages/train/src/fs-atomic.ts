/**
 * Crash-safe directory writes and file reads that fail with a {@link SegInputError} naming the path.
 *
 * A directory is written whole into a temporary sibling `<dir>.tmp-<pid>`, then swapped in:
 * `<dir>` → `<dir>.old`, `<dir>.tmp-<pid>` → `<dir>`, `<dir>.old` removed. A crash at any point leaves
 * either the previous directory (as `<dir>` or `<dir>.old`) or the new one, never a half-written `<dir>`.
 */
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SegInputError } from '@seg/core';

/** The temporary sibling a directory is written into before the swap. */
export function tmpDirFor(dir: string): string {
  return `${dir}.tmp-${process.pid}`;
}

/** The sibling the previous directory is parked in during the swap. */
export function oldDirFor(dir: string): string {
  return `${dir}.old`;
}

/** True when `path` exists (file or directory). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a directory atomically: `fill(tmp)` writes every file into the temporary sibling, then the
 * swap described above runs. The previous `dir` is kept (as `dir.old`) until the final rename succeeds.
 */
export async function writeDirAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tmpDirFor(dir);
  const old = oldDirFor(dir);
  await mkdir(dirname(dir), { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  if (await exists(dir)) {
    await rm(old, { recursive: true, force: true });
    await rename(dir, old);
  }
  await rename(tmp, dir);
  await rm(old, { recursive: true, force: true });
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** Reads a whole file; a missing or unreadable file becomes a SegInputError naming `fn`, `arg` and the path. */
export async function readFileOrThrow(path: string, fn: string, arg: string, hint: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new SegInputError({ fn, arg, detail: `cannot read ${path}: ${describeFsError(error)}`, hint }, { cause: error });
  }
}

/** Reads and parses a JSON file; unreadable or invalid JSON becomes a SegInputError naming the path. */
export async function readJsonOrThrow(path: string, fn: string, arg: string, hint: string): Promise<unknown> {
  const text = (await readFileOrThrow(path, fn, arg, hint)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SegInputError({ fn, arg, detail: `${path} is not valid JSON (${reason})`, hint }, { cause: error });
  }
}

/** A Node Buffer's bytes as a standalone ArrayBuffer (Buffers may share a larger pool). */
export function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(out).set(buffer);
  return out;
}
