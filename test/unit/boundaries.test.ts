import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import floors of eslint.boundaries.js, run through the project's own ESLint configuration (the
 * one `npm run lint` uses). Each probe is linted as if it were a file at `filePath` inside the tree, so
 * nothing is written where other people's `eslint .` would see it; its imports name real files.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = 'boundaries/dependencies';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function floorErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('import floors (eslint.boundaries.js)', () => {
  const refused: [string, string, string][] = [
    ['shared imports a service', 'services/shared/probe.ts', "import '../order-api/index.ts';"],
    ['shared imports the agent', 'services/shared/db/probe.ts', "import '../../../agent/index.ts';"],
    [
      'the consumer imports order-api',
      'services/oms-consumer/probe.ts',
      "import { runOrderApi } from '../order-api/index.ts';\nvoid runOrderApi;",
    ],
    [
      'archive imports a consumer internal',
      'services/archive/probe.ts',
      "import { applyBatch } from '../oms-consumer/apply-batch.ts';\nvoid applyBatch;",
    ],
    ['order-api imports the agent', 'services/order-api/probe.ts', "await import('../../agent/index.ts');"],
    ['the agent imports the CLI', 'agent/probe.ts', "import '../services/cli/main.ts';"],
    ['the agent imports a service', 'agent/probe.ts', "import '../services/order-api/index.ts';"],
    ['local reaches back into the CLI', 'services/local/probe.ts', "import '../cli/commands/start.ts';"],
    [
      'the CLI imports a service internal',
      'services/cli/probe.ts',
      "import '../order-api/security/operator-auth.ts';",
    ],
    ['a service imports a test helper', 'services/dev-hub/probe.ts', "import '../../test/helpers/ports.ts';"],
  ];

  it.each(refused)('refuses: %s', { timeout: 60_000 }, async (_name, filePath, code) => {
    const errors = await floorErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^import floors: /);
  });

  const allowed: [string, string, string][] = [
    ['a service imports shared', 'services/order-api/probe.ts', "import '../shared/db/connection.ts';"],
    ['a service imports its own files', 'services/oms-consumer/probe.ts', "import './apply-batch.ts';"],
    [
      'archive imports the consumer’s index',
      'services/archive/probe.ts',
      "import '../oms-consumer/index.ts';",
    ],
    ['the agent imports shared', 'agent/probe.ts', "import '../services/shared/config.ts';"],
    ['the CLI imports a service’s index', 'services/cli/probe.ts', "import '../order-api/index.ts';"],
    ['the CLI registers the agent’s CLI front', 'services/cli/probe.ts', "import '../../agent/cli.ts';"],
    ['the CLI starts the local system', 'services/cli/probe.ts', "import '../local/start-local.ts';"],
    [
      'a test imports an internal',
      'test/unit/probe.ts',
      "import '../../services/oms-consumer/apply-batch.ts';",
    ],
  ];

  it.each(allowed)('allows: %s', { timeout: 60_000 }, async (_name, filePath, code) => {
    expect(await floorErrors(filePath, code)).toEqual([]);
  });

  it('the real tree keeps to its floors', { timeout: 180_000 }, async () => {
    const results = await eslint.lintFiles(['services', 'agent', 'test', 'scripts']);
    const broken = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === RULE)
        .map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`),
    );
    expect(broken).toEqual([]);
  });
});
