import type { OutputBody, ResourceRef, TerraformJson, VariableBody } from './types.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Read-only queries over one synthesized stack, so rules read like the policy they enforce instead of
 * walking JSON.
 */
export class StackView {
  constructor(
    readonly name: string,
    readonly json: TerraformJson,
  ) {}

  /** Every resource, or every resource of one type. */
  resources(type?: string): ResourceRef[] {
    const byType = this.json.resource ?? {};
    const types = type === undefined ? Object.keys(byType) : [type];
    return types.flatMap((t) =>
      Object.entries(byType[t] ?? {}).map(([name, body]) => {
        const address = `${t}.${name}`;
        return { type: t, address, path: body['//']?.metadata?.path ?? address, body };
      }),
    );
  }

  outputs(): [string, OutputBody][] {
    return Object.entries(this.json.output ?? {});
  }

  variables(): [string, VariableBody][] {
    return Object.entries(this.json.variable ?? {});
  }

  requiredProviders(): [string, { source?: string; version?: string }][] {
    return Object.entries(this.json.terraform?.required_providers ?? {});
  }

  /** Resources of `type` whose configuration references `target` (any attribute of it). */
  referencing(target: ResourceRef, type?: string): ResourceRef[] {
    return this.resources(type).filter((r) => refersTo(r.body, target.address));
  }
}

/** Whether any string inside `value` holds a Terraform reference to `address` (`${address.attr}`). */
export function refersTo(value: unknown, address: string): boolean {
  const pattern = new RegExp(`(?<![\\w.-])${escapeRegExp(address)}\\.`);
  return pattern.test(JSON.stringify(value ?? null));
}

/** A nested block as the JSON writes it (a list of one object), or undefined. */
export function block(body: unknown, key: string): Record<string, unknown> | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/** Every nested block under `key` (lists of objects). */
export function blocks(body: unknown, key: string): Record<string, unknown>[] {
  if (body === null || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
}
