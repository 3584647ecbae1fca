/** Prints, as JSON, the SQL needed to bring the database at argv[2] in line with the entities. */
import { pendingSchemaChanges } from '../../src/database/migrate';

pendingSchemaChanges(process.argv[2]).then(
  (queries) => process.stdout.write(JSON.stringify(queries)),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
