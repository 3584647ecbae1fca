/**
 * The documents benchmark's server part: the real server on a database of its own, an event of 1,000
 * confirmed registrations in 120 delegations (inserted in SQL), and `GET /api/v1/events/:id/badges.pdf`
 * downloaded while one client asks /health again and again; the baseline is /health alone. Photos come from
 * the server's BadgePhotos (none until the files feature is connected).
 */
import { get } from 'node:http';
import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser } from '../support/factories';
import { databaseUrlOf, freshDatabase } from './bench-support';

const PEOPLE = 1000;
const DELEGATIONS = 120;

function timed(url: string, token?: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve({ ms: performance.now() - started, bytes })
          : reject(new Error(`${url}: ${response.statusCode}`)),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function sampleHealth(url: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) latencies.push((await timed(url)).ms);
  return latencies;
}

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];

export async function badgeSheetThroughServer(): Promise<void> {
  const database = await freshDatabase();
  let app: RunningApp | undefined;
  try {
    app = await startApp({ ...database.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', MAIL_WORKER_CONCURRENCY: '0' });
    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const event = await createPublishedEvent(organiser.api, { title: 'Islamabad Conference', city: 'Islamabad' });
    const client = new Client({ connectionString: databaseUrlOf(database.env) });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO delegation (event_id, name, kind, country_code, quota, reserved_count, code)
         SELECT e.id, 'Delegation ' || d, 'organisation', NULL, 50, 0, substr(md5(e.id::text || d), 1, 12)
         FROM (SELECT $1::uuid AS id) e, generate_series(1, $2::int) d`,
        [event.id, DELEGATIONS],
      );
      await client.query(
        `INSERT INTO registration (event_id, email, given_name, family_name, job_title, category, status, manage_token_hash, badge_code, delegation_id)
         SELECT e.id, 'person' || g || '@example.org', 'Ayesha', 'Qureshi ' || g, 'Deputy Director, Ministry of Interior',
                (ARRAY['delegate', 'observer', 'speaker', 'media', 'staff', 'security'])[1 + g % 6], 'confirmed',
                md5(e.id::text || g) || md5(g || e.id::text), upper(substr(md5(g || 'badge' || e.id::text), 1, 16)),
                d.ids[1 + g % $3]
         FROM (SELECT $1::uuid AS id) e, generate_series(1, $2::int) g,
              (SELECT array_agg(id ORDER BY name) AS ids FROM delegation WHERE event_id = $1::uuid) d`,
        [event.id, PEOPLE, DELEGATIONS],
      );
    } finally {
      await client.end();
    }
    const health = `${app.url}/api/v1/health`;
    const idle = await sampleHealth(health, new Promise((resolve) => setTimeout(resolve, 3000)));
    const sheet = timed(`${app.api.baseUrl}/events/${event.id}/badges.pdf`, organiser.token);
    const [during, result] = await Promise.all([sampleHealth(health, sheet), sheet]);
    console.log(
      `through the server: ${PEOPLE.toLocaleString('en')} badges (no photos: none stored), ${(result.bytes / 1024 / 1024).toFixed(1)} MiB in ${(result.ms / 1000).toFixed(2)} s; ` +
        `/health p99 ${p99(idle).toFixed(1)} ms alone (${idle.length} requests), ${p99(during).toFixed(1)} ms meanwhile (${during.length} requests), ratio ${(p99(during) / p99(idle)).toFixed(1)}`,
    );
  } finally {
    await app?.stop();
    await database.cleanUp();
  }
}
