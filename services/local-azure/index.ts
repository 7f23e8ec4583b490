/** Azurite for local runs: the Blob Storage the dev hub's Capture and the consumer's checkpoints use. */
export * from './azurite.ts';
