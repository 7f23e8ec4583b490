/**
 * IPv4 ranges as the configuration writes them (`203.0.113.10` or `203.0.113.0/24`). Event Hubs and
 * Storage firewalls accept different spellings of the same range, so the conversion lives here.
 */

export interface Ipv4Range {
  /** The address as written, without the prefix length. */
  readonly address: string;
  /** Prefix length; 32 for a single address. */
  readonly prefixLength: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses `a.b.c.d` or `a.b.c.d/n`; returns undefined for anything else. */
export function parseIpv4Range(text: string): Ipv4Range | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  const octets = address.split('.');
  if (octets.length !== 4 || !octets.every((o) => OCTET.test(o))) return undefined;
  if (prefix === undefined) return { address, prefixLength: 32 };
  if (!/^\d{1,2}$/.test(prefix)) return undefined;
  const prefixLength = Number(prefix);
  return prefixLength <= 32 ? { address, prefixLength } : undefined;
}

function octetsOf(range: Ipv4Range): number[] {
  return range.address.split('.').map(Number);
}

/** RFC 1918 private space, loopback, link-local and CGNAT: addresses that never appear as public egress. */
export function isNonPublic(range: Ipv4Range): boolean {
  const [a = 0, b = 0] = octetsOf(range);
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a === 0
  );
}

/** RFC 1918 private space only (where an internal service may bind a published port). */
export function isRfc1918(address: string): boolean {
  const range = parseIpv4Range(address);
  if (!range) return false;
  const [a = 0, b = 0] = octetsOf(range);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** The Event Hubs firewall takes CIDR notation for every rule, single addresses included. */
export function toEventHubsIpMask(range: Ipv4Range): string {
  return `${range.address}/${range.prefixLength}`;
}

/**
 * The Storage firewall rejects /31 and /32 prefixes and wants single addresses written bare.
 * The configuration schema rejects /31 up front, so only /32 needs rewriting here.
 */
export function toStorageIpRule(range: Ipv4Range): string {
  return range.prefixLength === 32 ? range.address : `${range.address}/${range.prefixLength}`;
}
