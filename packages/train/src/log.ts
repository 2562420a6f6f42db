/**
 * The JSONL run log: one JSON object per line (`type: 'start' | 'resume' | 'step' | 'epoch' | 'end'`), appended
 * synchronously line by line so a crash loses at most the line being written and a resumed run continues the
 * same file. Non-finite numbers become `null` (JSON has no NaN).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export class JsonlLog {
  readonly path: string | undefined;

  /** `path` undefined → a log that writes nothing. */
  constructor(path?: string) {
    this.path = path;
    if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  }

  write(record: Record<string, unknown>): void {
    if (this.path === undefined) return;
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
