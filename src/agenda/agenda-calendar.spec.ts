import { agendaCalendar } from './agenda-calendar';

const event = { slug: 'cosom-islamabad-2025', title: 'Conference, Islamabad; 2025', venue: 'Convention Centre', city: 'Islamabad' };
const opening = {
  id: '0f5e4a8e-5c5e-4c3a-9a55-3f1f2f9f7a10',
  title: 'Opening session: remarks, welcome; introductions',
  kind: 'opening' as const,
  startsAt: new Date('2025-11-26T04:30:00Z'),
  endsAt: new Date('2025-11-26T05:30:00Z'),
  room: 'Hall A, ground floor',
  description: 'First line\nSecond line; with a semicolon, and a comma\\ and a backslash',
  updatedAt: new Date('2025-11-01T10:00:00Z'),
  speakers: [
    {
      role: 'speaker' as const,
      honorific: 'Ambassador',
      fullName: 'Nabeel Munir',
      position: 'Acting Foreign Secretary',
      organisation: null,
    },
  ],
};

/** RFC 5545 content lines, with folded lines (CRLF + space) joined back. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('agenda as iCalendar', () => {
  it('has one VEVENT per session with a stable UID and UTC times', () => {
    const lines = unfold(agendaCalendar(event, [opening, { ...opening, id: 'second', speakers: [], description: null, room: null }]));
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain(`UID:${opening.id}@plenary`);
    expect(lines).toContain('DTSTART:20251126T043000Z');
    expect(lines).toContain('DTEND:20251126T053000Z');
    expect(lines).toContain('DTSTAMP:20251101T100000Z');
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    const lines = unfold(agendaCalendar(event, [opening]));
    expect(lines).toContain('SUMMARY:Opening session: remarks\\, welcome\\; introductions');
    expect(lines).toContain('LOCATION:Hall A\\, ground floor\\, Convention Centre\\, Islamabad');
    expect(lines).toContain(
      'DESCRIPTION:First line\\nSecond line\\; with a semicolon\\, and a comma\\\\ and a backslash\\nAmbassador Nabeel Munir\\, Acting Foreign Secretary (speaker)',
    );
  });

  it('folds lines longer than 75 octets and ends every line with CRLF', () => {
    const ics = agendaCalendar(event, [{ ...opening, description: 'x'.repeat(300) }]);
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it("gives each speaker's position and organisation, as the JSON agenda does", () => {
    const speakers = [
      { role: 'keynote' as const, honorific: 'Ms', fullName: 'Mio Sato', position: 'Head of Office', organisation: 'IOM Pakistan' },
      { role: 'speaker' as const, honorific: null, fullName: 'Oliver Stolpe', position: null, organisation: 'UNODC' },
    ];
    const lines = unfold(agendaCalendar(event, [{ ...opening, description: null, speakers }]));
    expect(lines).toContain('DESCRIPTION:Ms Mio Sato\\, Head of Office\\, IOM Pakistan (keynote)\\nOliver Stolpe\\, UNODC (speaker)');
  });
});
