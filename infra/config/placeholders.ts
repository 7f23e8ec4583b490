import { parseIpv4Range } from './ipv4.ts';
import type { InfraConfig } from './schema.ts';

/**
 * The committed environment files carry example values (reserved documentation domains, addresses and
 * all-zero object ids) so the app synthesizes on a fresh clone. Synth accepts them; deploy does not.
 */
export const EXAMPLE_IDS = {
  subscription: '00000000-0000-0000-0000-000000000000',
  auditors: '00000000-0000-0000-0000-00000000a0d1',
  oms: '00000000-0000-0000-0000-000000000c01',
  storefront: '00000000-0000-0000-0000-000000000c02',
} as const;

// RFC 5737 documentation networks.
const DOCUMENTATION_NETWORKS = ['192.0.2.', '198.51.100.', '203.0.113.'];

function isExampleObjectId(id: string): boolean {
  return id.startsWith('00000000-0000-0000-0000-');
}

function isExampleDomain(hostOrEmail: string): boolean {
  return /\.example(:\d+)?$/i.test(hostOrEmail) || /\.example\.(com|net|org)(:\d+)?$/i.test(hostOrEmail);
}

function isDocumentationRange(range: string): boolean {
  const parsed = parseIpv4Range(range);
  return parsed !== undefined && DOCUMENTATION_NETWORKS.some((net) => parsed.address.startsWith(net));
}

/** Dotted paths of every field that still holds an example value. */
export function findPlaceholders(config: InfraConfig): string[] {
  const found: string[] = [];
  const { principals } = config;
  if (isExampleObjectId(config.subscriptionId)) found.push('subscriptionId');
  if (isExampleObjectId(principals.auditorsGroupObjectId)) found.push('principals.auditorsGroupObjectId');
  for (const who of ['oms', 'storefront'] as const) {
    const principal = principals[who];
    if (principal && isExampleObjectId(principal.objectId)) found.push(`principals.${who}.objectId`);
  }
  config.eventHubs.network.allowedIpRanges.forEach((range, i) => {
    if (isDocumentationRange(range)) found.push(`eventHubs.network.allowedIpRanges.${i}`);
  });
  config.monitoring.alertEmails.forEach((email, i) => {
    if (isExampleDomain(email)) found.push(`monitoring.alertEmails.${i}`);
  });
  config.onprem.hosts.forEach((host, i) => {
    const hostname = host.url.replace(/^ssh:\/\/([^@]+@)?/, '');
    if (isExampleDomain(hostname)) found.push(`onprem.hosts.${i}.url`);
  });
  return found;
}
