import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GuardRefusal, type GuardRefusalCode } from '../../agent/guard/guard-refusal.ts';
import { guardSql, type GuardOptions } from '../../agent/guard/sql-guard.ts';
import { maskEmails } from '../../agent/query/pii-mask.ts';

const mysql: GuardOptions = { dialect: 'mysql', maxRows: 100, allowPii: true };
const sqlite: GuardOptions = { dialect: 'sqlite', maxRows: 100, allowPii: true };

function refusal(sql: string, options: GuardOptions = mysql): GuardRefusalCode | 'ALLOWED' {
  try {
    guardSql(sql, options);
    return 'ALLOWED';
  } catch (err) {
    if (err instanceof GuardRefusal) return err.code;
    throw err;
  }
}

describe('SQL guard: what may run', () => {
  it.each([
    "SELECT COUNT(*) FROM orders WHERE placed_at >= '2026-10-01' AND placed_at < '2026-11-01'",
    'WITH t AS (SELECT order_id, SUM(quantity) AS u FROM order_items GROUP BY order_id) SELECT AVG(u) FROM t',
    'SELECT AVG(u) FROM (SELECT SUM(quantity) AS u FROM order_items GROUP BY order_id) t',
    "SELECT SUM(status = 'cancelled') / COUNT(*) FROM orders",
    'SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.email ORDER BY SUM(o.total) DESC LIMIT 3',
    "SELECT id FROM orders WHERE id IN (SELECT order_id FROM payments WHERE method = 'paypal')",
    'SELECT id FROM orders UNION SELECT order_id FROM returns',
    "SELECT DATE_FORMAT(placed_at, '%Y-%m') AS m, COUNT(*) FROM orders GROUP BY m",
    'SELECT 1',
  ])('allows %s', (sql) => {
    expect(refusal(sql)).toBe('ALLOWED');
  });

  it('allows every gold query of the shared question set', () => {
    const file = new URL('../../../shared/agent-eval/questions.jsonl', import.meta.url);
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      const { sql } = JSON.parse(line) as { sql: string };
      expect(refusal(sql.replace('{latest_order_id}', 'ORD-0000000000')), sql).toBe('ALLOWED');
    }
  });

  it('regenerates the statement from the checked tree and adds a row limit', () => {
    const out = guardSql('select id from orders -- a comment\n where total > 10', mysql);
    expect(out.sql).toBe('SELECT `id` FROM `orders` WHERE `total` > 10 LIMIT 101');
    expect(out.tables).toEqual(['orders']);
    expect(out.fetchLimit).toBe(101);
  });

  it('keeps a smaller LIMIT, lowers a larger one, and keeps OFFSET', () => {
    expect(guardSql('SELECT id FROM orders LIMIT 5', mysql).sql).toMatch(/LIMIT 5$/);
    expect(guardSql('SELECT id FROM orders LIMIT 50000', mysql).sql).toMatch(/LIMIT 101$/);
    expect(guardSql('SELECT id FROM orders LIMIT 10 OFFSET 20', mysql).sql).toMatch(/LIMIT 10 OFFSET 20$/);
    expect(guardSql('SELECT id FROM orders UNION SELECT order_id FROM returns', mysql).sql).toMatch(
      /LIMIT 101$/,
    );
  });

  it('speaks SQLite too', () => {
    const out = guardSql("select count(*) from `orders` where `status` = 'on_hold'", sqlite);
    expect(out.sql).toBe('SELECT COUNT(*) FROM "orders" WHERE "status" = \'on_hold\' LIMIT 101');
  });
});

