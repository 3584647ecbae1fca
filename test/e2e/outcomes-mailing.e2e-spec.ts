import { useApp } from '../support/context';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import { eventually, waitForMailing } from '../support/mailings';
import { createOutcome, editOutcome, outcomeStep } from '../support/outcomes';
import { useSmtpSink } from '../support/smtp';

/** The outcome summary reaches each confirmed registrant once per published version, sanitised. */
describe('Outcome summary mailing', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'https://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  it('sends the published version to every confirmed registrant exactly once, and refuses to send that version again', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 12, approvalRequired: false });
    const confirmed = Array.from({ length: 12 }, (_, i) => registrant({ givenName: i === 0 ? '<script>alert(1)</script>' : 'Delegate' }));
    for (const person of confirmed) await ctx.app.api.post(`/events/${event.id}/registrations`, person);
    const waiting = registrant();
    expect((await ctx.app.api.post(`/events/${event.id}/registrations`, waiting)).body.status).toBe('waitlisted');

    const body = [
      '# Outcome statement',
      '',
      'The participants agreed to establish an informal Peer-to-Peer Network of practitioners.',
      '',
      '<script>alert("x")</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))',
    ].join('\n');
    const document = await createOutcome(organiser.api, event.id, { title: 'Islamabad Outcome Statement', body });
    const commitments = await organiser.api.put(`/outcomes/${document.id}/commitments`, {
      commitments: [
        { theme: 'Fraudulent documentation', text: 'Share alerts on forged travel documents', status: 'endorsed', leads: ['INTERPOL'] },
      ],
    });
    expect(commitments.status).toBe(200);
    expect((await organiser.api.post(`/outcomes/${document.id}/mailings`, { audience: 'confirmed' })).status).toBe(409); // a draft has no summary yet
    await outcomeStep(organiser.api, document.id, 'submit');
    await outcomeStep(organiser.api, document.id, 'publish');

    const rapporteur = await createUser(ctx.app.api, 'member');
    await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' });
    expect((await rapporteur.api.post(`/outcomes/${document.id}/mailings`, { audience: 'confirmed' })).status).toBe(403);
    expect((await organiser.api.post(`/outcomes/${document.id}/mailings`, { audience: 'everyone' })).status).toBe(400);

    const sent = await organiser.api.post(`/outcomes/${document.id}/mailings`, { audience: 'confirmed' });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ mailingId: expect.any(String), total: 12, version: 1 });
    const again = await organiser.api.post(`/outcomes/${document.id}/mailings`, { audience: 'all' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SUMMARY_ALREADY_SENT');

    expect(await waitForMailing(organiser.api, sent.body.mailingId)).toEqual(expect.objectContaining({ total: 12, sent: 12, failed: 0 }));
    const summaries = await eventually(
      async () => {
        const messages = (await smtp.sink.messages()).filter((message) => /Islamabad Outcome Statement/.test(message.subject ?? ''));
        return messages.length >= 12 ? messages : undefined;
      },
      30_000,
      '12 summaries',
    );
    const recipients = summaries.flatMap((message) => message.envelopeTo);
    expect(new Set(recipients)).toEqual(new Set(confirmed.map((person) => person.email)));
    expect(recipients).toHaveLength(12);
    expect(recipients).not.toContain(waiting.email);
    for (const message of summaries) {
      expect(message.text).toContain(`https://plenary.example.org/events/${event.slug}/outcomes/${document.id}`);
      expect(message.text).toContain('Share alerts on forged travel documents');
      expect(message.html).not.toMatch(/<script|onerror|javascript:/i);
    }
    const escaped = summaries.find((message) => message.envelopeTo.includes(confirmed[0].email as string))!;
    expect(escaped.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // A new published version may be summarised again.
    await editOutcome(organiser.api, document.id, 1, `${body}\n\nAdded after review.`);
    await outcomeStep(organiser.api, document.id, 'publish');
    const second = await organiser.api.post(`/outcomes/${document.id}/mailings`, { audience: 'confirmed' });
    expect(second.status).toBe(202);
    expect(second.body.version).toBe(2);
  });
});
