/**
 * Training progress for people: on a TTY a one-line bar on stderr, rewritten with `\r` after every step
 * (`epoch 2/10 [#######.......] 12/20 loss 0.4312 ETA 0:07`); elsewhere (CI, pipes, files) a plain line through
 * `log` about every tenth of an epoch. Epoch summaries always go through `log`.
 */

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** m:ss (or h:mm:ss) for an ETA. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** 4 significant digits, compact. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(4);
}

export class Progress {
  private readonly mode: Exclude<ProgressMode, 'auto'>;
  private epoch = 0;
  private epochs = 0;
  private steps = 0;
  private started = 0;
  private drawn = false;

  constructor(
    mode: ProgressMode,
    private readonly log: (line: string) => void,
    private readonly sink: ProgressSink = process.stderr,
  ) {
    this.mode = mode === 'auto' ? (sink.isTTY ? 'bar' : 'lines') : mode;
  }

  startEpoch(epoch: number, epochs: number, steps: number): void {
    this.epoch = epoch;
    this.epochs = epochs;
    this.steps = steps;
    this.started = Date.now();
  }

  /** After step `step` (0-based) of the epoch. */
  step(step: number, values: Record<string, number>): void {
    const done = step + 1;
    const elapsed = Date.now() - this.started;
    const eta = formatDuration((elapsed / done) * (this.steps - done));
    const loss = values.loss === undefined ? '' : ` loss ${formatValue(values.loss)}`;
    const head = `epoch ${this.epoch + 1}/${this.epochs}`;
    if (this.mode === 'bar') {
      const width = Math.max(10, Math.min(30, (this.sink.columns ?? 80) - 60));
      const filled = Math.round((done / Math.max(1, this.steps)) * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      this.sink.write(`\r\x1b[K${head} ${bar} ${done}/${this.steps}${loss} ETA ${eta}`);
      this.drawn = true;
    } else if (this.mode === 'lines') {
      const every = Math.max(1, Math.floor(this.steps / 10));
      if (done % every === 0 || done === this.steps) this.log(`${head} step ${done}/${this.steps}${loss} ETA ${eta}`);
    }
  }

  /** Clears the bar (so the epoch summary line starts clean). */
  endEpoch(): void {
    if (this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}
