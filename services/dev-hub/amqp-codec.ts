/**
 * Just enough of the AMQP 1.0 type system to work on encoded messages without decoding them.
 *
 * The hub never needs a message's body or properties: it only splits a message into its sections,
 * reads the message-annotations map and writes a new one. Doing that on the bytes (rather than through
 * rhea's full decode/encode) keeps ingest at a few buffer copies per event and leaves the client's
 * encoding of everything else untouched.
 */
import { DevHubError } from './errors.ts';

/** Section descriptor codes (AMQP 1.0 part 3, §3.2). */
export const SectionCode = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  applicationProperties: 0x74,
  data: 0x75,
  sequence: 0x76,
  value: 0x77,
  footer: 0x78,
} as const;

const symbolicSectionCodes: Record<string, number> = {
  'amqp:header:list': SectionCode.header,
  'amqp:delivery-annotations:map': SectionCode.deliveryAnnotations,
  'amqp:message-annotations:map': SectionCode.messageAnnotations,
  'amqp:properties:list': SectionCode.properties,
  'amqp:application-properties:map': SectionCode.applicationProperties,
  'amqp:data:binary': SectionCode.data,
  'amqp:amqp-sequence:list': SectionCode.sequence,
  'amqp:value:*': SectionCode.value,
  'amqp:footer:map': SectionCode.footer,
};

/** One section of an encoded message: `[start, end)` covers the whole described value. */
export interface SectionSpan {
  code: number;
  start: number;
  /** Where the section's value (after the descriptor) starts. */
  valueStart: number;
  end: number;
}

function malformed(reason: string): DevHubError {
  return new DevHubError('DEV_HUB_MALFORMED_MESSAGE', `Malformed AMQP message: ${reason}`);
}

function need(buf: Buffer, pos: number, bytes: number): void {
  if (pos + bytes > buf.length)
    throw malformed(`value at byte ${pos} runs past the end (${buf.length} bytes)`);
}

/** The position just after the encoded value starting at `pos`. */
export function skipValue(buf: Buffer, pos: number): number {
  need(buf, pos, 1);
  const code = buf[pos] as number;
  if (code === 0x00) return skipValue(buf, skipValue(buf, pos + 1));
  switch (code >> 4) {
    case 0x4:
      return pos + 1;
    case 0x5:
      return check(buf, pos + 2);
    case 0x6:
      return check(buf, pos + 3);
    case 0x7:
      return check(buf, pos + 5);
    case 0x8:
      return check(buf, pos + 9);
    case 0x9:
      return check(buf, pos + 17);
    case 0xa:
    case 0xc:
    case 0xe:
      need(buf, pos, 2);
      return check(buf, pos + 2 + (buf[pos + 1] as number));
    case 0xb:
    case 0xd:
    case 0xf:
      need(buf, pos, 5);
      return check(buf, pos + 5 + buf.readUInt32BE(pos + 1));
    default:
      throw malformed(`unknown type code 0x${code.toString(16)} at byte ${pos}`);
  }
}

function check(buf: Buffer, end: number): number {
  if (end > buf.length) throw malformed(`value ends at byte ${end}, past the end (${buf.length} bytes)`);
  return end;
}

/** Splits an encoded message into its sections. Throws `DEV_HUB_MALFORMED_MESSAGE` on anything else. */
export function scanSections(buf: Buffer): SectionSpan[] {
  const sections: SectionSpan[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf[pos] !== 0x00) throw malformed(`expected a described section at byte ${pos}`);
    const { code, next } = readDescriptorCode(buf, pos + 1);
    const end = skipValue(buf, next);
    sections.push({ code, start: pos, valueStart: next, end });
    pos = end;
  }
  return sections;
}

function readDescriptorCode(buf: Buffer, pos: number): { code: number; next: number } {
  need(buf, pos, 1);
  const c = buf[pos] as number;
  if (c === 0x53) {
    need(buf, pos, 2);
    return { code: buf[pos + 1] as number, next: pos + 2 };
  }
  if (c === 0x80) {
    need(buf, pos, 9);
    // Section codes fit in the low word; the high word is the (zero) domain id.
    return { code: buf.readUInt32BE(pos + 5), next: pos + 9 };
  }
  const name = readText(buf, pos);
  if (name !== undefined) {
    const code = symbolicSectionCodes[name];
    if (code === undefined) throw malformed(`unknown section descriptor '${name}'`);
    return { code, next: skipValue(buf, pos) };
  }
  throw malformed(`unsupported section descriptor type 0x${c.toString(16)}`);
}

