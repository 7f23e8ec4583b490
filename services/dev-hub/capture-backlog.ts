import type { DevHub } from './dev-hub.ts';

/** How far Capture is behind on one partition (the shape the consumer's alert monitor reads). */
export interface CaptureBacklog {
  partitionId: string;
  /** When the oldest event not yet archived was enqueued; undefined when everything is archived. */
  oldestUncapturedEnqueuedMs: number | undefined;
}

/**
 * Capture progress of one hub of a running dev hub, for operator alerts ("Capture falling behind",
 * docs/alerts.md): a composition root that runs the dev hub passes `() => captureBacklogOf(hub, name)`
 * to the consumer. Empty when Capture is off for that hub.
 */
export function captureBacklogOf(hub: DevHub, eventHubName: string): CaptureBacklog[] {
  return hub
    .stats()
    .filter((s) => s.eventHub.toLowerCase() === eventHubName.toLowerCase() && s.nextToCapture !== undefined)
    .map((s) => ({ partitionId: s.partitionId, oldestUncapturedEnqueuedMs: s.oldestUncapturedEnqueuedMs }));
}
