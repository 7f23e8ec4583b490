import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { UsageError } from '../../shared/usage-error.ts';
import { createProgress } from '../progress.ts';

interface SimulateFlags {
  rate: string;
  duration: string;
  drain: string;
  seed?: string;
  concurrency: string;
  daySeconds: string;
  api?: string;
  operatorToken?: string;
  unbounded: boolean;
  json: boolean;
}

/** `30`, `30s`, `5m` or `1h` as seconds. */
function seconds(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`${flag} must be seconds or a duration such as 30s, 5m or 1h, got '${value}'`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function number(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${flag} must be a number, got '${value}'`);
  return n;
}

function apiUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new UsageError(`--api must be an http(s) URL such as http://127.0.0.1:8080, got '${value}'`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * The operator credential for fulfilment and reviews: the flag, else the first of OPERATOR_TOKENS, else
 * the token `npm start` generated in the data directory (only meaningful for the local API).
 */
function operatorToken(
  flag: string | undefined,
  configured: readonly string[],
  dataDir: string,
): string | undefined {
  if (flag) return flag;
  if (configured[0]) return configured[0];
  try {
    return fs.readFileSync(path.join(dataDir, 'operator-token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Place realistic orders through the HTTP API and move them along (reviews, shipments, deliveries, returns): a living shop for demos. Bounded in rate and time.',
    )
    .option('--rate <orders/s>', 'orders placed per second (max 500)', '5')
    .option('--duration <time>', 'how long to place orders: seconds or 30s, 5m, 1h (max 1h)', '60')
    .option('--drain <time>', 'then let journeys finish for at most this long', '20')
    .option('--seed <n>', 'plan seed: the same seed gives the same orders (default: random, printed)')
    .option('--concurrency <n>', 'requests in flight at most, for placements and for follow-ups each', '64')
    .option('--day-seconds <s>', 'wall-clock seconds per simulated day of shipping', '1')
    .option('--api <url>', 'the API to target (default: http://127.0.0.1:$PORT, the local `npm start`)')
    .option(
      '--operator-token <token>',
      'bearer token for fulfilment and reviews (default: OPERATOR_TOKENS, else $OMS_DATA_DIR/operator-token)',
    )
    .option('--unbounded', 'lift the rate and duration caps for a deliberate load test', false)
    .option('--json', 'print the summary as JSON on stdout', false)
    .action(async (flags: SimulateFlags) => {
      const { checkSettings, formatSummary, runSimulation } = await import('../../simulator/index.ts');
      const settings = checkSettings(
        {
          rate: number('--rate', flags.rate),
          durationSeconds: seconds('--duration', flags.duration),
          drainSeconds: seconds('--drain', flags.drain),
          concurrency: number('--concurrency', flags.concurrency),
          daySeconds: number('--day-seconds', flags.daySeconds),
          seed: flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : number('--seed', flags.seed),
        },
        { unbounded: flags.unbounded },
      );
      const config = loadConfig();
      const api = apiUrl(flags.api ?? `http://127.0.0.1:${config.port}`);
      const token = operatorToken(flags.operatorToken, config.security.operatorTokens, config.dataDir);

      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const progress = createProgress('Simulating', 'orders');
      let summary;
      try {
        summary = await runSimulation({
          ...settings,
          api,
          operatorToken: token,
          signal: stop.signal,
          onWarning: (message) => process.stderr.write(`oms simulate: ${message}\n`),
          onProgress: (p) => {
            const live = Object.entries(p.live)
              .filter(([, n]) => n > 0)
              .map(([status, n]) => `${status} ${n}`)
              .join(' ');
            progress.update(Math.min(p.placed, p.target), p.target, `${p.phase} ${live}`.trim());
          },
        });
      } finally {
        progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      console.log(flags.json ? JSON.stringify(summary) : formatSummary(summary));
    });
}