/** A string or symbol value at `pos`, or undefined when the value there is another type. */
export function readText(buf: Buffer, pos: number): string | undefined {
  const code = buf[pos];
  if (code === 0xa1 || code === 0xa3) {
    need(buf, pos, 2);
    const len = buf[pos + 1] as number;
    need(buf, pos + 2, len);
    return buf.toString('utf8', pos + 2, pos + 2 + len);
  }
  if (code === 0xb1 || code === 0xb3) {
    need(buf, pos, 5);
    const len = buf.readUInt32BE(pos + 1);
    need(buf, pos + 5, len);
    return buf.toString('utf8', pos + 5, pos + 5 + len);
  }
  return undefined;
}

/** The bytes of a binary value (vbin8/vbin32) at `pos`, as a view into `buf`. */
export function readBinary(buf: Buffer, pos: number): Buffer {
  const code = buf[pos];
  if (code === 0xa0) {
    need(buf, pos, 2);
    const len = buf[pos + 1] as number;
    return buf.subarray(pos + 2, check(buf, pos + 2 + len));
  }
  if (code === 0xb0) {
    need(buf, pos, 5);
    const len = buf.readUInt32BE(pos + 1);
    return buf.subarray(pos + 5, check(buf, pos + 5 + len));
  }
  if (code === 0x40) return buf.subarray(pos, pos);
  throw malformed(`expected binary at byte ${pos}, got type 0x${(code ?? 0).toString(16)}`);
}

/** One key/value pair of an encoded map, as byte ranges into the buffer. */
export interface MapEntrySpan {
  key: string | undefined;
  start: number;
  valueStart: number;
  end: number;
}

/** The entries of the map value at `pos` (map8, map32 or null). Keys that are not text come back undefined. */
export function readMapEntries(buf: Buffer, pos: number): MapEntrySpan[] {
  const code = buf[pos];
  if (code === 0x40) return [];
  let count: number;
  let cursor: number;
  if (code === 0xc1) {
    need(buf, pos, 3);
    count = buf[pos + 2] as number;
    cursor = pos + 3;
  } else if (code === 0xd1) {
    need(buf, pos, 9);
    count = buf.readUInt32BE(pos + 5);
    cursor = pos + 9;
  } else {
    throw malformed(`expected a map at byte ${pos}, got type 0x${(code ?? 0).toString(16)}`);
  }
  if (count % 2 !== 0) throw malformed(`map at byte ${pos} has an odd element count`);
  const entries: MapEntrySpan[] = [];
  for (let i = 0; i < count; i += 2) {
    const valueStart = skipValue(buf, cursor);
    const end = skipValue(buf, valueStart);
    entries.push({ key: readText(buf, cursor), start: cursor, valueStart, end });
    cursor = end;
  }
  return entries;
}

// ---- encoding -------------------------------------------------------------------------------------

const TWO_POW_32 = 0x1_0000_0000;

function writeInt64(buf: Buffer, value: number, offset: number): void {
  const high = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(high, offset);
  buf.writeUInt32BE(value - high * TWO_POW_32, offset + 4);
}

export function encodeSymbol(name: string): Buffer {
  const bytes = Buffer.from(name, 'ascii');
  if (bytes.length > 255) throw new RangeError(`symbol too long: ${name}`);
  return Buffer.concat([Buffer.from([0xa3, bytes.length]), bytes]);
}

export function encodeString(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= 255) return Buffer.concat([Buffer.from([0xa1, bytes.length]), bytes]);
  const head = Buffer.allocUnsafe(5);
  head[0] = 0xb1;
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

export function encodeLong(value: number): Buffer {
  const buf = Buffer.allocUnsafe(9);
  buf[0] = 0x81;
  writeInt64(buf, value, 1);
  return buf;
}

export function encodeTimestamp(epochMs: number): Buffer {
  const buf = Buffer.allocUnsafe(9);
  buf[0] = 0x83;
  writeInt64(buf, epochMs, 1);
  return buf;
}

/**
 * A map32 built from already-encoded entries (`parts` alternate key, value, key, value… or hold whole
 * pre-encoded pairs; `elementCount` counts keys plus values).
 */
export function encodeMap(parts: readonly Buffer[], elementCount: number): Buffer {
  let size = 4;
  for (const part of parts) size += part.length;
  const head = Buffer.allocUnsafe(9);
  head[0] = 0xd1;
  head.writeUInt32BE(size, 1);
  head.writeUInt32BE(elementCount, 5);
  return Buffer.concat([head, ...parts], 5 + size);
}

/** `0x00 0x53 <code>` followed by `value`: a section with a small-ulong descriptor. */
export function encodeSection(code: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0x53, code]), value], 3 + value.length);
}
