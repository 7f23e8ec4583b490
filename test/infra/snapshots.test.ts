import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load.ts';
import { synthJson, testStacks } from './support/fixtures.ts';

/**
 * The full synthesized Terraform of each stack and environment, kept as reviewable JSON files under
 * __snapshots__/. An unintended change to any resource shows up as a diff here; an intended one is
 * accepted with `npx vitest run --project infra -u` and reviewed like code.
 */
describe.each(['dev', 'prod'] as const)('%s', (env) => {
  const stacks = testStacks(loadConfig(env));

  it.each(['cloud', 'onprem'] as const)('%s stack matches its snapshot', async (stack) => {
    await expect(synthJson(stacks[stack])).toMatchFileSnapshot(`./__snapshots__/${stack}.${env}.tf.json`);
  });
});
