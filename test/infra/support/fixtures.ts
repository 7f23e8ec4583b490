import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { buildStacks, synthesize, type OmsStacks, type SynthesisResult } from '../../../infra/app.ts';
import { environments } from '../../../infra/config/environments/index.ts';
import { parseConfig } from '../../../infra/config/load.ts';
import type { EnvironmentName, InfraConfig, InfraConfigInput } from '../../../infra/config/schema.ts';
import type { StateSettings } from '../../../infra/config/state.ts';
import { PolicyViolationError } from '../../../infra/policy/evaluate.ts';
import type { TerraformJson } from '../../../infra/policy/types.ts';

/** A deep-partial patch over an environment file's input. */
export type ConfigPatch = { [K in keyof InfraConfigInput]?: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

/** The committed environment input with `patch` merged in (arrays and scalars replace). */
export function rawConfig(environment: EnvironmentName, patch: ConfigPatch = {}): unknown {
  return merge(structuredClone(environments[environment]), patch);
}

/** A validated configuration: the committed environment with `patch` applied. */
export function configFor(environment: EnvironmentName, patch: ConfigPatch = {}): InfraConfig {
  return parseConfig(rawConfig(environment, patch), `test ${environment}`);
}

/** Both stacks built in a Testing app (stubbed CDKTF version, temporary outdir). */
export function testStacks(config: InfraConfig, state?: StateSettings): OmsStacks {
  return buildStacks(Testing.app(), config, state);
}

/** The synthesized JSON of one stack as CDKTF's Testing helpers produce it (sorted, no metadata). */
export function synthJson(stack: TerraformStack): string {
  return Testing.synth(stack);
}

export function parsed(stack: TerraformStack): TerraformJson & Record<string, unknown> {
  return JSON.parse(Testing.synth(stack)) as TerraformJson & Record<string, unknown>;
}

/** Every resource body of one type in a synthesized stack. */
export function resourcesOf(stack: TerraformStack, type: string): Record<string, unknown>[] {
  return Object.values(parsed(stack).resource?.[type] ?? {}) as Record<string, unknown>[];
}

/** Runs the real synth pipeline (write + policy) into a throw-away directory. */
export function synthesizeInTemp(
  config: InfraConfig,
  beforeSynth?: (stacks: OmsStacks) => void,
): SynthesisResult | PolicyViolationError {
  const outdir = mkdtempSync(path.join(tmpdir(), 'oms-infra-'));
  try {
    return synthesize({ config, outdir, ...(beforeSynth ? { beforeSynth } : {}) });
  } catch (error) {
    if (error instanceof PolicyViolationError) return error;
    throw error;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
