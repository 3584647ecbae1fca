import { useRestartableMailServer } from '../support/context';
import { createPublishedEvent, invitees } from '../support/factories';
import { eventually, expectEveryoneOnceOrSameMessage, waitForMailing } from '../support/mailings';

/**
 * A relay that greets with 5xx (in maintenance, or behind a blocklist) is as unreachable as one that
 * is down: its mail is retried, as Postfix does by default (smtp_skip_5xx_greeting). Only a 5xx answer
 * to the mail's own MAIL FROM, RCPT TO or DATA fails a mail at once.
 */
describe('Mail: a relay that greets with 5xx', () => {
  const ctx = useRestartableMailServer({
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_RETRY_DELAY_SECONDS: '1',
    MAIL_SEND_TIMEOUT_SECONDS: '10',
  });
  const api = () => ctx.api();

  const mailing = async (recipients: { email: string }[]) => {
    const event = await createPublishedEvent(api());
    const response = await api().post(`/events/${event.id}/invitations`, { recipients });
    expect(response.status).toBe(202);
    return { id: response.body.mailingId as string, eventId: event.id as string };
  };
  const statuses = async (mailingId: string) =>
    (
      await ctx.database.pool.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM mail_message WHERE mailing_id = $1 GROUP BY status',
        [mailingId],
      )
    ).rows.reduce<Record<string, number>>((all, row) => ({ ...all, [row.status]: row.n }), {});

  it('while the relay greets 554, every mail is tried and kept for later; once it greets 220 again, every mail is sent and none failed', async () => {
    const recipients = invitees(40, 'greeting.example.org');
    await ctx.sink.greetWith(554);
    let mailingId = '';
    try {
      mailingId = (await mailing(recipients)).id;
      // Every mail has been tried and refused at the greeting at least once.
      await eventually(
        async () =>
          (
            await ctx.database.pool.query(
              `SELECT count(*)::int AS n FROM mail_message WHERE mailing_id = $1 AND attempts >= 1 AND last_error LIKE '%554%'`,
              [mailingId],
            )
          ).rows[0].n === recipients.length,
        30_000,
        'every mail to be refused at the greeting once',
      );
      expect(await statuses(mailingId)).toEqual({ queued: recipients.length });
      expect((await ctx.sink.messages()).length).toBe(0);
    } finally {
      expect(await ctx.sink.greetWith(null)).toBeGreaterThanOrEqual(recipients.length);
    }

    expect(await waitForMailing(api(), mailingId, 90_000)).toMatchObject({ total: 40, sent: 40, failed: 0, queued: 0 });
    const messages = (await ctx.sink.messages()).filter((message) => message.envelopeTo[0].endsWith('@greeting.example.org'));
    expectEveryoneOnceOrSameMessage(
      messages,
      recipients.map((recipient) => recipient.email),
    );
    const { rows } = await ctx.database.pool.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE mailing_id = $1 AND status = 'sent' AND attempts > 1 AND last_error LIKE '%554%'`,
      [mailingId],
    );
    expect(rows[0].n).toBe(recipients.length);
  });

  it('a relay that greets 220 and answers 550 to RCPT TO fails that mail at once, and sends the others', async () => {
    const recipients = invitees(6, 'rcpt.example.org');
    await ctx.sink.rejectRecipients(/^delegate-0000[12]@rcpt\.example\.org$/, 550);
    try {
      const { id } = await mailing(recipients);
      expect(await waitForMailing(api(), id, 60_000)).toMatchObject({ total: 6, sent: 4, failed: 2, queued: 0 });
      const { rows } = await ctx.database.pool.query(
        `SELECT to_email AS "toEmail", attempts, smtp_response AS "smtpResponse" FROM mail_message WHERE mailing_id = $1 AND status = 'failed' ORDER BY to_email`,
        [id],
      );
      expect(rows).toEqual([
        { toEmail: 'delegate-00001@rcpt.example.org', attempts: 1, smtpResponse: expect.stringMatching(/^550 /) },
        { toEmail: 'delegate-00002@rcpt.example.org', attempts: 1, smtpResponse: expect.stringMatching(/^550 /) },
      ]);
    } finally {
      await ctx.sink.rejectRecipients(null);
    }
  });
});
