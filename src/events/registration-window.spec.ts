import { registrationClosesAt } from './registration-window';

describe('registrationClosesAt', () => {
  it('is midnight after the last day in the event’s time zone when no window is set', () => {
    expect(registrationClosesAt({ registrationClosesAt: null, endDate: '2025-11-27', timezone: 'Asia/Karachi' }).toISOString()).toBe(
      '2025-11-27T19:00:00.000Z',
    );
    expect(registrationClosesAt({ registrationClosesAt: null, endDate: '2026-03-28', timezone: 'Europe/Vienna' }).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    ); // before the clocks change
    expect(registrationClosesAt({ registrationClosesAt: null, endDate: '2026-06-30', timezone: 'Pacific/Kiritimati' }).toISOString()).toBe(
      '2026-06-30T10:00:00.000Z',
    );
  });

  it('is the explicit close time when one is set, even after the event', () => {
    const explicit = new Date('2026-01-15T12:00:00Z');
    expect(registrationClosesAt({ registrationClosesAt: explicit, endDate: '2025-11-27', timezone: 'Asia/Karachi' })).toBe(explicit);
  });
});
