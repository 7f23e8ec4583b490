/**
 * oms-consumer's public face: the process (for the composition roots) and the batch it applies (for
 * the archive replay, which rebuilds the database through the very same writes).
 */
export { runOmsConsumer, type OmsConsumerOptions, type RunningOmsConsumer } from './run-oms-consumer.ts';
export { applyBatch, type BatchOutcome } from './apply-batch.ts';
export { decodeMessage, type DecodedMessage, type ReceivedMessage } from './received-message.ts';
