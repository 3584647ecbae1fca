import { basename, join } from 'node:path';

/** The repository root, from test/support under ts-jest or from dist/test/support when compiled (benchmarks, scripts). */
const twoUp = join(__dirname, '..', '..');
export const projectRoot = basename(twoUp) === 'dist' ? join(twoUp, '..') : twoUp;
/** Compiled output: e2e tests run the real build, as production does (`npm test` builds first). */
export const dist = (...parts: string[]) => join(projectRoot, 'dist', ...parts);
