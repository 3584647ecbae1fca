import type { Locator, Page } from 'playwright-core';

/** The Islamabad outcome statement as the rapporteur drafts it, version by version (facts from the demo's fixture). */
export const statementDrafts = {
  first: `# Islamabad Outcome Statement

Participants met in Islamabad on 26 and 27 November 2025.

## Commitments

- Establish an informal Peer-to-Peer Network.
`,
  second: `# Islamabad Outcome Statement

Senior officials and experts from more than 30 countries met in Islamabad on 26 and 27 November 2025.

## Commitments

- Establish an informal Peer-to-Peer Network.
- Map national and regional challenges.
`,
};

/** The fieldset of one row of the commitments editor, by its legend ("Commitment 2", "New commitment"). */
export const commitmentRow = (page: Page, legend: string): Locator => page.getByRole('group', { name: legend, exact: true });

/** Clicks a button that posts a form and waits for the page it leads to (a 303 or the form again). */
export async function submitAndWait(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

/** The text of the lines of a diff on the page, as a screen reader reads them ("Added: …", "Removed: …"). */
export async function diffText(page: Page): Promise<string[]> {
  return (await page.locator('ol.diff li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim());
}
