/**
 * `npm run bench console`: the organisers' console under load. An event with 20,000 registrations in 60
 * delegations (delegations through the API, registrations by SQL), then, at 10 connections, the console's
 * registrations page (first page, a filter, a search) and the dashboard, next to the API's
 * `GET /events/:id/registrations` with the same filters in the same run (the baseline). Prints the query
 * plans of the list's statements. Uses DATABASE_URL's server (a new database) or an embedded PostgreSQL.
 */
import { Client } from 'pg';
import { listStatements } from '../../src/registrations/registration-list';
import { RunningApp, startApp } from '../support/app';
import { httpSignIn } from '../support/console';
import { createPublishedEvent, createUser, expectStatus } from '../support/factories';
import { databaseUrlOf, freshDatabase, measure, median, ROUNDS, SECONDS, Target } from './bench-support';

export const description =
  'console registrations page (first page, filter, search) and dashboard, 20,000 registrations, 10 connections, vs the API list';

const CONNECTIONS = 10;
const REGISTRATIONS = 20_000;
const DELEGATIONS = 60;

async function seed(databaseUrl: string, eventId: string, delegationIds: string[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO registration (event_id, email, given_name, family_name, organisation, status, category, delegation_id,
                                 manage_token_hash, badge_code, created_at)
       SELECT $1::uuid, 'person' || n || '@example.org',
              (ARRAY['Amina', 'José', 'Li', 'محمد', 'Olga', 'Zainab'])[1 + n % 6],
              'F' || substr(md5(n::text), 1, 10),
              'Organisation ' || substr(md5((n * 7)::text), 1, 8),
              (ARRAY['confirmed', 'confirmed', 'pending', 'cancelled'])[1 + n % 4],
              (ARRAY['delegate', 'delegate', 'observer', 'media', 'speaker'])[1 + n % 5],
              ($2::uuid[])[1 + n % array_length($2::uuid[], 1)],
              md5(n::text) || md5((n + 1)::text),
              'B' || substr(md5(n::text || 'badge'), 1, 24),
              now() - make_interval(mins => n * 3)
       FROM generate_series(1, $3::int) AS n`,
      [eventId, delegationIds, REGISTRATIONS],
    );
    await client.query(
      `UPDATE delegation d SET reserved_count = (SELECT count(*) FROM registration r WHERE r.delegation_id = d.id AND r.status IN ('pending', 'confirmed'))
       WHERE d.event_id = $1`,
      [eventId],
    );
    await client.query('VACUUM ANALYZE registration');
    for (const [what, filters] of [
      ['first page', {}],
      ['filter: confirmed in one delegation', { status: 'confirmed' as const, delegationId: delegationIds[8] }],
      ['search: "f3a"', { q: 'f3a' }],
    ] as const) {
      const { page, count } = listStatements(eventId, filters, { offset: 0, limit: 50 });
      for (const [name, [text, parameters]] of [
        ['page', page],
        ['count', count],
      ] as const) {
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, parameters);
        console.log(`-- plan of the ${what}, ${name}:`);
        for (const row of plan.rows) console.log(`   ${row['QUERY PLAN']}`);
      }
    }
  } finally {
    await client.end();
  }
}

export async function run(): Promise<void> {
  const database = await freshDatabase();
  let app: RunningApp | undefined;
  try {
    app = await startApp({ ...database.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '0', JWT_SECRET: 'x'.repeat(40) });
    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const event = await createPublishedEvent(organiser.api, { title: 'Bench Conference', capacity: null });
    const delegationIds: string[] = [];
    for (let index = 0; index < DELEGATIONS; index++) {
      const created = expectStatus(
        await organiser.api.post(`/events/${event.id}/delegations`, {
          name: `Delegation ${index + 1}`,
          kind: 'organisation',
          organisationName: `Org ${index}`,
          quota: 1000,
        }),
        201,
        'delegation',
      );
      delegationIds.push(created.id);
    }
    const seeding = Date.now();
    await seed(databaseUrlOf(database.env), event.id, delegationIds);
    console.log(`seeded ${REGISTRATIONS} registrations in ${DELEGATIONS} delegations in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

    const { cookie } = await httpSignIn(app.url, organiser.email);
    const api = { authorization: `Bearer ${organiser.token}` };
    const filter = `status=confirmed&delegationId=${delegationIds[8]}`;
    const consoleList = `${app.url}/console/events/${event.id}/registrations`;
    const apiList = `${app.url}/api/v1/events/${event.id}/registrations?pageSize=50`;
    const targets: Target[] = [
      { name: 'baseline: API list, first page (50)', url: apiList, headers: api },
      { name: 'API list, filtered', url: `${apiList}&${filter}`, headers: api },
      { name: 'API list, search', url: `${apiList}&q=f3a`, headers: api },
      { name: 'console registrations, first page', url: consoleList, headers: { cookie } },
      { name: 'console registrations, filtered', url: `${consoleList}?${filter}`, headers: { cookie } },
      { name: 'console registrations, search', url: `${consoleList}?q=f3a`, headers: { cookie } },
      { name: 'console dashboard', url: `${app.url}/console/events/${event.id}`, headers: { cookie } },
    ];
    for (const target of targets) {
      const response = await fetch(target.url, { headers: target.headers, redirect: 'manual' });
      if (response.status !== 200) throw new Error(`${target.name}: ${response.status}`);
    }
    for (const target of targets) await measure(target, 2, CONNECTIONS); // warm-up
    const rounds: Awaited<ReturnType<typeof measure>>[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results = [];
      for (const target of targets) results.push(await measure(target, SECONDS, CONNECTIONS));
      rounds.push(results);
    }
    console.log(`${CONNECTIONS} connections; ${ROUNDS} interleaved rounds of ${SECONDS} s per target after a 2 s warm-up; medians`);
    targets.forEach((target, index) => {
      const requests = median(rounds.map((round) => round[index].requestsPerSecond));
      const p97 = median(rounds.map((round) => round[index].p97_5));
      // Each console page against the API answering the same question (the dashboard against the API's first page).
      const baseline = { 4: 1, 5: 2 }[index] ?? 0;
      const ratio =
        index === 0
          ? ''
          : `   ratio to ${targets[baseline].name.replace('baseline: ', '')}: ${median(rounds.map((round) => round[index].requestsPerSecond / round[baseline].requestsPerSecond)).toFixed(2)}`;
      console.log(`${target.name.padEnd(40)} ${requests.toFixed(0).padStart(6)} req/s   p97.5 ${String(p97).padStart(4)} ms${ratio}`);
    });
    console.log('targets: p95 under 300 ms for each console page (p97.5 shown, which is higher); console filtered / API filtered ≥ 0.5');
    if (rounds.flat().some((measured) => measured.failures > 0)) throw new Error('Some benchmark requests failed');
  } finally {
    await app?.stop();
    await database.cleanUp();
  }
}
