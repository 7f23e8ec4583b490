import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../services/shared/config.ts';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({ OMS_DATA_DIR: '/tmp/oms-data' });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('sqlite:/tmp/oms-data/oms.sqlite');
    expect(c.eventHub).toMatchObject({ name: 'orders', consumerGroup: 'oms' });
    expect(c.storage).toMatchObject({
      checkpointContainer: 'oms-checkpoints',
      archiveContainer: 'order-archive',
    });
    expect(c.agent).toEqual({ provider: 'offline', allowPii: false });
  });

  it('names every bad variable', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'postgres://x/y',
        AGENT_PROVIDER: 'gpt',
        AGENT_ALLOW_PII: 'maybe',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.variable).sort();
      expect(names).toEqual(['AGENT_ALLOW_PII', 'AGENT_PROVIDER', 'DATABASE_URL', 'PORT']);
      expect((err as Error).message).toMatch(/PORT:/);
    }
  });

  it('treats empty values as unset and parses booleans', () => {
    const c = loadConfig({ PORT: '', AGENT_ALLOW_PII: 'true', DATABASE_URL: 'mysql://u:p@db:3306/oms' });
    expect(c.port).toBe(8080);
    expect(c.agent.allowPii).toBe(true);
    expect(c.databaseUrl).toBe('mysql://u:p@db:3306/oms');
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('mysql://oms:s3cret@db:3306/oms')).toBe('mysql://oms:***@db:3306/oms');
    expect(redactUrl('sqlite:./data/oms.sqlite')).toBe('sqlite:./data/oms.sqlite');
  });
});
