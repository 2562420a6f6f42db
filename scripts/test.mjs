// Runs the whole vitest suite once and ends with a plain summary line ("tests: N passed, N failed")
// that CI logs can be read by. Extra arguments go to vitest (e.g. a path filter).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'seg-test-'));
const out = join(dir, 'results.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });
let summary = 'tests: no result file written';
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`;
  if (r.numTotalTests === 0) summary += ' (no test ran)';
} catch {}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(run.status ?? 1);
