import { Aspects, TerraformResource, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { InfraConfig } from '../config/schema.ts';
import { requiredLabels, requiredTags, type DockerLabel } from '../config/tags.ts';

/**
 * Every Azure resource that accepts tags, and every Docker object that accepts labels, carries the same
 * required set, so cost reports and `docker ps --filter label=…` can find them. Applied as an aspect so
 * a new construct cannot forget them; policy rule OMS-TAG-001 checks the result.
 */

interface Taggable {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

interface Labelled {
  putLabels(labels: DockerLabel[]): void;
  readonly labelsInput?: unknown;
}

function isTaggable(node: object): node is Taggable {
  return 'tagsInput' in node;
}

function isLabelled(node: object): node is Labelled {
  return 'labelsInput' in node && 'putLabels' in node;
}

class RequiredTagsAspect implements IAspect {
  constructor(
    private readonly tags: Record<string, string>,
    private readonly labels: DockerLabel[],
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    if (isTaggable(node)) {
      // Construct-specific tags (e.g. `purpose`) stay; the required ones always win.
      node.tags = { ...(node.tagsInput ?? {}), ...this.tags };
    } else if (isLabelled(node)) {
      const own = Array.isArray(node.labelsInput) ? (node.labelsInput as DockerLabel[]) : [];
      const required = new Set(this.labels.map((l) => l.label));
      node.putLabels([...own.filter((l) => !required.has(l.label)), ...this.labels]);
    }
  }
}

/** Tags every taggable resource under `scope` at synthesis. */
export function applyRequiredTags(scope: IConstruct, config: InfraConfig): void {
  Aspects.of(scope).add(new RequiredTagsAspect(requiredTags(config), requiredLabels(config)));
}
