/**
 * importer's public face: partner order files (CSV, JSON Lines) into `order.placed` events, one file
 * (`oms import`) or a watched drop folder (`oms importer`, `npm start`). See docs/imports.md.
 */
export {
  importOrderFile,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  type RejectedRow,
} from './import-file.ts';
export {
  runImportWatcher,
  type ImportWatcher,
  type ImportWatcherOptions,
  type WatchedFileResult,
} from './import-watcher.ts';
export { createHubSender, type EventSender, type SendOutcome } from './hub-sender.ts';
export { ImportFileError } from './file-orders.ts';
export { CSV_LINE_COLUMNS, CSV_OPTIONAL_COLUMNS, CSV_ORDER_COLUMNS } from './csv-orders.ts';
