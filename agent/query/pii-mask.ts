/**
 * The free-text masker lives in services/shared/privacy (order-api's ops views mask dead letters and
 * audit payloads with it too, and a service may not import agent/); re-exported for the agent's callers.
 */
export {
  maskEmails,
  maskPersonalText,
  maskPhones,
  maskRows,
  maskValue,
} from '../../services/shared/privacy/mask-text.ts';
