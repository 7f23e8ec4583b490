import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../services/shared/logger.ts';
import { maskPersonalText } from '../../services/shared/privacy/mask-text.ts';

/**
 * The agent's audit trail (ADR 0007): one JSON line per question with every statement tried, what the
 * guard and the database said, and the outcome. Written to `<OMS_DATA_DIR>/agent-audit.jsonl` (append-only,
 * one `write` per record so concurrent requests never interleave lines) and mirrored to the pino log so it
 * reaches whatever collects the process logs.
 */

export type QuestionOutcome = 'answered' | 'refused' | 'unanswered' | 'error';
/** `refused`: by the guard, the engine check or a cap (time, cell size, result size); `code` says which. */
export type QueryOutcome = 'ok' | 'refused' | 'failed';

export interface AuditedQuery {
  tool: string;
  /** The SQL as the model wrote it. */
  sql: string;
  /** What ran after the guard (absent when refused). */
  executedSql?: string;
  outcome: QueryOutcome;
  /** Guard refusal or error code. */
  code?: string;
  message?: string;
  rowCount?: number;
  elapsedMs?: number;
}

export interface AuditRecord {
  at: string;
  id: string;
  provider: string;
  /** Where the question came from: cli, chat, http, eval, test. */
  source: string;
  question: string;
  outcome: QuestionOutcome;
  queries: AuditedQuery[];
  /** The start of the answer, for context; results themselves are not logged. */
  answer?: string;
  error?: string;
  elapsedMs: number;
}

export interface AuditLog {
  record(entry: AuditRecord): Promise<void>;
}

export const AUDIT_FILE_NAME = 'agent-audit.jsonl';

/**
 * The file is created owner-only (0600): questions and SQL can name what an analyst was looking for.
 * Every text in a record passes the personal-data mask before it is written or logged, whatever the
 * question or the database said.
 */
export class JsonlAuditLog implements AuditLog {
  constructor(
    readonly file: string,
    private readonly logger?: Logger,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
  }

  async record(entry: AuditRecord): Promise<void> {
    const masked = maskRecord(entry);
    this.logger?.info({ audit: masked }, `agent ${masked.outcome}: ${masked.question.slice(0, 120)}`);
    await fs.promises.appendFile(this.file, `${JSON.stringify(masked)}\n`, { flag: 'a', mode: 0o600 });
  }
}

/** The record with every string masked (emails, phone numbers), in linear time. */
export function maskRecord(entry: AuditRecord): AuditRecord {
  return JSON.parse(JSON.stringify(entry), (_key, value: unknown) =>
    typeof value === 'string' ? maskPersonalText(value) : value,
  ) as AuditRecord;
}

/** Keeps records in memory (tests, and callers that forward them elsewhere). */
export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];
  async record(entry: AuditRecord): Promise<void> {
    this.records.push(maskRecord(entry));
  }
}

/** Reads an audit file back (tests, `oms` tooling). */
export function readAuditFile(file: string): AuditRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}
