import type { AlertKind, AlertTransition, Observation } from './alert-kinds.ts';

/**
 * The incident state machine, one per alert kind + key: closed → (firing) → open → (not firing) →
 * closed. An alert goes out on the edge into `open` and a resolved message on the edge out, never while
 * the state holds, so a condition that lasts an hour is one alert, not 240. Pure: the monitor restores
 * it from the outbox at start (so a restart does not re-fire) and feeds it observations.
 */
export class IncidentTracker {
  private readonly open = new Map<string, { kind: AlertKind; key: string }>();

  private static id(kind: AlertKind, key: string): string {
    return `${kind}/${key}`;
  }

  isOpen(kind: AlertKind, key: string): boolean {
    return this.open.has(IncidentTracker.id(kind, key));
  }

  /** The keys of `kind` with an open incident (to observe them even when a source stops listing them). */
  openKeys(kind: AlertKind): string[] {
    return [...this.open.values()].filter((i) => i.kind === kind).map((i) => i.key);
  }

  /** Replays an opened/resolved record (from the outbox at start-up) without emitting anything. */
  restore(kind: AlertKind, key: string, state: AlertTransition['state']): void {
    if (state === 'opened') this.open.set(IncidentTracker.id(kind, key), { kind, key });
    else this.open.delete(IncidentTracker.id(kind, key));
  }

  /** Applies one round of observations; returns the incidents that opened or resolved. */
  observe(observations: readonly Observation[], now: Date): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    for (const o of observations) {
      const id = IncidentTracker.id(o.kind, o.key);
      if (o.firing && !this.open.has(id)) {
        this.open.set(id, { kind: o.kind, key: o.key });
        transitions.push({ kind: o.kind, key: o.key, state: 'opened', at: now, details: o.details });
      } else if (!o.firing && this.open.has(id)) {
        this.open.delete(id);
        transitions.push({ kind: o.kind, key: o.key, state: 'resolved', at: now, details: o.details });
      }
    }
    return transitions;
  }
}
