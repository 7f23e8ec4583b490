import { describe, expect, it } from 'vitest';
import { REQUIRED_ACCURACY, questionSets, runEvaluation } from '../../agent/eval/run-evaluation.ts';

/**
 * The evaluation `npm run eval:agent` prints, as a test: MariaDB seeded by the real CLI with the shared
 * set's seed, the offline agent, every question set scored by execution accuracy.
 */
describe('agent evaluation (npm run eval:agent)', () => {
  it('knows its question sets', () => {
    const names = questionSets().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['project-dev', 'project-holdout']));
    for (const set of questionSets()) {
      const ids = set.questions.map((q) => q.id);
      expect(new Set(ids).size, `${set.name} has duplicate ids`).toBe(ids.length);
    }
  });

  // Latency is reported by `npm run eval:agent`, not asserted here: timings belong in benchmarks.
  it('answers at least 95 % of every set correctly', async () => {
    const report = await runEvaluation();
    for (const set of report.sets) {
      expect(set.accuracy, `${set.name}: ${JSON.stringify(set.failures, null, 2)}`).toBeGreaterThanOrEqual(
        REQUIRED_ACCURACY,
      );
    }
    expect(report.ok).toBe(true);
  });
});
