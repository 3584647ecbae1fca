import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { outputPath } from '../support/paths';

/** Events that are over, and what they produced: a visitor finds them on the home page and on the event page. */
describe('Past events and their outcome documents on the public pages', () => {
  const ctx = useApp();
  let browser: Browser;
  let page: Page;
  let organiser: TestUser;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    organiser = await createUser(ctx.app.api, 'organiser');
  });
  afterAll(() => browser?.close());

  const cardTitles = (section: string) => page.getByRole('region', { name: section }).getByRole('heading', { level: 3 }).allTextContents();

  it('the home page lists upcoming events, and closed or finished ones under "Past events"', async () => {
    const upcoming = await createPublishedEvent(organiser.api, {
      title: 'Upcoming Ministerial Meeting',
      startDate: '2031-02-03',
      endDate: '2031-02-04',
    });
    const closed = await createPublishedEvent(organiser.api, {
      title: 'Closed Expert Group Meeting',
      startDate: '2030-06-01',
      endDate: '2030-06-02',
    });
    expectStatus(await organiser.api.post(`/events/${closed.id}/close`), 200, 'closing the event');
    const finished = await createPublishedEvent(organiser.api, {
      title: 'Finished Regional Workshop',
      startDate: '2024-05-06',
      endDate: '2024-05-07',
    });
    const listed = expectStatus(await ctx.app.api.get('/events'), 200, 'the public event list');
    expect(listed.items.map((event: { slug: string }) => event.slug)).toEqual(
      expect.arrayContaining([upcoming.slug, closed.slug, finished.slug]),
    );

    await page.goto(`${ctx.app.url}/`);
    await expect(cardTitles('Upcoming events')).resolves.toEqual(['Upcoming Ministerial Meeting']);
    await expect(cardTitles('Past events')).resolves.toEqual(['Closed Expert Group Meeting', 'Finished Regional Workshop']);
    await page.getByRole('link', { name: 'Closed Expert Group Meeting' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Closed Expert Group Meeting');
  });

  it('the event page links its published outcome documents and their public list; drafts stay hidden', async () => {
    const event = await createPublishedEvent(organiser.api, {
      title: 'Bali Process Senior Officials Meeting',
      startDate: '2030-09-10',
      endDate: '2030-09-11',
    });
    const published = expectStatus(
      await organiser.api.post(`/events/${event.id}/outcomes`, {
        title: 'Co-Chairs’ Statement',
        kind: 'chair_summary',
        body: '# Statement\n\nThe co-chairs thanked the participants.',
      }),
      201,
      'outcome',
    );
    expectStatus(await organiser.api.post(`/outcomes/${published.id}/submit`), 200, 'submit');
    expectStatus(await organiser.api.post(`/outcomes/${published.id}/publish`), 200, 'publish');
    expectStatus(
      await organiser.api.post(`/events/${event.id}/outcomes`, {
        title: 'Draft Declaration Nobody May See',
        kind: 'declaration',
        body: 'Not yet.',
      }),
      201,
      'draft outcome',
    );
    expectStatus(await organiser.api.post(`/events/${event.id}/close`), 200, 'closing the event');

    await page.goto(`${ctx.app.url}/events/${event.slug}`);
    const section = page.getByRole('region', { name: 'Outcome documents' });
    await expect(section.getByRole('link').allTextContents()).resolves.toEqual([
      'Co-Chairs’ Statement',
      'All outcome documents of this event',
    ]);
    await expect(page.locator('body').textContent()).resolves.not.toContain('Draft Declaration');
    await page.screenshot({ path: outputPath('screenshots', 'past-events', 'event-with-outcomes-1280.png'), fullPage: true });

    await section.getByRole('link', { name: 'Co-Chairs’ Statement' }).click();
    expect(new URL(page.url()).pathname).toBe(`/events/${event.slug}/outcomes/${published.id}`);
    await expect(page.locator('article.outcome > h1').textContent()).resolves.toBe('Co-Chairs’ Statement');

    await page.goto(`${ctx.app.url}/events/${event.slug}`);
    await page.getByRole('link', { name: 'All outcome documents of this event' }).click();
    expect(new URL(page.url()).pathname).toBe(`/events/${event.slug}/outcomes`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Outcome documents');
    await expect(page.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual(['Co-Chairs’ Statement']);
    await expect(page.locator('main').textContent()).resolves.toContain('Chair’s summary');
    await expect(page.locator('body').textContent()).resolves.not.toContain('Draft Declaration');
    await expect(page.getByRole('link', { name: 'PDF of Co-Chairs’ Statement' }).getAttribute('href')).resolves.toBe(
      `/api/v1/outcomes/${published.id}/document.pdf`,
    );
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: outputPath('screenshots', 'past-events', `outcomes-list-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('an event without a published outcome document says so on its outcomes page and shows no outcomes section', async () => {
    const event = await createPublishedEvent(organiser.api, {
      title: 'Workshop Without Outcomes',
      startDate: '2030-10-01',
      endDate: '2030-10-01',
    });
    await page.goto(`${ctx.app.url}/events/${event.slug}`);
    await expect(page.getByRole('region', { name: 'Outcome documents' }).count()).resolves.toBe(0);
    const response = await page.goto(`${ctx.app.url}/events/${event.slug}/outcomes`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('main').textContent()).resolves.toContain('This event has not published an outcome document yet.');
    const missing = await page.goto(`${ctx.app.url}/events/no-such-event/outcomes`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
  });
});
