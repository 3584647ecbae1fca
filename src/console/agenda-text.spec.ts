import { bookingErrors, dayHeading, sessionBody, sessionErrors, whenText } from './agenda-text';

describe('the agenda forms', () => {
  it('reads local times in the event’s zone and sends none for empty optional fields', () => {
    const values = {
      title: 'Opening session',
      kind: 'opening',
      startsAt: '2025-11-26T09:30',
      endsAt: '',
      room: '',
      track: 'Plenary',
      description: '',
    };
    expect(sessionBody(values, 'Asia/Karachi')).toEqual({
      title: 'Opening session',
      kind: 'opening',
      startsAt: '2025-11-26T09:30:00+05:00',
      endsAt: '',
      room: null,
      track: 'Plenary',
      description: null,
    });
  });

  it('words the DTO’s messages for people', () => {
    const values = { title: '', kind: '', startsAt: 'soon', endsAt: '', room: '', track: '', description: '' };
    const iso = 'must be an ISO 8601 date-time with an offset, e.g. 2025-11-26T09:30:00+05:00';
    expect(
      sessionErrors(
        [
          { field: 'startsAt', message: iso },
          { field: 'endsAt', message: iso },
          { field: 'title', message: 'must be longer than or equal to 1 characters' },
        ],
        values,
      ),
    ).toEqual([
      { field: 'startsAt', message: 'must be a date and a time' },
      { field: 'endsAt', message: 'Enter the date and time it ends' },
      { field: 'title', message: 'Enter a title' },
    ]);
    expect(sessionErrors([{ field: 'endsAt', message: 'must be after startsAt' }], values)[0].message).toBe('must be after the start');
  });

  it('names the errors of the booking form’s entry by the form’s fields', () => {
    expect(bookingErrors([{ field: 'speakers.1.order', message: 'must be an integer number' }], 1)).toEqual([
      { field: 'order', message: 'must be a whole number' },
    ]);
    expect(bookingErrors([{ field: 'speakers.2.speakerId', message: 'must be the id of a speaker of this event' }], 2)).toEqual([
      { field: 'speakerId', message: 'Choose a speaker' },
    ]);
  });

  it('writes days and times as the event’s people read them', () => {
    expect(dayHeading('2025-11-26')).toBe('Wednesday 26 November 2025');
    expect(whenText({ startsAt: '2025-11-27T14:30:00+05:00', endsAt: '2025-11-27T15:30:00+05:00' })).toBe('27 November 2025, 14:30–15:30');
    expect(whenText({ startsAt: '2025-11-26T23:00:00+05:00', endsAt: '2025-11-27T00:30:00+05:00' })).toBe(
      '26 November 2025, 23:00–27 November 2025, 00:30',
    );
  });
});
