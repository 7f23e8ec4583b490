import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

/**
 * Kills `child` if this process exits first, so a failing or interrupted test never leaves a server
 * (MariaDB, a consumer, a dev hub) running on the machine.
 */
export function killOnExit(child: ChildProcess): ChildProcess {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}
