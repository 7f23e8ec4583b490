import { LazyDefaultAzureCredential } from './lazy-credential.ts';
import { BlobServiceClient } from '@azure/storage-blob';

/** Blob Storage for checkpoints and the capture archive: connection string (Azurite, keys) or Entra ID. */
export function blobServiceClient(options: {
  connectionString?: string | undefined;
  accountUrl?: string | undefined;
}): BlobServiceClient {
  if (options.connectionString) return BlobServiceClient.fromConnectionString(options.connectionString);
  if (options.accountUrl) return new BlobServiceClient(options.accountUrl, new LazyDefaultAzureCredential());
  throw new Error(
    'Set STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_URL (or run `npm start`, which starts Azurite).',
  );
}
