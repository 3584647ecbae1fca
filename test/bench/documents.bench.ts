/**
 * Issue 18's documents, made as the server makes them. First the badge sheet's writer alone: A4 sheets of
 * 500, 1,000 and 2,000 badges with photos, next to pdfkit writing the same number of pages of plain text,
 * each in a process of its own (its peak RSS is its own). Then through the real server (documents-server.ts):
 * the badge sheet of 1,000 people with photos, the List of Participants of 500 and 2,000 people in 120
 * delegations, and the visa letters of 100 and 500 people as a ZIP (BENCH_LETTERS_MAX=2000 adds 2,000), each with its time, the server's
 * peak RSS and /health's p99 meanwhile, beside pdfkit's plain text of as many pages. The bench fails if a
 * document is wrong (documents-seed.ts checks each); no timing assertions.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { documentsThroughServer, loadAverage, p99, ServerMeasurement } from './documents-server';

export const description =
  'badge sheets (1,000 with photos), Lists of Participants (500, 2,000) and visa letter ZIPs (100, 500): time, peak RSS and /health p99, vs pdfkit plain text of as many pages';

interface Measurement {
  kind: string;
  count: number;
  pages: number;
  ms: number;
  bytes: number;
  rssBeforeKiB: number;
  peakRssKiB: number;
  liveKiB: number[];
}

function measure(kind: 'badges' | 'text', count: number, nodeOptions: string[] = []): Measurement {
  const output = execFileSync(process.execPath, [...nodeOptions, join(__dirname, 'badge-sheet-worker.js'), kind, String(count)], {
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

export async function run(): Promise<void> {
  if ((process.env.BENCH_DOCUMENTS ?? 'badges').split(',').includes('badges')) badgeSheetsAlone();
  console.log(`\nThrough the server (load average ${loadAverage()}):`);
  const { measurements, peakReset } = await documentsThroughServer();
  printServerTable(measurements, peakReset);
}

/** The badge sheet's writer alone, each sheet in a process of its own (badge-sheet-worker.ts). */
function badgeSheetsAlone(): void {
  const runs: [string, Measurement][] = [];
  for (const count of [1000, 500, 2000]) {
    runs.push([`${count.toLocaleString('en')} badges with photos`, measure('badges', count)]);
    runs.push([`pdfkit plain text, ${(count / 4).toLocaleString('en')} pages`, measure('text', count / 4)]);
  }
  // What stays live (heap and Buffers after a full collection, every 250 badges), and 2,000 badges with the
  // JavaScript heap capped at 64 MiB: the peak RSS above is mostly garbage V8 collects only when it must.
  runs.push(['500 badges, live memory', measure('badges', 500, ['--expose-gc'])]);
  runs.push(['2,000 badges, live memory', measure('badges', 2000, ['--expose-gc'])]);
  runs.push(['2,000 badges, heap capped at 64 MiB', measure('badges', 2000, ['--max-old-space-size=64'])]);
  for (const [name, m] of runs)
    console.log(
      `${name.padEnd(36)} ${String(m.pages).padStart(4)} pages  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${(m.bytes / 1024 / 1024).toFixed(1).padStart(6)} MiB PDF  peak RSS ${mib(m.peakRssKiB).padStart(8)} (${mib(m.rssBeforeKiB)} before writing)` +
        (m.liveKiB.length > 0 ? `  live every 250 badges: ${m.liveKiB.map(mib).join(', ')}` : ''),
    );
  const badges = runs.filter(([name, m]) => m.kind === 'badges' && !/live|capped/.test(name)).map(([, m]) => m);
  const text = runs.filter(([, m]) => m.kind === 'text').map(([, m]) => m);
  const ofCount = (list: Measurement[], pages: number) => list.find((m) => m.pages === pages)!;
  console.log(
    `badges 1,000: ${(ofCount(badges, 250).ms / ofCount(text, 250).ms).toFixed(1)} × the time of plain text; peak RSS 2,000 vs 500 badges: ${mib(ofCount(badges, 500).peakRssKiB)} vs ${mib(ofCount(badges, 125).peakRssKiB)}`,
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (value: number) => `${value.toFixed(1)}×`;

function printServerTable(rows: ServerMeasurement[], peakReset: boolean): void {
  const table = [
    [
      'document',
      'people',
      'pages',
      'size',
      'time',
      'text time',
      'ratio',
      'server RSS idle',
      'peak RSS',
      'text peak RSS',
      'ratio',
      'RSS at ¼ ½ ¾ end',
      '/health p99 idle',
      'meanwhile',
      'ratio',
    ],
    ...rows.map((row) => [
      row.document,
      row.count.toLocaleString('en'),
      String(row.pages),
      `${(row.bytes / 1024 / 1024).toFixed(1)} MiB`,
      seconds(row.ms),
      seconds(row.baseline.ms),
      ratio(row.ms / row.baseline.ms),
      mib(row.rssBeforeKiB),
      `${mib(row.peakRssKiB)} (+${mib(row.peakRssKiB - row.rssBeforeKiB)})`,
      `${mib(row.baseline.peakRssKiB)} (+${mib(row.baseline.peakRssKiB - row.baseline.rssBeforeKiB)})`,
      ratio(row.peakRssKiB / row.baseline.peakRssKiB),
      row.rssQuartersKiB.map((kib) => (kib / 1024).toFixed(0)).join(' '),
      `${p99(row.healthIdle).toFixed(1)} ms (${row.healthIdle.length})`,
      `${p99(row.healthDuring).toFixed(1)} ms (${row.healthDuring.length})`,
      ratio(p99(row.healthDuring) / p99(row.healthIdle)),
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  for (const line of table)
    console.log(line.map((cell, column) => (column < 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  console.log(
    `peak RSS: the server's VmHWM ${peakReset ? 'over the document alone (reset just before it)' : '(could not be reset: the highest VmRSS sampled every 20 ms)'}, ` +
      `in brackets its rise over the idle server (RSS at ¼ ½ ¾ end: MiB sampled at each quarter of the document's time); pdfkit's plain text of as many pages in a process of its own (its rise over the process before writing). ` +
      `/health: one client, one request after another (requests answered in brackets).`,
  );
  for (const document of [...new Set(rows.map((row) => row.document))]) {
    const runs = rows.filter((row) => row.document === document).sort((a, b) => a.count - b.count);
    if (runs.length < 2) continue;
    const [small, large] = [runs[0], runs[runs.length - 1]];
    console.log(
      `${document}: ${large.count.toLocaleString('en')} vs ${small.count.toLocaleString('en')} people (${(large.count / small.count).toFixed(0)}×): ` +
        `peak RSS ${mib(large.peakRssKiB)} vs ${mib(small.peakRssKiB)}, rise over idle ${mib(large.peakRssKiB - large.rssBeforeKiB)} vs ${mib(small.peakRssKiB - small.rssBeforeKiB)}; time ${seconds(large.ms)} vs ${seconds(small.ms)}`,
    );
  }
}
