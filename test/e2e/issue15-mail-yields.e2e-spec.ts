import { connect, Socket } from 'node:net';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

/** Mail sending yields to requests in flight (MAIL_YIELD_SECONDS), then sends once the API is quiet. */
describe('Mail workers yield to requests in flight', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_YIELD_SECONDS: '60',
    MAIL_SEND_TIMEOUT_SECONDS: '600',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));

  /** A request the server has begun (its headers are in) and cannot answer yet: its body is still coming. */
  async function holdARequestOpen(): Promise<Socket> {
    const socket = connect(ctx.app.port, '127.0.0.1');
    await new Promise((done) => socket.once('connect', done));
    socket.write(
      `POST /api/v1/events/held/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":`,
    );
    return socket;
  }

  it('a confirmation waits while a request is in flight, and is sent once it has ended', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 100 });
    const quiet = registrant();
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, quiet)).status).toBe(201);
    await eventually(
      async () => (await mailsTo(quiet.email as string)).length === 1 || undefined,
      30_000,
      'a mail sent while all is quiet',
    );

    const held = await holdARequestOpen();
    const busy = registrant();
    try {
      expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, busy)).status).toBe(201);
      await new Promise((done) => setTimeout(done, 3000));
      expect(await mailsTo(busy.email as string)).toHaveLength(0);
    } finally {
      held.destroy();
    }
    await eventually(
      async () => (await mailsTo(busy.email as string)).length === 1 || undefined,
      30_000,
      'the mail once the request ended',
    );
  });
});
