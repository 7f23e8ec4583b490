/**
 * Where a receiver starts: parsing the `apache.org:selector-filter:string` the SDKs attach with, and
 * resolving it against a partition.
 *
 * The SDKs express every start position as one comparison on a message annotation:
 * `amqp.annotation.x-opt-offset > '-1'` (earliest), `… x-opt-offset > '@latest'` (latest),
 * `… x-opt-offset >= '1024'`, `… x-opt-sequence-number > '41'`, `… x-opt-enqueued-time > '1700000000000'`
 * (epoch milliseconds).
 */
import { argumentError, argumentOutOfRange, type AmqpErrorCondition } from './amqp-errors.ts';

export const SELECTOR_FILTER_NAME = 'apache.org:selector-filter:string';
/** Descriptor code of the selector filter type (`0x0000468C:0x00000004`). */
export const SELECTOR_FILTER_DESCRIPTOR = 0x468c00000004;

export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number; inclusive: boolean }
  | { kind: 'sequenceNumber'; sequenceNumber: number; inclusive: boolean }
  | { kind: 'enqueuedTime'; enqueuedTimeMs: number; inclusive: boolean };

/** Thrown for a filter the hub does not understand; carries the AMQP error to detach with. */
export class EventPositionError extends Error {
  readonly code = 'DEV_HUB_INVALID_EVENT_POSITION';
  constructor(readonly amqpError: AmqpErrorCondition) {
    super(amqpError.description);
    this.name = 'EventPositionError';
  }
}

const expressionPattern =
  /^\s*amqp\.annotation\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(>=|>)\s*'([^']*)'\s*$/i;

/** Parses a selector expression; `undefined` (no filter) means earliest, like Event Hubs. */
export function parseSelectorFilter(expression: string | undefined): StartPosition {
  if (expression === undefined) return { kind: 'earliest' };
  const match = expressionPattern.exec(expression);
  if (!match) {
    throw new EventPositionError(
      argumentError(`The selector filter '${expression}' is not supported by the dev hub.`),
    );
  }
  const [, annotation = '', operator, value = ''] = match;
  const inclusive = operator === '>=';
  switch (annotation.toLowerCase()) {
    case 'x-opt-offset':
      if (value === '@latest') return { kind: 'latest' };
      if (value === '-1') return { kind: 'earliest' };
      return { kind: 'offset', offset: parseInteger(value, expression), inclusive };
    case 'x-opt-sequence-number':
      return { kind: 'sequenceNumber', sequenceNumber: parseInteger(value, expression), inclusive };
    default:
      return { kind: 'enqueuedTime', enqueuedTimeMs: parseInteger(value, expression), inclusive };
  }
}

function parseInteger(value: string, expression: string): number {
  if (!/^-?\d+$/.test(value)) {
    throw new EventPositionError(
      argumentError(`The value '${value}' in filter '${expression}' is not an integer.`),
    );
  }
  return Number(value);
}

/** What a start position is resolved against: the retained, committed part of a partition. */
export interface PositionIndex {
  /** Sequence number of the oldest retained event. */
  readonly beginSequenceNumber: number;
  /** Sequence number the next committed event will get. */
  readonly endSequenceNumber: number;
  /** Offset the next event will get (the end of the stream). */
  readonly endOffset: number;
  /** Offset of the newest committed event, quoted in errors (undefined while the partition never had one). */
  readonly lastOffset: number | undefined;
  /** Sequence number of the first retained event with offset ≥ `offset` (or `endSequenceNumber`). */
  firstSequenceAtOrAfterOffset(offset: number): number;
  /** Sequence number of the first retained event enqueued after `epochMs` (or at it when `inclusive`). */
  firstSequenceEnqueuedAfter(epochMs: number, inclusive: boolean): number;
}

/**
 * The sequence number of the first event to deliver. Positions before the retained range start at the
 * oldest event; positions past the end of the stream are refused with the service's wording
 * (`EventPositionError` with `com.microsoft:argument-out-of-range`; the sender of the error adds the
 * tracking suffix, which is why the descriptions end without a full stop).
 */
export function resolveStartSequence(position: StartPosition, index: PositionIndex): number {
  const { beginSequenceNumber: begin, endSequenceNumber: end } = index;
  switch (position.kind) {
    case 'earliest':
      return begin;
    case 'latest':
      return end;
    case 'sequenceNumber': {
      const start = position.inclusive ? position.sequenceNumber : position.sequenceNumber + 1;
      if (start > end) {
        throw new EventPositionError(
          argumentOutOfRange(
            `The supplied sequence number '${position.sequenceNumber}' is invalid. ` +
              `The last sequence number in the system is '${end - 1}'`,
          ),
        );
      }
      return Math.max(start, begin);
    }
    case 'offset': {
      const from = position.inclusive ? position.offset : position.offset + 1;
      if (from > index.endOffset) {
        throw new EventPositionError(
          argumentOutOfRange(
            `The supplied offset '${position.offset}' is invalid. ` +
              `The last offset in the system is '${index.lastOffset ?? -1}'`,
          ),
        );
      }
      return index.firstSequenceAtOrAfterOffset(from);
    }
    case 'enqueuedTime':
      return index.firstSequenceEnqueuedAfter(position.enqueuedTimeMs, position.inclusive);
  }
}
