/**
 * The documents benchmark's server part: the real server (`node dist/src/main.js`) on a database of its own,
 * seeded in SQL (documents-seed.ts), makes each document for a client that downloads it as fast as it can:
 *
 * - `GET /events/:id/badges.pdf`: the A4 badge sheet of 1,000 accredited people, each with a stored photo;
 * - `GET /events/:id/participants.pdf`: the List of Participants of 500 and of 2,000 people in 120 delegations;
 * - `GET /events/:id/letters.zip`: the visa letters of 100 and 500 people (BENCH_LETTERS_MAX=2000 adds 2,000: about
 *   ten minutes more, at some 0.3 s a letter).
 *
 * BENCH_DOCUMENTS (e.g. `participants,letters`) picks some of `badges`, `participants` and `letters`.
 *
 * Each document is made by a server started for it alone (so that no earlier document's garbage counts), after
 * 3 s of `/health` requests one after the other on the idle server; then the server's peak RSS is reset
 * (`/proc/<pid>/clear_refs`, 5) and the document requested while the same loop of `/health` requests goes on.
 * Peak RSS is the kernel's VmHWM of the server process over the document alone. Each document is then checked
 * (documents-seed.ts: the bench fails on a wrong one), and pdfkit writes as many pages of plain text in a process
 * of its own (badge-sheet-worker.ts `text`), the baseline, whose peak RSS is the same kernel figure.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { DataCipher } from '../../src/common/crypto/data-cipher';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser, expectStatus } from '../support/factories';
import { fileForm } from '../support/letters';
import { databaseUrlOf, freshDatabase } from './bench-support';
import { checkBadgeSheet, checkLetters, checkParticipants, seedBadges, seedLetters, seedParticipants } from './documents-seed';

const IDLE_MS = 3000;

/** One document through the server, and the baseline of as many pages beside it. */
export interface ServerMeasurement {
  document: string;
  count: number;
  pages: number;
  bytes: number;
  ms: number;
  /** The server's RSS on the idle server, just before the request. */
  rssBeforeKiB: number;
  /** The server's VmHWM over the document alone (reset before it), or the highest VmRSS sampled every 20 ms where it cannot be reset. */
  peakRssKiB: number;
  /** The server's RSS sampled when a quarter, half, three quarters and all of the document's time had passed. */
  rssQuartersKiB: number[];
  healthIdle: number[];
  healthDuring: number[];
  baseline: { ms: number; bytes: number; rssBeforeKiB: number; peakRssKiB: number };
}

function procStatus(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Resets the process's VmHWM to its current RSS (Linux ≥ 4.0); false where that is not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function timed(url: string, token?: string, file?: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      const done = () =>
        response.statusCode === 200
          ? resolve({ ms: performance.now() - started, bytes })
          : reject(new Error(`${url}: ${response.statusCode}`));
      if (file) pipeline(response, createWriteStream(file)).then(done, reject);
      else {
        response.on('end', done);
        response.on('error', reject);
        response.resume();
      }
    }).on('error', reject);
  });
}

/** `/health` asked again and again by one client, each request after the answer to the last, until `stop` settles. */
async function sampleHealth(url: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.then(
    () => (done = true),
    () => (done = true),
  );
  const latencies: number[] = [];
  while (!done) latencies.push((await timed(url)).ms);
  return latencies;
}

export const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];

