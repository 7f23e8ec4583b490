/** What can go wrong with the pipeline itself, each with its own incident per key (docs/alerts.md). */
export const ALERT_KINDS = [
  'dead_letters',
  'database_unreachable',
  'partition_lag',
  'capture_behind',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Figures an alert carries: counts, thresholds, partition ids, reason texts — never an event payload. */
export type AlertDetails = Record<string, string | number | null>;

/**
 * One evaluation of one signal for one key (`partition 2`, `database`, `all`). A key that could not be
 * evaluated this round (the hub did not answer) is simply not observed, so its incident stays as it is.
 */
export interface Observation {
  kind: AlertKind;
  key: string;
  firing: boolean;
  details: AlertDetails;
}

/** An incident opening or closing: what the outbox (or a direct sender) tells operators. */
export interface AlertTransition {
  kind: AlertKind;
  key: string;
  state: 'opened' | 'resolved';
  /** When the condition began (opened) or ended (resolved). */
  at: Date;
  details: AlertDetails;
}

/** `alert.<kind>` and `alert.<kind>.resolved`: the notifications templates (docs/notifications.md). */
export function alertTemplate(kind: AlertKind, state: AlertTransition['state']): string {
  return state === 'opened' ? `alert.${kind}` : `alert.${kind}.resolved`;
}

/** The inverse of {@link alertTemplate}; undefined for any other template. */
export function parseAlertTemplate(
  template: string,
): { kind: AlertKind; state: AlertTransition['state'] } | undefined {
  const m = /^alert\.([a-z_]+)(\.resolved)?$/.exec(template);
  if (!m || !(ALERT_KINDS as readonly string[]).includes(m[1]!)) return undefined;
  return { kind: m[1] as AlertKind, state: m[2] ? 'resolved' : 'opened' };
}

/** A one-line, human summary for logs and the direct sender; no personal data goes in. */
export function describeAlert(t: AlertTransition): string {
  const d = t.details;
  const ended = t.state === 'resolved' ? 'RESOLVED: ' : '';
  switch (t.kind) {
    case 'dead_letters':
      return t.state === 'opened'
        ? `${d.count} new dead letter(s); newest reasons: ${String(d.reasons ?? '')}`
        : `${ended}no new dead letters for ${d.quietSeconds} s (${d.total} during the incident)`;
    case 'database_unreachable':
      return t.state === 'opened'
        ? `the consumer cannot reach the database for ${d.downSeconds} s (threshold ${d.thresholdSeconds} s): ${String(d.error ?? '')}`
        : `${ended}the database is reachable again after ${d.downSeconds} s`;
    case 'partition_lag':
      return `${ended}partition ${t.key}: ${d.lag} events not processed (threshold ${d.thresholdEvents})`;
    case 'capture_behind':
      return `${ended}Capture of partition ${t.key}: oldest event not archived is ${d.behindSeconds} s old (threshold ${d.thresholdSeconds} s)`;
  }
}
