import { ConfigError, loadConfig } from '../config/load-config';
import { configuredPooling, resolvePooling } from './pooling';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('DATABASE_POOLER', () => {
  it('accepts auto (the default), none, session and transaction', () => {
    expect(loadConfig({}).DATABASE_POOLER).toBe('auto');
    for (const value of ['auto', 'none', 'session', 'transaction']) expect(problemsOf({ DATABASE_POOLER: value })).toEqual([]);
    expect(configuredPooling(loadConfig({ DATABASE_POOLER: 'transaction' }))).toBe('transaction');
    expect(configuredPooling(loadConfig({ DATABASE_POOLER: 'session' }))).toBe('session');
  });

  it('refuses statement pooling, and anything else, naming the variable and why', () => {
    const [problem] = problemsOf({ DATABASE_POOLER: 'statement' });
    expect(problem).toMatch(/^DATABASE_POOLER must be auto, none, session or transaction/);
    expect(problem).toContain('multi-statement transactions');
    expect(problem).toContain("(got 'statement')");
    expect(problemsOf({ DATABASE_POOLER: 'pgbouncer' })).toHaveLength(1);
  });

  it('asks nothing of the embedded PostgreSQL, which has no pooler in front', async () => {
    const config = loadConfig({});
    const log = { info: jest.fn(), warn: jest.fn() };
    await expect(resolvePooling(config, 'postgres://nobody@127.0.0.1:1/none', log)).resolves.toBe('session');
    expect(config.DATABASE_POOLER).toBe('none');
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('keeps an explicit transaction setting even when the server cannot be asked', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATABASE_POOLER: 'transaction' });
    await expect(resolvePooling(config, config.DATABASE_URL!, { info: jest.fn(), warn: jest.fn() })).resolves.toBe('transaction');
  });
});
