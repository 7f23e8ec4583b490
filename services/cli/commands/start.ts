import type { Command } from 'commander';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run the whole system locally on embedded defaults (SQLite, dev hub, Azurite, offline agent).',
    )
    .action(async () => {
      const { startLocalSystem } = await import('../../local/start-local.ts');
      await startLocalSystem();
    });
}
