import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, expectStatus, loginAsAdmin, registrant, TestUser } from '../support/factories';
import { eventually, waitForMailing } from '../support/mailings';
import { readApiRoutes, resolveSchema } from '../support/openapi';
import { createOutcome, download, editOutcome, outcomeStep } from '../support/outcomes';
import { outputPath } from '../support/paths';
import { pdfText } from '../support/pdf';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 14, outcome documents: who may join a series (and so follow up its commitments), commitments that
 * follow the document's review and publication like its text, the outcome summary mail, and the
 * baseVersion of a new version.
 */
describe('Issue 14: series, commitments under review, the summary mail', () => {
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let org1: TestUser;
  let org2: TestUser;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    org1 = await createUser(ctx.app.api, 'organiser', 'Organiser of the series');
    org2 = await createUser(ctx.app.api, 'organiser', 'Organiser of another event');
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(() => browser?.close());

  /** org1's series with a published 2024 event whose outcome has one commitment. */
  async function org1Series(): Promise<{ seriesId: string; event: any; document: any; commitment: any }> {
    const seriesId = expectStatus(await org1.api.post('/series', { name: 'Countering migrant smuggling' }), 201, 'series').id;
    const event = await createPublishedEvent(org1.api, { startDate: '2024-11-20', endDate: '2024-11-21', seriesId });
    const document = await createOutcome(org1.api, event.id, { title: 'Workshop conclusions', kind: 'chair_summary' });
    const commitment = expectStatus(
      await org1.api.put(`/outcomes/${document.id}/commitments`, {
        commitments: [{ theme: 'cooperation', text: 'Set up a practitioners network.', status: 'proposed' }],
      }),
      200,
      'commitments',
    ).commitments[0];
    await outcomeStep(org1.api, document.id, 'submit');
    await outcomeStep(org1.api, document.id, 'publish');
    return { seriesId, event, document, commitment };
  }

  describe('#5 a series belongs to its creator’s team', () => {
    it('an organiser of another event cannot put an event into the series (create or PATCH: 403 naming seriesId), so cannot overrule its commitments', async () => {
      const { seriesId, document, commitment } = await org1Series();

      const created = await org2.api.post('/events', {
        slug: `intruder-${Date.now()}`,
        title: 'Intruding event',
        startDate: '2025-11-26',
        endDate: '2025-11-27',
        timezone: 'Asia/Karachi',
        seriesId,
      });
      expect(created.status).toBe(403);
      expect(created.body.details).toEqual([{ field: 'seriesId', message: expect.stringMatching(/organiser/) }]);

      const own = await createPublishedEvent(org2.api, { startDate: '2025-11-26', endDate: '2025-11-27' });
      const joined = await org2.api.patch(`/events/${own.id}`, { seriesId });
      expect(joined.status).toBe(403);
      expect(joined.body.details.map((detail: any) => detail.field)).toEqual(['seriesId']);
      await expect(org2.api.get(`/events/${own.id}`)).resolves.toMatchObject({ status: 200, body: { seriesId: null } });

      // Outside the series, org2's document cannot follow up (or overrule) org1's commitment.
      const theirs = await createOutcome(org2.api, own.id);
      const overrule = await org2.api.put(`/outcomes/${theirs.id}/commitments`, {
        commitments: [{ theme: 'cooperation', text: 'Dropped.', status: 'dropped', followsUpId: commitment.id }],
      });
      expect(overrule.status).toBe(400);
      expect(overrule.body.details).toEqual([
        { field: 'commitments.0.followsUpId', message: 'must be a commitment of an earlier event in the same series' },
      ]);

      const series = await ctx.app.api.get(`/series/${seriesId}/commitments`);
      expect(series.body.commitments).toEqual([expect.objectContaining({ id: commitment.id, latestStatus: 'proposed', followUps: [] })]);
      // org1 still decides over its own commitments.
      await expect(org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: [] })).resolves.toMatchObject({ status: 200 });
    });

    it('joining takes the organiser role at an event of the series, or having created the series; an admin always may', async () => {
      const { seriesId, event } = await org1Series();
      const own = await createPublishedEvent(org2.api, { startDate: '2025-11-26', endDate: '2025-11-27' });

      // A rapporteur at an event of the series is not enough.
      expectStatus(await org1.api.put(`/events/${event.id}/roles`, { email: org2.email, role: 'rapporteur' }), 200, 'rapporteur');
      await expect(org2.api.patch(`/events/${own.id}`, { seriesId })).resolves.toMatchObject({ status: 403 });
      // The organiser role at one of its events is.
      expectStatus(await org1.api.put(`/events/${event.id}/roles`, { email: org2.email, role: 'organiser' }), 200, 'organiser');
      await expect(org2.api.patch(`/events/${own.id}`, { seriesId })).resolves.toMatchObject({ status: 200, body: { seriesId } });

      // The creator of a series with no event yet adds the first one.
      const org3 = await createUser(ctx.app.api, 'organiser', 'Organiser of a new series');
      const fresh = expectStatus(await org3.api.post('/series', { name: 'A new series' }), 201, 'series').id;
      await expect(
        org3.api.post('/events', {
          slug: `first-${Date.now()}`,
          title: 'First of the series',
          startDate: '2026-03-01',
          endDate: '2026-03-02',
          timezone: 'Europe/Brussels',
          seriesId: fresh,
        }),
      ).resolves.toMatchObject({ status: 201, body: { seriesId: fresh } });
      await expect(
        org2.api.post('/events', {
          slug: `second-${Date.now()}`,
          title: 'Not invited',
          startDate: '2026-03-01',
          endDate: '2026-03-02',
          timezone: 'Europe/Brussels',
          seriesId: fresh,
        }),
      ).resolves.toMatchObject({ status: 403 });

      // An administrator may put any event into any series.
      const admin = ctx.app.api.as(await loginAsAdmin(ctx.app.api));
      const another = await createEvent(org2.api);
      await expect(admin.patch(`/events/${another.id}`, { seriesId: fresh })).resolves.toMatchObject({
        status: 200,
        body: { seriesId: fresh },
      });
    });

    it('followsUpId must name a commitment of an earlier event in the same series', async () => {
      const { seriesId, event, commitment } = await org1Series();
      const later = await createPublishedEvent(org1.api, { startDate: '2025-11-26', endDate: '2025-11-27', seriesId });
      const elsewhere = await createPublishedEvent(org1.api, { startDate: '2023-01-10', endDate: '2023-01-11' });
      const elsewhereDoc = await createOutcome(org1.api, elsewhere.id);
      const foreign = expectStatus(
        await org1.api.put(`/outcomes/${elsewhereDoc.id}/commitments`, {
          commitments: [{ theme: 'x', text: 'Another series’ commitment' }],
        }),
        200,
        'foreign',
      ).commitments[0];
      const sameEventDoc = await createOutcome(org1.api, event.id, { title: 'Second document of 2024' });

      const laterDoc = await createOutcome(org1.api, later.id);
      const refused = (field: string) => ({
        status: 400,
        body: { details: [{ field, message: 'must be a commitment of an earlier event in the same series' }] },
      });
      await expect(
        org1.api.put(`/outcomes/${laterDoc.id}/commitments`, { commitments: [{ theme: 'x', text: 'y', followsUpId: foreign.id }] }),
      ).resolves.toMatchObject(refused('commitments.0.followsUpId'));
      await expect(
        org1.api.put(`/outcomes/${sameEventDoc.id}/commitments`, { commitments: [{ theme: 'x', text: 'y', followsUpId: commitment.id }] }),
      ).resolves.toMatchObject(refused('commitments.0.followsUpId'));
      const followed = await org1.api.put(`/outcomes/${laterDoc.id}/commitments`, {
        commitments: [{ theme: 'cooperation', text: 'The network meets twice a year.', status: 'in_progress', followsUpId: commitment.id }],
      });
      expect(followed.status).toBe(200);
      // 2024 cannot follow up 2025.
      await expect(
        org1.api.put(`/outcomes/${sameEventDoc.id}/commitments`, {
          commitments: [{ theme: 'x', text: 'y', followsUpId: followed.body.commitments[0].id }],
        }),
      ).resolves.toMatchObject(refused('commitments.0.followsUpId'));
    });
  });

  describe('#9 commitments follow the document’s review and publication', () => {
    const published = [
      { theme: 'Fraudulent documentation', text: 'Share alerts on forged travel documents.', leads: ['INTERPOL'], status: 'endorsed' },
      { theme: 'Victim-centred protection', text: 'Train first responders to identify victims.', leads: ['IOM'], status: 'proposed' },
    ];

    it('while in review, commitments are frozen (409 DOCUMENT_NOT_EDITABLE, as for versions), so the published declaration keeps them', async () => {
      const event = await createPublishedEvent(org1.api);
      const document = await createOutcome(org1.api, event.id, { title: 'Declaration', kind: 'declaration' });
      expectStatus(await org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: published }), 200, 'draft commitments');
      await outcomeStep(org1.api, document.id, 'submit');

      const emptied = await org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: [] });
      expect(emptied.status).toBe(409);
      expect(emptied.body).toMatchObject({ code: 'DOCUMENT_NOT_EDITABLE', status: 'in_review' });
      const version = await org1.api.post(`/outcomes/${document.id}/versions`, { body: 'During review', baseVersion: 1 });
      expect({ status: version.status, code: version.body.code }).toEqual({ status: emptied.status, code: emptied.body.code });

      await outcomeStep(org1.api, document.id, 'publish');
      const view = await ctx.app.api.get(`/outcomes/${document.id}`);
      expect(view.body.commitments.map((c: any) => c.text)).toEqual(published.map((c) => c.text));
      // Returned to draft, they can be edited again.
      const second = await createOutcome(org1.api, event.id, { title: 'Chair summary', kind: 'chair_summary' });
      await outcomeStep(org1.api, second.id, 'submit');
      await outcomeStep(org1.api, second.id, 'return', { comment: 'Add the commitments' });
      await expect(org1.api.put(`/outcomes/${second.id}/commitments`, { commitments: published })).resolves.toMatchObject({ status: 200 });
    });

    it('a change racing the submission lands before it (and is what gets published) or is refused, never after', async () => {
      const event = await createPublishedEvent(org1.api);
      for (let round = 0; round < 6; round++) {
        const document = await createOutcome(org1.api, event.id, { title: `Race ${round}` });
        expectStatus(await org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: published }), 200, 'first set');
        const [change] = await Promise.all([
          org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: [] }),
          outcomeStep(org1.api, document.id, 'submit'),
        ]);
        expect([200, 409]).toContain(change.status);
        await outcomeStep(org1.api, document.id, 'publish');
        const shown = (await ctx.app.api.get(`/outcomes/${document.id}`)).body.commitments.map((c: any) => c.text);
        expect({ change: change.status, shown }).toEqual({
          change: change.status,
          shown: change.status === 200 ? [] : published.map((c) => c.text),
        });
      }
    });

    it('after publication, a change is a new version the public sees only when it is published: API, page, PDF and series view show the published commitments', async () => {
      const seriesId = expectStatus(await org1.api.post('/series', { name: 'Workflow series' }), 201, 'series').id;
      const event = await createPublishedEvent(org1.api, { seriesId });
      const document = await createOutcome(org1.api, event.id, {
        title: 'Islamabad Outcome Statement',
        body: '# Islamabad Outcome Statement\n\nParticipants agreed.\n',
      });
      const saved = expectStatus(
        await org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: published }),
        200,
        'commitments',
      ).commitments;
      await outcomeStep(org1.api, document.id, 'submit');
      const publication = await outcomeStep(org1.api, document.id, 'publish');
      expect(publication).toMatchObject({ publishedVersion: 1, version: 1 });

      // The team edits: the first commitment is achieved, the second goes, a third comes.
      const edited = [
        { ...published[0], id: saved[0].id, status: 'achieved' },
        { theme: 'Border vulnerabilities', text: 'Not yet agreed: joint border patrols.', leads: [], status: 'proposed' },
      ];
      const change = await org1.api.put(`/outcomes/${document.id}/commitments`, { commitments: edited });
      expect(change.status).toBe(200);
      expect(change.body.commitments.map((c: any) => [c.text, c.status])).toEqual([
        [published[0].text, 'achieved'],
        [edited[1].text, 'proposed'],
      ]);
      // It is a new version of the document, with the same text, which the public does not see yet.
      const team = await org1.api.get(`/outcomes/${document.id}`);
      expect(team.body).toMatchObject({ publishedVersion: 1, latestVersion: 2, version: 1 });
      await expect(org1.api.get(`/outcomes/${document.id}/commitments`)).resolves.toMatchObject({
        body: { commitments: [{ status: 'achieved' }, { text: edited[1].text }] },
      });

      const shownPublished = [
        [published[0].text, 'endorsed'],
        [published[1].text, 'proposed'],
      ];
      const anonymous = await ctx.app.api.get(`/outcomes/${document.id}`);
      expect(anonymous.body).toMatchObject({ version: 1, publishedVersion: 1 });
      expect(anonymous.body.commitments.map((c: any) => [c.text, c.status])).toEqual(shownPublished);
      expect(anonymous.body.commitments[0].id).toBe(saved[0].id);
      expect((await ctx.app.api.get(`/outcomes/${document.id}/commitments`)).body.commitments.map((c: any) => [c.text, c.status])).toEqual(
        shownPublished,
      );
      expect(team.body.commitments.map((c: any) => [c.text, c.status])).toEqual(shownPublished); // the team's view of the published document too
      const series = await ctx.app.api.get(`/series/${seriesId}/commitments`);
      expect(series.body.commitments.map((c: any) => [c.text, c.status, c.latestStatus])).toEqual(
        shownPublished.map(([text, status]) => [text, status, status]),
      );

      const pdf = pdfText((await download(ctx.app.api.baseUrl, `/outcomes/${document.id}/document.pdf`)).body).replace(/\s+/g, ' ');
      expect(pdf).toContain('Train first responders');
      expect(pdf).not.toContain('joint border patrols');
      expect(pdf).not.toContain('achieved');

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${ctx.app.url}/events/${event.slug}/outcomes/${document.id}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Islamabad Outcome Statement' }).first().isVisible()).resolves.toBe(true);
      await expect(page.getByText('Train first responders to identify victims.').isVisible()).resolves.toBe(true);
      await expect(page.getByText('joint border patrols').count()).resolves.toBe(0);
      await page.screenshot({ path: outputPath('screenshots', 'issue14-outcome-published-commitments-desktop.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: outputPath('screenshots', 'issue14-outcome-published-commitments-phone.png'), fullPage: true });

      // Published again, the change reaches the public (API, page, PDF).
      await expect(outcomeStep(org1.api, document.id, 'publish')).resolves.toMatchObject({ publishedVersion: 2 });
      expect((await ctx.app.api.get(`/outcomes/${document.id}`)).body.commitments.map((c: any) => [c.text, c.status])).toEqual([
        [published[0].text, 'achieved'],
        [edited[1].text, 'proposed'],
      ]);
      const republished = pdfText((await download(ctx.app.api.baseUrl, `/outcomes/${document.id}/document.pdf`)).body).replace(/\s+/g, ' ');
      expect(republished).toContain('joint border patrols');
      await page.goto(`${ctx.app.url}/events/${event.slug}/outcomes/${document.id}`);
      await expect(page.getByText('Not yet agreed: joint border patrols.').isVisible()).resolves.toBe(true);
    });
  });

  describe('#10 the outcome summary mail', () => {
    const body = [
      'Islamabad Outcome Statement',
      '===========================',
      '',
      'Senior officials met in Islamabad on **26 and 27 November 2025**.',
      '',
      'They agreed to cooperate.',
      '',
      '## Participation',
      '',
      '| Col | Val |',
      '| --- | --- |',
      '| a | b |',
      '',
      '- Establish a network',
      '- Map the challenges',
      '',
      '<script>alert(1)</script> [x](javascript:alert(1))',
    ].join('\n');
    const commitments = [
      { theme: 'cooperation', text: 'First: establish the network.', status: 'proposed' },
      { theme: 'documents', text: 'Second: share document alerts.', status: 'achieved' },
      { theme: 'borders', text: 'Third: assess border posts.', status: 'endorsed' },
    ];

    it('renders the body as the outcome page does (headings, paragraphs, a table, sanitised), with a readable text part and the published commitments in their order', async () => {
      const event = await createPublishedEvent(org1.api, { title: 'Summary conference' });
      const person = registrant({ givenName: 'Amina' });
      expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registration');
      const document = await createOutcome(org1.api, event.id, { title: 'Summary statement', body });
      expectStatus(await org1.api.put(`/outcomes/${document.id}/commitments`, { commitments }), 200, 'commitments');
      await outcomeStep(org1.api, document.id, 'submit');
      await outcomeStep(org1.api, document.id, 'publish');
      // A change after publication is not what was published: the mail does not carry it.
      const current = (await org1.api.get(`/outcomes/${document.id}/commitments`)).body.commitments;
      expectStatus(
        await org1.api.put(`/outcomes/${document.id}/commitments`, {
          commitments: [
            { id: current[0].id, ...commitments[0] },
            { theme: 'later', text: 'Unpublished: a fourth.' },
          ],
        }),
        200,
        'later change',
      );

      const sent = expectStatus(await org1.api.post(`/outcomes/${document.id}/mailings`, { audience: 'confirmed' }), 202, 'mailing');
      await waitForMailing(org1.api, sent.mailingId);
      const mail = await eventually(
        async () =>
          (await smtp.sink.messages()).find(
            (message) => message.envelopeTo.includes(person.email as string) && /Summary statement/.test(message.subject ?? ''),
          ),
        30_000,
        'the summary mail',
      );

      // The html part, as a mail client shows it.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.setContent(mail.html!);
      await page.screenshot({ path: outputPath('screenshots', 'issue14-outcome-summary-mail-desktop.png'), fullPage: true });
      await expect(page.getByRole('heading', { level: 2, name: 'Participation' }).count()).resolves.toBe(1);
      await expect(page.getByRole('heading', { name: 'Islamabad Outcome Statement' }).count()).resolves.toBe(1);
      await expect(page.getByRole('columnheader', { name: 'Col' }).count()).resolves.toBe(1);
      await expect(page.getByRole('cell', { name: 'b', exact: true }).count()).resolves.toBe(1);
      await expect(page.getByText('They agreed to cooperate.', { exact: true }).evaluate((node) => node.tagName)).resolves.toBe('P');
      await expect(page.locator('strong', { hasText: '26 and 27 November 2025' }).count()).resolves.toBe(1);
      await expect(page.getByRole('listitem').filter({ hasText: 'Establish a network' }).count()).resolves.toBe(1);
      const visible = await page.locator('body').innerText();
      expect(visible).not.toContain('===');
      expect(visible).not.toContain('Col Val a b'); // the table's cells, once run together into one paragraph
      expect(mail.html).not.toMatch(/<script|javascript:|onerror/i);
      const listed = await page
        .getByRole('listitem')
        .filter({ hasText: /First|Second|Third|fourth/ })
        .allInnerTexts();
      expect(listed.map((item) => item.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringContaining('First: establish the network.'),
        expect.stringContaining('Second: share document alerts.'),
        expect.stringContaining('Third: assess border posts.'),
      ]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: outputPath('screenshots', 'issue14-outcome-summary-mail-phone.png'), fullPage: true });

      // The text part reads as plain text: no markup, the table as rows, the commitments numbered in order.
      const text = mail.text!;
      expect(text).not.toMatch(/<[a-z/]|\*\*|javascript/i);
      expect(text).toContain('Senior officials met in Islamabad on 26 and 27 November 2025.\n\nThey agreed to cooperate.');
      expect(text).toMatch(/Col \| Val\n\s*a \| b/);
      expect(text).toMatch(
        /1\. cooperation: First: establish the network\.[\s\S]*2\. documents: Second: share document alerts\.[\s\S]*3\. borders: Third: assess border posts\./,
      );
      expect(text).not.toContain('Unpublished');
    });
  });

  describe('Must-show 5: baseVersion stays required for a new version', () => {
    it('POST /outcomes/:id/versions without baseVersion is 400 naming baseVersion, and the OpenAPI document marks it required', async () => {
      const event = await createPublishedEvent(org1.api);
      const document = await createOutcome(org1.api, event.id);
      const missing = await org1.api.post(`/outcomes/${document.id}/versions`, { body: 'An edit that would overwrite blindly' });
      expect(missing.status).toBe(400);
      expect([...new Set(missing.body.details.map((detail: any) => detail.field))]).toEqual(['baseVersion']);
      const nullBase = await org1.api.post(`/outcomes/${document.id}/versions`, { body: 'A null base', baseVersion: null });
      expect(nullBase.status).toBe(400);
      expect([...new Set(nullBase.body.details.map((detail: any) => detail.field))]).toEqual(['baseVersion']);
      await expect(org1.api.get(`/outcomes/${document.id}/versions`)).resolves.toMatchObject({ body: [{ number: 1 }] });
      await expect(editOutcome(org1.api, document.id, 1, 'With its base')).resolves.toMatchObject({ number: 2 });

      const { document: openApi, routes } = await readApiRoutes(ctx.app.url);
      const route = routes.find((candidate) => candidate.key === 'POST /api/v1/outcomes/{id}/versions')!;
      expect(route.bodySchema).toBeDefined();
      const schema = resolveSchema(openApi, { $ref: `#/components/schemas/${route.bodySchema}` });
      expect(schema.required).toEqual(expect.arrayContaining(['baseVersion', 'body']));
      expect(schema.properties?.baseVersion).toMatchObject({ type: 'integer', minimum: 1 });
    });
  });
});
