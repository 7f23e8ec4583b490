/**
 * The notifier's public face (docs/notifications.md): the outbox dispatcher process for the composition
 * roots, and the webhook signature check that receivers and tests verify deliveries with.
 */
export { runNotifier, notifierSettings, type NotifierOptions, type RunningNotifier } from './run-notifier.ts';
export {
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  type DispatcherSettings,
} from './dispatcher.ts';
export {
  verifyWebhookSignature,
  webhookSignature,
  SIGNATURE_HEADER,
  ID_HEADER,
  type SignatureCheck,
} from './webhook-signature.ts';
export { retryDelayMs } from './backoff.ts';
