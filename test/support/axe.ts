import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's impact levels, least to most severe. */
export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

/** One failed rule, with the elements (CSS selectors) it failed on. */
export interface AxeViolation {
  id: string;
  impact: AxeImpact | null;
  help: string;
  targets: string[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (every rule of its default set: WCAG 2.x A/AA and best practices) on the page as it is now
 * and returns the violations of at least `minImpact`, by rule id.
 *
 * axe is loaded with page.evaluate, not page.addScriptTag: an added <script> element is inline script,
 * which the pages' Content-Security-Policy (script-src 'self') refuses. Evaluation through the DevTools
 * protocol is not subject to the page's CSP, so the page is checked with its real headers, no bypassCSP.
 */
export async function axeViolations(page: Page, minImpact: AxeImpact = 'serious'): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<{
    violations: { id: string; impact: AxeImpact | null; help: string; nodes: { target: unknown[] }[] }[];
  }>('window.axe.run(document, { resultTypes: ["violations"] })');
  const levels: AxeImpact[] = ['minor', 'moderate', 'serious', 'critical'];
  return results.violations
    .filter((violation) => violation.impact !== null && levels.indexOf(violation.impact) >= levels.indexOf(minImpact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The serious and critical violations on the page, one line each ("rule (impact): help — targets"), so that
 * `expect(await accessibilityProblems(page)).toEqual([])` prints what failed and where.
 */
export async function accessibilityProblems(page: Page, minImpact: AxeImpact = 'serious'): Promise<string[]> {
  return (await axeViolations(page, minImpact)).map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.targets.join(', ')}`,
  );
}
