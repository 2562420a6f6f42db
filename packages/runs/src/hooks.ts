/** What a run tells its caller while it works: log lines and a progress display. */
export interface RunHooks {
  /** Human-readable progress lines (backend choice, epochs); omitted in --json mode. */
  log?: (line: string) => void;
  /** 'auto' draws a bar on a TTY; 'none' for tests and --json. */
  progress?: 'auto' | 'bar' | 'lines' | 'none';
}