describe('SQL guard: what is refused', () => {
  it.each<[string, GuardRefusalCode]>([
    ['', 'EMPTY'],
    ['DROP TABLE orders', 'NOT_SELECT'],
    ["DELETE FROM customers WHERE email LIKE '%'", 'NOT_SELECT'],
    ["UPDATE orders SET status = 'cancelled'", 'NOT_SELECT'],
    ["INSERT INTO orders (id) VALUES ('x')", 'NOT_SELECT'],
    ['TRUNCATE TABLE payments', 'NOT_SELECT'],
    ["GRANT ALL PRIVILEGES ON *.* TO 'x'@'%'", 'NOT_SELECT'],
    ["CREATE USER evil IDENTIFIED BY 'x'", 'NOT_SELECT'],
    ['SET GLOBAL max_connections = 1', 'NOT_SELECT'],
    ['SELECT * FROM orders; DROP TABLE orders', 'MULTIPLE_STATEMENTS'],
    ['SELECT 1; SELECT 2', 'MULTIPLE_STATEMENTS'],
    ['SELECT * FROM information_schema.tables', 'SYSTEM_SCHEMA'],
    ['SELECT id FROM orders UNION SELECT table_name FROM information_schema.tables', 'SYSTEM_SCHEMA'],
    ['SELECT user, authentication_string FROM mysql.user', 'SYSTEM_SCHEMA'],
    ['SELECT * FROM performance_schema.threads', 'SYSTEM_SCHEMA'],
    ['SELECT * FROM sys.session', 'SYSTEM_SCHEMA'],
    ['SELECT * FROM other_db.orders', 'TABLE_NOT_ALLOWED'],
    ['SELECT * FROM knex_migrations', 'TABLE_NOT_ALLOWED'],
    ["SELECT * FROM orders INTO OUTFILE '/tmp/orders.csv'", 'FILE_ACCESS'],
    ["SELECT * FROM orders INTO DUMPFILE '/tmp/x'", 'FILE_ACCESS'],
    ["SELECT LOAD_FILE('/etc/passwd')", 'FILE_ACCESS'],
    ['SELECT SLEEP(10)', 'FORBIDDEN_FUNCTION'],
    ['SELECT id FROM orders WHERE SLEEP(1) = 0', 'FORBIDDEN_FUNCTION'],
    ["SELECT BENCHMARK(100000000, SHA1('x'))", 'FORBIDDEN_FUNCTION'],
    ["SELECT GET_LOCK('x', 10)", 'FORBIDDEN_FUNCTION'],
    ['SELECT version()', 'FORBIDDEN_FUNCTION'],
    ['SELECT * FROM orders FOR UPDATE', 'LOCKING_CLAUSE'],
    ['SELECT * FROM orders LOCK IN SHARE MODE', 'LOCKING_CLAUSE'],
    ['SELECT * FROM (SELECT * FROM orders FOR UPDATE) t', 'LOCKING_CLAUSE'],
    ['SELECT @@version', 'VARIABLE'],
    ['SELECT @x := 1 FROM orders', 'VARIABLE'],
    ['SELECT /*!50000 SLEEP(5) */ 1', 'EXECUTABLE_COMMENT'],
    ['SELECT /*+ MAX_EXECUTION_TIME(1) */ id FROM orders', 'EXECUTABLE_COMMENT'],
    [
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c',
      'RECURSIVE_CTE',
    ],
    ['SELEC id FROM orders', 'NOT_SELECT'],
    ['SELECT id FROM orders WHERE', 'UNPARSEABLE'],
  ])('refuses %s (%s)', (sql, code) => {
    expect(refusal(sql)).toBe(code);
  });

  it.each<[string, GuardRefusalCode]>([
    ['SELECT * FROM sqlite_master', 'SYSTEM_SCHEMA'],
    ['SELECT name FROM sqlite_schema', 'SYSTEM_SCHEMA'],
    ["SELECT * FROM pragma_table_info('orders')", 'TABLE_FUNCTION'],
    ["SELECT load_extension('evil')", 'FILE_ACCESS'],
    ['SELECT randomblob(1000000000)', 'FORBIDDEN_FUNCTION'],
    ["ATTACH DATABASE '/tmp/x.db' AS x", 'NOT_SELECT'],
    ['PRAGMA writable_schema = 1', 'NOT_SELECT'],
  ])('refuses on SQLite %s (%s)', (sql, code) => {
    expect(refusal(sql, sqlite)).toBe(code);
  });

  it('is not fooled by keywords inside string literals', () => {
    expect(refusal("SELECT COUNT(*) FROM returns WHERE comment LIKE '%drop table%; delete%'")).toBe(
      'ALLOWED',
    );
  });

  it('refuses very long statements', () => {
    expect(refusal(`SELECT id FROM orders WHERE id IN (${"'x',".repeat(6000)}'y')`)).toBe('TOO_LONG');
  });
});

describe('SQL guard: personal data', () => {
  const noPii: GuardOptions = { dialect: 'mysql', maxRows: 100, allowPii: false };

  it('lets emails be selected as they are (to be masked), counted and filtered on', () => {
    expect(refusal('SELECT email, full_name FROM customers', noPii)).toBe('ALLOWED');
    expect(refusal('SELECT COUNT(DISTINCT email) FROM customers', noPii)).toBe('ALLOWED');
    expect(refusal("SELECT COUNT(*) FROM customers WHERE email LIKE '%@example.com'", noPii)).toBe('ALLOWED');
    expect(refusal('SELECT * FROM customers', noPii)).toBe('ALLOWED');
  });

  it.each([
    'SELECT REVERSE(email) FROM customers',
    "SELECT CONCAT(email, '') FROM customers",
    "SELECT REPLACE(email, '@', ' at ') FROM customers",
    'SELECT SUBSTRING(email, 1, 5) FROM customers',
    'SELECT e FROM (SELECT email AS e FROM customers) t',
    'WITH t AS (SELECT email FROM customers) SELECT * FROM t',
    'SELECT GROUP_CONCAT(recipient) FROM notifications',
    "SELECT JSON_EXTRACT(payload, '$.customer.email') FROM order_events",
    'SELECT id FROM orders UNION SELECT HEX(email) FROM customers',
  ])('refuses transformations that would slip past masking: %s', (sql) => {
    expect(refusal(sql, noPii)).toBe('PII');
    expect(refusal(sql, mysql)).toBe('ALLOWED');
  });

  it('masks email addresses wherever they appear in a value', () => {
    expect(maskEmails('jane.doe@example.com')).toBe('j***@***.com');
    expect(maskEmails('{"customer":{"email":"x.y+z@mail.example.org"}}')).toBe(
      '{"customer":{"email":"x***@***.org"}}',
    );
    expect(maskEmails('no address here')).toBe('no address here');
  });
});
