/** The capture archive's public face: list and read it, verify it against the database, replay it. */
export {
  listArchiveFiles,
  readArchive,
  readArchiveFile,
  type ArchiveFile,
  type ArchiveFilter,
  type ArchivedEvent,
} from './capture-archive.ts';
export { replayArchive, type ReplayReport } from './replay-archive.ts';
export { verifyArchive, type VerifyReport } from './verify-archive.ts';
