import { Command, CommanderError } from 'commander';
import { ConfigError } from '../shared/config.ts';
import { DatabaseUnavailableError } from '../shared/db/connection.ts';
import { UsageError } from '../shared/usage-error.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerArchiveCommands } from './commands/archive.ts';
import { registerNotifierCommand } from './commands/notifier.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerServiceCommands } from './commands/services.ts';
import { registerFulfilmentCommands } from './commands/fulfilment.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerAgentCommands } from '../../agent/cli.ts';

/**
 * `oms`: the one operator CLI (design §4). Each concern registers its commands from its own module;
 * this file only assembles them and turns known errors into one clear line and a non-zero exit.
 */
const program = new Command('oms')
  .description('MyGreatCompany OMS: run the system, manage the orders database, query and audit orders.')
  .showHelpAfterError('(add --help for usage)')
  .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
  .exitOverride();

registerStartCommand(program);
registerDatabaseCommands(program);
registerServiceCommands(program);
registerFulfilmentCommands(program);
registerSimulateCommand(program);
registerArchiveCommands(program);
registerNotifierCommand(program);
registerImportCommands(program);
registerReportCommands(program);
registerAgentCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (
    err instanceof ConfigError ||
    err instanceof DatabaseUnavailableError ||
    err instanceof UsageError
  ) {
    process.stderr.write(`oms: ${err.message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  } else {
    // Driver errors can embed a whole statement with its data: keep the line readable and bounded.
    const text = err instanceof Error ? err.message : String(err);
    process.stderr.write(`oms: ${text.length > 600 ? `${text.slice(0, 600)}… (truncated)` : text}\n`);
    if (process.env.OMS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
}
