import type { Db } from '../db/connection.ts';
import { dialect } from '../db/connection.ts';

/** Time grains a KPI can be grouped by; buckets are labelled `YYYY-MM-DD` (week = its Monday) or `YYYY-MM`. */
export type TimeGrain = 'day' | 'week' | 'month';

/**
 * The SQL for a time bucket of a timestamp column. Timestamps are UTC text on SQLite and DATETIME(3) on
 * MySQL (services/shared/db/time.ts): SQLite cuts day and month from the text, MySQL formats the
 * DATETIME, and each finds the week's Monday with its own date arithmetic. Labels match across engines.
 */
export function timeBucketSql(db: Db, column: string, grain: TimeGrain): string {
  const mysql = dialect(db) === 'mysql';
  switch (grain) {
    case 'day':
      return mysql ? `DATE_FORMAT(${column}, '%Y-%m-%d')` : `substr(${column}, 1, 10)`;
    case 'month':
      return mysql ? `DATE_FORMAT(${column}, '%Y-%m')` : `substr(${column}, 1, 7)`;
    case 'week':
      // SQLite: 'weekday 0' moves forward to the next Sunday (or stays on one); six days back is Monday.
      return mysql
        ? `DATE_FORMAT(DATE_SUB(DATE(${column}), INTERVAL WEEKDAY(${column}) DAY), '%Y-%m-%d')`
        : `date(substr(${column}, 1, 10), 'weekday 0', '-6 days')`;
  }
}

/** Days (fractional) from `start` to `end`, both timestamp columns, on either engine. */
export function dayDifferenceSql(db: Db, start: string, end: string): string {
  return dialect(db) === 'mysql'
    ? `TIMESTAMPDIFF(MICROSECOND, ${start}, ${end}) / 86400000000`
    : `(julianday(${end}) - julianday(${start}))`;
}

/**
 * The label `lat,lon` of the 1°×1° grid cell (south-west corner) a GPS position falls in. FLOOR, not a
 * cast, so -0.5 lands in cell -1 on both engines; the cast then drops SQLite's `.0`.
 */
export function gridCellSql(db: Db, latitude: string, longitude: string): string {
  const cell = (column: string) =>
    dialect(db) === 'mysql' ? `CAST(FLOOR(${column}) AS SIGNED)` : `CAST(floor(${column}) AS INTEGER)`;
  return dialect(db) === 'mysql'
    ? `CONCAT(${cell(latitude)}, ',', ${cell(longitude)})`
    : `(${cell(latitude)} || ',' || ${cell(longitude)})`;
}
