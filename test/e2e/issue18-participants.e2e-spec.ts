import { useApp } from '../support/context';
import { createUser, expectStatus, TestUser } from '../support/factories';
import { absentNames, expectedLines, seedParticipants, SeededList } from '../support/participants';
import { outputPath } from '../support/paths';
import { pdfPageCount, pdfText, pdfToPng } from '../support/pdf';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", '#x3D': '=' };
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#x27|#39|#x3D);/g, (_match, name: string) => ENTITIES[name]);

/** The lines of the public page's list, in document order: section and group headings, each person's name, function and organisation. */
function pageLines(html: string): string[] {
  const lines: string[] = [];
  const pattern =
    /<h2[^>]*>(.*?)<\/h2>|<h3[^>]*>(.*?)<\/h3>|<span class="participant-name"[^>]*>(.*?)<\/span>( <span class="head-of-delegation">\(Head of Delegation\)<\/span>)?|<span class="participant-function"[^>]*>(.*?)<\/span>|<span class="participant-organisation"[^>]*>(.*?)<\/span>/g;
  for (const match of html.matchAll(pattern)) {
    const [, section, group, name, head, job, organisation] = match;
    if (section !== undefined) lines.push(decode(section));
    else if (group !== undefined) lines.push(decode(group));
    else if (name !== undefined) lines.push(decode(name) + (head ? ' (Head of Delegation)' : ''));
    else lines.push(decode(job ?? organisation ?? ''));
  }
  return lines;
}

/** The PDF's lines of the list, from its first section on, without the running header and the page numbers. */
function pdfLines(pdf: Buffer, title: string): string[] {
  const lines = pdfText(pdf)
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '' && !/^Page \d+$/.test(line) && !line.endsWith(`· ${title}`));
  return lines.slice(lines.indexOf('Member States'));
}

/**
 * Issue 18: the List of Participants of a seeded event of 40 delegations (20 Member States, 2 observer States, 7 UN
 * entities, 6 IGOs, 5 NGOs) and people without a delegation, through the API, the public page and the PDF, against
 * the real server and database: the order of a table written by hand, nobody who did not agree or is not confirmed,
 * nothing public before publication, provisional and final said plainly.
 */
