/**
 * The dev hub: an Event Hubs–compatible AMQP 1.0 server for local runs and tests, with Capture to Blob
 * Storage. The real `@azure/event-hubs` SDK talks to it unchanged through `DevHub.connectionString()`.
 * See README.md in this folder and docs/adr/0001-dev-hub-instead-of-emulator.md.
 */
export { startDevHub, type DevHub, type PartitionStats } from './dev-hub.ts';
export { captureBacklogOf, type CaptureBacklog } from './capture-backlog.ts';
export type { DevHubOptions, ResolvedDevHubOptions, HubOptions, CaptureOptions } from './options.ts';
export { DEFAULT_CONSUMER_GROUP, DEFAULT_SAS_KEY, DEFAULT_SAS_KEY_NAME } from './options.ts';
export { DevHubError, type DevHubErrorCode } from './errors.ts';
export type { CapturedBlob } from './capture.ts';
export type { FsyncPolicy } from './persistence.ts';
export {
  CAPTURE_AVRO_SCHEMA,
  captureAvroType,
  decodeCaptureFile,
  encodeCaptureFile,
  formatCaptureEnqueuedTime,
  parseCaptureEnqueuedTime,
  type CaptureEventData,
  type CapturePropertyValue,
} from '../shared/capture/capture-avro-schema.ts';
export {
  captureBlobName,
  parseCaptureBlobName,
  type CaptureBlobId,
} from '../shared/capture/capture-blob-name.ts';
export { partitionIndexForKey, hashPartitionKey } from './partition-key.ts';
export { buildConnectionString } from './connection-string.ts';
export { createSasToken } from './sas-token.ts';
