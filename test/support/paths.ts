import { basename, join } from 'node:path';

const twoUp = join(__dirname, '..', '..');
/** The repository root, whether this file runs as TypeScript (jest) or compiled in dist/ (benchmarks, helper scripts). */
export const projectRoot = basename(twoUp) === 'dist' ? join(twoUp, '..') : twoUp;
/** Compiled output: e2e tests run the real build, as production does (`npm test` builds first). */
export const dist = (...parts: string[]) => join(projectRoot, 'dist', ...parts);