/** pdfkit's plain text on `pages` A4 pages, in a process of its own (badge-sheet-worker.ts). */
function baseline(pages: number): ServerMeasurement['baseline'] {
  const output = execFileSync(process.execPath, [join(__dirname, 'badge-sheet-worker.js'), 'text', String(pages)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!) as ServerMeasurement['baseline'];
}

interface Phase {
  document: string;
  count: number;
  path: string;
  file: string;
  check(file: string, count: number): number | Promise<number>;
}

export async function documentsThroughServer(): Promise<{ measurements: ServerMeasurement[]; peakReset: boolean }> {
  const lettersMax = Number(process.env.BENCH_LETTERS_MAX ?? 500);
  const kinds = (process.env.BENCH_DOCUMENTS ?? 'badges,participants,letters').split(',');
  const database = await freshDatabase();
  const key = randomBytes(32);
  const env = {
    ...database.env,
    DATA_ENCRYPTION_KEY: key.toString('hex'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    MAIL_WORKER_CONCURRENCY: '0',
  };
  const dir = mkdtempSync(join(tmpdir(), 'plenary-documents-'));
  let app: RunningApp | undefined;
  const measurements: ServerMeasurement[] = [];
  let peakReset = true;
  try {
    // Seeding: events and letter templates through the API, people in SQL.
    app = await startApp(env);
    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const newEvent = (title: string) => createPublishedEvent(organiser.api, { title, city: 'Islamabad' }) as Promise<{ id: string }>;
    const client = new Client({ connectionString: databaseUrlOf(database.env) });
    await client.connect();
    const phases: Phase[] = [];
    const started = performance.now();
    try {
      if (kinds.includes('badges')) {
        const badges = await newEvent('Badges');
        await seedBadges(client, badges.id, 1000);
        phases.push({
          document: 'A4 badge sheet, with photos',
          count: 1000,
          path: `/events/${badges.id}/badges.pdf`,
          file: 'badges.pdf',
          check: checkBadgeSheet,
        });
      }
      for (const count of kinds.includes('participants') ? [500, 2000] : []) {
        const event = await newEvent(`List of Participants ${count}`);
        await seedParticipants(client, event.id, count);
        expectStatus(
          await organiser.api.post(`/events/${event.id}/participants/publish`, { status: 'provisional' }),
          200,
          'publishing the list',
        );
        phases.push({
          document: 'List of Participants',
          count,
          path: `/events/${event.id}/participants.pdf`,
          file: `participants-${count}.pdf`,
          check: checkParticipants,
        });
      }
      const letterCounts = kinds.includes('letters') ? [100, 500, lettersMax] : [];
      for (const count of letterCounts.filter((value, index, all) => value > 0 && all.indexOf(value) === index)) {
        const event = await newEvent(`Visa letters ${count}`);
        const { letterhead } = await seedLetters(client, event.id, count, new DataCipher(key));
        const template = expectStatus(await organiser.api.get(`/events/${event.id}/letter-template`), 200, 'the default letter template');
        expectStatus(
          await organiser.api.put(`/events/${event.id}/letter-template`, {
            body: template.body,
            signatoryName: 'Amb. Farah Siddiqui',
            signatoryTitle: 'Director General (UN & Conferences), Ministry of Foreign Affairs',
          }),
          200,
          'saving the letter template',
        );
        const uploaded = await fetch(`${app.api.baseUrl}/events/${event.id}/letter-template/letterhead`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${organiser.token}` },
          body: fileForm(letterhead, 'letterhead.png', 'image/png'),
        });
        if (uploaded.status !== 200) throw new Error(`uploading the letterhead: ${uploaded.status} ${await uploaded.text()}`);
        phases.push({
          document: 'visa letters, ZIP',
          count,
          path: `/events/${event.id}/letters.zip`,
          file: `letters-${count}.zip`,
          check: checkLetters,
        });
      }
      await client.query('VACUUM ANALYZE');
    } finally {
      await client.end();
    }
    await app.stop();
    app = undefined;
    console.log(`through the server: seeded in ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadAverage()}`);

    for (const phase of phases) {
      app = await startApp(env);
      const pid = app.process.child.pid!;
      const health = `${app.url}/api/v1/health`;
      const healthIdle = await sampleHealth(health, new Promise((resolve) => setTimeout(resolve, IDLE_MS)));
      const rssBeforeKiB = procStatus(pid).rss;
      peakReset = resetPeak(pid) && peakReset;
      const samples: { at: number; rss: number }[] = [];
      const asked = performance.now();
      const sampler = setInterval(() => samples.push({ at: performance.now() - asked, rss: procStatus(pid).rss }), 20);
      const file = join(dir, phase.file);
      const made = timed(`${app.api.baseUrl}${phase.path}`, organiser.token, file);
      const [healthDuring, result] = await Promise.all([sampleHealth(health, made), made]);
      clearInterval(sampler);
      samples.push({ at: performance.now() - asked, rss: procStatus(pid).rss });
      const peakRssKiB = peakReset ? procStatus(pid).hwm : Math.max(...samples.map((sample) => sample.rss));
      const rssQuartersKiB = [0.25, 0.5, 0.75, 1].map(
        (quarter) => samples.find((sample) => sample.at >= quarter * result.ms)?.rss ?? samples[samples.length - 1].rss,
      );
      await app.stop();
      app = undefined;
      const pages = await phase.check(file, phase.count);
      const measurement: ServerMeasurement = {
        document: phase.document,
        count: phase.count,
        pages,
        bytes: statSync(file).size,
        ms: result.ms,
        rssBeforeKiB,
        peakRssKiB,
        rssQuartersKiB,
        healthIdle,
        healthDuring,
        baseline: baseline(pages),
      };
      rmSync(file);
      measurements.push(measurement);
      console.log(
        `  ${phase.document} of ${phase.count.toLocaleString('en')}: ${pages} pages, ${(measurement.bytes / 1024 / 1024).toFixed(1)} MiB in ${(result.ms / 1000).toFixed(2)} s, ` +
          `peak RSS ${mib(peakRssKiB)} (${mib(rssBeforeKiB)} idle; at each quarter of the time ${rssQuartersKiB.map(mib).join(', ')}); /health p99 ${p99(healthDuring).toFixed(1)} ms (${healthDuring.length} requests); load average ${loadAverage()}`,
      );
    }
    return { measurements, peakReset };
  } finally {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
    await database.cleanUp();
  }
}

export const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
