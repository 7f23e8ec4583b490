import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { killOnExit } from '../helpers/child-processes.ts';

/**
 * The floor the API's ingest is measured against: Express with `express.json()` answering every POST
 * with a 202 and a small JSON body, and nothing else (no validation, no hub, no token). Plain
 * JavaScript in a node process of its own, like the API, so both pay the same process and HTTP costs.
 */
const BARE_APP = `
import express from 'express';
const app = express();
app.use(express.json({ limit: '64kb' }));
let n = 0;
app.post('/api/orders', (req, res) => {
  n++;
  res.status(202).json({ orderId: 'ORD-' + n, status: 'pending', orderToken: 'bare' });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export interface BareExpress {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts the bare endpoint with the same NODE_OPTIONS as the API; cwd resolves `express` from the repo. */
export async function startBareExpress(nodeOptions: string, cwd: string): Promise<BareExpress> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_APP], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: nodeOptions },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  killOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(() => reject(new Error('the bare Express endpoint exited early')));
  });
  return {
    child,
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
