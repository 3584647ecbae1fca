import { largeOutcomeBody } from '../bench/outcome-pdf.bench';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, TestUser } from '../support/factories';
import { createOutcome, download, editOutcome, outcomeStep } from '../support/outcomes';
import { pdfReadingText } from '../support/pdf';

/**
 * The outcome PDF (issue 14, defects 8 and 14): rendered once per published version and stored, rendered
 * off the event loop, a clear 400 naming the field for a body over the limit however it is encoded, and
 * the publication date the page shows.
 */
describe('The outcome PDF of a published version', () => {
  const ctx = useApp();
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  async function published(eventId: string, body: string): Promise<any> {
    const document = await createOutcome(organiser.api, eventId, { body });
    await outcomeStep(organiser.api, document.id, 'submit');
    return outcomeStep(organiser.api, document.id, 'publish');
  }

  it('is rendered once per published version: stored, and every download returns the same bytes', async () => {
    const event = await createPublishedEvent(organiser.api);
    const document = await published(event.id, '# Statement\n\nFirst published text.\n');
    const path = `/outcomes/${document.id}/document.pdf`;
    const [first, second] = [await download(ctx.app.api.baseUrl, path), await download(ctx.app.api.baseUrl, path)];
    expect(first.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    const rows = async () =>
      (await ctx.db.query(`SELECT "version", "pdf" FROM "outcome_pdf" WHERE "document_id" = $1 ORDER BY "version"`, [document.id])).rows;
    expect((await rows()).map((row) => row.version)).toEqual([1]);
    expect(Buffer.from((await rows())[0].pdf).equals(first.body)).toBe(true);

    // A new version, published: its own PDF, stored beside the first.
    await editOutcome(organiser.api, document.id, 1, '# Statement\n\nSecond published text.\n');
    await outcomeStep(organiser.api, document.id, 'publish');
    const third = await download(ctx.app.api.baseUrl, path);
    expect(pdfReadingText(third.body)).toContain('Second published text.');
    expect((await rows()).map((row) => row.version)).toEqual([1, 2]);
  });

  it('/health keeps answering while 12 downloads of the PDF of a 200,000-character document are in flight', async () => {
    const event = await createPublishedEvent(organiser.api);
    const document = await published(event.id, largeOutcomeBody());
    const pending = new Set<number>();
    const downloads = Array.from({ length: 12 }, (_, index) => {
      pending.add(index);
      return download(ctx.app.api.baseUrl, `/outcomes/${document.id}/document.pdf`).finally(() => pending.delete(index));
    });
    // Health checks one after another: count those answered while not one download has finished yet.
    let answeredWhileAllPending = 0;
    while (pending.size === 12) {
      const health = await fetch(`${ctx.app.url}/api/v1/health`);
      expect(health.status).toBe(200);
      if (pending.size === 12) answeredWhileAllPending++;
    }
    const results = await Promise.all(downloads);
    expect(answeredWhileAllPending).toBeGreaterThanOrEqual(20);
    expect(results.map((result) => result.status)).toEqual(Array(12).fill(200));
    expect(results.every((result) => result.body.equals(results[0].body))).toBe(true);
  }, 300_000);

  it('a body over 200,000 characters is refused with 400 naming `body`, also when its JSON escapes every character', async () => {
    const event = await createPublishedEvent(organiser.api);
    // As Python's json.dumps writes by default: every non-ASCII character as \uXXXX (6 bytes each).
    const escaped = (value: unknown) =>
      JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const post = (path: string, value: unknown) =>
      fetch(`${ctx.app.api.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${organiser.token}` },
        body: escaped(value),
      });
    const fits = 'ب'.repeat(200_000);
    const created = await post(`/events/${event.id}/outcomes`, { title: 'Long statement', kind: 'outcome_statement', body: fits });
    expect(created.status).toBe(201);
    const document = (await created.json()) as { id: string };

    for (const [path, value] of [
      [`/events/${event.id}/outcomes`, { title: 'Too long', kind: 'outcome_statement', body: `${fits}ب` }],
      [`/outcomes/${document.id}/versions`, { body: `${fits}ب`, baseVersion: 1 }],
      [`/outcomes/${document.id}/versions`, { body: 'x'.repeat(200_001), baseVersion: 1 }],
    ] as const) {
      const refused = await post(path, value);
      const answer = (await refused.json()) as { code: string; details: unknown };
      expect([refused.status, answer.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(answer.details).toEqual([expect.objectContaining({ field: 'body', message: expect.stringContaining('200000') })]);
    }
  });

  it('the page and the PDF give the same publication date, in the event’s time zone', async () => {
    const event = await createPublishedEvent(organiser.api, { timezone: 'Asia/Karachi' });
    const document = await published(event.id, '# Statement\n\nPublished late in the evening, UTC.\n');
    // 20:30 UTC on 1 December is 01:30 on 2 December in Islamabad.
    await ctx.db.query(`UPDATE "outcome_document" SET "published_at" = '2026-12-01T20:30:00Z' WHERE "id" = $1`, [document.id]);
    const page = await (await fetch(`${ctx.app.url}/events/${event.slug}/outcomes/${document.id}`)).text();
    const onPage = /Published ([^·<]+?) ·/.exec(page)?.[1];
    expect(onPage).toBe('2 December 2026');
    const pdf = await download(ctx.app.api.baseUrl, `/outcomes/${document.id}/document.pdf`);
    expect(pdfReadingText(pdf.body)).toContain(`published ${onPage}`);
  });
});
