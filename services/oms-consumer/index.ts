/**
 * oms-consumer's public face: the process (for the composition roots) and the batch it applies (for
 * the archive replay, which rebuilds the database through the very same writes).
 */
export { runOmsConsumer, type OmsConsumerOptions, type RunningOmsConsumer } from './run-oms-consumer.ts';
export { applyBatch, type BatchOutcome } from './apply-batch.ts';
export { decodeMessage, type DecodedMessage, type ReceivedMessage } from './received-message.ts';
export { useReturnCommentModel, type ReturnCommentModel, type SentimentResult } from './return-sentiment.ts';
export type { ChatCompletion, ChatMessage } from './sentiment-model.ts';
export { alertRecipients } from './alerts/alert-recipients.ts';
export { DEFAULT_ALERT_SETTINGS, type AlertSettings } from './alerts/alert-monitor.ts';
