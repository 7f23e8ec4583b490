import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh SQLite database URL in its own temp directory; cleanup removes the directory. */
export function freshSqliteDatabase(): { url: string; dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-sqlite-'));
  return {
    url: `sqlite:${path.join(dir, 'oms.sqlite')}`,
    dir,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
