/**
 * `npm run bench [name…]`: runs the benchmarks in test/bench (every `<name>.bench.ts`, or those named).
 * Each measures Plenary against a baseline in the same run and prints the ratio; nothing here asserts
 * timings. A benchmark module exports `run(): Promise<void>` and a one-line `description`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface BenchModule {
  description: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const available = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.js'))
    .map((file) => file.replace(/\.bench\.js$/, ''))
    .sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  for (const name of wanted.length > 0 ? wanted : available) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found by file name at run time
    const bench = require(join(__dirname, `${name}.bench.js`)) as BenchModule;
    console.log(`\n== ${name}: ${bench.description}`);
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
