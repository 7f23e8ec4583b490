import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; on a pipe or in CI, a line every 10 % so logs stay readable.
 * Writes to stderr so `--json` output on stdout stays clean.
 */
export function createProgress(title: string, unit = 'rows'): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title} |{bar}| {percentage}% {value}/{total} ${unit} | {label} | {eta_formatted} left`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, label) {
        if (!started) {
          bar.start(total, 0, { label });
          started = true;
        }
        bar.update(done, { label });
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update(done, total, label) {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(
          `${title}: ${decile * 10}% (${done}/${total} ${unit}${label ? `, ${label}` : ''})\n`,
        );
      }
    },
    stop: () => undefined,
  };
}
