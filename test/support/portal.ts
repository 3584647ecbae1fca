import type { Page } from 'playwright-core';

/** A member as a focal point types them into the portal's nomination form. */
export interface PortalNominee {
  honorific: string;
  given: string;
  family: string;
  email: string;
  job: string;
  category: string;
}

/** Fills the portal's nomination form, each field found by its label. */
export async function fillNominee(page: Page, person: PortalNominee): Promise<void> {
  await page.getByLabel('Honorific').fill(person.honorific);
  await page.getByLabel(/^Given name/).fill(person.given);
  await page.getByLabel(/^Family name/).fill(person.family);
  await page.getByLabel(/^Email/).fill(person.email);
  await page.getByLabel('Function').fill(person.job);
  await page.getByLabel(/^Category/).selectOption(person.category);
}
