/** Registrations per calendar day, as the dashboard shows them; pure, so the unit tests and the console share it. */
import { formatCalendarDate } from '../common/dates';
import { type BarChart, renderBarChart } from './bar-chart';

export interface DayCount {
  /** YYYY-MM-DD, a calendar day in the event's time zone. */
  date: string;
  count: number;
}

/** The most days the dashboard's chart shows: the last ones, up to the last registration day. */
export const MAX_DAYS = 120;

const DAY_MS = 86_400_000;
const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Every day from the first counted day to the last, days without registrations as 0; at most the last
 * `maxDays` of them (ending with the last counted day). `counts` may come in any order; days absent from
 * it count 0. No counts, no days.
 */
export function fillDays(counts: readonly DayCount[], maxDays = MAX_DAYS): DayCount[] {
  if (counts.length === 0 || maxDays < 1) return [];
  const byDay = new Map(counts.map((row) => [row.date, row.count]));
  const times = counts.map((row) => toUtc(row.date));
  const last = Math.max(...times);
  const first = Math.max(Math.min(...times), last - (maxDays - 1) * DAY_MS);
  const days: DayCount[] = [];
  for (let time = first; time <= last; time += DAY_MS) {
    const date = fromUtc(time);
    days.push({ date, count: byDay.get(date) ?? 0 });
  }
  return days;
}

/** The per-day counts as a bar chart (short dates under the bars, long ones in the table and the tooltips). */
export function perDayChart(days: readonly DayCount[], id = 'registrations-per-day'): BarChart {
  return renderBarChart(
    days.map((day) => ({ label: formatCalendarDate(day.date, 'short'), longLabel: formatCalendarDate(day.date), value: day.count })),
    { title: 'Registrations per day', labelHeader: 'Day', valueHeader: 'Registrations', id },
  );
}
