/** One problem in the configuration, located by a dotted path (`eventHubs.partitions`). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The configuration cannot be synthesized. Raised before any construct is built; `issues` names every
 * offending field so a caller (or a test) can branch on them.
 */
export class ConfigError extends Error {
  readonly code = 'OMS_INFRA_CONFIG';

  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `Invalid infrastructure configuration (${source}):\n` +
        issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
