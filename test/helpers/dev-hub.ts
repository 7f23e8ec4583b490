import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type {
  EventHubConsumerClient,
  EventPosition,
  ReceivedEventData,
  Subscription,
} from '@azure/event-hubs';
import { createLogger } from '../../services/shared/logger.ts';
import { startDevHub, type DevHub, type DevHubOptions } from '../../services/dev-hub/index.ts';

import { killOnExit } from './child-processes.ts';

export type { DevHub };

const DEV_HUB_MAIN = new URL('../../services/dev-hub/main.ts', import.meta.url).pathname;

/**
 * A dev hub for a test: random port, quiet logger (LOG_LEVEL overrides), hub `orders` with 4 partitions
 * and consumer groups `oms` and `analytics` unless `options.hubs` says otherwise.
 */
export async function startTestDevHub(options: DevHubOptions = {}): Promise<DevHub> {
  return startDevHub({
    port: 0,
    hubs: [{ name: 'orders', partitionCount: 4, consumerGroups: ['oms', 'analytics'] }],
    logger: createLogger({ name: 'dev-hub', level: process.env.LOG_LEVEL ?? 'warn', pretty: false }),
    ...options,
  });
}

/** A fresh temp directory for a persistent dev hub; remove it with `fs.rmSync(dir, { recursive: true })`. */
export function tempDataDir(prefix = 'oms-dev-hub-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ReceiveOptions {
  /** Stop after this many events (default: wait for `timeoutMs`). */
  count?: number;
  /** Give up waiting after this long; default 10 s. */
  timeoutMs?: number;
  ownerLevel?: number;
  /** Return as soon as `processError` is called. */
  stopOnError?: boolean;
}

/**
 * Reads one partition with the real SDK from `startPosition` and returns the events received (in order)
 * once `count` arrived or `timeoutMs` passed. Errors reported to `processError` are returned too.
 */
export async function receiveFromPartition(
  client: EventHubConsumerClient,
  partitionId: string,
  startPosition: EventPosition,
  options: ReceiveOptions = {},
): Promise<{ events: ReceivedEventData[]; errors: Error[] }> {
  const events: ReceivedEventData[] = [];
  const errors: Error[] = [];
  const timeoutMs = options.timeoutMs ?? 10_000;
  let subscription: Subscription | undefined;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    subscription = client.subscribe(
      partitionId,
      {
        processEvents: async (batch) => {
          events.push(...batch);
          if (options.count !== undefined && events.length >= options.count) {
            clearTimeout(timer);
            resolve();
          }
        },
        processError: async (err) => {
          errors.push(err);
          if (options.stopOnError) {
            clearTimeout(timer);
            resolve();
          }
        },
      },
      {
        startPosition,
        maxBatchSize: 100,
        maxWaitTimeInSeconds: 0.2,
        ...(options.ownerLevel === undefined ? {} : { ownerLevel: options.ownerLevel }),
      },
    );
  });
  await subscription?.close();
  return { events, errors };
}

export interface DevHubProcess {
  child: ChildProcess;
  /** Hub name → connection string, from the ready line the standalone hub prints. */
  connectionStrings: Record<string, string>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * The standalone dev hub (`services/dev-hub/main.ts`) as a child process of its own — for crash tests
 * (SIGKILL it) and benchmarks (keep it off the load generator's event loop). Resolves once it printed
 * its ready line; the process is killed if this one exits first.
 */
export async function startDevHubProcess(args: string[]): Promise<DevHubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', DEV_HUB_MAIN, '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  killOnExit(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<{ connectionStrings: Record<string, string> }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"event":"ready"'))
        resolve(JSON.parse(line) as { connectionStrings: Record<string, string> });
    });
    void exited.then((code) => reject(new Error(`dev hub exited early with ${code}`)));
  });
  return { child, connectionStrings: ready.connectionStrings, exited };
}
