import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from './error-codes';

/** The rows of the README's table of codes: `| CODE | status | meaning |`. */
function readmeRows(): { code: string; status: number; meaning: string }[] {
  const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\| (.+?) *\|$/gm)].map(([, code, status, meaning]) => ({
    code,
    status: Number(status),
    meaning,
  }));
}

describe('the error catalogue', () => {
  it('is listed in src/common/errors/README.md, code by code, with the same status and meaning', () => {
    const catalogue = Object.entries(ERROR_CODES).map(([code, { status, meaning }]) => ({ code, status, meaning }));
    expect(readmeRows()).toEqual(catalogue);
  });

  it('gives each code a 4xx or 5xx status', () => {
    for (const { status } of Object.values(ERROR_CODES)) expect(status >= 400 && status < 600).toBe(true);
  });
});
