/**
 * Runs an embedded PostgreSQL for the test suite when no DATABASE_URL is given. Prints
 * `READY <url>` once it accepts connections, and stops the server on SIGTERM/SIGINT.
 * Usage: node dist/test/support/embedded-db-server.js <dataDir> <port>
 */
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const quiet = { info: (line: string) => process.stderr.write(`${line}\n`), debug: () => undefined };
  const database = await startEmbeddedPostgres({ dataDir, port: Number(port), log: quiet });
  const stop = () => void database.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`READY ${database.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
