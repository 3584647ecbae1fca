import { bookSpeakers, createEvent, createSession, createSpeaker, expectStatus } from './factories';
import { ApiClient } from './http';

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A large published event built through the API: `days` days in Asia/Karachi, `sessions` sessions spread
 * evenly over them (45 minutes each, back to back from 08:00, two rooms alternating), `speakers` speakers
 * with distinct precedence, each session booked with speakers/sessions of them.
 */
export async function seedLargeAgenda(
  organiser: ApiClient,
  size: { days: number; sessions: number; speakers: number },
): Promise<{ event: any; sessionIds: string[] }> {
  const startDate = '2025-11-26';
  const endDate = `2025-11-${26 + size.days - 1}`;
  const event = await createEvent(organiser, {
    title: 'Large conference (benchmark data)',
    startDate,
    endDate,
    timezone: 'Asia/Karachi',
    venue: 'Convention Centre',
    city: 'Islamabad',
    countryCode: 'PK',
  });
  const speakers = [];
  for (let index = 0; index < size.speakers; index++) {
    speakers.push(
      await createSpeaker(organiser, event.id, {
        honorific: index % 3 === 0 ? 'H.E.' : 'Dr',
        fullName: `Speaker ${index + 1}`,
        position: `Position ${index + 1}`,
        organisation: `Organisation ${index % 12}`,
        precedence: index,
      }),
    );
  }
  const perDay = Math.ceil(size.sessions / size.days);
  const perSession = Math.max(1, Math.floor(size.speakers / size.sessions));
  const sessionIds: string[] = [];
  for (let index = 0; index < size.sessions; index++) {
    const day = 26 + Math.floor(index / perDay);
    const minutes = 8 * 60 + (index % perDay) * 45;
    const at = (offset: number) => `2025-11-${day}T${pad(Math.floor((minutes + offset) / 60))}:${pad((minutes + offset) % 60)}:00+05:00`;
    const session = await createSession(organiser, event.id, {
      title: `Session ${index + 1}`,
      kind: index % perDay === 0 ? 'opening' : 'panel',
      startsAt: at(0),
      endsAt: at(45),
      room: `Room ${index % 2}`,
      track: 'Main',
    });
    const booked = speakers.slice(index * perSession, (index + 1) * perSession);
    await bookSpeakers(
      organiser,
      session.id,
      booked.map((speaker, order) => ({ speakerId: speaker.id, role: order === 0 ? 'chair' : 'panellist', order })),
    );
    sessionIds.push(session.id);
  }
  expectStatus(await organiser.post(`/events/${event.id}/publish`), 200, 'publishing the event');
  return { event, sessionIds };
}
