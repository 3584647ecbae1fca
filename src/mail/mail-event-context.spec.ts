import { formatDateRange } from '../common/dates';
import { toMailEventContext } from './mail-event-context';

describe('the event as mail templates see it', () => {
  it('writes date ranges as an institution would', () => {
    expect(formatDateRange('2025-11-26', '2025-11-27')).toBe('26–27 November 2025');
    expect(formatDateRange('2025-11-30', '2025-12-02')).toBe('30 November – 2 December 2025');
    expect(formatDateRange('2025-12-31', '2026-01-01')).toBe('31 December 2025 – 1 January 2026');
    expect(formatDateRange('2025-11-26', '2025-11-26')).toBe('26 November 2025');
  });

  it('builds links from PUBLIC_URL and names the country', () => {
    const context = toMailEventContext(
      {
        id: 'e1',
        slug: 'cosom-islamabad-2025',
        title: 'International Conference on Countering the Smuggling of Migrants',
        description: null,
        startDate: '2025-11-26',
        endDate: '2025-11-27',
        timezone: 'Asia/Karachi',
        venue: 'Jinnah Convention Centre',
        city: 'Islamabad',
        countryCode: 'PK',
        inviteOnly: true,
      },
      'https://plenary.example.org',
    );
    expect(context).toMatchObject({
      dates: '26–27 November 2025',
      country: 'Pakistan',
      location: 'Jinnah Convention Centre, Islamabad, Pakistan',
      url: 'https://plenary.example.org/events/cosom-islamabad-2025',
      registerUrl: 'https://plenary.example.org/events/cosom-islamabad-2025/register',
      inviteOnly: true,
    });
  });

  it('has no location rather than an empty one', () => {
    const context = toMailEventContext(
      {
        id: 'e2',
        slug: 's',
        title: 'T',
        description: null,
        startDate: '2025-01-01',
        endDate: '2025-01-01',
        timezone: 'UTC',
        venue: null,
        city: null,
        countryCode: null,
        inviteOnly: false,
      },
      'http://localhost:3000',
    );
    expect(context.location).toBeNull();
    expect(context.country).toBeNull();
  });
});
