import * as fixture from '../../test/fixtures/islamabad-2025';
import * as demo from './demo-data';

/**
 * Issue 15 (#15): the tests' Islamabad fixture is the demo's data, reshaped into API bodies; it differs only
 * by what it names in TEST_ONLY.
 */
describe('The Islamabad test fixture and the demo data', () => {
  it('has the demo’s organisations, series name and local-time rule', () => {
    expect(fixture.organisations).toBe(demo.organisations);
    expect(fixture.seriesName).toBe(demo.SERIES_NAME);
    expect(fixture.karachi).toBe(demo.karachi);
    expect(demo.karachi('2025-11-26', '09:30')).toBe('2025-11-26T09:30:00+05:00');
  });

  it('has the demo conference’s event fields and partners, and nothing else', () => {
    const { partners, ...fields } = fixture.conference;
    expect(partners).toBe(demo.conference.partners);
    expect(Object.keys(fields)).toEqual(['slug', 'title', 'startDate', 'endDate', 'timezone', 'city', 'countryCode', 'capacity']);
    for (const [name, value] of Object.entries(fields))
      expect([name, value]).toEqual([name, demo.conference[name as keyof demo.DemoEvent]]);
  });

  it('has the demo conference’s speakers, each naming its organisation as the speaker API takes it', () => {
    expect(Object.keys(fixture.speakers)).toEqual(demo.conference.speakers.map((speaker) => speaker.key));
    for (const speaker of demo.conference.speakers)
      expect(fixture.speakers[speaker.key]).toEqual({
        honorific: speaker.honorific,
        fullName: speaker.fullName,
        position: speaker.position,
        organisation: speaker.org ? demo.organisations[speaker.org].name : undefined,
        precedence: speaker.precedence,
      });
  });

  it('has the demo conference’s sessions, the opening speakers booked out of protocol order (so sorting them is tested)', () => {
    expect(fixture.sessions).toBe(demo.conference.sessions);
    const opening = fixture.sessions.find((session) => session.kind === 'opening')!;
    const ranks = opening.speakers!.map((booking) => fixture.speakers[booking.key].precedence);
    expect(ranks).not.toEqual([...ranks].sort((a, b) => a - b));
  });

  it('has the demo’s outcome statement: its kind and its commitments', () => {
    expect(fixture.outcomeStatement.kind).toBe(demo.outcomeStatement.kind);
    expect(fixture.outcomeStatement.commitments).toEqual(
      demo.outcomeStatement.commitments.map(({ theme, text, status }) => ({ theme, text, status })),
    );
  });

  it('adds only what TEST_ONLY names: the 2024 workshop, which the demo does not seed, and the record’s follow-up sentence', () => {
    expect(Object.keys(fixture.TEST_ONLY)).toEqual(['workshop2024', 'followsUp']);
    expect(fixture.workshop2024).toBe(fixture.TEST_ONLY.workshop2024);
    expect([demo.conference.slug, demo.launch.slug]).not.toContain(fixture.workshop2024.slug);
    expect(fixture.workshop2024.title).toMatch(/^Regional Cooperation Workshop/);
    expect(fixture.outcomeStatement.followsUp).toBe(fixture.TEST_ONLY.followsUp);
    expect(demo.outcomeStatement.body).not.toContain(fixture.TEST_ONLY.followsUp);
    expect(demo.outcomeStatement.body).toContain('progress since the 2024 Regional Cooperation Workshop');
  });
});
