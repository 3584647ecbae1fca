import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariableNames } from './load-config';

/** The variables named in the first column of the table in src/config/README.md's "Variables" section. */
function documentedVariables(): string[] {
  const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Variables\n'));
  if (!section) throw new Error('src/config/README.md has no "## Variables" section');
  const firstCells = section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => line.split('|')[1]);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1])).sort();
}

describe('the configuration table of src/config/README.md', () => {
  it('lists exactly the variables of the config schema, each once', () => {
    const documented = documentedVariables();
    expect(documented.filter((name, index) => documented.indexOf(name) !== index)).toEqual([]);
    expect(documented).toEqual(configVariableNames());
  });
});
