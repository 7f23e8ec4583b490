import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile } from './private-file.ts';

/**
 * `npm start` with no operator credential configured: an operator token generated once and kept in
 * `$OMS_DATA_DIR/operator-token` (0600), so `curl -H "Authorization: Bearer $(cat data/operator-token)"`
 * works across restarts while nobody else on the machine can read it.
 */
export function localOperatorToken(dataDir: string): { token: string; file: string } {
  const file = path.join(dataDir, 'operator-token');
  return { token: readOrCreateSecretFile(file, () => randomBytes(32).toString('base64url')), file };
}
