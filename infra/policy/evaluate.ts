import { ALL_RULES } from './rules/index.ts';
import { StackView } from './stack-view.ts';
import type { PolicyContext, PolicyRule, TerraformJson, Violation } from './types.ts';

export interface SynthesizedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

/** Runs every rule over every stack; an empty result means the synthesized Terraform is compliant. */
export function evaluatePolicies(
  stacks: readonly SynthesizedStack[],
  context: PolicyContext,
  rules: readonly PolicyRule[] = ALL_RULES,
): Violation[] {
  return stacks.flatMap((stack) => {
    const view = new StackView(stack.name, stack.json);
    return rules.flatMap((rule) =>
      rule.check(view, context).map((finding) => ({
        ...finding,
        ruleId: rule.id,
        ruleTitle: rule.title,
        stack: stack.name,
      })),
    );
  });
}

/** `[OMS-TLS-001] cloud/archive/account (azurerm_storage_account.archive_account_…): …` */
export function formatViolation(v: Violation): string {
  const where = v.path === v.address ? v.address : `${v.path} (${v.address})`;
  return `[${v.ruleId}] ${where}: ${v.message}`;
}

/** Synthesis produced Terraform that breaks at least one policy rule. */
export class PolicyViolationError extends Error {
  readonly code = 'OMS_INFRA_POLICY';

  constructor(readonly violations: readonly Violation[]) {
    super(
      `${violations.length} policy violation(s) in the synthesized Terraform:\n` +
        violations.map((v) => `  ${formatViolation(v)}`).join('\n'),
    );
    this.name = 'PolicyViolationError';
  }

  /** Rule ids involved, for callers that branch on them. */
  get ruleIds(): string[] {
    return [...new Set(this.violations.map((v) => v.ruleId))];
  }
}
