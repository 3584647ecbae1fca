import { execFileSync } from 'node:child_process';
import { createTestDatabase } from '../support/database';
import { dist } from '../support/paths';

describe('Schema', () => {
  it('has no pending changes: the migrations create exactly what the entities describe', async () => {
    const database = await createTestDatabase();
    try {
      const output = execFileSync(process.execPath, [dist('test', 'support', 'schema-drift.js'), database.url], { encoding: 'utf8' });
      expect(JSON.parse(output)).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('names every constraint explicitly', async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await database.pool.query(
        `SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND c.conrelid <> 'migrations'::regclass AND conname !~ '^(pk|uq|fk|ck|ex)_'`,
      );
      expect(rows).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
