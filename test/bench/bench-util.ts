import fs from 'node:fs';

/** Small helpers the benchmarks share: progress on stderr, rounding, percentiles, RSS sampling. */
export const logTo = (bench: string) => (msg: string) => process.stderr.write(`[bench ${bench}] ${msg}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A ratio with its goal: `value ≥ goal` is met (every goal here is "at least"). */
export function ratio(value: number, goal: number): { value: number; goal: number; met: boolean } {
  return { value: round(value, 3), goal, met: value >= goal };
}

/** The 1-, 5- and 15-minute load averages: the machine is shared, so every result says how loaded it was. */
export function loadAverage(): number[] {
  return fs
    .readFileSync('/proc/loadavg', 'utf8')
    .split(' ')
    .slice(0, 3)
    .map((n) => Number(n));
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
