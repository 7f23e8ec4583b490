import type { EnvironmentName } from '../config/schema.ts';
import type { StackView } from './stack-view.ts';

/** The parts of a synthesized `cdk.tf.json` the rules read. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, ResourceBody>>>>;
  readonly output?: Readonly<Record<string, OutputBody>>;
  readonly variable?: Readonly<Record<string, VariableBody>>;
  readonly terraform?: {
    readonly required_providers?: Readonly<
      Record<string, { readonly source?: string; readonly version?: string }>
    >;
  };
}

export type ResourceBody = Readonly<Record<string, unknown>> & {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
};

export interface OutputBody {
  readonly value?: unknown;
  readonly sensitive?: boolean;
}

export interface VariableBody {
  readonly sensitive?: boolean;
}

/** One resource of a synthesized stack, located both ways a reader looks for it. */
export interface ResourceRef {
  readonly type: string;
  /** Terraform address, e.g. `azurerm_storage_account.archive_account_1A2B3C4D`. */
  readonly address: string;
  /** Construct path, e.g. `cloud/archive/account`; the address when the JSON carries no metadata. */
  readonly path: string;
  readonly body: ResourceBody;
}

export interface PolicyContext {
  readonly environment: EnvironmentName;
}

/** What a rule reports: the offending element (resource, output, variable or block) and why. */
export interface Finding {
  readonly address: string;
  readonly path: string;
  readonly message: string;
}

export interface PolicyRule {
  /** Stable id, quoted in failures and in tests: `OMS-TLS-001`. */
  readonly id: string;
  /** One line: what must hold. */
  readonly title: string;
  check(stack: StackView, context: PolicyContext): Finding[];
}

export interface Violation extends Finding {
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly stack: string;
}
