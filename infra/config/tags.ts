import type { InfraConfig } from './schema.ts';

/**
 * The tags every Azure resource and the labels every Docker object carries (cost reports,
 * `docker ps --filter label=…`). Applied by the aspect in stacks/required-tags.ts and checked by policy
 * rule OMS-TAG-001.
 */

export const REQUIRED_TAG_KEYS = [
  'application',
  'environment',
  'owner',
  'cost-center',
  'managed-by',
] as const;

/** Docker's convention is reverse-DNS label keys. */
export const DOCKER_LABEL_PREFIX = 'com.mygreatcompany.';
export const REQUIRED_LABEL_KEYS = ['application', 'environment', 'managed-by'].map(
  (key) => `${DOCKER_LABEL_PREFIX}${key}`,
);

export interface DockerLabel {
  readonly label: string;
  readonly value: string;
}

export function requiredTags(config: InfraConfig): Record<string, string> {
  return {
    ...config.tags.additional,
    application: 'oms',
    environment: config.environment,
    owner: config.tags.owner,
    'cost-center': config.tags.costCenter,
    'managed-by': 'cdktf',
  };
}

export function requiredLabels(config: InfraConfig): DockerLabel[] {
  return [
    { label: `${DOCKER_LABEL_PREFIX}application`, value: 'oms' },
    { label: `${DOCKER_LABEL_PREFIX}environment`, value: config.environment },
    { label: `${DOCKER_LABEL_PREFIX}managed-by`, value: 'cdktf' },
  ];
}
