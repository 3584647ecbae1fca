import { useApp } from '../support/context';
import { bookSpeakers, createEvent, createSession, createSpeaker, createUser, TestUser } from '../support/factories';

const at = (time: string, day = '2025-11-26') => `${day}T${time}:00+05:00`;

/** Double-booking a speaker is refused; rooms may be shared but clashes are listed; nothing races past the rule. */
describe('Agenda conflicts', () => {
  const ctx = useApp();
  let organiser: TestUser;
  let event: any;
  let minister: any;

  const session = (title: string, from: string, to: string, extra: Record<string, unknown> = {}) =>
    createSession(organiser.api, event.id, { title, startsAt: at(from), endsAt: at(to), ...extra });
  const bookingsOf = async (speakerId: string) =>
    (
      await ctx.db.query(
        'SELECT s.title FROM session_speaker b JOIN session s ON s.id = b.session_id WHERE b.speaker_id = $1 ORDER BY s.title',
        [speakerId],
      )
    ).rows.map((row) => row.title);

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createEvent(organiser.api, { timezone: 'Asia/Karachi', startDate: '2025-11-26', endDate: '2025-11-27' });
    minister = await createSpeaker(organiser.api, event.id, {
      honorific: 'Mr',
      fullName: 'Talal Chaudhry',
      position: 'State Minister',
      precedence: 1,
    });
  });

  it('refuses to book a speaker into a session that overlaps one they already speak in, naming that session', async () => {
    const opening = await session('Opening session', '09:30', '10:30');
    const panel = await session('Emerging trends', '10:00', '11:00');
    await bookSpeakers(organiser.api, opening.id, [{ speakerId: minister.id, role: 'keynote' }]);

    const refused = await organiser.api.put(`/sessions/${panel.id}/speakers`, {
      speakers: [{ speakerId: minister.id, role: 'panellist' }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SPEAKER_CONFLICT');
    expect(refused.body.message).toContain('"Opening session"');
    expect(refused.body.session).toEqual({
      id: opening.id,
      title: 'Opening session',
      startsAt: at('09:30'),
      endsAt: at('10:30'),
      room: null,
    });
    expect(refused.body.speaker).toEqual({ id: minister.id, fullName: 'Talal Chaudhry' });
    expect(await bookingsOf(minister.id)).toEqual(['Opening session']);
  });

  it('lets a speaker go straight from one session to the next: back to back is not a conflict', async () => {
    const next = await session('Right after the opening', '10:30', '11:00');
    const booked = await organiser.api.put(`/sessions/${next.id}/speakers`, { speakers: [{ speakerId: minister.id, role: 'speaker' }] });
    expect(booked.status).toBe(200);
    expect(booked.body.speakers.map((speaker: any) => speaker.fullName)).toEqual(['Talal Chaudhry']);
    const before = await session('Right before the opening', '09:00', '09:30');
    expect(
      (await organiser.api.put(`/sessions/${before.id}/speakers`, { speakers: [{ speakerId: minister.id, role: 'chair' }] })).status,
    ).toBe(200);
  });

  it('books a clash on purpose with allowConflicts, and lists it among the conflicts', async () => {
    const sideEvent = await session('Side event', '10:15', '10:45', { kind: 'side_event' });
    const allowed = await organiser.api.put(`/sessions/${sideEvent.id}/speakers`, {
      speakers: [{ speakerId: minister.id, role: 'speaker' }],
      allowConflicts: true,
    });
    expect(allowed.status).toBe(200);

    const conflicts = await organiser.api.get(`/events/${event.id}/conflicts`);
    expect(conflicts.status).toBe(200);
    const pairs: string[][] = conflicts.body.speakers.map((clash: any) => [
      clash.speaker.fullName,
      ...clash.sessions.map((item: any) => item.title),
    ]);
    expect(pairs).toEqual([
      ['Talal Chaudhry', 'Opening session', 'Side event'],
      ['Talal Chaudhry', 'Side event', 'Right after the opening'],
    ]);
    // The clash, once accepted, does not block other changes to the session.
    const renamed = await organiser.api.patch(`/sessions/${sideEvent.id}`, { title: 'Side event on document fraud' });
    expect([renamed.status, renamed.body.title]).toEqual([200, 'Side event on document fraud']);
  });

  it('refuses to move a session so that a booked speaker would be in two places, unless allowed', async () => {
    const dinner = await session('Working dinner', '19:00', '21:00');
    const envoy = await createSpeaker(organiser.api, event.id, { fullName: 'Special Envoy' });
    const lunch = await session('Working lunch', '12:30', '13:30');
    await bookSpeakers(organiser.api, dinner.id, [{ speakerId: envoy.id, role: 'speaker' }]);
    await bookSpeakers(organiser.api, lunch.id, [{ speakerId: envoy.id, role: 'speaker' }]);

    const moved = await organiser.api.patch(`/sessions/${dinner.id}`, { startsAt: at('13:00'), endsAt: at('14:00') });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('SPEAKER_CONFLICT');
    expect(moved.body.session.title).toBe('Working lunch');
    const { rows } = await ctx.db.query('SELECT starts_at FROM session WHERE id = $1', [dinner.id]);
    expect(rows[0].starts_at.toISOString()).toBe('2025-11-26T14:00:00.000Z'); // unchanged: 19:00 in Karachi

    const forced = await organiser.api.patch(`/sessions/${dinner.id}`, {
      startsAt: at('13:00'),
      endsAt: at('14:00'),
      allowConflicts: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.startsAt).toBe(at('13:00'));
  });

  it('allows two sessions in one room at once, and lists every such room clash', async () => {
    const day2 = (time: string) => at(time, '2025-11-27');
    const a = await createSession(organiser.api, event.id, {
      title: 'Workshop A',
      startsAt: day2('09:00'),
      endsAt: day2('10:00'),
      room: 'Room 1',
    });
    const b = await createSession(organiser.api, event.id, {
      title: 'Workshop B',
      startsAt: day2('09:30'),
      endsAt: day2('10:30'),
      room: 'room 1 ',
    });
    await createSession(organiser.api, event.id, { title: 'Workshop C', startsAt: day2('10:30'), endsAt: day2('11:00'), room: 'Room 1' }); // after B: no clash
    await createSession(organiser.api, event.id, { title: 'Workshop D', startsAt: day2('09:00'), endsAt: day2('10:00'), room: 'Room 2' });

    const conflicts = await organiser.api.get(`/events/${event.id}/conflicts`);
    expect(conflicts.body.rooms).toEqual([
      {
        room: 'Room 1',
        sessions: [
          expect.objectContaining({ id: a.id, title: 'Workshop A' }),
          expect.objectContaining({ id: b.id, title: 'Workshop B', room: 'room 1' }),
        ],
      },
    ]);
  });

  it('refuses unknown, foreign and repeated speakers with 400 naming the entry', async () => {
    const panel = await session('Validation panel', '16:00', '17:00');
    const other = await createEvent(organiser.api);
    const foreign = await createSpeaker(organiser.api, other.id, { fullName: 'Speaker at another event' });
    const cases: [unknown[], string][] = [
      [[{ speakerId: '00000000-0000-4000-8000-000000000000', role: 'speaker' }], 'speakers.0.speakerId'],
      [
        [
          { speakerId: minister.id, role: 'chair' },
          { speakerId: foreign.id, role: 'speaker' },
        ],
        'speakers.1.speakerId',
      ],
      [
        [
          { speakerId: minister.id, role: 'chair' },
          { speakerId: minister.id, role: 'speaker' },
        ],
        'speakers.1.speakerId',
      ],
      [[{ speakerId: minister.id, role: 'emperor' }], 'speakers.0.role'],
      [[{ speakerId: 'not-a-uuid', role: 'speaker' }], 'speakers.0.speakerId'],
    ];
    for (const [speakers, field] of cases) {
      const response = await organiser.api.put(`/sessions/${panel.id}/speakers`, { speakers });
      expect([response.status, response.body.details?.[0]?.field]).toEqual([400, field]);
    }
    expect(await bookingsOf(foreign.id)).toEqual([]);
  });

  it('books a speaker exactly once when two organisers book them into overlapping sessions at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const speaker = await createSpeaker(organiser.api, event.id, { fullName: `Busy speaker ${round}` });
      const day2 = (time: string) => at(time, '2025-11-27');
      const first = await createSession(organiser.api, event.id, {
        title: `Parallel A${round}`,
        startsAt: day2('15:00'),
        endsAt: day2('16:00'),
      });
      const second = await createSession(organiser.api, event.id, {
        title: `Parallel B${round}`,
        startsAt: day2('15:30'),
        endsAt: day2('16:30'),
      });
      const responses = await Promise.all(
        [first, second].map((target) =>
          organiser.api.put(`/sessions/${target.id}/speakers`, { speakers: [{ speakerId: speaker.id, role: 'speaker' }] }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expect(responses.find((response) => response.status === 409)!.body.code).toBe('SPEAKER_CONFLICT');
      expect(await bookingsOf(speaker.id)).toHaveLength(1);
    }
  });

  it('keeps sessions inside the event: its dates cannot shrink past them, deleting a speaker frees their sessions', async () => {
    const shrink = await organiser.api.patch(`/events/${event.id}`, { endDate: '2025-11-26' });
    expect(shrink.status).toBe(409);
    expect(shrink.body.code).toBe('SESSIONS_OUTSIDE_DATES');
    expect(shrink.body.sessions.length).toBeGreaterThan(0);
    expect((await organiser.api.get(`/events/${event.id}`)).body.endDate).toBe('2025-11-27');

    expect((await organiser.api.delete(`/speakers/${minister.id}`)).status).toBe(204);
    expect(await bookingsOf(minister.id)).toEqual([]);
    const conflicts = await organiser.api.get(`/events/${event.id}/conflicts`);
    expect(conflicts.body.speakers.some((clash: any) => clash.speaker.id === minister.id)).toBe(false);
  });
});
