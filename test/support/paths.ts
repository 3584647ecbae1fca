import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const twoUp = join(__dirname, '..', '..');
/** The repository root, whether this file runs as TypeScript (jest) or compiled in dist/ (benchmarks, helper scripts). */
export const projectRoot = basename(twoUp) === 'dist' ? join(twoUp, '..') : twoUp;
/** Compiled output: e2e tests run the real build, as production does (`npm test` builds first). */
export const dist = (...parts: string[]) => join(projectRoot, 'dist', ...parts);

/** Files a test run writes for people to look at (screenshots, rendered PDFs): test/output/, git-ignored. */
export function outputPath(...parts: string[]): string {
  const file = join(projectRoot, 'test', 'output', ...parts);
  mkdirSync(dirname(file), { recursive: true });
  return file;
}
