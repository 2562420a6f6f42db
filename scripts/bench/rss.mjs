// Resident-set size of this process, in MB (Linux /proc; process.resourceUsage elsewhere).
import { readFileSync } from 'node:fs';

function statusField(field) {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Current RSS (VmRSS). */
export function rssMb() {
  return statusField('VmRSS') ?? process.memoryUsage().rss / 2 ** 20;
}

/** Peak RSS of this process so far (VmHWM; `maxRSS` of process.resourceUsage() is the same number in kB). */
export function peakRssMb() {
  return statusField('VmHWM') ?? process.resourceUsage().maxRSS / 1024;
}
