import { expect } from 'vitest';
import {
  getToHaveProviderWithProperties,
  getToHaveResourceWithProperties,
  returnMatcherToJest,
} from 'cdktf/lib/testing/matchers.js';

/**
 * CDKTF's Testing matchers (`toHaveResourceWithProperties` and friends), registered with vitest's
 * `expect`. CDKTF ships a Jest adapter only; this is the same adapter with vitest's asymmetric matchers,
 * so `expect.objectContaining(…)` and `expect.stringMatching(…)` work inside the expected properties.
 */

function passEvaluation(items: unknown[], properties: Record<string, unknown>): boolean {
  if (Object.keys(properties).length === 0) return items.length > 0;
  return expect.arrayContaining([expect.objectContaining(properties)]).asymmetricMatch(items);
}

const resource = getToHaveResourceWithProperties(passEvaluation);
const provider = getToHaveProviderWithProperties(passEvaluation);

expect.extend({
  toHaveResource(received: string, resourceType: string) {
    return returnMatcherToJest(resource(received, { tfResourceType: resourceType }, {}));
  },
  toHaveResourceWithProperties(received: string, resourceType: string, properties: Record<string, unknown>) {
    return returnMatcherToJest(resource(received, { tfResourceType: resourceType }, properties));
  },
  toHaveProviderWithProperties(received: string, providerType: string, properties: Record<string, unknown>) {
    return returnMatcherToJest(provider(received, { tfResourceType: providerType }, properties));
  },
});

interface CdktfMatchers<R = unknown> {
  /** The synthesized stack has at least one resource of this Terraform type. */
  toHaveResource(resourceType: string): R;
  /** …and one of them has (at least) these properties; snake_case or camelCase keys. */
  toHaveResourceWithProperties(resourceType: string, properties: Record<string, unknown>): R;
  toHaveProviderWithProperties(providerType: string, properties: Record<string, unknown>): R;
}

declare module 'vitest' {
  // The type parameter must repeat vitest's own declaration exactly for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends CdktfMatchers<T> {}
}