describe('List of Participants (issue 18)', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0', MAIL_WORKER_CONCURRENCY: '0' });
  let organiser: TestUser;
  let member: TestUser;
  let seeded: SeededList;
  const title = 'International Conference on Countering the Smuggling of Migrants';
  const pagePath = () => `${ctx.app.url}/events/${seeded.event.slug}/participants`;
  const pdfOf = async (token?: string) => {
    const response = await fetch(`${ctx.app.url}/api/v1/events/${seeded.event.id}/participants.pdf`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      length: response.headers.get('content-length'),
      body: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    member = await createUser(ctx.app.api, 'member', 'Someone Else');
    seeded = await seedParticipants(organiser.api, ctx.app.api, title);
  }, 300_000);

  it('is not public before the organiser publishes it: the page and the PDF are 404, the event page has no link; organisers get a preview PDF', async () => {
    const page = await fetch(pagePath());
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('This page does not exist');
    const anonymous = await pdfOf();
    expect(anonymous.status).toBe(404);
    expect(JSON.parse(anonymous.body.toString()).code).toBe('NOT_FOUND');
    expect((await pdfOf(member.token)).status).toBe(404);
    expect(await (await fetch(`${ctx.app.url}/events/${seeded.event.slug}`)).text()).not.toContain('/participants');

    const preview = await pdfOf(organiser.token);
    expect(preview.status).toBe(200);
    expect(preview.type).toBe('application/pdf');
    expect(pdfText(preview.body)).toContain('Preview for the organisers: the list is not published.');
    expect(pdfLines(preview.body, title)).toEqual(expectedLines());
  });

  it('is published by organisers only', async () => {
    expect((await ctx.app.api.post(`/events/${seeded.event.id}/participants/publish`, { status: 'provisional' })).status).toBe(401);
    expect((await member.api.post(`/events/${seeded.event.id}/participants/publish`, { status: 'provisional' })).status).toBe(403);
    const bad = await organiser.api.post(`/events/${seeded.event.id}/participants/publish`, { status: 'draft' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((detail: { field: string }) => detail.field)).toEqual(['status']);
    const published = expectStatus(
      await organiser.api.post(`/events/${seeded.event.id}/participants/publish`, { status: 'provisional' }),
      200,
      'publishing',
    );
    expect(published).toEqual({ eventId: seeded.event.id, status: 'provisional', publishedAt: expect.any(String) });
  });

  it('shows the provisional list on its page in exactly the order of the table, marked Provisional, without those who did not agree or are not confirmed', async () => {
    const response = await fetch(pagePath());
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Provisional list of participants</h1>');
    expect(html).toMatch(
      /<p class="list-status provisional"><strong>Provisional list, as of \d+ \w+ \d{4}\. It may still change\.<\/strong>/,
    );
    expect(pageLines(html)).toEqual(expectedLines());
    for (const name of absentNames()) expect(decode(html)).not.toContain(name);
    expect(decode(html)).not.toContain('Nolist');
    const eventPage = await (await fetch(`${ctx.app.url}/events/${seeded.event.slug}`)).text();
    expect(eventPage).toContain(
      `<a class="button secondary" href="/events/${seeded.event.slug}/participants">Provisional list of participants</a>`,
    );
  });

  it('gives the same list as a PDF to anyone, its text extracting in that order, with the provisional heading and page numbers', async () => {
    const pdf = await pdfOf();
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    // Streamed as it is written: sent in chunks, with no length known in advance.
    expect(pdf.length).toBeNull();
    const text = pdfText(pdf.body);
    expect(text).toContain('Provisional list of participants');
    expect(text).toMatch(/Provisional list, as of \d+ \w+ \d{4}\. It may still change\./);
    expect(pdfLines(pdf.body, title)).toEqual(expectedLines());
    for (const name of absentNames()) expect(text).not.toContain(name);
    pdfToPng(pdf.body, outputPath('pdf', 'participants-provisional.png'));
    const pages = pdfPageCount(pdf.body);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) expect(text).toMatch(new RegExp(`^\\s*Page ${page}\\s*$`, 'm'));
    expect(text.match(/Provisional list of participants · International Conference/g)?.length).toBe(pages);
  });

  it('says Final once the final list is published, and nothing public once unpublished', async () => {
    expectStatus(await organiser.api.post(`/events/${seeded.event.id}/participants/publish`, { status: 'final' }), 200, 'final');
    const html = await (await fetch(pagePath())).text();
    expect(html).toContain('<h1>List of participants</h1>');
    expect(html).toMatch(/<p class="list-status final"><strong>Final list, published \d+ \w+ \d{4}<\/strong>/);
    expect(html).not.toContain('Provisional');
    expect(pageLines(html)).toEqual(expectedLines());
    const pdf = await pdfOf();
    const text = pdfText(pdf.body);
    expect(text).toMatch(/Final list, published \d+ \w+ \d{4}/);
    expect(text).not.toContain('Provisional');
    expect(pdfLines(pdf.body, title)).toEqual(expectedLines());
    const eventPage = await (await fetch(`${ctx.app.url}/events/${seeded.event.slug}`)).text();
    expect(eventPage).toContain(`href="/events/${seeded.event.slug}/participants">List of participants</a>`);

    expect(
      expectStatus(
        await organiser.api.post(`/events/${seeded.event.id}/participants/publish`, { status: 'unpublished' }),
        200,
        'unpublish',
      ),
    ).toEqual({ eventId: seeded.event.id, status: 'unpublished', publishedAt: null });
    expect((await fetch(pagePath())).status).toBe(404);
    expect((await pdfOf()).status).toBe(404);
  });

  it('takes the section with the delegation (fitting its kind), and the consent at registration; refuses what does not fit, naming the field', async () => {
    const delegations = expectStatus<{ name: string; section: string }[]>(
      await organiser.api.get(`/events/${seeded.event.id}/delegations`),
      200,
      'delegations',
    );
    expect(delegations.find((delegation) => delegation.name === 'Holy See')?.section).toBe('observer_state');
    expect(delegations.find((delegation) => delegation.name === 'INTERPOL')?.section).toBe('igo');
    const defaulted = expectStatus(
      await organiser.api.post(`/events/${seeded.event.id}/delegations`, {
        name: 'Republic of Chile',
        kind: 'country',
        countryCode: 'CL',
        quota: 1,
      }),
      201,
      'a delegation without section',
    );
    expect(defaulted.section).toBe('member_state');
    const misplaced = await organiser.api.post(`/events/${seeded.event.id}/delegations`, {
      name: 'Republic of Peru',
      kind: 'country',
      countryCode: 'PE',
      quota: 1,
      section: 'civil_society',
    });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.details).toEqual([{ field: 'section', message: expect.stringContaining('Member States or Observer States') }]);
    const moved = await organiser.api.patch(`/delegations/${defaulted.id}`, { section: 'observer_state' });
    expect(moved.status).toBe(200);
    expect(moved.body.section).toBe('observer_state');
    expect((await organiser.api.patch(`/delegations/${defaulted.id}`, { section: 'un_entity' })).status).toBe(400);

    const registered = expectStatus(
      await ctx.app.api.post(`/events/${seeded.event.id}/registrations`, {
        email: 'late@example.org',
        givenName: 'Late',
        familyName: 'Comer',
      }),
      201,
      'registering without saying',
    );
    const row = expectStatus(await organiser.api.get(`/events/${seeded.event.id}/registrations?q=late%40example.org`), 200, 'list')
      .items[0];
    expect([row.id, row.listed, row.precedence]).toEqual([registered.id, false, null]);
    const badPrecedence = await organiser.api.patch(`/registrations/${registered.id}/listing`, { precedence: 'first' });
    expect(badPrecedence.status).toBe(400);
    expect([...new Set(badPrecedence.body.details.map((detail: { field: string }) => detail.field))]).toEqual(['precedence']);
    expect((await member.api.patch(`/registrations/${registered.id}/listing`, { listed: true })).status).toBe(403);
    const listing = expectStatus(
      await organiser.api.patch(`/registrations/${registered.id}/listing`, { listed: true, precedence: 3 }),
      200,
      'listing',
    );
    expect([listing.listed, listing.precedence]).toEqual([true, 3]);
    const badConsent = await ctx.app.api.post(`/events/${seeded.event.id}/registrations`, {
      email: 'other@example.org',
      givenName: 'Other',
      familyName: 'Person',
      listed: 'yes',
    });
    expect(badConsent.status).toBe(400);
    expect(badConsent.body.details.map((detail: { field: string }) => detail.field)).toEqual(['listed']);
  });
});
