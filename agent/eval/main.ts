import { parseArgs } from 'node:util';
import { runEvaluation } from './run-evaluation.ts';

/**
 * `npm run eval:agent [-- --set shared --set project-holdout]`: prints the evaluation report as JSON
 * (accuracy and p50/p95 latency per set, and the questions that failed) and exits non-zero when a set
 * is below its floor (REQUIRED_ACCURACY in run-evaluation.ts).
 */
const { values } = parseArgs({ options: { set: { type: 'string', multiple: true } } });
try {
  const report = await runEvaluation({
    sets: values.set ?? [],
    log: (line) => process.stderr.write(`eval: ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.ok ? 0 : 1;
} catch (err) {
  process.stderr.write(`eval: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
}
