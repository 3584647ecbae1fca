import { datesBetween, eventWindow, groupByDay, localDate, overlaps, toZonedIso } from './agenda-time';

const at = (iso: string) => new Date(iso);
const slot = (startsAt: string, endsAt: string, title = startsAt) => ({ title, startsAt: at(startsAt), endsAt: at(endsAt) });

describe('agenda time zones', () => {
  it('an event in Asia/Karachi (UTC+5) runs from 00:00 on its first day to 24:00 on its last, local time', () => {
    const window = eventWindow('2025-11-26', '2025-11-27', 'Asia/Karachi');
    expect(window.start.toISOString()).toBe('2025-11-25T19:00:00.000Z');
    expect(window.end.toISOString()).toBe('2025-11-27T19:00:00.000Z');
  });

  it('follows daylight saving time: a Brussels event across the October change has a 25-hour day', () => {
    const window = eventWindow('2025-10-25', '2025-10-26', 'Europe/Brussels');
    expect(window.start.toISOString()).toBe('2025-10-24T22:00:00.000Z'); // CEST, UTC+2
    expect(window.end.toISOString()).toBe('2025-10-26T23:00:00.000Z'); // CET, UTC+1
    expect((window.end.getTime() - window.start.getTime()) / 3_600_000).toBe(49);
  });

  it('dates and offsets are those of the event’s zone, not the server’s', () => {
    expect(localDate(at('2025-11-26T20:30:00Z'), 'Asia/Karachi')).toBe('2025-11-27');
    expect(localDate(at('2025-11-26T20:30:00Z'), 'America/New_York')).toBe('2025-11-26');
    expect(toZonedIso(at('2025-11-26T04:30:00Z'), 'Asia/Karachi')).toBe('2025-11-26T09:30:00+05:00');
  });

  it('lists every date of the event, across a month end', () => {
    expect(datesBetween('2025-11-29', '2025-12-02')).toEqual(['2025-11-29', '2025-11-30', '2025-12-01', '2025-12-02']);
    expect(datesBetween('2025-11-26', '2025-11-26')).toEqual(['2025-11-26']);
  });

  it('groups sessions by their local day, each day in time order, empty days included', () => {
    const sessions = [
      slot('2025-11-27T09:30:00Z', '2025-11-27T10:00:00Z', 'day 2 afternoon'), // 14:30 in Karachi
      slot('2025-11-26T19:30:00Z', '2025-11-26T20:00:00Z', 'day 2 00:30'), // after midnight in Karachi, still the 26th in UTC
      slot('2025-11-26T04:30:00Z', '2025-11-26T05:30:00Z', 'opening'),
      slot('2025-11-26T04:30:00Z', '2025-11-26T05:00:00Z', 'short parallel session'),
    ];
    const days = groupByDay(sessions, { startDate: '2025-11-26', endDate: '2025-11-28', timezone: 'Asia/Karachi' });
    expect(days.map((day) => [day.date, day.items.map((item) => item.title)])).toEqual([
      ['2025-11-26', ['short parallel session', 'opening']],
      ['2025-11-27', ['day 2 00:30', 'day 2 afternoon']],
      ['2025-11-28', []],
    ]);
  });

  it('sessions overlap only if they share time: back to back (end == start) is not an overlap', () => {
    const opening = slot('2025-11-26T04:30:00Z', '2025-11-26T05:30:00Z');
    expect(overlaps(opening, slot('2025-11-26T05:30:00Z', '2025-11-26T06:00:00Z'))).toBe(false);
    expect(overlaps(opening, slot('2025-11-26T05:29:00Z', '2025-11-26T06:00:00Z'))).toBe(true);
    expect(overlaps(opening, slot('2025-11-26T04:45:00Z', '2025-11-26T05:00:00Z'))).toBe(true);
    expect(overlaps(opening, slot('2025-11-26T03:00:00Z', '2025-11-26T04:30:00Z'))).toBe(false);
  });
});
