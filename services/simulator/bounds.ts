import { UsageError } from '../shared/usage-error.ts';

/**
 * The simulator's hard limits. It is a demo and load tool pointed at a real API, so a typo (`--rate 5000`,
 * `--duration 36000`) must be refused, not obeyed; `--unbounded` lifts the rate and duration caps for a
 * deliberate load test, never the concurrency cap (that protects the simulator's own process).
 */
export const SIMULATION_BOUNDS = {
  maxRate: 500,
  maxDurationSeconds: 3600,
  maxDrainSeconds: 600,
  maxConcurrency: 256,
} as const;

export interface SimulationSettings {
  /** Orders placed per second (token-bucket pacing). */
  rate: number;
  /** Seconds during which orders are placed. */
  durationSeconds: number;
  /** Seconds after the last placement during which journeys still advance (ship, deliver, return). */
  drainSeconds: number;
  /** Requests in flight at once, for placements and for follow-ups each. */
  concurrency: number;
  /** Wall-clock seconds that stand for one day of shipping (carrier transit times are 1–6 days). */
  daySeconds: number;
  seed: number;
}

function finite(flag: string, value: number, min: number, max: number, integer = false): number {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got '${value}'`,
    );
  }
  return value;
}

/**
 * Checks the requested settings against {@link SIMULATION_BOUNDS}.
 * @throws {UsageError} naming the flag and its limit (exit code 2 from the CLI).
 */
export function checkSettings(
  settings: SimulationSettings,
  options: { unbounded?: boolean } = {},
): SimulationSettings {
  const b = SIMULATION_BOUNDS;
  if (!options.unbounded && settings.rate > b.maxRate) {
    throw new UsageError(
      `--rate ${settings.rate} is above the simulator's maximum of ${b.maxRate} orders/s; pass --unbounded for a deliberate load test`,
    );
  }
  if (!options.unbounded && settings.durationSeconds > b.maxDurationSeconds) {
    throw new UsageError(
      `--duration ${settings.durationSeconds} is above the simulator's maximum of ${b.maxDurationSeconds} s; pass --unbounded for a deliberate load test`,
    );
  }
  return {
    rate: finite('--rate', settings.rate, 0.01, options.unbounded ? 100_000 : b.maxRate),
    durationSeconds: finite(
      '--duration',
      settings.durationSeconds,
      1,
      options.unbounded ? 7 * 86_400 : b.maxDurationSeconds,
    ),
    drainSeconds: finite('--drain', settings.drainSeconds, 0, b.maxDrainSeconds),
    concurrency: finite('--concurrency', settings.concurrency, 1, b.maxConcurrency, true),
    daySeconds: finite('--day-seconds', settings.daySeconds, 0.1, 86_400),
    seed: finite('--seed', settings.seed, 0, 2 ** 31 - 1, true),
  };
}
