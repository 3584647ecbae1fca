/**
 * The outcome PDF under load. Starts the real server on a database of its own, publishes an outcome
 * document of 200,000 characters (the longest body accepted: headings, paragraphs and lists in English and
 * Arabic, plus a table of 40 commitments), then downloads its PDF 12 at a time, anonymously, in rounds,
 * while one client asks GET /api/v1/health again and again. The baseline, in the same run, is /health
 * with nothing else going on. It prints /health's p99 in both cases and their ratio; the first round
 * (the first downloads after publication) separately from the later ones.
 */
import { get } from 'node:http';
import { RunningApp, startApp } from '../support/app';
import { createPublishedEvent, createUser, expectStatus } from '../support/factories';
import { freshDatabase, median } from './bench-support';

export const description =
  '/health p99 while 12 parallel anonymous downloads of a 200,000-character published outcome PDF run, vs /health alone';

const PARALLEL = 12;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BODY_LENGTH = 200_000;

/** A long outcome statement: sections of paragraphs and lists, one in four in Arabic, cut at exactly `length` characters. */
export function largeOutcomeBody(length = BODY_LENGTH): string {
  const english =
    'Senior officials and experts from more than 30 countries agreed to strengthen cooperation against the smuggling of migrants, to share information on fraudulent documents, and to protect the rights of smuggled migrants. ';
  const arabic = 'يؤكد المشاركون التزامهم بمكافحة تهريب المهاجرين وحماية الضحايا وتعزيز التعاون الإقليمي بين الدول والمنظمات الدولية. ';
  const parts: string[] = [];
  let size = 0;
  for (let section = 1; size < length; section++) {
    const text = [
      `## ${section}. Section ${section}`,
      '',
      english.repeat(3),
      '',
      `- ${english}`,
      `- ${english}`,
      '',
      section % 4 === 0 ? arabic.repeat(3) : english.repeat(2),
      '',
      '',
    ].join('\n');
    parts.push(text);
    size += text.length;
  }
  return parts.join('').slice(0, length);
}

/** GETs the URL (no client time-out: a blocked server may take minutes) and returns how long it took (ms). */
function timed(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url} answered ${response.statusCode}`)),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** Asks /health one request after another until `stop` resolves; returns every latency (ms). */
async function sampleHealth(url: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) latencies.push(await timed(url));
  return latencies;
}

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];

export async function run(): Promise<void> {
  const database = await freshDatabase();
  let app: RunningApp | undefined;
  try {
    app = await startApp({ ...database.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' });
    const organiser = await createUser(app.api, 'organiser', 'Bench Organiser');
    const event = await createPublishedEvent(organiser.api, { title: 'Regional Conference on Migrant Smuggling', city: 'Islamabad' });
    const document = expectStatus(
      await organiser.api.post(`/events/${event.id}/outcomes`, {
        title: 'Islamabad Outcome Statement',
        kind: 'outcome_statement',
        body: largeOutcomeBody(),
      }),
      201,
      'creating the document',
    );
    const commitments = Array.from({ length: 40 }, (_, index) => ({
      theme: `Theme ${index + 1}`,
      text: `Commitment ${index + 1}: exchange information on fraudulent documents within six months.`,
      leads: ['UNODC', 'IOM'],
      status: 'endorsed',
    }));
    expectStatus(await organiser.api.put(`/outcomes/${document.id}/commitments`, { commitments }), 200, 'setting commitments');
    expectStatus(await organiser.api.post(`/outcomes/${document.id}/submit`), 200, 'submitting');
    expectStatus(await organiser.api.post(`/outcomes/${document.id}/publish`), 200, 'publishing');
    const health = `${app.url}/api/v1/health`;
    const pdfUrl = `${app.api.baseUrl}/outcomes/${document.id}/document.pdf`;

    const idle = await sampleHealth(health, new Promise((resolve) => setTimeout(resolve, 3000)));
    const rounds: { health: number[]; downloads: number[] }[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const downloads = Promise.all(Array.from({ length: PARALLEL }, () => timed(pdfUrl)));
      const [latencies, durations] = await Promise.all([sampleHealth(health, downloads), downloads]);
      rounds.push({ health: latencies, downloads: durations });
      if (round === 0) bytes = (await (await fetch(pdfUrl)).arrayBuffer()).byteLength;
    }

    const baseline = p99(idle);
    console.log(
      `document: ${BODY_LENGTH.toLocaleString('en')} characters, PDF ${(bytes / 1024 / 1024).toFixed(1)} MiB; ${PARALLEL} parallel downloads per round, ${ROUNDS} rounds`,
    );
    console.log(`baseline: /health alone                         p99 ${baseline.toFixed(1)} ms (${idle.length} requests)`);
    rounds.forEach((round, index) => {
      console.log(
        `round ${index + 1}${index === 0 ? ' (first after publication)' : ''}`.padEnd(48) +
          ` p99 ${p99(round.health).toFixed(1)} ms (${round.health.length} requests)   ratio to baseline ${(p99(round.health) / baseline).toFixed(1)}   downloads took ${(median(round.downloads) / 1000).toFixed(2)} s (median), ${(Math.max(...round.downloads) / 1000).toFixed(2)} s (last)`,
      );
    });
    const all = rounds.flatMap((round) => round.health);
    console.log(`all rounds: /health p99 ${p99(all).toFixed(1)} ms, ratio to baseline ${(p99(all) / baseline).toFixed(1)}`);
  } finally {
    await app?.stop();
    await database.cleanUp();
  }
}
