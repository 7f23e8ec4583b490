import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GuardRefusal, type GuardRefusalCode } from '../../agent/guard/guard-refusal.ts';
import { guardSql, type GuardOptions } from '../../agent/guard/sql-guard.ts';
import { maskEmails, maskPersonalText } from '../../services/shared/privacy/mask-text.ts';

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
    ['SELECT * FROM knex_migrations', 'SYSTEM_SCHEMA'],
    ['SELECT * FROM schema_versions', 'TABLE_NOT_ALLOWED'],
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
  const noPiiSqlite: GuardOptions = { dialect: 'sqlite', maxRows: 100, allowPii: false };

  it.each([noPii, noPiiSqlite])(
    'lets personal columns be listed, grouped, sorted and counted ($dialect)',
    (o) => {
      for (const sql of [
        'SELECT email, full_name FROM customers',
        'SELECT COUNT(DISTINCT email) FROM customers',
        'SELECT * FROM customers',
        'SELECT c.email, SUM(o.total) AS t FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.email ORDER BY t DESC, c.email',
        "SELECT recipient FROM notifications WHERE channel = 'sms'",
      ]) {
        expect(refusal(sql, o), sql).toBe('ALLOWED');
      }
    },
  );

  it('reads personal columns only through masked stand-ins, so nothing can unmask them', () => {
    const { sql } = guardSql(
      'SELECT c.email, c.full_name, o.ship_line1 FROM customers c JOIN orders o ON o.customer_id = c.id',
      noPii,
    );
    expect(sql).toContain("CONCAT('customer-', `id`, ' (email hidden)') AS `email`");
    expect(sql).toContain("CONCAT('Customer ', `id`) AS `full_name`");
    expect(sql).toContain("'(street hidden)' AS `ship_line1`");
    // The real columns are never named: only the stand-ins' pseudonyms and the outer references remain.
    expect(sql.match(/`email`/g)).toEqual(['`email`', '`email`']);
    expect(sql).toMatch(
      /^SELECT `c`\.`email`, `c`\.`full_name`, `o`\.`ship_line1` FROM \(SELECT `id`, CONCAT/,
    );
    const lite = guardSql(
      'SELECT recipient, payload FROM notifications n JOIN order_events e ON e.order_id = n.order_id',
      noPiiSqlite,
    ).sql;
    expect(lite).toContain(`('recipient of notification ' || "id") AS "recipient"`);
    expect(lite).toContain(`'{"hidden":"personal data"}' AS "payload"`);
    // With PII rights the tables are read as they are.
    expect(guardSql('SELECT email FROM customers', mysql).sql).toBe(
      'SELECT `email` FROM `customers` LIMIT 101',
    );
  });

  it.each([
    "SELECT CONCAT(email, '') FROM customers",
    'SELECT UPPER(email) FROM customers',
    'SELECT SUBSTRING(email, 1, 5) FROM customers',
    "SELECT id FROM customers WHERE email LIKE 'a%'",
    'SELECT e FROM (SELECT email AS e FROM customers) t',
    'WITH t AS (SELECT email FROM customers) SELECT * FROM t',
    'WITH t(a, b, c, d, e, f) AS (SELECT * FROM customers) SELECT b FROM t',
    'SELECT id FROM orders UNION ALL SELECT * FROM customers',
    'SELECT id, full_name FROM customers UNION SELECT id, ship_line1 FROM orders',
    "SELECT id FROM notifications WHERE recipient LIKE '+49%'",
    'SELECT LOWER(recipient) FROM notifications',
    'SELECT COUNT(*) FROM customers c JOIN orders o ON o.customer_id = c.id AND c.full_name > o.id',
  ])('refuses what would transform, filter or pass on personal data: %s', (sql) => {
    expect(refusal(sql, noPii)).toBe('PII');
    expect(refusal(sql, noPiiSqlite)).toBe('PII');
  });

  it('reads a double-quoted name as SQLite does: a column, not a string', () => {
    expect(refusal('SELECT upper("email") FROM customers', noPiiSqlite)).toBe('PII');
    // In MySQL "email" is the string 'email': harmless, and what MySQL itself would read.
    expect(guardSql('SELECT upper("email") FROM customers', noPii).sql).toMatch(
      /^SELECT upper\("email"\) FROM/,
    );
  });

  it('masks email addresses and phone numbers wherever they appear in text, in linear time', () => {
    expect(maskEmails('jane.doe@example.com')).toBe('j***@***.com');
    expect(maskEmails('{"customer":{"email":"x.y+z@mail.example.org"}}')).toBe(
      '{"customer":{"email":"x***@***.org"}}',
    );
    expect(maskEmails('no address here')).toBe('no address here');
    expect(maskPersonalText('call +49 30 1234 5678 today')).toBe('call +49*** *** today');
    expect(maskPersonalText('order total 1234.56 on 2026-11-20')).toBe('order total 1234.56 on 2026-11-20');
    const t0 = performance.now();
    maskPersonalText('x'.repeat(5_000_000));
    maskPersonalText('a@'.repeat(1_000_000));
    // Seconds, not the hours a quadratic pattern takes on these inputs.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('SQL guard: parser differentials and runaway statements', () => {
  const both = [mysql, sqlite];
  it.each<[string, GuardRefusalCode, GuardRefusalCode]>([
    ["SELECT 'a\\' UNION SELECT sql FROM sqlite_master --'", 'STRING_ESCAPE', 'STRING_ESCAPE'],
    ["SELECT 'a\\' UNION SELECT email FROM customers --'", 'STRING_ESCAPE', 'STRING_ESCAPE'],
    // SQLite reads "…" as a name, and a backslash is no identifier character.
    ['SELECT "a\\" UNION SELECT name FROM knex_migrations --"', 'STRING_ESCAPE', 'BAD_IDENTIFIER'],
    // The SQLite parser reads ", products" as part of the ON condition; SQLite reads another table.
    [
      'SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id, products',
      'CROSS_JOIN',
      'UNPARSEABLE',
    ],
    [
      'SELECT * FROM knex_migrations WHERE 1 IN (WITH knex_migrations AS (SELECT 1 AS x) SELECT x FROM knex_migrations)',
      'SYSTEM_SCHEMA',
      'SYSTEM_SCHEMA',
    ],
    [
      'SELECT id FROM orders WHERE 1 IN (WITH customers AS (SELECT 1 AS x) SELECT x FROM customers)',
      'CTE_SHADOWS_TABLE',
      'CTE_SHADOWS_TABLE',
    ],
    ['WITH orders AS (SELECT 1 AS x) SELECT * FROM orders', 'CTE_SHADOWS_TABLE', 'CTE_SHADOWS_TABLE'],
    [
      'SELECT * FROM t WHERE 1 IN (WITH t AS (SELECT 1 AS x) SELECT x FROM t)',
      'TABLE_NOT_ALLOWED',
      'TABLE_NOT_ALLOWED',
    ],
    [
      'WITH t AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM t) SELECT COUNT(*) FROM t',
      'SELF_REFERENCING_CTE',
      'SELF_REFERENCING_CTE',
    ],
    ["SELECT printf('%.*c', 20000000, 'x') FROM orders LIMIT 1", 'FORBIDDEN_FUNCTION', 'FORBIDDEN_FUNCTION'],
    ["SELECT REPEAT('x', 1000000000) FROM orders", 'ARGUMENT_TOO_LARGE', 'ARGUMENT_TOO_LARGE'],
    ["SELECT LPAD('x', 1000000000, 'y') FROM orders", 'ARGUMENT_TOO_LARGE', 'ARGUMENT_TOO_LARGE'],
    ["SELECT RPAD(id, 100000, 'y') FROM orders", 'ARGUMENT_TOO_LARGE', 'ARGUMENT_TOO_LARGE'],
    ['SELECT GROUP_CONCAT(comment) FROM returns', 'FORBIDDEN_FUNCTION', 'FORBIDDEN_FUNCTION'],
    ["SELECT json_extract('{}', status) FROM orders", 'FORBIDDEN_FUNCTION', 'FORBIDDEN_FUNCTION'],
    ['SELECT COUNT(*) FROM orders a, orders b, orders c, orders d', 'CROSS_JOIN', 'CROSS_JOIN'],
    ['SELECT COUNT(*) FROM orders a CROSS JOIN orders b', 'CROSS_JOIN', 'UNPARSEABLE'],
    ['SELECT COUNT(*) FROM orders a JOIN orders b', 'CROSS_JOIN', 'CROSS_JOIN'],
    ['SELECT 1 AS "a b"', 'PARSER_DIFFERENTIAL', 'BAD_IDENTIFIER'],
  ])('refuses %s (MySQL %s, SQLite %s)', (sql, onMysql, onSqlite) => {
    expect(refusal(sql, mysql), 'mysql').toBe(onMysql);
    expect(refusal(sql, sqlite), 'sqlite').toBe(onSqlite);
  });

  it('never lets a comment or an ambiguous literal into the statement that runs', () => {
    for (const o of both) {
      const out = guardSql(
        "SELECT 'it''s', id FROM orders -- note\n WHERE status = 'on_hold' /* x */",
        o,
      ).sql;
      expect(out).not.toMatch(/--|\/\*|#/);
      expect(out).toContain("'it''s'");
    }
  });
});
