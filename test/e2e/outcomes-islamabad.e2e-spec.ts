import { conference, organisations, outcomeStatement, seriesName, workshop2024 } from '../fixtures/islamabad-2025';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { createOutcome, download, editOutcome, outcomeStep } from '../support/outcomes';
import { outputPath } from '../support/paths';
import { pdfText, pdfToPng } from '../support/pdf';

const version1 = `# Islamabad Outcome Statement

Participants met in Islamabad on 26 and 27 November 2025.

## Commitments

- Establish an informal Peer-to-Peer Network.
- Map national and regional challenges.
`;

const version2 = `# Islamabad Outcome Statement

Senior officials and experts from more than 30 countries met in Islamabad on 26 and 27 November 2025.

## Commitments

- Establish an informal Peer-to-Peer Network.
- Map national and regional challenges.
`;

const version3 = `# Islamabad Outcome Statement

Senior officials and experts from more than 30 countries met in Islamabad on 26 and 27 November 2025.

## Commitments

- Establish an informal Peer-to-Peer Network.
- Map national and regional challenges.
- Four thematic commitments: fraudulent documentation, digitally enabled smuggling, border vulnerabilities and victim-centred protection.

${outcomeStatement.followsUp}
`;

/**
 * The Islamabad story: the 2024 workshop and the 2025 conference in one series. The 2024 workshop
 * published its outcome; at the 2025 conference a rapporteur drafts the outcome statement with its six
 * commitments (one following up 2024's), edits it twice and submits it; the organiser publishes it. The
 * public sees the published version only, also after a later edit, and the series view links the years.
 */
