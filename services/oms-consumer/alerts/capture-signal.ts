import type { Observation } from './alert-kinds.ts';

/**
 * Capture progress of one partition, as the hub reports it: when the oldest event Capture has not yet
 * archived was enqueued (undefined when everything is archived).
 */
export interface CaptureBacklog {
  partitionId: string;
  oldestUncapturedEnqueuedMs: number | undefined;
}

/**
 * Where Capture progress comes from. The dev hub knows it (`captureBacklogOf(devHub)` in the dev hub's
 * public index); the composition root that runs a dev hub injects it. Azure Event Hubs does not expose
 * Capture progress through the SDK, so there is no source in production (docs/alerts.md).
 */
export type CaptureBacklogSource = () => Promise<CaptureBacklog[]> | CaptureBacklog[];

/** "Capture falling behind": the oldest unarchived event is older than the threshold. */
export async function observeCapture(
  source: CaptureBacklogSource,
  thresholdMs: number,
  nowMs: number,
): Promise<Observation[]> {
  let backlog: CaptureBacklog[];
  try {
    backlog = await source();
  } catch {
    return [];
  }
  return backlog.map((b) => {
    const behindMs = b.oldestUncapturedEnqueuedMs === undefined ? 0 : nowMs - b.oldestUncapturedEnqueuedMs;
    return {
      kind: 'capture_behind' as const,
      key: b.partitionId,
      firing: behindMs > thresholdMs,
      details: {
        partition: b.partitionId,
        behindSeconds: Math.max(0, Math.round(behindMs / 1000)),
        thresholdSeconds: Math.round(thresholdMs / 1000),
      },
    };
  });
}
