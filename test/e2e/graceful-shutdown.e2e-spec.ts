import { connect } from 'node:net';
import type { PoolClient } from 'pg';
import { useRestartableMailServer } from '../support/context';
import { createEvent, createPublishedEvent, invitees } from '../support/factories';
import { eventually, expectEveryoneOnceOrSameMessage, waitForMailing } from '../support/mailings';

/**
 * SIGTERM as a deploy sends it: the instance stops taking connections at once, answers the requests it
 * is already handling, lets its mail workers finish (or hand back) what they hold, then exits 0.
 * (mail-resilience.e2e-spec.ts proves the mail side in depth: nothing left half-sent, exactly one mail
 * each after a restart; the embedded PostgreSQL stopping on SIGTERM is in embedded-database.e2e-spec.ts.)
 */
describe('Graceful shutdown on SIGTERM', () => {
  const ctx = useRestartableMailServer({
    MAIL_BATCH_SIZE: '10',
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_SEND_TIMEOUT_SECONDS: '20',
    MAIL_RETRY_DELAY_SECONDS: '1',
  });

  const refusesConnections = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
  const mailHeld = async () =>
    (await ctx.database.pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail' AND state = 'active'`)).rows[0]
      .n as number;

  it('refuses new connections at once, while it still sends the mail it holds and finishes a request in flight; after a restart everyone has the mailing once', async () => {
    const api = ctx.api();
    const mailingEvent = await createPublishedEvent(api);
    const recipients = invitees(100, 'shutdown.example.org');
    await ctx.sink.setDelay(300); // a slow relay: the workers hold mail when SIGTERM comes
    const mailing = await api.post(`/events/${mailingEvent.id}/invitations`, { recipients });
    expect(mailing.status).toBe(202);
    await eventually(async () => (await ctx.sink.count()).count >= 5, 30_000, 'the mailing to be under way');

    // A request in flight: its event's row is locked here, so it waits inside the handler, in a transaction.
    const event = await createEvent(api);
    const lock: PoolClient = await ctx.database.pool.connect();
    let renamed: Promise<{ status: number; body: any }> | undefined;
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM event WHERE id = $1 FOR UPDATE', [event.id]);
      renamed = api.patch(`/events/${event.id}`, { title: 'Renamed while the server stops' });
      await eventually(
        async () =>
          (await ctx.database.pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'plenary' AND wait_event_type = 'Lock'`))
            .rowCount,
        10_000,
        'the rename to wait for the row lock',
      );

      ctx.app.process.child.kill('SIGTERM');
      await ctx.app.process.waitFor(/SIGTERM received/);
      await eventually(() => refusesConnections(ctx.app.port), 10_000, 'the port to refuse connections');
      // Not accepting any more, yet still working: the request waits, the workers still hold mail.
      expect(ctx.app.process.child.exitCode).toBeNull();
      expect(await mailHeld()).toBeGreaterThan(0);
    } finally {
      await lock.query('COMMIT');
      lock.release();
    }

    const answer = await renamed;
    expect(answer.status).toBe(200);
    expect(answer.body.title).toBe('Renamed while the server stops');
    expect(await ctx.app.process.exited).toBe(0);
    expect(ctx.app.process.output.some((line) => /Stopped cleanly/.test(line))).toBe(true);
    expect(await mailHeld()).toBe(0); // finished or handed back, none left in a dead worker's hands

    await ctx.sink.setDelay(0);
    await ctx.start();
    expect(await waitForMailing(ctx.api(), mailing.body.mailingId, 60_000)).toMatchObject({ total: 100, sent: 100, failed: 0 });
    const messages = (await ctx.sink.messages()).filter((message) => message.envelopeTo[0].endsWith('@shutdown.example.org'));
    expectEveryoneOnceOrSameMessage(
      messages,
      recipients.map((recipient) => recipient.email),
    );
  });
});
