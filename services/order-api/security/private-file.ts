import fs from 'node:fs';
import path from 'node:path';

/** Owner read/write only: the files the OMS writes hold secrets or personal data. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Narrows an existing file to 0600. A file owned by someone else (a mounted volume) cannot be
 * changed; that is left to whoever owns it rather than failing start-up.
 */
export function restrictToOwner(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/**
 * Reads a secret kept in `file`, or creates it with `generate()` (mode 0600, never readable by others
 * even for an instant) when it does not exist yet. Two processes starting together agree on one value:
 * the loser of the exclusive create reads the winner's.
 */
export function readOrCreateSecretFile(file: string, generate: () => string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${generate()}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    restrictToOwner(file);
  }
  const value = fs.readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`${file} is empty; delete it to have a new secret generated`);
  return value;
}
