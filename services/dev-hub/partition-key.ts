/**
 * Partition key → partition, the way Event Hubs does it.
 *
 * Event Hubs hashes the UTF-8 bytes of the key with Bob Jenkins' lookup3 `hashlittle2` (both seeds 0),
 * folds the two 32-bit results into a signed 16-bit value and takes `|hash % partitionCount|`. The Azure
 * SDKs' buffered producers compute the same mapping client-side, so the dev hub must use exactly this
 * function: a key must land on one partition whether the client or the hub chose it.
 */

/** The partition index (0-based) for `partitionKey` on a hub with `partitionCount` partitions. */
export function partitionIndexForKey(partitionKey: string, partitionCount: number): number {
  return Math.abs(hashPartitionKey(partitionKey) % partitionCount);
}

/** The signed 16-bit Event Hubs hash of a partition key. */
export function hashPartitionKey(partitionKey: string): number {
  const { b, c } = hashLittle2(Buffer.from(partitionKey, 'utf8'));
  return ((c ^ b) << 16) >> 16;
}

function rot(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** lookup3 `hashlittle2` with zero seeds; returns the primary (c) and secondary (b) hashes as uint32. */
function hashLittle2(data: Buffer): { b: number; c: number } {
  let a = (0xdeadbeef + data.length) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  let remaining = data.length;

  while (remaining > 12) {
    a = (a + data.readUInt32LE(i)) | 0;
    b = (b + data.readUInt32LE(i + 4)) | 0;
    c = (c + data.readUInt32LE(i + 8)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
    i += 12;
    remaining -= 12;
  }

  if (remaining === 0) return { b: b >>> 0, c: c >>> 0 };

  // The tail: up to 12 bytes read little-endian into a, b, c (missing bytes count as zero).
  const byte = (k: number): number => (k < remaining ? (data[i + k] ?? 0) : 0);
  a = (a + (byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24))) | 0;
  if (remaining > 4) b = (b + (byte(4) | (byte(5) << 8) | (byte(6) << 16) | (byte(7) << 24))) | 0;
  if (remaining > 8) c = (c + (byte(8) | (byte(9) << 8) | (byte(10) << 16) | (byte(11) << 24))) | 0;

  // final(a, b, c)
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  return { b: b >>> 0, c: c >>> 0 };
}
