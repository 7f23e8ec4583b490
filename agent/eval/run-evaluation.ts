import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freshMysqlDatabase } from '../../test/helpers/mariadb.ts';
import { connect, openDatabase } from '../../services/shared/db/connection.ts';
import { JsonlAuditLog } from '../audit/audit-log.ts';
import { OrdersAgent } from '../orders-agent.ts';
import { createQueryExecutor } from '../query/create-executor.ts';
import { evaluateSet, type SetReport } from './evaluate-set.ts';
import { loadQuestionSet, type QuestionSet } from './question-set.ts';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The seed the shared question set is scored on (../shared/agent-eval/README.md). */
export const EVAL_SEED = { orders: 3000, seed: 7, days: 120, now: '2026-11-20' } as const;
/**
 * Accuracy each set must reach. The shared set keeps issue 5's 95 %. The development pool now holds the
 * earlier held-out sets too, with wording the model still refuses, so it must stay at 90 %. The held-out
 * set is a measurement of unseen wording (docs/agent.md): its floor is its first run (holdout-7: 61/91),
 * so the suite fails if a later change makes the model worse on questions nobody tuned for.
 */
export const REQUIRED_ACCURACY: Readonly<Record<string, number>> = {
  shared: 0.95,
  'project-dev': 0.9,
  'project-holdout': 0.67,
};

/** The floor of a set; a set not listed above must reach 95 %. */
export const requiredAccuracy = (set: string): number => REQUIRED_ACCURACY[set] ?? 0.95;

export interface EvaluationOptions {
  /** Only these sets (by name); default all. */
  sets?: string[];
  log?: (line: string) => void;
}

export interface EvaluationReport {
  database: string;
  seed: typeof EVAL_SEED;
  provider: string;
  sets: SetReport[];
  ok: boolean;
  auditFile: string;
}

/**
 * The question sets: the project's own (dev: tuned on; holdout: not) and, when present, the shared one.
 * Only the sets asked for are read, so scoring the dev set never opens the held-out file.
 */
export function questionSets(names?: string[]): QuestionSet[] {
  const own = path.join(REPO_ROOT, 'test/agent/questions');
  const wanted = (name: string) => !names?.length || names.includes(name);
  const sets: QuestionSet[] = [];
  // Tuned on: the dev set and the earlier held-out sets, once they had been measured.
  if (wanted('project-dev'))
    sets.push(
      loadQuestionSet(
        'project-dev',
        [
          'dev.jsonl',
          'dev-kpis.jsonl',
          'holdout-1.jsonl',
          'holdout-2.jsonl',
          'holdout-3.jsonl',
          'holdout-4.jsonl',
          'holdout-5.jsonl',
          'holdout-6.jsonl',
        ].map((f) => path.join(own, f)),
      ),
    );
  // Written before the model changes it measures; not tuned on (see docs/agent.md).
  if (wanted('project-holdout'))
    sets.push(loadQuestionSet('project-holdout', [path.join(own, 'holdout-7.jsonl')]));
  const shared = path.resolve(REPO_ROOT, '../shared/agent-eval/questions.jsonl');
  if (wanted('shared') && fs.existsSync(shared)) sets.push(loadQuestionSet('shared', [shared]));
  return sets;
}

/**
 * `npm run eval:agent`: a throwaway MariaDB (or a database on MYSQL_URL), migrated and seeded by the
 * real CLI (`oms seed --orders 3000 --seed 7 --days 120 --now 2026-11-20`), the offline agent connected
 * as the read-only user with PII allowed (as the shared README prescribes), every set scored.
 */
export async function runEvaluation(options: EvaluationOptions = {}): Promise<EvaluationReport> {
  const log = options.log ?? (() => undefined);
  const sets = questionSets(options.sets);
  const fresh = await freshMysqlDatabase();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-agent-eval-'));
  try {
    const admin = new URL(fresh.url);
    const agentUrl = `mysql://oms_agent_eval:${randomBytes(9).toString('hex')}@${admin.host}${admin.pathname}`;
    log(`seeding ${admin.host}${admin.pathname} …`);
    await run(
      process.execPath,
      [
        path.join(REPO_ROOT, 'services/cli/bin.js'),
        'seed',
        '--orders',
        String(EVAL_SEED.orders),
        '--seed',
        String(EVAL_SEED.seed),
        '--days',
        String(EVAL_SEED.days),
        '--now',
        EVAL_SEED.now,
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: fresh.url,
          AGENT_DATABASE_URL: agentUrl,
          // The gold queries return real emails and names; the agent user must be granted them to match.
          AGENT_ALLOW_PII: 'true',
          OMS_DATA_DIR: work,
          LOG_LEVEL: 'warn',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );

    const goldDb = await connect(fresh.url);
    const agentDb = openDatabase(agentUrl);
    const auditFile = path.join(work, 'agent-audit.jsonl');
    const agent = await OrdersAgent.create({
      db: agentDb,
      provider: 'offline',
      allowPii: true,
      today: () => EVAL_SEED.now,
      audit: new JsonlAuditLog(auditFile),
    });
    const gold = await createQueryExecutor(goldDb, { timeoutMs: 30_000, allowPii: true, maxWorkers: 1 });
    try {
      // One unscored question first: the first call pays for module loading and JIT warm-up.
      await agent.ask('How many orders are there?', { source: 'eval-warmup' });
      const reports: SetReport[] = [];
      for (const set of sets) {
        log(`scoring ${set.name} (${set.questions.length} questions) …`);
        reports.push(await evaluateSet(agent, gold, set));
      }
      return {
        database: `${admin.protocol}//${admin.host}${admin.pathname}`,
        seed: EVAL_SEED,
        provider: agent.provider,
        sets: reports,
        ok: reports.every((r) => r.accuracy >= requiredAccuracy(r.name)),
        auditFile,
      };
    } finally {
      await gold.close();
      await agent.close();
      await agentDb.destroy();
      await goldDb.destroy();
    }
  } finally {
    await fresh.cleanup();
  }
}
