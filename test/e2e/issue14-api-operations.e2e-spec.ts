import { useApp } from '../support/context';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';

/** The request log lines (pino-http's "request completed" and the like) of the server's output, parsed. */
function logLines(output: string[]): any[] {
  return output.flatMap((line) => {
    try {
      const parsed = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** Issue 14 (#6, #14): what an operator sees in the request log and what a throttled client is told. */
describe('Operations: the request log and the rate limit', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '3', MAIL_WORKER_CONCURRENCY: '0' });
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  it('logs each request once, with its request id', async () => {
    const event = await createPublishedEvent(organiser.api);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${ctx.app.url}/api/v1/events/${event.slug}`, {
        headers: { 'x-request-id': `count-${i}-${event.slug}` },
      });
      expect(response.status).toBe(200);
      ids.push(response.headers.get('x-request-id')!);
    }
    const missing = await fetch(`${ctx.app.url}/api/v1/events/no-such-event-${event.slug}`, {
      headers: { 'x-request-id': `count-404-${event.slug}` },
    });
    expect(missing.status).toBe(404);
    ids.push(`count-404-${event.slug}`);
    const page = await fetch(`${ctx.app.url}/events/${event.slug}`, { headers: { 'x-request-id': `count-page-${event.slug}` } });
    expect(page.status).toBe(200);
    ids.push(`count-page-${event.slug}`);
    const home = await fetch(`${ctx.app.url}/`, { headers: { 'x-request-id': `count-home-${event.slug}` } });
    expect(home.status).toBe(200);
    ids.push(`count-home-${event.slug}`);
    const agenda = await fetch(`${ctx.app.url}/api/v1/events/${event.slug}/agenda`);
    expect(agenda.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const cached = await fetch(`${ctx.app.url}/api/v1/events/${event.slug}/agenda`, {
        headers: { 'x-request-id': `count-agenda-${i}-${event.slug}` },
      });
      expect(cached.status).toBe(200);
      ids.push(`count-agenda-${i}-${event.slug}`);
    }
    const css = await fetch(`${ctx.app.url}/assets/plenary.css`, { headers: { 'x-request-id': `count-css-${event.slug}` } });
    expect(css.status).toBe(200);
    ids.push(`count-css-${event.slug}`);

    await eventually(
      async () => logLines(ctx.app.process.output).some((line) => line.req?.id === ids[ids.length - 1]),
      10_000,
      'the last request logged',
    );
    await new Promise((done) => setTimeout(done, 500)); // a second line, if any, is written right after the first
    const perRequest = ids.map((id) => logLines(ctx.app.process.output).filter((line) => line.req?.id === id || line.reqId === id).length);
    expect(perRequest).toEqual(ids.map(() => 1));
  });

  it('never writes a secret carried in a URL to the log: invitation, manage and delegation links, tokens', async () => {
    const event = await createPublishedEvent(organiser.api, { inviteOnly: true });
    const secrets = ['inv1tat10nT0kenSecretValue', 'man4geT0kenSecretValue', 'DELEGC0DE9', 'resetT0kenSecretValue', 'apiT0kenSecretValue'];
    const urls = [
      `/events/${event.slug}/register?invitation=${secrets[0]}`,
      `/registrations/manage/${secrets[1]}`,
      `/api/v1/registrations/manage/${secrets[1]}/badge.pdf`,
      `/events/${event.slug}/register?delegation=${secrets[2]}&lang=en`,
      `/api/v1/events/${event.slug}?reset_token=${secrets[3]}`,
      `/api/v1/events/${event.slug}?lang=en&accessToken=${secrets[4]}`,
    ];
    const ids = urls.map((_url, index) => `secret-${index}-${event.slug}`);
    for (const [index, url] of urls.entries())
      await (await fetch(`${ctx.app.url}${url}`, { headers: { 'x-request-id': ids[index] } })).arrayBuffer();
    // Each request's line is written when its response has gone out, in no promised order: wait for all of them.
    await eventually(
      async () => {
        const logged = new Set(logLines(ctx.app.process.output).map((line) => line.req?.id));
        return ids.every((id) => logged.has(id));
      },
      30_000,
      'the requests logged',
    );

    const logged = ctx.app.process.output.join('\n');
    for (const secret of secrets) expect(logged).not.toContain(secret);
    const registerLine = logLines(ctx.app.process.output).find((line) =>
      line.req?.url?.startsWith(`/events/${event.slug}/register?delegation=`),
    );
    expect(registerLine.req.url).toBe(`/events/${event.slug}/register?delegation=…&lang=en`); // what is not secret stays readable
  });

  it('answers the 429 of the registration limit with a standard Retry-After header', async () => {
    const event = await createPublishedEvent(organiser.api);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant()));
    expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([201, 201, 201]);
    const limited = answers[3];
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.headers.get('retry-after-registration')).toBeNull();
    expect(answers[0].headers.get('x-ratelimit-limit')).toBe('3');
  });
});
