import { join } from 'node:path';

export const projectRoot = join(__dirname, '..', '..');
/** Compiled output: e2e tests run the real build, as production does (`npm test` builds first). */
export const dist = (...parts: string[]) => join(projectRoot, 'dist', ...parts);
