import { formatTime } from './dates';

describe('formatTime', () => {
  it('gives the time of day of an instant in the event’s time zone, on 24 hours', () => {
    expect(formatTime(new Date('2025-11-26T04:05:00Z'), 'Asia/Karachi')).toBe('09:05');
    expect(formatTime('2025-11-26T23:30:00Z', 'Asia/Karachi')).toBe('04:30');
    expect(formatTime('2025-11-26T12:00:00Z', 'America/New_York')).toBe('07:00');
  });
});
