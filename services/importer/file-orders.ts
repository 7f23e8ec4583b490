/**
 * What a reader makes of a partner file: orders in the shape of the API's request body, each with the
 * line it starts on, or a bad entry (a line that is not even an order) with its line and reason.
 */
export type FileEntry = FileOrder | BadEntry;

export interface FileOrder {
  kind: 'order';
  /** The line the order starts on (1-based, as an editor shows it). */
  line: number;
  /** The partner's order reference; undefined when the file gave none (the order is then rejected). */
  ref: string | undefined;
  /** The order as the API would receive it (placeOrderRequest validates it). */
  body: Record<string, unknown>;
  /** File rows this order took (CSV: one per order line). */
  rows: number;
  /** Where a field of `body` (a path such as `items.1.quantity`) came from: its line and column name. */
  locate(field: string): { line: number; name: string };
}

export interface BadEntry {
  kind: 'bad';
  line: number;
  ref?: string | undefined;
  reason: string;
  rows: number;
}

/** The file as a whole cannot be read as orders (unknown format, CSV header without required columns). */
export class ImportFileError extends Error {
  readonly code = 'IMPORT_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}
