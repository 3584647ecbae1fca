import { useRestartableMailServer } from '../support/context';
import { createPublishedEvent, invitees } from '../support/factories';
import { eventually, expectEveryoneOnceOrSameMessage, waitForMailing } from '../support/mailings';
import type { SinkMessage } from '../support/smtp';

/**
 * Mail survives the SMTP server going away and the sending server dying: every mail arrives, and
 * a mail sent twice is recognisably one mail (same Message-ID). Short retry delays and a short
 * send timeout (after which a dead instance's mail is handed out again) keep this file quick. The send
 * timeout is 10 s, not less: a loaded 2-core machine can take over 2 s (¾ of a 3 s timeout) for a batch
 * of 50 to a healthy relay, and the aborted sends then failed the tests that expect no abort.
 */
describe('Mail: outages and crashes', () => {
  const ctx = useRestartableMailServer({
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_RETRY_DELAY_SECONDS: '1',
    MAIL_SEND_TIMEOUT_SECONDS: '10',
    MAIL_QUEUE_MAINTENANCE_SECONDS: '1',
  });
  const api = () => ctx.api();

  /** Sends invitations to `count` new addresses at `domain`; returns the mailing id and the addresses. */
  const mailing = async (count: number, domain: string) => {
    const event = await createPublishedEvent(api());
    const recipients = invitees(count, domain);
    const response = await api().post(`/events/${event.id}/invitations`, { recipients });
    expect(response.status).toBe(202);
    return { id: response.body.mailingId as string, emails: recipients.map((recipient) => recipient.email) };
  };
  const received = async (domain: string): Promise<SinkMessage[]> =>
    (await ctx.sink.messages()).filter((message) => message.envelopeTo[0].endsWith(`@${domain}`));

  it('while the SMTP server refuses connections, a 500-mail mailing waits and retries; when it is back all 500 arrive, none twice', async () => {
    await ctx.sink.refuseConnections(true);
    const { id, emails } = await mailing(500, 'outage.example.org');
    try {
      // Every mail has been tried and failed at least once while the server was away.
      await eventually(
        async () =>
          (
            await ctx.database.pool.query(
              `SELECT count(*)::int AS n FROM mail_message WHERE mailing_id = $1 AND attempts >= 1 AND last_error IS NOT NULL`,
              [id],
            )
          ).rows[0].n === 500,
        30_000,
        'every mail to fail once',
      );
      expect(await received('outage.example.org')).toEqual([]);
    } finally {
      await ctx.sink.refuseConnections(false);
    }

    const progress = await waitForMailing(api(), id, 60_000);
    expect(progress).toMatchObject({ total: 500, sent: 500, failed: 0, queued: 0 });
    const messages = await received('outage.example.org');
    expect(messages).toHaveLength(500);
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(500);
    expectEveryoneOnceOrSameMessage(messages, emails);

    const log = await api().get(`/events/${await eventOfMailing(id)}/mail-log?pageSize=200`);
    expect(log.body.total).toBe(500);
    for (const entry of log.body.items) {
      expect(entry).toMatchObject({
        status: 'sent',
        smtpResponse: expect.stringMatching(/^250 /),
        lastError: expect.stringMatching(/ECONNREFUSED|ECONNECTION|ESOCKET/),
      });
      expect(entry.attempts).toBeGreaterThan(1);
    }
  });

  it('when the sending server is killed (SIGKILL) mid-mailing and started again, everyone gets the mail; a duplicate carries the same Message-ID and there are no more duplicates than mails in flight', async () => {
    await ctx.sink.setDelay(25); // a slow server, so the kill lands mid-mailing
    const { id, emails } = await mailing(600, 'crash.example.org');
    await eventually(async () => (await received('crash.example.org')).length >= 150, 30_000, '150 mails to arrive');
    ctx.app.process.child.kill('SIGKILL');
    await ctx.app.process.exited;

    const before = await received('crash.example.org');
    expect(before.length).toBeLessThan(600);
    // Taken for sending but not recorded as sent: the most that can arrive twice.
    const { rows } = await ctx.database.pool.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE mailing_id = $1 AND status = 'queued' AND attempts >= 1`,
      [id],
    );
    const inFlight = rows[0].n;
    expect(inFlight).toBeGreaterThan(0); // the kill did land mid-send

    await ctx.sink.setDelay(0);
    await ctx.start();
    const progress = await waitForMailing(api(), id, 60_000);
    expect(progress).toMatchObject({ total: 600, sent: 600, failed: 0 });

    const messages = await received('crash.example.org');
    expectEveryoneOnceOrSameMessage(messages, emails);
    const duplicates = messages.length - 600;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
  });

  it('on SIGTERM the server finishes the mails it holds and hands the rest back: after a restart everyone gets exactly one mail', async () => {
    await ctx.sink.setDelay(25);
    const { id, emails } = await mailing(400, 'restart.example.org');
    await eventually(async () => (await received('restart.example.org')).length >= 100, 30_000, '100 mails to arrive');
    expect(await ctx.app.stop('SIGTERM')).toBe(0);

    // Nothing was left half-sent: every mail the workers took has its outcome recorded, sent or handed back
    // with the reason (on a loaded machine, mail still waiting for a connection at the send deadline is
    // aborted and handed back: EABORT).
    const { rows } = await ctx.database.pool.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE mailing_id = $1 AND status = 'queued' AND attempts >= 1 AND last_error IS NULL`,
      [id],
    );
    expect(rows[0].n).toBe(0);
    const before = (await received('restart.example.org')).length;
    expect(before).toBeLessThan(400);

    await ctx.sink.setDelay(0);
    await ctx.start();
    await waitForMailing(api(), id, 30_000);
    const messages = await received('restart.example.org');
    expect(messages).toHaveLength(400);
    expectEveryoneOnceOrSameMessage(messages, emails);
  });

  it('with a relay too slow for a batch, mail not sent before the send timeout goes back to the queue instead of being sent twice', async () => {
    // Two batches of 50 through 5 connections at 500 ms a mail take 10 s; they cannot finish within ¾ of the 10 s send timeout.
    await ctx.sink.setDelay(500);
    const { id, emails } = await mailing(100, 'slow.example.org');
    try {
      expect(await waitForMailing(api(), id, 60_000)).toMatchObject({ total: 100, sent: 100, failed: 0 });
    } finally {
      await ctx.sink.setDelay(0);
    }
    const messages = await received('slow.example.org');
    expectEveryoneOnceOrSameMessage(messages, emails);
    expect(messages.length - 100).toBeLessThanOrEqual(5); // at most the pool's 5 connections were cut mid-message
    const { rows } = await ctx.database.pool.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE mailing_id = $1 AND attempts > 1 AND last_error LIKE '%abort%'`,
      [id],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  async function eventOfMailing(mailingId: string): Promise<string> {
    const { rows } = await ctx.database.pool.query('SELECT event_id FROM mailing WHERE id = $1', [mailingId]);
    return rows[0].event_id;
  }
});
