import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'cdktf';
import type { InfraConfig } from './config/schema.ts';
import type { StateSettings } from './config/state.ts';
import { PolicyViolationError, evaluatePolicies, type SynthesizedStack } from './policy/evaluate.ts';
import type { TerraformJson, Violation } from './policy/types.ts';
import { CloudStack } from './stacks/cloud-stack.ts';
import { OnPremStack } from './stacks/onprem-stack.ts';

export interface OmsStacks {
  readonly cloud: CloudStack;
  readonly onprem: OnPremStack;
}

/** Adds both stacks for one validated environment to `app`. */
export function buildStacks(
  app: App,
  config: InfraConfig,
  state: StateSettings = { backend: 'local' },
): OmsStacks {
  return {
    cloud: new CloudStack(app, { config, state }),
    onprem: new OnPremStack(app, { config, state }),
  };
}

export interface SynthesizeOptions {
  readonly config: InfraConfig;
  readonly state?: StateSettings;
  /** Defaults to `CDKTF_OUTDIR` (set by the cdktf CLI) or `cdktf.out`. */
  readonly outdir?: string;
  /**
   * Runs after the stacks are built and before they are written. Tests use it to apply the kind of
   * escape-hatch override (`addOverride`) a future change might, and check the policy catches it.
   */
  readonly beforeSynth?: (stacks: OmsStacks) => void;
}

export interface SynthesisResult {
  readonly outdir: string;
  readonly stacks: readonly (SynthesizedStack & { readonly file: string })[];
  readonly violations: readonly Violation[];
}

/**
 * Builds, writes and checks both stacks: `cdktf.out/stacks/<stack>/cdk.tf.json`, then the policy rule
 * set over exactly those files. Throws PolicyViolationError (after writing, so the output can be
 * inspected) when a rule fails.
 */
export function synthesize(options: SynthesizeOptions): SynthesisResult {
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  const stacks = buildStacks(app, options.config, options.state);
  options.beforeSynth?.(stacks);
  app.synth();

  const written = [stacks.cloud, stacks.onprem].map((stack) => {
    const name = stack.node.id;
    const file = path.join(app.outdir, 'stacks', name, 'cdk.tf.json');
    return { name, file, json: JSON.parse(readFileSync(file, 'utf8')) as TerraformJson };
  });
  const violations = evaluatePolicies(written, { environment: options.config.environment });
  if (violations.length > 0) throw new PolicyViolationError(violations);
  return { outdir: app.outdir, stacks: written, violations };
}
