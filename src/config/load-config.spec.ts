import { ConfigError, loadConfig } from './load-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('gives working defaults for a laptop', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.MIGRATIONS_RUN).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('converts numbers and booleans from their env spelling', () => {
    const config = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false', LOGIN_RATE_LIMIT: '0', PUBLIC_URL: 'https://plenary.example.org/' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.LOGIN_RATE_LIMIT).toBe(0);
    expect(config.publicUrl).toBe('https://plenary.example.org');
  });

  it('seeds the demo by default only in development, unless DEMO_SEED says otherwise', () => {
    expect(loadConfig({}).demoSeed).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).demoSeed).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', DEMO_SEED: 'true' }).demoSeed).toBe(true);
    expect(loadConfig({ DEMO_SEED: 'false' }).demoSeed).toBe(false);
  });

  it('names each bad variable with the value it got', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MIGRATIONS_RUN: 'perhaps' });
    expect(problems).toHaveLength(3);
    expect(problems.find((problem) => problem.startsWith('PORT '))).toContain("'eighty'");
    expect(problems.find((problem) => problem.startsWith('DATABASE_URL '))).toContain('postgres://');
    expect(problems.find((problem) => problem.startsWith('MIGRATIONS_RUN '))).toBeDefined();
  });

  it('requires JWT_SECRET in production, and never echoes secrets', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^JWT_SECRET .*is required when NODE_ENV=production/)]);
    const short = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short-secret' });
    expect(short[0]).toContain('at least 32');
    expect(short[0]).not.toContain('short-secret');
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
  });

  it('needs ADMIN_PASSWORD with ADMIN_EMAIL', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'admin@example.org' })[0]).toMatch(/^ADMIN_PASSWORD/);
    expect(problemsOf({ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' })[0]).toMatch(/^ADMIN_EMAIL must be an email/);
  });
});