describe('The Islamabad outcome statement, from draft to the series review', () => {
  const ctx = useApp();
  let organiser: TestUser;
  let rapporteur: TestUser;
  let workshop: any;
  let event: any;
  let workshopCommitment: any;
  let statement: any;
  let seriesId: string;

  beforeAll(async () => {
    const api = ctx.app.api;
    organiser = await createUser(api, 'organiser', 'UNODC event organiser');
    rapporteur = await createUser(api, 'member', 'Conference rapporteur');
    seriesId = expectStatus(await organiser.api.post('/series', { name: seriesName }), 201, 'series').id;
    workshop = await createPublishedEvent(organiser.api, { ...workshop2024, seriesId });
    event = await createPublishedEvent(organiser.api, { ...conference, partners: undefined, seriesId });
    for (const partner of conference.partners) {
      expectStatus(
        await organiser.api.post(`/events/${event.id}/partners`, { organisation: organisations[partner.org], role: partner.role }),
        201,
        `partner ${partner.org}`,
      );
    }
    // The 2024 workshop's outcome (SAMPLE text: the record only says its progress was reviewed in 2025).
    const workshopOutcome = await createOutcome(organiser.api, workshop.id, {
      title: 'Workshop conclusions',
      kind: 'chair_summary',
      body: '# Workshop conclusions\n\nPractitioners agreed to cooperate.\n',
    });
    workshopCommitment = expectStatus(
      await organiser.api.put(`/outcomes/${workshopOutcome.id}/commitments`, {
        commitments: [
          { theme: 'cooperation', text: 'Set up a practitioners network across the region.', leads: ['UNODC'], status: 'proposed' },
        ],
      }),
      200,
      'workshop commitments',
    ).commitments[0];
    await outcomeStep(organiser.api, workshopOutcome.id, 'submit');
    await outcomeStep(organiser.api, workshopOutcome.id, 'publish');
    expectStatus(
      await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' }),
      200,
      'grant rapporteur',
    );
  });

  it('a rapporteur drafts the statement with the six commitments, the first following up 2024; the public sees nothing yet', async () => {
    statement = await createOutcome(rapporteur.api, event.id, {
      title: 'Islamabad Outcome Statement',
      kind: outcomeStatement.kind,
      body: version1,
    });
    expect(statement).toMatchObject({ status: 'draft', version: 1, latestVersion: 1, publishedVersion: null });

    const commitments = outcomeStatement.commitments.map((commitment, index) => ({
      ...commitment,
      leads: ['UNODC', 'IOM'],
      ...(index === 0 ? { followsUpId: workshopCommitment.id } : {}),
    }));
    const saved = await rapporteur.api.put(`/outcomes/${statement.id}/commitments`, { commitments });
    expect(saved.status).toBe(200);
    expect(saved.body.commitments.map((c: any) => [c.theme, c.text, c.status])).toEqual(
      outcomeStatement.commitments.map((c) => [c.theme, c.text, c.status]),
    );
    expect(saved.body.commitments[0].followsUpId).toBe(workshopCommitment.id);

    // Saved again with ids: the same commitments keep their ids.
    const again = await rapporteur.api.put(`/outcomes/${statement.id}/commitments`, {
      commitments: saved.body.commitments.map(({ id, theme, text, leads, status, followsUpId }: any) => ({
        id,
        theme,
        text,
        leads,
        status,
        followsUpId,
      })),
    });
    expect(again.body.commitments.map((c: any) => c.id)).toEqual(saved.body.commitments.map((c: any) => c.id));

    await expect(ctx.app.api.get(`/outcomes/${statement.id}`)).resolves.toMatchObject({ status: 404 });
    await expect(ctx.app.api.get(`/events/${event.slug}/outcomes`)).resolves.toMatchObject({ status: 200, body: [] });
  });

  it('a commitment can only follow up an earlier event of the same series', async () => {
    const conferenceCommitment = (await rapporteur.api.get(`/outcomes/${statement.id}/commitments`)).body.commitments[1];
    const other = await createOutcome(organiser.api, workshop.id, { title: 'Workshop report', kind: 'report' });
    const backwards = await organiser.api.put(`/outcomes/${other.id}/commitments`, {
      commitments: [
        { theme: 'cooperation', text: 'A later commitment cannot be followed up from 2024.' },
        { theme: 'x', text: 'y', followsUpId: conferenceCommitment.id },
      ],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([
      { field: 'commitments.1.followsUpId', message: 'must be a commitment of an earlier event in the same series' },
    ]);
  });

  it('two edits, submission and publication pin version 3 for the public', async () => {
    await editOutcome(rapporteur.api, statement.id, 1, version2, 'Participation as in the record');
    const third = await editOutcome(rapporteur.api, statement.id, 2, version3, 'The four thematic commitments');
    expect(third).toMatchObject({
      number: 3,
      changeNote: 'The four thematic commitments',
      authorName: 'Conference rapporteur',
      body: version3,
    });

    expect((await rapporteur.api.post(`/outcomes/${statement.id}/publish`)).status).toBe(403);
    await expect(outcomeStep(rapporteur.api, statement.id, 'submit')).resolves.toMatchObject({ status: 'in_review' });
    const published = await outcomeStep(organiser.api, statement.id, 'publish');
    expect(published).toMatchObject({ status: 'published', publishedVersion: 3, version: 3 });

    const publicView = await ctx.app.api.get(`/outcomes/${statement.id}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body).toMatchObject({ title: 'Islamabad Outcome Statement', status: 'published', version: 3, body: version3 });
    expect(publicView.body.html).toContain('<h1>Islamabad Outcome Statement</h1>');
    expect(publicView.body.latestVersion).toBeUndefined();
    expect(publicView.body.commitments).toHaveLength(6);
    await expect(ctx.app.api.get(`/events/${event.slug}/outcomes`)).resolves.toMatchObject({
      status: 200,
      body: [{ id: statement.id, status: 'published', publishedVersion: 3 }],
    });
  });

  it('a later edit is a new draft version: the public still sees version 3 until it is republished', async () => {
    await editOutcome(rapporteur.api, statement.id, 3, `${version3}\nA fourth, unpublished paragraph.\n`, 'Not yet agreed');
    const publicView = await ctx.app.api.get(`/outcomes/${statement.id}`);
    expect(publicView.body).toMatchObject({ version: 3, publishedVersion: 3, body: version3 });
    expect(publicView.text).not.toContain('unpublished paragraph');
    await expect(rapporteur.api.get(`/events/${event.id}/outcomes`)).resolves.toMatchObject({
      body: [{ id: statement.id, publishedVersion: 3, latestVersion: 4 }],
    });
    await expect(ctx.app.api.get(`/outcomes/${statement.id}/versions/4`)).resolves.toMatchObject({ status: 401 });
  });

  it('the diff between versions 1 and 3 shows exactly what changed', async () => {
    const diff = await rapporteur.api.get(`/outcomes/${statement.id}/diff?from=1&to=3`);
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual({
      from: 1,
      to: 3,
      changes: [
        { type: 'unchanged', lines: ['# Islamabad Outcome Statement', ''] },
        { type: 'removed', lines: ['Participants met in Islamabad on 26 and 27 November 2025.'] },
        { type: 'added', lines: ['Senior officials and experts from more than 30 countries met in Islamabad on 26 and 27 November 2025.'] },
        {
          type: 'unchanged',
          lines: ['', '## Commitments', '', '- Establish an informal Peer-to-Peer Network.', '- Map national and regional challenges.'],
        },
        {
          type: 'added',
          lines: [
            '- Four thematic commitments: fraudulent documentation, digitally enabled smuggling, border vulnerabilities and victim-centred protection.',
            '',
            outcomeStatement.followsUp,
          ],
        },
      ],
      stats: { added: 4, removed: 1, unchanged: 7 },
    });
    const versions = await rapporteur.api.get(`/outcomes/${statement.id}/versions`);
    expect(versions.body.map((v: any) => [v.number, v.changeNote])).toEqual([
      [1, null],
      [2, 'Participation as in the record'],
      [3, 'The four thematic commitments'],
      [4, 'Not yet agreed'],
    ]);
  });

  it('the series view shows the 2025 commitment following up the 2024 one, with the latest status', async () => {
    const view = await ctx.app.api.get(`/series/${seriesId}/commitments`);
    expect(view.status).toBe(200);
    expect(view.body.name).toBe(seriesName);
    const [first, ...rest] = view.body.commitments;
    expect(first).toMatchObject({
      id: workshopCommitment.id,
      event: { slug: workshop2024.slug },
      status: 'proposed',
      latestStatus: 'endorsed',
    });
    expect(first.followUps).toEqual([
      expect.objectContaining({
        documentId: statement.id,
        event: expect.objectContaining({ slug: conference.slug }),
        status: 'endorsed',
        text: outcomeStatement.commitments[0].text,
      }),
    ]);
    expect(rest.map((c: any) => c.text)).toEqual(outcomeStatement.commitments.map((c) => c.text));
    expect(rest[0].followsUpId).toBe(workshopCommitment.id);
    // The workshop's draft report (with its commitments) is the team's business only.
    expect(view.body.commitments.some((c: any) => c.documentTitle === 'Workshop report')).toBe(false);
  });

  it('the PDF carries the event, its dates and partners, the published text and the commitments table', async () => {
    const pdf = await download(ctx.app.api.baseUrl, `/outcomes/${statement.id}/document.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    pdfToPng(pdf.body, outputPath('outcomes', 'islamabad-outcome-statement.png'));
    const text = pdfText(pdf.body).replace(/\s+/g, ' ');
    for (const expected of [
      conference.title,
      '26–27 November 2025',
      'Islamabad',
      'Hosted by: GoP',
      'Co-organised by: UNODC, IOM',
      'Funded by: Migration MPTF, EU',
      'Islamabad Outcome Statement',
      'Version 3',
      'Senior officials and experts from more than 30 countries',
      '• Map national and regional challenges.',
      'Commitments',
      'victim-centred protection',
      'endorsed',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('unpublished paragraph');
  });
});
